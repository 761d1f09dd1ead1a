"""The public extraction functions: text or ``Article`` in, ``Article`` with attributions out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from .errors import InputError
from .nlp.pipeline import load_model
from .records import Article

# spaCy's default max_length; longer texts are parsed in paragraph-aligned chunks.
MAX_CHUNK = 200_000


def extract(text: str, *, published: str | None = None, model: str | None = None) -> Article:
    """Find every attribution in ``text`` (an article as plain text)."""
    if not isinstance(text, str):
        raise InputError(f"extract() takes the article text as str, not {type(text).__name__}")
    return extract_article(Article(text=text, published=published), model=model)


def extract_article(article: Article, *, model: str | None = None) -> Article:
    """Fill in the attributions of an ingested ``Article``."""
    return next(extract_many([article], model=model))


def extract_many(articles: Iterable[Article], *, model: str | None = None,
                 batch_size: int = 32) -> Iterator[Article]:
    """Extract from many articles, batching the parse with ``nlp.pipe``; order is kept."""
    from .nlp.attribute import attribute_doc, prepare_text

    nlp = load_model(model)
    pending: list[Article] = []

    def flush() -> Iterator[Article]:
        texts = [prepare_text(a) for a in pending]
        for article, doc in zip(pending, nlp.pipe(texts, batch_size=batch_size)):
            yield replace(article, attributions=attribute_doc(doc, article),
                          language=article.language or "en")
        pending.clear()

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()
