"""Trails on Spark local[2] equal the local clustering on the same reports."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saywho import trails as core

FULL = ("We will not raise the fuel duty this year, whatever the pressure from the Treasury "
        "and the markets")
WRITTEN = [("direct", FULL + ".", "2024-05-02"),
           ("direct", "whatever the pressure from the Treasury", "2024-05-02"),
           ("direct", FULL.replace("not", "never", 1), "2024-05-03"),
           ("direct", "We will build forty new hospitals in the north before the next election",
            "2024-05-02"),
           ("indirect", "the government would not raise fuel duty this year despite Treasury "
            "pressure", "2024-05-03")]

WORDS = ("tax rates will fall next year if the economy keeps growing and the budget "
         "holds while we protect schools hospitals and pensions for every family").split()


def generated(n: int = 160, seed: int = 14) -> list[core.Report]:
    """Statements by four speakers, each reported several times: whole, cut, a word changed,
    or paraphrased; plus unrelated ones."""
    rng = random.Random(seed)
    out: list[core.Report] = []
    while len(out) < n:
        speaker = f"speaker{rng.randrange(4)}"
        words = [rng.choice(WORDS) for _ in range(rng.randrange(6, 20))]
        day = f"2024-05-{rng.randrange(1, 28):02d}"
        for _ in range(rng.randrange(1, 5)):
            w = list(words)
            how = rng.random()
            if how < 0.3 and len(w) > 8:
                start = rng.randrange(len(w) - 6)
                w = w[start:start + rng.randrange(5, len(w) - start + 1)]
            elif how < 0.6:
                w[rng.randrange(len(w))] = rng.choice(WORDS)
            kind = "indirect" if how > 0.9 else rng.choice(["direct", "mixed"])
            out.append(core.Report(f"k{len(out):04d}", speaker, kind, " ".join(w), day))
    return out


HARBOUR = [  # three outlets report one statement: whole, cut short, with a word changed
    ("https://harbour.example.com/pause", "2024-06-03",
     "Port authority chief Elena Marsh said on Monday that the harbour expansion would be "
     "paused.\n\n\"We will not dredge the eastern channel until the environmental review is "
     "finished, and that review will take at least two years,\" Marsh told reporters in "
     "Dunmore.\n\nThe decision surprised local shipping firms. \"Our budget for the new ferry "
     "terminal is fixed at four million pounds,\" Marsh added."),
    ("https://coastpost.example.org/dunmore", "2024-06-03",
     "Dunmore's harbour expansion has been put on hold.\n\n\"We will not dredge the eastern "
     "channel until the environmental review is finished,\" Elena Marsh, who heads the port "
     "authority, said on Monday.\n\nFishing crews welcomed the news."),
    ("https://dailywire.example.net/channel", "2024-06-04",
     "\"We will not dredge the eastern channel until the environmental survey is finished, and "
     "that review will take at least two years,\" port authority chief Elena Marsh said.\n\n"
     "Shipping firms said they would wait for the review."),
]


# First in this module: ``saywho spark`` starts and stops its own session, so it must run
# before the module's shared session exists.
@pytest.mark.spark
@pytest.mark.model
def test_saywho_spark_trails_equal_the_local_trails(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.dataset as ds

    from saywho.batch.trails import components, local_trails, report_key
    from saywho.cli import main
    from saywho.records import Article

    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"url": url, "published": day, "text": text}) + "\n"
                            for url, day, text in HARBOUR), encoding="utf-8")
    assert main(["extract", str(feed), "--format", "jsonl"]) == 0
    articles = [Article.from_dict(json.loads(line))
                for line in capsys.readouterr().out.splitlines()]
    local = local_trails(articles)
    out = tmp_path / "out"
    assert main(["spark", str(feed), "--output", str(out), "--master", "local[2]",
                 "--trails"]) == 0
    multi = sum(len(t) > 1 for t in local)
    assert f"{multi} trails of more than one report" in capsys.readouterr().err
    rows = ds.dataset(out / "trails", format="parquet").to_table().to_pylist()
    from_spark = components({"key": report_key(r["article_key"], r["seq"]),
                             "trail": r["trail"]} for r in rows)
    assert from_spark == local
    statement = max(local, key=len)
    assert len({key.split(":")[0] for key in statement}) == 3  # one report per outlet
    assert multi == 1  # the ferry budget, said the same day, stays on its own


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (apt-get install openjdk-17-jre-headless)")
    from saywho.batch.spark import build_session

    session = build_session("local[2]", app_name="saywho-trails-tests",
                            conf={"spark.ui.showConsoleProgress": "false",
                                  "spark.driver.memory": "768m"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.spark
def test_spark_trails_equal_local_trails(spark: Any) -> None:
    from saywho.batch.trails import components, trails

    reports = [core.Report(f"w{i}", "minister", kind, text, day)
               for i, (kind, text, day) in enumerate(WRITTEN, 1)] + generated()
    local = core.cluster(reports)
    assert any(len(t) > 2 for t in local) and any(len(t) == 1 for t in local)
    frame = spark.createDataFrame(
        [(r.key, r.speaker, r.kind, r.text, r.said_on) for r in reports],
        "key STRING, speaker STRING, kind STRING, text STRING, said_on STRING")
    assert components(trails(frame).collect()) == local
    assert ("w1", "w2", "w3", "w5") in local
