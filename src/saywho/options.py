"""The one set of extraction options, shared by ``extract``, ``ingest``, ``spark``, the web
API and the Python functions, so that an option given once reaches every extraction path.

``add_arguments`` puts the same flags on every command; ``from_args`` reads them back.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Article

from .errors import UsageError


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract.

    ``model``: the spaCy pipeline (package name or path; ``None`` picks the default).
    ``beliefs``: also report thoughts and intentions ("he believes that"), not only speech.
    """

    model: str | None = None
    beliefs: bool = True


DEFAULT = ExtractOptions()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The extraction flags, the same on every command that extracts."""
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy pipeline to use, package or path (default: en_core_web_sm; "
                             "also SAYWHO_MODEL)")
    parser.add_argument("--no-beliefs", dest="beliefs", action="store_false",
                        help="report speech only, not thoughts and intentions ('he believes that')")


def from_args(args: argparse.Namespace) -> ExtractOptions:
    return ExtractOptions(model=getattr(args, "model", None),
                          beliefs=getattr(args, "beliefs", True))


_LANGUAGE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def language_code(tag: str | None) -> str | None:
    """The primary language of a tag, lower case: ``en-US``, ``en_GB``, ``EN`` -> ``en``;
    ``None`` for a missing or malformed tag (the text is then judged by its words)."""
    m = _LANGUAGE.match(tag or "")
    return m.group(1).lower() if m else None


@dataclass(frozen=True)
class ArticleDefaults:
    """What to assume about an article that does not say: its publication day (YYYY-MM-DD;
    it also dates "on Sunday"), its outlet (``site``, e.g. bbc.co.uk) and its title. What the
    article itself carries (an HTML date, a dateline, a headline line) wins."""

    published: str | None = None
    site: str | None = None
    title: str | None = None

    def apply(self, article: "Article") -> "Article":
        changes: dict = {}
        if self.published and not article.published:
            changes["published"] = self.published
        if self.title and not article.title:
            changes["title"] = self.title
        if self.site and not any(article.meta.get(k) for k in ("site", "sitename")):
            changes["meta"] = {**article.meta, "site": self.site}
        return replace(article, **changes) if changes else article


def add_article_arguments(parser: argparse.ArgumentParser) -> None:
    """``--published``, ``--site``, ``--title``: the same on every command that reads articles."""
    parser.add_argument("--published", metavar="YYYY-MM-DD",
                        help="publication date for articles that carry none (also dates "
                             "'on Sunday')")
    parser.add_argument("--site", metavar="HOST",
                        help="outlet for articles that name none, e.g. bbc.co.uk")
    parser.add_argument("--title", metavar="TEXT", help="title for articles that have none")


def defaults_from_args(args: argparse.Namespace) -> ArticleDefaults:
    """The ``ArticleDefaults`` of ``add_article_arguments`` flags; a bad date is a ``UsageError``."""
    site = (getattr(args, "site", None) or "").strip() or None
    return ArticleDefaults(published=check_date(getattr(args, "published", None)),
                           site=site, title=(getattr(args, "title", None) or "").strip() or None)


def check_date(value: str | None, flag: str = "--published") -> str | None:
    """A YYYY-MM-DD value of a command-line flag, or a ``UsageError`` saying how to write it."""
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from None


# A statement whose ``confidence`` is below this is shown as "speaker uncertain", and the
# "confident only" filters (``--min-confidence`` without a value, the web checkbox) keep
# those at or above it: the calibration target is that at least 95% of statements above 0.8
# have the right speaker on PolNeAR dev (BENCHMARKS.md).
UNCERTAIN_BELOW = 0.8
