"""The Spark job: JSONL or WARC files in, Parquet out (articles/, attributions/, errors/).

Stages: the input files are read whole (``binaryFiles``, so any path Spark reads works:
local, HDFS, S3 through s3a://) and parsed by ``saywho.ingest.read_bytes``, the same readers
``saywho ingest`` uses (a corrupt WARC record costs that record only); an article that repeats
an earlier one in the input (same URL or body, in the order ``saywho ingest`` reads) is
dropped, as ingest drops it; the articles are spread over ``partitions`` partitions; each partition
is extracted with the spaCy pipeline, loaded once per executor Python process (module-level
cache; Spark reuses its Python workers between tasks) and run through ``nlp.pipe`` in
batches; the result is cached once and written as two Parquet datasets partitioned by
publication month (``month=YYYY-MM``, ``month=unknown``), plus the items that failed. With
``trails`` the statements are also grouped into trails by ``saywho.batch.trails`` (LSH
candidates as joins, in the executors) and written as trails/.

Run it with ``saywho spark`` (client mode), or submit this file::

    spark-submit --master yarn .../saywho/batch/spark.py s3a://bucket/cc-news/*.warc.gz \\
        --output s3a://bucket/saywho/2024-05
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from saywho.batch.table import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_COLUMNS,
    ERROR_COLUMNS,
    article_row,
    as_tuple,
    attribution_rows,
    ddl,
)
from saywho.errors import InputError, UsageError
from saywho.options import DEFAULT, ExtractOptions, add_arguments, from_args
from saywho.records import Article, Source

# Articles per ``nlp.pipe`` call inside a partition (same default as ``saywho ingest``).
BATCH_SIZE = 16
# Default partitions per core for the extraction stage: enough to even out slow partitions
# without paying the per-task overhead many times.
PARTITIONS_PER_CORE = 2
# Settings for a local run; a cluster's own spark-defaults / spark-submit flags win there.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
    "spark.python.worker.reuse": "true",  # keeps the loaded model between tasks
    "spark.sql.session.timeZone": "UTC",
}
# Failed items listed on the console; all of them are in errors/.
MAX_LISTED = 100
# Read every file under a directory input, not only its top level.
RECURSIVE = "mapreduce.input.fileinputformat.input.dir.recursive"
# The extracted rows: the article's columns, the status, and its attributions nested.
EXTRACTED_DDL = (f"status STRING, message STRING, {ddl(ARTICLE_COLUMNS)}, "
                 f"attributions ARRAY<STRUCT<{ddl(ATTRIBUTION_COLUMNS, nested=True)}>>")


@dataclass(frozen=True)
class JobOptions:
    extract: ExtractOptions = DEFAULT
    partitions: int | None = None  # None: PARTITIONS_PER_CORE x default parallelism
    batch_size: int = BATCH_SIZE
    overwrite: bool = False
    trails: bool = False  # also write trails/ (saywho.batch.trails.TRAIL_COLUMNS)

    @property
    def model(self) -> str | None:
        return self.extract.model


@dataclass
class JobResult:
    articles: int
    attributions: int
    failed: int
    seconds: float
    failures: list[str]
    duplicates: int = 0  # articles repeated within the input (dropped, as ingest drops them)
    trails: int | None = None  # trails of more than one report, when trails/ was written

    def line(self) -> str:
        repeated = f", {self.duplicates} repeated within the input" if self.duplicates else ""
        trails = "" if self.trails is None else \
            f", {self.trails} trails of more than one report"
        return (f"{self.articles} articles, {self.attributions} attributions{trails}, "
                f"{self.failed} failed{repeated} in {self.seconds:.1f}s")


# --- executor side --------------------------------------------------------------------------

def read_files(files: Iterable[tuple[str, bytes]]) -> Iterator[Article | Any]:
    """Articles and ``BadInput``s of (path, content) pairs, through saywho's own readers;
    near-duplicates within one file are dropped as ``saywho ingest`` drops them."""
    from saywho.ingest.dedup import Deduper

    dedup = Deduper()
    for _, item in read_inputs((0, f) for f in files):
        if isinstance(item, Article) and dedup.seen(item):
            continue
        yield item


def walk_key(path: str) -> tuple:
    """Sorts paths as ``saywho ingest`` reads a directory: names in order, the files of a
    folder before its sub-folders."""
    parts = path.split("/")
    return tuple((1, p) for p in parts[:-1]) + ((0, parts[-1]),)


def read_inputs(files: Iterable[tuple[int, tuple[str, bytes]]]) -> Iterator[tuple[tuple, Any]]:
    """``(order, item)`` for every article and ``BadInput`` of (input index, (path, content))
    pairs. ``order`` sorts items as ``saywho ingest`` reads them: by input, by path as a
    directory walk meets it, then by place in the file."""
    from saywho.ingest import read_bytes

    for index, (path, data) in files:
        base = (index, walk_key(path))
        for n, item in enumerate(read_bytes(bytes(data), Source(path=path))):
            yield base + (n,), item


def dedup_keys(item: tuple[tuple, Any]) -> tuple[tuple, tuple[str | None, str]]:
    """``(order, (url key, body key))`` of an article: what ``saywho ingest`` compares."""
    from saywho.ingest.dedup import body_key, url_key

    order, article = item
    url = article.source.url
    return order, (url_key(url) if url else None, body_key(article).hex())


def _later_ones(group: tuple[Any, Iterable[tuple]]) -> list[tuple]:
    """The orders of every article but the first that share one key."""
    return sorted(group[1])[1:]


def _error_row(source: Source | None, message: str) -> tuple:
    source = source or Source()
    row = {"status": "error", "message": message, "source_path": source.path,
           "source_url": source.url, "source_line": source.line,
           "source_offset": source.offset}
    return _extracted(row, [])


def _extracted(row: dict[str, Any], attributions: list[dict[str, Any]]) -> tuple:
    return (row.get("status", "ok"), row.get("message"), *as_tuple(row, ARTICLE_COLUMNS),
            [as_tuple(a, ATTRIBUTION_COLUMNS) for a in attributions])


def extract_partition(items: Iterable[Any], *, options: ExtractOptions,
                      batch_size: int = BATCH_SIZE) -> Iterator[tuple]:
    """Rows of the extracted dataset for one partition of articles and ``BadInput``s."""
    from saywho.batch.local import extract_list
    from saywho.nlp.pipeline import load_model

    model = options.model
    load_model(model)  # once per executor Python process (load_model caches it)
    batch: list[Article] = []

    def flush() -> Iterator[tuple]:
        for article, result in zip(batch, extract_list(batch, options)):
            if isinstance(result, str):
                yield _error_row(article.source, result)
            else:
                yield _extracted(article_row(result, model=model), attribution_rows(result))
        batch.clear()

    for item in items:
        if isinstance(item, Article):
            batch.append(item)
            if len(batch) >= batch_size:
                yield from flush()
        else:
            yield _error_row(getattr(item, "source", None), getattr(item, "message", str(item)))
    yield from flush()


# --- driver side ----------------------------------------------------------------------------

def build_session(master: str | None = None, *, app_name: str = "saywho",
                  conf: dict[str, str] | None = None) -> Any:
    """A SparkSession; ``master`` (e.g. ``local[2]``) is for running outside spark-submit.

    Executors run this interpreter (``PYSPARK_PYTHON``) unless the environment says otherwise,
    so they see the same saywho and spaCy model as the driver.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("pyspark is not installed; install it with: "
                         "pip install 'saywho[spark]'") from None
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local") and "SPARK_ENV_LOADED" not in os.environ:
        for key, value in LOCAL_CONF.items():
            builder = builder.config(key, value)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def check_inputs(inputs: Sequence[str]) -> list[str]:
    """Local inputs must exist (fail early, with one line); remote ones are Spark's to find."""
    import glob

    if not inputs:
        raise UsageError("give at least one input file, directory or glob")
    out = []
    for spec in inputs:
        spec = os.fspath(spec)
        local = spec.removeprefix("file:")
        if "://" in spec and not spec.startswith("file:"):
            out.append(spec)
            continue
        if not os.path.exists(local) and not (glob.has_magic(local) and glob.glob(local)):
            raise InputError(f"{spec}: no such file or directory (or no file matches it)")
        out.append(os.path.abspath(local) if not glob.has_magic(local) else local)
    return out


