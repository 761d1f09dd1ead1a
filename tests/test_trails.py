"""Trails: one statement reported by several outlets, kept apart from other statements.

The articles are written here: three outlets report one statement by a minister (one quotes it
exactly, one an excerpt, one misquotes a word), and the same minister makes a second, different
statement on the same day.
"""

from __future__ import annotations

import itertools
import random

import pytest

from saywho import trails as core
from saywho.store import trails as trail_store

FULL = ("We will not raise the fuel duty this year, whatever the pressure from the Treasury "
        "and the markets")
EXCERPT = "whatever the pressure from the Treasury"
MISQUOTE = ("We will never raise the fuel duty this year, whatever the pressure from the "
            "Treasury and the markets")
OTHER = "We will build forty new hospitals in the north before the next election"
INDIRECT = "the government would not raise fuel duty this year despite Treasury pressure"


def reports():
    return [core.Report(1, "minister", "direct", FULL + ".", "2024-05-02"),
            core.Report(2, "minister", "direct", EXCERPT, "2024-05-02"),
            core.Report(3, "minister", "direct", MISQUOTE + ".", "2024-05-03"),
            core.Report(4, "minister", "direct", OTHER, "2024-05-02"),
            core.Report(5, "minister", "indirect", INDIRECT, "2024-05-03"),
            core.Report(6, "someone else", "direct", FULL, "2024-05-02")]


def test_one_statement_three_ways_and_another_stays_apart():
    assert core.cluster(reports()) == ((1, 2, 3, 5), (4,), (6,))


def test_clustering_does_not_depend_on_order():
    rs = reports()
    for order in itertools.permutations(range(len(rs))):
        shuffled = [rs[i] for i in order]
        assert core.cluster(shuffled) == ((1, 2, 3, 5), (4,), (6,))


def test_short_words_join_only_when_equal():
    rs = [core.Report(1, "x", "direct", "Never."), core.Report(2, "x", "direct", "never"),
          core.Report(3, "x", "direct", "never again"),
          core.Report(4, "x", "direct", "a good day")]
    assert core.cluster(rs) == ((1, 2), (3,), (4,))


def test_indirect_report_outside_the_window_or_of_other_words_stays_alone():
    rs = [core.Report(1, "x", "direct", FULL, "2024-05-02"),
          core.Report(2, "x", "indirect", INDIRECT, "2024-05-20"),
          core.Report(3, "x", "indirect", "the hospitals would be built in the north",
                      "2024-05-02")]
    assert core.cluster(rs) == ((1,), (2,), (3,))


WINTER = ("Our hospitals coped this winter because staff worked extraordinary hours. I want "
          "to thank every porter, cleaner and doctor. Next year the budget rises by three per "
          "cent, and that money goes first to mental health services and to training nurses.")


def test_indirect_report_joins_the_passage_it_restates_not_the_subject():
    rs = [core.Report(1, "secretary", "direct", WINTER, "2024-03-01"),
          # another point the same day: its words are strewn over the whole quote
          core.Report(2, "secretary", "indirect",
                      "hospitals would need more nurses next winter", "2024-03-01"),
          # the third sentence, restated
          core.Report(3, "secretary", "indirect",
                      "the budget would rise by three per cent next year, with mental health "
                      "services first", "2024-03-01")]
    sk = [core.sketch(r.text) for r in rs]
    assert len(sk[1].content & sk[0].content) / len(sk[1].content) >= core.INDIRECT_OVERLAP
    assert core.cluster(rs) == ((1, 3), (2,))


def test_common_words_scattered_in_a_long_quote_are_not_a_match():
    long = ("We will look at every option, and I will not pretend that raising taxes is easy, "
            "but the fuel markets are volatile and duty is one lever among many this year")
    assert core.coverage(core.words("we will not raise fuel duty"), core.words(long)) < 0.75


def test_fullest_version_and_word_diff():
    rs = reports()[:3]
    assert core.fullest(rs).key == 1
    segments = core.diff(MISQUOTE, FULL)
    changed = [s for s in segments if s.op != "equal"]
    assert [(s.op, s.text, s.full) for s in changed] == [("replace", "never", "not")]
    assert not core.is_variant(core.diff(EXCERPT, FULL))  # an exact excerpt is no variant
    assert not core.is_variant(core.diff(FULL.upper() + "!", FULL))  # case and punctuation
    left_out = core.diff("We will not raise the duty this year", FULL)
    assert [(s.op, s.full) for s in left_out if s.op != "equal"] == [("delete", "fuel")]


