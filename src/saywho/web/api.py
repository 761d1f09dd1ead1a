"""The JSON API under ``/api``: thin routes over ``saywho.store``.

Read routes are plain functions (FastAPI runs them in its thread pool, as the store is
synchronous). ``POST /api/articles`` is the only write and is refused unless the server was
started with a write token; see docs/web.md.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from ..errors import InputError
from ..options import UNCERTAIN_BELOW, ExtractOptions
from ..records import Article, Source
from ..store import Store, StatementFilters
from .models import (
    ArticleCreated,
    ArticleIn,
    ArticleOut,
    ArticlePage,
    ErrorOut,
    Kind,
    SpeakerEditIn,
    SpeakerEditOut,
    SpeakerPage,
    SpeakerProfileOut,
    SpeakerRuleOut,
    StatementPage,
)

MAX_PAGE = 200  # largest page the API serves; the store itself allows more
DEFAULT_PAGE = 20

router = APIRouter(prefix="/api", tags=["api"])
bearer = HTTPBearer(auto_error=False, description="the server's write token")
_extract_lock = threading.Lock()  # one extraction at a time: the spaCy pipeline is shared

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "malformed query or filter value"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "no such id"}}


def store_of(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="items per page")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


@router.get("/statements", response_model=StatementPage, responses=ERRORS,
            summary="Search statements")
def list_statements(
    store: StoreDep,
    q: Annotated[str | None, Query(
        description='full text: words (stemmed), "a phrase", prefix*, a OR b, -excluded',
        max_length=1000)] = None,
    speaker: Annotated[str | None, Query(description="part of the speaker's name")] = None,
    speaker_id: Annotated[int | None, Query(description="one speaker entity")] = None,
    kind: Kind | None = None,
    cue: Annotated[str | None, Query(description='reporting verb or lemma: "said", "say"')] = None,
    since: Annotated[str | None, Query(description="said on or after, YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="said on or before, YYYY[-MM[-DD]]")] = None,
    site: Annotated[str | None, Query(description="outlet host, e.g. bbc.co.uk")] = None,
    medium: Annotated[str | None, Query(description='part of the channel, e.g. "telegram"')] = None,
    article_id: Annotated[int | None, Query(description="statements of one article")] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0, le=1, description=f"speaker confidence at least this (0-1); statements below "
                                f"{UNCERTAIN_BELOW} are shown as 'speaker uncertain'")] = None,
    order: Annotated[str, Query(pattern="^(date|relevance)$",
                                description="newest first, or best match first with q")] = "date",
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Statements matching every given filter, newest first, with the total number of matches.

    A malformed full-text query or filter value is answered with 400 and a message.
    """
    filters = StatementFilters(query=q, speaker=speaker, speaker_id=speaker_id, kind=kind,
                               cue=cue, since=since, until=until, site=site, medium=medium,
                               article_id=article_id, min_confidence=min_confidence)
    return store.search_statements(filters, limit=limit, offset=offset,
                                   order=order).to_dict()  # type: ignore[arg-type]


