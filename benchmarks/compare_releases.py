#!/usr/bin/env python3
"""Extraction throughput of this checkout against an earlier release, in one run.

    git archive e6533e2 | (mkdir -p /tmp/prev && tar -x -C /tmp/prev)
    .venv/bin/python benchmarks/compare_releases.py --old-src /tmp/prev/src --limit 400

Two worker processes, one importing ``saywho`` from this checkout's ``src/`` and one from
``--old-src``, each pinned to the same single CPU with one BLAS/torch thread. Each loads the
same spaCy model once, runs a warm-up, and then answers requests: "extract these articles
with ``saywho.extraction.extract_many``". The articles (BBC News, taken round-robin over the
category folders) go to both workers in turns of ``--chunk`` articles, alternating which goes
first, so that both see the same load from other jobs on the machine. Each turn reports wall
time and the worker's own CPU time; tokens are counted untimed with the model's tokenizer.

The main figure is CPU time per worker, which other jobs on a shared machine disturb far less
than wall time; the ratio printed is current over old (above 1: the current code is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news"
SIDES = ("current", "old")
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
WARM_UP = ('"We expect the new line to open in May," the transport minister said on Tuesday. '
           "Critics said the budget was far too small, and the council agreed to review it. "
           "Mr Smith told reporters he would not resign.")


def pick(corpus: Path, limit: int | None) -> list[Path]:
    """``limit`` .txt files, round-robin over the category folders (sorted, stable)."""
    lists = [sorted(f.glob("*.txt")) for f in sorted(p for p in corpus.iterdir() if p.is_dir())]
    picked: list[Path] = []
    i = 0
    while (limit is None or len(picked) < limit) and any(i < len(x) for x in lists):
        picked.extend(x[i] for x in lists if i < len(x))
        i += 1
    return picked[:limit] if limit else picked


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# --- the worker -------------------------------------------------------------------------------


def worker(model: str | None, batch_size: int) -> None:
    """Answer chunk requests on stdin with timings on stdout, one JSON line each."""
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    import saywho
    from saywho.extraction import extract_many
    from saywho.nlp.pipeline import load_model
    from saywho.records import Article

    started = time.perf_counter()
    nlp = load_model(model)

    def run(texts: list[str]) -> tuple[int, int]:
        errors: list[BaseException] = []
        found = 0
        for article in extract_many([Article(text=t) for t in texts], model=model,
                                    batch_size=batch_size,
                                    on_error=lambda _a, exc: errors.append(exc)):
            found += len(article.attributions)
        return len(errors), found

    run([WARM_UP] * 4)
    _reply({"ready": True, "saywho": saywho.__file__, "model": nlp.meta.get("name"),
            "load_seconds": round(time.perf_counter() - started, 3)})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            break
        texts = [read_text(Path(p)) for p in request["files"]]
        cpu0, wall0 = _cpu(), time.perf_counter()
        errors, found = run(texts)
        wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
        tokens = sum(len(d) for d in nlp.tokenizer.pipe(texts))  # untimed; same for both
        _reply({"seconds": wall, "cpu_seconds": cpu, "articles": len(texts), "tokens": tokens,
                "errors": errors, "attributions": found})
    _reply({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


# --- the controller ---------------------------------------------------------------------------


class Worker:
    def __init__(self, side: str, src: Path, *, model: str | None, batch_size: int,
                 cpu: int | None) -> None:
        env = dict(os.environ, **{var: "1" for var in THREAD_VARS})
        env["PYTHONPATH"] = os.pathsep.join(
            [str(src)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        cmd = [sys.executable, __file__, "--worker", "--batch-size", str(batch_size)]
        if model:
            cmd += ["--model", model]
        preexec = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
        self.side = side
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, preexec_fn=preexec)
        self.info = self._read()
        expected = (src / "saywho" / "__init__.py").resolve()
        if Path(self.info["saywho"]).resolve() != expected:
            raise SystemExit(f"compare_releases: the {side} worker imported "
                             f"{self.info['saywho']}, not {expected}")

    def _read(self) -> dict[str, Any]:
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise SystemExit(f"compare_releases: the {self.side} worker stopped "
                             f"(exit {self.proc.wait()}); see the messages above")
        return json.loads(line)

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> dict[str, Any]:
        final = self.ask({"quit": True})
        self.proc.wait(timeout=60)
        return final


def compare(files: list[Path], *, old_src: Path, model: str | None, batch_size: int,
            chunk: int, cpu: int | None) -> dict[str, Any]:
    sources = {"current": ROOT / "src", "old": old_src}
    workers = {s: Worker(s, sources[s], model=model, batch_size=batch_size, cpu=cpu)
               for s in SIDES}
    keys = ("seconds", "cpu_seconds", "articles", "tokens", "errors", "attributions")
    totals = {s: dict.fromkeys(keys, 0) for s in SIDES}
    turn_ratios: list[float] = []  # CPU-time ratio per turn, to show the spread
    chunks = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    try:
        for n, part in enumerate(chunks):
            order = SIDES if n % 2 == 0 else SIDES[::-1]
            got = {}
            for side in order:
                got[side] = workers[side].ask({"files": [str(p) for p in part]})
                for key in keys:
                    totals[side][key] += got[side][key]
            turn_ratios.append(got["old"]["cpu_seconds"] / got["current"]["cpu_seconds"])
            print(f"turn {n + 1}/{len(chunks)}: CPU s current {got['current']['cpu_seconds']:.1f}"
                  f", old {got['old']['cpu_seconds']:.1f} (ratio {turn_ratios[-1]:.2f})",
                  file=sys.stderr)
        finals = {s: w.close() for s, w in workers.items()}
    finally:
        for w in workers.values():
            if w.proc.poll() is None:
                w.proc.kill()
    out: dict[str, Any] = {"chunk": chunk, "cpu": cpu, "batch_size": batch_size,
                           "old_src": str(old_src)}
    for side in SIDES:
        t = totals[side]
        out[side] = {**t,
                     "tokens_per_s": t["tokens"] / t["seconds"],
                     "tokens_per_cpu_s": t["tokens"] / t["cpu_seconds"],
                     "articles_per_cpu_s": t["articles"] / t["cpu_seconds"],
                     "peak_rss_mb": round(finals[side]["peak_rss_mb"], 1),
                     "load_seconds": workers[side].info["load_seconds"],
                     "model": workers[side].info["model"]}
    out["ratio_wall"] = out["current"]["tokens_per_s"] / out["old"]["tokens_per_s"]
    out["ratio_cpu"] = out["current"]["tokens_per_cpu_s"] / out["old"]["tokens_per_cpu_s"]
    out["turn_ratio_cpu"] = {"min": min(turn_ratios), "median": statistics.median(turn_ratios),
                             "max": max(turn_ratios)}
    return out


def markdown(r: dict[str, Any]) -> str:
    c = r["current"]
    lines = [f"BBC News, {c['articles']} articles ({c['tokens']:,} tokens), turns of "
             f"{r['chunk']} articles, both workers on one CPU, parse included:", "",
             "| code | tokens/s (wall) | tokens per CPU-second | articles per CPU-second "
             "| attributions | errors | peak RSS (MB) |",
             "|---|---|---|---|---|---|---|"]
    for side in SIDES:
        s = r[side]
        lines.append(f"| {side} | {s['tokens_per_s']:,.0f} | {s['tokens_per_cpu_s']:,.0f} "
                     f"| {s['articles_per_cpu_s']:.2f} | {s['attributions']:,} | {s['errors']} "
                     f"| {s['peak_rss_mb']:.0f} |")
    t = r["turn_ratio_cpu"]
    lines += ["", f"current/old throughput: {r['ratio_wall']:.2f} (wall clock), "
                  f"{r['ratio_cpu']:.2f} (CPU time; per turn {t['min']:.2f} to {t['max']:.2f}, "
                  f"median {t['median']:.2f})."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old-src", type=Path, help="the src/ folder of the earlier release")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="articles used, round-robin over categories")
    parser.add_argument("--model", help="spaCy pipeline (default: saywho's default)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--chunk", type=int, default=50, help="articles per turn")
    parser.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)),
                        help="the CPU both workers are pinned to (-1: no pinning)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure as JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.model, args.batch_size)
        return 0
    if args.old_src is None or not (args.old_src / "saywho" / "__init__.py").is_file():
        parser.error("--old-src must be the src/ folder of a saywho checkout")
    files = pick(args.corpus, args.limit) if args.corpus.is_dir() else []
    if not files:
        print(f"compare_releases: no articles under {args.corpus}", file=sys.stderr)
        return 2
    results = compare(files, old_src=args.old_src.resolve(), model=args.model,
                      batch_size=args.batch_size, chunk=args.chunk,
                      cpu=None if args.cpu < 0 else args.cpu)
    print(markdown(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
