"""Downloads and permalinks of statements: ``/statements.csv`` and ``/statements.json`` take the
same query parameters as the search page (and the speaker page) and return every match, not
one page; ``/statements/{id}`` is the lasting address of one statement.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ..store import browse
from ..store.rows import STATEMENT_FIELDS
from . import render, views

router = APIRouter(include_in_schema=False)
ROWS_PER_CHUNK = 500  # statements written per chunk of the streamed download


def _statements(request: Request) -> Iterator:
    form = views.statement_form(request)
    filters = views.statement_filters(form)  # QueryError -> the 400 page, before streaming
    return views._store(request).iter_statements(filters)


@router.get("/statements.csv")
def statements_csv(request: Request) -> Response:
    statements = _statements(request)
    first = next(statements, None)  # a bad query fails here, while a status can still be sent

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=STATEMENT_FIELDS, lineterminator="\n")
        writer.writeheader()
        n = 0
        if first is not None:
            writer.writerow(first.to_dict())
        for s in statements:
            writer.writerow(s.to_dict())
            n += 1
            if n % ROWS_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(rows(), media_type="text/csv; charset=utf-8", headers={
        "content-disposition": 'attachment; filename="statements.csv"'})


@router.get("/statements.json")
def statements_json(request: Request) -> Response:
    statements = _statements(request)
    first = next(statements, None)

    def chunks() -> Iterator[str]:
        yield "["
        if first is not None:
            yield json.dumps(first.to_dict(), ensure_ascii=False)
        for s in statements:
            yield ",\n" + json.dumps(s.to_dict(), ensure_ascii=False)
        yield "]\n"

    return StreamingResponse(chunks(), media_type="application/json", headers={
        "content-disposition": 'inline; filename="statements.json"'})


@router.api_route("/statements/{statement_id}", response_class=HTMLResponse,
                  methods=["GET", "HEAD"])
def statement_page(request: Request, statement_id: int) -> Response:
    found = browse.statement(views._store(request), statement_id)
    if found is None:
        return views.error_page(request, 404, "Statement not found",
                                f"There is no statement with id {statement_id}.")
    html = render.marked(render.quote_text(found.text, found.kind), [])
    return views._page(request, "statement.html", {"nav": "search", "st": found, "html": html})