@router.get("/speakers", response_model=SpeakerPage, responses=ERRORS, summary="List speakers")
def list_speakers(
    store: StoreDep,
    name: Annotated[str | None, Query(description="part of the name")] = None,
    type: Annotated[str | None, Query(pattern="^(PERSON|ORG|GPE|NORP|OTHER)$")] = None,
    unlinked: Annotated[bool | None, Query(
        description="true: only partial names and acronyms no full name was tied to; "
                    "false: only the others")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Speakers (people and organisations shared across articles), most statements first."""
    return store.speakers(name=name, type=type, unlinked=unlinked, limit=limit,
                          offset=offset).to_dict()


@router.get("/speakers/rules", response_model=list[SpeakerRuleOut], summary="Corrections")
def list_speaker_rules(store: StoreDep) -> list[dict[str, Any]]:
    """The corrections made to speaker identity (merge, split, rename, set-type), kept as
    rules that also apply to articles stored later."""
    return [rule.to_dict() for rule in store.speaker_rules()]


@router.post(
    "/speakers/{speaker_id}/{action}", response_model=SpeakerEditOut, summary="Correct a speaker",
    responses={400: {"model": ErrorOut, "description": "missing or unusable value"},
               401: {"model": ErrorOut, "description": "no bearer token given"},
               403: {"model": ErrorOut, "description": "wrong token, or server is read-only"},
               404: {"model": ErrorOut, "description": "no such speaker or action"}})
def edit_speaker(
    request: Request, speaker_id: int, action: str, body: SpeakerEditIn,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> dict[str, Any]:
    """``merge`` (body ``into``), ``split`` (``name``), ``rename`` (``name``), ``set-type``
    (``type``). Needs the write token, like ``POST /api/articles``."""
    check_token(request.app.state.write_token, credentials)
    store: Store = request.app.state.store
    if action not in ("merge", "split", "rename", "set-type"):
        raise HTTPException(404, f"no action {action!r}: merge, split, rename or set-type")
    if store.speaker(speaker_id) is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    needed = {"merge": "into", "split": "name", "rename": "name", "set-type": "type"}[action]
    value = getattr(body, needed)
    if value is None:
        raise HTTPException(400, f"{action} needs {needed!r} in the body")
    if action == "merge":
        sid = store.merge_speakers(speaker_id, value)
    elif action == "split":
        sid = store.split_speaker(speaker_id, value)
    elif action == "rename":
        sid = store.rename_speaker(speaker_id, value)
    else:
        sid = store.set_speaker_type(speaker_id, value)
    return {"id": sid, "url": f"/api/speakers/{sid}"}


@router.get("/speakers/{speaker_id}", response_model=SpeakerProfileOut, responses=NOT_FOUND,
            summary="One speaker")
def get_speaker(store: StoreDep, speaker_id: int) -> dict[str, Any]:
    """A speaker's profile: statements per month, names, roles, channels, outlets, cues."""
    profile = store.speaker(speaker_id)
    if profile is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    return profile.to_dict()


@router.get("/articles", response_model=ArticlePage, responses=ERRORS, summary="List articles")
def list_articles(
    store: StoreDep,
    site: Annotated[str | None, Query(description="outlet host")] = None,
    since: Annotated[str | None, Query(description="published on or after")] = None,
    until: Annotated[str | None, Query(description="published on or before")] = None,
    speaker_id: Annotated[int | None, Query(description="articles quoting this speaker")] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored articles, newest publication first."""
    return store.articles(site=site, since=since, until=until, speaker_id=speaker_id,
                          limit=limit, offset=offset).to_dict()


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND,
            summary="One article")
def get_article(store: StoreDep, article_id: int) -> dict[str, Any]:
    """One article as a ``saywho.article/1`` record; each attribution carries its statement id
    and speaker id."""
    record = store.article(article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id}")
    return record.to_dict()


_ARTICLE_IN_BODY = {
    "requestBody": {"required": True,
                    "content": {"application/json": {"schema": ArticleIn.model_json_schema()}}}}


@router.post(
    "/articles", response_model=ArticleCreated, status_code=201, summary="Extract and store",
    openapi_extra=_ARTICLE_IN_BODY,
    responses={200: {"model": ArticleCreated, "description": "already stored; nothing changed"},
               401: {"model": ErrorOut, "description": "no bearer token given"},
               403: {"model": ErrorOut, "description": "wrong token, or server is read-only"},
               413: {"model": ErrorOut, "description": "request body too large"},
               422: {"model": ErrorOut, "description": "body is not a valid article"},
               503: {"model": ErrorOut, "description": "the spaCy pipeline is not available"}})
async def post_article(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Any:
    """Extract who said what from one article and store it.

    Needs ``Authorization: Bearer TOKEN`` with the token the server was started with
    (``saywho serve --write-token``); a server started without one is read-only and answers
    403. Send JSON with ``text`` or ``html`` and optionally ``url``, ``title``, ``published``.
    Storing the same article (same URL and text) again changes nothing and answers 200.
    """
    check_token(request.app.state.write_token, credentials)
    # The body is parsed only now, after the token check, so an unauthorised client learns
    # nothing about what a valid body looks like.
    try:
        body = ArticleIn.model_validate_json(await request.body())
    except ValidationError as error:
        raise HTTPException(422, _validation_message(error)) from None
    store: Store = request.app.state.store
    options: ExtractOptions = request.app.state.options
    if body.beliefs is not None:  # the request may narrow or widen the server's setting
        options = replace(options, beliefs=body.beliefs)
    article_id, created, n = await run_in_threadpool(_extract_and_store, store, body, options)
    out = ArticleCreated(id=article_id, created=created, statements=n,
                         url=f"/api/articles/{article_id}")
    return JSONResponse(out.model_dump(), status_code=201 if created else 200)


def check_token(expected: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    """401 without a bearer token, 403 with a wrong one or when the server is read-only."""
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with --write-token "
                                 "(or SAYWHO_WRITE_TOKEN) to accept articles")
    if credentials is None or not credentials.credentials:
        raise HTTPException(401, "send the write token as 'Authorization: Bearer TOKEN'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(403, "wrong write token")


def _validation_message(error: ValidationError) -> str:
    problems = []
    for item in error.errors(include_url=False):
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "__root__")
        message = str(item.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "invalid article: " + "; ".join(problems)


def _extract_and_store(store: Store, body: ArticleIn,
                       options: ExtractOptions) -> tuple[int, bool, int]:
    from ..extraction import extract_article
    from ..ingest import BadInput
    from ..ingest.html import html_article
    from ..ingest.text import text_article

    source = Source(path=None, url=body.url)
    if body.html is not None:
        article = html_article(body.html, source)
        if isinstance(article, BadInput):
            raise InputError(f"no article found in the HTML: {article.message}")
    else:
        article = text_article(body.text or "", source)
    if not article.text.strip():
        raise InputError("the article has no text")
    if body.title:
        article = replace(article, title=body.title)
    if body.published:
        article = replace(article, published=body.published.isoformat())
    existing = store.article_id(article)  # the key is the URL and text: known before extracting
    if existing is None:
        with _extract_lock:
            extracted: Article = extract_article(article, options=options)
        new_id = store.add_article(extracted, model=options.model)
        if new_id is not None:
            return new_id, True, len(extracted.attributions)
        existing = store.article_id(extracted)  # stored meanwhile by another request
        if existing is None:
            raise InputError("the article was stored and removed at the same time; send it again")
    record = store.article(existing)
    return existing, False, len(record.article.attributions) if record else 0
