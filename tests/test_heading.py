"""The head of a plain-text article: headline -> title, date lines and datelines -> date."""

from __future__ import annotations

import pytest

from saywho.ingest.heading import parse_date, read_head
from saywho.ingest.text import text_article
from saywho.records import Source

BODY = '"The bridge will open in May," Mayor Ann Lee said on Monday.\n'


@pytest.mark.parametrize("text,date", [
    ("23 February 2025", "2025-02-23"), ("February 23, 2025", "2025-02-23"),
    ("Sun 2nd Mar. 2025", "2025-03-02"), ("2025-02-23", "2025-02-23"),
    ("Sept 9 2024", "2024-09-09"), ("31 February 2025", None), ("February 2025", None)])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_headline_and_published_line():
    text = f"Mayor promises the bridge will open in May\n\nPublished 23 February 2025\n\n{BODY}"
    head = read_head(text)
    assert head.title == "Mayor promises the bridge will open in May"
    assert head.published == "2025-02-23"
    assert [text[s:e] for s, e, _ in head.ranges] == [
        "Mayor promises the bridge will open in May", "Published 23 February 2025"]


def test_published_beats_an_updated_line_and_times_are_allowed():
    text = ("Council warns of higher rates\nUpdated 25 February 2025, 09:10 GMT\n"
            f"Published on Sunday 23 February 2025 at 14:05\n\n{BODY}")
    assert read_head(text).published == "2025-02-23"


def test_agency_dateline():
    head = read_head(f"KYIV, 23 February 2025 - {BODY}More text follows here.\n")
    assert head.published == "2025-02-23" and head.title is None


@pytest.mark.parametrize("text", [
    # a hard-wrapped first paragraph: its first line is followed by its second line
    "Kremlin spokesman Dmitry Peskov told state TV that the talks would\ngo on, he said.\n",
    # a first line that ends a sentence is body, not a headline
    f"{BODY}\nMore text.\n",
    # a lower-case start is not a headline
    f"and then the mayor spoke\n\n{BODY}",
    # one line alone is the whole article
    "Mayor promises the bridge will open in May\n",
])
def test_not_a_headline(text):
    assert read_head(text).title is None


def test_text_article_keeps_the_text_and_marks_the_headline():
    text = f"'We will not back down', says mayor\n\n{BODY}"
    article = text_article(text, Source(path="a.txt"))
    assert article.text == text and article.title == "'We will not back down', says mayor"
    [mark] = [b for b in article.boilerplate if b.label == "headline"]
    assert text[mark.start:mark.end] == article.title
