"""Trails in the database: placed as articles arrive, rebuilt when speakers change, read back.

``add`` runs in the transaction that stores an article: each new statement with a speaker
looks its candidates up (quotes through ``trail_keys``, the LSH bands and shingles of
``saywho.trails``; indirect reports and quotes through the speaker's statements within the
window), checks them with ``saywho.trails.joined`` and merges the trails it joins into the one
with the smallest id. The candidates of an article's statements are read together, before
placing them (``saywho.trails.sketch`` remembers the sketches it made). Because trails are
connected components of one pair rule, the result is the same as ``saywho.trails.cluster``
over every stored statement, whatever the order of ingest. ``rebuild`` does that clustering
from scratch for some speakers (after a merge or a split) or all (after a relink, and in
migration 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import (Connection, bindparam, delete, func, insert, or_, select, union_all,
                        update)

from .. import trails as core
from .rows import StatementFilters
from .schema import articles, attributions, speakers, trail_keys, trails
from .search import filtered

CHUNK = 500


@dataclass(frozen=True)
class TrailReport:
    """One report of a trail, with where and when it appeared; ``diff`` against the trail's
    text when its words differ (a variant), else empty."""

    id: int
    article_id: int
    kind: str
    text: str
    said_on: str | None
    published: str | None
    site: str | None
    url: str | None
    title: str | None
    diff: tuple[core.Segment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["diff"] = [s.to_dict() for s in self.diff]
        return out


@dataclass(frozen=True)
class Variant:
    """A wording of the statement that differs from the fullest version, and who printed it."""

    text: str
    diff: tuple[core.Segment, ...]
    report_ids: tuple[int, ...]
    sites: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "diff": [s.to_dict() for s in self.diff],
                "report_ids": list(self.report_ids), "sites": list(self.sites)}


@dataclass(frozen=True)
class TrailSummary:
    id: int
    speaker_id: int | None
    speaker: str | None
    text: str
    reports: int
    articles: int
    sites: int
    variants: int
    first_said: str | None
    last_said: str | None
    first_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Trail:
    """A trail with its reports in time order (the first is the first report) and variants."""

    summary: TrailSummary
    reports: tuple[TrailReport, ...]
    variants: tuple[Variant, ...]

    @property
    def first(self) -> TrailReport | None:
        return self.reports[0] if self.reports else None

    def days(self) -> int | None:
        """Days from the first report to the last, when both are dated."""
        s = self.summary
        if not s.first_said or not s.last_said:
            return None
        return (date.fromisoformat(s.last_said) - date.fromisoformat(s.first_said)).days

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "days": self.days(),
                "reports": [r.to_dict() for r in self.reports],
                "variants": [v.to_dict() for v in self.variants]}


_COLS = (attributions.c.id, attributions.c.speaker_id, attributions.c.kind,
         attributions.c.content_text, attributions.c.content_parts, attributions.c.said_on,
         attributions.c.trail_id)


# Statements of the placement, built once (only their parameters change from call to call).
_NEW_TRAIL = insert(trails).returning(trails.c.id)
_KEYED = (select(*_COLS, trail_keys.c.key)
          .join(trail_keys, trail_keys.c.attribution_id == attributions.c.id)
          .where(attributions.c.speaker_id.in_(bindparam("speakers", expanding=True)),
                 trail_keys.c.key.in_(bindparam("keys", expanding=True))))
# Two selects rather than one with OR, so that each reads the (speaker, said_on) index.
_UNDATED = union_all(
    select(*_COLS).where(attributions.c.speaker_id.in_(bindparam("quoting", expanding=True)),
                         attributions.c.said_on.is_(None), attributions.c.kind == "indirect"),
    select(*_COLS).where(attributions.c.speaker_id.in_(bindparam("reporting", expanding=True)),
                         attributions.c.said_on.is_(None),
                         attributions.c.kind.in_(core.QUOTED)))
_DATED = select(*_COLS).where(attributions.c.speaker_id == bindparam("speaker"),
                              attributions.c.kind.in_(bindparam("kinds", expanding=True)),
                              attributions.c.said_on >= bindparam("first"),
                              attributions.c.said_on <= bindparam("last"))
_MEMBERS = (select(*_COLS, attributions.c.article_id, articles.c.published, articles.c.site,
                   articles.c.source_url.label("url"), articles.c.title)
            .join(articles, articles.c.id == attributions.c.article_id)
            .where(attributions.c.trail_id.in_(bindparam("trails", expanding=True))))


def _report(row: Any) -> core.Report:
    return core.Report(row.id, row.speaker_id, row.kind,
                       core.report_text(row.content_text, row.content_parts), row.said_on)


def _keys_rows(reports: Iterable[tuple[core.Report, core.Sketch]]) -> list[dict[str, Any]]:
    return [{"key": k, "attribution_id": r.key}
            for r, sk in reports if r.quoted for k in dict.fromkeys(sk.keys())]


def _window(conn: Connection, report: core.Report) -> list[Any]:
    """The statements of the other kind by ``report``'s speaker said within its window, for
    a dated ``report`` (the undated are read for the whole article, ``_Candidates``)."""
    days = core._window_days(report.said_on)
    return list(conn.execute(_DATED, {
        "speaker": report.speaker, "kinds": ["indirect"] if report.quoted else list(core.QUOTED),
        "first": days[0], "last": days[-1]}))


# -- writing -----------------------------------------------------------------------------------

def add(conn: Connection, article_id: int) -> None:
    """Place the statements of a just-stored article into trails."""
    rows = conn.execute(select(*_COLS).where(attributions.c.article_id == article_id,
                                             attributions.c.speaker_id.is_not(None))
                        .order_by(attributions.c.seq)).all()
    placed = [(r, core.sketch(r.text)) for r in map(_report, rows)]
    keys = _keys_rows(placed)
    if keys:
        conn.execute(insert(trail_keys), keys)
    stale = _absorbed(conn)  # speakers that took over another one's statements just now
    if stale:
        rebuild(conn, stale)
        placed = [(r, sk) for r, sk in placed if r.speaker not in stale]
    found = _Candidates(conn, placed)
    for report, sk in placed:
        _place(conn, report, sk, found)
    if placed:
        conn.execute(update(attributions).where(attributions.c.id == bindparam("aid"))
                     .values(trail_id=bindparam("tid")),
                     [{"aid": r.key, "tid": found.moved[r.key]} for r, _ in placed])
    refresh(conn, {found.moved[r.key] for r, _ in placed})


def _absorbed(conn: Connection) -> list[int]:
    """Speakers holding statements whose trail belongs to a speaker that is gone (linking
    merged it into them); their trails are rebuilt. Reads only the trail speaker index."""
    gone = conn.execute(select(trails.c.speaker_id).distinct()
                        .select_from(trails.outerjoin(speakers,
                                                      speakers.c.id == trails.c.speaker_id))
                        .where(speakers.c.id.is_(None), trails.c.speaker_id.is_not(None))
                        ).scalars().all()
    if not gone:
        return []
    a = attributions
    return sorted(set(conn.execute(
        select(a.c.speaker_id).distinct().join(trails, trails.c.id == a.c.trail_id)
        .where(trails.c.speaker_id.in_(gone), a.c.speaker_id.is_not(None))).scalars()))


class _Candidates:
    """The candidate rows of one article's statements, read together (quotes sharing a look-up
    key, and undated statements of the article's undated speakers: one query each for the
    article; dated statements within a window: one for each speaker, kind and day), and the
    trail of each as this article's placement leaves it, so that rows read once stay current.
    A new statement's own row is written at the end."""

    def __init__(self, conn: Connection, placed: Sequence[tuple[core.Report, core.Sketch]]):
        self.conn = conn
        self.keyed: dict[Any, list[Any]] = defaultdict(list)  # speaker -> rows, with their key
        self.windows: dict[tuple[Any, bool, str | None], list[Any]] = {}
        self.moved: dict[int, int] = {}  # statement -> its trail, where changed since read
        probe = list(dict.fromkeys(k for r, sk in placed if r.quoted for k in sk.keys()))
        speakers = sorted({r.speaker for r, _ in placed if r.quoted})
        for i in range(0, len(probe), CHUNK):
            for row in conn.execute(_KEYED, {"speakers": speakers,
                                             "keys": probe[i:i + CHUNK]}):
                self.keyed[row.speaker_id].append(row)
        undated = {(r.speaker, r.quoted, None) for r, _ in placed if not r.said_on}
        self.windows.update({w: [] for w in undated})
        if undated:
            for row in conn.execute(_UNDATED, {
                    "quoting": sorted(s for s, quoted, _ in undated if quoted),
                    "reporting": sorted(s for s, quoted, _ in undated if not quoted)}):
                # an undated indirect report is in the window of an undated quote, and back
                self.windows[row.speaker_id, row.kind == "indirect", None].append(row)

    def of(self, report: core.Report, sk: core.Sketch) -> list[Any]:
        """The rows to check ``report`` against (some more than once)."""
        found: list[Any] = []
        if report.quoted:
            mine = set(sk.keys())
            found += [r for r in self.keyed[report.speaker] if r.key in mine]
        window = (report.speaker, report.quoted, report.said_on or None)
        if window not in self.windows:
            self.windows[window] = _window(self.conn, report)
        found += self.windows[window]
        return [r for r in found if r.id != report.key]

    def trail(self, row: Any) -> int | None:
        return self.moved.get(row.id, row.trail_id)

    def merge(self, others: set[int], target: int) -> None:
        """Trails ``others`` were merged into ``target`` (and deleted: their ids may return)."""
        rows = [r for rs in (*self.keyed.values(), *self.windows.values()) for r in rs]
        self.moved.update({r.id: target for r in rows if self.trail(r) in others})
        self.moved.update({s: target for s, t in self.moved.items() if t in others})


