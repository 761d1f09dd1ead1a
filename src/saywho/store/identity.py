"""Identity rules: the key of an article, the key of a speaker, the site of an article.

These rules decide what "the same article" and "the same speaker" mean across the whole
database, so they are deliberately simple and documented in docs/store.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

from ..records import Article

# Courtesy titles that never tell two people apart: "Mr Johnson" and "Johnson" are one speaker.
# Office titles ("President", "Minister") are kept out on purpose: they are roles, and the
# extractor already reports them in ``speaker.role`` rather than in the name.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend", "fr", "hon", "herr", "frau", "mme", "mlle", "sra", "srta",
})
# Leading articles dropped from organisation names: "the Treasury" and "Treasury" are one.
LEADING_ARTICLES = frozenset({"the"})
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP", "OTHER")

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019`\u02bc")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def article_key(article: Article) -> str:
    """A stable content key: SHA-256 of the source URL (or nothing) and the exact text.

    The same text from the same URL is the same article, whatever file or line it came from,
    and whether or not attributions have been extracted yet (so resume can check it first).
    """
    url = article.source.url or ""
    digest = hashlib.sha256()
    digest.update(url.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(article.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def strip_accents(value: str) -> str:
    if value.isascii():  # most names; decomposing them is the slow part of linking
        return value
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str | None) -> str:
    """Casefold, strip accents and apostrophes, drop courtesy titles and a leading "the".

    >>> normalise_name("Mr. José  O'Brien")
    'jose obrien'
    """
    if not name:
        return ""
    words = _WORD.findall(strip_accents(name).casefold().translate(_APOSTROPHES))
    while len(words) > 1 and (words[0] in HONORIFICS or words[0] in LEADING_ARTICLES):
        words.pop(0)
    return " ".join(words)


def display_name(name: str) -> str:
    """The name as written, minus the leading titles and "the" that identity ignores."""
    words = name.split()
    while len(words) > 1 and normalise_name(words[0] + " x") == "x":
        words.pop(0)
    return " ".join(words)


def speaker_type(value: str | None) -> str:
    return value if value in SPEAKER_TYPES else "OTHER"


def speaker_key(name: str | None, type_: str | None) -> str | None:
    """The name key a speaker is found by (normalised, alias groups applied, type left out),
    or ``None`` when the name names nobody; see ``store/linking.py``."""
    from .linking import name_form  # linking builds on this module

    form = name_form(name, speaker_type(type_))
    return form.key if form else None


def normalise_site(value: str | None) -> str | None:
    """Lower-case host without a leading ``www.``; accepts a bare host or a URL."""
    if not value:
        return None
    value = value.strip().lower()
    host = urlsplit(value).hostname if "://" in value else value.split("/")[0]
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def site_of(article: Article) -> str | None:
    """The outlet: ``meta["site"]`` (or ``sitename``) when ingest found one, else the URL host."""
    meta = article.meta or {}
    for name in ("site", "sitename", "hostname"):
        value = meta.get(name)
        if isinstance(value, str) and value.strip():
            return normalise_site(value)
    return normalise_site(article.source.url)


def iso_day(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp; ``None`` for anything else."""
    if value and _ISO_DAY.match(value):
        return value[:10]
    return None
