"""Evaluation against gold attributions: corpus readers, the scorer and the runner."""

from __future__ import annotations

from .corpora import (
    QUOTE_MARKS,
    GoldAttribution,
    GoldDoc,
    GoldSpeaker,
    own_docs,
    parse_brat,
    polnear_docs,
    speaker_sheets,
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
from .run import evaluate_with_extractor, extract_safely, write_predictions
from .speakers import SpeakerOutcome, is_right, score_speakers, speaker_figures

__all__ = [
    "CATEGORIES",
    "HEADLINE",
    "QUOTE_MARKS",
    "THRESHOLDS",
    "ArticleResult",
    "Counts",
    "GoldAttribution",
    "GoldDoc",
    "GoldSpeaker",
    "Pair",
    "Report",
    "SpeakerOutcome",
    "evaluate",
    "evaluate_with_extractor",
    "extract_safely",
    "format_report",
    "is_right",
    "match",
    "own_docs",
    "parse_brat",
    "polnear_docs",
    "score",
    "score_article",
    "score_speakers",
    "speaker_figures",
    "speaker_sheets",
    "write_predictions",
]
