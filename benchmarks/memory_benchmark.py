"""Peak memory of `saywho extract` on one large plain-text input, by input size.

The input is the bundled example articles repeated (with paragraph breaks) up to each size,
so it is news prose with quotes throughout. Each size runs in a fresh process; its peak
resident memory is the child's ``ru_maxrss``.

    .venv/bin/python benchmarks/memory_benchmark.py --sizes 1 5 [--src DIR]

``--src`` runs another checkout's source (``git archive REV src | tar -x -C DIR``) the
same way, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_input(size_mb: float, path: Path) -> int:
    pieces = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    target, out, i = int(size_mb * 1_000_000), [], 0
    while sum(len(p) for p in out) < target:
        out.append(pieces[i % len(pieces)].strip() + "\n\n")
        i += 1
    text = "".join(out)
    path.write_text(text, "utf-8")
    return len(text)


def run(path: Path, src: str | None) -> dict:
    env = dict(os.environ, PYTHONPATH=src) if src else dict(os.environ)
    code = ("import sys, saywho; a = saywho.extract(open(sys.argv[1], encoding='utf-8').read()); "
            "print(len(a.attributions))")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
                          check=True)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"attributions": int(done.stdout.strip()), "seconds": round(time.perf_counter() - start, 1),
            "peak_mb_so_far": round(peak_kb / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5])
    ap.add_argument("--src", help="source folder of another checkout to measure instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in sorted(args.sizes):  # ascending: ru_maxrss of children is a running maximum
            path = Path(tmp) / f"input-{size}mb.txt"
            chars = make_input(size, path)
            print(json.dumps({"size_mb": size, "characters": chars, **run(path, args.src)}), flush=True)


if __name__ == "__main__":
    main()
