"""Turn sources (text, HTML, JSONL, WARC files, directories, globs, stdin) into ``Article``s.

``read`` is a generator: it streams, holds one document at a time, and yields a ``BadInput``
for anything it cannot read instead of raising, so a batch goes on past a bad item.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..errors import UsageError
from ..records import Article, Source
from .dedup import Deduper
from .text import NotText, decode, looks_like_html, text_article

__all__ = ["BadInput", "IngestStats", "read", "read_bytes", "DEFAULT_MAX_BYTES", "STDIN"]

log = logging.getLogger("saywho.ingest")

# Largest single document (a text or HTML file, a JSONL line, a WARC payload) read by default;
# archives and JSONL files themselves are streamed and may be any size.
DEFAULT_MAX_BYTES = 50_000_000
STDIN = "-"
STDIN_NAME = "<stdin>"
HEAD_BYTES = 65536
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")


@dataclass(frozen=True)
class BadInput:
    """An item that could not be read: the caller reports it and goes on."""

    source: Source
    message: str

    def __str__(self) -> str:
        return f"{self.source.where()}: {self.message}"


@dataclass
class IngestStats:
    """Counts for one ``read`` run; pass one in to see them, or read the log line at the end."""

    articles: int = 0
    bad: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (WARC records...)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    def summary(self) -> str:
        parts = [f"{self.articles} articles", f"{self.bad} unreadable",
                 f"{self.duplicates} duplicates"]
        parts += [f"{n} skipped ({why})" for why, n in sorted(self.skipped.items())]
        return ", ".join(parts)


@dataclass(frozen=True)
class Options:
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def read(sources: Iterable[str], *, duplicates: str = "skip", encoding: str | None = None,
         max_bytes: int = DEFAULT_MAX_BYTES,
         stats: IngestStats | None = None) -> Iterator[Article | BadInput]:
    """Yield an ``Article`` per article found in ``sources`` and a ``BadInput`` per failure.

    ``sources``: file paths, directories (read recursively), glob patterns, or "-" for stdin.
    ``duplicates``: "skip" drops an article whose URL or body text was already seen (counted
    in ``stats.duplicates``); "keep" yields it with ``meta["duplicate"] = True``.
    ``encoding`` forces a text encoding instead of detecting it. ``max_bytes`` bounds a single
    document; larger ones become a ``BadInput`` that says how to raise the limit.
    """
    if duplicates not in ("skip", "keep"):
        raise UsageError(f"duplicates must be 'skip' or 'keep', not {duplicates!r}")
    if isinstance(sources, str):
        sources = [sources]
    stats = stats if stats is not None else IngestStats()
    opts = Options(encoding=encoding, max_bytes=max_bytes)
    dedup = Deduper()
    for item in _items(sources, opts):
        if isinstance(item, BadInput):
            stats.bad += 1
            yield item
            continue
        if isinstance(item, tuple):  # (reason, count) of records skipped on purpose
            stats.skip(*item)
            continue
        if dedup.seen(item):
            stats.duplicates += 1
            if duplicates == "skip":
                continue
            item.meta["duplicate"] = True
        stats.articles += 1
        yield item
    log.info("ingest: %s", stats.summary())


def read_bytes(data: bytes, source: Source, *, encoding: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | BadInput]:
    """Read one in-memory document of any supported format (used for uploads, Spark and
    tests). A WARC is read as from a file: past a corrupt record, reading resumes."""
    opts = Options(encoding=encoding, max_bytes=max_bytes)
    head = data[:HEAD_BYTES]
    if head.startswith(b"WARC/") or (head[:2] == b"\x1f\x8b" and _is_warc(_gunzip_head(head))):
        from .warc import read_warc

        items: Iterator[Item] = read_warc(None, source, opts, path=None, data=data)
    else:
        items = _read_stream(io.BytesIO(data), source, opts, path=None)
    for item in items:
        if not isinstance(item, tuple):
            yield item


Item = Article | BadInput | tuple[str, int]


def _items(sources: Iterable[str], opts: Options) -> Iterator[Item]:
    for spec in sources:
        spec = os.fspath(spec)
        if spec == STDIN:
            yield from _read_stream(sys.stdin.buffer, Source(path=STDIN_NAME), opts, path=None)
            continue
        for path in _expand(spec):
            if isinstance(path, BadInput):
                yield path
                continue
            try:
                with open(path, "rb") as fh:
                    yield from _read_stream(fh, Source(path=path), opts, path=path)
            except OSError as exc:
                yield BadInput(Source(path=path), f"cannot read: {exc.strerror or exc}")


def _expand(spec: str) -> Iterator[str | BadInput]:
    """Paths for one source spec: a file, every file under a directory, or a glob's matches."""
    if os.path.isdir(spec):
        yield from _walk(spec)
    elif os.path.exists(spec):
        yield spec
    elif glob.has_magic(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield BadInput(Source(path=spec), "no file matches this pattern")
        for m in matches:
            yield from _walk(m) if os.path.isdir(m) else [m]
    else:
        yield BadInput(Source(path=spec), "no such file or directory")


def _walk(root: str) -> Iterator[str | BadInput]:
    """Files under ``root`` in a stable order, skipping hidden files and folders; a folder
    that cannot be listed is a ``BadInput``."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        yield from _unlistable(errors)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)
    yield from _unlistable(errors)


def _unlistable(errors: list[OSError]) -> Iterator[BadInput]:
    while errors:
        exc = errors.pop(0)
        yield BadInput(Source(path=exc.filename or "?"),
                       f"cannot read this folder: {exc.strerror or exc}; its files were not read")


class _Prefixed(io.RawIOBase):
    """A stream that replays ``head`` and then continues with ``rest`` (sniffing stdin)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._pos, self._rest, self._told = head, 0, rest, 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # WARC readers report record offsets from tell()
        return self._told

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) in ((0, 1), (self._told, 0)):
            return self._told
        raise io.UnsupportedOperation("this stream cannot seek")

    def readinto(self, buf) -> int:  # type: ignore[override]
        if self._pos < len(self._head):
            n = min(len(buf), len(self._head) - self._pos)
            buf[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            self._told += n
            return n
        data = self._rest.read(len(buf))
        buf[:len(data)] = data
        self._told += len(data)
        return len(data)


def _peek(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    head = b""
    while len(head) < HEAD_BYTES:  # pipes may return less than asked
        chunk = stream.read(HEAD_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=HEAD_BYTES)


def _is_warc(head: bytes) -> bool:
    """WARC/ at the start (or the start of it, in a gzip member cut short)."""
    return head.startswith(b"WARC/") or (0 < len(head) < 5 and b"WARC/".startswith(head))


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
    except zlib.error:
        return b""


def _read_stream(stream: BinaryIO, source: Source, opts: Options, *, path: str | None,
                 gunzipped: bool = False) -> Iterator[Item]:
    """Detect the format of ``stream`` by its content and read it."""
    try:
        head, stream = _peek(stream)
    except (OSError, EOFError, zlib.error) as exc:
        yield BadInput(source, f"cannot read: {_gzip_message(exc)}")
        return
    name = (source.path or "").lower()
    if head[:2] == b"\x1f\x8b" and not gunzipped:
        if _is_warc(_gunzip_head(head)):
            from .warc import read_warc

            yield from read_warc(stream, source, opts, path=path)
            return
        inner = gzip.GzipFile(fileobj=stream)
        yield from _read_stream(inner, source, opts, path=None, gunzipped=True)
        return
    if head.startswith(b"WARC/"):
        from .warc import read_warc

        yield from read_warc(stream, source, opts, path=path)
        return
    if _looks_like_jsonl(head, name):
        from .jsonl import read_jsonl

        yield from read_jsonl(stream, source, opts)
        return
    try:
        data = stream.read(opts.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield BadInput(source, f"cannot read: {_gzip_message(exc)}")
        return
    yield _one_document(data, source, opts)


def _gzip_message(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the gzip file is truncated (it ends before its last block); fetch it again"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile)):
        return f"the gzip data is corrupt ({exc})"
    return str(exc)


def _one_document(data: bytes, source: Source, opts: Options) -> Article | BadInput:
    if len(data) > opts.max_bytes:
        return BadInput(source, too_big(opts.max_bytes))
    if not data.strip():
        return BadInput(source, "empty article")
    if looks_like_html(data[:8192]):
        from .html import html_article

        return html_article(data, source, encoding=opts.encoding)
    try:
        text, used = decode(data, opts.encoding)
    except NotText as exc:
        return BadInput(source, str(exc))
    if not text.strip():
        return BadInput(source, "empty article")
    return text_article(text, source, encoding=used)


def too_big(max_bytes: int) -> str:
    return (f"larger than the limit of {max_bytes:,} bytes for one document; "
            "raise it with --max-bytes (read(max_bytes=...)) if this is really one article")


def _looks_like_jsonl(head: bytes, name: str) -> bool:
    """JSON lines: the first non-blank line is a JSON object (or starts one, in a .jsonl)."""
    import json

    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    if name.endswith(JSONL_SUFFIXES):
        return True
    first, newline, _ = stripped.partition(b"\n")
    if not newline and len(head) >= HEAD_BYTES:
        return False  # a first line longer than the head: judge by suffix only
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False