def check_output(output: str, *, overwrite: bool) -> None:
    """A local ``output`` must not hold files already, unless replacing is asked for
    (checked before Spark starts; remote outputs are checked by ``run_job``)."""
    if "://" in output and not output.startswith("file:"):
        return
    local = output.removeprefix("file:")
    if os.path.isfile(local):
        raise UsageError(f"{output} is a file; --output must be a directory")
    if os.path.isdir(local) and os.listdir(local) and not overwrite:
        raise UsageError(f"{output} already exists and is not empty; choose another --output "
                         "or add --overwrite to replace it")


def _check_output(spark: Any, output: str, overwrite: bool) -> None:
    jvm, conf = spark._jvm, spark._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(output)
    fs = path.getFileSystem(conf)
    if fs.exists(path) and fs.listStatus(path) and not overwrite:
        raise UsageError(f"{output} already exists and is not empty; choose another --output "
                         "or add --overwrite to replace it")


def run_job(spark: Any, inputs: Sequence[str], output: str, *,
            options: JobOptions = JobOptions()) -> JobResult:
    """Read ``inputs``, extract, and write articles/, attributions/ and errors/ under
    ``output``. Raises ``InputError`` when Spark cannot read an input path."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.monotonic()
    paths = check_inputs(inputs)
    output = output.rstrip("/")
    _check_output(spark, output, options.overwrite)
    sc = spark.sparkContext
    sc._jsc.hadoopConfiguration().set(RECURSIVE, "true")
    extract, batch_size = options.extract, options.batch_size
    # One RDD per input, numbered, so that items sort as saywho ingest reads them (a file
    # named by two inputs is read twice there too, and the second copy is a duplicate).
    files = sc.union([sc.binaryFiles(path).map(lambda f, i=i: (i, f))
                      for i, path in enumerate(paths)])
    partitions = options.partitions or max(files.getNumPartitions(),
                                           PARTITIONS_PER_CORE * sc.defaultParallelism)
    items = files.mapPartitions(read_inputs).persist(StorageLevel.MEMORY_AND_DISK)
    found = items.filter(lambda item: isinstance(item[1], Article))
    unreadable = items.filter(lambda item: not isinstance(item[1], Article)).values()
    # An article repeats an earlier one (in reading order) when its URL or its body was seen
    # before, as saywho ingest's Deduper decides; only the small keys are shuffled.
    keys = found.map(dedup_keys)
    repeats = keys.filter(lambda k: k[1][0] is not None) \
        .map(lambda k: (k[1][0], k[0])).groupByKey().flatMap(_later_ones) \
        .union(keys.map(lambda k: (k[1][1], k[0])).groupByKey().flatMap(_later_ones)) \
        .distinct().map(lambda order: (order, None))
    kept = found.subtractByKey(repeats, numPartitions=partitions).values()
    rows = kept.union(unreadable).mapPartitions(
        lambda part: extract_partition(part, options=extract, batch_size=batch_size))
    try:
        extracted = spark.createDataFrame(rows, schema=EXTRACTED_DDL, verifySchema=False)
        extracted = extracted.persist(StorageLevel.MEMORY_AND_DISK)
        counts = {r["status"]: (r["n"], r["statements"] or 0) for r in
                  extracted.groupBy("status").agg(F.count("*").alias("n"),
                                                  F.sum("n_attributions").alias("statements"))
                  .collect()}
        duplicates = repeats.count()
    except Exception as error:
        _raise_input_error(error)
        raise
    mode = "overwrite" if options.overwrite else "errorifexists"
    ok = extracted.where("status = 'ok'")
    ok.select(*[F.col(f"`{name}`") for name, _ in ARTICLE_COLUMNS]) \
        .write.mode(mode).partitionBy("month").parquet(f"{output}/articles")
    exploded = ok.select(F.explode("attributions").alias("a")).select("a.*")
    exploded.write.mode(mode).partitionBy("month").parquet(f"{output}/attributions")
    trails = _write_trails(spark, exploded, f"{output}/trails", mode) if options.trails else None
    errors = extracted.where("status = 'error'")
    errors.select(*[F.col(f"`{name}`") for name, _ in ERROR_COLUMNS]) \
        .coalesce(1).write.mode(mode).parquet(f"{output}/errors")
    failures = [f"{_where(r)}: {r['message']}" for r in errors.limit(MAX_LISTED).collect()]
    extracted.unpersist()
    items.unpersist()
    return JobResult(articles=counts.get("ok", (0, 0))[0],
                     attributions=int(counts.get("ok", (0, 0))[1]),
                     failed=counts.get("error", (0, 0))[0],
                     seconds=time.monotonic() - started, failures=failures,
                     duplicates=duplicates, trails=trails)


def _write_trails(spark: Any, attributions: Any, path: str, mode: str) -> int:
    """Write the statements' trails under ``path``; the number with more than one report."""
    from saywho.batch.trails import statement_trails

    statement_trails(attributions).write.mode(mode).parquet(path)
    return spark.read.parquet(path).groupBy("trail").count().where("count > 1").count()


