"""The web UI in a real browser: ``saywho serve`` in a subprocess, Chromium through Playwright.

Loads the search page, searches, follows a result to the speaker page and to the article page,
and checks what a person would see. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from saywho.records import Article, Attribution, Boilerplate, Content, Cue, Source, Span, Speaker
from saywho.store import open_store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
STARTUP_S = 60
HOSTILE = '<script>alert("x")</script>'
LEMMAS = {"told": "tell", "said": "say", "wrote": "write"}

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed: pip install -e '.[browser]'")


def _article(text: str, specs: list[tuple], *, published: str, url: str, title: str,
             boilerplate_from: str | None = None) -> Article:
    """specs: (content, speaker name, mention, cue, kind[, medium]) found in ``text``."""

    def span(part: str, after: int = 0) -> Span:
        start = text.index(part, after)
        return Span(start, start + len(part), part)

    attributions = []
    for content, name, mention, cue, kind, *medium in specs:
        c, m = span(content), span(mention)
        u = span(cue, min(c.start, m.start))  # the cue nearest its statement
        attributions.append(Attribution(
            kind, Content(c.start, c.end, c.text), Speaker(m, name, "PERSON", None, "explicit"),
            Cue(u.start, u.end, u.text, LEMMAS[cue]),
            medium=span(medium[0]) if medium else None, confidence=0.9))
    boilerplate = ()
    if boilerplate_from:
        boilerplate = (Boilerplate(text.index(boilerplate_from), len(text), "newsletter"),)
    return Article(text=text, title=title, published=published, language="en",
                   source=Source(url=url), boilerplate=boilerplate,
                   attributions=tuple(attributions))


ARTICLES = [
    _article(
        '"We are very close to a deal on the harbour," Mayor Elena Ruiz told reporters on '
        "Monday. She said the council would publish the plan in March.\n\nThe union disagreed. "
        '"Nothing has been agreed yet," said Tom Becker, a spokesman for the dock workers.',
        [("We are very close to a deal on the harbour,", "Elena Ruiz", "Mayor Elena Ruiz", "told",
          "direct"),
         ("the council would publish the plan in March", "Elena Ruiz", "She", "said",
          "indirect"),
         ("Nothing has been agreed yet,", "Tom Becker", "Tom Becker", "said", "direct")],
        published="2024-01-15", url="https://news.example.org/harbour-deal",
        title="Harbour deal is close, mayor says"),
    _article(
        'Mayor Elena Ruiz said on Radio North that the harbour plan "protects every job". '
        f"Critics {HOSTILE} were unconvinced.\n\n"
        "Sign up for our newsletter to get the morning briefing in your inbox.",
        [('the harbour plan "protects every job"', "Elena Ruiz", "Mayor Elena Ruiz", "said",
          "mixed", "Radio North")],
        published="2024-03-02", url="https://daily.example.com/plan",
        title=f"Plan published {HOSTILE}", boilerplate_from="Sign up"),
    _article(
        '"The harbour cannot run without us," Tom Becker said. Elena Ruiz wrote that talks '
        "would resume next week.",
        [("The harbour cannot run without us,", "Tom Becker", "Tom Becker", "said", "direct"),
         ("talks would resume next week", "Elena Ruiz", "Elena Ruiz", "wrote", "indirect")],
        published="2024-06-20", url="https://news.example.org/strike-vote", title="Strike vote"),
]


# The indirect statement "She said ..." in the first article: a pronoun two sentences away,
# so its speaker is inferred with low confidence (shown as "speaker uncertain").
_first = ARTICLES[0]
ARTICLES[0] = replace(_first, attributions=tuple(
    replace(a, speaker=replace(a.speaker, resolved_by="pronoun"), confidence=0.55)
    if a.speaker and a.speaker.mention.text == "She" else a for a in _first.attributions))
# Every page a reader can reach, for the phone-width check.
PAGES = ["/", "/?q=harbour", "/?q=harbour&speaker_id=1", "/speakers", "/speakers/1",
         "/articles", "/articles/1", "/statements/1", "/docs", "/no-such-page", "/speakers/abc",
         "/trails", "/trails/1"]
PHONE = {"width": 400, "height": 800}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``saywho serve`` over a SQLite file holding ARTICLES; yields its base URL."""
    yield from _serve(tmp_path_factory.mktemp("browser"), ARTICLES)


