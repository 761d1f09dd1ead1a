"""Peak memory and speed of reading a large WARC through ``saywho.ingest.read``.

Generates a WARC of about --size-mb megabytes in a temporary folder (HTML news pages of
~100 KB with inline scripts and styles, large image records, redirects), then, in a fresh
child process, reads every record with ``saywho.ingest.read`` (HTML extraction and
boilerplate detection included) and reports peak RSS. ``--libraries`` also times a bare
record loop with warcio and, when installed, fastwarc on the same file.

    .venv/bin/python benchmarks/warc_memory.py [--size-mb 200] [--gzip] [--libraries]
                                               [--extract N|-1]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOUNS = ("council harbour ferry budget bridge school station report plan closure contractor "
         "survey storm coast union agreement court ruling hospital grant museum festival "
         "committee inquiry").split()
VERBS = "approve delay reopen review fund cancel extend rebuild inspect publish".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
NAMES = ["Marta Ilves", "Tomas Greer", "Noor Haddad", "Ada Brenner", "Sam Okafor", "Rosa Lind"]
TEMPLATES = (
    "The {n1} said on {d} that it would {v} the {n2} before the end of the year.",
    "Officials from the {n1} met residents to discuss the {n2} and its effect on the {n3}.",
    "Critics of the {n1} have argued for months that the {n2} was badly planned.",
    "A spokesperson for the {n1} declined to say when the {n2} would {v} its {n3}.",
    "The {n1} has asked the {n2} to {v} the {n3} after complaints from local families.",
)


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(n1=rng.choice(NOUNS), n2=rng.choice(NOUNS),
                                        n3=rng.choice(NOUNS), v=rng.choice(VERBS),
                                        d=rng.choice(DAYS))


def paragraph(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return (f"“{sentence(rng)} {sentence(rng)}” said {rng.choice(NAMES)}, "
                f"who chairs the {rng.choice(NOUNS)}.")
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def page(rng: random.Random, n: int) -> bytes:
    script = "var cfg = {" + ",".join(f'"k{i}": {rng.random():.6f}' for i in range(2500)) + "};"
    style = "".join(f".c{i}{{margin:{i % 9}px;color:#{i:06x}}}" for i in range(1500))
    paras = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(8, 16)))
    related = "".join(f'<li><a href="/n/{rng.randint(1, 10**6)}">{sentence(rng)}</a></li>'
                      for _ in range(10))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story {n}</title><style>{style}</style><script>{script}</script>
<meta property="article:published_time" content="2024-0{1 + n % 9}-1{n % 10}T08:00:00Z">
</head><body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<article><h1>Story {n}: {sentence(rng)}</h1>{paras}</article>
<aside><h3>Most read</h3><ul>{related}</ul></aside><footer>Wenley Gazette</footer>
<script>{script}</script></body></html>""".encode("utf-8")


def generate(path: Path, size_mb: int, gz: bool, seed: int = 7) -> dict[str, int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    counts = {"html": 0, "image": 0, "redirect": 0}
    target = size_mb * 1_000_000
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        n = 0
        while fh.tell() < target:
            n += 1
            url = f"https://wenley-gazette.example/news/{n}"
            if n % 50 == 0:  # a large binary record, which must be skipped without loading it
                payload, status, ctype, kind = rng.randbytes(4_000_000), "200 OK", "image/jpeg", "image"
            elif n % 20 == 0:
                payload, status, ctype, kind = b"", "301 Moved Permanently", "text/html", "redirect"
            else:
                payload, status, ctype, kind = page(rng, n), "200 OK", "text/html", "html"
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(payload),
                                                          http_headers=http))
            counts[kind] += 1
    return counts


def child_read(path: str, extract: int) -> None:
    """Runs in a fresh process: read every record (and extract from the first ``extract``
    articles, all of them when -1, streamed), print figures as JSON."""
    from saywho.ingest import IngestStats, read
    from saywho.records import Article

    stats = IngestStats()
    counts = {"chars": 0, "bad": 0}

    def articles():
        for item in read([path], stats=stats):
            if isinstance(item, Article):
                counts["chars"] += len(item.text)
                yield item
            else:
                counts["bad"] += 1

    t0 = time.perf_counter()
    out: dict = {}
    if extract:
        import itertools

        import saywho

        stream = articles() if extract < 0 else itertools.islice(articles(), extract)
        done = attributions = 0
        for art in saywho.extract_many(stream):
            done += 1
            attributions += len(art.attributions)
        out.update(extracted=done, attributions=attributions)
        out["peak_rss_mb_with_extraction"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if not extract:
        for _ in articles():
            pass
    out.update(seconds=round(time.perf_counter() - t0, 1), articles=stats.articles,
               bad=stats.bad, duplicates=stats.duplicates, skipped=stats.skipped,
               text_chars=counts["chars"],
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    print(json.dumps(out))


def child_libraries(path: str) -> None:
    """Bare record loops: read every HTML payload, nothing else."""
    from warcio.archiveiterator import ArchiveIterator

    out = {}
    t0 = time.perf_counter()
    n = size = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                size += len(rec.content_stream().read())
                n += 1
    out["warcio"] = {"records": n, "seconds": round(time.perf_counter() - t0, 2),
                     "payload_mb": round(size / 1e6)}
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType
    except ImportError:
        out["fastwarc"] = "not installed"
    else:
        t0 = time.perf_counter()
        n = size = 0
        with open(path, "rb") as fh:
            for rec in FastIterator(fh, record_types=WarcRecordType.response):
                rec.parse_http()
                size += len(rec.reader.read())
                n += 1
        out["fastwarc"] = {"records": n, "seconds": round(time.perf_counter() - t0, 2),
                           "payload_mb": round(size / 1e6)}
    print(json.dumps(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=int, default=200)
    ap.add_argument("--gzip", action="store_true", help="write a .warc.gz (per-record gzip)")
    ap.add_argument("--libraries", action="store_true", help="also time warcio vs fastwarc")
    ap.add_argument("--extract", type=int, default=0,
                    help="run saywho.extract_many on the first N articles read (-1: all of "
                         "them, streamed); 0 reads only")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        mode, path = args.child
        if mode == "libraries":
            child_libraries(path)
        else:
            child_read(path, int(mode))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("big.warc.gz" if args.gzip else "big.warc")
        t0 = time.perf_counter()
        counts = generate(path, args.size_mb, args.gzip)
        report = {"file_mb": round(path.stat().st_size / 1e6), "records": counts,
                  "generate_seconds": round(time.perf_counter() - t0, 1)}
        run = subprocess.run([sys.executable, __file__, "--child", str(args.extract), str(path)],
                             capture_output=True, text=True, check=True)
        report["read"] = json.loads(run.stdout.strip().splitlines()[-1])
        if args.libraries:
            run = subprocess.run([sys.executable, __file__, "--child", "libraries", str(path)],
                                 capture_output=True, text=True, check=True)
            report["libraries"] = json.loads(run.stdout.strip().splitlines()[-1])
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
