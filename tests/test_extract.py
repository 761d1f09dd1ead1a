"""Attribution patterns, each on a short article written for the test (needs the model)."""

import pytest

import saywho

pytest.importorskip("spacy")
PUBLISHED = "2025-02-24"  # a Monday


def attributions(text: str, published: str | None = PUBLISHED):
    return saywho.extract(text, published=published).attributions


def only(text: str, **kw):
    found = attributions(text, **kw)
    assert len(found) == 1, [a.content.text for a in found]
    return found[0]


@pytest.mark.parametrize("text", [
    '"The bridge will open in May," Mayor Ann Lee said.',
    '"The bridge will open in May," said Mayor Ann Lee.',
    'Mayor Ann Lee said: "The bridge will open in May."',
])
def test_direct_quote_frames(text):
    a = only(text)
    assert a.kind == "direct"
    assert a.content.text.startswith("The bridge will open in May")
    assert a.speaker.name == "Ann Lee" and a.speaker.role == "Mayor"
    assert a.speaker.resolved_by == "explicit"
    assert a.cue.lemma == "say"


def test_split_quote_is_one_attribution_with_parts():
    text = '"The bridge will open in May," Mayor Ann Lee said. "We are ready for the crowds."'
    a = only(text)
    assert [p.text for p in a.content.parts] == ["The bridge will open in May,", "We are ready for the crowds."]
    assert a.speaker.name == "Ann Lee"


def test_em_dash_byline():
    a = only('"The bridge will open in May." — Ann Lee, mayor of Harwick')
    assert a.speaker.name == "Ann Lee" and a.cue is None


def test_titled_speaker_with_addressee_and_time():
    a = only("Kremlin spokesman Dmitry Peskov told state TV on Sunday that the talks were useful.")
    assert (a.speaker.name, a.speaker.role) == ("Dmitry Peskov", "Kremlin spokesman")
    assert a.addressee.text == "state TV"
    assert a.time.text == "on Sunday" and a.time.date == "2025-02-23"
    assert a.content.text == "the talks were useful"


def test_mixed_quote_keeps_its_fragment_inside_the_content():
    a = only('Paris hailed the agreement as "a turning point".')
    assert a.kind == "mixed" and '"a turning point"' in a.content.text
    assert a.speaker.name == "Paris" and a.speaker.type == "GPE"


def test_scare_quotes_and_titles_are_not_speech():
    assert attributions('The show "Evening Report" aired a segment on the "so-called" reforms.') == ()


@pytest.mark.parametrize("text, content, cue", [
    ("Ann Lee said that the bridge would open in May.", "the bridge would open in May", "said"),
    ("Ann Lee told reporters the bridge would open in May.", "the bridge would open in May", "told"),
    ("Ann Lee warned that the bridge could close again.", "the bridge could close again", "warned"),
    ("The minister denied the allegations of fraud.", "the allegations of fraud", "denied"),
    ("The company vowed it would rebuild the plant.", "it would rebuild the plant", "vowed"),
    ("The minister ruled out a second referendum.", "a second referendum", "ruled out"),
    ("Opposition leaders called for an inquiry into the deal.", "an inquiry into the deal", "called"),
    ("Ann Lee urged residents to stay indoors.", "residents to stay indoors", "urged"),
])
def test_reported_speech(text, content, cue):
    a = only(text)
    assert a.kind == "indirect"
    assert a.content.text == content
    assert a.cue.text == cue


def test_according_to():
    a = only("According to the ministry, the talks were promising.")
    assert a.speaker.type == "ORG" and a.cue.text == "According to"
    assert a.content.text.startswith("the talks were promising")


def test_participial_clause_speaker_is_the_governing_subject():
    found = attributions("Mayor Ann Lee attacked the council, falsely claiming the budget had doubled.")
    claim = next(a for a in found if a.cue.lemma == "claim")
    assert claim.speaker.name == "Ann Lee"
    assert claim.content.text == "the budget had doubled"
    assert claim.framing.label == "disputed"


def test_pronouns_and_surnames_resolve_to_the_full_name():
    text = ('Mayor Ann Lee opened the bridge on Monday. "It is a great day," she said.\n\n'
            '"We did it together," Lee added.')
    first, second = attributions(text)
    assert (first.speaker.name, first.speaker.resolved_by) == ("Ann Lee", "pronoun")
    assert (second.speaker.name, second.speaker.resolved_by) == ("Ann Lee", "alias")


