"""A newsroom's path on the command line: a folder of text files with a date and an outlet
ingested, searched with and without doubtful speakers, one speaker opened, CSV exported."""

from __future__ import annotations

import csv
import io
import json

import pytest

from saywho.cli import main

pytest.importorskip("spacy")

ARTICLES = {
    "bridge.txt": "Mayor promises the bridge will open in May\n\nPublished 23 February 2025\n\n"
                  '"The bridge will open in May," Mayor Ann Lee said on Monday.\n\n'
                  'She told reporters that the city had found the money.\n',
    "rates.txt": "Council warns of higher rates\n\n"
                 '"There is no other way," council leader Tom Baker said.\n',
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "in").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "in" / name).write_text(text)
    return tmp_path / "in"


def test_ingest_dates_titles_and_outlet(folder, store_url, capsys):
    code, _, err = run(capsys, "ingest", str(folder), "--db", store_url, "--workers", "1",
                       "--published", "2025-01-05", "--site", "example.org")
    assert code == 0, err
    code, out, _ = run(capsys, "search", "--by", "statement", "--db", store_url, "--format",
                       "json", "--limit", "50")
    items = json.loads(out)["items"]
    titles = {i["title"] for i in items}
    assert titles == {"Mayor promises the bridge will open in May", "Council warns of higher rates"}
    assert not any("promises" in i["text"] for i in items)  # the headline is not a statement
    assert {i["published"] for i in items} == {"2025-02-23", "2025-01-05"}  # its own date wins
    assert {i["site"] for i in items} == {"example.org"}


def test_confidence_in_the_table_and_the_filter(folder, store_url, capsys):
    assert run(capsys, "ingest", str(folder), "--db", store_url, "--workers", "1")[0] == 0
    _, out, err = run(capsys, "search", "--by", "statement", "--db", store_url, "--format", "json")
    items = json.loads(out)["items"]
    low = [i for i in items if i["confidence"] < 0.8]
    _, table, err = run(capsys, "search", "--by", "statement", "--db", store_url)
    assert "conf" in table.splitlines()[0]
    if low:  # the pronoun-resolved statement, when the model finds it
        assert "?" in table and "speaker uncertain" in err
    _, out, _ = run(capsys, "search", "--by", "statement", "--db", store_url, "--format", "json",
                    "--min-confidence")
    kept = json.loads(out)["items"]
    assert len(kept) == len(items) - len(low) and all(i["confidence"] >= 0.8 for i in kept)
    _, out, _ = run(capsys, "export", "--format", "csv", "--min-confidence", "0.85",
                    "--db", store_url)
    assert all(float(r["confidence"]) >= 0.85 for r in csv.DictReader(io.StringIO(out)))


def test_since_on_undated_articles_says_why(tmp_path, store_url, capsys):
    (tmp_path / "undated.txt").write_text('"Fares are going up," rail boss Jo King said.\n')
    assert run(capsys, "ingest", str(tmp_path / "undated.txt"), "--db", store_url,
               "--workers", "1")[0] == 0
    code, _, err = run(capsys, "search", "--since", "2024", "--db", store_url)
    assert code == 0 and "0 of 0 trails" in err
    assert "have no date" in err and "--published" in err


@pytest.mark.parametrize("command", [["search", "x"], ["speakers"], ["export", "--format", "csv"]])
def test_read_commands_on_a_missing_database(tmp_path, capsys, command):
    path = tmp_path / "typo.db"
    code, _, err = run(capsys, *command, "--db", f"sqlite:///{path}")
    assert code == 2 and f"no database at {path}" in err and "saywho ingest" in err
    assert not path.exists()


def test_bad_published_date_is_a_usage_error(folder, tmp_path, capsys):
    code, _, err = run(capsys, "ingest", str(folder), "--db", f"sqlite:///{tmp_path}/x.db",
                       "--published", "23/02/2025")
    assert code == 2 and "use YYYY-MM-DD" in err
