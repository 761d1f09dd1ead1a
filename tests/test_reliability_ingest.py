"""Issue 12, ingest: nothing silently lost (truncated WARCs, unreadable folders, deep HTML,
lone surrogates in JSON lines)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from saywho.ingest import BadInput, IngestStats, read, read_bytes
from saywho.ingest.html import TOO_DEEP
from saywho.ingest.warc import TRUNCATED
from saywho.records import Article, Source
from test_ingest_html import build_warc
from test_spark import spark as spark_session  # noqa: F401 - the module's SparkSession fixture

ARTICLE_RECORDS = (1, 4, 5)  # the records of build_warc that are HTML articles


def _cut_points(records: list[bytes]) -> list[int]:
    """Cut points all through the archive, and around each record boundary."""
    size = sum(map(len, records))
    bounds = [0]
    for r in records:
        bounds.append(bounds[-1] + len(r))
    cuts = set(range(9, size, 23)) | set(range(size - 12, size))
    cuts |= {b + k for b in bounds[1:-1] for k in (-8, -4, -2, -1, 1, 2, 8, 20, 60, 100, 140)}
    return sorted(c for c in cuts if 9 <= c < size and c not in bounds)


def _check_cut(items: list, records: list[bytes], cut: int, where: str) -> None:
    bounds = [0]
    for r in records:
        bounds.append(bounds[-1] + len(r))
    whole = [i for i in ARTICLE_RECORDS if bounds[i + 1] <= cut]
    articles = [x for x in items if isinstance(x, Article)]
    bad = [x for x in items if isinstance(x, BadInput)]
    cut_record = next(i for i in range(len(records)) if bounds[i] <= cut < bounds[i + 1])
    assert len(articles) == len(whole), (where, cut, [b.message for b in bad])
    assert len(bad) == 1 and "truncated" in bad[0].message, (where, cut, bad)
    assert "\n" not in bad[0].message
    if bad[0].message != TRUNCATED:  # a gzip cut before its first block says so as gzip
        assert cut_record == 0 and "gzip file is truncated" in bad[0].message, (where, cut, bad)
    else:
        assert bad[0].source.offset == bounds[cut_record], (where, cut)


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_file_says_so_at_every_cut_point(tmp_path: Path, gz: bool) -> None:
    records = build_warc(gz)
    data = b"".join(records)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for cut in _cut_points(records):
        path.write_bytes(data[:cut])
        _check_cut(list(read([str(path)], duplicates="keep")), records, cut, "file")


def _from_stream(data: bytes) -> list:
    """What reading ``data`` from a pipe (standard input: no seeking) gives."""
    from saywho.ingest import Options, _read_stream

    return [x for x in _read_stream(io.BytesIO(data), Source(path="<stdin>"), Options(),
                                    path=None) if not isinstance(x, tuple)]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_stream_says_so_at_every_cut_point(gz: bool) -> None:
    records = build_warc(gz)
    data = b"".join(records)
    for cut in _cut_points(records):
        _check_cut(_from_stream(data[:cut]), records, cut, "stream")
        _check_cut(list(read_bytes(data[:cut], Source(path="x"))), records, cut, "bytes")


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_corrupt_record_in_memory_does_not_stop_the_rest(gz: bool) -> None:
    """read_bytes (uploads, the Spark job) resumes past a corrupt record as a file does."""
    records = build_warc(gz)
    broken = bytearray(records[2])
    if gz:
        broken[20:60] = bytes(40)
    else:
        broken[:8] = b"GARBAGE!"
    data = b"".join(records[:2] + [bytes(broken)] + records[3:])
    items = list(read_bytes(data, Source(path="crawl")))
    assert [type(x).__name__ for x in items] == ["Article", "BadInput", "Article", "Article"]
    assert "resumes" in items[1].message


def test_whole_warc_reports_nothing(tmp_path: Path) -> None:
    for gz in (False, True):
        path = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
        path.write_bytes(b"".join(build_warc(gz)))
        items = list(read([str(path)], duplicates="keep"))
        assert [type(x).__name__ for x in items] == ["Article"] * 3


def test_truncated_warc_is_counted_and_shown_by_ingest(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from saywho.cli import main

    records = build_warc(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(records)[:sum(map(len, records[:4])) + 100])
    code = main(["extract", str(path), "--format", "jsonl"])
    err = capsys.readouterr().err
    assert code == 1 and "truncated inside this record" in err


# ---- item 2: unreadable folders ---------------------------------------------------------


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(refused):
            raise PermissionError(13, "Permission denied", str(refused))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_folder_inside_a_directory_is_reported(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("The mayor spoke on Friday.", encoding="utf-8")
    _refuse(monkeypatch, locked)
    stats = IngestStats()
    items = list(read([str(tmp_path)], stats=stats))
    bad = [x for x in items if isinstance(x, BadInput)]
    assert len([x for x in items if isinstance(x, Article)]) == 1
    assert len(bad) == 1 and bad[0].source.path == str(locked)
    assert "cannot read this folder" in bad[0].message and stats.bad == 1


def test_unreadable_top_level_directory_is_reported(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    _refuse(monkeypatch, tmp_path)
    [item] = list(read([str(tmp_path)]))
    assert isinstance(item, BadInput) and "cannot read this folder" in item.message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads folders whatever their permissions")
def test_unreadable_folder_by_permissions(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("The mayor spoke on Friday.", encoding="utf-8")
    locked.chmod(0)
    try:
        items = list(read([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert [type(x).__name__ for x in items] == ["BadInput"]


# ---- item 4: deep HTML ------------------------------------------------------------------

PARAGRAPHS = [f"<p>Paragraph {i:03d}: the harbour council met on Tuesday to talk about the "
              f"ferry, the roads and the new library.</p>" for i in range(300)]


def _kept(html: str) -> int:
    [item] = list(read_bytes(html.encode("utf-8"), Source(path="deep.html")))
    assert isinstance(item, Article), item
    return sum(f"Paragraph {i:03d}:" in item.text for i in range(300))


def test_page_nested_deeper_than_256_levels_is_read_whole() -> None:
    html = ("<html><body><article>" + "<div>" * 300 + "".join(PARAGRAPHS) + "</div>" * 300
            + "</article></body></html>")
    assert _kept(html) == 300


def test_page_with_hundreds_of_unclosed_tags_is_read_whole() -> None:
    html = "<html><body><article>" + "".join("<div><div>" + p for p in PARAGRAPHS) + \
        "</article></body></html>"
    assert _kept(html) == 300
    html = "<html><body><article>" + "".join("<span><b>" + p for p in PARAGRAPHS) + \
        "</article></body></html>"
    assert _kept(html) == 300


def test_page_too_deep_to_read_whole_is_reported() -> None:
    html = ("<html><body><article>" + "<div>" * 3000 + "".join(PARAGRAPHS) + "</div>" * 3000
            + "</article></body></html>")
    [item] = list(read_bytes(html.encode("utf-8"), Source(path="deep.html")))
    assert isinstance(item, BadInput) and item.message == TOO_DEEP


# ---- item 8 (ingest side): lone surrogates in JSON lines ---------------------------------


def test_lone_surrogates_in_jsonl_fields_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"text": "Broken \ud800 text, said Bob Stone.", "title": "T\udfff",
              "tags": ["a\udc00"]},
             {"html": "<html><body><article><p>Broken \ud83d page that the council "
                      "discussed at length on Tuesday evening.</p></article></body></html>"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    items = list(read([str(path)]))
    assert all(isinstance(x, Article) for x in items), items
    first = items[0]
    assert first.text == "Broken \ufffd text, said Bob Stone." and first.title == "T\ufffd"
    assert first.meta["tags"] == ["a\ufffd"]
    json.dumps([x.to_dict() for x in items], ensure_ascii=False).encode("utf-8")
    # a real pair written as escapes stays one character
    pair = io.BytesIO(json.dumps({"text": "Smile \U0001F600 said Ann Lee."}).encode())
    [art] = list(read_bytes(pair.getvalue(), Source(path="p.jsonl")))
    assert art.text == "Smile \U0001F600 said Ann Lee."


# ---- docs/ingest.md and the command line agree ------------------------------------------


def test_every_option_named_in_the_ingest_docs_exists() -> None:
    import re

    from saywho.cli import build_parser

    root = Path(__file__).resolve().parent.parent
    docs = (root / "docs" / "ingest.md").read_text("utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    named = set()
    for line in docs.splitlines():
        script = re.search(r"benchmarks/\S+?\.py", line)
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line):
            if script and option in (root / script.group(0)).read_text("utf-8"):
                continue  # a benchmark script's own option
            named.add(option)
    assert {"--max-bytes", "--encoding", "--duplicates"} <= named
    for option in sorted(named):
        for command in ("extract", "ingest"):
            assert option in commands[command]._option_string_actions, (command, option)


def test_nul_characters_in_jsonl_text_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_text(json.dumps({"text": "The mayor said\u0000 the bridge would open."}) + "\n",
                    encoding="utf-8")
    [art] = list(read([str(path)]))
    assert art.text == "The mayor said\ufffd the bridge would open."


# ---- item 7: the Spark job loses and doubles nothing the worker pool would not -----------


@pytest.mark.spark
@pytest.mark.model
def test_spark_keeps_what_the_pool_keeps(tmp_path: Path, spark_session: object) -> None:
    import pyarrow.dataset as ds

    from saywho.batch.spark import JobOptions, run_job
    from saywho.cli import main
    from saywho.store import open_store

    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    shared = {"url": "https://news.example.org/port", "text": '"The port will reopen on '
              'Monday," the harbour master, Ilse Brandt, said on Friday.'}
    one = [shared, {"url": "https://news.example.org/a", "text": '"We will build it," '
                    "Mayor Lena Fischer said."}]
    two = [{"url": "https://news.example.org/b", "text": '"Prices will fall," said Maria Ruiz.'},
           {**shared, "url": "https://news.example.org/port/"},  # the same URL, spelt longer
           {"url": "https://news.example.org/c", "text": shared["text"]}]  # the same body
    (folder / "a.jsonl").write_text("\n".join(json.dumps(x) for x in one) + "\n", "utf-8")
    (folder / "b" / "b.jsonl").write_text("\n".join(json.dumps(x) for x in two) + "\n", "utf-8")
    records = build_warc(True)
    broken = bytearray(records[2])
    broken[20:60] = bytes(40)  # a corrupt record between two articles
    (folder / "crawl.warc.gz").write_bytes(b"".join(records[:2] + [bytes(broken)] + records[3:5]))

    out = tmp_path / "out"
    result = run_job(spark_session, [str(folder)], str(out), options=JobOptions(partitions=3))
    table = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    spark_keys = {r["key"] for r in table.to_pylist()}
    errors = ds.dataset(out / "errors", format="parquet").to_table().to_pylist()
    assert result.duplicates == 2 and "2 repeated within the input" in result.line()
    assert len(errors) == 1 and "corrupt WARC record" in errors[0]["message"]

    pool = f"sqlite:///{tmp_path / 'pool.db'}"
    assert main(["ingest", str(folder), "--db", pool, "--workers", "1"]) == 1  # the bad record
    with open_store(pool) as store:
        pool_keys = {r.summary.key for r in store.iter_articles()}
    assert len(pool_keys) == result.articles == 5  # 2 + 1 from JSONL, 2 pages from the WARC
    assert spark_keys == pool_keys
