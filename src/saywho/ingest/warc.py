"""WARC and WARC.GZ archives (warcio): HTML responses with a 2xx status become articles.

Streams record by record. A corrupt record or a truncated gzip member becomes a ``BadInput``;
everything read before it is kept, and in a file on disk reading resumes at the next record.
"""

from __future__ import annotations

import io
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
# Bytes of the current record kept when reading a stream, to check at the end that the last
# record is whole (a larger last record is judged by what warcio saw).
TAIL_LIMIT = 64 << 20
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")


class _Corrupt(Exception):
    """Reading failed at ``offset``; ``last`` is where the last good record began."""

    def __init__(self, offset: int, last: int, message: str):
        super().__init__(message)
        self.offset, self.last, self.message = offset, last, message


def read_warc(stream: BinaryIO | None, source: Source, opts: Any, *, path: str | None,
              data: bytes | None = None) -> Iterator[Any]:
    """Yield articles, ``BadInput``s and (skip reason, 1) tuples for one archive: the file at
    ``path``, the bytes ``data`` (both seekable: reading resumes after a corrupt record), or
    else ``stream``."""
    from . import BadInput

    if path is None and data is None:  # stdin or a wrapped stream: no seeking, no resuming
        keeper = _TailKeeper(stream)
        try:
            yield from _records(keeper, 0, source, opts)
        except _Corrupt as exc:
            if keeper.ends_inside(exc.offset):
                yield BadInput(_at(source, exc.offset), TRUNCATED)
            else:
                yield BadInput(_at(source, exc.offset), exc.message + "; the rest of the input "
                               "was not read (read the archive from a file to resume past it)")
        return
    start, reported = 0, set()
    with (open(path, "rb") if path is not None else io.BytesIO(data or b"")) as fh:
        while True:
            fh.seek(start)
            try:
                yield from _records(fh, start, source, opts, seekable=True)
                return
            except _Corrupt as exc:
                # Look again right after the last record that parsed: a record whose length
                # field is wrong may have swallowed the start of the next one. Everything
                # yielded so far lies before that point, so nothing is yielded twice.
                nxt = _next_record_start(fh, exc.last + 1)
                if exc.offset not in reported:
                    reported.add(exc.offset)
                    if _record_end(fh, exc.offset) is None \
                            and _next_record_start(fh, exc.offset + 1) is None:
                        yield BadInput(_at(source, exc.offset), TRUNCATED)
                    else:
                        tail = ("; reading resumes at the next record" if nxt is not None
                                else "; no readable record follows it")
                        yield BadInput(_at(source, exc.offset), exc.message + tail)
                if nxt is None:
                    return
                start = nxt


def _at(source: Source, offset: int) -> Source:
    from dataclasses import replace

    return replace(source, offset=offset)


