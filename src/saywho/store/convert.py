"""Conversions between ``saywho.article/1`` records and database rows."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..records import Article, Attribution, Boilerplate, Content, Cue, Framing, Source, Span
from ..records import Speaker, TimeRef
from .identity import strip_accents
from .rows import KINDS, ArticleRecord, ArticleSummary

_INT_FIELDS = frozenset({"content_start", "content_end", "mention_start", "mention_end",
                        "cue_start", "cue_end", "addressee_start", "addressee_end",
                        "medium_start", "medium_end"})


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


def _span(row: Any, prefix: str) -> Span | None:
    start = getattr(row, f"{prefix}_start")
    return None if start is None else Span(start, getattr(row, f"{prefix}_end"),
                                           getattr(row, f"{prefix}_text"))


def _attribution(row: Any) -> Attribution:
    parts = tuple(Span(p["start"], p["end"], p["text"]) for p in row.content_parts or ()) or None
    speaker = None
    if any(v is not None for v in (row.mention_start, row.speaker_name, row.speaker_type,
                                    row.speaker_role, row.resolved_by)):
        speaker = Speaker(_span(row, "mention"), row.speaker_name, row.speaker_type,
                          row.speaker_role, row.resolved_by)
    cue = None if row.cue_start is None else Cue(row.cue_start, row.cue_end, row.cue_text,
                                                 row.cue_lemma or "")
    return Attribution(
        kind=row.kind, content=Content(row.content_start, row.content_end, row.content_text, parts),
        speaker=speaker, cue=cue, addressee=_span(row, "addressee"), medium=_span(row, "medium"),
        time=TimeRef(row.time_text, row.time_date) if row.time_text is not None else None,
        framing=(Framing(row.framing_text, row.framing_label)
                 if row.framing_text is not None else None),
        confidence=row.confidence)


def to_record(head: Any, rows: list[Any]) -> ArticleRecord:
    article = Article(
        text=head.text, title=head.title, published=head.published, language=head.language,
        source=Source(head.source_path, head.source_url, head.source_line, head.source_offset,
                      head.source_id),
        boilerplate=tuple(Boilerplate(b["start"], b["end"], b["label"])
                          for b in head.boilerplate or ()),
        attributions=tuple(_attribution(row) for row in rows), meta=dict(head.meta or {}))
    summary = ArticleSummary(head.id, head.key, head.title, head.published, head.site,
                             head.source_url, head.source_path, head.language,
                             head.n_attributions, head.ingested_at)
    return ArticleRecord(summary, article, tuple(r.id for r in rows),
                         tuple(r.speaker_id for r in rows))
