"""Conversions between ``saywho.article/1`` records and database rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..records import Article, Attribution, Boilerplate, Content, Cue, Framing, Source, Span
from ..records import Speaker, TimeRef
from .identity import strip_accents
from .rows import KINDS, ArticleRecord, ArticleSummary

_INT_FIELDS = frozenset({"content_start", "content_end", "mention_start", "mention_end",
                        "cue_start", "cue_end", "addressee_start", "addressee_end",
                        "medium_start", "medium_end", "speaker_entity"})


def check_row(row: dict[str, Any], seq: int) -> None:
    """Refuse an attribution whose fields have the wrong types, naming the field."""
    if row["kind"] not in KINDS:
        raise InputError(f"attribution {seq}: kind {row['kind']!r} is not one of "
                         f"{', '.join(KINDS)}")
    for name, value in row.items():
        if value is None or name in ("content_parts", "confidence", "article_id", "seq",
                                     "speaker_id"):
            continue
        expected = int if name in _INT_FIELDS else str
        if not isinstance(value, expected) or isinstance(value, bool):
            raise InputError(f"attribution {seq}: {name} is a {type(value).__name__} "
                             f"({value!r}), expected {expected.__name__} or null; "
                             "the extractor produced a malformed record")


def folded(value: str) -> str | None:
    folded = strip_accents(value)
    return folded if folded != value else None


def _span_of(row: Mapping[str, Any], prefix: str) -> Span | None:
    start = row.get(f"{prefix}_start")
    return None if start is None else Span(start, row[f"{prefix}_end"], row[f"{prefix}_text"])


def attribution_from_row(row: Mapping[str, Any]) -> Attribution:
    """The ``Attribution`` of an attribution row, from the database or from Parquet (the
    speaker is null when all of its columns are)."""
    parts = tuple(Span(p["start"], p["end"], p["text"])
                  for p in row.get("content_parts") or ()) or None
    speaker = None
    if any(row.get(c) is not None for c in ("mention_start", "speaker_name", "speaker_type",
                                             "speaker_role", "resolved_by")):
        speaker = Speaker(_span_of(row, "mention"), row.get("speaker_name"),
                          row.get("speaker_type"), row.get("speaker_role"),
                          row.get("resolved_by"), row.get("speaker_entity"))
    cue = None
    if row.get("cue_start") is not None:
        cue = Cue(row["cue_start"], row["cue_end"], row["cue_text"], row.get("cue_lemma") or "")
    time_text, framing_text = row.get("time_text"), row.get("framing_text")
    return Attribution(
        kind=row["kind"],
        content=Content(row["content_start"], row["content_end"], row["content_text"], parts),
        speaker=speaker, cue=cue, addressee=_span_of(row, "addressee"),
        medium=_span_of(row, "medium"),
        time=TimeRef(time_text, row.get("time_date")) if time_text is not None else None,
        framing=(Framing(framing_text, row.get("framing_label") or "")
                 if framing_text is not None else None),
        confidence=float(row["confidence"]))


def to_record(head: Any, rows: list[Any]) -> ArticleRecord:
    article = Article(
        text=head.text, title=head.title, published=head.published, language=head.language,
        source=Source(head.source_path, head.source_url, head.source_line, head.source_offset,
                      head.source_id),
        boilerplate=tuple(Boilerplate(b["start"], b["end"], b["label"])
                          for b in head.boilerplate or ()),
        attributions=tuple(attribution_from_row(row._mapping) for row in rows),
        meta=dict(head.meta or {}))
    summary = ArticleSummary(head.id, head.key, head.title, head.published, head.site,
                             head.source_url, head.source_path, head.language,
                             head.n_attributions, head.ingested_at)
    return ArticleRecord(summary, article, tuple(r.id for r in rows),
                         tuple(r.speaker_id for r in rows))
