"""The newsroom parts of the web UI: doubt shown and filtered, facets, downloads, permalinks,
the articles list, HTML error pages and the extraction options of POST /api/articles."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Callable, Iterator
from html import unescape

import pytest

from saywho.records import Article
from saywho.store import open_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from saywho.web import create_app

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def client(store_url: str, news: list[Article],
           make_article: Callable[..., Article]) -> Iterator[TestClient]:
    """The ``news`` articles plus one whose only statement has a doubtful speaker."""
    doubtful = make_article(
        "The port authority was criticised. It said later that the cranes were safe.",
        {"says": "the cranes were safe", "by": "The port authority", "mention": "It",
         "type": "ORG", "kind": "indirect", "cue": "said", "lemma": "say", "cue_after": False,
         "resolved_by": "pronoun", "confidence": 0.45},
        published="2024-04-12", url="https://news.example.org/cranes", title="Cranes")
    with open_store(store_url) as store:
        for article in [*news, doubtful]:
            assert store.add_article(article) is not None
    with TestClient(create_app(store_url, write_token=TOKEN)) as c:
        yield c


def _texts(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<a class="stmt-link"[^>]*>(.*?)</a>', html, re.S)]


def test_doubt_is_shown_and_can_be_filtered_out(client: TestClient) -> None:
    page = client.get("/", params={"q": "cranes", "by": "statement"}).text
    assert "speaker uncertain" in page and "pronoun" in page
    assert client.get("/", params={"q": "cranes", "confident": "1", "by": "statement"}
                      ).text.count("stmt-link") == 0
    everything = client.get("/api/statements").json()["total"]
    confident = client.get("/api/statements", params={"min_confidence": 0.8}).json()
    assert confident["total"] == everything - 1
    assert all(s["confidence"] >= 0.8 for s in confident["items"])
    assert client.get("/api/statements", params={"min_confidence": 2}).status_code == 422


def test_facet_counts_match_the_results_their_links_show(client: TestClient) -> None:
    page = client.get("/", params={"q": "strike OR interest OR union", "by": "statement"}).text
    links = re.findall(r'<a class="tally-label" href="([^"]+)">([^<]+)</a>'
                       r'<span class="tally-count">(\d+)</span>', page)
    facets = set(re.findall(r'data-facet="(\w+)"', page))
    assert {"speaker", "site", "month", "kind", "cue"} <= facets
    assert links
    for url, _label, count in links:
        shown = client.get(unescape(url)).text
        total = re.search(r"of (\d+) statements", shown)
        assert total is not None and int(total.group(1)) == int(count), url


def test_downloads_carry_every_match_not_one_page(client: TestClient) -> None:
    page = client.get("/", params={"site": "news.example.org"}).text
    csv_url = unescape(re.search(r'href="(/statements\.csv[^"]*)"', page).group(1))
    json_url = unescape(re.search(r'href="(/statements\.json[^"]*)"', page).group(1))
    rows = list(csv.DictReader(io.StringIO(client.get(csv_url).text)))
    items = json.loads(client.get(json_url).text)
    api = client.get("/api/statements", params={"site": "news.example.org"}).json()
    assert len(rows) == len(items) == api["total"] == 4
    assert {r["site"] for r in rows} == {"news.example.org"}
    assert {i["id"] for i in items} == {int(r["id"]) for r in rows}
    bad = client.get("/statements.csv", params={"since": "soon"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/html")


def test_statement_permalink(client: TestClient) -> None:
    item = client.get("/api/statements", params={"q": "strike"}).json()["items"][0]
    page = client.get(f"/statements/{item['id']}")
    assert page.status_code == 200 and "the strike would continue" in page.text
    assert f'/articles/{item["article_id"]}#a-{item["seq"]}' in page.text
    assert f'href="/statements/{item["id"]}"' in client.get(
        "/", params={"q": "strike", "by": "statement"}).text
    missing = client.get("/statements/99999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_articles_list_is_searchable_and_sortable(client: TestClient) -> None:
    titles = lambda html: re.findall(r'<td><a href="/articles/\d+">([^<]+)</a>', html)  # noqa: E731
    assert titles(client.get("/articles", params={"q": "STRIKE"}).text) == ["Strike goes on"]
    assert titles(client.get("/articles", params={"order": "title"}).text) == sorted(
        ["Rates on hold", "Strike goes on", "Dockers", "Talks", "Cranes"])
    by_site = client.get("/articles", params={"order": "site"}).text
    sites = re.findall(r"<td>([a-z.]+example\.[a-z]+)</td>", by_site)
    assert sites == sorted(sites) and len(sites) == 5
    assert titles(client.get("/articles", params={"order": "oldest"}).text)[0] == "Rates on hold"


def test_html_routes_answer_bad_addresses_with_html(client: TestClient) -> None:
    for url in ("/speakers/abc", "/articles/x1", "/statements/nope", "/?speaker_id=x"):
        answer = client.get(url)
        assert answer.status_code == 400, url
        assert answer.headers["content-type"].startswith("text/html"), url
    api = client.get("/api/speakers/abc")
    assert api.status_code == 422 and api.headers["content-type"] == "application/json"


def test_post_takes_the_beliefs_option(client: TestClient) -> None:
    pytest.importorskip("spacy")
    text = "Ann Lee, the mayor, believes that the bridge will open in May."
    auth = {"Authorization": f"Bearer {TOKEN}"}
    without = client.post("/api/articles", headers=auth,
                          json={"text": text, "beliefs": False, "url": "https://a.example/1"})
    assert without.status_code == 201 and without.json()["statements"] == 0
    default = client.post("/api/articles", headers=auth,
                          json={"text": text, "url": "https://a.example/2"})
    assert default.status_code == 201 and default.json()["statements"] == 1