def _serve(folder: Path, articles: list[Article]) -> Iterator[str]:
    url = f"sqlite:///{folder / 'saywho.db'}"
    with open_store(url) as store:
        for article in articles:
            assert store.add_article(article) is not None
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "saywho.cli", "serve", "--db", url,
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/articles", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("saywho serve did not start:\n"
                            + (folder / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextmanager
def _watched_page(browser, server: str) -> Iterator[object]:
    """A laptop-sized page that records console errors, dialogs and off-server requests in
    ``page.problems``."""
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    opened.problems = []  # type: ignore[attr-defined]
    opened.on("console", lambda m: m.type == "error" and opened.problems.append(m.text))
    opened.on("pageerror", lambda e: opened.problems.append(str(e)))
    opened.on("dialog", lambda d: (opened.problems.append(f"dialog: {d.message}"), d.dismiss()))
    opened.on("request", lambda r: r.url.startswith(server) or r.url.startswith("data:")
              or opened.problems.append(f"off-server request: {r.url}"))
    try:
        yield opened
    finally:
        context.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    with _watched_page(browser, server) as opened:
        yield opened


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_to_speaker_to_article(page, server: str) -> None:
    expect = sync_api.expect
    page.goto(f"{server}/")
    expect(page.locator(".stats")).to_contain_text("3 articles")
    expect(page.locator(".top-speakers li").first).to_contain_text("Elena Ruiz")
    _shot(page, "01-search-home")

    page.fill("#q", "harbour")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=harbour")  # empty filters are left out of the address
    results = page.locator("article.stmt")
    expect(results).to_have_count(3)
    expect(page.locator(".pager").first).to_contain_text("1–3 of 3 trails")  # one report each
    marks = page.locator("article.stmt mark")
    expect(marks).to_have_count(3)
    assert {m.lower() for m in marks.all_inner_texts()} == {"harbour"}
    expect(results.first.locator("mark")).to_be_visible()
    _shot(page, "02-search-results")

    # Narrow with the filters panel: statements by Tom Becker only.
    page.click(".filters summary")
    page.fill("input[name=speaker]", "becker")
    page.click("button[type=submit]")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("The harbour cannot run without us")
    assert "speaker=becker" in page.url and "kind=" not in page.url

    page.goto(f"{server}/?q=harbour+plan")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("protects every job")
    results.first.locator("a.who-link").click()

    # Speaker page: name, chart with a bar per month, tallies, statements.
    expect(page.locator("h1")).to_have_text("Elena Ruiz")
    bars = page.locator("svg.chart-svg rect.bar")
    expect(bars).to_have_count(12)
    filled = [b for b in bars.all() if b.get_attribute("data-count") != "0"]
    assert [b.get_attribute("data-month") for b in filled] == ["2024-01", "2024-03", "2024-06"]
    assert all(float(b.get_attribute("height")) > 0 for b in filled)
    expect(page.locator(".tally").filter(has_text="Quoted by")).to_contain_text(
        "daily.example.com")
    expect(page.locator(".tally").filter(has_text="Channels")).to_contain_text("Radio North")
    expect(page.locator(".tally").filter(has_text="Spoke to")).to_have_count(0)  # none: hidden
    expect(page.locator("article.stmt")).to_have_count(4)
    _shot(page, "03-speaker")

    filled[1].click()  # one month only
    page.wait_for_url("**since=2024-03**")
    expect(page.locator("article.stmt")).to_have_count(1)
    expect(page.locator("rect.bar-on")).to_have_count(1)

    # Article page: the statement the result pointed at is selected.
    page.locator("article.stmt .stmt-text a").first.click()
    page.wait_for_url("**/articles/*#a-0")
    text = page.locator("#article-text")
    expect(text).to_contain_text('Critics <script>alert("x")</script> were unconvinced.')
    expect(page.locator("h1")).to_have_text(f"Plan published {HOSTILE}")
    expect(page.locator("#card-0")).to_have_class("card sp-0 sel")
    expect(page.locator("#card-0 .details")).to_be_visible()
    expect(page.locator("#card-0 .details")).to_contain_text("said")
    expect(page.locator(".legend li")).to_have_count(1)
    expect(page.locator(".legend")).to_contain_text("Elena Ruiz")
    expect(text.locator(".bp")).to_contain_text("Sign up for our newsletter")
    _shot(page, "04-article")
    page.uncheck("#show-bp")
    expect(text.locator(".bp").first).to_be_hidden()
    assert page.problems == []  # type: ignore[attr-defined]


def test_article_page_colours_speakers_and_shows_details(page, server: str) -> None:
    expect = sync_api.expect
    page.goto(f"{server}/articles")
    page.click("text=Harbour deal is close, mayor says")
    legend = page.locator(".legend li")
    expect(legend).to_have_count(2)
    expect(legend.nth(0)).to_contain_text("Elena Ruiz")
    expect(legend.nth(1)).to_contain_text("Tom Becker")
    text = page.locator("#article-text")
    expect(text.locator(".q")).to_have_count(3)
    expect(text.locator(".who")).to_have_count(3)
    expect(text.locator(".cue")).to_have_count(3)
    ruiz = text.locator(".q.sp-0").first
    becker = text.locator(".q.sp-1").first
    expect(becker).to_contain_text("Nothing has been agreed yet")
    colour = "el => getComputedStyle(el).backgroundColor"
    assert ruiz.evaluate(colour) != becker.evaluate(colour)

    expect(page.locator("#card-2 .details")).to_be_hidden()
    becker.hover()
    expect(page.locator("#card-2")).to_have_class("card sp-1 hot")
    becker.click()
    expect(page.locator("#card-2 .details")).to_be_visible()
    expect(page.locator("#card-2 .details")).to_contain_text("Tom Becker")
    expect(page.locator("#card-2 .details")).to_contain_text("0.90")
    assert becker.get_attribute("title") == "Tom Becker · direct · “said”"
    _shot(page, "05-article-selected")
    assert page.problems == []  # type: ignore[attr-defined]


def test_api_docs_render_from_local_files(page, server: str) -> None:
    page.goto(f"{server}/docs")
    sync_api.expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    sync_api.expect(page.locator("#swagger-ui")).to_contain_text("/api/statements")
    _shot(page, "06-api-docs")
    assert [p for p in page.problems if "off-server" in p] == []  # type: ignore[attr-defined]


def test_doubt_facets_exports_and_permalinks(page, server: str, tmp_path: Path) -> None:
    expect = sync_api.expect
    page.goto(f"{server}/?q=council&by=statement")
    result = page.locator("article.stmt")
    expect(result).to_have_count(1)
    marker = result.locator(".conf-low")
    expect(marker).to_have_text("speaker uncertain")
    assert "pronoun" in (marker.get_attribute("title") or "")
    expect(result.locator(".resolved")).to_have_text("pronoun")
    _shot(page, "07-speaker-uncertain")
    page.check("input[name=confident]")
    page.click("button[type=submit]")
    page.wait_for_url("**confident=1**")
    expect(page.locator("article.stmt")).to_have_count(0)

    page.goto(f"{server}/?q=harbour&by=statement")  # facets count statements
    facets = page.locator(".facet")
    expect(facets.filter(has_text="Speaker")).to_be_visible()
    becker = facets.filter(has_text="Speaker").locator("li").filter(has_text="Tom Becker")
    count = int(becker.locator(".tally-count").inner_text())
    _shot(page, "08-facets")
    becker.locator("a").click()
    page.wait_for_url("**speaker_id=**")
    expect(page.locator("article.stmt")).to_have_count(count)
    expect(page.locator("article.stmt .who-link").first).to_have_text("Tom Becker")

    page.goto(f"{server}/?q=harbour")
    with page.expect_download() as download:
        page.click(".exports a:text('CSV')")
    path = tmp_path / "statements.csv"
    download.value.save_as(path)
    lines = path.read_text().strip().splitlines()
    assert lines[0].startswith("id,article_id") and len(lines) - 1 == 3
    page.click(".exports a:text('JSON')")
    assert len(__import__("json").loads(page.locator("body").inner_text())) == 3

    page.goto(f"{server}/?q=harbour&by=statement")
    page.locator("article.stmt .permalink").first.click()
    page.wait_for_url("**/statements/*")
    expect(page.locator("article.stmt")).to_have_count(1)
    _shot(page, "09-permalink")

    page.goto(f"{server}/articles")
    page.fill("input[name=q]", "strike")
    page.press("input[name=q]", "Enter")
    expect(page.locator(".articles-table tbody tr")).to_have_count(1)
    expect(page.locator(".articles-table")).to_contain_text("Strike vote")
    assert page.problems == []  # type: ignore[attr-defined]


def test_phone_width_never_scrolls_sideways(browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    wide = []
    try:
        for n, path in enumerate(PAGES):
            phone.goto(f"{server}{path}")
            if path == "/docs":
                sync_api.expect(phone.locator(".opblock").first).to_be_visible(timeout=30_000)
            overflow = phone.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                wide.append(f"{path}: {overflow}px too wide")
            for link in phone.locator(".mainnav a").all():  # the menu is reachable
                box = link.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            SHOTS.mkdir(parents=True, exist_ok=True)
            phone.screenshot(path=str(SHOTS / f"phone-{n:02d}.png"), full_page=True)
        phone.goto(f"{server}/speakers/1")
        tick = phone.locator("svg.chart-svg text.chart-tick").first
        assert tick.bounding_box()["height"] >= 9  # chart labels stay readable
    finally:
        context.close()
    assert wide == []


# Two Browns quoted in full on one site in one year, then a "Mr Brown" that could be either.
NAMESAKES = [
    _article('"Rates will hold," Gordon Brown said.', [
        ("Rates will hold,", "Gordon Brown", "Gordon Brown", "said", "direct")],
        published="2005-02-01", url="https://news.example.org/rates", title="Rates"),
    _article('"The vote is close," Nick Brown said.', [
        ("The vote is close,", "Nick Brown", "Nick Brown", "said", "direct")],
        published="2005-02-02", url="https://news.example.org/vote", title="Vote"),
    _article('"We shall see," Mr Brown said.', [
        ("We shall see,", "Brown", "Mr Brown", "said", "direct")],
        published="2005-02-03", url="https://news.example.org/see", title="See"),
]


@pytest.fixture(scope="module")
def namesakes_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(tmp_path_factory.mktemp("namesakes"), NAMESAKES)


def test_unlinked_speaker_leads_to_its_namesakes(browser, namesakes_server: str) -> None:
    expect, base = sync_api.expect, namesakes_server
    with _watched_page(browser, base) as page:
        page.goto(f"{base}/speakers")
        expect(page.locator("table.table tbody tr")).to_have_count(3)
        page.check("input[name=unlinked]")
        page.click("form.inline-form button[type=submit]")
        page.wait_for_url("**unlinked=1**")
        rows = page.locator("table.table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("unlinked")
        rows.first.locator("a").click()
        expect(page.locator("h1")).to_have_text("Brown")
        expect(page.locator("p.unlinked")).to_be_visible()
        hint = page.locator("p.namesakes a")
        expect(hint).to_have_count(2)
        assert sorted(hint.all_inner_texts()) == ["Gordon Brown", "Nick Brown"]
        _shot(page, "namesakes-unlinked-speaker")
        page.locator("p.namesakes a", has_text="Nick Brown").click()
        expect(page.locator("h1")).to_have_text("Nick Brown")
        expect(page.locator("p.namesakes a")).to_have_text(["Brown"])
        assert page.problems == []


# Three outlets print one statement by the same minister: whole, cut short, one word changed.
PLEDGE = "We will not close a single rural school while I am minister"
REPORTED = [
    _article(f'"{PLEDGE}," Education Minister Clara Voss said on Tuesday.', [
        (f"{PLEDGE},", "Clara Voss", "Education Minister Clara Voss", "said", "direct")],
        published="2024-09-10", url="https://news.example.org/schools", title="Schools pledge"),
    _article('"We will not close a single rural school," Clara Voss told parents.', [
        ("We will not close a single rural school,", "Clara Voss", "Clara Voss", "told",
         "direct")],
        published="2024-09-10", url="https://daily.example.com/voss", title="Voss to parents"),
    _article(f'"{PLEDGE.replace("single", "lone")}," Clara Voss said.', [
        (f'{PLEDGE.replace("single", "lone")},', "Clara Voss", "Clara Voss", "said", "direct")],
        published="2024-09-11", url="https://paper.example.net/rural", title="Rural schools"),
]


@pytest.fixture(scope="module")
def reported_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(tmp_path_factory.mktemp("reported"), REPORTED)


def test_search_groups_reports_by_trail(browser, reported_server: str) -> None:
    expect, base = sync_api.expect, reported_server
    with _watched_page(browser, base) as page:
        page.goto(f"{base}/")
        page.fill("#q", "school")
        page.press("#q", "Enter")
        page.wait_for_url("**/?q=school")
        rows = page.locator("article.trail-hit")
        expect(rows).to_have_count(1)
        expect(rows.first.locator(".trail-count")).to_have_text("3 reports")
        expect(rows.first).to_contain_text("3 outlets")
        expect(rows.first.locator(".trail-link")).to_contain_text(PLEDGE)  # the fullest
        expect(page.locator(".pager").first).to_contain_text("1–1 of 1 trails")
        _shot(page, "10-search-by-trail")

        page.click(".view-switch a")  # every statement
        page.wait_for_url("**by=statement**")
        expect(page.locator("article.stmt")).to_have_count(3)
        expect(page.locator(".pager").first).to_contain_text("1–3 of 3 statements")
        page.fill("#q", "rural school")
        page.press("#q", "Enter")  # the view stays as chosen
        page.wait_for_url("**by=statement**")
        expect(page.locator("article.stmt")).to_have_count(3)
        page.click(".view-switch a")  # back to trails
        expect(page.locator("article.trail-hit")).to_have_count(1)
        assert "by=" not in page.url

        page.locator("article.trail-hit .trail-link").click()
        page.wait_for_url("**/trails/*")
        expect(page.locator("blockquote.trail-text")).to_contain_text(PLEDGE)
        expect(page.locator(".variants")).to_contain_text("lone")
        _shot(page, "11-trail-from-search")
        assert page.problems == []
