"""``saywho spark`` (run the Spark job) and ``saywho load`` (its Parquet into a database)."""

from __future__ import annotations

import argparse
import os
import sys
import time

DB_HELP = "database URL: sqlite:///FILE.db (default sqlite:///saywho.db) or postgresql://USER@HOST/DB"


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..batch.spark import arguments

    parser = subparsers.add_parser(
        "spark", help="extract with Apache Spark into Parquet",
        description="Read JSONL or WARC files (local, hdfs://, s3a://) with Spark, extract who "
                    "said what, and write Parquet under --output: articles/ and attributions/ "
                    "partitioned by publication month, and errors/; with --trails also "
                    "trails/ (statements grouped into trails). See docs/scale.md.",
        epilog="Example: saywho spark crawl/*.warc.gz --output out --master local[2]; "
               "then: saywho load out --db sqlite:///saywho.db")
    arguments(parser)
    parser.add_argument("--master", metavar="URL",
                        help="Spark master, e.g. local[2] or yarn (default: from spark-submit "
                             "or spark-defaults.conf, else local[*])")
    parser.set_defaults(handler=run_spark)

    parser = subparsers.add_parser(
        "load", help="store the Parquet output of 'saywho spark' in a database",
        description="Read articles/ and attributions/ written by 'saywho spark' and store "
                    "them. Articles already stored are skipped, so loading again is safe.")
    parser.add_argument("parquet_dir", metavar="PARQUET_DIR",
                        help="the --output directory of a 'saywho spark' run")
    parser.add_argument("--db", metavar="URL", default=os.environ.get("SAYWHO_DB"),
                        help=DB_HELP)
    parser.set_defaults(handler=run_load)


def run_spark(args: argparse.Namespace) -> int:
    from ..batch.spark import (
        build_session,
        check_inputs,
        check_output,
        options_of,
        run_job,
    )

    options = options_of(args)
    check_inputs(args.inputs)  # before Spark starts: a typo should not cost a JVM start-up
    check_output(args.output, overwrite=args.overwrite)
    started = time.monotonic()
    spark = build_session(args.master)
    print(f"spark: session started in {time.monotonic() - started:.1f}s "
          f"(master {spark.sparkContext.master})", file=sys.stderr)
    try:
        result = run_job(spark, args.inputs, args.output, options=options)
    finally:
        spark.stop()
    for line in result.failures:
        print(f"saywho: {line}", file=sys.stderr)
    if result.failed > len(result.failures):
        print(f"saywho: ... and {result.failed - len(result.failures)} more in "
              f"{args.output}/errors", file=sys.stderr)
    print(f"spark: {result.line()}; Parquet under {args.output}", file=sys.stderr)
    return 1 if result.failed else 0


def run_load(args: argparse.Namespace) -> int:
    from ..batch.load import load
    from ..store import open_store

    def report(line: str) -> None:
        print(f"saywho: {line}", file=sys.stderr)

    with open_store(args.db) as store:
        summary = load(args.parquet_dir, store, report=report)
    print(f"load: {summary.line()}", file=sys.stderr)
    return 1 if summary.failed else 0
