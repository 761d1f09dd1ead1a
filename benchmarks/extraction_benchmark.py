"""Article body extraction quality on article-extraction-benchmark (181 pages, gold bodies).

Protocol (../shared/corpora/README.md, "Article extraction protocol"): tokens are ``\\w+`` runs,
lower-cased; precision, recall and F1 of the multiset of 4-token shingles of the extracted
body against the gold ``articleBody``, averaged per document. The body is the article text
minus its boilerplate ranges.

Systems scored in one run:
  trafilatura   saywho's HTML step alone: trafilatura as saywho configures it, no furniture pass
  saywho        the same text minus the ranges saywho.ingest.boilerplate.detect reports
  reference/*   the reference outputs shipped with the corpus (protocol check)

    .venv/bin/python benchmarks/extraction_benchmark.py [--corpus DIR] [--json OUT] [--jobs N]
                                                        [--min-f1 0.955] [--show N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str) -> Counter:
    tokens = [t.lower() for t in _TOKEN.findall(text or "")]
    if 0 < len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = shingles(predicted), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    if not p or not g:
        return 0.0, 0.0, 0.0
    overlap = sum((p & g).values())
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def _configure(options: dict) -> None:
    from saywho.ingest import html

    html.EXTRACT_OPTIONS.update(options)


def _extract(path: str) -> tuple[str, str, str, list[tuple[int, int, str]], float]:
    """(doc id, extracted text, body without furniture, furniture ranges, seconds)."""
    from saywho.ingest.boilerplate import detect
    from saywho.ingest.dedup import body_text
    from saywho.ingest.html import NoArticle, decode_html, extract_html
    from saywho.records import Article

    doc_id = Path(path).name.split(".")[0]
    t0 = time.perf_counter()
    try:
        text = extract_html(decode_html(gzip.open(path).read()))["text"]
    except NoArticle:
        text = ""
    spans = detect(text)
    body = body_text(Article(text=text, boilerplate=spans))
    return doc_id, text, body, [(b.start, b.end, b.label) for b in spans], \
        time.perf_counter() - t0


def _mean(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    n = len(rows) or 1
    return {k: round(sum(r[i] for r in rows) / n, 4) for i, k in enumerate(("p", "r", "f1"))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", type=Path, help="write the figures (and per-document scores) here")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--options", type=json.loads, default={},
                    help='trafilatura settings to try instead of saywho\'s, as JSON, e.g. '
                         '\'{"favor_recall": true}\'')
    ap.add_argument("--min-f1", type=float, default=None,
                    help="exit 1 when saywho's mean F1 is below this, or below trafilatura's "
                         "alone (the furniture pass must add, not cost): a CI gate")
    ap.add_argument("--show", type=int, default=0,
                    help="print the N documents where the furniture pass changed F1 most")
    args = ap.parse_args(argv)
    gold_path = args.corpus / "ground-truth.json"
    if not gold_path.exists():
        print(f"corpus not found at {args.corpus}; pass --corpus DIR", file=sys.stderr)
        return 2
    gold = {k: v["articleBody"] for k, v in json.loads(gold_path.read_text()).items()}
    paths = sorted(str(p) for p in (args.corpus / "html").glob("*.html.gz"))
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_configure,
                             initargs=(args.options,)) as pool:
        results = list(pool.map(_extract, paths, chunksize=4))
    wall = time.perf_counter() - t0
    per_doc, plain, ours = {}, [], []
    for doc_id, text, body, spans, secs in results:
        a, b = prf(text, gold[doc_id]), prf(body, gold[doc_id])
        plain.append(a)
        ours.append(b)
        per_doc[doc_id] = {"trafilatura_f1": round(a[2], 4), "saywho_f1": round(b[2], 4),
                           "furniture": spans, "seconds": round(secs, 3)}
    report = {"documents": len(results), "options": args.options, "trafilatura": _mean(plain), "saywho": _mean(ours),
              "pages_per_second": round(len(results) / wall, 2),
              "furniture_changed": sum(1 for d in per_doc.values()
                                       if d["trafilatura_f1"] != d["saywho_f1"]),
              "furniture_better": sum(1 for d in per_doc.values() if d["saywho_f1"] > d["trafilatura_f1"]),
              "furniture_worse": sum(1 for d in per_doc.values() if d["saywho_f1"] < d["trafilatura_f1"])}
    for name in ("trafilatura", "news_please", "readability"):
        ref_path = args.corpus / "output" / f"{name}.json"
        if ref_path.exists():
            ref = json.loads(ref_path.read_text())
            ref = ref.get("output", ref)  # some files wrap the outputs with a version field
            report[f"reference/{name}"] = _mean(
                [prf((ref.get(k) or {}).get("articleBody", ""), g) for k, g in gold.items()])
    print(json.dumps(report, indent=2))
    if args.show:
        texts = {r[0]: r for r in results}
        changed = sorted(per_doc, key=lambda k: abs(per_doc[k]["saywho_f1"]
                                                   - per_doc[k]["trafilatura_f1"]), reverse=True)
        for k in changed[:args.show]:
            d = per_doc[k]
            print(f"\n== {k[:12]} {d['trafilatura_f1']} -> {d['saywho_f1']}")
            text = texts[k][1]
            for s, e, label in d["furniture"]:
                print(f"  [{label}] {text[s:e][:300]!r}")
    if args.json:
        report["per_document"] = per_doc
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))
    if args.min_f1 is not None:
        ours_f1, plain_f1 = report["saywho"]["f1"], report["trafilatura"]["f1"]
        if ours_f1 < args.min_f1 or ours_f1 < plain_f1:
            print(f"extraction gate failed: saywho F1 {ours_f1} (minimum {args.min_f1}, "
                  f"trafilatura alone {plain_f1})", file=sys.stderr)
            return 1
        print(f"extraction gate passed: saywho F1 {ours_f1} >= {args.min_f1}, "
              f"trafilatura alone {plain_f1}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
