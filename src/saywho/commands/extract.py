"""``saywho extract``: print who said what for files, directories or stdin."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TextIO

from ..options import UNCERTAIN_BELOW, add_article_arguments, add_arguments
from ..records import Article


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("extract", help="find who said what in articles",
                              description="Find quotes and reported speech and who said them.")
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="text, HTML, JSONL or WARC file, directory, glob, or - for stdin")
    p.add_argument("--format", choices=("json", "jsonl", "table"), default="table")
    add_article_arguments(p)
    p.add_argument("--duplicates", choices=("skip", "keep"), default="skip")
    add_reader_arguments(p, max_bytes=5_000_000)
    add_arguments(p)
    p.set_defaults(handler=run)


def add_reader_arguments(p: argparse.ArgumentParser, *, max_bytes: int) -> None:
    """The reader's options (docs/ingest.md), the same on extract and ingest."""
    p.add_argument("--max-bytes", type=_max_bytes, default=max_bytes, metavar="N",
                   help=f"largest single document to read: a file, a JSONL line or a WARC "
                        f"payload (default {max_bytes})")
    p.add_argument("--encoding", type=_encoding, default=None, metavar="NAME",
                   help="text encoding of the inputs (default: detected per file)")


def _max_bytes(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of bytes") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def _encoding(value: str) -> str:
    import codecs

    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {value!r}") from None


def run(args: argparse.Namespace) -> int:
    from ..extraction import extract_many
    from ..ingest import BadInput, read
    from ..nlp.pipeline import load_model
    from ..options import defaults_from_args, from_args

    defaults = defaults_from_args(args)
    options = from_args(args)
    load_model(options.model)  # fail early, before reading anything, if the model is missing
    failures = 0

    def report(where: str, message: str) -> None:
        nonlocal failures
        failures += 1
        print(f"saywho: {where}: {message}", file=sys.stderr)

    def articles():
        for item in read(args.sources, duplicates=args.duplicates, max_bytes=args.max_bytes,
                         encoding=args.encoding):
            if isinstance(item, BadInput):
                report(item.source.where(), item.message)
                continue
            yield defaults.apply(item)

    def on_error(article: Article, exc: Exception) -> None:
        report(article.source.where(), f"extraction failed ({type(exc).__name__}: {exc}); "
                                       "please report this with the article attached")

    out = sys.stdout
    for article in extract_many(articles(), options=options, on_error=on_error):
        if args.format == "jsonl":
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        elif args.format == "json":
            out.write(json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            write_table(article, out)
        out.flush()
    return 1 if failures else 0


def write_table(article: Article, out: TextIO, width: int = 100) -> None:
    """A who-said-what listing for people: one block per statement."""
    head = article.source.where()
    if article.title:
        head += f" - {article.title}"
    if article.published:
        head += f" ({article.published})"
    out.write(f"\n{head}\n{'=' * min(len(head), width)}\n")
    if not article.attributions:
        out.write("  (no attributions found)\n")
    for n, a in enumerate(article.attributions, 1):
        who = "?"
        if a.speaker is not None:
            who = a.speaker.name or (a.speaker.mention.text if a.speaker.mention else "?")
            if a.speaker.role and a.speaker.role.lower() not in who.lower():
                who += f", {a.speaker.role}"
            if a.speaker.resolved_by not in (None, "explicit"):
                who += f"  [{a.speaker.resolved_by}]"
        if a.confidence < UNCERTAIN_BELOW:
            who += "  (speaker uncertain)"
        cue = a.cue.text if a.cue else "-"
        said = " ".join((p.text for p in a.content.parts)) if a.content.parts else a.content.text
        said = " ".join(said.split())
        if a.kind == "direct":
            said = f"“{said}”"
        facts = [f"{a.kind}", f"cue: {cue}"]
        for label, value in (("to", a.addressee and a.addressee.text), ("via", a.medium and a.medium.text),
                             ("when", a.time and (a.time.date or a.time.text)),
                             ("framing", a.framing and f"{a.framing.text} ({a.framing.label})")):
            if value:
                facts.append(f"{label}: {value}")
        out.write(f"{n:>3}. {who}\n")
        out.write(textwrap.fill(said, width, initial_indent="     ", subsequent_indent="     ") + "\n")
        out.write(f"     ({'; '.join(facts)}; confidence {a.confidence:.2f})\n")
