"""What the store returns: frozen dataclasses, each with ``to_dict()`` for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Generic, Literal, TypeVar

from ..records import Article

T = TypeVar("T")
Order = Literal["date", "relevance"]
KINDS = ("direct", "mixed", "indirect")


@dataclass(frozen=True)
class StatementFilters:
    """What to search for; every field is optional and they combine with AND.

    ``query``: full-text query (see ``saywho.store.search``); ``speaker``: part of a speaker's
    name, matched after the same normalisation as speaker identity (case, accents, titles);
    ``speaker_id``: one speaker entity; ``kind``: direct | mixed | indirect; ``cue``: a cue
    word or its lemma ("said" or "say"); ``since``/``until``: inclusive dates (YYYY, YYYY-MM or
    YYYY-MM-DD) on the day the statement was made; ``site``: outlet host, e.g. bbc.co.uk;
    ``medium``: part of the channel, e.g. "telegram"; ``article_id``: one article;
    ``min_confidence``: only statements whose speaker confidence is at least this (0-1).
    """

    query: str | None = None
    speaker: str | None = None
    speaker_id: int | None = None
    kind: str | None = None
    cue: str | None = None
    since: str | None = None
    until: str | None = None
    site: str | None = None
    medium: str | None = None
    article_id: int | None = None
    min_confidence: float | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results; ``total`` counts every match, not just this page."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "items": [item.to_dict() for item in self.items]}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Statement:
    """One attribution as a search result, with its speaker entity and article metadata.

    ``speaker`` is the shared entity's display name; ``speaker_name`` the name as the article
    gave it. ``said_on`` is the date of the time phrase, else the publication date.
    """

    id: int
    article_id: int
    seq: int
    kind: str
    text: str
    start: int
    end: int
    speaker_id: int | None
    speaker: str | None
    speaker_name: str | None
    speaker_type: str | None
    role: str | None
    resolved_by: str | None
    cue: str | None
    cue_lemma: str | None
    addressee: str | None
    medium: str | None
    time_text: str | None
    said_on: str | None
    framing: str | None
    framing_label: str | None
    confidence: float
    title: str | None
    published: str | None
    site: str | None
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))


@dataclass(frozen=True)
class Tally:
    """A value and how many statements have it (a month, a role, an outlet...)."""

    label: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count}


@dataclass(frozen=True)
class SpeakerSummary:
    id: int
    name: str
    type: str
    statements: int
    articles: int
    first_said: str | None
    last_said: str | None
    unlinked: bool = False  # a partial name or acronym not tied to one full name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SpeakerRef:
    """Another speaker, as a speaker page links to it."""

    id: int
    name: str
    type: str
    statements: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SpeakerProfile:
    """One speaker: statements per month (YYYY-MM, oldest first) and what they are known by.

    ``names`` are the name variants articles used; ``mediums`` the channels ("on Telegram"),
    ``addressees`` who they spoke to ("told state TV"), ``outlets`` the sites quoting them.
    Tallies other than ``by_month`` are most frequent first. ``unlinked``: a partial name
    or acronym no full name could be tied to; ``namesakes``: speakers that may be the same
    but were not linked (for a user to merge when they are).
    """

    speaker: SpeakerSummary
    unlinked: bool
    namesakes: tuple[SpeakerRef, ...]
    by_month: tuple[Tally, ...]
    names: tuple[Tally, ...]
    roles: tuple[Tally, ...]
    mediums: tuple[Tally, ...]
    addressees: tuple[Tally, ...]
    outlets: tuple[Tally, ...]
    cues: tuple[Tally, ...]
    kinds: tuple[Tally, ...]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"speaker": self.speaker.to_dict(), "unlinked": self.unlinked,
                             "namesakes": [n.to_dict() for n in self.namesakes]}
        for f in fields(self)[3:]:
            d[f.name] = [t.to_dict() for t in getattr(self, f.name)]
        return d


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    key: str
    title: str | None
    published: str | None
    site: str | None
    url: str | None
    path: str | None
    language: str | None
    statements: int
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ArticleRecord:
    """One stored article as a ``saywho.article/1`` record, plus database ids.

    ``attribution_ids[i]`` and ``speaker_ids[i]`` belong to ``article.attributions[i]``;
    a speaker id is ``None`` when the attribution has no named speaker.
    """

    summary: ArticleSummary
    article: Article
    attribution_ids: tuple[int, ...]
    speaker_ids: tuple[int | None, ...]

    def to_dict(self) -> dict[str, Any]:
        record = self.article.to_dict()
        for attribution, aid, sid in zip(record["attributions"], self.attribution_ids,
                                         self.speaker_ids):
            attribution["id"] = aid
            attribution["speaker_id"] = sid
        return {**self.summary.to_dict(), "record": record}
