"""The HTML builders and chart geometry of ``saywho.web.render``, and ``saywho serve`` options."""

from __future__ import annotations

import html
import re
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saywho.cli import main
from saywho.records import Article, Attribution, Boilerplate, Content, Cue, Span, Speaker
from saywho.store import Tally
from saywho.web import render

TAG = re.compile(r"<[^>]*>")


def visible(markup: str) -> str:
    """The text a browser would show for markup made of spans and marks."""
    return html.unescape(TAG.sub("", str(markup)))


def balanced(markup: str) -> bool:
    depth = 0
    for tag in re.findall(r"<(/?)(span|mark)\b", str(markup)):
        depth += -1 if tag[0] else 1
        if depth < 0:
            return False
    return depth == 0


def test_marked_escapes_and_marks() -> None:
    text = 'Rates <b>"rise"</b> & fall'
    out = render.marked(text, [(0, 5), (20, 21)])
    assert str(out) == ("<mark>Rates</mark> &lt;b&gt;&#34;rise&#34;&lt;/b&gt; <mark>&amp;</mark>"
                        " fall")
    assert visible(out) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab <>&"\'\n', max_size=40),
       st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=5))
def test_marked_keeps_the_text(text: str, ranges: list[tuple[int, int]]) -> None:
    out = render.marked(text, ranges)
    assert visible(out) == text
    assert balanced(out) and "<" not in TAG.sub("", str(out))


def _article(text: str, spans: list[tuple[int, int, int, int, int, int]],
             boilerplate: list[tuple[int, int]] = ()) -> Article:
    attributions = []
    for cs, ce, ms, me, us, ue in spans:
        speaker = Speaker(Span.of(text, ms, me), f"P{ms % 3}", "PERSON") if ms < me else None
        cue = Cue(us, ue, text[us:ue], "say") if us < ue else None
        attributions.append(Attribution("direct", Content(cs, ce, text[cs:ce]), speaker, cue))
    return Article(text=text, attributions=tuple(attributions),
                   boilerplate=tuple(Boilerplate(s, e, "appeal") for s, e in boilerplate))


span = st.tuples(*[st.integers(0, 30)] * 6).map(
    lambda t: (min(t[0], t[1]), max(t[0], t[1]), min(t[2], t[3]), max(t[2], t[3]),
               min(t[4], t[5]), max(t[4], t[5])))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='xy <>&"\n', min_size=1, max_size=30), st.lists(span, max_size=4),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted), max_size=2))
def test_article_html_keeps_the_text_for_any_overlap(text, spans, boilerplate) -> None:
    article = _article(text, spans, [tuple(b) for b in boilerplate])
    legend, colours = render.speaker_legend(article, [None] * len(article.attributions))
    out = render.article_html(article, colours)
    assert visible(out) == text
    assert balanced(out)
    assert "<" not in TAG.sub("", str(out))  # no character of the text became markup
    assert sorted(i for e in legend for i in e.indices) == list(range(len(article.attributions)))


def test_article_html_marks_content_speaker_cue_and_boilerplate() -> None:
    text = '"We stay," Ana <i>Lopes</i> said. Donate now.'
    start = text.index("Ana")
    article = Article(text=text, attributions=(Attribution(
        "direct", Content(1, 8, text[1:8]),
        Speaker(Span.of(text, start, start + 16), "Ana Lopes", "PERSON"),
        Cue(text.index("said"), text.index("said") + 4, "said", "say")),),
        boilerplate=(Boilerplate(text.index("Donate"), len(text), "appeal"),))
    out = str(render.article_html(article, [3]))
    assert '<span id="a-0" class="q sp-3" data-a="0" title="Ana Lopes · direct · “said”">' \
           'We stay</span>,&#34;' in out
    assert 'class="who sp-3" data-a="0"' in out and "Ana &lt;i&gt;Lopes&lt;/i&gt;</span>" in out
    assert '<span class="cue" data-a="0"' in out
    assert '<span class="bp" title="page furniture: appeal">Donate now.</span>' in out


def test_split_quote_highlights_only_its_parts() -> None:
    text = '"First part," she said, "second part."'
    second = text.index("second")
    parts = (Span.of(text, 1, 12), Span.of(text, second, second + 11))
    article = Article(text=text, attributions=(Attribution(
        "direct", Content(1, 36, text[1:36], parts)),))
    out = str(render.article_html(article, [0]))
    highlighted = re.findall(r'class="q sp-0"[^>]*>([^<]*)<', out)
    assert highlighted == ["First part,", "second part"]


