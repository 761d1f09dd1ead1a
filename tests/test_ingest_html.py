"""HTML pages and WARC archives: metadata, paragraph breaks, furniture, bad records."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from saywho.ingest import BadInput, IngestStats, read
from saywho.ingest.warc import SKIP_NOT_HTML, SKIP_NOT_RESPONSE, SKIP_STATUS
from saywho.records import Article

PIER = [
    "The harbour authority in Port Wenley voted on Tuesday to close the old ferry pier for six "
    "months while engineers replace its rotting timber piles, a decision that angered the "
    "commuters who rely on the early crossing.",
    "“We cannot keep patching a structure that is older than most of the people who use it. "
    "The divers found damage we did not expect, and some of the piles are hollow,” said Marta "
    "Ilves, who chairs the authority.",
    "“We looked at every option. Closing it is the only one that keeps people safe,” she said.",
    "Commuter groups said the replacement bus service would add forty minutes to a typical "
    "journey. Tomas Greer, a nurse who crosses every morning, told the meeting that the plan "
    "ignored shift workers entirely.",
    "The authority said a temporary landing stage could open in the spring if the contractor "
    "finishes its survey on time. It has set aside two million for the repairs.",
]

APPEAL = ("Before you go: the Wenley Gazette has no paywall, and we need your help to keep it "
          "that way. Support us from just $2 a month. Every contribution keeps our local "
          "journalism free for everyone.")


def news_page(title: str, paragraphs: list[str], *, url: str, date: str | None = "2024-03-12",
              extra: str = "", charset: str = "utf-8") -> str:
    date_meta = (f'<meta property="article:published_time" content="{date}T08:00:00Z">'
                 if date else "")
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | Wenley Gazette</title>
<link rel="canonical" href="{url}"><meta property="og:site_name" content="Wenley Gazette">
<meta property="og:title" content="{title}">
<meta name="author" content="Lena Ostrova">{date_meta}</head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Lena Ostrova</p>{body}{extra}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Council approves budget</a></li>
<li><a href="/b">Storm warning for the coast</a></li></ul></aside>
<footer><p>Copyright Wenley Gazette 2024. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>"""


PIER_URL = "https://wenley-gazette.example/news/pier"
PIER_PAGE = news_page("Ferry pier to close for six months", PIER, url=PIER_URL)

NO_ARTICLE = """<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<nav><a href="/">Home</a><a href="/news">News</a></nav>
<form><input name="user"><input type="password" name="pw"><button>Sign in</button></form>
</body></html>"""


def test_html_page_body_and_metadata(tmp_path):
    path = tmp_path / "pier.html"
    path.write_text(PIER_PAGE, encoding="utf-8")
    [art] = list(read([str(path)]))
    assert isinstance(art, Article)
    assert art.title == "Ferry pier to close for six months"
    assert art.published == "2024-03-12"
    assert art.language == "en"
    assert art.source.path == str(path) and art.source.url == PIER_URL
    assert art.meta["author"] == "Lena Ostrova" and art.meta["site"] == "Wenley Gazette"
    # a blank line between paragraphs, so a quote running over two paragraphs stays whole
    assert "said Marta Ilves, who chairs the authority.\n\n“We looked at every option." in art.text
    assert not art.text.startswith("Ferry pier")  # the title is not repeated in the text
    for furniture in ("Most read", "Storm warning", "Privacy", "Sport"):
        assert furniture not in art.text


def test_furniture_left_by_the_html_extractor_is_reported(tmp_path):
    page = news_page("Ferry pier to close for six months", PIER, url=PIER_URL,
                     extra=f"<p>{APPEAL}</p>")
    path = tmp_path / "pier.html"
    path.write_text(page, encoding="utf-8")
    [art] = list(read([str(path)]))
    assert APPEAL in art.text
    [bp] = art.boilerplate
    assert bp.label == "appeal" and art.text[bp.start:bp.end] == APPEAL
    assert not art.in_boilerplate(art.text.index("Marta"), art.text.index("Marta") + 5)


def test_html_with_no_article(tmp_path):
    path = tmp_path / "login.html"
    path.write_text(NO_ARTICLE, encoding="utf-8")
    [err] = list(read([str(path)]))
    assert isinstance(err, BadInput) and err.message == "no article text found in HTML"


def test_html_declared_charset(tmp_path):
    page = news_page("Caf\u00e9 owners fight the pier closure", PIER, url=PIER_URL,
                     charset="windows-1252")
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1252"))
    [art] = list(read([str(path)]))
    assert art.title == "Café owners fight the pier closure"
    assert "“We looked at every option." in art.text


