"""Throughput of ``saywho ingest --workers N`` and of the Spark job on the BBC news corpus.

Each configuration runs in a fresh child process (clean model cache, its own peak memory):

  pool-1      ``ingest --workers 1``: in-process, the parent is the worker
  pool-2      ``ingest --workers 2``: two spawned workers, the parent reads and writes SQLite
  spark       ``saywho spark`` in local[2]: session start-up, a small warm-up job (starts the
              Python workers and loads the model in each), then the timed job on the input

Reported per configuration: wall time, start-up (until the first article is committed, or
session + warm-up for Spark), steady throughput (articles/s after start-up), and peak
resident memory per worker process. The corpus subset (--limit) is taken round-robin over the
five categories and copied to a temporary folder, so every configuration reads the same files.
Order of runs is interleaved (--repeat) to spread the effect of other load on the machine.

    .venv/bin/python benchmarks/scale_benchmark.py --limit 600 --repeat 2 \\
        --json benchmarks/results/scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/bbc-news"
WARMUP_ARTICLES = 8


def pick(corpus: Path, limit: int) -> list[Path]:
    """``limit`` .txt files, round-robin over the category folders (sorted, stable)."""
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    lists = [sorted(f.glob("*.txt")) for f in folders]
    picked: list[Path] = []
    i = 0
    while len(picked) < limit and any(i < len(x) for x in lists):
        picked.extend(x[i] for x in lists if i < len(x))
        i += 1
    return picked[:limit]


def _cpu_self_and_children() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _descendants_cpu(root: int) -> float:
    """CPU seconds of the live processes under ``root`` (the JVM and its Python workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == root or not _descends_from(int(pid), root):
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children -------------------------------------------------------------------------------

def child_pool(folder: str, workers: int, db: str, model: str | None) -> dict:
    from saywho.batch.local import PoolOptions, ingest
    from saywho.ingest import read
    from saywho.options import ExtractOptions
    from saywho.store import open_store

    marks: dict[str, float] = {}
    first_seen = 0

    def progress(summary: object) -> None:
        nonlocal first_seen
        if "first" not in marks and getattr(summary, "stored", 0) > 0:
            marks["first"] = time.monotonic()
            first_seen = summary.seen  # type: ignore[attr-defined]

    started = time.monotonic()
    with open_store(f"sqlite:///{db}") as store:
        options = PoolOptions(workers=workers, extract=ExtractOptions(model=model))
        summary = ingest(read([folder]), store, options=options, progress=progress)
    ended = time.monotonic()
    n = summary.seen
    first = marks.get("first", ended)
    peaks = getattr(summary, "worker_peak_kib", {}) or {}
    return {
        "config": f"pool-{workers}", "articles": n, "stored": summary.stored,
        "failed": summary.failed, "statements": summary.statements,
        "wall_s": round(ended - started, 2), "startup_s": round(first - started, 2),
        "articles_per_s": round(n / (ended - started), 2),
        "steady_articles_per_s": round((n - first_seen) / max(ended - first, 1e-9), 2),
        "parent_cpu_s": round(sum(os.times()[:2]), 2),
        "total_cpu_s": round(_cpu_self_and_children(), 2),
        "parent_peak_mib": round(_peak_mib(), 1),
        "worker_peak_mib": ([round(v / 1024, 1) for v in peaks.values()] if peaks
                            else [round(_peak_mib(), 1)]),
    }


def child_spark(folder: str, out: str, model: str | None) -> dict:
    from saywho.batch.spark import JobOptions, build_session, run_job
    from saywho.options import ExtractOptions

    started = time.monotonic()
    spark = build_session("local[2]", conf={"spark.ui.showConsoleProgress": "false"})
    spark.sparkContext.setLogLevel("ERROR")
    session_s = time.monotonic() - started
    warm_in = Path(out) / "warmup-input"
    warm_in.mkdir(parents=True)
    for path in sorted(Path(folder).iterdir())[:WARMUP_ARTICLES]:
        shutil.copy(path, warm_in / path.name)
    warm = run_job(spark, [str(warm_in)], f"{out}/warmup",
                   options=JobOptions(extract=ExtractOptions(model=model), partitions=2))
    cpu_before = _descendants_cpu(os.getpid()) + sum(os.times()[:2])
    result = run_job(spark, [folder], f"{out}/run",
                     options=JobOptions(extract=ExtractOptions(model=model)))
    cpu_after = _descendants_cpu(os.getpid()) + sum(os.times()[:2])
    peaks = _python_worker_peaks()
    spark.stop()
    n = result.articles + result.failed
    return {
        "config": "spark-local[2]", "articles": n, "stored": result.articles,
        "failed": result.failed, "statements": result.attributions,
        "session_start_s": round(session_s, 2), "warmup_s": round(warm.seconds, 2),
        "wall_s": round(result.seconds, 2),
        "startup_s": round(session_s + warm.seconds, 2),
        "articles_per_s": round(n / result.seconds, 2),
        "steady_articles_per_s": round(n / result.seconds, 2),
        "total_cpu_s": round(cpu_after - cpu_before, 2),  # the timed job: driver, JVM, workers
        "all_cpu_s": round(cpu_after, 2),  # start-up and warm-up included
        "parent_peak_mib": round(_peak_mib(), 1),
        "worker_peak_mib": peaks,
    }


def _python_worker_peaks() -> list[float]:
    """Peak resident memory (VmHWM) of this driver's Python worker processes (Linux)."""
    me, found = os.getpid(), []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "pyspark.daemon" in cmd or "pyspark/daemon" in cmd or "pyspark.worker" in cmd:
            if not _descends_from(int(pid), me):
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    found.append(round(int(line.split()[1]) / 1024, 1))
    return sorted(found, reverse=True)


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


# --- parent ---------------------------------------------------------------------------------

def run_child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def busy_cpu_s() -> float:
    """CPU seconds spent by everything on the machine so far (Linux /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def loadavg() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=600, help="articles used (default 600)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of all configurations")
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark configuration")
    parser.add_argument("--model", help="spaCy pipeline (default: saywho's default)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        model = args.model
        result = (child_pool(rest[0], int(rest[1]), rest[2], model) if kind == "pool"
                  else child_spark(rest[0], rest[1], model))
        print(json.dumps(result))
        return 0
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    files = pick(args.corpus, args.limit)
    work = Path(tempfile.mkdtemp(prefix="saywho-scale-"))
    extra = ["--model", args.model] if args.model else []
    try:
        folder = work / "input"
        folder.mkdir()
        for path in files:  # category prefix keeps names unique across folders
            shutil.copy(path, folder / f"{path.parent.name}-{path.name}")
        runs: list[dict] = []
        configs = ["pool-1", "pool-2"] + ([] if args.no_spark else ["spark"])
        for round_no in range(args.repeat):
            for config in configs:
                target = work / f"{config}-{round_no}"
                before, busy_before, clock = loadavg(), busy_cpu_s(), time.monotonic()
                if config == "spark":
                    result = run_child(["spark", str(folder), str(target), *extra])
                else:
                    result = run_child(["pool", str(folder), config.split("-")[1],
                                        f"{target}.db", *extra])
                # Cores other jobs kept busy meanwhile (approximate: start-up included).
                mine = result.get("all_cpu_s", result["total_cpu_s"])
                others = (busy_cpu_s() - busy_before - mine) \
                    / (time.monotonic() - clock)
                result.update(round=round_no, loadavg_before=before, loadavg_after=loadavg(),
                              other_jobs_cores=round(max(others, 0.0), 2))
                runs.append(result)
                print(json.dumps(result), file=sys.stderr)
        report = summarise(runs, len(files), os.cpu_count() or 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def summarise(runs: list[dict], n: int, cores: int) -> dict:
    """Median steady throughput per configuration and the ratios the scale issue asks for."""
    by: dict[str, list[dict]] = {}
    for run in runs:
        by.setdefault(run["config"], []).append(run)
    median = {c: statistics.median(r["steady_articles_per_s"] for r in rs)
              for c, rs in by.items()}
    # CPU cost per article does not depend on what else the machine was doing.
    cpu_ms = {c: round(1000 * statistics.median(r["total_cpu_s"] / r["articles"] for r in rs), 1)
              for c, rs in by.items()}
    # On a shared machine the fastest round is the one least disturbed by other jobs.
    best = {c: max(r["steady_articles_per_s"] for r in rs) for c, rs in by.items()}
    report: dict = {"articles": n, "cores": cores, "runs": runs,
                    "median_steady_articles_per_s": median, "best_steady_articles_per_s": best,
                    "cpu_ms_per_article": cpu_ms}
    if "pool-1" in median and "pool-2" in median:
        report["speedup_2_workers"] = round(median["pool-2"] / median["pool-1"], 2)
        report["speedup_2_workers_best"] = round(best["pool-2"] / best["pool-1"], 2)
        # What two idle cores would give: twice one worker's rate, less the pool's extra CPU.
        report["speedup_2_workers_cpu_bound"] = round(2 * cpu_ms["pool-1"] / cpu_ms["pool-2"], 2)
    if "spark-local[2]" in median and "pool-2" in median:
        report["spark_slowdown_vs_pool_2"] = round(median["pool-2"] / median["spark-local[2]"], 2)
        report["spark_slowdown_vs_pool_2_best"] = round(best["pool-2"] / best["spark-local[2]"], 2)
        report["spark_cpu_vs_pool_2"] = round(cpu_ms["spark-local[2]"] / cpu_ms["pool-2"], 2)
    return report


if __name__ == "__main__":
    sys.exit(main())
