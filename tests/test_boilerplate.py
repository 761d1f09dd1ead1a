"""Page furniture in plain text: imaginary outlets, each with its own wording."""

from __future__ import annotations

import time

import pytest

from saywho.ingest.boilerplate import detect, units
from saywho.records import Boilerplate

# --- the article bodies (written for these tests) ---------------------------------------

FERRY = """The harbour authority in Port Wenley voted on Tuesday to close the old ferry pier for six months while engineers replace its rotting timber piles.

“We cannot keep patching a structure that is older than most of the people who use it,” said Marta Ilves, who chairs the authority. “The divers found damage we did not expect.”

Commuter groups said the replacement bus service would add forty minutes to a typical journey. Tomas Greer, a nurse who crosses every morning, told the meeting the plan ignored shift workers.

The authority said a temporary landing stage could open in the spring if the contractor finishes its survey on time."""

FLOOD = """Volunteers filled sandbags through the night in Elmbridge as the river rose to its highest level in thirty years, and the county declared a major incident on Friday morning.

“We need your help,” the fire chief, Dana Kowal, told residents at a packed meeting in the school hall. “If you have a pickup truck or a strong back, come to the depot.”

Local businesses pledged donations of food and blankets, and a relief fund set up by the council had raised more than $40,000 by the evening. Organisers said every contribution would go to families forced out of their homes.

Kowal said crews would stay on the embankment until the water fell. “Support your neighbours,” she said. “Check on the elderly. We need your help for a few more days.”"""

MEDIA = """The Daily Lantern said on Monday that digital subscriptions rose by a fifth last year, helped by a newsletter that now reaches two million readers each morning.

The publisher, Irene Voss, told staff the paper would keep its paywall but open its election coverage to everyone. “Our readers tell us they want one trusted briefing a day,” she said.

Analysts said reader revenue now made up more than half of the company's income, a shift from the advertising model that sustained newspapers for a century."""


def _covered(text: str, spans: tuple[Boilerplate, ...]) -> set[int]:
    return {i for b in spans for i in range(b.start, b.end)}


def assert_cut(text: str, spans: tuple[Boilerplate, ...], part: str, label: str | None = None):
    start = text.index(part)
    inside = [b for b in spans if b.start <= start and start + len(part) <= b.end]
    assert inside, f"not detected as furniture: {part!r}\n{spans}"
    if label:
        assert inside[0].label == label, (part, inside[0].label)


def assert_kept(text: str, spans: tuple[Boilerplate, ...], body: str):
    start = text.index(body)
    overlap = _covered(text, spans) & set(range(start, start + len(body)))
    assert not overlap, f"article text cut: {text[min(overlap):max(overlap) + 1]!r}"


# --- outlets ---------------------------------------------------------------------------

COURIER_APPEAL = """A message from the editor

Before you move on, we have a small favour to ask. Over the past year our reporters sat through 300 council meetings so that you did not have to. We need your help to keep doing it.

Unlike many local papers, we have no paywall and no billionaire owner. Our journalism is funded by readers like you, and every contribution, however small, keeps it free for everyone.

Support The Harbour Courier from just $2 a month. It takes less than a minute.

Monthly
Annual
One-off
$5 per month
Continue
Remind me later"""


def test_reader_appeal_at_the_end_is_cut_and_the_article_kept():
    text = FERRY + "\n\n" + COURIER_APPEAL + "\n"
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, COURIER_APPEAL, "appeal")
    assert all(text[b.start:b.end] == text[b.start:b.end].strip() for b in spans)


NORTHFIELD_HEAD = """Skip to main content
Menu
Search
News
Politics
Share
Save
By Rosa Lindqvist
4 min read"""

NORTHFIELD_TAIL = """Sign up for the Morning Brief
Get the day's top stories from the Northfield Post delivered to your inbox every weekday.
Enter your email address
Sign up
By signing up, you agree to our Privacy Policy. You can unsubscribe at any time.

More from the Northfield Post
Council approves new cycle lanes for the east side
School bus contract goes back out to tender
Why the old mill chimney is still standing

We use cookies to improve your experience and show personalised ads. By continuing to browse the site you agree to our use of cookies.
Accept all
Manage preferences"""


def test_head_furniture_newsletter_related_and_cookie_notice():
    text = NORTHFIELD_HEAD + "\n\n" + FERRY + "\n\n" + NORTHFIELD_TAIL
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, "Skip to main content\nMenu\nSearch")
    assert_cut(text, spans, "4 min read")
    assert_cut(text, spans, "Sign up for the Morning Brief", "newsletter")
    assert_cut(text, spans, "You can unsubscribe at any time.", "newsletter")
    assert_cut(text, spans, "More from the Northfield Post", "related")
    assert_cut(text, spans, "Why the old mill chimney is still standing", "related")
    assert_cut(text, spans, "We use cookies", "cookie")
    assert_cut(text, spans, "Manage preferences")
    assert {b.label for b in spans} >= {"newsletter", "related", "cookie", "ui"}


