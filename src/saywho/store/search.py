"""Full-text query syntax: parse and validate once, then render for FTS5 or PostgreSQL tsquery.

Syntax (documented in docs/store.md):

- ``word`` — statements containing the word (stemmed: ``warn`` also finds "warned");
- ``"a phrase"`` — the words next to one another, in order;
- ``elect*`` — any word starting with ``elect`` (at least 2 letters before the ``*``); in a
  phrase the last word may be a prefix: ``"prime minis*"``;
- ``a OR b`` — either term; terms side by side must all match (``a b OR c`` = a and (b or c));
- ``-word`` / ``-"a phrase"`` — exclude statements containing it.

Punctuation is ignored (``U.S.`` is the phrase "u s", ``cease-fire`` the phrase "cease fire").

The parser keeps only letters and digits of each word, so the rendered query is built from
known-safe pieces and then passed as a bound parameter: user text never becomes SQL or
full-text operator syntax. Anything it cannot read raises ``QueryError`` with a hint.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, column, false, func, literal_column, or_, select, table

from ..errors import QueryError
from .identity import normalise_name, normalise_site, strip_accents
from .rows import KINDS, StatementFilters
from .schema import PG_TS_CONFIG, PG_TSVECTOR, articles, attributions, speakers

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MIN_PREFIX_CHARS = 2

_WORD = re.compile(r"[^\W_]+")
# A token of the raw query: a phrase (closed or not), OR, or a run of non-space characters.
_TOKEN = re.compile(r'\s*(-?)("[^"]*"?\*?|[^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One word or phrase; ``prefix`` marks its last word as a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """All of ``groups`` must match (each group: any of its terms), none of ``excluded``."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]


def parse_query(raw: str) -> Query | None:
    """Parse a full-text query; ``None`` for an empty one. Raises ``QueryError`` when malformed."""
    if raw is None or not raw.strip():
        return None
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"search query is {len(raw)} characters long; "
                         f"keep it under {MAX_QUERY_CHARS}")
    if raw.count('"') % 2:
        raise QueryError('unbalanced " in search query: close the phrase with another ", '
                         'e.g. "interest rates"')
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    skipped: list[str] = []
    pending_or = False
    pos = 0
    raw = raw.rstrip()
    while pos < len(raw):
        match = _TOKEN.match(raw, pos)
        if match is None:  # only whitespace left
            break
        pos = match.end()
        negated, token = match.group(1) == "-", match.group(2)
        if token == "OR" and not negated:
            if not groups or pending_or:
                raise QueryError("OR needs a term on each side, e.g. minister OR secretary")
            pending_or = True
            continue
        if token == "AND" and not negated:
            continue  # terms side by side must match anyway
        term = _term(token)
        if term is None:  # stray punctuation between words says nothing to search for
            skipped.append(token)
            continue
        if negated:
            if pending_or:
                raise QueryError("an excluded term (-word) cannot be part of an OR")
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise QueryError("OR needs a term on each side, e.g. minister OR secretary")
    if not groups and not excluded and skipped:
        raise QueryError(f"{' '.join(skipped)!r} has no letters or digits to search for")
    if not groups:
        raise QueryError("a search query needs at least one term that is not excluded with '-'")
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise QueryError(f"search query has too many terms; use at most {MAX_TERMS}")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _term(token: str) -> Term | None:
    prefix = token.endswith("*")
    body = token[:-1] if prefix else token
    if body.startswith('"'):
        body = body[1:-1].rstrip()
        if not body:
            raise QueryError('empty phrase "" in search query: put words between the quotes')
        if body.endswith("*"):  # "port listen*" means the same as "port listen"*
            prefix, body = True, body[:-1]
    if "*" in body:
        raise QueryError(f"'*' marks a prefix and must end a word, as in elect*; got {token!r}")
    words = tuple(_WORD.findall(strip_accents(body).casefold()))
    if not words:
        if prefix and not body:
            raise QueryError("'*' on its own is not a search term; put it after a word, "
                             "as in elect*")
        return None
    if prefix and len(words[-1]) < MIN_PREFIX_CHARS:
        raise QueryError(f"prefix {token!r} is too short; give at least {MIN_PREFIX_CHARS} "
                         "letters before the *")
    return Term(words, prefix)


