"""One exception tree. Every message says what was wrong and what to do about it."""

from __future__ import annotations


class SaywhoError(Exception):
    """Base of every error saywho raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class InputError(SaywhoError):
    """An input could not be read or is not an article (empty, binary, corrupt...)."""

    exit_code = 1


class UsageError(SaywhoError):
    """The command line or an option value is wrong."""

    exit_code = 2


class ModelError(SaywhoError):
    """The spaCy pipeline is missing or unusable."""

    exit_code = 3


class StoreError(SaywhoError):
    """The database cannot be opened, migrated or written."""

    exit_code = 4


class QueryError(StoreError):
    """A search query is malformed (e.g. unbalanced full-text syntax)."""

    exit_code = 2


class EvalError(SaywhoError):
    """An evaluation corpus is missing or malformed."""

    exit_code = 2
