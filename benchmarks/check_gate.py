#!/usr/bin/env python3
"""Quality gate: compare ``saywho eval --json`` figures with the pinned minimums.

    python benchmarks/check_gate.py test-output/eval.json benchmarks/minimums.json

A key names a figure in the eval JSON by its path, e.g. ``quoted.f1@0.5`` is
``figures["quoted"]["f1@0.5"]`` and ``speakers.by_form.pronoun.acc`` is
``figures["speakers"]["by_form"]["pronoun"]["acc"]``; it must be at least the pinned value. A key ending in
``_max`` (``failed_articles_max``) names a figure that must be at most the pinned value.
Keys starting with ``_`` are comments. Prints the comparison; exits 1 with one line per
failing figure, 2 when a file cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def lookup(node: Any, key: str) -> Any:
    """The value at a dotted path. Names may hold dots themselves (``f1@0.5``), so a whole
    remaining key is tried first, then each split at a dot whose left part is a name here."""
    if not isinstance(node, dict):
        return None
    if key in node:
        return node[key]
    for i, ch in enumerate(key):
        if ch == "." and key[:i] in node:
            found = lookup(node[key[:i]], key[i + 1:])
            if found is not None:
                return found
    return None


def check(figures: dict[str, Any], pinned: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Return (table lines, failure lines)."""
    rows, failures = [], []
    for key, limit in pinned.items():
        if key.startswith("_"):
            continue
        is_max = key.endswith("_max")
        name = key[: -len("_max")] if is_max else key
        value = lookup(figures, name)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            ok, shown = False, "not measured"
        else:
            ok = value <= limit if is_max else value >= limit
            shown = f"{value:.4g}"
        relation = "<=" if is_max else ">="
        rows.append(f"{'ok  ' if ok else 'FAIL'} {name:32} {shown:>12} {relation} {limit}")
        if not ok:
            failures.append(f"quality gate: {name} is {shown}, must be {relation} {limit}")
    return rows, failures


def load(path: str, what: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        sys.exit(f"check_gate: {what} file {path} not found")
    except (OSError, ValueError) as exc:
        sys.exit(f"check_gate: cannot read {what} file {path}: {exc}")
    if not isinstance(data, dict):
        sys.exit(f"check_gate: {what} file {path} must hold a JSON object")
    return data


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: check_gate.py EVAL_JSON MINIMUMS_JSON", file=sys.stderr)
        return 2
    figures, pinned = load(argv[0], "eval"), load(argv[1], "minimums")
    rows, failures = check(figures, pinned)
    print("\n".join(rows))
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SystemExit as exc:
        # sys.exit("message") exits 1; a file problem is a usage problem here.
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            sys.exit(2)
        raise
