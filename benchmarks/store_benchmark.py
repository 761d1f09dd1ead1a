"""Store benchmark: ingest the BBC corpus into SQLite, then time 100 mixed searches.

    .venv/bin/python benchmarks/store_benchmark.py [--corpus ../shared/corpora/bbc-news]
        [--db benchmarks/results/store-bbc.db] [--reuse] [--json benchmarks/results/store.json]

Phases: (1) ingest every article (read, extract, store; one transaction per article);
(2) ingest again: everything is already present (the cost of a resume); (3) copy every stored
record into a fresh database, without NLP, to time the store's writes alone; (4) 100 searches
(words, phrases, prefixes, speaker filters, combinations), each returning a page of 20 with
its total count: one warm-up pass, then a timed pass; median and p95 latency.
The corpus is read from ../shared/corpora and never copied; absent, the script says so.

Before and after, in one run:

    .venv/bin/python benchmarks/store_benchmark.py --compare OTHER/src [--sample 300] \
        [--rounds 3] [--records FILE.jsonl] [--json FILE]

extracts ``--sample`` corpus files spread over its folders once (or reads ``--records``, a
JSONL of extracted records), timing the extraction, then stores the same records into a fresh
SQLite file, one transaction per article, with this tree and with the saywho at ``OTHER/src``
(say ``git archive COMMIT src | tar -x -C OTHER``), round after round in rotating order,
each in its own process, and once more with this tree's trail placement switched off (linking
alone). Each process first stores one record into a scratch database, so that loading data
files once a process is left out (an ingest has loaded them for extraction). It prints CPU
per article (the steady figure on a shared machine; wall too) and the ingest time of one
article, extraction plus store, as a ratio of the other tree's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from saywho.store import StatementFilters, open_store

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


# -- before and after -------------------------------------------------------------------------

SAMPLE_RECORDS = ROOT / "benchmarks" / "results" / "store-compare-sample.jsonl"


def spread(files: list[str], n: int) -> list[str]:
    """``n`` of ``files`` at even steps, so that every folder of the corpus is represented."""
    return files if n >= len(files) else [files[i * len(files) // n] for i in range(n)]


def extract_sample(sources: list[str], out: Path) -> dict:
    """Extract ``sources`` as ingest does (batches of its size) into ``out`` as JSONL; the
    extraction's CPU and wall time an article, the model's loading left out."""
    from saywho.extraction import extract_each
    from saywho.ingest import read
    from saywho.records import Article
    from saywho.store.runner import DEFAULT_BATCH

    articles = [a for a in read(sources, duplicates="keep") if isinstance(a, Article)]
    extract_each(articles[:1])  # loads the model
    cpu, wall = time.process_time(), time.perf_counter()
    done: list[Article] = []
    for i in range(0, len(articles), DEFAULT_BATCH):
        done += [r for r in extract_each(articles[i:i + DEFAULT_BATCH]) if isinstance(r, Article)]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in done), encoding="utf-8")
    return {"articles": len(done), "cpu_ms": 1000 * cpu / len(done),
            "wall_ms": 1000 * wall / len(done)}


def store_only(records: Path, *, trails: bool) -> dict:
    """Store ``records`` into a fresh SQLite file, one transaction per article, with the saywho
    this process imports; ``trails=False`` switches trail placement off (linking alone)."""
    from saywho.records import Article

    if not trails:
        from saywho.store import trails as placement

        placement.add = lambda conn, article_id: None
    with records.open(encoding="utf-8") as lines:
        articles = [Article.from_dict(json.loads(line)) for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{tmp}/warm.db") as scratch:
            scratch.add_articles(articles[:1])  # data files loaded once a process, as in ingest
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{tmp}/s.db") as store:
        cpu, wall = time.process_time(), time.perf_counter()
        store.add_articles(articles, batch_size=1)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        counts = store.counts()
    return {"articles": len(articles), "cpu_ms": 1000 * cpu / len(articles),
            "wall_ms": 1000 * wall / len(articles), "speakers": counts["speakers"],
            "statements": counts["statements"]}


def run_variant(src: Path, records: Path, *, trails: bool) -> dict:
    """``store_only`` in a fresh process that imports saywho from ``src``."""
    command = [sys.executable, __file__, "--store-only", str(records)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(command + ([] if trails else ["--no-trails"]), env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(other: Path, records: Path, rounds: int) -> dict:
    """Every variant once a round, the order rotated each round; medians and the ratios of
    this tree to ``other`` (per round, then their median)."""
    variants = {"before": (other, True), "now": (ROOT / "src", True),
                "now, linking alone": (ROOT / "src", False)}
    names = list(variants)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            src, trails = variants[name]
            runs[name].append(run_variant(src, records, trails=trails))
            print(f"  round {r + 1} {name}: {runs[name][-1]['cpu_ms']:.1f} ms CPU an article",
                  file=sys.stderr)
    out = {name: {"cpu_ms": statistics.median(x["cpu_ms"] for x in rs),
                  "wall_ms": statistics.median(x["wall_ms"] for x in rs),
                  "cpu_ms_runs": [round(x["cpu_ms"], 2) for x in rs],
                  "articles": rs[0]["articles"], "speakers": rs[0]["speakers"],
                  "statements": rs[0]["statements"]}
           for name, rs in runs.items()}
    for name in names[1:]:
        out[name]["store_cpu_ratio"] = statistics.median(
            a["cpu_ms"] / b["cpu_ms"] for a, b in zip(runs[name], runs["before"]))
    return out


def add_ingest_ratios(figures: dict) -> None:
    """Ingest time of one article, extraction plus store, over the other tree's (CPU): the
    extraction is the same code in both, so only the store's share differs."""
    e, before = figures["extraction"]["cpu_ms"], figures["store"]["before"]["cpu_ms"]
    for v in list(figures["store"].values())[1:]:
        v["ingest_cpu_ratio"] = (e + v["cpu_ms"]) / (e + before)


