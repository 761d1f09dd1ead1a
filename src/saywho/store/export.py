"""Exports: whole articles as ``saywho.article/1`` JSON lines, statements as JSONL/CSV/Parquet,
trails as JSONL.

A full JSONL export (no filters) writes one article record per line, the same records
``saywho extract --format json`` prints, so it can be read back. A filtered export, CSV and
Parquet write one statement per line/row with the columns of ``rows.Statement``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from .api import Store
from .rows import STATEMENT_FIELDS, Statement

# Parquet column types; every other statement column is a nullable string.
_INT_COLUMNS = frozenset({"id", "article_id", "seq", "start", "end", "speaker_id"})
_FLOAT_COLUMNS = frozenset({"confidence"})
PARQUET_ROW_GROUP = 10_000


def write_articles_jsonl(store: Store, out: IO[str]) -> int:
    """Every stored article as one ``saywho.article/1`` JSON object per line; returns the count."""
    n = 0
    for record in store.iter_articles():
        out.write(json.dumps(record.article.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_trails_jsonl(trails: Iterable[Any], out: IO[str]) -> int:
    """One trail per line (``store.trails.Trail.to_dict``); returns the count."""
    n = 0
    for trail in trails:
        out.write(json.dumps(trail.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_statements_jsonl(statements: Iterable[Statement], out: IO[str]) -> int:
    n = 0
    for statement in statements:
        out.write(json.dumps(statement.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_statements_csv(statements: Iterable[Statement], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=STATEMENT_FIELDS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for statement in statements:
        writer.writerow(statement.to_dict())
        n += 1
    return n


def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in _INT_COLUMNS:
            return pa.int64()
        return pa.float64() if name in _FLOAT_COLUMNS else pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in STATEMENT_FIELDS])


def write_statements_parquet(statements: Iterable[Statement], path: str) -> int:
    """Statements as a Parquet file, written in row groups so memory stays bounded."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for statement in statements:
            batch.append(statement.to_dict())
            if len(batch) >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch.clear()
        # An empty export still writes a valid file with the schema.
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