def _where(row: Any) -> str:
    return Source(path=row["source_path"], url=row["source_url"], line=row["source_line"],
                  offset=row["source_offset"]).where()


def _raise_input_error(error: Exception) -> None:
    text = str(error)
    for marker in ("Input path does not exist", "InvalidInputException", "No FileSystem for"):
        if marker in text:
            line = next((ln for ln in text.splitlines() if marker in ln), marker)
            raise InputError(f"Spark cannot read the input: {line.strip()[:300]}") from None


# --- spark-submit entry point ---------------------------------------------------------------

def arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The job's options (shared by ``saywho spark`` and ``spark-submit spark.py``)."""
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="JSONL or WARC files, directories or globs (local, hdfs://, s3a://)")
    parser.add_argument("--output", "-o", required=True, metavar="DIR",
                        help="directory for articles/, attributions/ and errors/ (Parquet)")
    add_arguments(parser)
    parser.add_argument("--partitions", metavar="N", type=int,
                        help=f"extraction partitions (default {PARTITIONS_PER_CORE} per core)")
    parser.add_argument("--batch-size", metavar="N", type=int, default=BATCH_SIZE,
                        help=f"articles per nlp.pipe batch (default {BATCH_SIZE})")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --output")
    parser.add_argument("--trails", action="store_true",
                        help="also group the statements into trails (one statement reported "
                             "across articles) and write trails/")
    return parser


def options_of(args: argparse.Namespace) -> JobOptions:
    if args.partitions is not None and args.partitions < 1:
        raise UsageError(f"--partitions must be at least 1, not {args.partitions}")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}")
    return JobOptions(extract=from_args(args), partitions=args.partitions,
                      batch_size=args.batch_size, overwrite=args.overwrite, trails=args.trails)


def main(argv: list[str] | None = None) -> int:
    """``spark-submit spark.py INPUT... --output DIR``: master and resources come from
    spark-submit."""
    # Run the installed module's functions, not this file's copies in __main__: executors
    # then import them by name (and keep their model cache) instead of unpickling copies.
    from saywho.batch import spark as job  # noqa: PLW0406 - on purpose, see above

    args = arguments(argparse.ArgumentParser(prog="saywho-spark")).parse_args(argv)
    spark = job.build_session()
    try:
        result = job.run_job(spark, args.inputs, args.output, options=job.options_of(args))
    finally:
        spark.stop()
    print(f"spark: {result.line()}", file=sys.stderr)
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