# --- WARC ------------------------------------------------------------------------------

def _response(writer: WARCWriter, url: str, status: str, ctype: str | None, payload: bytes,
              date: str | None = None):
    headers = [("Content-Type", ctype)] if ctype else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": date} if date else None
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                  http_headers=http,
                                                  warc_headers_dict=warc_headers))


def build_warc(gz: bool) -> list[bytes]:
    """Records of a small crawl, each as its own bytes, in order."""
    records = []

    def add(fn):
        buf = io.BytesIO()
        fn(WARCWriter(buf, gzip=gz))
        records.append(buf.getvalue())

    add(lambda w: w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "test"})))
    add(lambda w: _response(w, PIER_URL, "200 OK", "text/html; charset=utf-8",
                            PIER_PAGE.encode("utf-8")))
    add(lambda w: _response(w, "https://wenley-gazette.example/logo.png", "200 OK", "image/png",
                            b"\x89PNG\r\n\x1a\n" + bytes(200)))
    add(lambda w: _response(w, "https://wenley-gazette.example/old-pier", "301 Moved Permanently",
                            "text/html", b"<html><body>Moved</body></html>"))
    undated = news_page("Lifeboat crew rescues two kayakers", list(reversed(PIER)),
                        url="https://wenley-gazette.example/news/lifeboat", date=None)
    add(lambda w: _response(w, "https://wenley-gazette.example/news/lifeboat", "200 OK",
                            "text/html", undated.encode("utf-8"), date="2024-06-01T10:20:30Z"))
    add(lambda w: _response(w, PIER_URL, "200 OK", "text/html", PIER_PAGE.encode("utf-8")))
    return records


def test_warc_with_html_non_html_redirect_and_duplicate(tmp_path):
    for gz in (False, True):
        path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
        records = build_warc(gz)
        path.write_bytes(b"".join(records))
        stats = IngestStats()
        items = list(read([str(path)], stats=stats))
        assert [type(x).__name__ for x in items] == ["Article", "Article"]
        pier, lifeboat = items
        assert pier.source.url == PIER_URL and pier.source.path == str(path)
        assert pier.source.offset == len(records[0])
        assert pier.published == "2024-03-12" and "captured" in pier.meta
        assert lifeboat.published == "2024-06-01"  # no date on the page: the capture date
        assert lifeboat.meta["date_from"] == "capture"
        assert stats.skipped == {SKIP_NOT_RESPONSE: 1, SKIP_NOT_HTML: 1, SKIP_STATUS: 1}
        assert stats.duplicates == 1 and stats.articles == 2


def test_warc_corrupt_record_keeps_the_records_around_it(tmp_path):
    for gz in (False, True):
        records = build_warc(gz)
        broken = bytearray(records[2])
        if gz:
            broken[20:60] = bytes(40)  # damage the compressed data of the image record
        else:
            broken[:8] = b"GARBAGE!"  # the record no longer starts with WARC/1.0
        path = tmp_path / ("bad.warc.gz" if gz else "bad.warc")
        path.write_bytes(b"".join(records[:2] + [bytes(broken)] + records[3:]))
        items = list(read([str(path)], duplicates="keep"))
        kinds = [type(x).__name__ for x in items]
        assert kinds == ["Article", "BadInput", "Article", "Article"], (gz, items)
        err = items[1]
        assert "corrupt WARC record" in err.message and "resumes" in err.message
        assert err.source.offset >= len(records[0]) + len(records[1]) - 1


def test_truncated_warc_gz_keeps_what_came_before(tmp_path):
    records = build_warc(True)
    data = b"".join(records[:5])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-150])  # the lifeboat page is cut off
    items = list(read([str(path)]))
    assert [type(x).__name__ for x in items] == ["Article", "BadInput"]
    assert "truncated" in items[1].message
    assert items[1].source.offset == sum(len(r) for r in records[:4])


def test_warc_from_stdin_through_a_pipe(tmp_path):
    data = b"".join(build_warc(True))
    code = ("from saywho.ingest import read\n"
            "for x in read(['-']): print(type(x).__name__, x.source.path, x.source.offset)")
    out = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True,
                         check=True, timeout=120).stdout.decode().splitlines()
    assert len(out) == 2 and all(line.startswith("Article <stdin>") for line in out)


def test_gzip_detected_by_content_not_suffix(tmp_path):
    path = tmp_path / "download.bin"
    path.write_bytes(gzip.compress(PIER_PAGE.encode("utf-8")))
    [art] = list(read([str(path)]))
    assert art.title == "Ferry pier to close for six months"
