"""Browsing helpers over a ``Store``: facet counts of a search, one statement by id, and the
articles list searched by title and sorted by date, outlet or title.

They build their queries from the same ``filtered`` select as ``Store.search_statements``,
so a facet count is exactly the number of results its link would show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select

from ..errors import QueryError
from .api import Store
from .identity import normalise_site
from .rows import ArticleSummary, Page, Statement, StatementFilters
from .schema import articles, attributions, speakers
from .search import _escape_like, check_page, filtered, parse_day, statement_columns

FACET_LIMIT = 8  # values shown per facet, most frequent first
ArticleOrder = Literal["date", "oldest", "site", "title"]
ARTICLE_ORDERS = ("date", "oldest", "site", "title")


@dataclass(frozen=True)
class Facet:
    """One value of a facet: what to show, the filter value its link sets, and the count."""

    label: str
    value: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "count": self.count}


def facets(store: Store, filters: StatementFilters, *, limit: int = FACET_LIMIT,
           by_trail: bool = False) -> dict[str, tuple[Facet, ...]]:
    """Counts of the statements matching ``filters`` (``by_trail``: of their trails) by
    speaker, outlet, month, kind and reporting verb, most frequent first. The ``value`` of a
    speaker facet is its id."""
    a, s, r = attributions, speakers, articles
    groups: dict[str, tuple[Any, Any]] = {
        "speaker": (a.c.speaker_id, s.c.name),
        "site": (r.c.site, r.c.site),
        "month": (func.substr(a.c.said_on, 1, 7), func.substr(a.c.said_on, 1, 7)),
        "kind": (a.c.kind, a.c.kind),
        "cue": (a.c.cue_lemma, a.c.cue_lemma),
    }
    out: dict[str, tuple[Facet, ...]] = {}
    with store._read("counting facets") as conn:
        for name, (key, label) in groups.items():
            n = (func.count(a.c.trail_id.distinct()) if by_trail else func.count()).label("n")
            stmt, _ = filtered(select(key.label("value"), func.max(label).label("label"), n),
                               filters, store.dialect)
            if by_trail:
                stmt = stmt.where(a.c.trail_id.is_not(None))
            rows = conn.execute(stmt.where(key.is_not(None)).group_by(key)
                                .order_by(n.desc(), key).limit(limit)).all()
            out[name] = tuple(Facet(str(row.label if row.label is not None else row.value),
                                    str(row.value), row.n) for row in rows)
    return out


def statement(store: Store, statement_id: int) -> Statement | None:
    """One statement by its id (the permalink), or ``None``."""
    with store._read("reading a statement") as conn:
        stmt, _ = filtered(select(*statement_columns()), StatementFilters(), store.dialect)
        row = conn.execute(stmt.where(attributions.c.id == statement_id)).first()
    return Statement(**row._mapping) if row is not None else None


_SUMMARY = (articles.c.id, articles.c.key, articles.c.title, articles.c.published,
            articles.c.site, articles.c.source_url.label("url"),
            articles.c.source_path.label("path"), articles.c.language,
            articles.c.n_attributions.label("statements"), articles.c.ingested_at)


def find_articles(store: Store, *, q: str | None = None, site: str | None = None,
                  since: str | None = None, until: str | None = None,
                  order: str = "date", limit: int = 20,
                  offset: int = 0) -> Page[ArticleSummary]:
    """Articles whose title, address or file name contains ``q`` (any case), filtered by
    outlet and publication dates; ``order``: date (newest first), oldest, site or title."""
    check_page(limit, offset)
    if order not in ARTICLE_ORDERS:
        raise QueryError(f"order must be one of {', '.join(ARTICLE_ORDERS)}, not {order!r}")
    r = articles
    conditions = []
    if q and q.strip():
        pattern = f"%{_escape_like(q.strip().casefold())}%"
        conditions.append(func.lower(func.coalesce(r.c.title, "")).like(pattern, escape="\\")
                          | func.lower(func.coalesce(r.c.source_url, "")).like(pattern, escape="\\")
                          | func.lower(func.coalesce(r.c.source_path, "")).like(pattern, escape="\\"))
    if site:
        conditions.append(r.c.site == normalise_site(site))
    if since:
        conditions.append(r.c.published >= parse_day(since, end=False, option="since"))
    if until:
        conditions.append(r.c.published <= parse_day(until, end=True, option="until"))
    keys = {"date": [r.c.published.desc().nulls_last(), r.c.id.desc()],
            "oldest": [r.c.published.asc().nulls_last(), r.c.id],
            "site": [r.c.site.asc().nulls_last(), r.c.published.desc().nulls_last(), r.c.id],
            "title": [func.lower(func.coalesce(r.c.title, r.c.source_path, r.c.source_url)),
                      r.c.id]}[order]
    with store._read("listing articles") as conn:
        total = conn.execute(select(func.count()).select_from(r).where(*conditions)).scalar_one()
        rows = conn.execute(select(*_SUMMARY).where(*conditions).order_by(*keys)
                            .limit(limit).offset(offset))
        items = tuple(ArticleSummary(**row._mapping) for row in rows)
    return Page(items, total, limit, offset)
