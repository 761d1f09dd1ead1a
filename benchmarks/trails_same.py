"""Check that another tree places the same trails: same ids, members, texts and variants.

    .venv/bin/python benchmarks/trails_same.py OTHER/src RECORDS.jsonl [--limit 300]

Stores the first ``--limit`` records (no NLP) into a fresh SQLite file, one transaction per
article as on ingest, once with this tree and once with the saywho at ``OTHER/src`` (say
``git archive COMMIT src | tar -x -C OTHER``), each in its own process; then compares every
trail as ``saywho export --trails`` writes it. Exits 1 at the first difference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def store_and_export(records: Path, limit: int, out: Path) -> None:
    """Store ``records`` with the saywho this process imports; every trail to ``out``."""
    from saywho.records import Article
    from saywho.store import open_store

    with records.open(encoding="utf-8") as lines:
        articles = [Article.from_dict(json.loads(line)) for line in islice(lines, limit)]
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/s.db") as store:
        store.add_articles(articles, batch_size=1)
        with out.open("w", encoding="utf-8") as f:
            for trail in store.iter_trails():
                f.write(json.dumps(trail.to_dict(), sort_keys=True) + "\n")


def export_with(src: Path, records: Path, limit: int, out: Path) -> None:
    command = [sys.executable, __file__, "--export", str(out), str(src), str(records),
               "--limit", str(limit)]
    subprocess.run(command, env={**os.environ, "PYTHONPATH": str(src)}, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("other", type=Path, help="the other tree's src folder")
    parser.add_argument("records", type=Path, help="extracted records (JSONL)")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export:
        store_and_export(args.records, args.limit, args.export)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        theirs, mine = Path(tmp, "other.jsonl"), Path(tmp, "this.jsonl")
        export_with(args.other, args.records, args.limit, theirs)
        export_with(ROOT / "src", args.records, args.limit, mine)
        a, b = theirs.read_text().splitlines(), mine.read_text().splitlines()
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            print(f"trail {n} differs:\n  other: {x[:300]}\n  this:  {y[:300]}")
            return 1
    if len(a) != len(b):
        print(f"{len(a)} trails with the other tree, {len(b)} with this one")
        return 1
    members = sum(len(json.loads(x)["reports"]) for x in b)
    print(f"identical: {len(b)} trails, {members} reports, {args.limit} records at most")
    return 0


if __name__ == "__main__":
    sys.exit(main())
