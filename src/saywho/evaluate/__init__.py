"""Evaluation against gold attributions: corpus readers, the scorer and the runner."""

from __future__ import annotations

from .corpora import (
    QUOTE_MARKS,
    GoldAttribution,
    GoldDoc,
    own_docs,
    parse_brat,
    polnear_docs,
)
from .metrics import (
    CATEGORIES,
    HEADLINE,
    THRESHOLDS,
    ArticleResult,
    Counts,
    Pair,
    Report,
    evaluate,
    format_report,
    match,
    score,
    score_article,
)
from .run import evaluate_with_extractor, extract_safely

__all__ = [
    "CATEGORIES",
    "HEADLINE",
    "QUOTE_MARKS",
    "THRESHOLDS",
    "ArticleResult",
    "Counts",
    "GoldAttribution",
    "GoldDoc",
    "Pair",
    "Report",
    "evaluate",
    "evaluate_with_extractor",
    "extract_safely",
    "format_report",
    "match",
    "own_docs",
    "parse_brat",
    "polnear_docs",
    "score",
    "score_article",
]
