"""Recognise the same article seen twice: same URL, or same body text."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

from ..records import Article

_WORD = re.compile(r"\w+")


def body_text(article: Article) -> str:
    """The article's text without its boilerplate ranges."""
    text, out, pos = article.text, [], 0
    for b in sorted(article.boilerplate, key=lambda b: b.start):
        if b.start > pos:
            out.append(text[pos:b.start])
        pos = max(pos, b.end)
    out.append(text[pos:])
    return "".join(out)


def body_key(article: Article) -> bytes:
    """A 16-byte digest of the body's lower-cased words: spacing, punctuation, quote style
    and page furniture do not make two copies of an article differ."""
    words = " ".join(_WORD.findall(body_text(article).lower()))
    return hashlib.blake2b(words.encode("utf-8"), digest_size=16).digest()


def url_key(url: str) -> str:
    """Scheme and host lower-cased, fragment and trailing slash dropped."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


class Deduper:
    """Remembers digests only (a few dozen bytes per article), so it scales to large crawls."""

    def __init__(self) -> None:
        self._urls: set[str] = set()
        self._bodies: set[bytes] = set()

    def seen(self, article: Article) -> bool:
        """True when this article's URL or body was seen before; records it either way."""
        url = article.source.url
        ukey = url_key(url) if url else None
        bkey = body_key(article)
        dup = (ukey is not None and ukey in self._urls) or bkey in self._bodies
        if ukey is not None:
            self._urls.add(ukey)
        self._bodies.add(bkey)
        return dup
