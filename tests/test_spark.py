"""The Spark job (local[2]) on a WARC and a JSONL file written here, ``saywho load``, and the
command-line checks that run before Spark starts. One SparkSession for the module: start-up
takes seconds."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saywho.batch.load import months
from saywho.batch.spark import JobOptions, run_job
from saywho.batch.table import (
    ARTICLE_COLUMNS,
    ATTRIBUTION_COLUMNS,
    article_from_rows,
    article_row,
    attribution_rows,
)
from saywho.cli import main
from saywho.records import (
    Article,
    Attribution,
    Content,
    Cue,
    Source,
    Span,
    Speaker,
    TimeRef,
)
from saywho.store import open_store

JSONL_ITEMS = [
    {"id": "r1", "url": "https://news.example.org/rates", "published": "2024-03-05",
     "title": "Rates on hold",
     "text": '"Interest rates will stay where they are for now," said Tomas Varga, the central '
             "bank governor. He told reporters that inflation was falling."},
    {"id": "r2", "url": "https://news.example.org/bridge",
     "text": '"The bridge will open in May," Mayor Lena Fischer said. She added that the city '
             "had saved money on the project."},
]
WARC_PAGES = [
    ("https://paper.example.com/budget", "2024-04-02",
     ('Finance Minister Paul Ode said the budget was balanced. "We kept our promise," he said '
      "in parliament.")),
    ("https://paper.example.com/prices", "2024-04-20",
     ('"Prices will fall next year," the chief executive, Maria Ruiz, told shareholders. '
      "Analysts said the forecast looked optimistic.")),
]
FILLER = ("The announcement followed several weeks of debate in the capital about public "
          "spending and new rules for the sector.")


def write_inputs(folder: Path) -> tuple[Path, Path]:
    """A JSONL file (with one broken line between two good ones) and a gzipped WARC."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "feed.jsonl"
    lines = [json.dumps(JSONL_ITEMS[0]), "{this line is not json", json.dumps(JSONL_ITEMS[1])]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warc = folder / "crawl.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, day, body in WARC_PAGES:
            html = (f"<html><head><title>{url.rsplit('/', 1)[1]}</title>"
                    f'<meta name="date" content="{day}"></head><body><article>'
                    f"<p>{body}</p><p>{FILLER}</p></article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(html),
                                                          http_headers=headers))
    return jsonl, warc


def stored(url: str) -> dict[str, list[dict[str, Any]]]:
    with open_store(url) as store:
        return {r.summary.key: [a.to_dict() for a in r.article.attributions]
                for r in store.iter_articles()}


# --- no Spark needed ------------------------------------------------------------------------

def test_rows_round_trip() -> None:
    text = '"We will build it," Mayor Lena Fischer told reporters on Monday.'
    quote = Content(1, 17, text[1:17], parts=(Span(1, 17, text[1:17]),))
    mention = Span(19, 37, text[19:37])
    article = Article(text=text, title="Bridge", published="2024-05-07", language="en",
                      source=Source(path="feed.jsonl", url="https://x.example/b", line=3),
                      meta={"tags": ["city"]},
                      attributions=(Attribution(
                          kind="direct", content=quote,
                          speaker=Speaker(mention, "Lena Fischer", "PERSON", "Mayor", "explicit"),
                          cue=Cue(38, 42, "told", "tell"), addressee=Span(43, 52, "reporters"),
                          time=TimeRef("on Monday", "2024-05-06"), confidence=0.875),))
    row = article_row(article, model="m")
    assert row["month"] == "2024-05" and row["n_attributions"] == 1
    assert set(row) == {name for name, _ in ARTICLE_COLUMNS}
    rows = attribution_rows(article)
    assert set(rows[0]) == {name for name, _ in ATTRIBUTION_COLUMNS}
    assert rows[0]["said_on"] == "2024-05-06"
    assert article_from_rows(row, rows) == article
    undated = article_row(Article(text="No date here."), model=None)
    assert undated["month"] == "unknown"


def test_spark_command_checks_inputs_before_starting(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["spark", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "o")])
    assert code == 1
    assert "missing.jsonl: no such file or directory" in capsys.readouterr().err
    jsonl, _ = write_inputs(tmp_path / "in")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "old.txt").write_text("x")
    assert main(["spark", str(jsonl), "--output", str(busy)]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err


def test_load_names_a_wrong_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert code == 1
    assert "no articles/ directory" in capsys.readouterr().err


# --- with Spark -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)")
    from saywho.batch.spark import build_session

    session = build_session("local[2]", app_name="saywho-tests",
                            conf={"spark.ui.showConsoleProgress": "false",
                                  "spark.driver.memory": "768m"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.model
def test_spark_job_matches_the_local_pool(spark: Any, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    jsonl, warc = write_inputs(tmp_path / "in")
    out = tmp_path / "out"
    result = run_job(spark, [str(jsonl), str(warc)], str(out),
                     options=JobOptions(partitions=3))
    assert (result.articles, result.failed) == (4, 1)
    assert "feed.jsonl" in result.failures[0] and "not valid JSON" in result.failures[0]

    # articles/: one row per article, partitioned by month
    assert months(str(out)) == ["2024-03", "2024-04", "unknown"]
    table = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    articles = {r["source_url"]: r for r in table.to_pylist()}
    assert set(articles) == {i["url"] for i in JSONL_ITEMS} | {p[0] for p in WARC_PAGES}
    rates = articles["https://news.example.org/rates"]
    assert (rates["month"], rates["published"], rates["title"]) == ("2024-03", "2024-03-05",
                                                                     "Rates on hold")
    assert rates["source_path"].endswith("feed.jsonl") and rates["source_line"] == 1
    assert articles["https://news.example.org/bridge"]["month"] == "unknown"
    budget = articles["https://paper.example.com/budget"]
    assert budget["month"] == "2024-04" and budget["source_offset"] is not None
    assert "budget was balanced" in budget["text"]

    # attributions/: one row per attribution, joined to its article by key
    rows = ds.dataset(out / "attributions", format="parquet", partitioning="hive") \
        .to_table().to_pylist()
    assert len(rows) == result.attributions == sum(a["n_attributions"] for a in articles.values())
    varga = [r for r in rows if r["speaker_name"] == "Tomas Varga" and r["kind"] == "direct"]
    assert varga and varga[0]["article_key"] == rates["key"] and varga[0]["month"] == "2024-03"
    assert varga[0]["content_text"].startswith("Interest rates will stay")
    errors = ds.dataset(out / "errors", format="parquet").to_table().to_pylist()
    assert len(errors) == 1 and errors[0]["source_line"] == 2

    # loaded into a database, the same as the local pool stores from the same files
    spark_db, pool_db = f"sqlite:///{tmp_path / 'spark.db'}", f"sqlite:///{tmp_path / 'pool.db'}"
    assert main(["load", str(out), "--db", spark_db]) == 0
    assert main(["load", str(out), "--db", spark_db]) == 0  # again: nothing changes
    assert main(["ingest", str(jsonl), str(warc), "--db", pool_db, "--workers", "2"]) == 1
    from_spark, from_pool = stored(spark_db), stored(pool_db)
    assert len(from_spark) == 4 and sum(map(len, from_spark.values())) == result.attributions
    assert from_spark == from_pool
