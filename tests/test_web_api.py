"""The JSON API and HTML pages of ``saywho serve``, in-process, on SQLite and PostgreSQL.

Each test fills a real database (``store_url`` from conftest: once per backend) with the
hand-built ``news`` articles and talks to the real application through FastAPI's TestClient.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterator

import pytest

from saywho.records import Article, Boilerplate
from saywho.store import StatementFilters, open_store

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what is installed
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from saywho.web import create_app

TOKEN = "test-token-0123456789abcdef"
HOSTILE = '<script>alert("owned")</script>'


@pytest.fixture
def filled(store_url: str, news: list[Article], make_article: Callable[..., Article]) -> str:
    """The four ``news`` articles plus one whose text and title carry markup."""
    hostile = make_article(
        f'"Nothing to see {HOSTILE} here," Ines <b>Dahl</b> said. Subscribe now & save 50%.',
        {"says": f"Nothing to see {HOSTILE} here,", "by": "Ines Dahl",
         "mention": "Ines <b>Dahl</b>", "cue": "said", "lemma": "say"},
        published="2024-06-01", url="https://evil.example.net/x", title=f"Title {HOSTILE}")
    text = hostile.text
    hostile = Article(**{**hostile.__dict__, "boilerplate": (
        Boilerplate(text.index("Subscribe"), len(text), "appeal"),)})
    with open_store(store_url) as store:
        for article in [*news, hostile]:
            assert store.add_article(article) is not None
    return store_url


def _client(url: str, **options: object) -> Iterator[TestClient]:
    with TestClient(create_app(url, **options)) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture
def client(filled: str) -> Iterator[TestClient]:
    yield from _client(filled)


@pytest.fixture
def writer(filled: str) -> Iterator[TestClient]:
    yield from _client(filled, write_token=TOKEN)


# --- statements -------------------------------------------------------------------------------

def test_statements_match_the_store_page_by_page(client: TestClient, filled: str) -> None:
    with open_store(filled) as store:
        expected = [store.search_statements(limit=3, offset=off).to_dict() for off in (0, 3, 6)]
    pages = [client.get("/api/statements", params={"limit": 3, "offset": off}).json()
             for off in (0, 3, 6)]
    assert pages == expected
    assert [p["total"] for p in pages] == [8, 8, 8]
    assert [len(p["items"]) for p in pages] == [3, 3, 2]
    ids = [item["id"] for p in pages for item in p["items"]]
    assert len(set(ids)) == 8


@pytest.mark.parametrize(("params", "speakers"), [
    ({"q": "strike"}, {"Harbour Workers Union"}),
    ({"q": '"interest rates"'}, {"Tomas Varga"}),
    ({"q": "interest -rates"}, {"Harbour Workers Union"}),
    ({"speaker": "varga"}, {"Tomas Varga"}),
    ({"kind": "mixed"}, {"Tomas Varga"}),
    ({"cue": "warned"}, {"Tomas Varga"}),
    ({"cue": "add"}, {"Ana Lopes"}),
    ({"since": "2025"}, {"Harbour Workers Union"}),
    ({"until": "2024-03"}, {"Tomas Varga"}),
    ({"site": "daily.example.com", "kind": "direct"}, {"Ana Lopes"}),
    ({"medium": "telegram"}, {"Tomas Varga"}),
])
def test_statement_filters(client: TestClient, params: dict, speakers: set) -> None:
    page = client.get("/api/statements", params=params).json()
    assert page["total"] == len(page["items"]) > 0
    assert {item["speaker"] for item in page["items"]} == speakers


def test_relevance_order_and_article_filter(client: TestClient) -> None:
    page = client.get("/api/statements", params={"q": "interest", "order": "relevance"}).json()
    assert page["total"] == 2
    article_id = page["items"][0]["article_id"]
    same = client.get("/api/statements", params={"article_id": article_id}).json()
    assert same["total"] >= 1 and {i["article_id"] for i in same["items"]} == {article_id}


@pytest.mark.parametrize("params", [
    {"q": '"unbalanced phrase'},
    {"q": "OR"},
    {"q": "a*b"},
    {"q": "*"},
    {"q": "-only"},
    {"since": "last tuesday"},
    {"speaker": "!!!"},
])
def test_malformed_queries_answer_400_with_a_message(client: TestClient, params: dict) -> None:
    response = client.get("/api/statements", params=params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str) and body["detail"]


@pytest.mark.parametrize("params", [{"kind": "rumour"}, {"limit": 0}, {"limit": 100000},
                                    {"offset": -1}, {"order": "random"}, {"limit": "ten"}])
def test_invalid_parameters_answer_422(client: TestClient, params: dict) -> None:
    response = client.get("/api/statements", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


# --- speakers and articles ----------------------------------------------------------------------

def test_speakers_are_ranked_and_profiled(client: TestClient, filled: str) -> None:
    page = client.get("/api/speakers").json()
    names = [item["name"] for item in page["items"]]
    assert page["total"] == 4 and len(names) == 4
    assert names[0] == "Tomas Varga"  # three statements, the most
    varga = page["items"][0]
    profile = client.get(f"/api/speakers/{varga['id']}").json()
    with open_store(filled) as store:
        assert profile == store.speaker(varga["id"]).to_dict()
    assert profile["speaker"]["statements"] == 3
    assert {t["label"] for t in profile["by_month"]} == {"2024-03", "2024-04"}
    assert {t["label"] for t in profile["mediums"]} == {"Telegram"}
    assert {t["label"] for t in profile["outlets"]} == {"news.example.org", "daily.example.com"}
    filtered = client.get("/api/speakers", params={"name": "lopes", "limit": 1}).json()
    assert [i["name"] for i in filtered["items"]] == ["Ana Lopes"]


def test_articles_list_and_record(client: TestClient, filled: str) -> None:
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] == 5 and page["limit"] == 2 and len(page["items"]) == 2
    assert page["items"][0]["published"] == "2025-01-02"  # newest first
    article_id = page["items"][0]["id"]
    record = client.get(f"/api/articles/{article_id}").json()
    with open_store(filled) as store:
        assert record == store.article(article_id).to_dict()
    assert record["record"]["schema"] == "saywho.article/1"
    attribution = record["record"]["attributions"][0]
    text = record["record"]["text"]
    content = attribution["content"]
    assert text[content["start"]:content["end"]] == content["text"]
    statement = client.get("/api/statements", params={"article_id": article_id}).json()
    assert attribution["id"] == statement["items"][0]["id"]
    site = client.get("/api/articles", params={"site": "daily.example.com"}).json()
    assert site["total"] == 2


@pytest.mark.parametrize("path", ["/api/speakers/999999", "/api/articles/999999"])
def test_unknown_ids_are_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/statements", "/api/speakers", "/api/speakers/{speaker_id}",
                 "/api/articles", "/api/articles/{article_id}"):
        assert "get" in paths[path], path
    assert "post" in paths["/api/articles"]
    body = paths["/api/articles"]["post"]["requestBody"]["content"]["application/json"]
    assert {"text", "html", "url", "title", "published"} <= set(body["schema"]["properties"])
    statement_params = {p["name"] for p in paths["/api/statements"]["get"]["parameters"]}
    assert {"q", "speaker", "kind", "cue", "since", "until", "site", "medium", "limit",
            "offset"} <= statement_params
    assert not any(path.startswith("/speakers") for path in paths)  # HTML pages are not API


def test_docs_page_loads_swagger_from_this_server(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in sources
    assert all(s.startswith("/") for s in sources), sources  # no CDN, nothing external
    for asset in sources:
        assert client.get(asset).status_code == 200, asset


# --- writing ------------------------------------------------------------------------------------

def test_read_only_server_refuses_writes(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "x"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert client.put("/api/articles", json={}).status_code == 405
    assert client.delete("/api/articles/1").status_code == 405


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ({"Authorization": "Bearer "}, 401),
    ({"Authorization": "Bearer wrong-token-0123456789"}, 403),
    ({"Authorization": f"Bearer {TOKEN}x"}, 403),
])
def test_writes_need_the_right_token(writer: TestClient, headers: dict, status: int) -> None:
    # A malformed body must not matter: the token is checked before the body is read.
    response = writer.post("/api/articles", content=b"{not json", headers=headers)
    assert response.status_code == status
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/articles").json()["total"] == 5


@pytest.mark.parametrize(("body", "expected"), [
    (b"{not json", "invalid article"),
    (b'{"url": "https://a.example/x"}', "exactly one of 'text' or 'html'"),
    (b'{"text": "a", "html": "<p>a</p>"}', "exactly one of 'text' or 'html'"),
    (b'{"text": "a", "published": "yesterday"}', "published"),
    (b'{"text": "a", "colour": "red"}', "colour"),
])
def test_bad_article_bodies_are_422(writer: TestClient, body: bytes, expected: str) -> None:
    response = writer.post("/api/articles", content=body,
                           headers={"Authorization": f"Bearer {TOKEN}",
                                    "Content-Type": "application/json"})
    assert response.status_code == 422
    assert expected in response.json()["detail"]


def test_request_body_limit_is_413(filled: str) -> None:
    for client in _client(filled, write_token=TOKEN, max_body_bytes=1000):
        auth = {"Authorization": f"Bearer {TOKEN}"}
        big = json.dumps({"text": "word " * 400}).encode()
        response = client.post("/api/articles", content=big, headers=auth)
        assert response.status_code == 413
        assert "larger than 1000 bytes" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit still holds
            yield big[:600]
            yield big[600:]

        response = client.post("/api/articles", content=chunks(), headers=auth)
        assert response.status_code == 413
        assert client.get("/api/articles").json()["total"] == 5


@pytest.mark.model
def test_post_extracts_stores_and_is_idempotent(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"text": '"The ferry will run every hour from June," Mayor Lena Voss said on '
                    "Friday.\n\nShe said tickets would cost less.",
            "url": "https://port.example.org/ferry", "title": "Ferry timetable",
            "published": "2024-05-10"}
    created = writer.post("/api/articles", json=body, headers=auth)
    assert created.status_code == 201, created.text
    result = created.json()
    assert result["created"] is True and result["statements"] >= 1
    record = writer.get(result["url"]).json()
    assert record["title"] == "Ferry timetable" and record["published"] == "2024-05-10"
    assert record["site"] == "port.example.org"
    speakers = {a["speaker"]["name"] for a in record["record"]["attributions"] if a["speaker"]}
    assert "Lena Voss" in speakers
    found = writer.get("/api/statements", params={"q": "ferry"}).json()
    assert found["total"] == 1 and found["items"][0]["speaker"] == "Lena Voss"

    again = writer.post("/api/articles", json=body, headers=auth)
    assert again.status_code == 200
    assert again.json() == {**result, "created": False}
    assert writer.get("/api/articles").json()["total"] == 6


@pytest.mark.model
def test_post_html_article(writer: TestClient) -> None:
    paragraphs = "".join(
        f"<p>{line}</p>" for line in (
            '"The library will stay open on Sundays," councillor Priya Nair said on Tuesday.',
            "The council had planned to close it at weekends to save money this year.",
            "Nair said volunteers had offered to staff the reading room for free.",
            "Residents collected more than two thousand signatures in a month."))
    html = (f"<html><head><title>Library saved</title></head><body><article>"
            f"<h1>Library saved</h1>{paragraphs}</article></body></html>")
    response = writer.post("/api/articles", json={"html": html, "published": "2024-02-06"},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    record = writer.get(response.json()["url"]).json()["record"]
    assert "<p>" not in record["text"] and "Sundays" in record["text"]
    assert any(a["speaker"] and a["speaker"]["name"] == "Priya Nair"
               for a in record["attributions"])


# --- HTML pages ---------------------------------------------------------------------------------

def _ids(client: TestClient, name: str) -> tuple[int, int]:
    item = client.get("/api/statements", params={"speaker": name}).json()["items"][0]
    return item["speaker_id"], item["article_id"]


def test_untrusted_text_is_escaped_everywhere(client: TestClient) -> None:
    speaker_id, article_id = _ids(client, "Ines Dahl")
    pages = {path: client.get(path) for path in (
        "/", "/?q=nothing", f"/speakers/{speaker_id}", f"/articles/{article_id}", "/articles",
        "/speakers")}
    for path, page in pages.items():
        assert page.status_code == 200, path
        assert "<script>alert" not in page.text, path
        assert "<b>Dahl</b>" not in page.text, path
        # The only scripts are this server's own files.
        assert re.findall(r"<script[^>]*>", page.text) == [
            '<script src="/static/saywho.js" defer>'], path
    article = pages[f"/articles/{article_id}"].text
    assert "&lt;script&gt;alert(&#34;owned&#34;)&lt;/script&gt;" in article
    assert "Title &lt;script&gt;" in article
    assert "Ines &lt;b&gt;Dahl&lt;/b&gt;" in article
    assert "Subscribe now &amp; save 50%." in article


def test_pages_send_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/statements", "/articles/999999"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"


def test_search_page_highlights_and_paginates(client: TestClient) -> None:
    page = client.get("/", params={"q": "interest", "by": "statement"})
    assert page.status_code == 200
    assert page.text.count("<mark>") == 2
    assert "<mark>Interest</mark> rates will stay" in page.text
    assert "<mark>interest</mark> in the talks" in page.text
    assert "1–2 of 2 statements" in page.text
    first = client.get("/", params={"cue": "say", "by": "statement"})
    assert "1–5 of 5 statements" in first.text and "Older" not in first.text
    assert page.headers["content-type"].startswith("text/html")


def test_search_page_pagination_links_keep_filters(client: TestClient, monkeypatch) -> None:
    monkeypatch.setattr("saywho.web.views.PAGE_SIZE", 3)
    first = client.get("/", params={"site": "daily.example.com", "by": "statement"}).text
    assert "1–3 of 4 statements" in first and 'rel="prev"' not in first
    link = re.search(r'rel="next" href="([^"]+)"', first)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert "site=daily.example.com" in url and "offset=3" in url and "by=statement" in url
    second = client.get(url).text
    assert "4–4 of 4 statements" in second and 'rel="prev"' in second
    assert 'rel="next"' not in second


def test_search_page_shows_a_bad_query_as_a_message(client: TestClient) -> None:
    page = client.get("/", params={"q": '"open phrase'})
    assert page.status_code == 400
    assert "unbalanced" in page.text and 'role="alert"' in page.text
    assert 'value="&#34;open phrase"' in page.text  # the query stays in the box to fix it


def test_speaker_page(client: TestClient) -> None:
    speaker_id, _ = _ids(client, "Tomas Varga")
    page = client.get(f"/speakers/{speaker_id}").text
    assert "<h1>Tomas Varga</h1>" in page
    bars = re.findall(r'<rect class="bar[^"]*"[^>]*data-month="([\d-]+)" data-count="(\d+)"',
                      page)
    assert len(bars) == 12  # a year's frame ending at the last month with statements
    assert dict(bars)["2024-03"] == "2" and dict(bars)["2024-04"] == "1"
    assert "Telegram" in page and "daily.example.com" in page
    assert "central bank governor" in page
    assert page.count('class="stmt ') == 3
    month = client.get(f"/speakers/{speaker_id}", params={"since": "2024-04",
                                                          "until": "2024-04"}).text
    assert month.count('class="stmt ') == 1 and "bar bar-on" in month
    assert client.get("/speakers/999999").status_code == 404


def test_article_page_highlights_every_attribution(client: TestClient) -> None:
    _, article_id = _ids(client, "Ana Lopes")
    page = client.get(f"/articles/{article_id}").text
    assert 'id="a-0"' in page and 'id="a-1"' in page
    assert re.search(r'<span id="a-0" class="q sp-0" data-a="0"[^>]*>We are not going', page)
    assert re.search(r'class="who sp-0" data-a="1"[^>]*>she</span>', page)
    assert re.search(r'class="cue" data-a="1"[^>]*>added</span>', page)
    assert page.count('id="card-') == 2
    assert "Ana Lopes" in page and 'data-legend="0 1"' in page
    _, hostile = _ids(client, "Ines Dahl")
    assert 'class="bp"' in client.get(f"/articles/{hostile}").text


def test_missing_pages_are_html_404(client: TestClient) -> None:
    for path in ("/articles/999999", "/no/such/page"):
        page = client.get(path)
        assert page.status_code == 404 and "<h1>" in page.text
    assert client.head("/").status_code == 200


def test_empty_database_pages(tmp_path) -> None:
    for client in _client(f"sqlite:///{tmp_path / 'empty.db'}"):
        page = client.get("/")
        assert page.status_code == 200 and "The database is empty" in page.text
        assert client.get("/api/statements").json() == {"total": 0, "limit": 20, "offset": 0,
                                                        "items": []}
        assert client.get("/speakers").status_code == 200
        assert client.get("/articles").status_code == 200


def test_store_filters_used_by_the_api_exist() -> None:
    # The API passes these names to StatementFilters; a rename in the store must fail here.
    names = set(StatementFilters.__dataclass_fields__)
    assert {"query", "speaker", "speaker_id", "kind", "cue", "since", "until", "site", "medium",
            "article_id"} <= names
