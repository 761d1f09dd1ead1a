"""Parallel ingest on one machine: worker processes extract, the parent reads and writes.

The parent reads the sources, drops articles already stored (so a rerun resumes), and sends
chunks of articles to a pool of worker processes. Each worker loads the spaCy pipeline once
and parses a chunk with ``nlp.pipe`` (through ``extract_many``). At most ``max_in_flight``
chunks are out at a time (back-pressure: reading waits for the workers, so memory stays
bounded whatever the input size), and the parent, the only writer, commits results in input
order, one article per transaction. Ctrl-C stops the workers; every committed article is whole,
and running the same command again carries on after the last one.

With one worker nothing is forked: the store's own in-process runner does the work.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields

from ..errors import ModelError, StoreError, UsageError
from ..options import DEFAULT, ExtractOptions, from_args
from ..records import Article
from ..store.api import Store
from ..store.identity import article_key
from ..store.runner import DEFAULT_BATCH, IngestSummary, describe, ingest_items

# Chunks out at once per worker: one being parsed, one waiting, so a worker never idles
# while the parent commits; more would only hold more articles in memory.
IN_FLIGHT_PER_WORKER = 2
# Start method: "spawn" gives each worker a clean interpreter (no copied threads or open
# database handles from the parent) and behaves the same on Linux, macOS and Windows.
START_METHOD = "spawn"

# What a worker sends back for a chunk: per article the extracted Article or an error line,
# plus the worker's process id and its peak resident memory in KiB.
ChunkResult = tuple[list["Article | str"], int, int]
Task = Callable[[list[Article]], ChunkResult]


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PoolOptions:
    """How to run a pool. ``chunk_size`` articles go to a worker at a time (and form one
    ``nlp.pipe`` batch); ``max_in_flight`` bounds the chunks sent but not yet committed."""

    workers: int = 1
    extract: ExtractOptions = DEFAULT
    chunk_size: int = DEFAULT_BATCH
    max_in_flight: int | None = None

    @property
    def model(self) -> str | None:
        return self.extract.model

    def in_flight(self) -> int:
        return self.max_in_flight or IN_FLIGHT_PER_WORKER * self.workers

    def check(self) -> None:
        if self.workers < 1:
            raise UsageError(f"--workers must be at least 1, not {self.workers}")
        if self.chunk_size < 1:
            raise UsageError(f"--batch-size must be at least 1, not {self.chunk_size}")
        if self.max_in_flight is not None and self.max_in_flight < 1:
            raise UsageError(f"max_in_flight must be at least 1, not {self.max_in_flight}")


@dataclass
class PoolSummary(IngestSummary):
    """``IngestSummary`` plus each worker's peak resident memory (KiB, by process id)."""

    workers: int = 1
    worker_peak_kib: dict[int, int] = field(default_factory=dict)

    def peak_mib(self) -> float:
        """The largest peak resident memory of any one worker, in MiB."""
        return max(self.worker_peak_kib.values(), default=0) / 1024


def pool_options(args: object) -> PoolOptions:
    """``PoolOptions`` from ``saywho ingest`` arguments (``--workers``, ``--batch-size`` and
    the extraction flags); ``--workers`` left out means one per core."""
    workers = getattr(args, "workers", None)
    options = PoolOptions(workers=default_workers() if workers is None else workers,
                          extract=from_args(args),  # type: ignore[arg-type]
                          chunk_size=getattr(args, "batch_size", None) or DEFAULT_BATCH)
    options.check()
    return options


# --- worker side ----------------------------------------------------------------------------

_worker_options: ExtractOptions = DEFAULT


def _init_worker(options: ExtractOptions, preload: bool) -> None:
    """Runs once in each worker: Ctrl-C is the parent's to handle; load the pipeline now
    (``preload``) so every worker is ready before its first chunk."""
    global _worker_options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_options = options
    if not preload:
        return
    from ..nlp.pipeline import load_model

    try:
        load_model(options.model)
    except ModelError:
        pass  # reported by extract_chunk on the first chunk, as a ModelError


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def extract_chunk(articles: list[Article]) -> ChunkResult:
    """Extract one chunk in a worker; an article that fails becomes an error line, alone."""
    return extract_list(articles, _worker_options), os.getpid(), _peak_kib()


