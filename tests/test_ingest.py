"""saywho.ingest.read on plain text, JSONL, directories, globs, stdin, bad input, duplicates."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pytest

from saywho.errors import UsageError
from saywho.ingest import BadInput, IngestStats, read, read_bytes
from saywho.records import Article, Source

ARTICLE = """Residents of Carrow Hill packed the library on Thursday to hear plans for a new bus depot.

“This is the best site we have,” said Noor Haddad, the transport officer. “The alternatives are all further from the main road.”

Several residents said the depot would bring noise to a quiet street. The council will decide in May.
"""

OTHER = """The Millbrook rowing club has won back its boathouse lease after a two-year dispute with the port.

“We never doubted that the river belongs to everyone,” the club captain, Ada Brenner, told members.
"""


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def bad(items):
    return [x for x in items if isinstance(x, BadInput)]


def test_plain_text_is_kept_exactly(tmp_path):
    raw = "\ufeff  " + ARTICLE.replace("\n", "\r\n") + "\n\n"
    path = tmp_path / "a.txt"
    path.write_bytes(raw.encode("utf-8"))
    [art] = list(read([str(path)]))
    assert art.text == raw[1:]  # only the byte-order mark goes
    assert art.source == Source(path=str(path))
    assert art.boilerplate == ()


def test_latin1_file_decodes_curly_quotes(tmp_path):
    text = ("The caf\u00e9 owner, Ren\u00e9e Fa\u00efs, told reporters: \u201cIt\u2019s over.\u201d\n"
            "She said the na\u00efve plan had failed.\n")
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    [art] = list(read([str(path)]))
    assert art.text == text
    assert "“It’s over.”" in art.text
    assert art.meta["encoding"] == "cp1252"


def test_forced_encoding(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Gr\u00fc\u00dfe aus K\u00f6ln, sagte sie.".encode("latin-1"))
    [art] = list(read([str(path)], encoding="latin-1"))
    assert art.text == "Grüße aus Köln, sagte sie."
    [err] = list(read([str(path)], encoding="no-such-codec"))
    assert isinstance(err, BadInput) and "unknown encoding" in err.message


@pytest.mark.parametrize("content, message", [
    (b"", "empty article"),
    (b"  \n\t\r\n  ", "empty article"),
    (b"%PDF-1.7\n\x00\x01\x02 binary", "PDF"),
    (b"\x00\x01\x02\x03" * 200, "NUL bytes"),
    (bytes(range(1, 32)) * 50, "non-text"),
])
def test_bad_files_are_reported_and_the_rest_goes_on(tmp_path, content, message):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    stats = IngestStats()
    items = list(read([str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")], stats=stats))
    [err] = bad(items)
    assert message in err.message and err.source.path.endswith("bad.txt")
    assert "bad.txt" in str(err)
    assert len(articles(items)) == 1
    assert (stats.articles, stats.bad) == (1, 1)


def test_missing_path_and_unmatched_glob(tmp_path):
    items = list(read([str(tmp_path / "nope.txt"), str(tmp_path / "*.zzz")]))
    assert [e.message for e in items] == ["no such file or directory",
                                          "no file matches this pattern"]


def test_size_limit_names_the_way_to_raise_it(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    [err] = list(read([str(path)], max_bytes=1000))
    assert "--max-bytes" in err.message
    [art] = list(read([str(path)], max_bytes=10**6))
    assert len(art.text) == len(ARTICLE) * 100


def test_ten_megabyte_text_is_read_whole(tmp_path):
    path = tmp_path / "huge.txt"
    block = ARTICLE + "\n"
    path.write_text(block * (10_500_000 // len(block)), encoding="utf-8")
    [art] = list(read([str(path)]))
    assert len(art.text.encode("utf-8")) >= 10_000_000


def test_html_fed_as_text_is_read_as_html(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Depot plan</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")) + "</article></body></html>")
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    [art] = list(read([str(path)]))
    assert "<p>" not in art.text and "Noor Haddad" in art.text
    assert "\n\n" in art.text  # paragraph breaks kept


def test_gzipped_text(tmp_path):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode("utf-8")))
    [art] = list(read([str(path)]))
    assert art.text == ARTICLE


def test_truncated_gzip_text(tmp_path):
    data = gzip.compress((ARTICLE * 50).encode("utf-8"))
    path = tmp_path / "a.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    [err] = list(read([str(path)]))
    assert "truncated" in err.message


def jsonl_lines():
    return [
        json.dumps({"id": "a1", "text": ARTICLE, "url": "https://carrow.example/depot",
                    "published": "2024-05-02T09:30:00Z", "section": "local", "author": "T. Roe"}),
        '{"id": "a2", "text": "unterminated',
        "",
        json.dumps([1, 2, 3]),
        json.dumps({"id": "a4", "title": "No body"}),
        json.dumps({"id": "a5", "text": OTHER, "published": "next spring"}),
    ]


def test_jsonl_with_a_broken_line(tmp_path):
    path = tmp_path / "feed.data"  # detected by content, not by suffix
    path.write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    items = list(read([str(path)]))
    assert [type(x).__name__ for x in items] == ["Article", "BadInput", "BadInput", "BadInput",
                                                 "Article"]
    first = items[0]
    assert first.text == ARTICLE
    assert first.published == "2024-05-02"
    assert first.source == Source(path=str(path), url="https://carrow.example/depot", line=1,
                                  id="a1")
    assert first.meta == {"section": "local", "author": "T. Roe"}
    assert items[1].source.line == 2 and "not valid JSON" in items[1].message
    assert "feed.data:2" in str(items[1])
    assert items[2].source.line == 4
    assert items[3].source.line == 5 and "no 'text' or 'html'" in items[3].message
    assert items[4].published is None and items[4].meta["published_raw"] == "next spring"


def test_jsonl_with_html_and_gzip(tmp_path):
    page = ("<html><body><article><h1>Boathouse</h1>"
            + "".join(f"<p>{p}</p>" for p in (OTHER * 3).split("\n\n") if p)
            + "</article></body></html>")
    line = json.dumps({"id": 7, "html": page, "url": "https://millbrook.example/row",
                       "published": "2023-10-01"})
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress((line + "\n").encode("utf-8")))
    [art] = list(read([str(path)]))
    assert "Ada Brenner" in art.text
    assert art.published == "2023-10-01"
    assert art.source.id == "7" and art.source.line == 1
    assert art.source.url == "https://millbrook.example/row"


def test_directory_of_mixed_formats_and_glob(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "feed").write_text(json.dumps({"text": OTHER + "\nMore."}) + "\n")
    (tmp_path / ".hidden.txt").write_text(ARTICLE + "hidden", encoding="utf-8")
    page = ("<html><head><title>Rowing</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in (OTHER + "\n\n" + ARTICLE).split("\n\n") if p)
            + "</article></body></html>")
    (tmp_path / "sub" / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    items = list(read([str(tmp_path)]))
    names = sorted(x.source.path.rsplit("/", 1)[-1] for x in articles(items))
    assert names == ["feed", "one.txt", "page.html", "two.md"]
    html = next(x for x in items if x.source.path.endswith("page.html"))
    assert html.title == "Rowing" and "<p>" not in html.text
    assert [x.source.path.rsplit("/", 1)[-1] for x in bad(items)] == ["empty.txt"]
    globbed = list(read([str(tmp_path / "**" / "*.txt")]))
    assert sorted(x.source.path.rsplit("/", 1)[-1] for x in globbed) == ["empty.txt", "one.txt"]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    [art] = list(read(["-"]))
    assert art.text == ARTICLE and art.source.path == "<stdin>"


def test_stdin_through_a_real_pipe():
    feed = "\n".join(jsonl_lines()[:2]) + "\n"
    code = ("import sys; from saywho.ingest import read\n"
            "for x in read(['-']): print(type(x).__name__, x.source.line)")
    out = subprocess.run([sys.executable, "-c", code], input=feed.encode(), capture_output=True,
                         check=True, timeout=120).stdout.decode()
    assert out.split("\n")[:2] == ["Article 1", "BadInput 2"]


def test_duplicates_skipped_or_kept(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    # same words, different spacing, quote style and page furniture: still the same article
    copy = ARTICLE.replace("“", '"').replace("”", '"').replace("\n\n", "\n") + (
        "\n\nShare this article\nSign up for our newsletter")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    lines = [json.dumps({"text": OTHER, "url": "https://x.example/row#top"}),
             json.dumps({"text": OTHER + " Updated.", "url": "HTTPS://X.example/row/"})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    stats = IngestStats()
    kept = list(read([str(tmp_path)], stats=stats))
    assert len(kept) == 2 and stats.duplicates == 2
    assert "2 duplicates" in stats.summary()
    every = list(read([str(tmp_path)], duplicates="keep"))
    assert len(every) == 4
    assert [bool(a.meta.get("duplicate")) for a in every] == [False, True, False, True]
    with pytest.raises(UsageError):
        list(read([str(tmp_path)], duplicates="maybe"))


def test_read_is_lazy(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Article {i}. " + ARTICLE, encoding="utf-8")
    gen = read([str(tmp_path)])
    first = next(gen)
    assert first.source.path.endswith("0.txt")
    (tmp_path / "2.txt").unlink()  # removed before the generator reaches it
    rest = list(gen)
    assert isinstance(rest[-1], BadInput)


def test_read_bytes():
    [art] = list(read_bytes(ARTICLE.encode("utf-16"), Source(path="upload")))
    assert art.text == ARTICLE
