"""The store: open a database, add extracted articles, look statements, speakers and articles up.

>>> from saywho.store import open_store, StatementFilters
>>> store = open_store("sqlite:///saywho.db")            # doctest: +SKIP
>>> store.add_article(article)                           # doctest: +SKIP
>>> page = store.search_statements(StatementFilters(query='"interest rates"'), limit=20)
...                                                      # doctest: +SKIP

Every write is its own transaction (or one per small batch), so an interrupted ingest leaves
whole articles only, and adding an article already stored changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    event,
    exc,
    false,
    func,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from ..errors import InputError, QueryError, SaywhoError, StoreError, UsageError
from ..records import Article, Attribution
from . import corpus, schema
from . import trails as trail_store
from .convert import check_row, folded, to_record
from .identity import article_key, iso_day, normalise_name, normalise_site, site_of
from .linking import display_name, said_of
from .rows import (
    ArticleRecord,
    ArticleSummary,
    Order,
    Page,
    SpeakerProfile,
    SpeakerRef,
    SpeakerSummary,
    Statement,
    StatementFilters,
    Tally,
)
from .schema import articles, attributions, speakers
from .search import _escape_like, check_page, check_text, filtered, fits, parse_day, statement_columns

DEFAULT_URL = "sqlite:///saywho.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000  # a second writer waits this long for the lock, then fails
TALLY_LIMIT = 20  # entries per list on a speaker profile (months are never cut)
EXPORT_BATCH = 500


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL for ``url``: default SQLite file, bare paths, postgres -> psycopg 3."""
    if not url:
        return DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"  # a bare file path
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return url
    raise UsageError(f"unsupported database URL {url!r}: use sqlite:///FILE.db or "
                     "postgresql://USER@HOST/DBNAME")


def open_store(url: str | None = None, *, migrate: bool = True) -> "Store":
    """Open (and create or upgrade, unless ``migrate=False``) the database at ``url``.

    ``url`` defaults to ``sqlite:///saywho.db``; ``postgresql://…`` uses psycopg 3; a bare path
    is a SQLite file. Raises ``StoreError`` when it cannot be opened or is of a newer schema.
    """
    full = resolve_url(url)
    try:
        sa_url = make_url(full)
    except exc.ArgumentError as error:
        raise UsageError(f"malformed database URL {url!r}: {error}") from None
    shown = sa_url.render_as_string(hide_password=True)
    dumps = lambda value: json.dumps(value, ensure_ascii=False, default=str)  # noqa: E731
    if sa_url.get_backend_name() == "sqlite":
        memory = sa_url.database in (None, "", ":memory:")
        engine = create_engine(sa_url, json_serializer=dumps,
                               connect_args={"check_same_thread": False},
                               poolclass=StaticPool if memory else None)
        _sqlite_events(engine)
    else:
        engine = create_engine(sa_url, json_serializer=dumps, pool_pre_ping=True,
                               connect_args={"connect_timeout": 10})
    store = Store(engine, shown)
    try:
        if migrate:
            store.migrate()
        elif store.schema_version != schema.LATEST_VERSION:
            raise StoreError(f"database {shown} has schema version {store.schema_version}; "
                             f"open it with migrate=True to upgrade to {schema.LATEST_VERSION}")
    except BaseException:
        store.close()
        raise
    return store


def _folded(tallies: tuple[Tally, ...]) -> tuple[Tally, ...]:
    """Name or role tallies without courtesy titles: "Mr Blair" counts as "Blair"."""
    counts: Counter[str] = Counter()
    for t in tallies:
        counts[display_name(t.label)] += t.count
    return tuple(Tally(label, n) for label, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))


