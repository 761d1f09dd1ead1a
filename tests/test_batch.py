"""The local worker pool behind ``saywho ingest --workers N``: same results as one process,
resume, bad items, a worker that dies, Ctrl-C, back-pressure."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from saywho.batch import local
from saywho.batch.local import PoolOptions, PoolSummary, default_workers, ingest
from saywho.cli import main
from saywho.errors import UsageError
from saywho.ingest import read
from saywho.records import Article
from saywho.store import open_store

# Short invented news items; file names sort in this order, the unreadable one in the middle.
ARTICLES = {
    "a_rates.txt": '"Interest rates will stay where they are for now," said Tomas Varga, the '
                   "central bank governor, on Tuesday. He told reporters that inflation was "
                   "falling faster than expected.",
    "b_strike.txt": "The Harbour Workers Union said the strike would continue until the port "
                    'listened. "We are not going back," said Ana Lopes, a docker.',
    "c_bridge.txt": '"The bridge will open in May," Mayor Lena Fischer said. She added that the '
                    "city had saved money on the project.",
    "d_empty.txt": "   \n",
    "e_budget.txt": 'Finance Minister Paul Ode said the budget was balanced. "We kept our '
                    'promise," he said in parliament.',
    "f_prices.txt": '"Prices will fall next year," the chief executive, Maria Ruiz, told '
                    "shareholders. Analysts said the forecast looked optimistic.",
    "g_school.txt": "Teachers warned that class sizes were growing. \"We cannot teach forty "
                    'children at once," said Omar Haddad, a head teacher in the north.',
}
GOOD = len(ARTICLES) - 1


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def stored(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every stored article's attributions, by article key."""
    with open_store(url) as store:
        return {r.summary.key: [a.to_dict() for a in r.article.attributions]
                for r in store.iter_articles()}


def whole(url: str) -> bool:
    """Every stored article has exactly the attribution rows it says it has."""
    with open_store(url) as store:
        return all(r.summary.statements == len(r.article.attributions)
                   for r in store.iter_articles())


# --- without the model ----------------------------------------------------------------------

def test_options_are_checked() -> None:
    with pytest.raises(UsageError, match="--workers must be at least 1"):
        PoolOptions(workers=0).check()
    with pytest.raises(UsageError, match="--batch-size"):
        PoolOptions(workers=2, chunk_size=0).check()
    assert default_workers() >= 1
    assert PoolOptions(workers=3).in_flight() == 3 * local.IN_FLIGHT_PER_WORKER


def test_cli_rejects_zero_workers(corpus: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ingest", str(corpus), "--db", f"sqlite:///{tmp_path / 'x.db'}",
                 "--workers", "0"])
    assert code == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


def crash_on_marker(articles: list[Article]) -> tuple[list[Article | str], int, int]:
    """A worker task without the model: it kills its process on an article containing CRASH
    (as a segfault or the out-of-memory killer would) and passes the others through."""
    if any("CRASH" in a.text for a in articles):
        os._exit(17)
    return list(articles), os.getpid(), 1024


def test_a_dying_worker_fails_only_its_article(tmp_path: Path) -> None:
    texts = [f"Item number {i} of a plain list, with no quotes in it at all." for i in range(9)]
    texts[4] = "This article makes the worker CRASH as soon as it is parsed."
    folder = tmp_path / "list"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    lines: list[str] = []
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    with open_store(url) as store:
        summary = ingest(read([str(folder)]), store,
                         options=PoolOptions(workers=2, chunk_size=2, max_in_flight=2),
                         report=lines.append, task=crash_on_marker)
        assert store.counts()["articles"] == 8
    assert (summary.stored, summary.failed) == (8, 1)
    assert len(lines) == 1 and lines[0].startswith(str(folder / "4.txt"))
    assert "worker process died" in lines[0]
    assert isinstance(summary, PoolSummary) and summary.peak_mib() == 1.0


def test_back_pressure_bounds_chunks_in_flight(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading waits for the workers: never more than max_in_flight chunks are out."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02d}.txt").write_text(f"Plain item {i} without any quotes.", "utf-8")
    most = 0
    real_send = local._Pool._send

    def counting_send(self: Any, chunk: Any) -> None:
        nonlocal most
        most = max(most, len(self.in_flight) + 1)
        real_send(self, chunk)

    monkeypatch.setattr(local._Pool, "_send", counting_send)
    with open_store(f"sqlite:///{tmp_path / 'bp.db'}") as store:
        summary = ingest(read([str(folder)]), store,
                         options=PoolOptions(workers=2, chunk_size=2, max_in_flight=3),
                         task=crash_on_marker)
    assert summary.stored == 30
    assert most == 3


# --- with the model -------------------------------------------------------------------------

@pytest.mark.model
def test_one_and_two_workers_store_the_same(corpus: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    assert main(["ingest", str(corpus), "--db", one, "--workers", "1"]) == 1
    first = capsys.readouterr().err
    assert main(["ingest", str(corpus), "--db", two, "--workers", "2", "--batch-size", "2"]) == 1
    second = capsys.readouterr().err
    for err in (first, second):  # the empty file is reported and counted, the rest stored
        assert "d_empty.txt: empty article" in err
        assert f"{GOOD} stored, 0 already present, 1 failed" in err
    a, b = stored(one), stored(two)
    assert len(a) == GOOD and a == b
    speakers = {at["speaker"]["name"] for ats in a.values() for at in ats if at["speaker"]}
    assert {"Tomas Varga", "Lena Fischer"} <= speakers


@pytest.mark.model
def test_interrupted_run_resumes(corpus: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'resume.db'}"
    options = PoolOptions(workers=2, chunk_size=1, max_in_flight=2)

    def stop_after_two(summary: Any) -> None:
        if summary.stored >= 2:
            raise KeyboardInterrupt  # as Ctrl-C arrives in the parent

    with open_store(url) as store, pytest.raises(KeyboardInterrupt):
        ingest(read([str(corpus)]), store, options=options, progress=stop_after_two)
    assert 2 <= len(stored(url)) < GOOD and whole(url)
    first = set(stored(url))
    with open_store(url) as store:
        summary = ingest(read([str(corpus)]), store, options=options)
    assert summary.present == len(first)
    assert summary.stored == GOOD - len(first) and summary.failed == 1
    assert len(stored(url)) == GOOD and whole(url)
