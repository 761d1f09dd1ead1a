"""The saywho database: SQLite by default, PostgreSQL when asked, one schema and one API.

Open with ``open_store(url)``; see ``Store`` for what it offers and docs/store.md for the data
model, the speaker identity rule, the search syntax, migrations and resume semantics.
"""

from __future__ import annotations

from .api import DEFAULT_URL, Store, open_store, resolve_url
from .corpus import SpeakerRule
from .identity import article_key, normalise_name, speaker_key
from .rows import (
    KINDS,
    ArticleRecord,
    ArticleSummary,
    Page,
    SpeakerProfile,
    SpeakerRef,
    SpeakerSummary,
    Statement,
    StatementFilters,
    Tally,
)
from .schema import LATEST_VERSION
from .search import Query, highlight_ranges, parse_query

__all__ = [
    "DEFAULT_URL",
    "KINDS",
    "LATEST_VERSION",
    "ArticleRecord",
    "ArticleSummary",
    "Page",
    "Query",
    "SpeakerProfile",
    "SpeakerRef",
    "SpeakerRule",
    "SpeakerSummary",
    "Statement",
    "StatementFilters",
    "Store",
    "Tally",
    "article_key",
    "highlight_ranges",
    "normalise_name",
    "open_store",
    "parse_query",
    "resolve_url",
    "speaker_key",
]
