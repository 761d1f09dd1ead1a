"""``saywho serve``: the JSON API and web UI over a saywho database (see docs/web.md)."""

from __future__ import annotations

from .app import DEFAULT_MAX_BODY, create_app

__all__ = ["DEFAULT_MAX_BODY", "create_app"]
