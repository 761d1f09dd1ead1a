"""``saywho load``: bring a Spark run's Parquet output (articles/, attributions/) into a store.

Reads with pyarrow (no Spark needed), one month partition at a time so memory stays bounded
by the largest month, and stores each article with ``Store.add_article``: articles already
stored are skipped before they are rebuilt, so loading twice, or after an interruption,
changes nothing that is there and adds what is missing.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import InputError, StoreError
from ..store.api import Store
from ..store.runner import IngestSummary
from .table import article_from_rows

# Articles looked up in the store (and rebuilt) together.
LOAD_BATCH = 500


def _check(root: str) -> tuple[str, str]:
    articles, attributions = os.path.join(root, "articles"), os.path.join(root, "attributions")
    if not os.path.isdir(articles):
        raise InputError(f"{root}: no articles/ directory here; give the --output directory "
                         "of a 'saywho spark' run")
    return articles, attributions


def months(root: str) -> list[str]:
    """The month partitions of a run, in order (``unknown`` last)."""
    articles, _ = _check(root)
    found = [name.split("=", 1)[1] for name in os.listdir(articles) if name.startswith("month=")]
    return sorted(found, key=lambda m: (m == "unknown", m))


def _rows(path: str, month: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    import pyarrow.dataset as ds

    part = os.path.join(path, f"month={month}")
    if not os.path.isdir(part):
        return
    dataset = ds.dataset(part, format="parquet")
    for batch in dataset.to_batches(columns=columns):
        yield from batch.to_pylist()


def load(root: str, store: Store, *, progress: Callable[[IngestSummary], None] | None = None,
         report: Callable[[str], None] | None = None) -> IngestSummary:
    """Store every article of the run under ``root`` not stored yet; returns the counts."""
    articles_dir, attributions_dir = _check(root)
    summary = IngestSummary()
    for month in months(root):
        by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in _rows(attributions_dir, month):
            by_key[row["article_key"]].append(row)
        batch: list[dict[str, Any]] = []
        for row in _rows(articles_dir, month):
            batch.append(row)
            if len(batch) >= LOAD_BATCH:
                _store_batch(batch, by_key, store, summary, report)
                batch = []
                if progress:
                    progress(summary)
        _store_batch(batch, by_key, store, summary, report)
        if progress:
            progress(summary)
    return summary


def _store_batch(rows: list[dict[str, Any]], by_key: dict[str, list[dict[str, Any]]],
                 store: Store, summary: IngestSummary,
                 report: Callable[[str], None] | None) -> None:
    stored = store.stored_keys(r["key"] for r in rows)
    for row in rows:
        if row["key"] in stored:
            summary.present += 1
            continue
        try:
            article = article_from_rows(row, by_key.get(row["key"], ()))
            article_id = store.add_article(article, model=row.get("model"))
        except StoreError:
            raise
        except Exception as error:  # noqa: BLE001 - one odd row must not stop the load
            line = f"{row.get('source_path') or row['key']}: cannot load: {error}"
            summary.failed += 1
            summary.failures.append(line)
            if report:
                report(line)
            continue
        if article_id is None:
            summary.present += 1
        else:
            summary.stored += 1
            summary.statements += len(article.attributions)
