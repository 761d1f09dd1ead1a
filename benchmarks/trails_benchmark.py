"""Trails benchmark: store extracted records, count trails, write samples for checking by eye.

    .venv/bin/saywho extract '../shared/corpora/bbc-news/*/*.txt' --format jsonl \\
        --duplicates keep > /tmp/bbc.jsonl
    .venv/bin/python benchmarks/trails_benchmark.py /tmp/bbc.jsonl \\
        --out benchmarks/results/trails-bbc

Records are stored (no NLP) in a fresh SQLite file, so trails are placed article by article as
on ingest; then they are rebuilt from scratch and the two results compared (they must agree).
``--db FILE`` keeps that SQLite file; given again with a file that exists, the articles are not
stored a second time: only the rebuild runs (to measure a changed pair rule quickly).
Writes ``OUT-trails.md``: 100 random trails with more than one report, each with its reports,
for a precision check (does each hold one statement only?), and ``OUT-pairs.md``: 100 random
pairs of quotes by one speaker in different trails whose word sets overlap by at least half
(Jaccard), for a recall check (should any have been joined?). Both files quote article text:
keep them under benchmarks/results/ (ignored by git), never in the repository. ``--seed N``
draws other samples (default 14), for a check on trails not read before.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from saywho import trails as core
from saywho.records import Article
from saywho.store import open_store
from saywho.store import trails as trail_store

SEED = 14


def _members(store):
    with store.engine.connect() as conn:
        return {tuple(sorted(r.id for r in t.reports)): t for t in trail_store.iterate(conn)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", help="saywho.article/1 JSONL (saywho extract --format jsonl)")
    parser.add_argument("--out", required=True, help="path prefix of the sample files")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--db", help="SQLite file to keep the store in (reused when it exists)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"seed of the random samples (default {SEED})")
    args = parser.parse_args()
    with open(args.records, encoding="utf-8") as lines:
        articles = [Article.from_dict(json.loads(line)) for line in lines]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "trails.db"
        reuse = db.exists()
        with open_store(f"sqlite:///{db}") as store:
            return _report(store, articles, rng, args, reuse=reuse)


def _report(store, articles, rng, args, *, reuse: bool) -> int:
    start = time.perf_counter()
    if not reuse:
        store.add_articles(articles)
    stored = time.perf_counter() - start
    placed = None if reuse else _members(store)
    start = time.perf_counter()
    with store.engine.begin() as conn:
        trail_store.rebuild(conn)
    rebuilt_s = time.perf_counter() - start
    rebuilt = _members(store)
    trails = list(rebuilt.values())
    multi = [t for t in trails if t.summary.reports > 1]
    kinds = Counter(r.kind for t in multi for r in t.reports)
    sizes = Counter(min(t.summary.reports, 5) for t in multi)
    lines = [
        f"articles: {len(articles)}; "
        + ("stored before (--db)" if reuse else f"stored with trails in {stored:.1f} s")
        + f"; rebuilt from scratch in {rebuilt_s:.1f} s",
        "incremental == rebuilt: "
        + ("not checked (stored before)" if placed is None
           else str(sorted(placed) == sorted(rebuilt))),
        f"statements with a speaker: {sum(t.summary.reports for t in trails)}",
        f"trails: {len(trails)}; with more than one report: {len(multi)} "
        f"({sum(t.summary.reports for t in multi)} reports: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) + ")",
        "sizes: " + ", ".join(f"{'5+' if k == 5 else k}: {n}" for k, n in sorted(sizes.items())),
        f"with variants: {sum(1 for t in multi if t.summary.variants)}; spanning articles: "
        f"{sum(1 for t in multi if t.summary.articles > 1)}",
    ]
    print("\n".join(lines))
    out = [f"# {len(multi) if len(multi) < args.sample else args.sample} random trails "
           f"with more than one report (seed {args.seed})", "", *lines, "",
           "Verdict per trail: ONE (only reports of one statement) or MIXED.", ""]
    for t in sorted(rng.sample(multi, min(args.sample, len(multi))),
                    key=lambda t: t.summary.id):
        s = t.summary
        out.append(f"## trail {s.id}: {s.speaker} ({s.reports} reports, "
                   f"{s.articles} articles)")
        out.append(f"text: {s.text}")
        for r in t.reports:
            mark = " [variant: " + " ".join(
                f"{g.full!r}->{g.text!r}" for g in r.diff if g.op != "equal") + "]" \
                if r.diff else ""
            out.append(f"- {r.kind} a{r.article_id}: {r.text}{mark}")
        out.append("")
    Path(f"{args.out}-trails.md").write_text("\n".join(out), encoding="utf-8")
    # Quotes of one speaker in different trails with overlapping words.
    by_speaker = defaultdict(list)
    for t in trails:
        for r in t.reports:
            if r.kind != "indirect":
                by_speaker[t.summary.speaker_id].append((t.summary.id, r))
    pairs = []
    for items in by_speaker.values():
        bags = [(tid, r, set(core.words(r.text))) for tid, r in items]
        for i, (ta, ra, wa) in enumerate(bags):
            for tb, rb, wb in bags[i + 1:]:
                if ta != tb and len(wa) >= 4 and len(wb) >= 4 \
                        and len(wa & wb) / len(wa | wb) >= 0.5:
                    pairs.append((ra, rb, len(wa & wb) / len(wa | wb)))
    print(f"quote pairs of one speaker in different trails with word Jaccard >= 0.5: "
          f"{len(pairs)}")
    out = [f"# {min(args.sample, len(pairs))} of {len(pairs)} pairs of quotes by one "
           f"speaker, word Jaccard >= 0.5, left in different trails (seed {args.seed})", "",
           "Verdict per pair: APART (different statements) or JOIN (should be one trail).",
           ""]
    for ra, rb, j in rng.sample(pairs, min(args.sample, len(pairs))):
        out += [f"## a{ra.article_id} / a{rb.article_id} (Jaccard {j:.2f})",
                f"- {ra.text}", f"- {rb.text}", ""]
    Path(f"{args.out}-pairs.md").write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
