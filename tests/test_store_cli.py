"""``saywho ingest / search / speakers / export`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from saywho.cli import main
from saywho.records import Article
from saywho.store import open_store
from saywho.store.rows import STATEMENT_FIELDS


@pytest.fixture
def filled(store_url, news):
    with open_store(store_url) as store:
        store.add_articles(news)
    return store_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_formats(filled, capsys):
    code, out, err = run(capsys, "search", "interest", "--by", "statement", "--db", filled,
                         "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["total"] == 2
    assert {item["speaker"] for item in result["items"]} == {"Tomas Varga",
                                                             "Harbour Workers Union"}

    code, out, err = run(capsys, "search", "--speaker", "lopes", "--by", "statement",
                         "--db", filled, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2 and list(rows[0]) == list(STATEMENT_FIELDS)
    assert {r["speaker"] for r in rows} == {"Ana Lopes"}

    code, out, err = run(capsys, "search", '"price rises"', "--kind", "mixed", "--medium",
                         "Telegram", "--by", "statement", "--db", filled)
    assert code == 0 and "price rises are not over" in out and "Tomas Varga" in out
    assert "1-1 of 1 statements" in err


def test_search_with_a_malformed_query_says_what_to_fix(filled, capsys):
    code, out, err = run(capsys, "search", '"interest rates', "--db", filled)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        'saywho: error: unbalanced " in search query: close the phrase with another ", '
        'e.g. "interest rates"']


def test_speakers_lists_by_number_of_statements(filled, capsys):
    code, out, err = run(capsys, "speakers", "--db", filled, "--format", "json")
    names = [(s["name"], s["statements"]) for s in json.loads(out)["items"]]
    assert code == 0 and names == [("Tomas Varga", 3), ("Harbour Workers Union", 2),
                                   ("Ana Lopes", 2)]
    code, out, err = run(capsys, "speakers", "--db", filled)
    assert out.splitlines()[1].split()[:4] == ["3", "2", "PERSON", "Tomas"]


def test_full_jsonl_export_is_article_records(filled, news, tmp_path, capsys):
    target = tmp_path / "all.jsonl"
    code, out, err = run(capsys, "export", "--format", "jsonl", "-o", str(target),
                         "--db", filled)
    assert code == 0 and "4 articles" in err
    records = [Article.from_dict(json.loads(line)) for line in target.read_text().splitlines()]
    assert [r.to_dict() for r in records] == [a.to_dict() for a in news]


def test_filtered_exports_are_statements(filled, tmp_path, capsys):
    code, out, err = run(capsys, "export", "--format", "jsonl", "--speaker", "varga",
                         "--db", filled)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 3 and {x["speaker"] for x in lines} == {"Tomas Varga"}

    code, out, err = run(capsys, "export", "--format", "csv", "-q", "union OR strike",
                         "--db", filled)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and sorted(r["text"] for r in rows) == [
        "The union stands together,", "the strike would continue"]

    import pyarrow.parquet as pq

    target = tmp_path / "statements.parquet"
    code, out, err = run(capsys, "export", "--format", "parquet", "-o", str(target),
                         "--db", filled)
    table = pq.read_table(target)
    assert code == 0 and table.num_rows == 7 and table.column_names == list(STATEMENT_FIELDS)
    assert str(table.schema.field("confidence").type) == "double"
    assert sorted(table.column("speaker_id").to_pylist())[0] is not None

    empty = tmp_path / "none.parquet"
    code, out, err = run(capsys, "export", "--format", "parquet", "-o", str(empty),
                         "-q", "zebra", "--db", filled)
    assert code == 0 and pq.read_table(empty).num_rows == 0


def test_parquet_export_needs_an_output_file(filled, capsys):
    code, out, err = run(capsys, "export", "--format", "parquet", "--db", filled)
    assert code == 2 and "--output" in err


@pytest.mark.model
def test_ingest_extracts_stores_and_skips_on_the_second_run(store_url, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('"The bridge will reopen in May," Mayor Ruth Okafor said.\n')
    (folder / "b.txt").write_text('"Fares are going up," the rail operator said on Monday.\n')
    (folder / "c.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    code, out, err = run(capsys, "ingest", str(folder), "--db", store_url, "--progress")
    assert code == 1  # the binary file failed, the rest were stored
    assert "c.txt" in err and "ingest: 2 stored, 0 already present, 1 failed" in err
    assert "/3 " in err and "\x1b" not in err  # a plain progress line: stderr is no terminal

    code, out, err = run(capsys, "ingest", str(folder / "a.txt"), str(folder / "b.txt"),
                         "--db", store_url)
    assert code == 0 and "ingest: 0 stored, 2 already present, 0 failed" in err

    code, out, err = run(capsys, "search", "bridge", "--db", store_url, "--format", "json")
    [item] = json.loads(out)["items"]
    assert item["text"].startswith("The bridge will reopen in May")
    assert item["speaker"] == "Ruth Okafor"