def test_legend_groups_by_speaker_id_then_name() -> None:
    text = "abcdefghij"
    article = Article(text=text, attributions=tuple(
        Attribution("indirect", Content(i, i + 1, text[i]),
                    Speaker(None, name, "PERSON") if name else None)
        for i, name in enumerate(["A", "B", "A", None, "C"])))
    legend, colours = render.speaker_legend(article, [7, 8, 7, None, None])
    assert [(e.name, e.speaker_id, e.indices) for e in legend] == [
        ("A", 7, [0, 2]), ("B", 8, [1]), ("Unknown speaker", None, [3]), ("C", None, [4])]
    assert colours == [0, 1, 0, 2, 3]


def test_month_chart_fills_gaps_and_scales() -> None:
    chart = render.month_chart([Tally("2023-11", 4), Tally("2024-02", 2), Tally("2025-01", 1)])
    assert chart is not None
    months = [b.month for b in chart.bars]
    assert months[0] == "2023-11" and months[-1] == "2025-01" and len(months) == 15
    counts = {b.month: b.count for b in chart.bars}
    assert counts["2023-12"] == 0 and counts["2024-02"] == 2
    tallest = max(chart.bars, key=lambda b: b.height)
    assert tallest.month == "2023-11" and chart.maximum == 4
    half = next(b for b in chart.bars if b.month == "2024-02")
    assert half.height == pytest.approx(tallest.height / 2)
    assert all(b.y + b.height == pytest.approx(chart.baseline) for b in chart.bars)
    assert [t.text for t in chart.ticks] == ["2024", "2025"]
    assert all(b.x + b.width <= chart.width for b in chart.bars)


def test_month_chart_short_history_gets_a_year_frame() -> None:
    chart = render.month_chart([Tally("2024-02", 3)])
    assert chart is not None and len(chart.bars) == 12
    assert chart.bars[0].month == "2023-03" and chart.bars[-1].month == "2024-02"
    assert chart.ticks[-1].text == "Feb ’24"
    assert render.month_chart([]) is None


def test_small_formatters() -> None:
    assert render.nice_date("2024-03-05") == "5 Mar 2024"
    assert render.nice_date("soon") == "soon" and render.nice_date(None) == ""
    assert render.month_label("2024-12") == "Dec 2024"
    assert render.quote_text("We stay,", "direct") == "We stay"
    assert render.quote_text("we stay,", "indirect") == "we stay,"
    merged = render.merge_case([Tally("Finance Minister", 3), Tally("finance minister", 1),
                                Tally("MP", 2)])
    assert merged == [Tally("Finance Minister", 4), Tally("MP", 2)]
    pager = render.pager("/", {"q": "a b", "kind": "", "offset": 20}, total=45, limit=20,
                         offset=20, shown=20)
    assert (pager.first, pager.last) == (21, 40)
    assert pager.prev_url == "/?q=a+b" and pager.next_url == "/?q=a+b&offset=40"


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "\x01 \tjavascript:alert(1)",
    "java\tscript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd",
    "//elsewhere.example.com/", "https:///no-host", "http://[::1", "", None])
def test_web_link_refuses_what_is_not_http(url: str | None) -> None:
    assert render.web_link(url) is None


def test_web_link_keeps_http_addresses() -> None:
    assert render.web_link("https://news.example.org/a?b=1&c=2") == (
        "https://news.example.org/a?b=1&c=2")
    assert render.web_link(" HTTP://news.example.org/a ") == "HTTP://news.example.org/a"


# --- saywho serve options -----------------------------------------------------------------------

def test_serve_refuses_bad_options(tmp_path, capsys) -> None:
    db = tmp_path / "none.db"
    assert main(["serve", "--db", f"sqlite:///{db}"]) == 2
    assert "no database at" in capsys.readouterr().err and not db.exists()
    assert main(["serve", "--db", f"sqlite:///{db}", "--write-token", "short"]) == 2
    assert "at least 16 characters" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
    assert main(["serve", "--max-body", "0"]) == 2
    assert "--max-body" in capsys.readouterr().err


def test_serve_reports_a_busy_port(tmp_path, capsys) -> None:
    from saywho.store import open_store

    db = tmp_path / "s.db"
    open_store(f"sqlite:///{db}").close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", f"sqlite:///{db}", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
