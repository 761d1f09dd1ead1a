"""Trails on the web: ``/api/trails`` (list, one trail, search grouped by trail) and the
``/trails`` pages; thin routes over ``Store.trails``, ``Store.trail``, ``Store.search_trails``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..store import StatementFilters
from .api import ERRORS, NOT_FOUND, DEFAULT_PAGE, Limit, Offset, StoreDep
from .views import PAGE_SIZE, _offset, _page, _store, error_page

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)


@api.get("/trails", responses=ERRORS, summary="List trails")
def list_trails(
    store: StoreDep,
    speaker_id: Annotated[int | None, Query(description="one speaker entity")] = None,
    min_reports: Annotated[int, Query(ge=1, description="at least this many reports")] = 2,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Trails (one statement reported across articles), most reported first."""
    return store.trails(speaker_id=speaker_id, min_reports=min_reports, limit=limit,
                        offset=offset).to_dict()


@api.get("/trails/search", responses=ERRORS, summary="Search statements grouped by trail")
def search_trails(
    store: StoreDep,
    q: Annotated[str | None, Query(description="full-text query, as /api/statements",
                                   max_length=1000)] = None,
    speaker_id: Annotated[int | None, Query(description="one speaker entity")] = None,
    site: Annotated[str | None, Query(description="outlet host")] = None,
    since: Annotated[str | None, Query(description="said on or after")] = None,
    until: Annotated[str | None, Query(description="said on or before")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Matching statements grouped by trail: each trail with ``matches`` (its reports that
    match) and ``reports`` (all its reports)."""
    filters = StatementFilters(query=q, speaker_id=speaker_id, site=site, since=since,
                               until=until)
    return store.search_trails(filters, limit=limit, offset=offset).to_dict()


@api.get("/trails/{trail_id}", responses=NOT_FOUND, summary="One trail")
def get_trail(store: StoreDep, trail_id: int) -> dict[str, Any]:
    """A trail: its text (the fullest quoted version), its reports in time order with outlet,
    link and date (the first is the first report), and its variants with word diffs."""
    trail = store.trail(trail_id)
    if trail is None:
        raise HTTPException(404, f"no trail {trail_id}")
    return trail.to_dict()


@pages.api_route("/trails", response_class=HTMLResponse, methods=["GET", "HEAD"])
def trails_page(request: Request) -> Response:
    offset = _offset(request)
    found = _store(request).trails(min_reports=2, limit=PAGE_SIZE, offset=offset)
    return _page(request, "trails.html", {"nav": "trails", "page": found, "offset": offset})


@pages.api_route("/trails/{trail_id}", response_class=HTMLResponse, methods=["GET", "HEAD"])
def trail_page(request: Request, trail_id: int) -> Response:
    trail = _store(request).trail(trail_id)
    if trail is None:
        return error_page(request, 404, "No such trail", f"There is no trail {trail_id}.")
    return _page(request, "trail.html", {"nav": "trails", "t": trail, "s": trail.summary})