def extract_list(articles: list[Article], options: ExtractOptions) -> list[Article | str]:
    """Extract one chunk; an article that fails becomes its error line."""
    from ..extraction import extract_each, failure

    return [r if isinstance(r, Article) else failure(r) for r in extract_each(articles, options=options)]


# --- parent side ----------------------------------------------------------------------------

def ingest(items: Iterable[object], store: Store, *, options: PoolOptions,
           report: Callable[[str], None] | None = None,
           progress: Callable[[IngestSummary], None] | None = None,
           task: Task = extract_chunk) -> PoolSummary:
    """Store every ``Article`` of ``items`` (what ``saywho.ingest.read`` yields) not stored yet.

    One worker runs in this process; more run a process pool (see the module docstring).
    ``report`` gets one line per failed item, ``progress`` the running summary. ``task`` is
    the function a worker runs on a chunk (tests swap it; it must be importable by name).
    """
    options.check()
    if options.workers == 1:
        done = ingest_items(items, store, options=options.extract, batch_size=options.chunk_size,
                            report=report, progress=progress)
        counts = {f.name: getattr(done, f.name) for f in fields(IngestSummary)}
        return PoolSummary(**counts, workers=1, worker_peak_kib={os.getpid(): _peak_kib()})
    return _Pool(store, options, report, progress, task).run(items)


@dataclass
class _Chunk:
    articles: list[Article]
    future: Future | None = None
    results: list[Article | str] | None = None  # extracted here: the pool could not start