def test_split_quote_text_is_its_parts():
    assert core.report_text('"A," he said. "B"', [{"text": "A,"}, {"text": "B"}]) == "A, B"


def test_minhash_is_the_modular_formula_exactly():
    prime = (1 << 61) - 1
    rng = random.Random(15)
    for n in (1, 2, 7, 40):
        shingles = {rng.getrandbits(64) for _ in range(n)}
        shingles |= {0, 1, prime - 1, prime, prime + 1, (1 << 64) - 1} if n == 40 else set()
        assert core.minhash(shingles) == [min((a * x + b) % prime for x in shingles)
                                          for a, b in core._PERMS]


def test_tokens_fold_case_accents_and_punctuation():
    assert core.words("Don't, SAID_it: 4% \"Café\" naïve — ok") == (
        "dont", "saidit", "4", "cafe", "naive", "ok")


# -- the store ---------------------------------------------------------------------------------

@pytest.fixture
def outlets(make_article):
    """Four articles on two days from three outlets; the minister's words as each printed them."""

    def art(site, day, body, *specs):
        return make_article(body, *specs, published=day, site=site,
                            url=f"https://{site}/{day}/{abs(hash(body)) % 10**6}")

    def said(says, kind="direct"):
        return {"says": says, "by": "Maria Castell", "role": "finance minister",
                "cue": "said", "lemma": "say", "kind": kind, "cue_after": kind != "indirect"}

    return [
        art("first.example.com", "2024-05-02",
            f'"{FULL}," finance minister Maria Castell said on Thursday. "{OTHER}," '
            "Maria Castell said.", said(FULL), said(OTHER)),
        art("second.example.net", "2024-05-02",
            f'Maria Castell said the choice was clear: "{EXCERPT}", she said.', said(EXCERPT)),
        art("third.example.org", "2024-05-03",
            f'"{MISQUOTE}," Maria Castell said.', said(MISQUOTE)),
        art("fourth.example.org", "2024-05-03",
            f"Maria Castell said {INDIRECT}.", said(INDIRECT, "indirect")),
    ]


def _trails(store):
    with store.engine.connect() as conn:
        return sorted(sorted(r.id for r in t.reports) for t in trail_store.iterate(conn))


def test_store_builds_the_same_trails_whatever_the_order(store, outlets):
    for article in reversed(outlets):
        store.add_article(article)
    with store.engine.connect() as conn:
        found = list(trail_store.iterate(conn))
    big = max(found, key=lambda t: t.summary.reports)
    assert big.summary.reports == 4 and big.summary.sites == 4
    assert big.summary.text == FULL
    assert big.summary.first_said == "2024-05-02" and big.summary.last_said == "2024-05-03"
    assert big.first.site in ("first.example.com", "second.example.net")
    assert [(s.op, s.text, s.full) for v in big.variants for s in v.diff
            if s.op != "equal"] == [("replace", "never", "not")]
    assert big.variants[0].sites == ("third.example.org",)
    assert len(found) == 2 and {t.summary.reports for t in found} == {4, 1}
    # Clustering everything at once agrees with placing article by article.
    before = _trails(store)
    with store.engine.begin() as conn:
        trail_store.rebuild(conn)
    assert _trails(store) == before


def test_merging_speakers_joins_their_trails(store, make_article):
    text1 = f'"{FULL}," Ana Ruiz said.'
    text2 = f'"{MISQUOTE}," the minister, Ana Ruiz-Vidal, said.'
    store.add_article(make_article(text1, {"says": FULL, "by": "Ana Ruiz", "cue": "said"},
                                   published="2024-05-02", url="https://a.example.com/1"))
    store.add_article(make_article(text2, {"says": MISQUOTE, "by": "Ana Ruiz-Vidal",
                                           "cue": "said"},
                                   published="2024-05-02", url="https://b.example.com/1"))
    assert _trails(store) == [[1], [2]]
    ids = {s.name: s.id for s in store.speakers().items}
    store.merge_speakers(ids["Ana Ruiz"], ids["Ana Ruiz-Vidal"])
    assert _trails(store) == [[1, 2]]


