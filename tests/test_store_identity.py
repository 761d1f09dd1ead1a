"""Corpus speaker identity and corrections, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import MetaData, create_engine

from saywho.cli import main
from saywho.errors import QueryError
from saywho.store import LATEST_VERSION, open_store, resolve_url, schema

SITE = "news.example.org"


@pytest.fixture
def said(make_article):
    """``said(text, (quote, name, type[, role[, mention]]), ..., published=)``: one article."""
    counter = iter(range(10_000))

    def build(text, *quotes, published="2005-03-01", site=SITE):
        specs = []
        for q in quotes:
            quote, name, type_ = q[:3]
            spec = {"says": quote, "by": name, "type": type_, "cue": "said", "lemma": "say"}
            if len(q) > 3 and q[3]:
                spec["role"] = q[3]
            if len(q) > 4:
                spec["mention"] = q[4]
            specs.append(spec)
        return make_article(text, *specs, published=published, site=site,
                            url=f"https://{site}/{next(counter)}")

    return build


def names(store, limit=50):
    return {s.name: (s.type, s.statements) for s in store.speakers(limit=limit).items}


def test_surname_and_full_name_are_one_person_in_either_order(store, said):
    store.add_article(said('"Taxes will fall," Mr Blair said.', ("Taxes will fall,", "Blair",
                                                                  "PERSON", None, "Mr Blair")))
    assert store.speakers().items[0].name == "Blair"
    store.add_article(said('"We will win," Tony Blair said.', ("We will win,", "Tony Blair",
                                                               "PERSON")))
    store.add_article(said('"Not now," Mr Blair said.', ("Not now,", "Blair", "PERSON", None,
                                                         "Mr Blair")))
    # The earlier "Blair" was absorbed when "Tony Blair" came; the later one links directly.
    assert names(store) == {"Tony Blair": ("PERSON", 3)}
    profile = store.speaker(store.speakers().items[0].id)
    assert {t.label for t in profile.names} == {"Blair", "Tony Blair"}
    assert profile.outlets[0].label == SITE and not profile.unlinked


def test_namesakes_of_another_gender_or_first_name_stay_apart(store, said):
    store.add_article(said('"Growth is strong," Gordon Brown said. "Fine," Nick Brown said.',
                           ("Growth is strong,", "Gordon Brown", "PERSON", "Chancellor"),
                           ("Fine,", "Nick Brown", "PERSON", "chief whip")))
    store.add_article(said('"I disagree," Mrs Brown said.',
                           ("I disagree,", "Brown", "PERSON", None, "Mrs Brown")))
    store.add_article(said('"Maybe," Mr Brown said.', ("Maybe,", "Brown", "PERSON", None,
                                                       "Mr Brown")))
    store.add_article(said('"Prudence," the Chancellor, Mr Brown, said.',
                           ("Prudence,", "Brown", "PERSON", "Chancellor", "Mr Brown")))
    found = names(store)
    # Two men called Brown on one site in one year: "Mr Brown" alone is not guessed, but the
    # article's role (Chancellor) settles it; "Mrs Brown" is neither of them.
    assert found["Gordon Brown"] == ("PERSON", 2)
    assert found["Nick Brown"] == ("PERSON", 1)
    browns = [s for s in store.speakers(name="brown").items if s.name == "Brown"]
    assert [s.statements for s in browns] == [1, 1]
    hints = {}
    for s in browns:
        profile = store.speaker(s.id)
        assert profile.unlinked
        hints[s.id] = {n.name for n in profile.namesakes}
    assert sorted(hints.values(), key=len) == [set(), {"Gordon Brown", "Nick Brown"}]
    gordon = next(s for s in store.speakers().items if s.name == "Gordon Brown")
    assert {n.name for n in store.speaker(gordon.id).namesakes} == {"Brown"}


def test_organisations_by_alias_acronym_and_majority_type(store, said):
    store.add_article(said('"Claims," the ABI said.', ("Claims,", "ABI", "ORG")))
    store.add_article(said('"Costs rose," the Association of British Insurers said. "No," the '
                           'Tories said.', ("Costs rose,", "Association of British Insurers", "ORG"),
                           ("No,", "Tories", "NORP")))
    store.add_article(said('"Yes," the Conservatives said. "Vote," Labour said.',
                           ("Yes,", "Conservatives", "ORG"), ("Vote,", "Labour", "PERSON")))
    store.add_article(said('"Jobs," Labour said. "Homes," the Conservative Party said.',
                           ("Jobs,", "Labour", "ORG"), ("Homes,", "Conservative Party", "ORG")))
    store.add_article(said('"Schools," Labour said.', ("Schools,", "Labour", "ORG")))
    found = names(store)
    assert found["Association of British Insurers"] == ("ORG", 2)  # the earlier ABI absorbed
    assert found["Tories"][1] == 3  # Tories, Conservatives, Conservative Party
    assert found["Labour"] == ("ORG", 3)  # typed PERSON once, ORG twice
    assert len(found) == 3


def test_bare_titles_and_adjectives_are_nobody(store, said):
    article_id = store.add_article(said('"No comment," Shadow said. "Aye," the Scottish said.',
                                        ("No comment,", "Shadow", "PERSON"),
                                        ("Aye,", "Scottish", "NORP")))
    assert store.counts()["speakers"] == 0
    assert store.article(article_id).speaker_ids == (None, None)
    assert store.counts()["statements"] == 2  # the statements are kept


def test_entity_ids_group_an_article_before_names(store, said):
    from dataclasses import replace

    article = said('"One," Ms Jones said. "Two," the minister said.',
                   ("One,", "Jones", "PERSON", None, "Ms Jones"),
                   ("Two,", "Maria Jones", "PERSON", "minister", "the minister"))
    attributions = tuple(replace(a, speaker=replace(a.speaker, entity=7))
                         for a in article.attributions)
    store.add_article(replace(article, attributions=attributions))
    assert names(store) == {"Maria Jones": ("PERSON", 2)}


def test_linking_is_deterministic(store_url, said, tmp_path):
    articles = [
        said('"A," Mr Howard said.', ("A,", "Howard", "PERSON", None, "Mr Howard")),
        said('"B," Michael Howard said.', ("B,", "Michael Howard", "PERSON")),
        said('"C," Lib Dems said.', ("C,", "Lib Dems", "ORG")),
        said('"D," the Liberal Democrats said.', ("D,", "Liberal Democrats", "ORG")),
    ]
    other = f"sqlite:///{tmp_path / 'again.db'}"
    results = []
    for url in (store_url, other):
        with open_store(url) as store:
            store.add_articles(articles)
            results.append(sorted((s.name, s.type, s.statements)
                                  for s in store.speakers().items))
            store.relink_speakers()
            assert sorted((s.name, s.type, s.statements)
                          for s in store.speakers().items) == results[-1]
    assert results[0] == results[1] == [("Lib Dems", "ORG", 2), ("Michael Howard", "PERSON", 2)]


def test_corrections_last_through_relink_and_later_articles(store, said):
    store.add_article(said('"Costs," Opus Dei said.', ("Costs,", "Opus Dei", "PERSON")))
    store.add_article(said('"Fees," the Bar said. "Rules," Bar Council said.',
                           ("Fees,", "Bar", "ORG"), ("Rules,", "Bar Council", "PERSON")))
    bar = store.merge_speakers("Bar", "Bar Council")
    store.set_speaker_type("Bar Council", "ORG")
    store.set_speaker_type("opus dei", "org")
    store.rename_speaker(bar, "The Bar Council")
    assert names(store) == {"The Bar Council": ("ORG", 2), "Opus Dei": ("ORG", 1)}

    store.relink_speakers()
    store.add_article(said('"Later," the Bar said.', ("Later,", "Bar", "PERSON")))
    store.add_article(said('"Again," Opus Dei said.', ("Again,", "Opus Dei", "PERSON")))
    assert names(store) == {"The Bar Council": ("ORG", 3), "Opus Dei": ("ORG", 2)}
    kinds = sorted((r.kind, r.name) for r in store.speaker_rules())
    assert kinds == [("merge", "bar"), ("rename", "bar council"), ("set-type", "bar council"),
                     ("set-type", "opus dei")]

    # Split undoes a link made by evidence, and keeps it undone.
    store.add_article(said('"Ready," Mr Blair said.', ("Ready,", "Blair", "PERSON", None,
                                                       "Mr Blair")))
    tony = store.add_article(said('"Go," Tony Blair said.', ("Go,", "Tony Blair", "PERSON")))
    tony = store.article(tony).speaker_ids[0]
    assert names(store)["Tony Blair"][1] == 2
    apart = store.split_speaker(tony, "Blair")
    store.add_article(said('"Stop," Mr Blair said.', ("Stop,", "Blair", "PERSON", None,
                                                      "Mr Blair")))
    store.relink_speakers()
    after = names(store)
    assert after["Tony Blair"][1] == 1 and after["Blair"][1] == 2
    assert apart != tony
    with pytest.raises(QueryError, match="never appeared as"):
        store.split_speaker("Tony Blair", "Cherie Blair")
    with pytest.raises(QueryError, match="no speaker"):
        store.merge_speakers("Nobody Atall", "Tony Blair")
    with pytest.raises(Exception, match="type must be"):
        store.set_speaker_type("Tony Blair", "ALIEN")


def test_a_merge_survives_a_reingest(store, said):
    first = [said('"Cuts," the Treasury said.', ("Cuts,", "Treasury", "ORG")),
             said('"Tax," HM Treasury said.', ("Tax,", "HM Treasury", "ORG"))]
    store.add_articles(first)
    assert len(names(store)) == 2
    store.merge_speakers("Treasury", "HM Treasury")
    assert names(store) == {"HM Treasury": ("ORG", 2)}
    # The same records again are already stored: nothing changes.
    assert store.add_articles(first) == [None, None]
    # The same articles from other addresses are stored anew, and linked by the rule.
    again = [replace(a, source=replace(a.source, url=f"{a.source.url}?again")) for a in first]
    assert None not in store.add_articles(again)
    assert names(store) == {"HM Treasury": ("ORG", 4)}
    store.relink_speakers()
    assert names(store) == {"HM Treasury": ("ORG", 4)}


def test_version_2_database_is_linked_on_upgrade(store_url):
    engine = create_engine(resolve_url(store_url))
    v2 = schema.define_tables(MetaData(), version=2)
    with engine.begin() as conn:
        assert schema.migrate(conn, target=2) == [1, 2]
        article_id = conn.execute(v2["articles"].insert().values(
            key="k" * 64, published="2005-01-02", text='"Yes," Tony Blair said. "No," Blair said.',
            n_attributions=2, ingested_at="2005-01-02T00:00:00+00:00", site=SITE,
            meta={}, boilerplate=[]).returning(v2["articles"].c.id)).scalar_one()
        ids = [conn.execute(v2["speakers"].insert().values(
            key=f"PERSON:{n.lower()}", name=n, norm_name=n.lower(), type="PERSON", statements=1)
            .returning(v2["speakers"].c.id)).scalar_one() for n in ("Tony Blair", "Blair")]
        conn.execute(v2["attributions"].insert(), [
            dict(article_id=article_id, seq=i, kind="direct", content_start=1, content_end=4,
                 content_text="Yes", speaker_id=sid, speaker_name=name, speaker_type="PERSON",
                 confidence=0.9, said_on="2005-01-02")
            for i, (sid, name) in enumerate(zip(ids, ("Tony Blair", "Blair")))])
    engine.dispose()
    with open_store(store_url) as store:
        assert store.schema_version == LATEST_VERSION >= 3
        assert names(store) == {"Tony Blair": ("PERSON", 2)}


def test_cli_corrections_and_aliases(tmp_path, said, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        store.add_article(said('"Cuts," the Treasury said. "Tax," HM Treasury said.',
                               ("Cuts,", "Treasury", "ORG"), ("Tax,", "HM Treasury", "ORG")))
    assert main(["speakers", "merge", "Treasury", "HM Treasury", "--db", url]) == 0
    assert main(["speakers", "set-type", "HM Treasury", "ORG", "--db", url]) == 0
    capsys.readouterr()
    assert main(["speakers", "--aliases", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "merge" in out and "treasury" in out and "set-type" in out
    assert main(["speakers", "merge", "Treasury", "--db", url]) == 2
    assert "takes 2 arguments" in capsys.readouterr().err
    assert main(["speakers", "split", "HM Treasury", "Nobody", "--db", url]) == 2
    assert "never appeared as" in capsys.readouterr().err
    with open_store(url) as store:
        assert names(store) == {"HM Treasury": ("ORG", 2)}


def test_unlinked_filter_in_store_cli_api_and_web(store_url, said, capsys):
    from fastapi.testclient import TestClient

    from saywho.web import create_app

    with open_store(store_url) as store:
        store.add_article(said('"Yes," Gordon Brown said. "No," Nick Brown said.',
                               ("Yes,", "Gordon Brown", "PERSON"), ("No,", "Nick Brown", "PERSON")))
        store.add_article(said('"Maybe," Mr Brown said.', ("Maybe,", "Brown", "PERSON", None,
                                                           "Mr Brown")))
        every = store.speakers()
        review = store.speakers(unlinked=True)
        linked = store.speakers(unlinked=False)
    assert every.total == 3 and review.total == 1 and linked.total == 2
    assert [(s.name, s.unlinked) for s in review.items] == [("Brown", True)]
    assert not any(s.unlinked for s in linked.items)
    assert main(["speakers", "--unlinked", "--db", store_url]) == 0
    out, err = capsys.readouterr()
    assert "Brown (unlinked)" in out and "Gordon" not in out and "1 of 1 unlinked" in err
    assert main(["speakers", "--unlinked", "--format", "csv", "--db", store_url]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(",True")
    with TestClient(create_app(store_url)) as client:
        page = client.get("/api/speakers", params={"unlinked": "true"}).json()
        assert [(s["name"], s["unlinked"]) for s in page["items"]] == [("Brown", True)]
        assert client.get("/api/speakers", params={"unlinked": "false"}).json()["total"] == 2
        html = client.get("/speakers", params={"unlinked": "1"}).text
        assert ">Brown</a>" in html and "Gordon Brown" not in html and "checked" in html
        assert "Gordon Brown" in client.get("/speakers").text


def test_relink_does_not_depend_on_the_order_articles_were_stored_in(tmp_path, said):
    gordon = said('"Growth," Gordon Brown said.', ("Growth,", "Gordon Brown", "PERSON"),
                  published="2005-01-01")
    nick = said('"Votes," Nick Brown said.', ("Votes,", "Nick Brown", "PERSON"),
                published="2005-01-02")
    mister = said('"Maybe," Mr Brown said.', ("Maybe,", "Brown", "PERSON", None, "Mr Brown"),
                  published="2005-01-03")
    found = []
    for i, order in enumerate(([gordon, mister, nick], [nick, gordon, mister])):
        with open_store(f"sqlite:///{tmp_path / f'{i}.db'}") as store:
            for article in order:
                store.add_article(article)
            before = names(store)
            store.relink_speakers()
            found.append((before, names(store)))
    # Stored before the second Brown, "Mr Brown" joined the only one; stored after, it is
    # ambiguous. Relinked in date order, both databases agree.
    assert found[0][0]["Gordon Brown"] == ("PERSON", 2) and "Brown" in found[1][0]
    assert found[0][1] == found[1][1] == {"Gordon Brown": ("PERSON", 1),
                                          "Nick Brown": ("PERSON", 1), "Brown": ("PERSON", 1)}


def test_titled_names_are_people_and_cut_aliases_are_whole(store, said):
    from dataclasses import replace

    # The extractor typed "Mr Kilroy-Silk" ORG and kept it apart from Robert Kilroy-Silk;
    # the courtesy title says it is a person's (double) surname.
    article = said('"Stolen," Mr Kilroy-Silk said. "Truth," Robert Kilroy-Silk said.',
                   ("Stolen,", "Kilroy Silk", "ORG", None, "Mr Kilroy-Silk"),
                   ("Truth,", "Robert Kilroy Silk", "PERSON", None, "Robert Kilroy-Silk"))
    store.add_article(replace(article, attributions=tuple(
        replace(a, speaker=replace(a.speaker, entity=i))
        for i, a in enumerate(article.attributions))))
    # "Kilroy Silk" without a title in one mention, with one in another: still a surname.
    store.add_article(said('"Go," Kilroy Silk said. "Now," Mr Kilroy Silk said.',
                           ("Go,", "Kilroy Silk", "PERSON", None, "Kilroy Silk"),
                           ("Now,", "Kilroy Silk", "PERSON", None, "Mr Kilroy Silk")))
    # The name "Democrats" with the mention "the Liberal Democrats" is the party.
    store.add_article(said('"No," the Liberal Democrats said. "Yes," the Lib Dems said.',
                           ("No,", "Democrats", "NORP", "Liberal", "the Liberal Democrats"),
                           ("Yes,", "Lib Dems", "ORG", None, "the Lib Dems")))
    store.add_article(said('"Never," Democrats said.', ("Never,", "Democrats", "NORP")))
    found = names(store)
    assert found["Robert Kilroy Silk"][1] == 4 and "Kilroy Silk" not in found
    assert found["Democrats"] == ("NORP", 1)
    assert sum(n for name, (_, n) in found.items() if "Lib" in name) == 2


def test_the_article_and_pronouns_keep_other_people_apart(store, said):
    store.add_article(said('"Hello," Chris Evans said.', ("Hello,", "Chris Evans", "PERSON")))
    store.add_article(said('"Wait," Michael Howard said.', ("Wait,", "Michael Howard", "PERSON")))
    # The article names Charles Evans: its "Mr Evans" is not the Chris Evans of the database.
    store.add_article(said('Charles Evans Jr sued. "Mine," Mr Evans said.',
                           ("Mine,", "Evans", "PERSON", None, "Mr Evans")))
    # "she", resolved to "Howard", is not Michael Howard.
    store.add_article(said('Mrs Howard spoke. "Yes," she said.',
                           ("Yes,", "Howard", "PERSON", None, "she")))
    # "Mr Evans" in an article naming only Cherie-like other-gender names still links.
    store.add_article(said('Sandra Evans watched. "Again," Mr Evans said.',
                           ("Again,", "Evans", "PERSON", None, "Mr Evans")))
    # BT is not the initials of a name written with a lower-case word.
    store.add_article(said('"Fine," the Balco team said. "Fast," BT said.',
                           ("Fine,", "Balco team", "ORG"), ("Fast,", "BT", "ORG")))
    found = names(store)
    assert found["Chris Evans"] == ("PERSON", 2) and found["Evans"] == ("PERSON", 1)
    assert found["Michael Howard"] == ("PERSON", 1) and found["Howard"] == ("PERSON", 1)
    assert found["BT"] == ("ORG", 1) and found["Balco team"] == ("ORG", 1)
    # Stored first and unlinked, such a "Mr Hughes" is not absorbed by a later Tom Hughes.
    store.add_article(said('Paul Hughes sued. "Mine," Mr Hughes said.',
                           ("Mine,", "Hughes", "PERSON", None, "Mr Hughes")))
    store.add_article(said('"Hi," Tom Hughes said.', ("Hi,", "Tom Hughes", "PERSON")))
    assert names(store)["Hughes"] == ("PERSON", 1)


def test_a_peer_is_not_a_commoner_of_the_same_surname(store, said):
    # "Lord Pendry" (an oil company's chairman) and the minister Des Pendry, in either order
    store.add_article(said('"Profits rose," Lord Pendry said.', ("Profits rose,", "Pendry", "PERSON", None,
                                                                "Lord Pendry")))
    store.add_article(said('"Visas will fall," Des Pendry said.', ("Visas will fall,", "Des Pendry", "PERSON")))
    store.add_article(said('"Costs fell," Lord Pendry said.', ("Costs fell,", "Pendry", "PERSON", None,
                                                              "Lord Pendry")))
    found = names(store)
    assert found["Des Pendry"] == ("PERSON", 1) and found["Pendry"] == ("PERSON", 2)
    # a bare surname, no title, no gender, is the same unlinked speaker as the peer
    store.add_article(said('"Tea," Lord Falcon said.', ("Tea,", "Falcon", "PERSON", None, "Lord Falcon")))
    store.add_article(said('"Coffee," Falcon said.', ("Coffee,", "Falcon", "PERSON")))
    assert names(store)["Falcon"] == ("PERSON", 2)
    # with both a Lord and a Lady of that name, the bare surname is neither of them
    store.add_article(said('"Rain," Lord Harrow said.', ("Rain,", "Harrow", "PERSON", None, "Lord Harrow")))
    store.add_article(said('"Sun," Lady Harrow said.', ("Sun,", "Harrow", "PERSON", None, "Lady Harrow")))
    store.add_article(said('"Snow," Harrow said.', ("Snow,", "Harrow", "PERSON")))
    harrows = [s.statements for s in store.speakers(limit=50).items if s.name == "Harrow"]
    assert sorted(harrows) == [1, 1, 1]
    # a role in common is evidence: the attorney general Lord Goldwin is Peter Goldwin
    store.add_article(said('"Legal," Peter Goldwin said.', ("Legal,", "Peter Goldwin", "PERSON",
                                                              "attorney general")))
    store.add_article(said('"Sound," Lord Goldwin said.', ("Sound,", "Goldwin", "PERSON", "attorney general",
                                                            "Lord Goldwin")))
    assert names(store)["Peter Goldwin"] == ("PERSON", 2)
