"""WARC and WARC.GZ archives (warcio): HTML responses with a 2xx status become articles.

Streams record by record. A corrupt record or a truncated gzip member becomes a ``BadInput``;
everything read before it is kept, and in a file on disk reading resumes at the next record.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..records import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Skip reasons, counted in IngestStats.skipped.
SKIP_NOT_RESPONSE = "WARC record is not a response"
SKIP_NOT_HTML = "WARC response is not HTML"
SKIP_STATUS = "WARC response status is not 2xx"
# How far past a corrupt record to look for the next record start before giving up.
RESYNC_WINDOW = 64 << 20
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")


class _Corrupt(Exception):
    """Reading failed at ``offset``; ``last`` is where the last good record began."""

    def __init__(self, offset: int, last: int, message: str):
        super().__init__(message)
        self.offset, self.last, self.message = offset, last, message


def read_warc(stream: BinaryIO, source: Source, opts: Any, *, path: str | None) -> Iterator[Any]:
    """Yield articles, ``BadInput``s and (skip reason, 1) tuples for one archive."""
    from . import BadInput

    if path is None:  # stdin or a wrapped stream: no seeking, so no resuming either
        try:
            yield from _records(stream, 0, source, opts)
        except _Corrupt as exc:
            yield BadInput(_at(source, exc.offset), exc.message + "; the rest of the input "
                           "was not read (read the archive from a file to resume past it)")
        return
    start, reported = 0, set()
    with open(path, "rb") as fh:
        while True:
            fh.seek(start)
            try:
                yield from _records(fh, start, source, opts)
                return
            except _Corrupt as exc:
                # Look again right after the last record that parsed: a record whose length
                # field is wrong may have swallowed the start of the next one. Everything
                # yielded so far lies before that point, so nothing is yielded twice.
                nxt = _next_record_start(fh, exc.last + 1)
                if exc.offset not in reported:
                    reported.add(exc.offset)
                    tail = ("; reading resumes at the next record" if nxt is not None
                            else "; no readable record follows it")
                    yield BadInput(_at(source, exc.offset), exc.message + tail)
                if nxt is None:
                    return
                start = nxt


def _at(source: Source, offset: int) -> Source:
    from dataclasses import replace

    return replace(source, offset=offset)


def _records(fh: BinaryIO, start: int, source: Source, opts: Any) -> Iterator[Any]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    it = ArchiveIterator(fh)
    last = start  # offset of the last record that parsed in this pass
    records = iter(it)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError) as exc:
            # warcio has moved its offset to the start of the record it failed on
            raise _Corrupt(max(last, it.offset), last, _describe(exc)) from exc
        # Start of the current record (warcio's own counter, absolute: it starts at fh.tell());
        # get_record_offset() would consume the record before we read it.
        offset = last = it.offset
        try:
            item = _record_item(record, offset, source, opts)
        except (zlib.error, EOFError, ValueError, OSError) as exc:
            raise _Corrupt(offset, offset, _describe(exc)) from exc
        yield item


def _describe(exc: BaseException) -> str:
    if isinstance(exc, EOFError) or "truncated" in str(exc).lower():
        return "the archive is truncated here (an incomplete gzip member or record)"
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len("".join(_UNPRINTABLE.findall(msg))) > len(msg) // 5:
        return "corrupt WARC record (its header is unreadable: the data is damaged)"
    return f"corrupt WARC record ({_UNPRINTABLE.sub(' ', msg)[:120]})"


def _record_item(record: Any, offset: int, source: Source, opts: Any) -> Any:
    from dataclasses import replace

    from . import BadInput, too_big
    from .html import html_article

    if record.rec_type != "response" or record.http_headers is None:
        return (SKIP_NOT_RESPONSE, 1)
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return (SKIP_STATUS, 1)
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if ctype and ctype.split(";")[0].strip() not in HTML_TYPES:
        return (SKIP_NOT_HTML, 1)
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    captured = headers.get_header("WARC-Date")
    here = replace(source, url=url, offset=offset, id=headers.get_header("WARC-Record-ID"))
    payload = record.content_stream().read(opts.max_bytes + 1)
    if len(payload) > opts.max_bytes:
        return BadInput(here, too_big(opts.max_bytes))
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
        return BadInput(here, "the archive is truncated inside this record; "
                              "the part before it was read")
    if not ctype:  # no Content-Type: look at the payload itself
        from .text import looks_like_html

        if not looks_like_html(payload[:8192]):
            return (SKIP_NOT_HTML, 1)
    if not payload.strip():
        return BadInput(here, "empty article (the response has no body)")
    meta = {"captured": captured} if captured else {}
    return html_article(payload, here, encoding=opts.encoding, declared=_charset(ctype),
                        fallback_date=captured[:10] if captured else None, meta=meta)


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _next_record_start(fh: BinaryIO, pos: int) -> int | None:
    """Byte offset of the next plausible record start at or after ``pos``, or None."""
    fh.seek(0)
    gz = fh.read(2) == b"\x1f\x8b"
    marker = _GZIP_MEMBER if gz else _WARC_START
    fh.seek(pos)
    scanned, carry, base = 0, b"", pos
    while scanned < RESYNC_WINDOW:
        chunk = fh.read(1 << 20)
        if not chunk:
            return None
        buf = carry + chunk
        start = 0
        while True:
            i = buf.find(marker, start)
            if i < 0:
                break
            at = base - len(carry) + i
            if _plausible(fh, at, gz):
                return at
            start = i + 1
        scanned += len(chunk)
        carry = buf[-16:]
        base += len(chunk)
        fh.seek(base)
    return None


def _plausible(fh: BinaryIO, at: int, gz: bool) -> bool:
    here = fh.tell()
    try:
        fh.seek(at)
        if gz:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(4096), 64)
            return head.startswith(_WARC_START)
        if at > 0:
            fh.seek(at - 1)
            return fh.read(1) == b"\n"
        return True
    except zlib.error:
        return False
    finally:
        fh.seek(here)