def print_comparison(figures: dict) -> None:
    e = figures.get("extraction")
    print(f"{figures['articles']} records; " + (
        f"extraction {e['cpu_ms']:.1f} ms CPU an article ({e['wall_ms']:.1f} ms wall)" if e
        else "extraction not timed (--records): store figures only"))
    for name, v in figures["store"].items():
        line = (f"{name:20s} store {v['cpu_ms']:6.1f} ms CPU an article (wall {v['wall_ms']:.1f};"
                f" runs {v['cpu_ms_runs']}); {v['speakers']} speakers")
        if "store_cpu_ratio" in v:
            line += f"; store x{v['store_cpu_ratio']:.2f}"
        if "ingest_cpu_ratio" in v:
            ingest = v["ingest_cpu_ratio"]
            line += (f", ingest (extraction + store) x{ingest:.3f} the time, "
                     f"throughput {100 * (1 / ingest - 1):+.1f}%")
        print(line)


def compare_main(args: argparse.Namespace) -> int:
    records = args.records
    figures: dict = {"other": str(args.compare), "rounds": args.rounds}
    if records is None:
        if not args.corpus.is_dir():
            print(f"BBC corpus not found at {args.corpus}; nothing to measure", file=sys.stderr)
            return 2
        records = SAMPLE_RECORDS
        files = sorted(str(p) for p in args.corpus.glob("*/*.txt"))
        figures["extraction"] = extract_sample(spread(files, args.sample), records)
    figures["records"] = str(records)
    figures["store"] = compare(args.compare, records, args.rounds)
    figures["articles"] = figures["store"]["now"]["articles"]
    if "extraction" in figures:
        add_ingest_ratios(figures)
    print_comparison(figures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--reuse", action="store_true",
                        help="keep an existing database (skip to the resume and query phases)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--compare", type=Path, metavar="SRC",
                        help="time store writes against the saywho at SRC (before and after)")
    parser.add_argument("--sample", type=int, default=300,
                        help="corpus files extracted for --compare")
    parser.add_argument("--records", type=Path,
                        help="extracted records (JSONL) for --compare instead of extracting")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-trails", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.store_only:
        print(json.dumps(store_only(args.store_only, trails=not args.no_trails)))
        return 0
    if args.compare:
        return compare_main(args)
    if not args.corpus.is_dir():
        print(f"BBC corpus not found at {args.corpus}; nothing to measure", file=sys.stderr)
        return 2
    from saywho.ingest import read
    from saywho.store.runner import ingest_items

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
