"""Page furniture in plain text (placeholder until the detector lands)."""

from __future__ import annotations

from ..records import Boilerplate


def detect(text: str) -> tuple[Boilerplate, ...]:
    return ()