def _place(conn: Connection, report: core.Report, sk: core.Sketch, found: _Candidates) -> None:
    joined: set[int] = set()
    seen: set[int] = set()
    for row in found.of(report, sk):
        tid = found.trail(row)
        if row.id in seen or tid is None or tid in joined:  # one join with a trail is enough
            continue
        seen.add(row.id)
        other = _report(row)
        if core.joined(report, sk, other, core.sketch(other.text)):
            joined.add(tid)
    if not joined:
        target = conn.execute(_NEW_TRAIL, {
            "speaker_id": report.speaker, "text": report.text, "reports": 0, "articles": 0,
            "sites": 0, "variants": 0}).scalar_one()
    else:
        target = min(joined)
        others = joined - {target}
        if others:
            a = attributions
            conn.execute(update(a).where(a.c.trail_id.in_(sorted(others)))
                         .values(trail_id=target))
            conn.execute(delete(trails).where(trails.c.id.in_(sorted(others))))
            found.merge(others, target)
    found.moved[report.key] = int(target)


def rebuild(conn: Connection, speaker_ids: Iterable[int | None] | None = None) -> None:
    """Cluster again the statements of ``speaker_ids`` (every statement when ``None``)."""
    a = attributions
    if speaker_ids is None:
        conn.execute(delete(trail_keys))
        conn.execute(update(a).where(a.c.trail_id.is_not(None)).values(trail_id=None))
        conn.execute(delete(trails))
        sids: list[Any] = list(conn.execute(select(a.c.speaker_id).distinct().where(
            a.c.speaker_id.is_not(None)).order_by(a.c.speaker_id)).scalars())
    else:
        sids = sorted({s for s in speaker_ids if s is not None})
        conn.execute(update(a).where(a.c.speaker_id.in_(sids)).values(trail_id=None))
        conn.execute(delete(trails).where(or_(
            trails.c.speaker_id.in_(sids),
            ~select(a.c.id).where(a.c.trail_id == trails.c.id).exists())))
    for i in range(0, len(sids), CHUNK):
        rows = conn.execute(select(*_COLS).where(a.c.speaker_id.in_(sids[i:i + CHUNK]))).all()
        reports = [_report(r) for r in rows]
        if speaker_ids is None:
            keys = _keys_rows((r, core.sketch(r.text)) for r in reports)
            for j in range(0, len(keys), 5000):
                conn.execute(insert(trail_keys), keys[j:j + 5000])
        made = []
        for group in core.cluster(reports):
            tid = conn.execute(insert(trails).values(
                speaker_id=next(r.speaker for r in reports if r.key == group[0]),
                text="", reports=0, articles=0, sites=0, variants=0)
                .returning(trails.c.id)).scalar_one()
            conn.execute(update(a).where(a.c.id.in_(group)).values(trail_id=tid))
            made.append(tid)
        refresh(conn, made)


