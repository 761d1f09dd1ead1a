"""JSON lines: one article per line with ``text`` or ``html``; a bad line does not stop the rest."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from ..records import Article, Source

# Fields saywho reads itself; every other field of a line is kept in ``Article.meta``.
KNOWN_FIELDS = ("text", "html", "url", "title", "published", "id", "language")
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")


def read_jsonl(stream: BinaryIO, source: Source, opts) -> Iterator[Any]:
    from . import BadInput, _gzip_message, too_big

    lineno = 0
    while True:
        try:
            raw = stream.readline(opts.max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield BadInput(replace(source, line=lineno + 1), f"cannot read: {_gzip_message(exc)}")
            return
        if not raw:
            return
        lineno += 1
        where = replace(source, line=lineno)
        if len(raw) > opts.max_bytes and not raw.endswith(b"\n"):
            yield BadInput(where, too_big(opts.max_bytes))
            _skip_line(stream)
            continue
        if not raw.strip():
            continue
        yield parse_line(raw, where, opts)


def _skip_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_line(raw: bytes, where: Source, opts) -> Any:
    """One JSONL line to an ``Article`` or a ``BadInput`` naming the line."""
    from . import BadInput
    from .boilerplate import detect
    from .html import html_article

    try:
        obj = json.loads(raw.decode(opts.encoding or "utf-8", errors="replace"))
    except ValueError as exc:
        return BadInput(where, f"not valid JSON ({exc.msg.removesuffix(' at')}, column {exc.colno}); "
                               "each line must be one JSON object")
    if not isinstance(obj, dict):
        return BadInput(where, f"a JSON {type(obj).__name__}, not an object with a text field")
    if b"\\u" in raw:  # "\ud800", "\u0000" escapes: not text any database or parser takes
        obj = _no_surrogates(obj)
    text, html = obj.get("text"), obj.get("html")
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    ident = obj.get("id")
    where = replace(where, url=url, id=None if ident is None else str(ident))
    meta = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS}
    published = iso_date(obj.get("published"))
    if obj.get("published") and not published:
        meta["published_raw"] = obj["published"]
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    language = obj.get("language") if isinstance(obj.get("language"), str) else None
    if isinstance(text, str) and text.strip():
        return Article(text=text, title=title, published=published, language=language,
                       source=where, boilerplate=detect(text), meta=meta)
    if isinstance(html, str) and html.strip():
        art = html_article(html, where, fallback_date=published, meta=meta)
        if isinstance(art, Article):
            art = replace(art, title=title or art.title, published=published or art.published,
                          language=language or art.language)
        return art
    if isinstance(text, str) or isinstance(html, str):
        return BadInput(where, "empty article")
    return BadInput(where, "no 'text' or 'html' field (a string) in this line")


_SURROGATE = re.compile("[\x00\ud800-\udfff]")


def _no_surrogates(value: Any) -> Any:
    """``value`` with each lone surrogate and NUL in its strings replaced by U+FFFD (one
    character for one, so offsets into the text hold)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    return value


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp string; None for anything else."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if m:
        return m.group(1)
    if not _YEAR.search(value):  # "yesterday" would be resolved against today: not a date
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()  # RFC 2822, common in feeds
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        parsed = dateparser.parse(value, settings={"STRICT_PARSING": True})
    except Exception:  # dateparser raises assorted errors on odd strings; a date is optional
        return None
    return parsed.date().isoformat() if parsed else None
