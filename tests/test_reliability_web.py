"""Issue 12, web and search: numbers beyond 64 bits, NUL characters and database trouble
are client errors or a plain 500 with no connection details, never a traceback; every error
response carries the security headers. SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from saywho.cli import main
from saywho.records import Article
from saywho.store import StatementFilters, open_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from saywho.web import create_app

TOKEN = "reliability-token-0123456789"
HUGE = ["9223372036854775808", "-9223372036854775809", "99999999999999999999999999"]
NUL = ["\x00", "a\x00b"]


@pytest.fixture
def client(store_url: str, news: list[Article]) -> Iterator[TestClient]:
    with open_store(store_url) as store:
        for article in news:
            store.add_article(article)
    with TestClient(create_app(store_url, write_token=TOKEN),
                    raise_server_exceptions=False) as c:
        yield c


def _paths(value: str) -> list[str]:
    v = quote(value, safe="")
    out = [f"/api/statements?{k}={v}" for k in ("offset", "limit", "speaker_id", "article_id")]
    out += [f"/api/speakers?{k}={v}" for k in ("offset", "limit")]
    out += [f"/api/articles?{k}={v}" for k in ("offset", "limit", "speaker_id")]
    out += [f"/api/speakers/{v}", f"/api/articles/{v}", f"/speakers/{v}", f"/articles/{v}"]
    out += [f"/?{k}={v}" for k in ("offset", "speaker_id", "article_id")]
    out += [f"/speakers?offset={v}", f"/articles?offset={v}"]
    out += [f"/statements.csv?speaker_id={v}", f"/statements.json?article_id={v}"]
    return out


def _text_paths(value: str) -> list[str]:
    v = quote(value, safe="")
    out = [f"/api/statements?{k}={v}" for k in ("q", "speaker", "cue", "site", "medium",
                                                 "since", "until")]
    out += [f"/api/speakers?name={v}", f"/api/articles?site={v}", f"/api/articles?since={v}"]
    out += [f"/?{k}={v}" for k in ("q", "speaker", "cue", "site", "medium")]
    out += [f"/speakers?name={v}", f"/articles?site={v}", f"/statements.csv?speaker={v}"]
    return out


def _no_500(client: TestClient, path: str, method: str = "GET", **kw: object) -> None:
    r = client.request(method, path, **kw)  # type: ignore[arg-type]
    assert r.status_code < 500, (path, r.status_code, r.text[:300])
    assert "content-security-policy" in r.headers and "x-frame-options" in r.headers, path
    assert "Traceback" not in r.text


@pytest.mark.parametrize("value", HUGE)
def test_numbers_beyond_64_bits_are_client_errors(client: TestClient, value: str) -> None:
    for path in _paths(value):
        _no_500(client, path)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for action, body in (("rename", {"name": "X Y"}), ("merge", {"target": value}),
                         ("split", {"name": "X Y"}), ("set-type", {"type": "ORG"})):
        _no_500(client, f"/api/speakers/{value}/{action}", "POST", json=body, headers=auth)
        _no_500(client, f"/api/speakers/1/{action}", "POST", json={**body, "target": value},
                headers=auth)


def test_numbers_beyond_64_bits_answer_400_or_404(client: TestClient) -> None:
    assert client.get(f"/api/statements?offset={HUGE[0]}").status_code in (400, 422)
    assert client.get(f"/api/articles/{HUGE[0]}").status_code in (404, 422)
    r = client.get(f"/api/statements?speaker_id={HUGE[0]}")
    assert r.status_code in (400, 422) or r.json()["total"] == 0


@pytest.mark.parametrize("value", NUL)
def test_nul_characters_in_filters_are_client_errors(client: TestClient, value: str) -> None:
    for path in _text_paths(value):
        _no_500(client, path)


def test_store_refuses_out_of_range_numbers_and_nul(store_url: str) -> None:
    from saywho.errors import QueryError

    with open_store(store_url) as store:
        with pytest.raises(QueryError, match="offset"):
            store.search_statements(offset=2**63)
        with pytest.raises(QueryError):
            store.speakers(offset=2**70)
        assert store.search_statements(StatementFilters(speaker_id=2**64)).total == 0
        assert store.search_statements(StatementFilters(article_id=-2**64)).total == 0
        assert store.article(2**63) is None and store.speaker(2**63) is None
        with pytest.raises(QueryError):
            store.search_statements(StatementFilters(speaker="a\x00b"))
        with pytest.raises(QueryError):
            store.rename_speaker(str(2**64), "X Y")


def test_database_error_hides_the_connection_and_keeps_the_headers(store_url: str) -> None:
    from saywho.errors import StoreError

    secret = "postgresql://admin:hunter2@db.internal:5432/prod"
    app = create_app(store_url)

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError(f"cannot reach the database at {secret}: connection refused")

    app.state.store.search_statements = broken  # type: ignore[method-assign]
    app.state.store.search_trails = broken  # type: ignore[method-assign]
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/statements", "/", "/?by=statement"):
            r = c.get(path)
            assert r.status_code == 500 and "hunter2" not in r.text and "db.internal" not in r.text
            assert "content-security-policy" in r.headers and "x-frame-options" in r.headers


def test_unexpected_error_is_a_plain_500_with_the_headers(store_url: str) -> None:
    app = create_app(store_url)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail sqlite:////secret/path.db")

    app.state.store.search_statements = broken  # type: ignore[method-assign]
    app.state.store.search_trails = broken  # type: ignore[method-assign]
    with TestClient(app, raise_server_exceptions=False) as c:
        for path in ("/api/statements", "/", "/?by=statement"):
            r = c.get(path)
            assert r.status_code == 500 and "secret" not in r.text
            assert "content-security-policy" in r.headers and "x-frame-options" in r.headers


def test_cli_search_with_a_huge_offset_is_a_usage_error(store_url: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["search", "--offset", HUGE[0]], ["search", "--limit", HUGE[0]],
                 ["search", "--speaker-id", HUGE[0]], ["speakers", "--offset", HUGE[0]]):
        try:
            code = main([*args, "--db", store_url])
        except SystemExit as stop:  # argparse refusing the value
            code = stop.code
        err = capsys.readouterr().err
        assert code in (0, 2) and "Traceback" not in err, (args, err)


def test_nul_in_an_article_fails_that_article_only(store_url: str) -> None:
    from saywho.errors import InputError

    with open_store(store_url) as store:
        text = "The mayor said\x00 that the bridge would open in May."
        try:
            stored = store.add_article(Article(text=text, title="Bridge"))
        except InputError as error:  # PostgreSQL cannot hold NUL: this article, not the run
            assert "NUL" in str(error)
        else:
            assert stored is not None  # SQLite can
        assert store.add_article(Article(text="The council met on Tuesday.")) is not None


# ---- fuzzing: whatever is typed, a result or a QueryError ----------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=25)
QUERYISH = st.text(alphabet=st.sampled_from('ab é"*-() OR AND NOT:^&|!\'\\%_;\x00\ud800'),
                   max_size=25)
NUMBERS = st.one_of(st.none(), st.integers(min_value=-2**70, max_value=2**70))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(ANY_TEXT, QUERYISH), field=st.sampled_from(
    ["query", "speaker", "cue", "site", "medium", "since", "until", "kind"]),
    number=NUMBERS, offset=st.integers(min_value=-5, max_value=2**66))
def test_any_filter_is_a_result_or_a_query_error(store_url: str, text: str, field: str,
                                                 number: int | None, offset: int) -> None:
    from saywho.errors import QueryError

    with open_store(store_url) as store:
        filters = StatementFilters(**{field: text}, speaker_id=number, article_id=number)
        for call in (lambda: store.search_statements(filters, limit=5, offset=offset),
                     lambda: store.speakers(name=text, offset=offset),
                     lambda: store.articles(site=text, speaker_id=number, offset=offset)):
            try:
                call()
            except QueryError:
                pass


# ---- item 10: only http(s) source URLs become links -----------------------------------------

HOSTILE_URLS = ["javascript:alert(document.cookie)", " \tJavaScript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                "//elsewhere.example.com/page", "https:///no-host"]
SAID = "The harbour tunnel will close for repairs in the spring of next year"


def _hrefs(page: str) -> list[str]:
    import html
    import re

    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def test_only_http_source_urls_become_links(store_url: str, make_article) -> None:
    ids = []
    with open_store(store_url) as store:
        for n, url in enumerate([*HOSTILE_URLS, "https://harbour.example.org/tunnel"]):
            article = make_article(f'"{SAID}," port director Ines Moreau said.',
                                   {"says": SAID, "by": "Ines Moreau", "cue": "said"},
                                   published="2024-05-02", url=url,
                                   site=f"outlet{n}.example.org")
            ids.append(store.add_article(article))
    with TestClient(create_app(store_url), raise_server_exceptions=False) as c:
        external = []
        for article_id in ids:
            page = c.get(f"/articles/{article_id}")
            assert page.status_code == 200
            external += [h for h in _hrefs(page.text) if not h.startswith("/")]
        assert external == ["https://harbour.example.org/tunnel"]
        # the stored URL is data, not a link: the JSON API gives it back as it was
        assert c.get(f"/api/articles/{ids[0]}").json()["url"] == HOSTILE_URLS[0]
        trails = c.get("/api/trails").json()["items"]
        assert trails and trails[0]["reports"] == len(ids)
        page = c.get(f"/trails/{trails[0]['id']}").text
        assert [h for h in _hrefs(page) if not h.startswith("/")] == [
            "https://harbour.example.org/tunnel"]
