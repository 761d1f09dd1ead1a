"""Running the extractor over gold articles: batched, with one bad article failing alone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..errors import ModelError
from ..records import Article
from .corpora import GoldDoc
from .metrics import Outcome, Report, score


def extract_safely(articles: Sequence[Article], *, model: str | None = None,
                   batch_size: int = 16, beliefs: bool = True) -> Iterator[Outcome]:
    """Yield, in order, each article with its attributions, or the exception it raised.

    Batches go through ``saywho.extract_many``; when a batch raises, its articles are redone
    one by one so that only the article at fault is lost. A missing model stops the run.
    """
    from ..extraction import extract_many

    for start in range(0, len(articles), batch_size):
        batch = list(articles[start:start + batch_size])
        try:
            results: list[Outcome] = list(extract_many(batch, model=model, batch_size=batch_size,
                                                          beliefs=beliefs))
        except ModelError:
            raise
        except Exception:
            results = []
            for article in batch:
                try:
                    results.append(next(extract_many([article], model=model, beliefs=beliefs)))
                except ModelError:
                    raise
                except Exception as exc:  # scored as a failed article
                    results.append(exc)
        yield from results


def evaluate_with_extractor(docs: Sequence[GoldDoc], *, model: str | None = None,
                            batch_size: int = 16, beliefs: bool = True) -> Report:
    """Score saywho's own extractor on gold documents."""
    outcomes = extract_safely([d.article() for d in docs], model=model, batch_size=batch_size,
                              beliefs=beliefs)
    return score(zip(docs, outcomes))
