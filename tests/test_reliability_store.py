"""Issue 12, ingest into the store: a pool that cannot start loses nothing and says so; every
input item is counted in the summary; only a closed stdout ends a run quietly."""

from __future__ import annotations

import multiprocessing.popen_spawn_posix
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from saywho.batch import local
from saywho.batch.local import PoolOptions, ingest
from saywho.cli import main
from saywho.ingest import IngestStats, read
from saywho.store import open_store
from saywho.store.runner import IngestSummary
from test_batch import crash_on_marker


def _folder(tmp_path: Path, n: int = 6) -> Path:
    folder = tmp_path / "items"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:02d}.txt").write_text(f"Plain item {i} about the harbour, no quotes.", "utf-8")
    return folder


# ---- item 5: a worker pool that cannot start -------------------------------------------


def _spawn_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def launch(self: Any, process_obj: Any) -> None:
        raise BrokenPipeError(32, "Broken pipe")  # the child died before reading its setup

    monkeypatch.setattr(multiprocessing.popen_spawn_posix.Popen, "_launch", launch)


def test_pool_that_cannot_start_extracts_here_and_says_so(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _spawn_fails(monkeypatch)
    lines: list[str] = []
    with open_store(f"sqlite:///{tmp_path / 'p.db'}") as store:
        summary = ingest(read([str(folder)]), store, report=lines.append, task=crash_on_marker,
                         options=PoolOptions(workers=2, chunk_size=2, max_in_flight=2))
        assert store.counts()["articles"] == 6
    assert (summary.stored, summary.failed) == (6, 0)
    assert len(lines) == 1 and "worker processes could not start" in lines[0]


def test_cli_reports_a_broken_pipe_that_is_not_stdout(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import saywho.commands.extract as command

    def broken(args: Any) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(command, "run", broken)
    assert main(["extract", "-"]) == 1
    err = capsys.readouterr().err
    assert "saywho: error: a pipe broke" in err and "\n" not in err.strip()


def test_closed_stdout_still_ends_quietly(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from saywho.cli import main\n"
            "import saywho.commands.extract as c\n"
            "def run(args):\n"
            "    for i in range(200000): print('line', i)\n"
            "c.run = run\n"
            "sys.exit(main(['extract', '-']))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"line 0")
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and b"Traceback" not in err and b"error" not in err


# ---- item 6: every input item counted ---------------------------------------------------


def test_duplicates_within_the_input_are_counted(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 5)
    for i in range(2):  # two copies of an item under other names
        (folder / f"copy{i}.txt").write_text((folder / "01.txt").read_text("utf-8"), "utf-8")
    (folder / "empty.txt").write_text("  \n", "utf-8")
    monkeypatch.setattr(local, "extract_chunk", crash_on_marker)
    from saywho.store import runner

    monkeypatch.setattr(runner, "_extract", lambda articles, options: [(a, a) for a in articles])
    code = main(["ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'd.db'}",
                 "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1  # the empty file
    assert "ingest: 5 stored, 0 already present, 1 failed, 2 repeated within the input" in err


def test_summary_counts_every_item_including_skipped_records() -> None:
    summary = IngestSummary(stored=3, present=1, failed=1)
    stats = IngestStats(duplicates=2, skipped={"WARC response is not HTML": 4})
    summary.count_input(stats)
    assert summary.seen == 11
    line = summary.line()
    assert ("3 stored, 1 already present, 1 failed, 2 repeated within the input, "
            "4 archive records that are not articles") in line
    assert IngestSummary(stored=2).line().startswith("2 stored, 0 already present, 0 failed (")


def test_ingest_accepts_max_bytes_as_its_message_says(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, 2)
    (folder / "big.txt").write_text("The harbour council met. " * 400, "utf-8")
    from saywho.store import runner

    monkeypatch.setattr(runner, "_extract", lambda articles, options: [(a, a) for a in articles])
    db = f"sqlite:///{tmp_path / 'm.db'}"
    assert main(["ingest", str(folder), "--db", db, "--workers", "1", "--max-bytes", "5000"]) == 1
    err = capsys.readouterr().err
    assert "big.txt: larger than the limit of 5,000 bytes" in err and "--max-bytes" in err
    assert main(["ingest", str(folder), "--db", db, "--workers", "1", "--max-bytes", "50000"]) == 0
    assert "1 stored, 2 already present, 0 failed" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["ingest", str(folder), "--db", db, "--max-bytes", "0"])
    assert stop.value.code == 2 and "--max-bytes: must be at least 1" in capsys.readouterr().err
