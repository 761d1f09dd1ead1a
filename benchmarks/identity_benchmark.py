"""Speaker identity benchmark: store extracted records, count speakers, list the most quoted.

    .venv/bin/saywho extract '../shared/corpora/bbc-news/*/*.txt' --format jsonl \\
        --duplicates keep --site bbc.co.uk > /tmp/bbc.jsonl
    .venv/bin/python benchmarks/identity_benchmark.py /tmp/bbc.jsonl [--top 200] \\
        [--out benchmarks/identity-bbc-top200.tsv]

Records are stored (no NLP) in a fresh SQLite file, one transaction per article, and timed
(wall clock and this process's CPU time, the steadier figure on a shared machine);
then the number of speakers and the ``--top`` most quoted are written as a TSV (statements,
type, name, id) for checking by eye. "Surname pairs" counts the top speakers whose name is a
bare surname of another top speaker's full name (Blair / Tony Blair): the duplicates the
corpus identity is meant to remove. Works with any saywho version's ``open_store``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from saywho.records import Article
from saywho.store import open_store


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("records", help="saywho.article/1 JSONL (saywho extract --format jsonl)")
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--out", help="TSV of the top speakers")
    args = parser.parse_args()
    articles = []
    with open(args.records, encoding="utf-8") as lines:
        for line in lines:
            articles.append(Article.from_dict(json.loads(line)))
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{Path(tmp) / 'identity.db'}") as store:
            start, cpu = time.perf_counter(), time.process_time()
            for article in articles:
                store.add_article(article)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
            counts = store.counts()
            top = store.speakers(limit=args.top).items
    full = {s.name.split()[-1].lower(): s.name for s in top if len(s.name.split()) >= 2}
    pairs = [(s.name, full[s.name.lower()]) for s in top
             if len(s.name.split()) == 1 and s.name.lower() in full]
    print(f"{len(articles)} records stored in {elapsed:.1f}s "
          f"({len(articles) / elapsed:.0f} articles/s; CPU {1000 * cpu / len(articles):.1f} ms "
          f"an article): {counts['articles']} articles, "
          f"{counts['statements']} statements, {counts['speakers']} speakers")
    print(f"surname pairs among the top {args.top}: {len(pairs)} "
          + ", ".join(f"{a} / {b}" for a, b in pairs))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write("statements\ttype\tname\tid\n")
            for s in top:
                out.write(f"{s.statements}\t{s.type}\t{s.name}\t{s.id}\n")
        print(f"top {args.top} written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