# -- reading -----------------------------------------------------------------------------------

def _members(conn: Connection, trail_ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for i in range(0, len(trail_ids), CHUNK):
        for row in conn.execute(_MEMBERS, {"trails": list(trail_ids[i:i + CHUNK])}):
            out[row.trail_id].append(row)
    return out


def _when(row: Any) -> tuple[str, int]:
    return (row.said_on or row.published or "9999-99-99", row.id)


def _excerpt(part: Sequence[str], whole: Sequence[str]) -> bool:
    """Whether ``part`` is a run of consecutive words of ``whole``: then its diff against
    ``whole`` is all equal (an exact excerpt), known without aligning the two."""
    return not part or f" {' '.join(part)} " in f" {' '.join(whole)} "


def _build(tid: int, rows: list[Any], speaker: str | None) -> Trail:
    """The trail of member ``rows``."""
    return _build_with_fullest(tid, rows, speaker)[0]


def _build_with_fullest(tid: int, rows: list[Any], speaker: str | None) -> tuple[Trail, core.Report]:
    """The trail of member ``rows``, and the fullest version of what they report."""
    rows = sorted(rows, key=_when)
    reports = [_report(x) for x in rows]
    full = core.fullest(reports)
    full_words = core.words(full.text)
    out, by_words = [], defaultdict(list)
    for x, rep in zip(rows, reports):
        d: tuple[core.Segment, ...] = ()
        said = core.words(rep.text) if rep.quoted and rep.key != full.key else ()
        if said and not _excerpt(said, full_words):
            d = core.diff(rep.text, full.text)
        d = d if core.is_variant(d) else ()
        out.append(TrailReport(x.id, x.article_id, x.kind, rep.text, x.said_on, x.published,
                               x.site, x.url, x.title, d))
        if d:
            by_words[said].append(out[-1])
    variants = tuple(Variant(group[0].text, group[0].diff, tuple(g.id for g in group),
                             tuple(sorted({g.site for g in group if g.site})))
                     for group in sorted(by_words.values(), key=lambda g: g[0].id))
    days = [x.said_on or x.published for x in rows if x.said_on or x.published]
    summary = TrailSummary(
        tid, rows[0].speaker_id, speaker, full.text, len(rows),
        len({x.article_id for x in rows}), len({x.site for x in rows if x.site}), len(variants),
        min(days) if days else None, max(days) if days else None, rows[0].id)
    return Trail(summary, tuple(out), variants), full


def refresh(conn: Connection, trail_ids: Iterable[int]) -> None:
    """Recompute the summary rows of ``trail_ids`` from their members; drop empty trails."""
    ids = sorted(set(trail_ids))
    members = _members(conn, ids)
    empty = [t for t in ids if not members.get(t)]
    if empty:
        conn.execute(delete(trails).where(trails.c.id.in_(empty)))
    rows = []
    for tid in ids:
        if members.get(tid):
            trail, full = _build_with_fullest(tid, members[tid], None)
            s = trail.summary
            rows.append({"tid": tid, "speaker_id": s.speaker_id, "text": s.text,
                         "text_id": full.key, "reports": s.reports, "articles": s.articles,
                         "sites": s.sites, "variants": s.variants, "first_id": s.first_id,
                         "first_said": s.first_said, "last_said": s.last_said})
    if rows:
        conn.execute(update(trails).where(trails.c.id == bindparam("tid")).values(
            {k: bindparam(k) for k in rows[0] if k != "tid"}), rows)


def _summary(row: Any) -> TrailSummary:
    return TrailSummary(row.id, row.speaker_id, row.speaker, row.text, row.reports,
                        row.articles, row.sites, row.variants, row.first_said, row.last_said,
                        row.first_id)


def _summary_select() -> Any:
    t = trails
    return (select(t.c.id, t.c.speaker_id, speakers.c.name.label("speaker"), t.c.text,
                   t.c.reports, t.c.articles, t.c.sites, t.c.variants, t.c.first_said,
                   t.c.last_said, t.c.first_id)
            .select_from(t.outerjoin(speakers, speakers.c.id == t.c.speaker_id)))


def get(conn: Connection, trail_id: int) -> Trail | None:
    row = conn.execute(_summary_select().where(trails.c.id == trail_id)).first()
    if row is None:
        return None
    return _build(row.id, _members(conn, [row.id])[row.id], row.speaker)


def summaries(conn: Connection, *, speaker_id: int | None = None, min_reports: int = 1,
              limit: int = 50, offset: int = 0) -> tuple[list[TrailSummary], int]:
    """Trails with at least ``min_reports`` reports, most reported first; and their total."""
    cond = [trails.c.reports >= min_reports]
    if speaker_id is not None:
        cond.append(trails.c.speaker_id == speaker_id)
    total = conn.execute(select(func.count()).select_from(trails).where(*cond)).scalar_one()
    rows = conn.execute(_summary_select().where(*cond)
                        .order_by(trails.c.reports.desc(), trails.c.id)
                        .limit(limit).offset(offset)).all()
    return [_summary(r) for r in rows], int(total)


def iterate(conn: Connection, *, min_reports: int = 1) -> Iterator[Trail]:
    """Every trail with its reports, in id order, read ``CHUNK`` at a time."""
    last = 0
    while True:
        heads = conn.execute(_summary_select().where(trails.c.id > last,
                                                     trails.c.reports >= min_reports)
                             .order_by(trails.c.id).limit(CHUNK)).all()
        if not heads:
            return
        last = heads[-1].id
        members = _members(conn, [h.id for h in heads])
        for h in heads:
            if members.get(h.id):
                yield _build(h.id, members[h.id], h.speaker)


@dataclass(frozen=True)
class TrailHit:
    """A trail among search results: ``matches`` of its ``summary.reports`` reports match."""

    summary: TrailSummary
    matches: int

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "matches": self.matches}


def search(conn: Connection, filters: StatementFilters, dialect: str, *, limit: int,
           offset: int) -> tuple[list[TrailHit], int]:
    """Statements matching ``filters`` grouped by trail: most matching reports first, then
    most recent; with the number of trails that match."""
    a = attributions
    grouped, _ = filtered(select(a.c.trail_id, func.count().label("matches"),
                                 func.max(a.c.said_on).label("latest")), filters, dialect)
    grouped = grouped.where(a.c.trail_id.is_not(None)).group_by(a.c.trail_id)
    total = conn.execute(select(func.count()).select_from(grouped.subquery())).scalar_one()
    page = conn.execute(grouped.order_by(func.count().desc(), func.max(a.c.said_on).desc(),
                                         a.c.trail_id).limit(limit).offset(offset)).all()
    ids = [row.trail_id for row in page]
    heads = {r.id: _summary(r) for r in conn.execute(
        _summary_select().where(trails.c.id.in_(ids)))} if ids else {}
    return [TrailHit(heads[r.trail_id], r.matches) for r in page if r.trail_id in heads], \
        int(total)