def test_ui_lines_in_the_middle_are_cut_alone():
    paras = FERRY.split("\n\n")
    text = "\n\n".join([paras[0], "Advertisement", paras[1],
                       "Read more: Ferry fares to rise in April", paras[2], paras[3]])
    spans = detect(text)
    for p in paras:
        assert_kept(text, spans, p)
    assert_cut(text, spans, "Advertisement", "ui")
    assert_cut(text, spans, "Read more: Ferry fares to rise in April")


VALLEY_TAIL = """Reporting by Sam Okafor; editing by Priya Nair

Sam Okafor is a senior correspondent for the Valley Ledger, covering transport and city hall. Follow him on Bluesky.

Share this article
Copy link
Comments (14)
© 2024 Valley Ledger Media. All rights reserved."""


def test_credits_bio_and_share_strings():
    text = FERRY + "\n\n" + VALLEY_TAIL
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, "Reporting by Sam Okafor", "credits")
    assert_cut(text, spans, "Sam Okafor is a senior correspondent", "bio")
    assert_cut(text, spans, "Share this article\nCopy link\nComments (14)")
    assert_cut(text, spans, "All rights reserved.")


def test_appeal_words_quoted_in_the_article_are_not_cut():
    spans = detect(FLOOD)
    assert spans == ()


def test_article_about_subscriptions_is_not_furniture():
    assert detect(MEDIA) == ()
    text = MEDIA + "\n\n" + COURIER_APPEAL
    spans = detect(text)
    assert_kept(text, spans, MEDIA)
    assert_cut(text, spans, "Support The Harbour Courier from just $2 a month.", "appeal")


def test_quoted_appeal_at_the_end_of_an_article_is_kept():
    text = FERRY + "\n\n“We need your help. Please donate what you can,” the harbour master said."
    assert detect(text) == ()
    # a closing quote paragraph with no speech verb is still quoted speech
    text = FERRY + "\n\n“If you can give, give now. Every donation counts.”"
    assert detect(text) == ()


MARSH_APPEAL = """Thank you for reading the Marsh Observer. Times are tough for local news: advertising has collapsed and we are asking readers to chip in. If you value our reporting, please consider making a donation today. Contributions are tax-deductible."""


def test_hard_wrapped_text_with_an_appeal():
    wrapped = "\n".join(
        ["The harbour authority in Port Wenley voted on Tuesday to close the",
         "old ferry pier for six months while engineers replace its rotting",
         "timber piles, a decision that angered commuters.", "",
         "Commuter groups said the replacement bus service would add forty",
         "minutes to a typical journey across the estuary each morning.", "",
         "Thank you for reading the Marsh Observer. Times are tough for local",
         "news and we are asking readers to chip in. If you value our",
         "reporting, please consider making a donation today."])
    us = units(wrapped)
    assert len(us) == 3
    spans = detect(wrapped)
    assert len(spans) == 1 and spans[0].label == "appeal"
    assert wrapped[spans[0].start:spans[0].end].startswith("Thank you for reading")
    assert wrapped[spans[0].end - 1] == "."


def test_long_appeal_paragraph_without_a_heading():
    text = FERRY + "\n\n" + MARSH_APPEAL
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, MARSH_APPEAL, "appeal")


def test_headline_list_at_the_end_without_heading():
    tail = ("Storm damage closes coastal path for the summer\n"
            "Harbour café wins national award for its chowder\n"
            "Lifeboat crew rescues two kayakers off the point")
    text = FERRY + "\n\n" + tail
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, tail, "related")


def test_closing_lines_of_a_normal_article_are_kept():
    text = FERRY + "\n\nThe next meeting is on 4 June.\n\nTimeline\n\n1998: pier rebuilt after storm"
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_kept(text, spans, "The next meeting is on 4 June.")


@pytest.mark.parametrize("text", ["", "   \n\n", "Share", "x", "\n\n\nHello\n"])
def test_degenerate_inputs(text):
    spans = detect(text)
    for b in spans:
        assert 0 <= b.start < b.end <= len(text)


def test_offsets_with_windows_line_ends():
    text = FERRY.replace("\n", "\r\n") + "\r\n\r\n" + COURIER_APPEAL.replace("\n", "\r\n")
    spans = detect(text)
    assert_kept(text, spans, FERRY.replace("\n", "\r\n"))
    assert_cut(text, spans, "Remind me later", "appeal")


def test_large_text_is_linear():
    text = (FERRY + "\n\n") * 4000 + COURIER_APPEAL  # about 2.5 MB
    t0 = time.perf_counter()
    spans = detect(text)
    assert time.perf_counter() - t0 < 20
    assert spans and spans[-1].end == len(text)


RIVERBEND_TAIL = """This story was produced by the Riverbend Report, a nonprofit newsroom covering the upper valley. Our reporting is free to read because members chip in.

Sign up for our free weekly email
Donate
Not now"""


