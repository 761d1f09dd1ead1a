"""Whole articles written for the tests (tests/fixtures/articles/README.md says what each holds)."""

from pathlib import Path

import saywho

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def extract(name: str, published: str = "2025-03-04") -> saywho.Article:
    return saywho.extract((ARTICLES / name).read_text(encoding="utf-8"), published=published)


def test_titles_pronouns_surnames_quote_paragraph_and_reader_appeal():
    article = extract("harbour-bridge.txt")
    speakers = [(a.kind, a.speaker.name, a.speaker.resolved_by) for a in article.attributions]
    assert speakers == [
        ("indirect", "Lena Forsberg", "explicit"),   # Deputy Mayor Lena Forsberg announced …
        ("direct", "Lena Forsberg", "alias"),        # "…," Forsberg said.
        ("indirect", "Lena Forsberg", "pronoun"),    # She added that …
        ("indirect", "Tomas Lind", "explicit"),      # Chief engineer Tomas Lind said …
        ("direct", "Tomas Lind", "pronoun"),         # "…," he said.
        ("direct", "Tomas Lind", "continuation"),    # a paragraph holding only a quote
    ]
    first = article.attributions[0]
    assert first.speaker.role == "Deputy Mayor" and first.time.date == "2025-03-03"
    assert [b.label for b in article.boilerplate] == ["appeal"]
    appeal = article.boilerplate[0]
    assert article.text[appeal.start:].startswith("We need your help")
    assert "Remind me later" in article.text[appeal.start:appeal.end]
    assert all(a.content.end <= appeal.start for a in article.attributions)


def test_reported_speech_only_article():
    found = extract("rail-fares.txt").attributions
    assert all(a.kind == "indirect" for a in found)
    by_cue = {a.cue.text: a for a in found}
    assert by_cue["told"].speaker.name == "Owen Pritchard" and by_cue["told"].addressee.text == "the BBC"
    assert by_cue["denied"].speaker.name == "Gwen Howells"
    assert by_cue["According to"].speaker.type == "ORG"
    assert by_cue["claim"].speaker.name == "Gwen Howells"  # Howells' claim that …
    assert by_cue["called"].speaker.mention.text == "which"
    # an unnamed group is a generic source: typed, but no name made of its common noun
    assert by_cue["called"].speaker.name is None and by_cue["called"].speaker.type == "ORG"


def test_titles_and_scare_quotes_are_not_speech():
    assert extract("film-festival.txt").attributions == ()


def test_furniture_at_the_start_is_reported_and_skipped():
    article = extract("bakery-closure.txt")
    assert {b.label for b in article.boilerplate} >= {"cookie", "ui"}
    assert article.boilerplate[0].start == 0
    split = [a for a in article.attributions if a.content.parts]
    assert len(split) == 1 and split[0].speaker.name == "Mathilde Rocher"
