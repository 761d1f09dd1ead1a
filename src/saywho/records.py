"""The output record, schema ``saywho.article/1``, as frozen dataclasses with JSON round-trip.

Offsets are Python string indices into ``Article.text``; every span's ``text`` equals
``article.text[start:end]``. A missing piece is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

SCHEMA = "saywho.article/1"

Kind = Literal["direct", "mixed", "indirect"]
SpeakerType = Literal["PERSON", "ORG", "GPE", "NORP", "OTHER"]
ResolvedBy = Literal["explicit", "pronoun", "alias", "description", "continuation"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Span | None":
        return None if d is None else cls(d["start"], d["end"], d["text"])


@dataclass(frozen=True)
class Content(Span):
    """What was said. ``parts`` lists the quoted pieces of a quote split by its attribution."""

    parts: tuple[Span, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Content":  # type: ignore[override]
        parts = tuple(Span(p["start"], p["end"], p["text"]) for p in d.get("parts") or ()) or None
        return cls(d["start"], d["end"], d["text"], parts)

    def ranges(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.parts] if self.parts else [(self.start, self.end)]


@dataclass(frozen=True)
class Cue(Span):
    lemma: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "lemma": self.lemma}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Cue | None":  # type: ignore[override]
        return None if d is None else cls(d["start"], d["end"], d["text"], d.get("lemma", ""))


@dataclass(frozen=True)
class Speaker:
    mention: Span | None
    name: str | None
    type: SpeakerType | None = None
    role: str | None = None
    resolved_by: ResolvedBy | None = None
    entity: int | None = None  # id of the article entity (``Article.entities``) it refers to

    def to_dict(self) -> dict[str, Any]:
        return {
            "mention": self.mention.to_dict() if self.mention else None,
            "name": self.name,
            "type": self.type,
            "role": self.role,
            "resolved_by": self.resolved_by,
            "entity": self.entity,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Speaker | None":
        if d is None:
            return None
        return cls(Span.from_dict(d.get("mention")), d.get("name"), d.get("type"), d.get("role"),
                   d.get("resolved_by"), d.get("entity"))


@dataclass(frozen=True)
class TimeRef:
    """When it was said: the phrase, and the ISO date it means when publication date is known."""

    text: str
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date}


@dataclass(frozen=True)
class Framing:
    """The reporter's own evaluative words about a statement, e.g. "falsely" -> disputed."""

    text: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label}


@dataclass(frozen=True)
class Attribution:
    kind: Kind
    content: Content
    speaker: Speaker | None = None
    cue: Cue | None = None
    addressee: Span | None = None
    medium: Span | None = None
    time: TimeRef | None = None
    framing: Framing | None = None
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "content": self.content.to_dict(),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "medium": self.medium.to_dict() if self.medium else None,
            "time": self.time.to_dict() if self.time else None,
            "framing": self.framing.to_dict() if self.framing else None,
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Attribution":
        time, framing = d.get("time"), d.get("framing")
        return cls(
            kind=d["kind"],
            content=Content.from_dict(d["content"]),
            speaker=Speaker.from_dict(d.get("speaker")),
            cue=Cue.from_dict(d.get("cue")),
            addressee=Span.from_dict(d.get("addressee")),
            medium=Span.from_dict(d.get("medium")),
            time=TimeRef(time["text"], time.get("date")) if time else None,
            framing=Framing(framing["text"], framing["label"]) if framing else None,
            confidence=float(d.get("confidence", 0.5)),
        )


@dataclass(frozen=True)
class EntityRecord:
    """A person or organisation of one article, with every mention the article makes of it
    (names, surnames, pronouns, descriptions); speakers point to it by ``id``."""

    id: int
    name: str
    type: SpeakerType
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "mentions": [m.to_dict() for m in self.mentions]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "EntityRecord":
        return cls(d["id"], d["name"], d["type"], tuple(Span(m["start"], m["end"], m["text"])
                                                         for m in d.get("mentions") or ()))


@dataclass(frozen=True)
class Boilerplate:
    """A range of ``text`` that is page furniture, not article: no attribution is taken from it."""

    start: int
    end: int
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True)
class Source:
    """Where an article came from: a file path, a line of a JSONL file or a WARC record offset."""

    path: str | None = None
    url: str | None = None
    line: int | None = None
    offset: int | None = None
    id: str | None = None

    def where(self) -> str:
        """Where it came from, for messages: ``path[:line|@offset]``, else the URL or id."""
        where = self.path or self.url or self.id or "?"
        if self.line is not None:
            return f"{where}:{self.line}"
        if self.offset is not None:
            return f"{where}@{self.offset}"
        return where

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"path": self.path, "url": self.url}
        for name in ("line", "offset", "id"):
            if getattr(self, name) is not None:
                d[name] = getattr(self, name)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Source":
        d = d or {}
        return cls(**{f.name: d.get(f.name) for f in fields(cls)})


@dataclass(frozen=True)
class Article:
    """One article: the text exactly as read, its metadata, boilerplate ranges and attributions.

    Ingest produces an ``Article`` without attributions; extraction fills them in.
    ``meta`` holds everything else known about the article (site, authors, JSONL extras).
    """

    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    language: str | None = None
    source: Source = field(default_factory=Source)
    boilerplate: tuple[Boilerplate, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    entities: tuple[EntityRecord, ...] = ()  # the entities its speakers refer to

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source.to_dict(),
            "title": self.title,
            "published": self.published,
            "language": self.language,
            "meta": self.meta,
            "text": self.text,
            "boilerplate": [b.to_dict() for b in self.boilerplate],
            "attributions": [a.to_dict() for a in self.attributions],
            "entities": [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        if d.get("schema", SCHEMA) != SCHEMA:
            from .errors import InputError

            raise InputError(f"unsupported record schema {d.get('schema')!r}; expected {SCHEMA}")
        return cls(
            text=d["text"],
            title=d.get("title"),
            published=d.get("published"),
            language=d.get("language"),
            source=Source.from_dict(d.get("source")),
            boilerplate=tuple(Boilerplate(b["start"], b["end"], b["label"])
                              for b in d.get("boilerplate") or ()),
            attributions=tuple(Attribution.from_dict(a) for a in d.get("attributions") or ()),
            meta=dict(d.get("meta") or {}),
            entities=tuple(EntityRecord.from_dict(e) for e in d.get("entities") or ()),
        )

    def with_attributions(self, attributions: tuple[Attribution, ...]) -> "Article":
        return replace(self, attributions=attributions)

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps any boilerplate range."""
        return any(b.start < end and start < b.end for b in self.boilerplate)
