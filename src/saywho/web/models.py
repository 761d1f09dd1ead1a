"""Pydantic models of the JSON API: they document it in OpenAPI and check what it returns.

They mirror ``saywho.store.rows`` and the ``saywho.article/1`` record field by field; the
tests compare API answers with the store's own ``to_dict()`` so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["direct", "mixed", "indirect"]


class ErrorOut(BaseModel):
    detail: str = Field(description="what was wrong and what to do about it")


class StatementOut(BaseModel):
    """One statement (attribution) with its speaker entity and article metadata."""

    id: int
    article_id: int
    seq: int = Field(description="index of the attribution within its article")
    kind: Kind
    text: str = Field(description="what was said (the content span)")
    start: int
    end: int
    speaker_id: int | None
    speaker: str | None = Field(description="the shared speaker entity's display name")
    speaker_name: str | None = Field(description="the name as the article gave it")
    speaker_type: str | None
    role: str | None
    resolved_by: str | None
    cue: str | None
    cue_lemma: str | None
    addressee: str | None
    medium: str | None
    time_text: str | None
    said_on: str | None = Field(description="day of the time phrase, else the publication day")
    framing: str | None
    framing_label: str | None
    confidence: float
    title: str | None
    published: str | None
    site: str | None
    url: str | None


class PageOut(BaseModel):
    total: int = Field(description="number of matches in all pages")
    limit: int
    offset: int


class StatementPage(PageOut):
    items: list[StatementOut]


class SpeakerOut(BaseModel):
    id: int
    name: str
    type: str
    statements: int
    articles: int
    first_said: str | None
    last_said: str | None
    unlinked: bool = Field(False, description="a partial name or acronym no full name was "
                                              "tied to (filter with unlinked=true to review)")


class SpeakerPage(PageOut):
    items: list[SpeakerOut]


class TallyOut(BaseModel):
    label: str
    count: int


class LinkedSpeakerOut(BaseModel):
    id: int
    name: str
    type: str
    statements: int


class SpeakerProfileOut(BaseModel):
    """A speaker with tallies; ``by_month`` is oldest first, the others most frequent first."""

    speaker: SpeakerOut
    unlinked: bool = Field(description="a partial name or acronym no full name was tied to")
    namesakes: list[LinkedSpeakerOut] = Field(description="speakers that may be the same one "
                                                        "but were not linked")
    by_month: list[TallyOut] = Field(description="statements per month, YYYY-MM")
    names: list[TallyOut] = Field(description="name variants used by articles")
    roles: list[TallyOut]
    mediums: list[TallyOut] = Field(description='channels, e.g. "Telegram"')
    addressees: list[TallyOut] = Field(description='who they spoke to, e.g. "state TV"')
    outlets: list[TallyOut] = Field(description="sites that quote them")
    cues: list[TallyOut]
    kinds: list[TallyOut]


class ArticleSummaryOut(BaseModel):
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


class ArticlePage(PageOut):
    items: list[ArticleSummaryOut]


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class ContentOut(SpanOut):
    # Absent (not null) unless the quote was split, as in the saywho.article/1 record.
    parts: list[SpanOut] | None = Field(
        None, description="the quoted pieces of a quote split by its attribution",
        exclude_if=lambda value: value is None)


class CueOut(SpanOut):
    lemma: str


class SpeakerRefOut(BaseModel):
    mention: SpanOut | None
    name: str | None
    type: str | None
    role: str | None
    resolved_by: str | None
    entity: int | None = Field(None, description="id of the article entity the speaker refers to")


class TimeOut(BaseModel):
    text: str
    date: str | None


class FramingOut(BaseModel):
    text: str
    label: str


class AttributionOut(BaseModel):
    id: int = Field(description="statement id, as in /api/statements")
    speaker_id: int | None
    kind: Kind
    content: ContentOut
    speaker: SpeakerRefOut | None
    cue: CueOut | None
    addressee: SpanOut | None
    medium: SpanOut | None
    time: TimeOut | None
    framing: FramingOut | None
    confidence: float


class BoilerplateOut(BaseModel):
    start: int
    end: int
    label: str


class SourceOut(BaseModel):
    model_config = ConfigDict(extra="allow")  # line / offset / id when the source had them

    path: str | None
    url: str | None


class EntityOut(BaseModel):
    id: int
    name: str
    type: str
    mentions: list[SpanOut]


class RecordOut(BaseModel):
    """The article as a ``saywho.article/1`` record; offsets index ``text``."""

    schema_: str = Field(alias="schema", serialization_alias="schema")
    source: SourceOut
    title: str | None
    published: str | None
    language: str | None
    meta: dict[str, Any]
    text: str
    boilerplate: list[BoilerplateOut]
    attributions: list[AttributionOut]
    entities: list[EntityOut] = Field(default_factory=list,
                                      description="the article's entities its speakers refer to")


class ArticleOut(ArticleSummaryOut):
    record: RecordOut


class ArticleIn(BaseModel):
    """One article to extract and store: ``text`` (plain text) or ``html`` (a whole page)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="the article as plain text", min_length=1)
    html: str | None = Field(None, description="the article's HTML page", min_length=1)
    url: str | None = Field(None, max_length=2048)
    title: str | None = Field(None, max_length=1000)
    published: date | None = Field(None, description="publication day, YYYY-MM-DD")
    beliefs: bool | None = Field(None, description="also report thoughts and intentions ('he "
                                                   "believes that'); default: the server's "
                                                   "setting (saywho serve --no-beliefs)")

    @model_validator(mode="after")
    def _one_body(self) -> "ArticleIn":
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class ArticleCreated(BaseModel):
    id: int
    created: bool = Field(description="false when the same article was already stored")
    statements: int
    url: str = Field(description="where to read it: /api/articles/{id}")


class SpeakerEditIn(BaseModel):
    """A correction: ``into`` (merge: the target speaker id), ``name`` (split: the name whose
    statements become their own speaker; rename: the new name), ``type`` (set-type)."""

    into: int | None = None
    name: str | None = Field(None, max_length=500)
    type: str | None = Field(None, pattern="^(PERSON|ORG|GPE|NORP|OTHER)$")


class SpeakerEditOut(BaseModel):
    id: int = Field(description="the speaker the statements are now under")
    url: str


class SpeakerRuleOut(BaseModel):
    kind: str
    name: str
    target: str | None
    value: str | None
    created_at: str