def test_placing_one_article_merges_trails_and_reuses_nothing_stale(store, make_article):
    """Within one article a quote joins two trails (the newer one is deleted, and SQLite may
    hand its id to the next new trail); the statements after it still go to the right trail."""
    both = f"{FULL} and {OTHER}"
    fresh = "Nobody in this government has ever asked me about the harbour tunnel plan"

    def said(says):
        return {"says": says, "by": "Maria Castell", "cue": "said"}

    store.add_article(make_article(f'"{FULL}," Maria Castell said.', said(FULL),
                                   published="2024-05-02", url="https://a.example.com/1"))
    quotes = (OTHER, both, fresh, fresh + " at all", OTHER)
    body = " ".join(f'"{q}," Maria Castell said.' for q in quotes)
    store.add_article(make_article(body, *map(said, quotes), published="2024-05-02",
                                   url="https://b.example.com/1"))
    assert _trails(store) == [[1, 2, 3, 6], [4, 5]]
    with store.engine.connect() as conn:  # PostgreSQL's sequence never hands an id out twice
        assert [t.summary.id for t in trail_store.iterate(conn)] == (
            [1, 2] if store.dialect == "sqlite" else [1, 3])
    with store.engine.begin() as conn:
        trail_store.rebuild(conn)
    assert _trails(store) == [[1, 2, 3, 6], [4, 5]]


# -- API, pages, export ------------------------------------------------------------------------

@pytest.fixture
def served(store_url, outlets):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from saywho.store import open_store
    from saywho.web import create_app

    with open_store(store_url) as store:
        for article in outlets:
            store.add_article(article)
    with TestClient(create_app(store_url)) as client:
        yield client


def test_api_lists_shows_and_groups_trails(served):
    listed = served.get("/api/trails").json()
    assert listed["total"] == 1 and listed["items"][0]["reports"] == 4
    tid = listed["items"][0]["id"]
    trail = served.get(f"/api/trails/{tid}").json()
    assert trail["text"] == FULL and trail["sites"] == 4 and trail["days"] == 1
    assert [r["said_on"] or r["published"] for r in trail["reports"]] == sorted(
        r["said_on"] or r["published"] for r in trail["reports"])
    assert trail["reports"][0]["url"].startswith("https://")
    assert [s for s in trail["variants"][0]["diff"] if s["op"] != "equal"] == [
        {"op": "replace", "text": "never", "full": "not"}]
    grouped = served.get("/api/trails/search", params={"q": "fuel"}).json()
    assert [(h["id"], h["matches"], h["reports"]) for h in grouped["items"]] == [(tid, 3, 4)]
    assert served.get("/api/trails/999999").status_code == 404


def test_trail_page_shows_first_report_variants_and_timeline(served):
    tid = served.get("/api/trails").json()["items"][0]["id"]
    page = served.get(f"/trails/{tid}")
    assert page.status_code == 200
    assert "First report" in page.text and "<del>not</del><ins>never</ins>" in page.text
    assert page.text.count('<li class="trail-report') == 4
    listing = served.get("/trails")
    assert f'href="/trails/{tid}"' in listing.text
    assert served.get("/trails/999999").status_code == 404


def test_search_page_groups_matches_by_trail(served):
    import re

    tid = served.get("/api/trails").json()["items"][0]["id"]
    page = served.get("/", params={"q": "fuel OR hospitals"}).text
    rows = re.findall(r'<article class="stmt trail-hit" id="t-(\d+)" data-reports="(\d+)"', page)
    assert rows[0] == (str(tid), "4") and len(rows) == 2 and rows[1][1] == "1"
    assert "1–2 of 2 trails" in page
    assert f'<a class="trail-link" href="/trails/{tid}">' in page
    assert "4 reports (3 matching)" in page  # the excerpt does not say "fuel"
    assert "We will not raise the <mark>fuel</mark> duty" in page  # the fullest version
    speaker_facet = re.search(r'data-facet="speaker">.*?</section>', page, re.S).group(0)
    assert re.findall(r'tally-count">(\d+)<', speaker_facet) == ["2"]  # trails, not statements
    every = served.get("/", params={"q": "fuel OR hospitals", "by": "statement"}).text
    assert "1–4 of 4 statements" in every and every.count('class="stmt-link"') == 4
    speaker_facet = re.search(r'data-facet="speaker">.*?</section>', every, re.S).group(0)
    assert re.findall(r'tally-count">(\d+)<', speaker_facet) == ["4"]
    assert 'href="/?q=fuel+OR+hospitals"' in every  # back to the grouped view