def _records(fh: BinaryIO, start: int, source: Source, opts: Any, *,
             seekable: bool = False) -> Iterator[Any]:
    """The items of the records from ``start`` on. Each record's item is held back until the
    next record is found: the last one is checked to be whole first, since an archive cut
    short ends in a record that warcio may read as complete, or not see at all."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from . import BadInput

    it = ArchiveIterator(fh)
    last = start  # offset of the last record that parsed in this pass
    records = iter(it)
    held: tuple[int, Any, bool] | None = None  # (offset, item, cut short) of the last record
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, AttributeError,
                TypeError, KeyError) as exc:
            # warcio has moved its offset to the start of the record it failed on (a record
            # cut inside its headers can fail as AttributeError: no WARC-Target-URI)
            if held is not None:
                yield held[1]
            raise _Corrupt(max(last, it.offset), last, _describe(exc)) from exc
        if held is not None:
            yield held[1]
        # Start of the current record (warcio's own counter, absolute: it starts at fh.tell());
        # get_record_offset() would consume the record before we read it.
        offset = last = it.offset
        if isinstance(fh, _TailKeeper):
            fh.keep_from(offset)
        try:
            item = _record_item(record, offset, source, opts)
            cut = _drain(record)
        except (zlib.error, EOFError, ValueError, OSError) as exc:
            raise _Corrupt(offset, offset, _describe(exc)) from exc
        held = (offset, item, cut)
    here = held[0] if held is not None else start
    if seekable:
        tail, base = fh, 0
    elif isinstance(fh, _TailKeeper) and fh.tail() is not None and fh.base <= here:
        tail, base = io.BytesIO(fh.tail()), fh.base  # type: ignore[arg-type]
    else:  # only what warcio saw can tell
        if held is not None:
            yield BadInput(_at(source, here), TRUNCATED) if held[2] else held[1]
        return
    end = _record_end(tail, here - base, _is_gzip(fh if seekable else fh.head))  # type: ignore[union-attr]
    if end is None:  # the last record runs past the end of the input
        yield BadInput(_at(source, here), TRUNCATED)
        return
    if held is not None:
        yield held[1]
    tail.seek(end)
    if tail.read(1 << 16).strip():  # the start of a record warcio did not see
        yield BadInput(_at(source, base + end), TRUNCATED)


class _TailKeeper(io.RawIOBase):
    """A stream that keeps the bytes read since the start of the current record (up to
    TAIL_LIMIT), so that the last record can be checked to be whole at the end."""

    def __init__(self, inner: BinaryIO):
        self.inner, self.pos, self.base = inner, 0, 0
        self.buf: bytearray | None = bytearray()
        self.head = b""

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.inner.read(len(b))
        n = len(data)
        b[:n] = data
        if len(self.head) < 2:
            self.head += data[:2 - len(self.head)]
        if self.buf is not None:
            self.buf += data
            if len(self.buf) > TAIL_LIMIT:
                self.buf = None
        self.pos += n
        return n

    def keep_from(self, offset: int) -> None:
        if self.buf is None:
            self.buf = bytearray()  # the rest of a record too big to keep: not checked
            self.base = self.pos
        elif offset > self.base:
            del self.buf[:offset - self.base]
            self.base = offset

    def tail(self) -> bytes | None:
        return bytes(self.buf) if self.buf is not None and self.base <= self.pos else None

    def ends_inside(self, offset: int) -> bool:
        """Whether the input ends inside the record that starts at ``offset``."""
        if self.inner.read(1):
            return False  # more follows: the record is damaged, not cut short
        tail = self.tail()
        if tail is None or not self.base <= offset <= self.pos:
            return True
        return _record_end(io.BytesIO(tail), offset - self.base, _is_gzip(self.head)) is None


TRUNCATED = "the archive is truncated inside this record; the part before it was read"


def _drain(record: Any) -> bool:
    """Read the rest of ``record``; whether it had fewer bytes than its Content-Length."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return getattr(stream, "limit", 0) > 0


def _is_gzip(fh: BinaryIO | bytes) -> bool:
    if isinstance(fh, bytes):
        return fh[:2] == b"\x1f\x8b"
    fh.seek(0)
    return fh.read(2) == b"\x1f\x8b"


def _record_end(fh: BinaryIO, start: int, gz: bool | None = None) -> int | None:
    """Where the record starting at ``start`` ends, or None when the input ends inside it (or
    inside its gzip member)."""
    gz = _is_gzip(fh) if gz is None else gz
    fh.seek(start)
    if gz:
        d, pos = zlib.decompressobj(16 + zlib.MAX_WBITS), start
        try:
            while not d.eof:
                chunk = fh.read(1 << 20)
                if not chunk:
                    return None
                pos += len(chunk)
                while d.decompress(chunk, 1 << 20) and not d.eof:  # bounded output
                    chunk = d.unconsumed_tail
        except zlib.error:
            return None
        return pos - len(d.unused_data)
    head = fh.read(1 << 16)
    m = _HEADER_END.search(head)
    length = _CONTENT_LENGTH.search(head[:m.start()]) if m else None
    if length is None:
        return None
    end = start + m.end() + int(length.group(1))
    fh.seek(end)
    trailer = fh.read(4)
    return end + len(trailer) if trailer.replace(b"\r", b"") == b"\n\n" else None


_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*\r?$")


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
        return BadInput(here, TRUNCATED)
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
