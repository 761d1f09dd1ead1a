#!/usr/bin/env python3
"""List saywho's misses and false alarms on PolNeAR, for working on recall and precision.

    .venv/bin/python benchmarks/eval_errors.py [--category quoted] [--out FILE]

Writes, per article: gold attributions no prediction matched (MISSED, with how much of them
the best overlapping prediction covered), predictions that matched no gold (SPURIOUS), and
matched pairs whose speaker or cue is wrong. It opens with counts of the cue words behind the
misses and the false alarms. Matching is the scorer's (``saywho.evaluate``) at one threshold.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from saywho.evaluate import extract_safely, polnear_docs, score
from saywho.evaluate.corpora import GoldAttribution, GoldDoc, is_quoted_prediction, ranges_text
from saywho.evaluate.metrics import merge, overlap, size
from saywho.records import Article, Attribution

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpora" / "polnear" / "data" / "dev"
SNIPPET = 160  # characters of content shown per entry


def snip(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gold_line(doc: GoldDoc, g: GoldAttribution) -> str:
    cue = ranges_text(doc.text, g.cue) if g.cue else "-"
    source = ranges_text(doc.text, g.source) if g.source else "-"
    return f"[{'Q' if g.quoted else 'U'}] {snip(ranges_text(doc.text, g.content))}  " \
           f"|| cue: {cue} | source: {source}"


def pred_line(p: Attribution) -> str:
    speaker = p.speaker.mention.text if p.speaker and p.speaker.mention else "-"
    name = f" ({p.speaker.name})" if p.speaker and p.speaker.name else ""
    cue = p.cue.text if p.cue else "-"
    return f"[{p.kind}] {snip(p.content.text)}  || cue: {cue} | speaker: {speaker}{name} " \
           f"| conf {p.confidence:.2f}"


def in_category(category: str, quoted: bool) -> bool:
    return category == "all" or (category == "quoted") == quoted


def _best_cover(g: GoldAttribution, preds: tuple[Attribution, ...], category: str,
                matched: set[int]) -> str:
    """How much of a missed gold the most overlapping prediction of its category covers."""
    content = merge(g.content)
    best, best_i = 0, -1
    for i, p in enumerate(preds):
        if in_category(category, is_quoted_prediction(p)):
            shared = overlap(content, merge(p.content.ranges()))
            if shared > best:
                best, best_i = shared, i
    if not best:
        return ""
    taken = ", matched to another gold" if best_i in matched else ""
    return f" (best prediction covers {best / size(content):.0%}{taken})"


def report(docs: list[GoldDoc], outcomes: list, *, category: str, threshold: float) -> str:
    results = score(zip(docs, outcomes), thresholds=(threshold,))
    missed_cues: Counter[str] = Counter()
    spurious_cues: Counter[str] = Counter()
    body: list[str] = []
    n_missed = n_spurious = n_speaker = n_cue = 0
    for doc, outcome, result in zip(docs, outcomes, results.articles):
        preds = outcome.attributions if isinstance(outcome, Article) else ()
        pairs = result.pairs[(category, threshold)]
        matched_g = {p.gold for p in pairs}
        matched_p = {p.pred for p in pairs}
        lines: list[str] = []
        if result.error:
            lines.append(f"  FAILED: {result.error}")
        for gi, g in enumerate(doc.attributions):
            if gi in matched_g or not in_category(category, g.quoted):
                continue
            n_missed += 1
            missed_cues[ranges_text(doc.text, g.cue).lower() if g.cue else "-"] += 1
            cover = _best_cover(g, preds, category, matched_p)
            lines.append(f"  MISSED{cover}: {gold_line(doc, g)}")
        for pi, p in enumerate(preds):
            if pi in matched_p or not in_category(category, is_quoted_prediction(p)):
                continue
            n_spurious += 1
            spurious_cues[p.cue.text.lower() if p.cue else "-"] += 1
            lines.append(f"  SPURIOUS: {pred_line(p)}")
        for pair in pairs:
            g, p = doc.attributions[pair.gold], preds[pair.pred]
            speaker_ok = not g.source or (
                p.speaker is not None and p.speaker.mention is not None
                and overlap(merge([(p.speaker.mention.start, p.speaker.mention.end)]),
                            merge(g.source)) > 0)
            cue_ok = not g.cue or (p.cue is not None and overlap(
                merge([(p.cue.start, p.cue.end)]), merge(g.cue)) > 0)
            if speaker_ok and cue_ok:
                continue
            n_speaker += not speaker_ok
            n_cue += not cue_ok
            what = " and ".join(w for w, ok in (("SPEAKER", speaker_ok), ("CUE", cue_ok))
                                if not ok)
            lines.append(f"  WRONG {what}:\n    gold: {gold_line(doc, g)}\n"
                         f"    pred: {pred_line(p)}")
        if lines:
            body.append(f"== {doc.id}")
            body.extend(lines)
    c = results.counts(category, threshold)
    head = [
        f"category {category}, overlap {threshold:g}: gold {c.gold}, predicted {c.predicted}, "
        f"matched {c.matched}; P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f}",
        f"missed {n_missed}, spurious {n_spurious}, wrong speaker {n_speaker}, "
        f"wrong cue {n_cue}, failed articles {len(results.failed)}",
        "",
        "cues of missed gold: " + ", ".join(f"{k} {v}" for k, v in missed_cues.most_common(40)),
        "",
        "cues of spurious predictions: "
        + ", ".join(f"{k} {v}" for k, v in spurious_cues.most_common(40)),
        "",
    ]
    return "\n".join(head + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEV, help="PolNeAR split folder")
    parser.add_argument("--category", choices=("quoted", "unquoted", "all"), default="all")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--model", help="spaCy pipeline to use")
    parser.add_argument("--limit", type=int, help="first N articles only")
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "eval_errors.txt")
    args = parser.parse_args(argv)
    if not args.polnear.is_dir():
        print(f"eval_errors: no PolNeAR split at {args.polnear}", file=sys.stderr)
        return 2
    docs = polnear_docs(args.polnear, limit=args.limit)
    outcomes = list(extract_safely([d.article() for d in docs], model=args.model))
    text = report(docs, outcomes, category=args.category, threshold=args.threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("\n".join(text.splitlines()[:2]))
    print(f"details written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