def test_description_resolves_to_the_person_introduced_with_that_title():
    text = ('Kremlin spokesman Dmitry Peskov spoke to journalists.\n\n'
            '"Talks are useful," the spokesman said.')
    a = next(a for a in attributions(text) if a.kind == "direct")
    assert (a.speaker.name, a.speaker.resolved_by) == ("Dmitry Peskov", "description")


def test_quote_only_paragraph_continues_the_previous_speaker():
    text = ('"We will rebuild the school," Governor Maria Ortiz said.\n\n'
            '"Every classroom will be open again before the winter term begins."')
    first, second = attributions(text)
    assert second.speaker.name == "Maria Ortiz" and second.speaker.resolved_by == "continuation"
    assert second.cue is None


def test_organisations_and_places_as_speakers():
    found = attributions("The Kremlin said the talks were useful. The White House said it would respond.")
    assert [(a.speaker.name, a.speaker.type) for a in found] == [("Kremlin", "ORG"), ("White House", "ORG")]


def test_medium():
    found = attributions("Ann Lee said on Telegram that the bridge would open. "
                         "The ministry said in a statement that it agreed.")
    assert [a.medium.text for a in found] == ["Telegram", "statement"]


def test_framing_without_evidence():
    a = only("The senator said without evidence that the vote was rigged.")
    assert a.framing.label == "unsupported" and a.framing.text == "without evidence"


def test_no_reader_appeal_attributions():
    text = ('"The plant will reopen," the company said on Monday.\n\n'
            "We need your help. Our journalism is funded by readers like you: support us from just "
            "$2 a month. \"Every contribution keeps us independent,\" says our editor.\n\n"
            "Remind me later\n\nShare this article")
    article = saywho.extract(text)
    assert article.boilerplate, "the appeal should be reported as boilerplate"
    assert all(not article.in_boilerplate(a.content.start, a.content.end) for a in article.attributions)
    assert len(article.attributions) == 1


def test_offsets_and_texts_line_up_in_json():
    article = saywho.extract('“We did it,” said Ann Lee.\n\nShe told reporters on Friday the fight was over.')
    record = article.to_dict()
    assert record["schema"] == "saywho.article/1"
    for a in record["attributions"]:
        for key in ("content", "cue", "addressee", "medium"):
            if a[key]:
                assert article.text[a[key]["start"]:a[key]["end"]] == a[key]["text"]
    assert saywho.Article.from_dict(record) == article


def test_non_english_text_gives_a_clean_empty_result():
    text = ("«Nous ne reculerons pas», a déclaré le maire de la ville devant les journalistes réunis "
            "à la mairie. Les habitants attendent une réponse claire sur le pont depuis des mois, "
            "et la colère monte dans les quartiers du nord où les commerces ferment les uns après "
            "les autres faute de clients venus de la rive sud.")
    article = saywho.extract(text)
    assert article.attributions == () and article.language is None


def test_spacy_component_puts_attributions_on_the_doc():
    import spacy

    from saywho.nlp.pipeline import load_model

    nlp = spacy.load(load_model().path)  # a fresh copy: the shared pipeline stays as it is
    nlp.add_pipe("saywho")
    doc = nlp('"We will win," said Mayor Ann Lee.')
    assert doc._.saywho[0]["speaker"]["name"] == "Ann Lee"
    assert [s.text for s in doc.spans["saywho_content"]] == ["We will win,"]
    assert [s.text for s in doc.spans["saywho_cue"]] == ["said"]


def test_headline_and_transcript_colon_lines():
    found = attributions("Kovacs: Budget Cuts Will Hit Rural Schools\n\nUpdate: the vote was delayed.\n\n"
                         "LEE: We will open the bridge in May.")
    assert [(a.speaker.mention.text, a.cue.text, a.content.text) for a in found] == [
        ("Kovacs", ":", "Budget Cuts Will Hit Rural Schools"),
        ("LEE", ":", "We will open the bridge in May."),
    ]


def test_a_colon_line_listing_names_is_a_roster_not_a_statement():
    found = attributions("The panel met on Monday.\n\nOhio: Ann Lee, Bob Ray, Cal Dunn, Dana M. Ortiz, Eve Stone.\n\n"
                         "Lee: The panel will report in June.")
    assert [(a.cue.text, a.content.text) for a in found] == [(":", "The panel will report in June.")]


def test_pronoun_prefers_the_person_whose_gender_agrees():
    text = ("Governor Marcus Ellery said his budget was fair.\n\n"
            "Senator Dana Whitfield stood by her figures. \"We told parents the truth,\" she said.")
    quote = next(a for a in attributions(text) if a.kind == "direct")
    assert (quote.speaker.name, quote.speaker.resolved_by) == ("Dana Whitfield", "pronoun")