def _sqlite_events(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and transactions that begin when we say so."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the "begin" hook below emits BEGIN itself
        cursor = dbapi_conn.cursor()
        # WAL: readers never block the writer; NORMAL sync is crash-safe in WAL mode (a power
        # cut may lose the last commits, never corrupt the file: resume then redoes them).
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        # Writers take the write lock up front, so two writers queue instead of deadlocking.
        write = conn.get_execution_options().get("saywho_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


OUT_OF_RANGE = "a number is out of range: ids, limits and offsets are 64-bit integers"
HAS_NUL = "a value contains a NUL character; remove it"
NOT_TEXT = "a value is not valid text (it holds a lone surrogate, such as \\ud800)"


class Store:
    """A saywho database. Thread-safe; open with ``open_store``; close with ``close()``."""

    def __init__(self, engine: Engine, shown_url: str) -> None:
        self._engine = engine
        self.url = shown_url  # password hidden
        self.dialect = engine.dialect.name  # "sqlite" | "postgresql"
        self._prepared: dict[str, Any] | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tools that need SQL the store does not offer."""
        return self._engine

    @contextmanager
    def _errors(self, doing: str, *, write: bool = False) -> Iterator[None]:
        """Turn database errors into ``StoreError``/``QueryError`` with one readable line."""
        try:
            yield
        except SaywhoError:
            raise
        except OverflowError as error:  # SQLite's driver: an integer beyond 64 bits
            raise QueryError(OUT_OF_RANGE) from error
        except UnicodeEncodeError as error:  # a lone surrogate: no database encoding takes it
            raise (InputError if write else QueryError)(NOT_TEXT) from error
        except exc.DBAPIError as error:
            message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            if "fts5" in message or "tsquery" in message:
                raise QueryError(f"search query not understood ({message}); see "
                                 "'saywho search --help' for the syntax") from error
            if "out of range" in message:
                raise QueryError(OUT_OF_RANGE) from error
            if "NUL (0x00)" in message:  # PostgreSQL text cannot hold it
                raise (InputError if write else QueryError)(HAS_NUL) from error
            raise StoreError(f"{doing} failed on {self.url}: {message}") from error
        except exc.SQLAlchemyError as error:
            orig = getattr(error, "orig", None)
            if isinstance(orig, OverflowError):
                raise QueryError(OUT_OF_RANGE) from error
            if isinstance(orig, UnicodeEncodeError):
                raise (InputError if write else QueryError)(NOT_TEXT) from error
            if isinstance(orig, ValueError) and "NUL" in str(orig):  # PostgreSQL text
                raise (InputError if write else QueryError)(HAS_NUL) from error
            raise StoreError(f"{doing} failed on {self.url}: {error}") from error

    @contextmanager
    def _read(self, doing: str) -> Iterator[Connection]:
        with self._errors(doing), self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self, doing: str) -> Iterator[Connection]:
        with self._errors(doing, write=True), self._engine.connect() as conn:
            conn.execution_options(saywho_write=True)
            with conn.begin():
                yield conn

    # -- schema ----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        with self._read("reading the schema version") as conn:
            return schema.current_version(conn)

    def migrate(self, target: int = schema.LATEST_VERSION) -> list[int]:
        """Apply missing migrations up to ``target`` in one transaction; returns those applied."""
        with self._write("migrating the schema") as conn:
            return schema.migrate(conn, target)

    # -- writing ---------------------------------------------------------------------------

    def article_id(self, key: str | Article) -> int | None:
        """The id of a stored article (given it or its ``article_key``); ``None`` if absent."""
        key = article_key(key) if isinstance(key, Article) else key
        with self._read("looking an article up") as conn:
            return conn.execute(select(articles.c.id).where(articles.c.key == key)).scalar()

    def has_article(self, key: str | Article) -> bool:
        """Whether an article (or its ``article_key``) is stored."""
        return self.article_id(key) is not None

    def stored_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of ``keys`` already stored (one query per 500 keys)."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._read("looking articles up") as conn:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                found.update(conn.execute(select(articles.c.key)
                                          .where(articles.c.key.in_(chunk))).scalars())
        return found

    def add_article(self, article: Article, *, model: str | None = None) -> int | None:
        """Store one extracted article in its own transaction.

        Returns the new article id, or ``None`` when an article with the same key (source URL
        and text) is already stored — then nothing changes. ``model`` records which spaCy
        pipeline produced the attributions.
        """
        with self._write("storing an article") as conn:
            return self._insert_article(conn, article, model)

    def add_articles(self, items: Iterable[Article], *, model: str | None = None,
                     batch_size: int = 1) -> list[int | None]:
        """Store many articles, committing every ``batch_size`` articles; ids as ``add_article``.

        A crash loses at most the batch in flight; everything committed before it stays.
        """
        ids: list[int | None] = []
        batch: list[Article] = []

        def flush() -> None:
            with self._write("storing articles") as conn:
                ids.extend(self._insert_article(conn, a, model) for a in batch)
            batch.clear()

        for article in items:
            batch.append(article)
            if len(batch) >= max(1, batch_size):
                flush()
        if batch:
            flush()
        return ids

    def _statements(self) -> dict[str, Any]:
        """Write statements, built once per store: parameters are bound at execution."""
        if self._prepared is None:
            if self.dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            # ON CONFLICT DO NOTHING: a concurrent writer storing the same article or speaker
            # is not an error; the unique keys decide.
            self._prepared = {
                "article": insert(articles).on_conflict_do_nothing(index_elements=["key"])
                .returning(articles.c.id),
                "attribution": attributions.insert(),
            }
        return self._prepared

    def _insert_article(self, conn: Connection, article: Article, model: str | None) -> int | None:
        if not isinstance(article, Article):
            raise InputError(f"add_article takes an Article, not {type(article).__name__}")
        prepared = self._statements()
        source = article.source
        row = {
            "key": article_key(article), "title": article.title,
            "published": iso_day(article.published), "language": article.language,
            "site": site_of(article), "source_path": source.path, "source_url": source.url,
            "source_line": source.line, "source_offset": source.offset, "source_id": source.id,
            "meta": dict(article.meta or {}), "text": article.text,
            "boilerplate": [b.to_dict() for b in article.boilerplate],
            "n_attributions": len(article.attributions), "model": model,
            "ingested_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        article_id = conn.execute(prepared["article"], row).scalar()
        if article_id is None:
            return None
        said = [said_of(a.speaker) for a in article.attributions]
        speaker_ids = corpus.link_article(conn, said, site=row["site"], day=row["published"],
                                          rules=corpus.load_rules(conn), text=article.text)
        rows = [self._attribution_row(article, article_id, seq, a, speaker_ids[seq])
                for seq, a in enumerate(article.attributions)]
        if rows:
            conn.execute(prepared["attribution"], rows)
            corpus.count_statements(conn, [(r["speaker_id"], r["speaker_type"]) for r in rows
                                           if r["speaker_id"] is not None])
            trail_store.add(conn, article_id)
        return int(article_id)

    def _attribution_row(self, article: Article, article_id: int, seq: int, a: Attribution,
                         speaker_id: int | None) -> dict[str, Any]:
        sp, cue = a.speaker, a.cue
        entity = getattr(sp, "entity", None) if sp else None
        row: dict[str, Any] = {
            "article_id": article_id, "seq": seq, "kind": a.kind,
            "content_start": a.content.start, "content_end": a.content.end,
            "content_text": a.content.text,
            "content_parts": [p.to_dict() for p in a.content.parts] if a.content.parts else None,
            "search_text": folded(a.content.text),
            "speaker_id": speaker_id,
            "speaker_entity": entity,
            "speaker_name": sp.name if sp else None, "speaker_type": sp.type if sp else None,
            "speaker_role": sp.role if sp else None,
            "resolved_by": sp.resolved_by if sp else None,
            "cue_lemma": cue.lemma if cue else None,
            "time_text": a.time.text if a.time else None,
            "time_date": iso_day(a.time.date) if a.time else None,
            "framing_text": a.framing.text if a.framing else None,
            "framing_label": a.framing.label if a.framing else None,
            "confidence": float(a.confidence),
            "said_on": (iso_day(a.time.date) if a.time else None) or iso_day(article.published),
        }
        for prefix, span in (("mention", sp.mention if sp else None), ("cue", cue),
                             ("addressee", a.addressee), ("medium", a.medium)):
            row[f"{prefix}_start"] = span.start if span else None
            row[f"{prefix}_end"] = span.end if span else None
            row[f"{prefix}_text"] = span.text if span else None
        check_row(row, seq)
        return row

    # -- statements ------------------------------------------------------------------------

    def search_statements(self, filters: StatementFilters | None = None, *, limit: int = 20,
                          offset: int = 0, order: Order = "date") -> Page[Statement]:
        """Statements matching ``filters``, newest first (or best match first with
        ``order="relevance"`` and a full-text query), with the total number of matches.

        Raises ``QueryError`` for a malformed full-text query or filter value.
        """
        filters = filters or StatementFilters()
        check_page(limit, offset)
        if order not in ("date", "relevance"):
            raise QueryError(f"order must be 'date' or 'relevance', not {order!r}")
        a = attributions
        with self._read("searching statements") as conn:
            count, _ = filtered(select(func.count()), filters, self.dialect)
            total = conn.execute(count).scalar_one()
            stmt, rank = filtered(select(*statement_columns()), filters, self.dialect)
            keys = [a.c.said_on.desc().nulls_last(), a.c.id]
            if order == "relevance" and rank is not None:
                keys.insert(0, rank)
            rows = conn.execute(stmt.order_by(*keys).limit(limit).offset(offset))
            items = tuple(Statement(**row._mapping) for row in rows)
        return Page(items, total, limit, offset)

    def iter_statements(self, filters: StatementFilters | None = None) -> Iterator[Statement]:
        """Every statement matching ``filters`` in id order, fetched in batches (for exports)."""
        filters = filters or StatementFilters()
        last = 0
        while True:
            with self._read("exporting statements") as conn:
                stmt, _ = filtered(select(*statement_columns()), filters, self.dialect)
                rows = conn.execute(stmt.where(attributions.c.id > last)
                                    .order_by(attributions.c.id).limit(EXPORT_BATCH)).all()
            if not rows:
                return
            for row in rows:
                yield Statement(**row._mapping)
            last = rows[-1].id

    # -- speakers --------------------------------------------------------------------------

    def _summaries(self, conn: Connection, rows: list[Any]) -> tuple[SpeakerSummary, ...]:
        """Summaries for speaker rows (id, name, type, statements), in the same order."""
        a = attributions
        ids = [row.id for row in rows]
        extra = {r.speaker_id: r for r in conn.execute(
            select(a.c.speaker_id, func.count(a.c.article_id.distinct()).label("articles"),
                   func.min(a.c.said_on).label("first"), func.max(a.c.said_on).label("last"))
            .where(a.c.speaker_id.in_(ids)).group_by(a.c.speaker_id))} if ids else {}
        return tuple(SpeakerSummary(row.id, row.name, row.type, row.statements,
                                    extra[row.id].articles if row.id in extra else 0,
                                    extra[row.id].first if row.id in extra else None,
                                    extra[row.id].last if row.id in extra else None,
                                    bool(row.unlinked))
                     for row in rows)

    def speakers(self, *, name: str | None = None, type: str | None = None,
                 unlinked: bool | None = None, limit: int = 50,
                 offset: int = 0) -> Page[SpeakerSummary]:
        """Speakers by number of statements (most first, then first seen); ``name`` matches
        part of the name after normalisation, ``type`` is PERSON, ORG, GPE, NORP or OTHER;
        ``unlinked`` True keeps only the partial names and acronyms that no full name was
        tied to (the ones to review), False only the others."""
        check_page(limit, offset)
        check_text(name, "name")
        check_text(type, "type")
        s = speakers
        conditions = [s.c.statements > 0]
        if name:
            norm = normalise_name(name)
            if not norm:
                raise QueryError(f"speaker name {name!r} has no letters to match")
            conditions.append(s.c.norm_name.like(f"%{_escape_like(norm)}%", escape="\\"))
        if type:
            conditions.append(s.c.type == type.upper())
        if unlinked is not None:
            conditions.append(s.c.unlinked == int(unlinked))
        with self._read("listing speakers") as conn:
            total = conn.execute(select(func.count()).select_from(s).where(*conditions)).scalar_one()
            rows = conn.execute(select(s.c.id, s.c.name, s.c.type, s.c.statements, s.c.unlinked)
                                .where(*conditions).order_by(s.c.statements.desc(), s.c.id)
                                .limit(limit).offset(offset)).all()
            items = self._summaries(conn, rows)
        return Page(items, total, limit, offset)

    def speaker(self, speaker_id: int) -> SpeakerProfile | None:
        """One speaker's profile, or ``None`` when there is no speaker with that id."""
        if not fits(speaker_id):
            return None
        a, r, s = attributions, articles, speakers
        with self._read("reading a speaker") as conn:
            row = conn.execute(select(s.c.id, s.c.name, s.c.type, s.c.statements, s.c.unlinked)
                               .where(s.c.id == speaker_id)).first()
            if row is None:
                return None
            summary = self._summaries(conn, [row])[0]

            def tally(expr: Any, *, by_label: bool = False, join: bool = False) -> tuple:
                stmt = select(expr.label("label"), func.count().label("n"))
                if join:
                    stmt = stmt.select_from(a.join(r, r.c.id == a.c.article_id))
                stmt = stmt.where(a.c.speaker_id == speaker_id, expr.is_not(None)).group_by(expr)
                if by_label:
                    stmt = stmt.order_by(expr)
                else:
                    stmt = stmt.order_by(func.count().desc(), expr).limit(TALLY_LIMIT)
                return tuple(Tally(str(label), n) for label, n in conn.execute(stmt))

            namesakes = tuple(SpeakerRef(n.id, n.name, n.type, n.statements)
                              for n in corpus.namesakes(conn, speaker_id))
            return SpeakerProfile(
                speaker=summary, unlinked=summary.unlinked, namesakes=namesakes,
                by_month=tally(func.substr(a.c.said_on, 1, 7), by_label=True),
                names=_folded(tally(a.c.speaker_name)), roles=_folded(tally(a.c.speaker_role)),
                mediums=tally(a.c.medium_text), addressees=tally(a.c.addressee_text),
                outlets=tally(r.c.site, join=True), cues=tally(a.c.cue_lemma),
                kinds=tally(a.c.kind))

    # -- corrections (store/corpus.py): kept as rules for articles stored later ---------------

    def merge_speakers(self, source: int | str, target: int | str) -> int:
        """Speaker ``source`` (id or name) is ``target``; returns the target's id."""
        with self._write("merging speakers") as conn:
            src, dst = corpus.find_speaker(conn, str(source)), corpus.find_speaker(conn, str(target))
            corpus.merge(conn, src, dst)
            trail_store.rebuild(conn, [src, dst])
            return dst

    def split_speaker(self, speaker: int | str, name: str) -> int:
        """The statements made under ``name`` become their own speaker; returns its id."""
        with self._write("splitting a speaker") as conn:
            sid = corpus.find_speaker(conn, str(speaker))
            new = corpus.split(conn, sid, name)
            trail_store.rebuild(conn, [sid, new])
            return new

    def rename_speaker(self, speaker: int | str, name: str) -> int:
        with self._write("renaming a speaker") as conn:
            sid = corpus.find_speaker(conn, str(speaker))
            corpus.rename(conn, sid, name)
            return sid

    def set_speaker_type(self, speaker: int | str, type: str) -> int:
        with self._write("setting a speaker's type") as conn:
            sid = corpus.find_speaker(conn, str(speaker))
            corpus.set_type(conn, sid, type)
            return sid

    def speaker_rules(self) -> list[corpus.SpeakerRule]:
        """The corrections made so far (merge, split, rename, set-type), by kind and name."""
        with self._read("reading speaker rules") as conn:
            return corpus.list_rules(conn)

    def relink_speakers(self) -> None:
        """Link every stored statement to speakers again from scratch (rules applied);
        speaker ids change."""
        with self._write("relinking speakers") as conn:
            corpus.relink(conn)
            trail_store.rebuild(conn)

    # -- articles --------------------------------------------------------------------------

    _ARTICLE_SUMMARY = (articles.c.id, articles.c.key, articles.c.title, articles.c.published,
                        articles.c.site, articles.c.source_url.label("url"),
                        articles.c.source_path.label("path"), articles.c.language,
                        articles.c.n_attributions.label("statements"), articles.c.ingested_at)

    def articles(self, *, site: str | None = None, since: str | None = None,
                 until: str | None = None, speaker_id: int | None = None, limit: int = 20,
                 offset: int = 0) -> Page[ArticleSummary]:
        """Articles, newest publication first; filters on site, publication dates, speaker."""
        check_page(limit, offset)
        for value, option in ((site, "site"), (since, "since"), (until, "until")):
            check_text(value, option)
        r = articles
        conditions = []
        if speaker_id is not None and not fits(speaker_id):
            conditions.append(false())  # no speaker has such an id
            speaker_id = None
        if site:
            conditions.append(r.c.site == normalise_site(site))
        if since:
            conditions.append(r.c.published >= parse_day(since, end=False, option="since"))
        if until:
            conditions.append(r.c.published <= parse_day(until, end=True, option="until"))
        if speaker_id is not None:
            conditions.append(r.c.id.in_(select(attributions.c.article_id)
                                         .where(attributions.c.speaker_id == speaker_id)))
        with self._read("listing articles") as conn:
            total = conn.execute(select(func.count()).select_from(r).where(*conditions)).scalar_one()
            rows = conn.execute(select(*self._ARTICLE_SUMMARY).where(*conditions)
                                .order_by(r.c.published.desc().nulls_last(), r.c.id.desc())
                                .limit(limit).offset(offset))
            items = tuple(ArticleSummary(**row._mapping) for row in rows)
        return Page(items, total, limit, offset)

    def article(self, article_id: int) -> ArticleRecord | None:
        """One article as a ``saywho.article/1`` record with attribution and speaker ids."""
        if not fits(article_id):
            return None
        records = self._records(articles.c.id == article_id)
        return records[0] if records else None

    def iter_articles(self) -> Iterator[ArticleRecord]:
        """Every stored article in id order, fetched in batches (for full exports)."""
        last = 0
        while True:
            batch = self._records(articles.c.id > last, limit=EXPORT_BATCH // 5)
            if not batch:
                return
            yield from batch
            last = batch[-1].summary.id

    def _records(self, condition: Any, limit: int | None = None) -> list[ArticleRecord]:
        with self._read("reading articles") as conn:
            stmt = select(articles).where(condition).order_by(articles.c.id)
            heads = conn.execute(stmt.limit(limit) if limit else stmt).all()
            if not heads:
                return []
            by_article: dict[int, list[Any]] = {h.id: [] for h in heads}
            for row in conn.execute(select(attributions)
                                    .where(attributions.c.article_id.in_(list(by_article)))
                                    .order_by(attributions.c.article_id, attributions.c.seq)):
                by_article[row.article_id].append(row)
        return [to_record(head, by_article[head.id]) for head in heads]

    def recount_speakers(self) -> None:
        """Recompute the per-speaker statement counters, e.g. after writing attributions with
        SQL of one's own; ``add_article`` keeps them up to date by itself."""
        with self._write("recounting speakers") as conn:
            schema.recount_speakers(conn)

    def counts(self) -> dict[str, int]:
        """Numbers of articles, statements and speakers, and the schema version."""
        with self._read("counting") as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for name, table in (("articles", articles), ("statements", attributions),
                                        ("speakers", speakers))} | {
                "schema_version": schema.current_version(conn)}

    # -- trails ----------------------------------------------------------------------------

    def trail(self, trail_id: int) -> trail_store.Trail | None:
        """One trail with its reports in time order and its variants; ``None`` if absent."""
        with self._read("reading a trail") as conn:
            return trail_store.get(conn, trail_id)

    def trails(self, *, speaker_id: int | None = None, min_reports: int = 2, limit: int = 20,
               offset: int = 0) -> Page[trail_store.TrailSummary]:
        """Trails with at least ``min_reports`` reports, most reported first."""
        check_page(limit, offset)
        with self._read("listing trails") as conn:
            items, total = trail_store.summaries(conn, speaker_id=speaker_id,
                                                 min_reports=min_reports, limit=limit,
                                                 offset=offset)
        return Page(tuple(items), total, limit, offset)

    def search_trails(self, filters: StatementFilters | None = None, *, limit: int = 20,
                      offset: int = 0) -> Page[trail_store.TrailHit]:
        """Statements matching ``filters`` grouped by trail, with the count of matching and
        of all reports of each."""
        check_page(limit, offset)
        with self._read("searching trails") as conn:
            items, total = trail_store.search(conn, filters or StatementFilters(), self.dialect,
                                              limit=limit, offset=offset)
        return Page(tuple(items), total, limit, offset)

    def iter_trails(self, *, min_reports: int = 1) -> Iterator[trail_store.Trail]:
        """Every trail with at least ``min_reports`` reports, in id order (for exports)."""
        with self._read("exporting trails") as conn:
            yield from trail_store.iterate(conn, min_reports=min_reports)
