"""The database schema (SQLAlchemy Core, one definition for SQLite and PostgreSQL) and migrations.

A database records its version in ``schema_version`` (one row per applied migration).
``MIGRATIONS`` maps each version to the function that brings the previous version up to it;
``migrate`` applies the missing ones in order inside one transaction, so a failed migration
leaves the database as it was. A fresh database runs every migration from version 1, so new
and upgraded databases take the same path.

Full-text search is the one dialect-specific part: an FTS5 table kept in step by triggers on
SQLite, a GIN expression index over ``to_tsvector('english', content_text)`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    select,
    text,
)

from ..errors import StoreError

LATEST_VERSION = 4
# Text-search configuration on PostgreSQL: English stemming like the SQLite FTS5 tokenizer
# below, and like it no stop words, so "not guilty" stays a two-word phrase on both. Written as
# a literal in queries so that the planner matches the GIN index expression.
PG_TS_CONFIG = "saywho_english"
PG_TSVECTOR = (f"to_tsvector('{PG_TS_CONFIG}'::regconfig, "
               "coalesce(attributions.search_text, attributions.content_text))")
SQLITE_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
# Any constant works: it only has to be the same for every saywho process on the server.
PG_MIGRATION_LOCK = 0x5A7_4110

# Ids are BIGINT on PostgreSQL and INTEGER (the rowid alias) on SQLite.
IdType = BigInteger().with_variant(Integer(), "sqlite")


def define_tables(metadata: MetaData, version: int = LATEST_VERSION) -> dict[str, Table]:
    """The tables as they are at ``version``; each added column says in which version it came."""
    tables: dict[str, Table] = {}
    tables["schema_version"] = Table(
        "schema_version", metadata,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("applied_at", String(40), nullable=False),
    )
    tables["articles"] = Table(
        "articles", metadata,
        Column("id", IdType, primary_key=True),
        Column("key", String(64), nullable=False),  # identity.article_key
        Column("title", Text),
        Column("published", String(10)),  # YYYY-MM-DD
        Column("language", String(16)),
        Column("site", String(255)),  # identity.site_of
        Column("source_path", Text),
        Column("source_url", Text),
        Column("source_line", BigInteger),
        Column("source_offset", BigInteger),
        Column("source_id", Text),
        Column("meta", JSON(none_as_null=True)),
        Column("text", Text, nullable=False),
        Column("boilerplate", JSON(none_as_null=True)),  # [{"start","end","label"}]
        Column("n_attributions", Integer, nullable=False),
        Column("model", String(255)),
        Column("ingested_at", String(40), nullable=False),
        UniqueConstraint("key", name="uq_articles_key"),
        Index("ix_articles_site", "site"),
        Index("ix_articles_published", "published"),
    )
    speaker_columns = [
        Column("id", IdType, primary_key=True),
        Column("key", String(600), nullable=False),  # v1-2: TYPE:normalised name; v3: identity.speaker_key
        Column("name", Text, nullable=False),  # display name: the first name seen
        Column("norm_name", String(590), nullable=False),
        Column("type", String(16), nullable=False),
        UniqueConstraint("key", name="uq_speakers_key"),
        Index("ix_speakers_norm_name", "norm_name"),
    ]
    if version >= 2:
        # Number of statements, kept up to date in the transaction that adds them, so that
        # "most quoted first" reads an index instead of counting every attribution.
        speaker_columns += [Column("statements", Integer, nullable=False, server_default="0"),
                            Index("ix_speakers_statements", "statements")]
    if version >= 3:
        # Corpus identity (store/corpus.py): the key is the normalised name without the type;
        # given name, surname, gender and initials are what partial names link by; unlinked
        # marks a partial name or acronym that no full name could be tied to; *_locked keep
        # a user's rename and set-type through later articles.
        speaker_columns += [
            Column("given", String(100)), Column("surname", String(300)),
            Column("gender", String(1)), Column("acronym", String(16)),
            Column("unlinked", Integer, nullable=False, server_default="0"),
            Column("name_locked", Integer, nullable=False, server_default="0"),
            Column("type_locked", Integer, nullable=False, server_default="0"),
            Index("ix_speakers_surname", "surname"), Index("ix_speakers_acronym", "acronym")]
    tables["speakers"] = Table("speakers", metadata, *speaker_columns)
    if version >= 3:
        # Every name key that links straight to a speaker (its own, merged ones, acronyms).
        tables["speaker_aliases"] = Table(
            "speaker_aliases", metadata,
            Column("key", String(590), primary_key=True),
            Column("speaker_id", IdType, ForeignKey("speakers.id", ondelete="CASCADE"),
                   nullable=False),
            Index("ix_speaker_aliases_speaker", "speaker_id"))
        # A user's corrections, by name key so that they apply to articles stored later and
        # survive a relink: merge (name -> target), split (name stands alone), rename and
        # set-type (name -> value).
        tables["speaker_rules"] = Table(
            "speaker_rules", metadata,
            Column("id", IdType, primary_key=True),
            Column("kind", String(16), nullable=False),
            Column("name", String(590), nullable=False),
            Column("target", String(590)),
            Column("value", Text),
            Column("created_at", String(40), nullable=False),
            UniqueConstraint("kind", "name", name="uq_speaker_rules_kind_name"))
    columns = [
        Column("id", IdType, primary_key=True),
        Column("article_id", IdType, ForeignKey("articles.id", ondelete="CASCADE"),
               nullable=False),
        Column("seq", Integer, nullable=False),  # position in the article's attributions
        Column("kind", String(16), nullable=False),
        Column("content_start", Integer, nullable=False),
        Column("content_end", Integer, nullable=False),
        Column("content_text", Text, nullable=False),
        Column("content_parts", JSON(none_as_null=True)),
        # content_text with accents stripped, only where that changes it: PostgreSQL indexes
        # coalesce(search_text, content_text) so "Sao Paulo" finds "São Paulo" (FTS5 folds
        # accents itself).
        Column("search_text", Text),
        Column("speaker_id", IdType, ForeignKey("speakers.id")),
        Column("mention_start", Integer),
        Column("mention_end", Integer),
        Column("mention_text", Text),
        Column("speaker_name", Text),
        Column("speaker_type", String(16)),
        Column("speaker_role", Text),
        Column("resolved_by", String(16)),
        Column("cue_start", Integer),
        Column("cue_end", Integer),
        Column("cue_text", Text),
        Column("cue_lemma", String(100)),
        Column("addressee_start", Integer),
        Column("addressee_end", Integer),
        Column("addressee_text", Text),
        Column("medium_start", Integer),
        Column("medium_end", Integer),
        Column("medium_text", Text),
        Column("time_text", Text),
        Column("time_date", String(10)),
        Column("framing_text", Text),
        Column("framing_label", String(40)),
        Column("confidence", Float, nullable=False),
        UniqueConstraint("article_id", "seq", name="uq_attributions_article_seq"),
        Index("ix_attributions_speaker", "speaker_id"),
        Index("ix_attributions_cue_lemma", "cue_lemma"),
    ]
    if version >= 2:
        # When it was said: the resolved date of the time phrase, else the publication date.
        columns += [Column("said_on", String(10)),
                    Index("ix_attributions_said_on", "said_on"),
                    Index("ix_attributions_speaker_said_on", "speaker_id", "said_on")]
    if version >= 3:
        # The article-level entity of the speaker: same value, same person within an article.
        columns += [Column("speaker_entity", Integer)]
    if version >= 4:
        # The trail (store/trails.py) the statement belongs to: its reports across articles.
        columns += [Column("trail_id", IdType), Index("ix_attributions_trail", "trail_id")]
    tables["attributions"] = Table("attributions", metadata, *columns)
    if version >= 4:
        # One row per trail, a summary kept up to date as reports join: the fullest quoted
        # version (text, text_id), counts, and the first report. No foreign key to speakers:
        # a relink replaces every speaker and then rebuilds the trails.
        tables["trails"] = Table(
            "trails", metadata,
            Column("id", IdType, primary_key=True),
            Column("speaker_id", IdType),
            Column("text", Text, nullable=False),
            Column("text_id", IdType),  # the attribution holding the fullest version
            Column("reports", Integer, nullable=False),
            Column("articles", Integer, nullable=False),
            Column("sites", Integer, nullable=False),
            Column("variants", Integer, nullable=False),
            Column("first_id", IdType),  # the first report
            Column("first_said", String(10)),
            Column("last_said", String(10)),
            Index("ix_trails_speaker", "speaker_id"),
            Index("ix_trails_reports", "reports"))
        # Candidate look-up keys of quoted statements: MinHash LSH bands and word shingles.
        tables["trail_keys"] = Table(
            "trail_keys", metadata,
            Column("key", String(24), primary_key=True),
            Column("attribution_id", IdType,
                   ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True))
    return tables


metadata = MetaData()
_tables = define_tables(metadata)
schema_version = _tables["schema_version"]
articles = _tables["articles"]
speakers = _tables["speakers"]
attributions = _tables["attributions"]
speaker_aliases = _tables["speaker_aliases"]
speaker_rules = _tables["speaker_rules"]
trails = _tables["trails"]
trail_keys = _tables["trail_keys"]

# SQLite: an external-content FTS5 index over attributions.content_text, kept in step by triggers.
SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE attributions_fts USING fts5(content_text, content='attributions', "
    f"content_rowid='id', tokenize='{SQLITE_FTS_TOKENIZER}')",
    "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
    "INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text); END",
    "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN "
    "INSERT INTO attributions_fts(attributions_fts, rowid, content_text) "
    "VALUES ('delete', old.id, old.content_text); END",
    "CREATE TRIGGER attributions_fts_update AFTER UPDATE OF content_text ON attributions BEGIN "
    "INSERT INTO attributions_fts(attributions_fts, rowid, content_text) "
    "VALUES ('delete', old.id, old.content_text); "
    "INSERT INTO attributions_fts(rowid, content_text) VALUES (new.id, new.content_text); END",
)
POSTGRES_FTS_DDL = (
    # The snowball English stemmer without a StopWords file: it stems but keeps every word.
    "CREATE TEXT SEARCH DICTIONARY saywho_english_stem (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {PG_TS_CONFIG} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {PG_TS_CONFIG} ALTER MAPPING FOR asciiword, asciihword, "
    "hword_asciipart, word, hword, hword_part WITH saywho_english_stem",
    "CREATE INDEX ix_attributions_fts ON attributions USING GIN "
    f"(to_tsvector('{PG_TS_CONFIG}'::regconfig, coalesce(search_text, content_text)))",
)


def _migrate_to_1(conn: Connection) -> None:
    """The first layout: articles, speakers, attributions and their full-text index."""
    v1 = MetaData()
    define_tables(v1, version=1)
    v1.create_all(conn)
    ddl = SQLITE_FTS_DDL if conn.dialect.name == "sqlite" else POSTGRES_FTS_DDL
    for statement in ddl:
        conn.exec_driver_sql(statement)


def _migrate_to_2(conn: Connection) -> None:
    """Add ``attributions.said_on`` (time phrase date, else publication date) for date filters
    and the ``speakers.statements`` counter, both backfilled, with their indexes."""
    conn.exec_driver_sql("ALTER TABLE attributions ADD COLUMN said_on VARCHAR(10)")
    conn.execute(text(
        "UPDATE attributions SET said_on = COALESCE(time_date, "
        "(SELECT published FROM articles WHERE articles.id = attributions.article_id))"))
    conn.exec_driver_sql("ALTER TABLE speakers ADD COLUMN statements INTEGER NOT NULL DEFAULT 0")
    recount_speakers(conn)
    for index in (*attributions.indexes, *speakers.indexes):
        if index.name in ("ix_attributions_said_on", "ix_attributions_speaker_said_on",
                          "ix_speakers_statements"):
            index.create(conn)


def _migrate_to_3(conn: Connection) -> None:
    """Corpus identity: speaker name parts, aliases and rules, ``attributions.speaker_entity``;
    the speakers are then linked again from the stored attributions (``corpus.relink``), so
    that "Blair" and "Tony Blair", "Tories" and "Conservatives" become one speaker."""
    from .corpus import relink

    v3 = MetaData()
    tables = define_tables(v3, version=3)
    for name, type_ in (("given", "VARCHAR(100)"), ("surname", "VARCHAR(300)"),
                        ("gender", "VARCHAR(1)"), ("acronym", "VARCHAR(16)")):
        conn.exec_driver_sql(f"ALTER TABLE speakers ADD COLUMN {name} {type_}")
    for name in ("unlinked", "name_locked", "type_locked"):
        conn.exec_driver_sql(f"ALTER TABLE speakers ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("ALTER TABLE attributions ADD COLUMN speaker_entity INTEGER")
    for index in tables["speakers"].indexes:
        if index.name in ("ix_speakers_surname", "ix_speakers_acronym"):
            index.create(conn)
    tables["speaker_aliases"].create(conn)
    tables["speaker_rules"].create(conn)
    # Relinking reads the names the articles gave; a row written without one keeps its
    # speaker's.
    conn.execute(text(
        "UPDATE attributions SET speaker_name = (SELECT name FROM speakers WHERE speakers.id = "
        "attributions.speaker_id), speaker_type = COALESCE(speaker_type, (SELECT type FROM "
        "speakers WHERE speakers.id = attributions.speaker_id)) "
        "WHERE speaker_name IS NULL AND speaker_id IS NOT NULL"))
    relink(conn)


def _migrate_to_4(conn: Connection) -> None:
    """Trails: ``attributions.trail_id``, the ``trails`` and ``trail_keys`` tables, filled
    from the stored statements (``trails.rebuild``)."""
    from .trails import rebuild

    v4 = MetaData()
    tables = define_tables(v4, version=4)
    conn.exec_driver_sql("ALTER TABLE attributions ADD COLUMN trail_id "
                         + ("INTEGER" if conn.dialect.name == "sqlite" else "BIGINT"))
    for index in tables["attributions"].indexes:
        if index.name == "ix_attributions_trail":
            index.create(conn)
    tables["trails"].create(conn)
    tables["trail_keys"].create(conn)
    rebuild(conn)


def recount_speakers(conn: Connection) -> None:
    """Recompute every ``speakers.statements`` counter from the attributions."""
    conn.execute(text(
        "UPDATE speakers SET statements = "
        "(SELECT count(*) FROM attributions WHERE attributions.speaker_id = speakers.id)"))


# version -> function bringing version - 1 up to it; applied in order, never edited once shipped.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
    3: _migrate_to_3,
    4: _migrate_to_4,
}


def current_version(conn: Connection) -> int:
    """The schema version of the database; 0 for an empty one."""
    if not inspect(conn).has_table("schema_version"):
        if inspect(conn).has_table("articles"):
            raise StoreError("the database has an 'articles' table but no schema_version table: "
                             "it was not created by saywho; use another database")
        return 0
    return conn.execute(select(schema_version.c.version).order_by(
        schema_version.c.version.desc()).limit(1)).scalar() or 0


def migrate(conn: Connection, target: int = LATEST_VERSION) -> list[int]:
    """Bring the schema up to ``target`` inside the caller's transaction; returns versions applied.

    On PostgreSQL an advisory lock makes concurrent openers wait for one another; on SQLite the
    caller's ``BEGIN IMMEDIATE`` already serialises writers.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise StoreError(f"the database has schema version {version}, newer than this saywho "
                         f"understands ({LATEST_VERSION}); upgrade saywho to use it")
    applied = []
    for step in range(version + 1, target + 1):
        MIGRATIONS[step](conn)
        conn.execute(schema_version.insert().values(
            version=step, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        applied.append(step)
    return applied
