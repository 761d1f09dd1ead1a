"""The Parquet layout of a Spark run: one row per article, one row per attribution.

The columns are defined once here (``ARTICLE_COLUMNS``, ``ATTRIBUTION_COLUMNS``, as Spark SQL
types) with plain functions from records to rows and back, so the Spark job that writes them
and ``saywho load`` that reads them agree. Column names follow the database's
(``saywho.store.schema``); docs/scale.md describes each column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..records import (
    Article,
    Attribution,
    Boilerplate,
    EntityRecord,
    Source,
    Span,
)
from ..store.convert import attribution_from_row
from ..store.identity import article_key, iso_day, site_of

UNKNOWN_MONTH = "unknown"  # partition of articles without a publication date

_SPAN = "STRUCT<`start`: INT, `end`: INT, `text`: STRING>"
_BOILERPLATE = "STRUCT<`start`: INT, `end`: INT, `label`: STRING>"

# One row per article (articles/). ``month`` is the partition column (directory month=...).
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "STRING"),            # saywho.store.article_key: SHA-256 of URL and text
    ("published", "STRING"),      # YYYY-MM-DD or null
    ("title", "STRING"),
    ("language", "STRING"),
    ("site", "STRING"),           # outlet host, as the database stores it
    ("source_path", "STRING"),    # the input file as Spark names it (file:/..., s3a://...)
    ("source_url", "STRING"),
    ("source_line", "INT"),       # JSONL line number
    ("source_offset", "BIGINT"),  # WARC record offset
    ("source_id", "STRING"),      # WARC-Record-ID or the JSONL "id"
    ("text", "STRING"),
    ("boilerplate", f"ARRAY<{_BOILERPLATE}>"),
    ("meta", "STRING"),           # JSON object
    ("entities", "STRING"),       # JSON list of the article's speaker entities
    ("n_attributions", "INT"),
    ("model", "STRING"),          # spaCy pipeline that produced the attributions
    ("month", "STRING"),          # YYYY-MM of published, or "unknown"
)

# One row per attribution (attributions/); ``seq`` is its index within the article.
ATTRIBUTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_key", "STRING"),
    ("seq", "INT"),
    ("kind", "STRING"),
    ("content_start", "INT"),
    ("content_end", "INT"),
    ("content_text", "STRING"),
    ("content_parts", f"ARRAY<{_SPAN}>"),
    ("speaker_name", "STRING"),
    ("speaker_type", "STRING"),
    ("speaker_role", "STRING"),
    ("resolved_by", "STRING"),
    ("speaker_entity", "INT"),
    ("mention_start", "INT"),
    ("mention_end", "INT"),
    ("mention_text", "STRING"),
    ("cue_start", "INT"),
    ("cue_end", "INT"),
    ("cue_text", "STRING"),
    ("cue_lemma", "STRING"),
    ("addressee_start", "INT"),
    ("addressee_end", "INT"),
    ("addressee_text", "STRING"),
    ("medium_start", "INT"),
    ("medium_end", "INT"),
    ("medium_text", "STRING"),
    ("time_text", "STRING"),
    ("time_date", "STRING"),
    ("framing_text", "STRING"),
    ("framing_label", "STRING"),
    ("confidence", "DOUBLE"),
    ("said_on", "STRING"),        # time_date, else the article's publication date
    ("published", "STRING"),      # copied from the article, for filtering without a join
    ("site", "STRING"),
    ("month", "STRING"),
)

# Items that could not be read or extracted (errors/), one row each.
ERROR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("source_path", "STRING"),
    ("source_url", "STRING"),
    ("source_line", "INT"),
    ("source_offset", "BIGINT"),
    ("message", "STRING"),
)


def ddl(columns: Iterable[tuple[str, str]], *, nested: bool = False) -> str:
    """A Spark SQL schema string for ``columns`` (names quoted: ``end``, ``offset``...);
    ``nested`` gives the ``name: TYPE`` form used inside ``STRUCT<...>``."""
    sep = ": " if nested else " "
    return ", ".join(f"`{name}`{sep}{type_}" for name, type_ in columns)


def month_of(published: str | None) -> str:
    day = iso_day(published)
    return day[:7] if day else UNKNOWN_MONTH


def _span_fields(prefix: str, span: Span | None) -> dict[str, Any]:
    return {f"{prefix}_start": span.start if span else None,
            f"{prefix}_end": span.end if span else None,
            f"{prefix}_text": span.text if span else None}


def article_row(article: Article, *, model: str | None) -> dict[str, Any]:
    """The articles/ row of an extracted article (``n_attributions`` counts its statements)."""
    source = article.source
    return {
        "key": article_key(article), "published": iso_day(article.published),
        "title": article.title, "language": article.language, "site": site_of(article),
        "source_path": source.path, "source_url": source.url, "source_line": source.line,
        "source_offset": source.offset, "source_id": source.id, "text": article.text,
        "boilerplate": [b.to_dict() for b in article.boilerplate],
        "meta": json.dumps(article.meta or {}, ensure_ascii=False, sort_keys=True, default=str),
        "entities": json.dumps([e.to_dict() for e in article.entities], ensure_ascii=False),
        "n_attributions": len(article.attributions), "model": model,
        "month": month_of(article.published),
    }


def attribution_row(article: Article, key: str, seq: int, a: Attribution) -> dict[str, Any]:
    """The attributions/ row of ``article.attributions[seq]``."""
    sp, cue = a.speaker, a.cue
    row: dict[str, Any] = {
        "article_key": key, "seq": seq, "kind": a.kind,
        "content_start": a.content.start, "content_end": a.content.end,
        "content_text": a.content.text,
        "content_parts": [p.to_dict() for p in a.content.parts] if a.content.parts else None,
        "speaker_name": sp.name if sp else None, "speaker_type": sp.type if sp else None,
        "speaker_role": sp.role if sp else None, "resolved_by": sp.resolved_by if sp else None,
        "speaker_entity": sp.entity if sp else None,
        **_span_fields("mention", sp.mention if sp else None),
        **_span_fields("cue", cue), "cue_lemma": cue.lemma if cue else None,
        **_span_fields("addressee", a.addressee), **_span_fields("medium", a.medium),
        "time_text": a.time.text if a.time else None,
        "time_date": a.time.date if a.time else None,
        "framing_text": a.framing.text if a.framing else None,
        "framing_label": a.framing.label if a.framing else None,
        "confidence": float(a.confidence),
        "said_on": (iso_day(a.time.date) if a.time else None) or iso_day(article.published),
        "published": iso_day(article.published), "site": site_of(article),
        "month": month_of(article.published),
    }
    return row


def attribution_rows(article: Article) -> list[dict[str, Any]]:
    key = article_key(article)
    return [attribution_row(article, key, seq, a) for seq, a in enumerate(article.attributions)]


def as_tuple(row: dict[str, Any], columns: tuple[tuple[str, str], ...]) -> tuple:
    return tuple(row.get(name) for name, _ in columns)


# --- back from rows -------------------------------------------------------------------------

def article_from_rows(row: dict[str, Any], attributions: Iterable[dict[str, Any]]) -> Article:
    """The ``Article`` of an articles/ row and its attributions/ rows (any order)."""
    ordered = sorted(attributions, key=lambda r: r["seq"])
    meta = json.loads(row["meta"]) if row.get("meta") else {}
    return Article(
        text=row["text"], title=row.get("title"), published=row.get("published"),
        language=row.get("language"),
        source=Source(row.get("source_path"), row.get("source_url"), row.get("source_line"),
                      row.get("source_offset"), row.get("source_id")),
        boilerplate=tuple(Boilerplate(b["start"], b["end"], b["label"])
                          for b in row.get("boilerplate") or ()),
        attributions=tuple(attribution_from_row(r) for r in ordered),
        meta=meta if isinstance(meta, dict) else {},
        entities=tuple(EntityRecord.from_dict(e) for e in json.loads(row.get("entities") or "[]")))
