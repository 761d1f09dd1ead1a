"""The one set of extraction options, shared by ``extract``, ``ingest``, ``spark``, the web
API and the Python functions, so that an option given once reaches every extraction path.

``add_arguments`` puts the same flags on every command; ``from_args`` reads them back.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract.

    ``model``: the spaCy pipeline (package name or path; ``None`` picks the default).
    ``beliefs``: also report thoughts and intentions ("he believes that"), not only speech.
    """

    model: str | None = None
    beliefs: bool = True


DEFAULT = ExtractOptions()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The extraction flags, the same on every command that extracts."""
    parser.add_argument("--model", metavar="NAME",
                        help="spaCy pipeline to use, package or path (default: en_core_web_sm; "
                             "also SAYWHO_MODEL)")
    parser.add_argument("--no-beliefs", dest="beliefs", action="store_false",
                        help="report speech only, not thoughts and intentions ('he believes that')")


def from_args(args: argparse.Namespace) -> ExtractOptions:
    return ExtractOptions(model=getattr(args, "model", None),
                          beliefs=getattr(args, "beliefs", True))


_LANGUAGE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")


def language_code(tag: str | None) -> str | None:
    """The primary language of a tag, lower case: ``en-US``, ``en_GB``, ``EN`` -> ``en``;
    ``None`` for a missing or malformed tag (the text is then judged by its words)."""
    m = _LANGUAGE.match(tag or "")
    return m.group(1).lower() if m else None


def check_date(value: str | None, flag: str = "--published") -> str | None:
    """A YYYY-MM-DD value of a command-line flag, or a ``UsageError`` saying how to write it."""
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from None
