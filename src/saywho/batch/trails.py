"""Trails at scale on Spark: the same rule as ``saywho.trails.cluster``, as DataFrame joins.

Input: a DataFrame of reports with ``key`` (string), ``speaker`` (string), ``kind``, ``text``
and ``said_on`` (YYYY-MM-DD or null) — e.g. the ``attributions`` Parquet of a ``saywho spark``
run with the corpus speaker (or the article's speaker name) as ``speaker``. Output: ``key`` and
``trail`` (the smallest key of its trail).

1. Each report's sketch (``saywho.trails.sketch``) is computed in the executors.
2. Candidate pairs come from equi-joins on (speaker, key): LSH bands with bands, anchor
   shingles with shingles, and an indirect report's window days with a quote's day: the
   candidate rule of ``saywho.trails.pairs``, without a pass over every pair of a speaker.
3. Each candidate pair is checked with ``saywho.trails.joined`` (a UDF), giving the edges.
4. Connected components by label propagation: every report takes the smallest trail label of
   its neighbours until none changes (one join per round, checkpointed so the plan stays
   short; rounds grow with the longest chain, not with the data).

Reports without a speaker are left out, as in ``cluster``.

``saywho spark --trails`` runs this over the statements it extracted (``statement_reports``:
one report per attributions/ row, the speaker being the article's canonical speaker name with
case and spacing ignored, since corpus speaker identity lives in the store) and writes
``trails/``; ``local_trails`` is the same over extracted articles, without Spark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import astuple
from typing import Any

from .. import trails as core
from ..records import Article
from .table import attribution_rows

SKETCH_DDL = "bands ARRAY<STRING>, shingles ARRAY<STRING>, anchors ARRAY<STRING>"
MAX_ROUNDS = 100  # label propagation stops here at the latest (a chain this long is a bug)
REPORT_DDL = "key STRING, speaker STRING, kind STRING, text STRING, said_on STRING"
# The trails/ dataset of ``saywho spark --trails``: a row per statement with a speaker.
TRAIL_COLUMNS = ("article_key", "seq", "speaker", "trail")


def report_key(article_key: str, seq: int) -> str:
    """A statement's key: its article's key and its place in the article (sorts as they do)."""
    return f"{article_key}:{seq:05d}"


def speaker_key(name: str | None) -> str | None:
    """The speaker a statement is clustered under outside the store: the article's canonical
    name, case and spacing ignored."""
    key = " ".join((name or "").casefold().split())
    return key or None


def row_report(row: Mapping[str, Any]) -> core.Report:
    """The report of an attributions/ row (``saywho.batch.table.attribution_row``)."""
    return core.Report(report_key(row["article_key"], row["seq"]),
                       speaker_key(row["speaker_name"]), row["kind"],
                       core.report_text(row["content_text"] or "", row["content_parts"]),
                       row["said_on"])


def local_trails(articles: Iterable[Article]) -> tuple[tuple[str, ...], ...]:
    """The trails ``saywho spark --trails`` finds in these extracted articles, without Spark."""
    return core.cluster(row_report(row) for article in articles
                        for row in attribution_rows(article))


def _row_report(article_key: str, seq: int, speaker_name: str | None, kind: str,
                content_text: str | None, content_parts: list[Any] | None,
                said_on: str | None) -> tuple:
    return astuple(row_report({"article_key": article_key, "seq": seq, "speaker_name":
                               speaker_name, "kind": kind, "content_text": content_text,
                               "content_parts": content_parts, "said_on": said_on}))


def statement_reports(attributions: Any) -> Any:
    """attributions/ rows -> the reports ``trails`` takes, keeping ``article_key`` and ``seq``."""
    from pyspark.sql import functions as F

    report = F.udf(_row_report, REPORT_DDL)
    return (attributions.select("article_key", "seq", report(
        "article_key", "seq", "speaker_name", "kind", "content_text", "content_parts",
        "said_on").alias("r")).select("article_key", "seq", "r.*"))


def statement_trails(attributions: Any) -> Any:
    """attributions/ rows -> ``TRAIL_COLUMNS``: each statement with a speaker and its trail
    (the smallest key in it, as ``report_key`` writes keys)."""
    reports = statement_reports(attributions)
    labels = trails(reports)
    return labels.join(reports.select("key", *TRAIL_COLUMNS[:3]), "key") \
        .select(*TRAIL_COLUMNS)


def _sketch(text: str | None) -> tuple[list[str], list[str], list[str]]:
    sk = core.sketch(text or "")
    return (list(sk.bands), [f"{h:016x}" for h in sorted(sk.shingles)],
            [f"{h:016x}" for h in sk.anchors])


def _joined(ka: str, sa: str, kind_a: str, text_a: str, day_a: str | None,
            kb: str, kind_b: str, text_b: str, day_b: str | None) -> bool:
    a = core.Report(ka, sa, kind_a, text_a or "", day_a)
    b = core.Report(kb, sa, kind_b, text_b or "", day_b)
    return core.joined(a, core.sketch(a.text), b, core.sketch(b.text))


def _window(day: str | None) -> list[str]:
    return [d or "" for d in core._window_days(day)]


def trails(reports: Any) -> Any:
    """``reports`` (key, speaker, kind, text, said_on) -> DataFrame (key, trail)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, BooleanType, StringType

    sketch = F.udf(_sketch, SKETCH_DDL)
    window = F.udf(_window, ArrayType(StringType()))
    joined = F.udf(_joined, BooleanType())
    quoted = F.col("kind").isin(*core.QUOTED)
    r = (reports.where(F.col("speaker").isNotNull())
         .select("key", "speaker", "kind", "text", F.substring("said_on", 1, 10).alias("day"))
         .withColumn("sk", sketch("text")).cache())
    q = r.where(quoted)

    def exploded(frame: Any, column: Any, name: str) -> Any:
        return frame.select("speaker", F.col("key").alias(name),
                            F.explode(column).alias("h"))

    def pairs(left: Any, right: Any) -> Any:
        return (left.join(right, ["speaker", "h"]).where(F.col("a") != F.col("b"))
                .select("speaker", F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b")))

    bands = pairs(exploded(q, "sk.bands", "a"), exploded(q, "sk.bands", "b"))
    anchors = pairs(exploded(q, "sk.anchors", "a"), exploded(q, "sk.shingles", "b"))
    indirect = (r.where(~quoted).select("speaker", F.col("key").alias("a"),
                                        F.explode(window("day")).alias("h")))
    days = q.select("speaker", F.col("key").alias("b"), F.coalesce("day", F.lit("")).alias("h"))
    near = pairs(indirect, days)
    candidates = bands.unionByName(anchors).unionByName(near).distinct()
    side = lambda p: r.select(F.col("key").alias(p), F.col("kind").alias(f"kind_{p}"),  # noqa: E731
                              F.col("text").alias(f"text_{p}"), F.col("day").alias(f"day_{p}"))
    edges = (candidates.join(side("a"), "a").join(side("b"), "b")
             .where(joined("a", "speaker", "kind_a", "text_a", "day_a",
                           "b", "kind_b", "text_b", "day_b"))
             .select("a", "b").localCheckpoint())
    both = edges.unionByName(edges.select(F.col("b").alias("a"), F.col("a").alias("b")))
    labels = r.select("key", F.col("key").alias("trail")).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offered = (both.join(labels.withColumnRenamed("key", "b"), "b")
                   .groupBy(F.col("a").alias("key")).agg(F.min("trail").alias("offer")))
        updated = (labels.join(offered, "key", "left")
                   .select("key", F.least("trail", F.coalesce("offer", "trail")).alias("trail"))
                   .localCheckpoint())  # cuts the plan: each round starts from data
        changed = updated.join(labels.withColumnRenamed("trail", "old"), "key") \
            .where(F.col("trail") != F.col("old")).limit(1).count()
        labels = updated
        if not changed:
            break
    return labels


def components(rows: Any) -> tuple[tuple[str, ...], ...]:
    """(key, trail) rows -> trails as ``cluster`` returns them: sorted tuples of keys."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["trail"], []).append(row["key"])
    return tuple(sorted((tuple(sorted(g)) for g in groups.values()), key=lambda t: t[0]))
