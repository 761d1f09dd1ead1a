"""Store benchmark: ingest the BBC corpus into SQLite, then time 100 mixed searches.

    .venv/bin/python benchmarks/store_benchmark.py [--corpus ../shared/corpora/bbc-news]
        [--db benchmarks/results/store-bbc.db] [--reuse] [--json benchmarks/results/store.json]

Phases: (1) ingest every article (read, extract, store; one transaction per article);
(2) ingest again: everything is already present (the cost of a resume); (3) copy every stored
record into a fresh database, without NLP, to time the store's writes alone; (4) 100 searches
(words, phrases, prefixes, speaker filters, combinations), each returning a page of 20 with
its total count: one warm-up pass, then a timed pass; median and p95 latency.
The corpus is read from ../shared/corpora and never copied; absent, the script says so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from saywho.store import StatementFilters, open_store
from saywho.store.runner import ingest_items

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
DEFAULT_DB = ROOT / "benchmarks" / "results" / "store-bbc.db"

# Generic news vocabulary chosen for the benchmark (not taken from the corpus).
WORDS = ["government", "election", "market", "music", "film", "players", "police", "prices",
         "growth", "technology", "minister", "tax", "company", "fans", "internet", "court",
         "jobs", "oil", "award", "match", "budget", "phone", "economy", "team", "europe",
         "security", "investment", "games", "labour", "chancellor"]
PHRASES = ["interest rates", "prime minister", "general election", "we are", "this year",
           "the government", "very happy", "next year", "chief executive", "a lot",
           "the world", "at the moment", "we will", "i think", "the company",
           "human rights", "tony blair", "the public", "last year", "in the future"]
PREFIXES = ["elect", "econom", "govern", "invest", "champion", "digit", "compan", "minist",
            "polit", "tech", "secur", "financ", "music", "broadband", "win", "immigr",
            "vote", "consum", "profit", "injur"]
COMBINED = [("growth", {"kind": "direct"}), ("players", {"kind": "indirect"}),
            ("tax", {"cue": "said"}), ("market", {"since": "2004-06", "until": "2005-06"}),
            ('"we will"', {"kind": "direct"}), ("elect*", {"cue": "say"}),
            ("music", {"medium": "radio"}), ("oil", {"kind": "mixed"}),
            ("court", {"cue": "told"}), ("phone*", {"since": "2005"})]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def build_queries(store) -> list[tuple[str, StatementFilters]]:
    speakers = [s.name for s in store.speakers(limit=20).items]
    queries = [("word", StatementFilters(query=w)) for w in WORDS]
    queries += [("phrase", StatementFilters(query=f'"{p}"')) for p in PHRASES]
    queries += [("prefix", StatementFilters(query=f"{p}*")) for p in PREFIXES]
    for i, name in enumerate(speakers):
        text = None if i % 2 else WORDS[i % len(WORDS)]
        queries.append(("speaker", StatementFilters(query=text, speaker=name)))
    queries += [("combined", StatementFilters(query=q, **f)) for q, f in COMBINED]
    return queries[:100]


def time_queries(store, queries) -> dict:
    for _, filters in queries:  # warm-up: page cache and SQLite's schema cache
        store.search_statements(filters, limit=20)
    latencies: dict[str, list[float]] = {}
    hits = []
    for kind, filters in queries:
        start = time.perf_counter()
        page = store.search_statements(filters, limit=20)
        latencies.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        hits.append(page.total)
    every = [x for xs in latencies.values() for x in xs]
    result = {"queries": len(every), "median_ms": statistics.median(every),
              "p95_ms": percentile(every, 0.95), "max_ms": max(every),
              "median_hits": statistics.median(hits), "zero_hit_queries": hits.count(0)}
    result["by_kind"] = {k: {"n": len(v), "median_ms": statistics.median(v),
                             "p95_ms": percentile(v, 0.95)} for k, v in latencies.items()}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--reuse", action="store_true",
                        help="keep an existing database (skip to the resume and query phases)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"BBC corpus not found at {args.corpus}; nothing to measure", file=sys.stderr)
        return 2
    from saywho.ingest import read

    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{args.db}"
    figures: dict = {"corpus": str(args.corpus), "db": str(args.db)}
    sources = sorted(str(p) for p in args.corpus.glob("*/*.txt"))

    with open_store(url) as store:
        # duplicates="keep": every file reaches the store, which itself skips exact repeats
        # (same URL and text) as "already present".
        start = time.perf_counter()
        first = ingest_items(read(sources, duplicates="keep"), store,
                             report=lambda line: print(f"  failed: {line}", file=sys.stderr))
        figures["ingest"] = {"seconds": time.perf_counter() - start, "stored": first.stored,
                             "present": first.present, "failed": first.failed,
                             "statements": first.statements}
        start = time.perf_counter()
        again = ingest_items(read(sources, duplicates="keep"), store)
        figures["resume"] = {"seconds": time.perf_counter() - start, "stored": again.stored,
                             "present": again.present}
        records = [r.article for r in store.iter_articles()]
        figures["counts"] = store.counts()

        copy_db = args.db.with_name(args.db.stem + "-copy.db")
        for batch in (1, 50):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy_db}{suffix}").unlink(missing_ok=True)
            with open_store(f"sqlite:///{copy_db}") as copy:
                start = time.perf_counter()
                copy.add_articles(records, batch_size=batch)
                seconds = time.perf_counter() - start
            figures[f"store_writes_batch_{batch}"] = {
                "seconds": seconds, "articles_per_s": len(records) / seconds}
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy_db}{suffix}").unlink(missing_ok=True)

        figures["search"] = time_queries(store, build_queries(store))
        top = store.speakers(limit=1).items[0]
        start = time.perf_counter()
        store.speakers(limit=50)
        figures["speakers_list_ms"] = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        store.speaker(top.id)
        figures["speaker_profile_ms"] = (time.perf_counter() - start) * 1000
    figures["db_mib"] = os.path.getsize(args.db) / 2**20

    ing, s = figures["ingest"], figures["search"]
    print(f"ingest: {len(sources)} files: {ing['stored']} articles stored "
          f"({ing['statements']} statements), {ing['present']} already present (repeated "
          f"texts), {ing['failed']} failed, in {ing['seconds']:.1f}s "
          f"({len(sources) / ing['seconds']:.1f} files/s, extraction included)")
    res = figures["resume"]
    print(f"resume (same files again): {res['present']} present, {res['stored']} stored, "
          f"in {res['seconds']:.1f}s")
    for batch in (1, 50):
        w = figures[f"store_writes_batch_{batch}"]
        print(f"store writes alone, {batch} article(s) per transaction: "
              f"{w['articles_per_s']:.0f} articles/s")
    print(f"database: {figures['db_mib']:.1f} MiB, {figures['counts']}")
    print(f"search ({s['queries']} queries, page of 20 + total): median {s['median_ms']:.2f} ms, "
          f"p95 {s['p95_ms']:.2f} ms, max {s['max_ms']:.2f} ms")
    for kind, k in s["by_kind"].items():
        print(f"  {kind:9s} n={k['n']:3d}  median {k['median_ms']:.2f} ms  p95 {k['p95_ms']:.2f} ms")
    print(f"speakers list (50): {figures['speakers_list_ms']:.1f} ms; "
          f"speaker profile: {figures['speaker_profile_ms']:.1f} ms")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
