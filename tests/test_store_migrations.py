"""Schema versions and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, create_engine, inspect, text

from saywho.errors import StoreError
from saywho.store import LATEST_VERSION, StatementFilters, open_store, resolve_url
from saywho.store import schema


def engine_for(url: str):
    return create_engine(resolve_url(url))


def make_v1_database(url: str) -> None:
    """A database as version 1 left it: no ``said_on`` column, one article, two statements."""
    engine = engine_for(url)
    v1 = schema.define_tables(MetaData(), version=1)
    with engine.begin() as conn:
        assert schema.migrate(conn, target=1) == [1]
        article_id = conn.execute(v1["articles"].insert().values(
            key="k" * 64, title="Old", published="2023-05-02", text='"Ship it," Ada Byron said.',
            n_attributions=2, ingested_at="2023-05-02T00:00:00+00:00",
            meta={}, boilerplate=[]).returning(v1["articles"].c.id)).scalar_one()
        speaker_id = conn.execute(v1["speakers"].insert().values(
            key="PERSON:ada byron", name="Ada Byron", norm_name="ada byron",
            type="PERSON").returning(v1["speakers"].c.id)).scalar_one()
        common = dict(article_id=article_id, kind="direct", content_start=1, content_end=9,
                      content_text="Ship it,", speaker_id=speaker_id, confidence=0.8,
                      time_text=None, time_date=None)
        conn.execute(v1["attributions"].insert(), [
            dict(common, seq=0),
            dict(common, seq=1, time_text="last year", time_date="2022-06-01"),
        ])
    engine.dispose()


def test_an_old_database_is_upgraded_on_open(store_url):
    make_v1_database(store_url)
    with open_store(store_url) as store:
        assert store.schema_version == LATEST_VERSION
        said = sorted(s.said_on for s in store.search_statements().items)
        assert said == ["2022-06-01", "2023-05-02"]  # backfilled: time date, else published
        assert store.search_statements(StatementFilters(query="ship")).total == 2
        assert store.search_statements(StatementFilters(since="2023")).total == 1
        assert store.speakers().items[0].statements == 2


def test_refuses_to_open_an_old_database_without_migrating(store_url):
    make_v1_database(store_url)
    with pytest.raises(StoreError, match="schema version 1"):
        open_store(store_url, migrate=False)


def test_migrations_build_exactly_the_declared_schema(store_url):
    with open_store(store_url) as store:
        inspector = inspect(store.engine)
        for table in schema.metadata.sorted_tables:
            declared = {c.name for c in table.columns}
            actual = {c["name"] for c in inspector.get_columns(table.name)}
            assert actual == declared, table.name
            declared_indexes = {i.name for i in table.indexes}
            assert declared_indexes <= {i["name"] for i in inspector.get_indexes(table.name)}


def test_a_failing_migration_changes_nothing(store, monkeypatch):
    def broken(conn):
        conn.execute(text("ALTER TABLE articles ADD COLUMN half_done INTEGER"))
        conn.execute(text("CREATE TABLE half_made (id INTEGER)"))
        raise RuntimeError("migration bug")

    monkeypatch.setitem(schema.MIGRATIONS, LATEST_VERSION + 1, broken)
    monkeypatch.setattr(schema, "LATEST_VERSION", LATEST_VERSION + 1)
    with pytest.raises(RuntimeError, match="migration bug"):
        store.migrate(LATEST_VERSION + 1)
    assert store.schema_version == LATEST_VERSION
    inspector = inspect(store.engine)
    assert "half_done" not in {c["name"] for c in inspector.get_columns("articles")}
    assert not inspector.has_table("half_made")


def test_a_newer_database_is_refused(store_url):
    with open_store(store_url) as store:
        with store.engine.begin() as conn:
            conn.execute(schema.schema_version.insert().values(version=LATEST_VERSION + 5,
                                                               applied_at="later"))
    with pytest.raises(StoreError, match="upgrade saywho"):
        open_store(store_url)


def test_a_foreign_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match="not created by saywho"):
        open_store(url)