def test_search_command_groups_by_trail_unless_asked_for_statements(store_url, outlets,
                                                                     capsys):
    import csv
    import io
    import json

    from saywho.cli import main
    from saywho.store import open_store

    with open_store(store_url) as store:
        for article in outlets:
            store.add_article(article)
    assert main(["search", "fuel", "--db", store_url]) == 0
    out, err = capsys.readouterr()
    table = out.splitlines()
    assert table[0].split() == ["trail", "first", "said", "speaker", "reports", "outlets",
                                "statement"]
    assert len(table) == 2 and "3 of 4" in table[1] and FULL[:30] in table[1]
    assert "1-1 of 1 trails" in err
    assert main(["search", "fuel", "--db", store_url, "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(h["text"], h["reports"], h["matches"], h["sites"]) for h in found["items"]] == [
        (FULL, 4, 3, 4)]
    assert main(["search", "fuel", "--db", store_url, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["reports"], r["matches"]) for r in rows] == [
        (str(found["items"][0]["id"]), "4", "3")]
    assert main(["search", "fuel", "--by", "statement", "--db", store_url,
                 "--format", "json"]) == 0
    statements = json.loads(capsys.readouterr().out)
    assert statements["total"] == 3 and {s["site"] for s in statements["items"]} == {
        "first.example.com", "third.example.org", "fourth.example.org"}
    assert main(["search", "fuel", "--order", "relevance", "--db", store_url]) == 2
    assert "--by statement" in capsys.readouterr().err


def test_export_trails_jsonl(store_url, outlets, tmp_path, capsys):
    import json

    from saywho.cli import main
    from saywho.store import open_store

    with open_store(store_url) as store:
        for article in outlets:
            store.add_article(article)
    out = tmp_path / "trails.jsonl"
    assert main(["export", "--trails", "--format", "jsonl", "--min-reports", "2",
                 "--db", store_url, "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["speaker"] == "Maria Castell"
    assert {r["site"] for r in lines[0]["reports"]} == {
        "first.example.com", "second.example.net", "third.example.org", "fourth.example.org"}
    assert all(r["url"] and r["said_on"] for r in lines[0]["reports"])
    assert len(lines[0]["variants"]) == 1
    assert main(["export", "--trails", "--format", "csv", "--db", store_url]) == 2
    assert "--trails writes every trail as JSON lines" in capsys.readouterr().err


def test_a_schema_3_database_gets_its_trails_on_upgrade(store_url):
    from sqlalchemy import MetaData, create_engine

    from saywho.store import open_store, resolve_url, schema

    engine = create_engine(resolve_url(store_url))
    v3 = schema.define_tables(MetaData(), version=3)
    with engine.begin() as conn:
        assert schema.migrate(conn, target=3) == [1, 2, 3]
        sid = conn.execute(v3["speakers"].insert().values(
            key="maria castell", name="Maria Castell", norm_name="maria castell",
            type="PERSON", statements=3).returning(v3["speakers"].c.id)).scalar_one()
        for n, (text, said) in enumerate([(FULL, "2024-05-02"), (MISQUOTE, "2024-05-03"),
                                          (OTHER, "2024-05-02")]):
            aid = conn.execute(v3["articles"].insert().values(
                key=f"{n}" * 64, text=text, published=said, n_attributions=1, meta={},
                boilerplate=[], ingested_at="2024-05-03T00:00:00+00:00")
                .returning(v3["articles"].c.id)).scalar_one()
            conn.execute(v3["attributions"].insert().values(
                article_id=aid, seq=0, kind="direct", content_start=0, content_end=len(text),
                content_text=text, speaker_id=sid, confidence=0.9, said_on=said))
    engine.dispose()
    with open_store(store_url) as store:
        assert store.schema_version == 4
        assert [(t.reports, t.variants) for t in store.trails(min_reports=1).items] == [
            (2, 1), (1, 0)]