def test_nonprofit_newsroom_footer():
    text = FERRY + "\n\n" + RIVERBEND_TAIL
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, RIVERBEND_TAIL.split("\n\n")[0], "appeal")
    assert_cut(text, spans, "Sign up for our free weekly email\nDonate\nNot now", "newsletter")


# --- reader-appeal blocks: header, the outlet's letter about itself, the ask -----------------

LEDGER_APPEAL = """A message from The Northgate Ledger:

Dear readers,

For eleven years we have reported on the mills, the courts and the council of the Northgate valley, often as the only newsroom in the room. This has been the hardest year we have known: a developer we investigated is suing two of our reporters, and our advertisers have been told to stay away.

“The Ledger is a nuisance that this town would be better off without,” the mayor, Harald Brenn, said at a council meeting in June. We took that as a sign that our work matters.

We will not be silenced, but we cannot do it alone. If you value our reporting, please make a donation today. Every gift, however small, keeps the Ledger free for everyone."""

# the quote paragraph has no "we" of the outlet at all
COASTLINE_APPEAL = """Dear reader,

Our small team has covered the fishing towns of the east coast since 2009. In the last year we have been barred from two press conferences, and our photographer was detained for a night at the harbour.

“These people are enemies of the region and should be treated as such,” Governor Pavel Droz told a regional radio station in April, speaking of the Coastline Herald's staff.

Support the Coastline Herald from just $3 a month.

Monthly
Annual
Not now"""

# no quotes inside: the letter is all in the outlet's voice
KESTREL_APPEAL = """A note to our readers

Running a local newsroom has never been harder. Printing costs have doubled since we last raised our price, and the two biggest advertisers in the valley have left us for social media platforms.

We still send a reporter to every planning meeting and every trial in the county court, because nobody else does.

Become a supporter of the Kestrel Valley Post. Make a monthly contribution and help us keep going."""

# the paragraphs under the salutation are news, not the outlet's letter: not one block
HERALD_NOTICE_TAIL = """Dear readers,

The regional transport board will publish its full timetable for the replacement buses next week, a spokesman for the board said. Mechanics have been told to expect longer shifts through the winter.

Support independent journalism from just $2 a month."""


@pytest.mark.parametrize("appeal", [LEDGER_APPEAL, COASTLINE_APPEAL, KESTREL_APPEAL])
def test_reader_appeal_block_is_one_range_quotes_inside_included(appeal):
    text = FERRY + "\n\n" + appeal + "\n"
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    inside = [b for b in spans if b.label == "appeal" and b.start <= text.index(appeal)
              and text.index(appeal) + len(appeal) <= b.end]
    assert len(inside) == 1, spans


def test_appeal_header_with_article_after_the_ask_is_not_a_block():
    # a box in the middle of the article: its lines are cut, the article around it is not
    text = LEDGER_APPEAL + "\n\n" + FERRY
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    letter = LEDGER_APPEAL.split("\n\n")[3]
    assert_kept(text, spans, letter)


def test_salutation_over_news_paragraphs_is_not_a_block():
    text = FERRY + "\n\n" + HERALD_NOTICE_TAIL
    spans = detect(text)
    assert_kept(text, spans, HERALD_NOTICE_TAIL.split("\n\n")[1])
    assert_cut(text, spans, "Support independent journalism from just $2 a month.", "appeal")


@pytest.mark.model
@pytest.mark.parametrize("appeal", [LEDGER_APPEAL, COASTLINE_APPEAL])
def test_no_statement_comes_from_inside_a_reader_appeal(appeal):
    import saywho

    text = FERRY + "\n\n" + appeal
    article = saywho.extract(text)
    block = text.index(appeal)
    assert all(a.content.end <= block for a in article.attributions), [
        a.content.text for a in article.attributions if a.content.end > block]
    assert "Marta Ilves" in {a.speaker.name for a in article.attributions if a.speaker}


STANDING_NOTE = ("Editor's note: The Harbour Courier has repeatedly\nwarned that the ferry authority "
                 "is hiding the true cost of the repairs, which officials say is\nthree times the "
                 "published figure.")
CORRECTION_TAIL = ("Correction: An earlier version of this article said the pier would close for a "
                   "year. Marta Ilves said it would close for six months.")


@pytest.mark.model
def test_an_editors_note_is_furniture_and_yields_no_statement():
    import saywho

    text = FERRY + "\n\n" + STANDING_NOTE
    spans = detect(text)
    assert_kept(text, spans, FERRY)
    assert_cut(text, spans, STANDING_NOTE, "credits")
    block = text.index(STANDING_NOTE)
    article = saywho.extract(text)
    assert any(a.content.end <= block for a in article.attributions)
    assert all(a.content.end <= block for a in article.attributions), [
        a.content.text for a in article.attributions if a.content.end > block]


def test_a_correction_and_a_note_inside_a_sentence_are_article():
    for tail in (CORRECTION_TAIL, "The authority published an editor's note: the pier will close."):
        assert detect(FERRY + "\n\n" + tail) == ()
