"""The web UI: server-rendered Jinja2 pages over the same store as the JSON API.

Templates autoescape everything; the only ``Markup`` they receive comes from
``saywho.web.render``, which escapes every piece of text it cuts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import QueryError
from ..options import UNCERTAIN_BELOW
from ..store import KINDS, Statement, StatementFilters, Store, highlight_ranges
from ..store import browse
from ..store.search import parse_query
from . import render

PAGE_SIZE = 20
SPEAKER_PAGE_SIZE = 50
TEMPLATES = Path(__file__).parent / "templates"
# Speaker tallies shown with case variants merged ("Finance Minister" / "finance minister").
MERGED_TALLIES = ("names", "roles", "mediums", "addressees", "outlets")
FRAMING_HINT = "the reporter's own words about the statement"

router = APIRouter(include_in_schema=False)


def make_templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["nice_date"] = render.nice_date
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["month_label"] = render.month_label
    env.filters["web_link"] = render.web_link  # every href to an outside address goes through it
    env.filters["basename"] = lambda path: PurePath(path).name if path else ""
    env.globals["UNCERTAIN_BELOW"] = UNCERTAIN_BELOW
    return Jinja2Templates(env=env)


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("nav", "")
    context.setdefault("write_enabled", bool(request.app.state.write_token))
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    return _page(request, "error.html", {"title": title, "message": message}, status)


def _offset(request: Request) -> int:
    try:
        return max(0, int(request.query_params.get("offset", "0")))
    except ValueError:
        return 0


def _arg(request: Request, name: str) -> str:
    return request.query_params.get(name, "").strip()


def _store(request: Request) -> Store:
    return request.app.state.store


# The search form's fields; ``confident`` (a checkbox) keeps statements at or above
# UNCERTAIN_BELOW, ``min_confidence`` any other threshold; ``speaker_id`` comes from a facet;
# ``by`` is empty (matches grouped by trail) or "statement" (every matching statement).
SEARCH_FIELDS = ("q", "speaker", "speaker_id", "kind", "cue", "since", "until", "site",
                 "medium", "confident", "min_confidence", "order", "by")


def statement_form(request: Request, fields: Sequence[str] = SEARCH_FIELDS) -> dict[str, str]:
    form = {name: _arg(request, name) for name in fields}
    if form.get("kind") and form["kind"] not in KINDS:
        form["kind"] = ""
    if form.get("order") and form["order"] != "relevance":
        form["order"] = ""
    if form.get("by") and form["by"] != "statement":
        form["by"] = ""
    if "confident" in form and form["confident"]:
        form["confident"] = "1"
    return form


def statement_filters(form: dict[str, str], **fixed: Any) -> StatementFilters:
    """The filters of a statement form; a malformed number is a ``QueryError`` (a 400 page)."""
    def number(name: str, kind: type) -> Any:
        raw = form.get(name, "")
        if not raw:
            return None
        try:
            return kind(raw)
        except ValueError:
            raise QueryError(f"{name} must be a number, not {raw!r}") from None

    minimum = number("min_confidence", float)
    if form.get("confident"):
        minimum = max(minimum or 0.0, UNCERTAIN_BELOW)
    g = form.get
    values = dict(query=g("q") or None, speaker=g("speaker") or None,
                  speaker_id=number("speaker_id", int), kind=g("kind") or None,
                  cue=g("cue") or None, since=g("since") or None, until=g("until") or None,
                  site=g("site") or None, medium=g("medium") or None, min_confidence=minimum)
    return StatementFilters(**{**values, **fixed})


def export_links(path: str, form: dict[str, str]) -> dict[str, str]:
    """CSV and JSON links for every statement a list shows (same query, all pages)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in form.items() if v and k not in ("offset", "order")})
    return {fmt: f"{path}.{fmt}" + (f"?{query}" if query else "") for fmt in ("csv", "json")}


