"""HTML pages to articles with trafilatura: body with paragraph breaks, and metadata."""

from __future__ import annotations

import re
from typing import Any

from ..records import Article, Source
from .text import NotText, decode

# trafilatura settings, chosen on article-extraction-benchmark (benchmarks/extraction_benchmark.py).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "favor_precision": True,
    "favor_recall": False,
}
# Ask htmldate for the date the article was first published, not when it was last updated, and
# only from the markup: its extensive text search turns a "Copyright 2024" footer into
# 2024-01-01 (on the benchmark pages it adds a date to 1 page in 80).
DATE_PARAMS = {"extensive_search": False, "original_date": True}

# Block elements of trafilatura's XML body; each becomes one paragraph of the article text.
_BLOCKS = {"p", "head", "quote", "list", "table", "code", "div"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_HTML_LANG = re.compile(rb"""<html[^>]*\blang\s*=\s*["']?([a-zA-Z]{2,3})""", re.I)
_WORDS = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


class NoArticle(ValueError):
    """The page holds no article text that trafilatura can find."""


# libxml2 stops building the tree 256 elements deep (a page of unclosed tags gets there fast)
# and drops the rest of the page without an error. trafilatura parses with this module-level
# parser; with huge_tree the limit is 2,048, and a page deeper still is reported, not cut.
_PARSER_OPTIONS = {"collect_ids": False, "default_doctype": False, "encoding": "utf-8",
                   "remove_comments": True, "remove_pis": True}
MAX_DEPTH = 2048
TOO_DEEP = (f"the page nests its markup more than {MAX_DEPTH:,} elements deep (unclosed tags?); "
            "it cannot be read whole, so it was left out")


def _deep_parser() -> Any:
    from lxml.html import HTMLParser

    return HTMLParser(huge_tree=True, **_PARSER_OPTIONS)


def _use_deep_parser() -> None:
    import trafilatura.utils

    if not getattr(trafilatura.utils, "_saywho_huge_tree", False):
        trafilatura.utils.HTML_PARSER = _deep_parser()
        trafilatura.utils._saywho_huge_tree = True  # type: ignore[attr-defined]


def _too_deep(html: str) -> bool:
    """Whether the page nests deeper than even the huge-tree parser builds."""
    if html.count("<") < MAX_DEPTH:
        return False
    from lxml.html import fromstring

    parser = _deep_parser()
    try:
        fromstring(html.encode("utf-8", "replace"), parser=parser)
    except Exception:  # noqa: BLE001 - unparseable pages are trafilatura's to report
        return False
    return any("depth" in e.message.lower() for e in parser.error_log)


def decode_html(data: bytes, *, encoding: str | None = None,
                declared: str | None = None) -> str:
    """Decode an HTML page: explicit encoding, then the HTTP charset, then <meta charset>,
    then the same detection as plain text."""
    for name in (encoding, declared, _meta_charset(data)):
        if name:
            try:
                return data.decode(_web_codec(name))
            except (LookupError, UnicodeDecodeError):
                continue
    return decode(data)[0]


def _web_codec(name: str) -> str:
    # WHATWG: pages labelled latin-1 / ascii are decoded as windows-1252.
    low = name.lower().strip()
    return "cp1252" if low in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii") else low


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def extract_html(html: str, *, url: str | None = None) -> dict[str, Any]:
    """Run trafilatura; return the body text (blank line between paragraphs) and metadata."""
    import trafilatura

    _use_deep_parser()
    if _too_deep(html):
        raise NoArticle(TOO_DEEP)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                      date_extraction_params=DATE_PARAMS, **EXTRACT_OPTIONS)
    if doc is None or doc.body is None:
        raise NoArticle("no article text found in HTML")
    text = body_text(doc.body, title=doc.title)
    if not text.strip():
        raise NoArticle("no article text found in HTML")
    return {
        "text": text,
        "title": doc.title or None,
        "author": doc.author or None,
        "date": doc.date or None,
        "url": doc.url or url,
        "site": doc.sitename or None,
        "hostname": doc.hostname or None,
        "language": doc.language or None,
        "description": doc.description or None,
        "categories": doc.categories or None,
        "tags": doc.tags or None,
    }


def body_text(body: Any, *, title: str | None = None) -> str:
    """Paragraphs of trafilatura's XML body, separated by blank lines; list items and table
    rows on their own lines. A leading heading that repeats the title is left out: the
    title is ``Article.title``."""
    paragraphs = []
    for el in body:
        para = _block_text(el)
        if para:
            paragraphs.append(para)
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)


def _same(a: str, b: str) -> bool:
    return _WORDS.findall(a.lower()) == _WORDS.findall(b.lower())


def _block_text(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "list":
        return "\n".join(t for t in (_inline_text(item) for item in el) if t)
    if tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [_inline_text(c) for c in row]
            rows.append(" | ".join(c for c in cells if c))
        return "\n".join(r for r in rows if r)
    return _inline_text(el)


def _inline_text(el: Any) -> str:
    """Text of an element with <lb/> as a line break and runs of spaces collapsed."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_language(data: bytes | str) -> str | None:
    head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
    m = _HTML_LANG.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def html_article(data: bytes | str, source: Source, *, encoding: str | None = None,
                 declared: str | None = None, fallback_date: str | None = None,
                 meta: dict[str, Any] | None = None):
    """An ``Article`` from one HTML page, or a ``BadInput`` saying why there is none."""
    from . import BadInput
    from .boilerplate import detect

    try:
        html = data if isinstance(data, str) else decode_html(data, encoding=encoding,
                                                               declared=declared)
        info = extract_html(html, url=source.url)
    except (NoArticle, NotText) as exc:
        return BadInput(source, str(exc))
    extra = {k: info[k] for k in ("author", "site", "hostname", "description", "categories",
                                  "tags") if info[k]}
    extra.update(meta or {})
    if source.url and info["url"] and info["url"] != source.url:
        extra.setdefault("canonical_url", info["url"])
    if not info["date"] and fallback_date:
        extra["date_from"] = "capture"
    text = info["text"]
    return Article(
        text=text,
        title=info["title"],
        published=info["date"] or fallback_date,
        language=info["language"] or html_language(html),
        source=source if source.url or not info["url"] else _with_url(source, info["url"]),
        boilerplate=detect(text),
        meta=extra,
    )


def _with_url(source: Source, url: str) -> Source:
    from dataclasses import replace

    return replace(source, url=url)
