"""Running the extractor over gold articles: batched, with one bad article failing alone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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


def evaluate_with_extractor(docs: Sequence[GoldDoc], *, model: str | None = None,
                            batch_size: int = 16, beliefs: bool = True) -> Report:
    """Score saywho's own extractor on gold documents."""
    outcomes = extract_safely([d.article() for d in docs], model=model, batch_size=batch_size,
                              beliefs=beliefs)
    return score(zip(docs, outcomes))
