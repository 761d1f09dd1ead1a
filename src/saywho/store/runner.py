"""Ingest into the store: read, skip what is stored, extract the rest, commit article by article.

Resume is cheap because the skip check happens before extraction: an article's key depends
only on its URL and text, which ``saywho.ingest.read`` gives before any NLP runs. Each article
is committed in its own transaction, so a run killed at any point leaves whole articles only
and the next run picks up after the last commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import InputError, StoreError
from ..options import ExtractOptions
from ..records import Article, Source
from .api import Store
from .identity import article_key

# Articles extracted together (spaCy ``nlp.pipe`` batch); also the unit of the key look-up.
DEFAULT_BATCH = 16


@dataclass
class IngestSummary:
    """Counts for one run; ``failures`` holds one line per item that could not be stored."""

    stored: int = 0
    present: int = 0
    failed: int = 0
    statements: int = 0
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    # Input items the reader set aside before they got here (``IngestStats``): copies of an
    # article seen earlier in the same input, and archive records that are not articles.
    duplicates: int = 0
    skipped: int = 0

    @property
    def seen(self) -> int:
        return self.stored + self.present + self.failed + self.duplicates + self.skipped

    def count_input(self, stats: object) -> None:
        """Take the reader's counts (``saywho.ingest.IngestStats``), so that every input item
        is counted somewhere."""
        self.duplicates = getattr(stats, "duplicates", 0)
        self.skipped = sum(getattr(stats, "skipped", {}).values())

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        extra = "".join([
            f", {self.duplicates} repeated within the input" if self.duplicates else "",
            f", {self.skipped} archive records that are not articles" if self.skipped else ""])
        return (f"{self.stored} stored, {self.present} already present, {self.failed} failed"
                f"{extra} ({self.statements} statements) in {elapsed:.1f}s")


def describe(source: Source | None) -> str:
    """Where an item came from, for messages: path[:line|@offset] or URL."""
    return source.where() if source is not None else "?"


def ingest_items(items: Iterable[object], store: Store, *, model: str | None = None,
                 options: ExtractOptions | None = None, batch_size: int = DEFAULT_BATCH,
                 report: Callable[[str], None] | None = None,
                 progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
    """Store every ``Article`` of ``items`` not stored yet; anything else counts as failed.

    ``items`` is what ``saywho.ingest.read`` yields: ``Article`` or ``BadInput`` (anything with
    ``source`` and ``message``). ``report`` gets one line per failure, ``progress`` the summary
    after each item. A ``ModelError`` or ``StoreError`` stops the run (nothing else would work).
    ``options`` (else ``model`` alone) says how to extract.
    """
    options = options or ExtractOptions(model=model)
    model = options.model
    summary = IngestSummary()

    def fail(line: str) -> None:
        summary.failed += 1
        summary.failures.append(line)
        if report:
            report(line)

    pending: list[Article] = []

    def flush() -> None:
        keys = [article_key(a) for a in pending]  # a hash of the whole text: once per article
        stored = store.stored_keys(keys)
        todo = [a for a, key in zip(pending, keys) if key not in stored]
        summary.present += len(pending) - len(todo)
        pending.clear()
        for article, result in _extract(todo, options):
            if isinstance(result, str):
                fail(f"{describe(article.source)}: {result}")
            else:
                _store(store, result, model, summary, fail)
            if progress:
                progress(summary)
        if progress:
            progress(summary)

    for item in items:
        if isinstance(item, Article):
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        else:
            fail(f"{describe(getattr(item, 'source', None))}: "
                 f"{getattr(item, 'message', None) or item}")
            if progress:
                progress(summary)
    if pending:
        flush()
    return summary


def _extract(articles: list[Article], options: ExtractOptions) -> list[tuple[Article, Article | str]]:
    from ..extraction import extract_each, failure

    results = extract_each(articles, options=options) if articles else []
    return [(a, r if isinstance(r, Article) else failure(r)) for a, r in zip(articles, results)]


def _store(store: Store, article: Article, model: str | None, summary: IngestSummary,
           fail: Callable[[str], None]) -> None:
    try:
        article_id = store.add_article(article, model=model)
    except StoreError:
        raise
    except InputError as error:
        fail(f"{describe(article.source)}: {error}")
        return
    if article_id is None:
        summary.present += 1
    else:
        summary.stored += 1
        summary.statements += len(article.attributions)
