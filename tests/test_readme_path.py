"""The README's "A first session" runs as written: every command of its shell block, in a
folder holding articles/ with two plain-text articles written for this test."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import pytest

from saywho.cli import main

pytest.importorskip("spacy")
README = Path(__file__).resolve().parent.parent / "README.md"

ARTICLES = {
    "bridge.txt": "Mayor promises the bridge will open in May\n\n"
                  '"The bridge will open in May," Mayor Ann Lee said on Monday.\n\n'
                  '"We have found the money," Ann Lee told reporters.\n',
    "rates.txt": "Council warns of higher rates\n\n"
                 '"There is no other way," council leader Tom Baker said.\n',
}


def first_session() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## A first session\n.*?```sh\n(.*?)```", text, re.S)
    assert block, "README has no 'A first session' shell block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def test_readme_first_session_runs(tmp_path, monkeypatch, capsys):
    (tmp_path / "articles").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = first_session()
    assert [c[:2] for c in commands][0] == ["saywho", "ingest"] and len(commands) >= 5
    for argv in commands:
        assert argv[0] == "saywho"
        if argv[1] == "ingest":
            argv = argv + ["--workers", "1"]  # one process: the test machine may have few cores
        code = main(argv[1:])
        out, err = capsys.readouterr()
        assert code == 0, f"{shlex.join(argv)} -> {code}: {err}"
        if argv[1:3] == ["search", "bridge"]:  # grouped by trail
            assert "The bridge will open in May" in out and "of 1 trails" in err
        if argv[1:4] == ["search", "--by", "statement"]:
            assert "The bridge will open in May" in out and "example.org" in out
    rows = list(csv.DictReader((tmp_path / "statements.csv").open(encoding="utf-8")))
    assert {r["speaker"] for r in rows} >= {"Ann Lee", "Tom Baker"}
    assert {r["site"] for r in rows} == {"example.org"}
    assert {r["title"] for r in rows} == {"Mayor promises the bridge will open in May",
                                          "Council warns of higher rates"}