def to_fts5(query: Query) -> str:
    """Render for an SQLite FTS5 MATCH; every word is double-quoted, so it is always literal."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

    def group(g: tuple[Term, ...]) -> str:
        return term(g[0]) if len(g) == 1 else "(" + " OR ".join(term(t) for t in g) + ")"

    rendered = " AND ".join(group(g) for g in query.groups)
    if query.excluded:
        rendered = f"({rendered})" + "".join(f" NOT {term(t)}" for t in query.excluded)
    return rendered


def to_tsquery(query: Query) -> str:
    """Render for PostgreSQL ``to_tsquery``; every word is single-quoted, so it is always literal."""

    def term(t: Term) -> str:
        parts = [f"'{w}'" for w in t.words]
        if t.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"

    def group(g: tuple[Term, ...]) -> str:
        return term(g[0]) if len(g) == 1 else "(" + " | ".join(term(t) for t in g) + ")"

    rendered = " & ".join(group(g) for g in query.groups)
    return rendered + "".join(f" & !{term(t)}" for t in query.excluded)


def highlight_ranges(text: str, query: Query | str | None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` to highlight for ``query``, sorted and non-overlapping.

    An approximation of what the database matched, for display: a word matches any word
    starting with it (so "warn" lights up "warned"), a phrase matches its words in sequence.
    """
    if isinstance(query, str):
        query = parse_query(query)
    if query is None:
        return []
    folded = strip_accents(text).casefold()
    if len(folded) != len(text):  # accents that decompose oddly: fall back to plain casefold
        folded = text.casefold()
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    ranges: list[tuple[int, int]] = []
    for t in query.terms():
        n = len(t.words)
        for i in range(len(words) - n + 1):
            if all(words[i + k][2].startswith(w) if k == n - 1 else words[i + k][2] == w
                   for k, w in enumerate(t.words)):
                ranges.append((words[i][0], words[i + n - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- SQL for statement filters -------------------------------------------------------------

MAX_LIMIT = 1000


def parse_day(value: str, *, end: bool, option: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first (or, with ``end``, last) day meant."""
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = map(int, value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return f"{value}-{last:02d}" if end else f"{value}-01"
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise QueryError(f"{option} {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")


# The largest integer a database column or parameter holds (SQL BIGINT): an id beyond it
# names nothing, and the database driver cannot even send it.
MAX_INT = 2**63 - 1


def fits(number: int) -> bool:
    """Whether ``number`` is a 64-bit integer, as every id and offset in the store is."""
    return -MAX_INT - 1 <= number <= MAX_INT


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if not 0 <= offset <= MAX_INT:
        raise QueryError(f"offset must be between 0 and {MAX_INT}, not {offset}")


def check_text(value: str | None, option: str) -> None:
    """A filter value with a NUL character matches nothing, and PostgreSQL refuses it."""
    if value and "\x00" in value:
        raise QueryError(f"{option} contains a NUL character; remove it")


def statement_columns() -> list[Any]:
    """The columns of a ``rows.Statement``, in field order."""
    a, s, r = attributions, speakers, articles
    return [a.c.id, a.c.article_id, a.c.seq, a.c.kind, a.c.content_text.label("text"),
            a.c.content_start.label("start"), a.c.content_end.label("end"), a.c.speaker_id,
            s.c.name.label("speaker"), a.c.speaker_name, a.c.speaker_type,
            a.c.speaker_role.label("role"), a.c.resolved_by, a.c.cue_text.label("cue"),
            a.c.cue_lemma, a.c.addressee_text.label("addressee"), a.c.medium_text.label("medium"),
            a.c.time_text, a.c.said_on, a.c.framing_text.label("framing"), a.c.framing_label,
            a.c.confidence, r.c.title, r.c.published, r.c.site, r.c.source_url.label("url")]


def filtered(stmt: Select, filters: StatementFilters, dialect: str) -> tuple[Select, Any]:
    """Add the joins and conditions for ``filters`` to a select over attributions.

    Returns the select and a relevance expression to sort by ascending (``None`` without a
    full-text query). Raises ``QueryError`` for a malformed query or filter value.
    """
    a, s, r = attributions, speakers, articles
    for option in ("query", "speaker", "kind", "cue", "since", "until", "site", "medium"):
        check_text(getattr(filters, option), option)
    stmt = stmt.select_from(a.join(r, r.c.id == a.c.article_id)
                            .outerjoin(s, s.c.id == a.c.speaker_id))
    for number in (filters.speaker_id, filters.article_id):
        if number is not None and not fits(number):
            stmt = stmt.where(false())  # no row has such an id
    rank = None
    query = parse_query(filters.query) if filters.query else None
    if query is not None:
        if dialect == "sqlite":
            fts = table("attributions_fts", column("rowid"))
            stmt = stmt.join(fts, fts.c.rowid == a.c.id).where(
                literal_column("attributions_fts").op("MATCH")(to_fts5(query)))
            rank = func.bm25(literal_column("attributions_fts"))
        else:
            tsquery = func.to_tsquery(literal_column(f"'{PG_TS_CONFIG}'::regconfig"),
                                      to_tsquery(query))
            tsvector = literal_column(PG_TSVECTOR)
            stmt = stmt.where(tsvector.op("@@")(tsquery))
            rank = -func.ts_rank(tsvector, tsquery)
    if filters.speaker_id is not None and fits(filters.speaker_id):
        stmt = stmt.where(a.c.speaker_id == filters.speaker_id)
    if filters.speaker:
        name = normalise_name(filters.speaker)
        if not name:
            raise QueryError(f"speaker {filters.speaker!r} has no letters to match a name")
        # An IN over matching speaker ids lets the database use the speaker_id index.
        match = speakers.alias("speaker_match")
        stmt = stmt.where(a.c.speaker_id.in_(
            select(match.c.id).where(match.c.norm_name.like(f"%{_escape_like(name)}%",
                                                             escape="\\"))))
    if filters.kind:
        if filters.kind not in KINDS:
            raise QueryError(f"kind must be one of {', '.join(KINDS)}, not {filters.kind!r}")
        stmt = stmt.where(a.c.kind == filters.kind)
    if filters.cue:
        cue = filters.cue.strip().casefold()
        stmt = stmt.where(or_(a.c.cue_lemma == cue, func.lower(a.c.cue_text) == cue))
    if filters.since:
        stmt = stmt.where(a.c.said_on >= parse_day(filters.since, end=False, option="since"))
    if filters.until:
        stmt = stmt.where(a.c.said_on <= parse_day(filters.until, end=True, option="until"))
    if filters.site:
        stmt = stmt.where(r.c.site == normalise_site(filters.site))
    if filters.medium:
        medium = f"%{_escape_like(filters.medium.strip().casefold())}%"
        stmt = stmt.where(func.lower(a.c.medium_text).like(medium, escape="\\"))
    if filters.article_id is not None and fits(filters.article_id):
        stmt = stmt.where(a.c.article_id == filters.article_id)
    if filters.min_confidence is not None:
        if not 0 <= filters.min_confidence <= 1:
            raise QueryError(f"min_confidence must be between 0 and 1, not {filters.min_confidence}")
        stmt = stmt.where(a.c.confidence >= filters.min_confidence)
    return stmt, rank


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
