"""saywho: who said what in news articles.

>>> import saywho
>>> article = saywho.extract('"We will rebuild," the mayor said on Monday.')
>>> [a.content.text for a in article.attributions]  # doctest: +SKIP
"""

from __future__ import annotations

from .errors import (
    EvalError,
    InputError,
    ModelError,
    QueryError,
    SaywhoError,
    StoreError,
    UsageError,
)
from .extraction import extract, extract_article, extract_many
from .records import (
    SCHEMA,
    Article,
    Attribution,
    Boilerplate,
    Content,
    Cue,
    Framing,
    Source,
    Span,
    Speaker,
    TimeRef,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "Article",
    "Attribution",
    "Boilerplate",
    "Content",
    "Cue",
    "EvalError",
    "Framing",
    "InputError",
    "ModelError",
    "QueryError",
    "SaywhoError",
    "Source",
    "Span",
    "Speaker",
    "StoreError",
    "TimeRef",
    "UsageError",
    "extract",
    "extract_article",
    "extract_many",
]
