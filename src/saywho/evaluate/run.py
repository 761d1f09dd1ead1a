"""Running the extractor over gold articles: batched, with one bad article failing alone."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import UsageError
from ..records import Article
from .corpora import GoldDoc
from .metrics import Outcome, Report, score


def extract_safely(articles: Sequence[Article], *, model: str | None = None,
                   batch_size: int = 16, beliefs: bool = True) -> Iterator[Outcome]:
    """Yield, in order, each article with its attributions, or the exception it raised
    (scored as a failed article). A missing model stops the run."""
    from ..extraction import extract_each

    for start in range(0, len(articles), batch_size):
        yield from extract_each(list(articles[start:start + batch_size]), model=model, beliefs=beliefs)


def write_predictions(pairs: Iterable[tuple[GoldDoc, Outcome]], folder: str | Path
                      ) -> Iterator[tuple[GoldDoc, Outcome]]:
    """Pass the pairs on, writing each extracted article to ``<folder>/<doc id>.json`` as a
    ``saywho.article/1`` record (failed articles write nothing), for other scorers to read."""
    root = Path(folder)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {root}: {exc.strerror}; choose another folder") from exc
    for doc, outcome in pairs:
        if isinstance(outcome, Article):
            name = doc.id.replace("/", "_")
            (root / f"{name}.json").write_text(json.dumps(outcome.to_dict(), ensure_ascii=False),
                                               encoding="utf-8")
        yield doc, outcome


def evaluate_with_extractor(docs: Sequence[GoldDoc], *, model: str | None = None,
                            batch_size: int = 16, beliefs: bool = True,
                            pred_dir: str | Path | None = None) -> Report:
    """Score saywho's own extractor on gold documents; with ``pred_dir``, keep its output."""
    outcomes = extract_safely([d.article() for d in docs], model=model, batch_size=batch_size,
                              beliefs=beliefs)
    pairs: Iterable[tuple[GoldDoc, Outcome]] = zip(docs, outcomes)
    if pred_dir is not None:
        pairs = write_predictions(pairs, pred_dir)
    return score(pairs)
