"""The FastAPI application: JSON API, web UI, static files, limits and error handling.

>>> from saywho.web import create_app
>>> app = create_app("sqlite:///saywho.db")          # doctest: +SKIP
>>> # uvicorn.run(app)  or  saywho serve --db sqlite:///saywho.db
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import InputError, ModelError, QueryError, SaywhoError, StoreError
from ..options import ExtractOptions
from ..store import open_store
from . import api, exports, trails, views

log = logging.getLogger("saywho.web")

DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes; an article's HTML page is rarely above 1 MB
STATIC = Path(__file__).parent / "static"
# Pages may load only what this server serves: no inline script, no third-party anything.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI sets inline styles, so its page alone allows them.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY")]

DESCRIPTION = """Who said what in stored news articles: statements (quotes and reported
speech) with their speakers, cues, channels and dates; speakers shared across articles; the
articles as `saywho.article/1` records.

Every list is paginated with `limit` and `offset` and reports the `total` number of matches.
Errors answer `{"detail": "what was wrong"}`. The server is read-only unless it was started
with a write token; `POST /api/articles` then needs `Authorization: Bearer TOKEN`.
"""


def create_app(store_url: str | None = None, *, write_token: str | None = None,
               max_body_bytes: int = DEFAULT_MAX_BODY, model: str | None = None,
               options: ExtractOptions | None = None) -> FastAPI:
    """The saywho web application over the database at ``store_url``.

    The database is opened (and migrated) now, so a bad URL fails here with a ``StoreError``
    rather than on the first request; it is closed when the application shuts down.
    ``write_token`` enables ``POST /api/articles``; ``options`` (or ``model`` alone) say how it
    extracts.
    """
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(title="saywho", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store = store
    app.state.write_token = write_token or None
    app.state.options = options or ExtractOptions(model=model)
    app.state.model = app.state.options.model
    app.state.templates = views.make_templates()
    app.state.swagger_dir = _swagger_dir()
    app.include_router(api.router)
    app.include_router(trails.api)
    app.include_router(trails.pages)
    app.include_router(views.router)
    app.include_router(exports.router)
    if app.state.swagger_dir:
        app.mount("/static/swagger-ui", StaticFiles(directory=app.state.swagger_dir),
                  name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_handlers(app)
    app.add_middleware(LimitsMiddleware, max_body_bytes=max_body_bytes)
    return app


def _swagger_dir() -> str | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return str(swagger_ui_bundle.swagger_ui_path)


# --- errors -----------------------------------------------------------------------------------

def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str, title: str,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return views.error_page(request, status, title, message)


def _error_handlers(app: FastAPI) -> None:
    async def query_error(request: Request, error: Exception) -> Response:
        return _error(request, 400, str(error), "Query not understood")

    async def input_error(request: Request, error: Exception) -> Response:
        return _error(request, 422, str(error), "Article not accepted")

    async def model_error(request: Request, error: Exception) -> Response:
        log.error("extraction unavailable: %s", error)
        return _error(request, 503, str(error), "Extraction unavailable")

    async def store_error(request: Request, error: Exception) -> Response:
        # the details (which may name the database, its host or its user) go to the log only
        log.error("database error on %s: %s", request.url.path, error)
        return _error(request, 500, "database error; the server log has the details",
                      "Database error")

    async def other_error(request: Request, error: Exception) -> Response:
        return _error(request, 400, str(error), "Request not understood")

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if _wants_json(request) or isinstance(error.detail, (dict, list)):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=getattr(error, "headers", None))
        titles = {404: "Page not found", 405: "Method not allowed"}
        message = str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = "There is nothing at this address."
        return views.error_page(request, error.status_code,
                                titles.get(error.status_code, "Request failed"), message)

    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(ModelError, model_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(SaywhoError, other_error)
    app.add_exception_handler(StarletteHTTPException, http_error)

    async def validation_error(request: Request, error: Exception) -> Response:
        # an HTML page gets an HTML answer ("/speakers/abc"); the API keeps FastAPI's JSON
        assert isinstance(error, RequestValidationError)
        if _wants_json(request):
            return await request_validation_exception_handler(request, error)
        where = ", ".join(f"{item['loc'][-1]} {item.get('input')!r}" for item in error.errors())
        return views.error_page(request, 400, "Address not understood",
                                f"This address has a value that does not fit: {where}.")

    app.add_exception_handler(RequestValidationError, validation_error)


# --- limits and headers -----------------------------------------------------------------------

class LimitsMiddleware:
    """Refuse request bodies over ``max_body_bytes`` with 413; add security headers.

    The body is read here (it is small by definition) and replayed to the application, so the
    limit holds for chunked uploads that announce no length as well.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = CSP_DOCS if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS + [(b"content-security-policy", policy.encode())]
                message = {**message, "headers": headers}
            await send(message)

        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self._limited(scope, receive, send_tracked)
        except Exception:  # noqa: BLE001 - an unexpected error: a plain 500, never its details
            log.exception("unexpected error on %s", scope.get("path"))
            if started:
                raise
            await _plain_500(send_with_headers)

    async def _limited(self, scope: Scope, receive: Receive, send_with_headers: Send) -> None:
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._too_large(send_with_headers)
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send_with_headers)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            if size > self.max_body:
                await self._too_large(send_with_headers)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    async def _too_large(self, send: Send) -> None:
        limit = f"{self.max_body / 1024 / 1024:.1f} MB" if self.max_body >= 1024 * 1024 \
            else f"{self.max_body} bytes"
        payload = json.dumps({"detail": f"request body is larger than {limit}; send a smaller "
                                        "article or raise --max-body"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(payload)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload})


async def _plain_500(send: Send) -> None:
    payload = json.dumps({"detail": "internal error; the server log has the details"}).encode()
    await send({"type": "http.response.start", "status": 500,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