def facet_links(form: dict[str, str], found: dict[str, Any]) -> list[dict[str, Any]]:
    """Each facet value with the search URL that adds it as a filter."""
    from urllib.parse import urlencode

    titles = {"speaker": "Speaker", "site": "Outlet", "month": "Month", "kind": "Kind",
              "cue": "Reporting verb"}
    out = []
    for name, values in found.items():
        if not values:
            continue
        links = []
        for f in values:
            query = {k: v for k, v in form.items() if v and k != "offset"}
            if name == "speaker":
                query.pop("speaker", None)
                query["speaker_id"] = f.value
            elif name == "month":
                query["since"] = query["until"] = f.value
            else:
                query[name] = f.value
            label = render.month_label(f.label) if name == "month" else f.label
            links.append({"label": label, "count": f.count, "url": "/?" + urlencode(query)})
        out.append({"name": name, "title": titles[name], "links": links})
    return out


@router.api_route("/", response_class=HTMLResponse, methods=["GET", "HEAD"])
def search_page(request: Request) -> Response:
    store = _store(request)
    form = statement_form(request)
    offset = _offset(request)
    context: dict[str, Any] = {"nav": "search", "form": form, "error": None, "results": [],
                               "pager": None, "counts": None, "top_speakers": [],
                               "kinds": KINDS, "facets": [], "exports": export_links(
                                   "/statements", form), "uncertain_below": UNCERTAIN_BELOW,
                               "more_open": any(form[k] for k in form
                                                if k not in ("q", "order", "confident", "by")),
                               "trails": [], "views": view_links(form)}
    try:
        filters = statement_filters(form)
        if form["by"]:
            page: Any = store.search_statements(filters, limit=PAGE_SIZE, offset=offset,
                                                order=form["order"] or "date")  # type: ignore[arg-type]
            context["results"] = _highlighted(page.items, form["q"], _statement_text)
        else:
            page = store.search_trails(filters, limit=PAGE_SIZE, offset=offset)
            context["trails"] = _highlighted(page.items, form["q"], lambda h: h.summary.text)
        if page.total and not (filters.is_empty() and offset == 0):
            context["facets"] = facet_links(form, browse.facets(store, filters, by_trail=not form["by"]))
    except QueryError as error:
        context["error"] = str(error)
        return _page(request, "search.html", context, 400)
    context["pager"] = render.pager("/", form, total=page.total, limit=PAGE_SIZE, offset=offset,
                                    shown=len(page.items))
    if filters.is_empty() and offset == 0:
        context["counts"] = store.counts()
        context["top_speakers"] = store.speakers(limit=8).items
    return _page(request, "search.html", context)


def view_links(form: dict[str, str]) -> dict[str, str]:
    """The same search grouped by trail ("trail") and as every statement ("statement")."""
    from urllib.parse import urlencode

    query = {k: v for k, v in form.items() if v and k not in ("offset", "by")}
    return {"trail": "/?" + urlencode(query) if query else "/",
            "statement": "/?" + urlencode({**query, "by": "statement"})}


def _highlighted(items: Sequence[Any], raw_query: str,
                 text_of: Callable[[Any], str]) -> list[tuple[Any, Any]]:
    """Each item (a statement, a trail) with its text's query matches marked; the query was
    already accepted by the search, so it is parsed once here and cannot fail."""
    query = parse_query(raw_query or "")
    marked = []
    for x in items:
        text = text_of(x)
        marked.append((x, render.marked(text, highlight_ranges(text, query))))
    return marked


def _statement_text(s: Statement) -> str:
    return render.quote_text(s.text, s.kind)


@router.api_route("/speakers", response_class=HTMLResponse, methods=["GET", "HEAD"])
def speakers_page(request: Request) -> Response:
    name, offset = _arg(request, "name"), _offset(request)
    unlinked = _arg(request, "unlinked") in ("1", "true", "on")
    context: dict[str, Any] = {"nav": "speakers", "name": name, "unlinked": unlinked,
                               "error": None, "speakers": [], "pager": None}
    try:
        page = _store(request).speakers(name=name or None, unlinked=True if unlinked else None,
                                        limit=SPEAKER_PAGE_SIZE, offset=offset)
    except QueryError as error:
        context["error"] = str(error)
        return _page(request, "speakers.html", context, 400)
    context["speakers"] = page.items
    context["pager"] = render.pager("/speakers", {"name": name, "unlinked": "1" if unlinked else ""},
                                    total=page.total,
                                    limit=SPEAKER_PAGE_SIZE, offset=offset, shown=len(page.items))
    return _page(request, "speakers.html", context)


