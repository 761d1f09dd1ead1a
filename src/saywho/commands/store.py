"""``saywho ingest``, ``search``, ``speakers``, ``export``: thin wrappers around ``saywho.store``."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
from typing import IO, Any

from ..errors import UsageError
from ..options import UNCERTAIN_BELOW, add_article_arguments, add_arguments
from .extract import add_reader_arguments
from .progress import ProgressLine

# Largest single document ingest reads by default (saywho.ingest.DEFAULT_MAX_BYTES).
DEFAULT_MAX_BYTES = 50_000_000
DB_HELP = "database URL: sqlite:///FILE.db (default sqlite:///saywho.db) or postgresql://USER@HOST/DB"
QUERY_HELP = ('full-text query: words (stemmed), "a phrase", prefix*, a OR b, -excluded; '
              "terms side by side must all match")
# Single-document file types, counted up front to size the progress bar.
SINGLE_DOC_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_ingest(subparsers)
    _register_search(subparsers)
    _register_speakers(subparsers)
    _register_export(subparsers)


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=os.environ.get("SAYWHO_DB"), help=DB_HELP)


def _filters(parser: argparse.ArgumentParser, *, query: bool = True) -> None:
    if query:
        parser.add_argument("query", nargs="?", metavar="QUERY", help=QUERY_HELP)
    parser.add_argument("--speaker", metavar="NAME", help="part of the speaker's name")
    parser.add_argument("--kind", choices=["direct", "mixed", "indirect"])
    parser.add_argument("--cue", metavar="WORD", help='reporting verb or its lemma ("said", "say")')
    parser.add_argument("--since", metavar="DATE", help="said on or after (YYYY[-MM[-DD]])")
    parser.add_argument("--until", metavar="DATE", help="said on or before (YYYY[-MM[-DD]])")
    parser.add_argument("--site", metavar="HOST", help="outlet, e.g. bbc.co.uk")
    parser.add_argument("--medium", metavar="M", help='part of the channel, e.g. "telegram"')
    parser.add_argument("--min-confidence", metavar="X", type=float, nargs="?",
                        const=UNCERTAIN_BELOW,
                        help="only statements whose speaker confidence is at least X (0-1); "
                             f"without X, the confident ones (at least {UNCERTAIN_BELOW})")


def _register_ingest(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="extract attributions from sources and store them",
        description="Read articles (text, HTML, JSONL, WARC files, directories, globs, - for "
                    "stdin), extract who said what and store it. Articles already stored "
                    "(same URL and text) are skipped before extraction, so an interrupted run "
                    "simply continues when started again. Exits 1 if any item failed.")
    parser.add_argument("sources", nargs="+", metavar="SOURCE")
    _db(parser)
    add_arguments(parser)
    add_article_arguments(parser)
    parser.add_argument("--duplicates", choices=["skip", "keep"], default="skip",
                        help="near-duplicate articles within the input: skip (default) or keep")
    add_reader_arguments(parser, max_bytes=DEFAULT_MAX_BYTES)
    parser.add_argument("--batch-size", metavar="N", type=int, default=16,
                        help="articles parsed together (default 16)")
    parser.add_argument("--progress", action="store_true",
                        help="show the progress line even when stderr is not a terminal")
    parser.add_argument("--workers", metavar="N", type=int, default=None,
                        help="extraction processes (default: the number of cores; 1 runs "
                             "in this process)")
    parser.set_defaults(handler=run_ingest)


def _register_search(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search", help="search stored statements",
        description="Search statements by full text and filters. Matches are grouped by trail "
                    "(one statement reported in several articles): one row per trail with its "
                    "fullest text and how many of its reports match, most matches first. "
                    "--by statement lists each matching statement instead, newest first.",
        epilog='Examples: saywho search \'"interest rates" -mortgage\' --since 2024; '
               "saywho search --speaker johnson --cue warn --by statement --format json")
    _filters(parser)
    parser.add_argument("--by", choices=["trail", "statement"], default="trail",
                        help="trail: one row per trail (default; the web UI shows it at "
                             "/trails/ID); statement: every matching statement")
    parser.add_argument("--limit", metavar="N", type=int, default=20, help="default 20")
    parser.add_argument("--offset", metavar="N", type=int, default=0)
    parser.add_argument("--order", choices=["date", "relevance"], default="date",
                        help="with --by statement: newest first (default) or best match first")
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _db(parser)
    parser.set_defaults(handler=run_search)


SPEAKER_ACTIONS = {  # action -> (operands, what they are)
    "merge": (2, "SOURCE TARGET: SOURCE's statements and names go to TARGET"),
    "split": (2, "SPEAKER NAME: the statements made under NAME become their own speaker"),
    "rename": (2, "SPEAKER NAME: show SPEAKER as NAME"),
    "set-type": (2, "SPEAKER TYPE: PERSON, ORG, GPE, NORP or OTHER"),
    "relink": (0, "link every stored statement again (rules applied; ids change)"),
}


def _register_speakers(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "speakers", help="list speakers by number of statements, or correct them",
        description="Without an action, list speakers, most quoted first. Actions correct "
                    "speaker identity and are kept as rules that also apply to articles "
                    "stored later: " + "; ".join(f"{k} {v[1]}" for k, v in
                                                 SPEAKER_ACTIONS.items())
                    + ". SPEAKER is an id or a name.",
        epilog="Examples: saywho speakers merge 'Mr Blair' 'Tony Blair'; "
               "saywho speakers set-type 'Bar Council' ORG; saywho speakers --aliases")
    parser.add_argument("action", nargs="?", choices=list(SPEAKER_ACTIONS), metavar="ACTION",
                        help="merge, split, rename, set-type or relink")
    parser.add_argument("operands", nargs="*", metavar="ARG")
    parser.add_argument("--aliases", action="store_true",
                        help="list the corrections (merge, split, rename, set-type rules)")
    parser.add_argument("--name", metavar="NAME", help="part of the speaker's name")
    parser.add_argument("--type", choices=["PERSON", "ORG", "GPE", "NORP", "OTHER"])
    parser.add_argument("--unlinked", action="store_true",
                        help="only partial names and acronyms that no full name was tied to "
                             "(the ones to review with merge)")
    parser.add_argument("--limit", metavar="N", type=int, default=50, help="default 50")
    parser.add_argument("--offset", metavar="N", type=int, default=0)
    parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _db(parser)
    parser.set_defaults(handler=run_speakers)


def _register_export(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="export stored articles or statements",
        description="Without filters, jsonl writes every article as a saywho.article/1 record "
                    "per line; with a query or filter (or --statements) it writes one "
                    "statement per line. csv and parquet always write one row per statement.")
    parser.add_argument("--format", choices=["jsonl", "csv", "parquet"], required=True)
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="file to write (default: standard output; required for parquet)")
    parser.add_argument("--statements", action="store_true",
                        help="jsonl: one statement per line even without filters")
    parser.add_argument("--trails", action="store_true",
                        help="jsonl: one trail per line (its text, speaker, variants and every "
                             "report with url, site and date)")
    parser.add_argument("--min-reports", metavar="N", type=int, default=1,
                        help="with --trails: only trails of at least N reports (default 1)")
    parser.add_argument("--query", "-q", metavar="QUERY", help=QUERY_HELP)
    _filters(parser, query=False)
    _db(parser)
    parser.set_defaults(handler=run_export)


# --- handlers -------------------------------------------------------------------------------

def open_read(url: str | None) -> Any:
    """The store of a read-only command: a SQLite file that does not exist is a usage error
    (opening it would create an empty database and answer "nothing found")."""
    from ..store import open_store
    from .serve import missing_sqlite_file

    missing = missing_sqlite_file(url)
    if missing:
        raise UsageError(f"no database at {missing}: store articles first with 'saywho ingest "
                         f"FILES --db sqlite:///{missing}', or give the right --db URL")
    return open_store(url)


def _filters_of(args: argparse.Namespace) -> Any:
    from ..store import StatementFilters

    return StatementFilters(query=args.query, speaker=args.speaker, kind=args.kind, cue=args.cue,
                            since=args.since, until=args.until, site=args.site,
                            medium=args.medium, min_confidence=args.min_confidence)


def run_ingest(args: argparse.Namespace) -> int:
    from ..ingest import IngestStats, read
    from ..records import Article
    from ..store import open_store
    from ..batch.local import ingest as batch_ingest
    from ..batch.local import pool_options
    from ..options import defaults_from_args

    defaults = defaults_from_args(args)
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}")
    show = args.progress or sys.stderr.isatty()
    bar = ProgressLine(sys.stderr, total=_count_documents(args.sources) if show else None,
                       enabled=show)
    summary = None

    def report(line: str) -> None:
        bar.clear()
        print(f"saywho: {line}", file=sys.stderr)

    stats = IngestStats()

    def progress(current: Any) -> None:
        nonlocal summary
        summary = current
        current.count_input(stats)
        bar.update(current)

    with open_store(args.db) as store:
        try:
            items = (defaults.apply(i) if isinstance(i, Article) else i
                     for i in read(args.sources, duplicates=args.duplicates,
                                   max_bytes=args.max_bytes, encoding=args.encoding,
                                   stats=stats))
            summary = batch_ingest(items, store,
                                   options=pool_options(args), report=report,
                                   progress=progress)
            summary.count_input(stats)
        except KeyboardInterrupt:
            bar.clear()
            if summary is not None:
                print(f"ingest interrupted: {summary.line()}; run it again to continue",
                      file=sys.stderr)
            raise
    bar.close()
    print(f"ingest: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0


def run_search(args: argparse.Namespace) -> int:
    if args.by == "trail":
        return _search_trails(args)
    with open_read(args.db) as store:
        page = store.search_statements(_filters_of(args), limit=args.limit, offset=args.offset,
                                       order=args.order)
    if args.format == "json":
        json.dump(page.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        from ..store.export import write_statements_csv

        write_statements_csv(page.items, sys.stdout)
    else:
        rows = [(s.said_on or "", _who(s), s.kind, s.cue or "", _confidence(s.confidence),
                 s.text.replace("\n", " "), s.site or "") for s in page.items]
        _table(("date", "speaker", "kind", "cue", "conf", "statement", "site"), rows, wide=5)
        shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "0"
        sys.stdout.flush()  # the table first, then the count line on stderr
        print(f"{shown} of {page.total} statements", file=sys.stderr)
        if any(s.confidence < UNCERTAIN_BELOW for s in page.items):
            print(f"conf: speaker confidence; '?' marks a speaker uncertain (below "
                  f"{UNCERTAIN_BELOW}); --min-confidence keeps the confident ones", file=sys.stderr)
    if page.total == 0 and (args.since or args.until):
        _explain_undated(args)
    return 0


TRAIL_CSV = ("id", "speaker_id", "speaker", "reports", "matches", "articles", "sites", "variants",
             "first_said", "last_said", "text")


def _search_trails(args: argparse.Namespace) -> int:
    """``saywho search``'s default: the matching statements grouped by trail."""
    if args.order != "date":
        raise UsageError("--order relevance sorts statements: add --by statement "
                         "(trails come most matching reports first)")
    with open_read(args.db) as store:
        page = store.search_trails(_filters_of(args), limit=args.limit, offset=args.offset)
    if args.format == "json":
        json.dump(page.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(TRAIL_CSV)
        for hit in page.items:
            row = hit.to_dict()
            writer.writerow([row[name] for name in TRAIL_CSV])
    else:
        rows = [(f"{h.summary.id}", h.summary.first_said or "", h.summary.speaker or "?",
                 _reports(h.summary.reports, h.matches), str(h.summary.sites),
                 h.summary.text.replace("\n", " ")) for h in page.items]
        _table(("trail", "first said", "speaker", "reports", "outlets", "statement"), rows,
               wide=5)
        shown = f"{page.offset + 1}-{page.offset + len(page.items)}" if page.items else "0"
        sys.stdout.flush()
        print(f"{shown} of {page.total} trails; each trail's reports: saywho export --trails, "
              "or /trails/ID in saywho serve; --by statement lists every statement",
              file=sys.stderr)
    if page.total == 0 and (args.since or args.until):
        _explain_undated(args)
    return 0


def _reports(reports: int, matches: int) -> str:
    """"3" when every report matches, "2 of 3" when some do not."""
    return str(reports) if matches >= reports else f"{matches} of {reports}"


def _who(s: Any) -> str:
    """The speaker, with how an inferred one was found: "Ann Lee [pronoun]"."""
    who = s.speaker or s.speaker_name or "?"
    if s.resolved_by and s.resolved_by != "explicit":
        who += f" [{s.resolved_by}]"
    return who


def _confidence(value: float) -> str:
    return f"{value:.2f}" + ("?" if value < UNCERTAIN_BELOW else "")


def _explain_undated(args: argparse.Namespace) -> None:
    """Nothing found in a date range: say when that is because the statements carry no date."""
    from dataclasses import replace

    undated = replace(_filters_of(args), since=None, until=None)
    with open_read(args.db) as store:
        without = store.search_statements(undated, limit=1).total
        dated = store.search_statements(replace(undated, since="0001"), limit=1).total
    if without > dated:
        print(f"saywho: {without - dated} matching statements have no date (their articles "
              "carry no publication date), so --since/--until cannot match them; give one "
              "when storing: saywho ingest FILES --published YYYY-MM-DD", file=sys.stderr)


def run_speakers(args: argparse.Namespace) -> int:
    from ..store import open_store

    if args.action:
        return _speaker_action(args)
    if args.operands:
        raise UsageError(f"unexpected {args.operands[0]!r}: give an action first "
                         f"({', '.join(SPEAKER_ACTIONS)})")
    if args.aliases:
        with open_store(args.db) as store:
            rules = store.speaker_rules()
        if args.format == "json":
            json.dump([r.to_dict() for r in rules], sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            _table(("kind", "name", "becomes", "since"),
                   [(r.kind, r.name, r.target if r.kind == "merge" else (r.value or "apart"),
                     r.created_at) for r in rules], wide=2)
            sys.stdout.flush()
            print(f"{len(rules)} corrections", file=sys.stderr)
        return 0
    with open_read(args.db) as store:
        page = store.speakers(name=args.name, type=args.type,
                              unlinked=True if args.unlinked else None, limit=args.limit,
                              offset=args.offset)
    if args.format == "json":
        json.dump(page.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        fields = ("id", "name", "type", "statements", "articles", "first_said", "last_said",
                  "unlinked")
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(s.to_dict() for s in page.items)
    else:
        rows = [(str(s.statements), str(s.articles), s.type,
                 s.name + (" (unlinked)" if s.unlinked else ""), s.first_said or "",
                 s.last_said or "", str(s.id)) for s in page.items]
        _table(("statements", "articles", "type", "name", "first", "last", "id"), rows, wide=3)
        sys.stdout.flush()
        print(f"{len(page.items)} of {page.total} {'unlinked ' if args.unlinked else ''}"
              "speakers", file=sys.stderr)
    return 0


def _speaker_action(args: argparse.Namespace) -> int:
    from ..store import open_store

    wanted, what = SPEAKER_ACTIONS[args.action]
    if len(args.operands) != wanted:
        raise UsageError(f"speakers {args.action} takes {wanted} arguments, "
                         f"{what.split(':')[0] if wanted else 'none'}; got {len(args.operands)}")
    with open_store(args.db) as store:
        ops = args.operands
        if args.action == "merge":
            sid = store.merge_speakers(ops[0], ops[1])
            done = f"merged {ops[0]!r} into speaker {sid}"
        elif args.action == "split":
            sid = store.split_speaker(ops[0], ops[1])
            done = f"statements under {ops[1]!r} are now speaker {sid}"
        elif args.action == "rename":
            sid = store.rename_speaker(ops[0], ops[1])
            done = f"speaker {sid} is now shown as {ops[1]!r}"
        elif args.action == "set-type":
            sid = store.set_speaker_type(ops[0], ops[1])
            done = f"speaker {sid} is now of type {ops[1].upper()}"
        else:
            store.relink_speakers()
            done = f"relinked: {store.counts()['speakers']} speakers"
    print(f"speakers: {done}", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..store import export

    filters = _filters_of(args)
    if args.format == "parquet" and not args.output:
        raise UsageError("parquet export needs --output FILE.parquet")
    if args.trails and (args.format != "jsonl" or not filters.is_empty()):
        raise UsageError("--trails writes every trail as JSON lines: use --format jsonl and "
                         "no statement filters (--min-reports N picks the larger trails)")
    with open_read(args.db) as store:
        if args.trails:
            out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
            try:
                n, what = export.write_trails_jsonl(
                    store.iter_trails(min_reports=args.min_reports), out), "trails"
            finally:
                if args.output:
                    out.close()
        elif args.format == "parquet":
            n = export.write_statements_parquet(store.iter_statements(filters), args.output)
            what = "statements"
        else:
            out: IO[str] = (open(args.output, "w", encoding="utf-8", newline="")
                            if args.output else sys.stdout)
            try:
                if args.format == "jsonl" and filters.is_empty() and not args.statements:
                    n, what = export.write_articles_jsonl(store, out), "articles"
                elif args.format == "jsonl":
                    n = export.write_statements_jsonl(store.iter_statements(filters), out)
                    what = "statements"
                else:
                    n = export.write_statements_csv(store.iter_statements(filters), out)
                    what = "statements"
            finally:
                if args.output:
                    out.close()
    print(f"export: {n} {what} written to {args.output or 'standard output'}", file=sys.stderr)
    return 0


# --- output helpers -------------------------------------------------------------------------

def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], *, wide: int) -> None:
    """Print aligned columns; column ``wide`` takes the space left and is cut to fit."""
    width = shutil.get_terminal_size((120, 24)).columns
    sizes = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    others = sum(s for i, s in enumerate(sizes) if i != wide) + 2 * (len(sizes) - 1)
    sizes[wide] = max(20, min(sizes[wide], width - others))

    def fit(value: str, size: int) -> str:
        return value if len(value) <= size else value[:size - 1] + "…"

    for row in (header, *rows):
        print("  ".join(fit(v, s).ljust(s) for v, s in zip(row, sizes)).rstrip())


def _count_documents(sources: list[str]) -> int | None:
    """Number of single-document files under ``sources``; ``None`` when it cannot be known
    up front (stdin, globs, JSONL or WARC files hold many articles each)."""
    total = 0
    for source in sources:
        if os.path.isfile(source):
            paths: list[str] = [source]
        elif os.path.isdir(source):
            paths = [os.path.join(d, f) for d, _, files in os.walk(source) for f in files]
        else:
            return None
        for path in paths:
            name = os.path.basename(path).lower()
            if name.startswith("."):
                continue
            if not name.endswith(SINGLE_DOC_SUFFIXES):
                return None
            total += 1
    return total