class _Pool:
    """The parent's loop: read, skip stored, submit, commit in order, survive a dead worker."""

    def __init__(self, store: Store, options: PoolOptions,
                 report: Callable[[str], None] | None,
                 progress: Callable[[IngestSummary], None] | None, task: Task) -> None:
        self.store, self.options, self.task = store, options, task
        self.report_line, self.progress = report, progress
        self.summary = PoolSummary(workers=options.workers)
        self.in_flight: deque[_Chunk] = deque()
        self.executor: ProcessPoolExecutor | None = None
        self.inline = False  # the worker processes could not start: extract in this process

    # -- pool lifecycle ------------------------------------------------------------------

    def _start(self) -> ProcessPoolExecutor | None:
        if self.inline:
            return None
        context = multiprocessing.get_context(START_METHOD)
        try:
            self.executor = ProcessPoolExecutor(max_workers=self.options.workers,
                                                mp_context=context, initializer=_init_worker,
                                                initargs=(self.options.extract,
                                                          self.task is extract_chunk))
        except OSError as exc:
            self._no_pool(exc)
        return self.executor

    def _no_pool(self, exc: OSError) -> None:
        """The worker processes cannot start (no processes or pipes left, a broken
        interpreter...): say so once and extract in this process, losing nothing."""
        self._stop(wait=False)
        if not self.inline and self.report_line:
            self.report_line(f"the worker processes could not start ({type(exc).__name__}: "
                             f"{exc.strerror or exc}); extracting in this process instead")
        self.inline = True

    def _stop(self, *, wait: bool) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if not wait:  # interrupted or broken: do not wait for chunks nobody will commit
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                try:
                    if process.is_alive():
                        process.terminate()
                except (OSError, ValueError, AssertionError):  # never started
                    pass
        try:
            executor.shutdown(wait=wait, cancel_futures=True)
        except OSError:  # a pool that never started has nothing to shut down
            pass

    # -- bookkeeping ---------------------------------------------------------------------

    def _fail(self, line: str) -> None:
        self.summary.failed += 1
        self.summary.failures.append(line)
        if self.report_line:
            self.report_line(line)

    def _tick(self) -> None:
        if self.progress:
            self.progress(self.summary)

    def _commit(self, article: Article, result: Article | str) -> None:
        if isinstance(result, str):
            self._fail(f"{describe(article.source)}: {result}")
            return
        try:
            article_id = self.store.add_article(result, model=self.options.model)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. InputError for one odd record
            self._fail(f"{describe(article.source)}: {exc}")
            return
        if article_id is None:
            self.summary.present += 1
        else:
            self.summary.stored += 1
            self.summary.statements += len(result.attributions)

    def _note_worker(self, pid: int, peak_kib: int) -> None:
        known = self.summary.worker_peak_kib.get(pid, 0)
        self.summary.worker_peak_kib[pid] = max(known, peak_kib)

    # -- the loop ------------------------------------------------------------------------

    def run(self, items: Iterable[object]) -> PoolSummary:
        self._start()
        try:
            pending: list[Article] = []
            for item in items:
                if isinstance(item, Article):
                    pending.append(item)
                    if len(pending) >= self.options.chunk_size:
                        self._submit(pending)
                        pending = []
                else:  # BadInput from the reader: report it and go on
                    self._fail(f"{describe(getattr(item, 'source', None))}: "
                               f"{getattr(item, 'message', None) or item}")
                    self._tick()
            if pending:
                self._submit(pending)
            while self.in_flight:
                self._collect_oldest()
        except BaseException:
            self._stop(wait=False)
            raise
        self._stop(wait=True)
        return self.summary

    def _submit(self, articles: list[Article]) -> None:
        """Skip what is stored (resume), then send the rest, waiting while too much is out."""
        keys = [article_key(a) for a in articles]  # a hash of the whole text: once per article
        stored = self.store.stored_keys(keys)
        todo = [a for a, key in zip(articles, keys) if key not in stored]
        self.summary.present += len(articles) - len(todo)
        if len(todo) < len(articles):
            self._tick()
        if not todo:
            return
        while len(self.in_flight) >= self.options.in_flight():
            self._collect_oldest()
        chunk = _Chunk(todo)
        self._send(chunk)
        self.in_flight.append(chunk)

    def _send(self, chunk: _Chunk) -> None:
        executor = self.executor or self._start()
        if executor is not None:
            try:
                chunk.future = executor.submit(self.task, chunk.articles)
                return
            except BrokenProcessPool:
                chunk.future = None  # _collect_oldest sees the broken pool and recovers
                return
            except OSError as exc:  # e.g. BrokenPipeError: a worker died as it was started
                self._no_pool(exc)
        chunk.results = self._here(chunk.articles)

    def _here(self, articles: list[Article]) -> list[Article | str]:
        """Extract a chunk in this process (the pool could not start)."""
        if self.task is extract_chunk:
            return extract_list(articles, self.options.extract)
        return self.task(articles)[0]

    def _collect_oldest(self) -> None:
        chunk = self.in_flight[0]
        if chunk.results is not None:
            self.in_flight.popleft()
            self._note_worker(os.getpid(), _peak_kib())
            for article, result in zip(chunk.articles, chunk.results):
                self._commit(article, result)
            self._tick()
            return
        try:
            if chunk.future is None:
                raise BrokenProcessPool("the pool was not running")
            results, pid, peak = chunk.future.result()
        except BrokenProcessPool:
            self._recover()
            return
        self.in_flight.popleft()
        self._note_worker(pid, peak)
        for article, result in zip(chunk.articles, results):
            self._commit(article, result)
        self._tick()

    def _recover(self) -> None:
        """A worker died (crash, out of memory) and took the pool with it. Retry every chunk
        that was out one article at a time, so the article that kills a worker fails alone."""
        self._stop(wait=False)
        chunks = list(self.in_flight)
        self.in_flight.clear()
        for chunk in chunks:
            future = chunk.future
            if future is not None and future.done() and future.exception() is None:
                results, pid, peak = future.result()  # finished before the pool broke
                self._note_worker(pid, peak)
                for article, result in zip(chunk.articles, results):
                    self._commit(article, result)
                self._tick()
            elif self.inline:
                for article, result in zip(chunk.articles, self._here(chunk.articles)):
                    self._commit(article, result)
                self._tick()
            else:
                self._retry_alone(chunk.articles)

    def _retry_alone(self, articles: list[Article]) -> None:
        for article in articles:
            executor = self.executor or self._start()
            try:
                if executor is None:
                    raise BrokenProcessPool("the worker processes could not start again")
                results, pid, peak = executor.submit(self.task, [article]).result()
            except (BrokenProcessPool, OSError):
                self._stop(wait=False)
                self._fail(f"{describe(article.source)}: the worker process died while "
                           "extracting this article (out of memory?); it was skipped")
                self._tick()
                continue
            self._note_worker(pid, peak)
            self._commit(article, results[0])
            self._tick()
