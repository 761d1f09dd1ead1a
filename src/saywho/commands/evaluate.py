"""``saywho eval``: score the extractor on a gold corpus (PolNeAR or saywho's own JSONL)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import EvalError, UsageError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the extractor against gold attributions",
        description="Extract attributions from a gold corpus and score them: precision, recall "
                    "and F1 at content overlap 0.3/0.5/0.8 for quoted, unquoted and all "
                    "attributions, speaker and cue accuracy, failed articles, and with "
                    "PolNeAR's resolved-speaker gold whether the speaker is named right. "
                    "Exits 0 once the "
                    "corpus is scored: articles whose extraction failed are counted in the "
                    "figures (the quality gate judges them), not treated as a run failure.",
    )
    gold = parser.add_mutually_exclusive_group(required=True)
    gold.add_argument("--polnear", metavar="DIR",
                      help="a PolNeAR split folder holding text/ and attributions/ (e.g. data/dev)")
    gold.add_argument("--own", metavar="FILE.jsonl",
                      help="gold articles as saywho.article/1 JSONL records")
    parser.add_argument("--speakers", metavar="DIR",
                        help="resolved-speaker worksheets for --polnear (default: "
                             "polnear-speakers/<split> beside the PolNeAR folder, when it exists)")
    parser.add_argument("--no-speakers", dest="speakers", action="store_const", const="",
                        help="do not score resolved speakers")
    parser.add_argument("--json", metavar="OUT", help="also write every figure as JSON to OUT")
    parser.add_argument("--pred-dir", metavar="DIR",
                        help="also write each extracted article to DIR/<doc>.json "
                             "(saywho.article/1), e.g. for the corpus's own scorers")
    parser.add_argument("--model", metavar="NAME", help="spaCy pipeline to use (package or path)")
    parser.add_argument("--limit", metavar="N", type=int, help="score only the first N articles")
    parser.add_argument("--no-beliefs", dest="beliefs", action="store_false",
                        help="extract speech only, not thoughts and intentions")
    parser.add_argument("--batch-size", metavar="N", type=int, default=16,
                        help="articles parsed per batch (default 16)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate_with_extractor, format_report, own_docs, polnear_docs

    if args.limit is not None and args.limit < 1:
        raise UsageError(f"--limit must be a positive number of articles, not {args.limit}")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}")
    speakers = None
    if args.polnear:
        speakers = speaker_folder(args.polnear, args.speakers)
        corpus = args.polnear
        docs = polnear_docs(args.polnear, limit=args.limit, speakers=speakers)
    else:
        if args.speakers:
            raise UsageError("--speakers goes with --polnear")
        corpus, docs = args.own, own_docs(args.own, limit=args.limit)
    if not docs:
        raise EvalError(f"no gold articles found in {corpus}")
    report = evaluate_with_extractor(docs, model=args.model, batch_size=args.batch_size,
                                     beliefs=args.beliefs, pred_dir=args.pred_dir)
    report.meta.update({
        "corpus": str(corpus),
        "format": "polnear" if args.polnear else "saywho.article/1",
        "speaker_gold": None if speakers is None else str(speakers),
        "model": args.model,
        "saywho": _version(),
    })
    print(format_report(report, title=str(corpus)))
    if args.json:
        out = Path(args.json)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror}; choose another --json path") \
                from exc
        print(f"figures written to {out}")
    return 0


def speaker_folder(polnear: str, given: str | None) -> Path | None:
    """The resolved-speaker worksheets to use: as given ("" = none), else the sibling
    ``polnear-speakers/<split>`` of ``.../polnear/data/<split>`` when it exists."""
    if given is not None:
        return Path(given) if given else None
    split = Path(polnear).resolve()
    if split.parent.name != "data":  # not the corpus's own layout: nothing to guess from
        return None
    # .../corpora/polnear/data/dev -> .../corpora/polnear-speakers/dev
    guess = split.parents[2] / "polnear-speakers" / split.name
    return guess if guess.is_dir() else None


def _version() -> str:
    from .. import __version__

    return __version__
