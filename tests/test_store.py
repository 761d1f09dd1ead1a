"""The store API, run on SQLite and on a real PostgreSQL server (``store_url`` fixture)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saywho.errors import QueryError, StoreError, UsageError
from saywho.records import Boilerplate, Content, Span
from saywho.store import LATEST_VERSION, StatementFilters, article_key, open_store


def texts(page) -> list[str]:
    return sorted(s.text for s in page.items)


def test_adding_the_same_article_again_changes_nothing(store, news):
    first = [store.add_article(a) for a in news]
    assert all(isinstance(i, int) for i in first)
    before = store.counts()
    assert before["articles"] == 4 and before["statements"] == 7

    assert [store.add_article(a) for a in news] == [None] * 4
    assert store.add_articles([news[0], news[0]], batch_size=2) == [None, None]
    assert store.counts() == before
    assert store.has_article(news[2]) and store.has_article(article_key(news[2]))


def test_same_text_from_another_url_is_another_article(store, news):
    store.add_article(news[0])
    moved = replace(news[0], source=replace(news[0].source, url="https://mirror.example.net/r"))
    assert store.add_article(moved) is not None
    assert store.counts()["articles"] == 2


def test_article_round_trips_as_a_record(store, news):
    text = news[0].text
    original = replace(
        news[0],
        boilerplate=(Boilerplate(0, 5, "appeal"),),
        meta={"site": "news.example.org", "authors": ["A. Writer"]},
        attributions=(replace(news[0].attributions[0], content=Content(
            1, 49, text[1:49], (Span(1, 20, text[1:20]), Span(25, 49, text[25:49])))),
            *news[0].attributions[1:]),
    )
    article_id = store.add_article(original, model="test-model")
    record = store.article(article_id)
    assert record.article.to_dict() == original.to_dict()
    assert record.summary.site == "news.example.org"
    assert record.summary.statements == 2
    speaker_ids = set(record.speaker_ids)
    assert len(speaker_ids) == 1 and None not in speaker_ids  # both by Tomas Varga
    assert store.article(article_id + 1000) is None


def test_search_filters(store, news):
    store.add_articles(news, batch_size=2)
    search = store.search_statements

    assert search().total == 7
    by_varga = search(StatementFilters(speaker="varga"))
    assert by_varga.total == 3
    assert {s.speaker for s in by_varga.items} == {"Tomas Varga"}
    assert search(StatementFilters(speaker="TOMÁS VARGA")).total == 3
    assert texts(search(StatementFilters(kind="mixed"))) == ["price rises are not over"]
    # A cue filter matches the word as written or its lemma.
    assert search(StatementFilters(cue="said")).total == 4
    assert search(StatementFilters(cue="Told")).total == 1
    assert texts(search(StatementFilters(cue="tell"))) == ["inflation was falling"]
    assert search(StatementFilters(since="2024-04", until="2024-04-30")).total == 4
    assert search(StatementFilters(since="2025")).total == 1
    # The time phrase's date wins over the publication date.
    assert search(StatementFilters(until="2024-03-05")).items[0].said_on == "2024-03-05"
    assert search(StatementFilters(site="www.daily.example.com")).total == 4
    assert search(StatementFilters(site="daily.example.com", speaker="lopes")).total == 2
    assert texts(search(StatementFilters(medium="telegram"))) == ["price rises are not over"]
    assert search(StatementFilters(speaker="nobody at all")).total == 0


def test_results_are_paginated_with_totals_newest_first(store, news):
    store.add_articles(news)
    seen = []
    for offset in range(0, 7, 3):
        page = store.search_statements(limit=3, offset=offset)
        assert page.total == 7 and page.limit == 3 and page.offset == offset
        seen += [s.id for s in page.items]
    assert len(seen) == len(set(seen)) == 7
    dates = [s.said_on for s in store.search_statements(limit=7).items]
    assert dates == sorted(dates, reverse=True)
    assert not store.search_statements(limit=3, offset=6).has_more
    with pytest.raises(QueryError, match="limit"):
        store.search_statements(limit=0)


def test_words_phrases_prefixes_or_and_exclusion(store, news):
    store.add_articles(news)

    def find(query: str) -> list[str]:
        return texts(store.search_statements(StatementFilters(query=query)))

    rates = "Interest rates will stay where they are for now,"
    talks = "interest in the talks was growing"
    assert find("interest") == sorted([rates, talks])
    assert find('"interest rates"') == [rates]
    assert find("INTEREST -talks") == [rates]
    assert find("strik*") == ["the strike would continue"]
    assert find("grow") == [talks]  # stemmed: "growing"
    assert find("inflation OR union") == ["The union stands together,", "inflation was falling"]
    assert find("price ris*") == ["price rises are not over"]
    assert find('"port listen*"') == ["We are not going back to work until the port listens,"]
    assert find("zebra") == []
    ranked = store.search_statements(StatementFilters(query="union OR talks"), order="relevance")
    assert ranked.total == 2


@pytest.mark.parametrize("query, hint", [
    ('"interest rates', "unbalanced"),
    ("OR rates", "OR needs a term"),
    ("rates OR", "OR needs a term"),
    ("-rates", "at least one term"),
    ("ra*tes", "must end a word"),
    ("*", "on its own"),
    ("r*", "too short"),
    ('""', "empty phrase"),
    ("?!", "no letters"),
])
def test_malformed_query_is_a_query_error(store, news, query, hint):
    store.add_article(news[0])
    with pytest.raises(QueryError, match=hint):
        store.search_statements(StatementFilters(query=query))


@pytest.mark.parametrize("hostile, plain", [
    ("'); DROP TABLE articles; --", "DROP TABLE articles"), ('rates OR 1=1 --', "rates"),
    ("NEAR(rates interest)", "NEAR rates interest"), ("rates:*", "rates"),
    ("content_text:rates", "content_text rates"), ("interest & !rates", "interest rates"),
    ("^rates", "rates"),
])
def test_query_syntax_of_the_database_is_only_ever_text(store, news, hostile, plain):
    store.add_articles(news)
    page = store.search_statements(StatementFilters(query=hostile))
    assert page.total == store.search_statements(StatementFilters(query=plain)).total
    assert store.counts()["articles"] == 4


def test_bad_filter_values(store):
    with pytest.raises(QueryError, match="not a date"):
        store.search_statements(StatementFilters(since="last week"))
    with pytest.raises(QueryError, match="kind must be"):
        store.search_statements(StatementFilters(kind="rumour"))


def test_speakers_are_merged_across_articles(store, news):
    store.add_articles(news)
    page = store.speakers()
    assert page.total == 3
    top = page.items[0]
    assert (top.name, top.type, top.statements, top.articles) == ("Tomas Varga", "PERSON", 3, 2)
    union = store.speakers(name="harbour workers").items
    assert [(s.type, s.statements, s.articles) for s in union] == [("ORG", 2, 2)]
    assert store.speakers(type="ORG").total == 1

    profile = store.speaker(top.id)
    assert [(t.label, t.count) for t in profile.by_month] == [("2024-03", 2), ("2024-04", 1)]
    assert {t.label for t in profile.names} == {"Tomas Varga", "Tomás Varga"}
    assert [t.label for t in profile.roles] == ["central bank governor"]
    assert [t.label for t in profile.mediums] == ["Telegram"]
    assert [t.label for t in profile.addressees] == ["reporters"]
    assert {(t.label, t.count) for t in profile.outlets} == {("news.example.org", 2),
                                                           ("daily.example.com", 1)}
    assert profile.speaker.first_said == "2024-03-05"
    assert store.speaker(10_000) is None
    by_id = store.search_statements(StatementFilters(speaker_id=top.id))
    assert by_id.total == 3


def test_articles_listing(store, news):
    store.add_articles(news)
    page = store.articles(limit=2)
    assert page.total == 4 and [a.title for a in page.items] == ["Talks", "Dockers"]
    assert store.articles(site="daily.example.com").total == 2
    assert store.articles(since="2024-04-11").total == 2
    varga = store.speakers(name="varga").items[0].id
    assert {a.title for a in store.articles(speaker_id=varga).items} == {"Rates on hold",
                                                                          "Strike goes on"}
    assert [r.summary.title for r in store.iter_articles()] == [a.title for a in news]


def test_schema_is_at_the_latest_version(store):
    assert store.schema_version == LATEST_VERSION
    assert store.migrate() == []


def test_open_rejects_bad_urls(tmp_path):
    with pytest.raises(UsageError, match="unsupported database URL"):
        open_store("mysql://somewhere/db")
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_an_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="failed on postgresql") as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(info.value)  # the password is never shown


def test_a_bare_path_is_a_sqlite_file(tmp_path, news):
    path = tmp_path / "plain.db"
    with open_store(str(path)) as store:
        store.add_article(news[0])
    with open_store(f"sqlite:///{path}") as store:
        assert store.counts()["articles"] == 1


def test_short_common_words_are_searchable_and_phrases_keep_them(store, news):
    store.add_articles(news)

    def total(query: str) -> int:
        return store.search_statements(StatementFilters(query=query)).total

    assert total("the") == 4
    assert total('"are not"') == 2
    assert total('"not going"') == 1
    assert total("interest -the") == 1


def test_full_text_search_uses_the_index(store, news):
    from sqlalchemy import select

    from saywho.store.search import filtered, statement_columns

    store.add_articles(news)
    stmt, _ = filtered(select(*statement_columns()),
                       StatementFilters(query="union", speaker="harbour"), store.dialect)
    with store.engine.connect() as conn:
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        if store.dialect == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")  # tiny tables: force the choice
            plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql))
            assert "ix_attributions_fts" in plan
        else:
            plan = "\n".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "attributions_fts VIRTUAL TABLE INDEX" in plan


def test_accents_are_ignored_on_both_sides(store, make_article):
    store.add_article(make_article(
        '"São Paulo will host the summit," the mayor said.',
        {"says": "São Paulo will host the summit,", "by": "the mayor", "cue": "said"}))
    for query in ("sao paulo", '"São Paulo"', "SAO", "paul*"):
        assert store.search_statements(StatementFilters(query=query)).total == 1, query


def test_a_malformed_attribution_is_refused_whole(store, news):
    from saywho.errors import InputError

    bad_speaker = replace(news[0].attributions[0].speaker, role={"governor"})
    bad = replace(news[0], attributions=(
        news[0].attributions[1], replace(news[0].attributions[0], speaker=bad_speaker)))
    with pytest.raises(InputError, match="attribution 1: speaker_role is a set"):
        store.add_article(bad)
    assert store.counts()["articles"] == 0 and store.counts()["statements"] == 0
