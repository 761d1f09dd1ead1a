"""The full-text query language: parsing, rendering, highlighting, and arbitrary input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saywho.errors import QueryError
from saywho.store import StatementFilters, highlight_ranges, parse_query
from saywho.store.search import to_fts5, to_tsquery


@pytest.mark.parametrize("raw, fts5, tsquery", [
    ("Minister", '"minister"', "'minister'"),
    ('"interest rates" elect*', '"interest rates" AND "elect"*',
     "('interest' <-> 'rates') & 'elect':*"),
    ("a OR b c", '("a" OR "b") AND "c"', "('a' | 'b') & 'c'"),
    ('tax -"income tax"', '("tax") NOT "income tax"', "'tax' & !('income' <-> 'tax')"),
    ("U.S. cease-fire", '"u s" AND "cease fire"', "('u' <-> 's') & ('cease' <-> 'fire')"),
    ('"prime minis*"', '"prime minis"*', "('prime' <-> 'minis':*)"),
    ("Zürich AND x", '"zurich" AND "x"', "'zurich' & 'x'"),
])
def test_rendering(raw, fts5, tsquery):
    query = parse_query(raw)
    assert (to_fts5(query), to_tsquery(query)) == (fts5, tsquery)


def test_empty_query_means_no_text_condition():
    assert parse_query("") is None and parse_query("   ") is None


def test_too_long_or_too_many_terms():
    with pytest.raises(QueryError, match="characters long"):
        parse_query("word " * 300)
    with pytest.raises(QueryError, match="too many terms"):
        parse_query(" ".join(f"w{i}" for i in range(40)))


def test_highlight_ranges():
    text = 'Prices are rising, the Governor warned: "prices rise and fall."'
    assert highlight_ranges(text, "price* warn") == [(0, 6), (32, 38), (41, 47)]
    assert highlight_ranges(text, '"rise and"') == [(48, 56)]
    assert highlight_ranges(text, None) == []


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.sampled_from('ab é"*-() OR:^&|!\'\\%_;'), max_size=30))
def test_any_input_is_a_result_or_a_query_error(store, news, raw):
    # Whatever a person types, the database answers or QueryError explains: never a raw error.
    store.add_articles(news)  # the first example stores them, the others find them stored
    try:
        page = store.search_statements(StatementFilters(query=raw), limit=5)
    except QueryError as error:
        assert str(error)
    else:
        assert len(page.items) == min(page.total, 5)
