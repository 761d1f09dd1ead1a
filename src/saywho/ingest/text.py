"""Bytes to text: encoding detection, binary detection and plain-text articles."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..records import Article, Source

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of common non-text files, so the message can name what was given instead.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (also .docx/.epub)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"SQLite format 3", "an SQLite database"),
)

# Share of control characters (other than tab/newline/CR/form feed) above which decoded
# bytes are treated as binary rather than text.
BINARY_CONTROL_SHARE = 0.05

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class NotText(ValueError):
    """The bytes are not text in any encoding saywho recognises; the message says why."""


def binary_kind(head: bytes) -> str | None:
    """Name the kind of binary file ``head`` starts with, or None if it may be text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if not any(head.startswith(bom) for bom, _ in _BOMS) and b"\x00" in head[:8192]:
        return "binary data (it contains NUL bytes)"
    return None


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding used). Raises ``NotText`` for binary data.

    Order: an explicit ``encoding``; a byte-order mark; strict UTF-8; charset-normalizer's
    guess, except that a guess in a Latin-script single-byte code page becomes windows-1252,
    the web's default for Western text (short English texts are often misread as cp1250,
    which turns curly quotes right but accented letters wrong).
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError as exc:
            raise NotText(f"unknown encoding {encoding!r}; use a Python codec name such as "
                          "utf-8 or cp1252") from exc
        except UnicodeDecodeError as exc:
            raise NotText(f"cannot be decoded as {encoding} (byte {exc.start}); "
                          "try another --encoding or leave it out to detect it") from exc
    kind = binary_kind(data[:8192])
    if kind:
        raise NotText(f"this is {kind}, not an article")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(name, errors="replace"), name)
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _checked(*_guess(data))


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        try:  # charset-normalizer gives up on some short texts; cp1252 is the usual culprit
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise NotText("does not look like text in any known encoding; "
                          "give the encoding with --encoding if it is text") from exc
    name = best.encoding
    text = data.decode(name, errors="replace")
    if name != "cp1252" and _latin_script(text):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return text, name


def _latin_script(text: str) -> bool:
    """True when every non-ASCII letter in ``text`` is a Latin-script letter."""
    for ch in set(text):
        if ord(ch) > 127 and ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _checked(text: str, name: str) -> tuple[str, str]:
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > BINARY_CONTROL_SHARE:
        raise NotText("mostly non-text characters; this does not look like an article")
    return text, name


_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                         re.I | re.S)
_HTML_TAG = re.compile(rb"<(p|div|br|span|a\s+href|article|section|meta|script|h[1-6])\b[^>]*>",
                       re.I)
# Tags in the first 8 KB that make a file HTML even without <html>: a fragment of markup.
HTML_MIN_TAGS = 8


def looks_like_html(head: bytes) -> bool:
    """Judge by content: an HTML document start, or dense markup in the first 8 KB."""
    head = head[:8192].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith(b"<") and len(_HTML_TAG.findall(head)) >= HTML_MIN_TAGS


def text_article(text: str, source: Source, *, encoding: str | None = None) -> Article:
    """A plain-text article: ``text`` exactly as read, with its boilerplate ranges; a headline
    first line gives the title and a date line or dateline the date (``ingest.heading``)."""
    from ..records import Boilerplate
    from .boilerplate import detect
    from .heading import read_head

    meta = {"encoding": encoding} if encoding and encoding not in ("utf-8", "ascii") else {}
    head = read_head(text)
    furniture = detect(text) + tuple(Boilerplate(s, e, label) for s, e, label in head.ranges)
    return Article(text=text, title=head.title, published=head.published, source=source,
                   boilerplate=tuple(sorted(furniture, key=lambda b: (b.start, b.end))),
                   meta=meta)