@router.api_route("/speakers/{speaker_id}", response_class=HTMLResponse, methods=["GET", "HEAD"])
def speaker_page(request: Request, speaker_id: int) -> Response:
    store = _store(request)
    profile = store.speaker(speaker_id)
    if profile is None:
        return error_page(request, 404, "Speaker not found",
                          f"There is no speaker with id {speaker_id}.")
    form = statement_form(request, ("q", "since", "until", "confident"))
    offset = _offset(request)
    profile = replace(profile, **{name: tuple(render.merge_case(getattr(profile, name)))
                                  for name in MERGED_TALLIES})
    context: dict[str, Any] = {
        "nav": "speakers", "profile": profile, "s": profile.speaker, "form": form,
        "chart": render.month_chart(profile.by_month), "error": None, "results": [],
        "pager": None, "exports": export_links("/statements", {**form,
                                                                "speaker_id": str(speaker_id)})}
    try:
        page = store.search_statements(statement_filters(form, speaker_id=speaker_id),
                                       limit=PAGE_SIZE, offset=offset)
    except QueryError as error:
        context["error"] = str(error)
        return _page(request, "speaker.html", context, 400)
    context["results"] = _highlighted(page.items, form["q"], _statement_text)
    context["pager"] = render.pager(f"/speakers/{speaker_id}", form, total=page.total,
                                    limit=PAGE_SIZE, offset=offset, shown=len(page.items))
    return _page(request, "speaker.html", context)


@router.api_route("/articles", response_class=HTMLResponse, methods=["GET", "HEAD"])
def articles_page(request: Request) -> Response:
    form = {name: _arg(request, name) for name in ("q", "site", "since", "until", "order")}
    if form["order"] not in browse.ARTICLE_ORDERS:
        form["order"] = ""
    offset = _offset(request)
    context: dict[str, Any] = {"nav": "articles", "form": form, "error": None, "articles": [],
                               "pager": None, "orders": browse.ARTICLE_ORDERS}
    try:
        page = browse.find_articles(_store(request), q=form["q"] or None,
                                    site=form["site"] or None, since=form["since"] or None,
                                    until=form["until"] or None, order=form["order"] or "date",
                                    limit=PAGE_SIZE, offset=offset)
    except QueryError as error:
        context["error"] = str(error)
        return _page(request, "articles.html", context, 400)
    context["articles"] = page.items
    context["pager"] = render.pager("/articles", form, total=page.total, limit=PAGE_SIZE,
                                    offset=offset, shown=len(page.items))
    return _page(request, "articles.html", context)


@router.api_route("/articles/{article_id}", response_class=HTMLResponse, methods=["GET", "HEAD"])
def article_page(request: Request, article_id: int) -> Response:
    record = _store(request).article(article_id)
    if record is None:
        return error_page(request, 404, "Article not found",
                          f"There is no article with id {article_id}.")
    article = record.article
    legend, colours = render.speaker_legend(article, record.speaker_ids)
    cards = [{"i": i, "a": a, "colour": colours[i], "speaker_id": record.speaker_ids[i],
              "id": record.attribution_ids[i]} for i, a in enumerate(article.attributions)]
    return _page(request, "article.html", {
        "nav": "articles", "summary": record.summary, "article": article,
        "body": render.article_html(article, colours), "legend": legend, "cards": cards,
        "framing_hint": FRAMING_HINT, "boilerplate_chars": sum(
            b.end - b.start for b in article.boilerplate)})


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links to."""
    return FileResponse(Path(__file__).parent / "static" / "favicon.svg",
                        media_type="image/svg+xml")


@router.api_route("/docs", response_class=HTMLResponse, methods=["GET", "HEAD"])
def api_docs(request: Request) -> Response:
    """Swagger UI from locally served files (no CDN); the spec is /openapi.json."""
    if not request.app.state.swagger_dir:
        return error_page(request, 404, "API documentation unavailable",
                          "The Swagger UI files (package swagger-ui-bundle-v2) are not "
                          "installed; the API description is at /openapi.json.")
    return _page(request, "docs.html", {"nav": "api"})
