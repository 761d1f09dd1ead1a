"""The entity stage and speaker lookup, on hand-built Docs (no model needed).

Each Doc is written the way spaCy's own tests write them: words, heads (absolute token
indices), dependency labels, coarse and fine tags, lemmas and entity IOB tags, so the rules
are tested on the parse they are meant for, not on whatever a model makes of a sentence.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402
import spacy  # noqa: E402
from spacy.vocab import Vocab  # noqa: E402

from saywho.nlp.entities import build_entities  # noqa: E402
from saywho.nlp.mentions import Mention, collect_mentions  # noqa: E402
from saywho.nlp.lexicon import lexicon  # noqa: E402
from saywho.nlp.resolve import Source, speaker_of  # noqa: E402

LEX = lexicon()
# English lexical attributes (lower case, is_punct): a bare Vocab() leaves lower_ == text.
VOCAB = spacy.blank("en").vocab
NO_SPACE_BEFORE = {",", ".", "'s", "’s", ":", ";", "!", "?"}


def make_doc(rows: list[tuple], vocab: Vocab | None = None) -> Doc:
    """A Doc from rows of (word, head, dep, pos, tag, lemma, ent); ``head`` is an absolute
    token index (a root points at itself), ``ent`` an IOB tag such as "B-PERSON" or "O"."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(vocab or VOCAB, words=words, spaces=spaces, heads=[r[1] for r in rows],
               deps=[r[2] for r in rows], pos=[r[3] for r in rows], tags=[r[4] for r in rows],
               lemmas=[r[5] for r in rows], ents=[r[6] for r in rows])


def mentions_of(doc: Doc, offset: int = 0, *, quoted: tuple[int, int] | None = None,
                own: tuple[int, int] | None = None, paragraph_breaks: tuple[int, ...] = ()) -> list[Mention]:
    return collect_mentions(
        doc, offset, LEX, own=own,
        in_quote=lambda c: quoted is not None and quoted[0] <= c < quoted[1],
        paragraph_of=lambda c: sum(1 for b in paragraph_breaks if b < c))


def entities_of(doc: Doc, speakers: tuple[str, ...] = ()):
    """Mentions and entities of a one-chunk article; ``speakers`` are source words whose
    start offsets are passed as statement sources."""
    found = mentions_of(doc)
    starts = [t.idx for t in doc if t.text in speakers]
    return found, build_entities(found, LEX, speakers=starts)


def entity_name_at(doc: Doc, ents, i: int) -> str | None:
    """Name of the entity the mention at token ``i`` belongs to."""
    e = ents.entity_of(doc[i].idx)
    return None if e is None else e.name


def by_text(mentions: list[Mention], text: str) -> Mention:
    return next(m for m in mentions if m.text == text)


# ------------------------------------------------------------------ sentences used below

def senator_said() -> Doc:
    # Senator Dana Whitfield said the plan works .
    return make_doc([
        ("Senator", 2, "compound", "PROPN", "NNP", "Senator", "O"),
        ("Dana", 2, "compound", "PROPN", "NNP", "Dana", "B-PERSON"),
        ("Whitfield", 3, "nsubj", "PROPN", "NNP", "Whitfield", "I-PERSON"),
        ("said", 3, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 5, "det", "DET", "DT", "the", "O"),
        ("plan", 6, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 3, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 3, "punct", "PUNCT", ".", ".", "O"),
    ])


def senator_then_description() -> Doc:
    # Senator Dana Whitfield voted . The senator said the plan works .
    return make_doc([
        ("Senator", 2, "compound", "PROPN", "NNP", "Senator", "O"),
        ("Dana", 2, "compound", "PROPN", "NNP", "Dana", "B-PERSON"),
        ("Whitfield", 3, "nsubj", "PROPN", "NNP", "Whitfield", "I-PERSON"),
        ("voted", 3, "ROOT", "VERB", "VBD", "vote", "O"),
        (".", 3, "punct", "PUNCT", ".", ".", "O"),
        ("The", 6, "det", "DET", "DT", "the", "O"),
        ("senator", 7, "nsubj", "NOUN", "NN", "senator", "O"),
        ("said", 7, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 9, "det", "DET", "DT", "the", "O"),
        ("plan", 10, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 7, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 7, "punct", "PUNCT", ".", ".", "O"),
    ])


def subject_object_then_he() -> Doc:
    # Marcus Ellery met Tom Baker . He said the plan works .
    return make_doc([
        ("Marcus", 1, "compound", "PROPN", "NNP", "Marcus", "B-PERSON"),
        ("Ellery", 2, "nsubj", "PROPN", "NNP", "Ellery", "I-PERSON"),
        ("met", 2, "ROOT", "VERB", "VBD", "meet", "O"),
        ("Tom", 4, "compound", "PROPN", "NNP", "Tom", "B-PERSON"),
        ("Baker", 2, "dobj", "PROPN", "NNP", "Baker", "I-PERSON"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
        ("He", 7, "nsubj", "PRON", "PRP", "he", "O"),
        ("said", 7, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 9, "det", "DET", "DT", "the", "O"),
        ("plan", 10, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 7, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 7, "punct", "PUNCT", ".", ".", "O"),
    ])


def she_after_a_man() -> Doc:
    # Grace Adeyemi voted . Marcus Ellery left . She said the plan works .
    return make_doc([
        ("Grace", 1, "compound", "PROPN", "NNP", "Grace", "B-PERSON"),
        ("Adeyemi", 2, "nsubj", "PROPN", "NNP", "Adeyemi", "I-PERSON"),
        ("voted", 2, "ROOT", "VERB", "VBD", "vote", "O"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
        ("Marcus", 5, "compound", "PROPN", "NNP", "Marcus", "B-PERSON"),
        ("Ellery", 6, "nsubj", "PROPN", "NNP", "Ellery", "I-PERSON"),
        ("left", 6, "ROOT", "VERB", "VBD", "leave", "O"),
        (".", 6, "punct", "PUNCT", ".", ".", "O"),
        ("She", 9, "nsubj", "PRON", "PRP", "she", "O"),
        ("said", 9, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 11, "det", "DET", "DT", "the", "O"),
        ("plan", 12, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 9, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 9, "punct", "PUNCT", ".", ".", "O"),
    ])


def two_unisex_subjects_then_she() -> Doc:
    # Dana Whitfield voted and Jordan Moreno abstained . She said the plan works .
    return make_doc([
        ("Dana", 1, "compound", "PROPN", "NNP", "Dana", "B-PERSON"),
        ("Whitfield", 2, "nsubj", "PROPN", "NNP", "Whitfield", "I-PERSON"),
        ("voted", 2, "ROOT", "VERB", "VBD", "vote", "O"),
        ("and", 2, "cc", "CCONJ", "CC", "and", "O"),
        ("Jordan", 5, "compound", "PROPN", "NNP", "Jordan", "B-PERSON"),
        ("Moreno", 6, "nsubj", "PROPN", "NNP", "Moreno", "I-PERSON"),
        ("abstained", 2, "conj", "VERB", "VBD", "abstain", "O"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
        ("She", 9, "nsubj", "PRON", "PRP", "she", "O"),
        ("said", 9, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 11, "det", "DET", "DT", "the", "O"),
        ("plan", 12, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 9, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 9, "punct", "PUNCT", ".", ".", "O"),
    ])


def coordinated_subjects_then_she() -> Doc:
    # Dana Whitfield and Jordan Moreno voted . She said the plan works .
    return make_doc([
        ("Dana", 1, "compound", "PROPN", "NNP", "Dana", "B-PERSON"),
        ("Whitfield", 5, "nsubj", "PROPN", "NNP", "Whitfield", "I-PERSON"),
        ("and", 1, "cc", "CCONJ", "CC", "and", "O"),
        ("Jordan", 4, "compound", "PROPN", "NNP", "Jordan", "B-PERSON"),
        ("Moreno", 1, "conj", "PROPN", "NNP", "Moreno", "I-PERSON"),
        ("voted", 5, "ROOT", "VERB", "VBD", "vote", "O"),
        (".", 5, "punct", "PUNCT", ".", ".", "O"),
        ("She", 8, "nsubj", "PRON", "PRP", "she", "O"),
        ("said", 8, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 10, "det", "DET", "DT", "the", "O"),
        ("plan", 11, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 8, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 8, "punct", "PUNCT", ".", ".", "O"),
    ])


# ------------------------------------------------------------------ 1. collecting mentions

def test_a_titled_name_is_one_name_mention_with_its_title_and_role():
    doc = senator_said()
    m = by_text(mentions_of(doc), "Dana Whitfield")
    assert (m.form, m.name, m.type, m.title) == ("name", "Dana Whitfield", "PERSON", "Senator")
    assert "senator" in m.roles and m.subject and not m.quoted
    assert (m.start, m.end) == (8, 22)


def test_a_title_inside_the_entity_span_is_split_off():
    doc = make_doc([
        ("Mrs.", 1, "compound", "PROPN", "NNP", "Mrs.", "B-PERSON"),
        ("Okafor", 2, "nsubj", "PROPN", "NNP", "Okafor", "I-PERSON"),
        ("said", 2, "ROOT", "VERB", "VBD", "say", "O"),
        ("so", 2, "advmod", "ADV", "RB", "so", "O"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
    ])
    m = by_text(mentions_of(doc), "Mrs. Okafor")
    assert (m.name, m.title, m.roles) == ("Okafor", "Mrs.", ())  # a courtesy title is no role


def test_a_pronoun_subject_is_a_pronoun_mention():
    doc = subject_object_then_he()
    m = by_text(mentions_of(doc), "He")
    assert (m.form, m.head, m.subject, m.sentence) == ("pronoun", "he", True, 1)
    baker = by_text(mentions_of(doc), "Tom Baker")
    assert not baker.subject


def test_a_role_description_is_a_description_mention():
    doc = senator_then_description()
    m = by_text(mentions_of(doc), "The senator")
    assert (m.form, m.head, m.name, m.subject) == ("description", "senator", None, True)


def trumps_campaign_said() -> Doc:
    # Trump 's campaign said so .
    return make_doc([
        ("Trump", 2, "poss", "PROPN", "NNP", "Trump", "B-PERSON"),
        ("'s", 0, "case", "PART", "POS", "'s", "O"),
        ("campaign", 3, "nsubj", "NOUN", "NN", "campaign", "O"),
        ("said", 3, "ROOT", "VERB", "VBD", "say", "O"),
        ("so", 3, "advmod", "ADV", "RB", "so", "O"),
        (".", 3, "punct", "PUNCT", ".", ".", "O"),
    ])


def test_a_campaign_of_a_person_is_an_org_of_mention():
    m = by_text(mentions_of(trumps_campaign_said()), "Trump's campaign")
    assert (m.form, m.type, m.head, m.owner) == ("org_of", "ORG", "campaign", 0)


def test_a_campaign_of_a_person_is_its_own_org_entity():
    doc = trumps_campaign_said()
    found = mentions_of(doc)
    ents = build_entities(found, LEX)
    eid = ents.of_mention[found.index(by_text(found, "Trump's campaign"))]
    assert eid is not None
    campaign = ents.entities[eid]
    assert (campaign.name, campaign.type) == ("Trump campaign", "ORG")
    assert ents.entity_of(0).name == "Trump" and ents.entity_of(0).id != campaign.id


def test_mentions_are_in_article_offsets_and_chunks_keep_only_their_own_range():
    doc = senator_said()
    shifted = by_text(mentions_of(doc, offset=100), "Dana Whitfield")
    assert (shifted.start, shifted.end) == (108, 122)
    assert "Dana Whitfield" not in [m.text for m in mentions_of(doc, offset=100, own=(115, 200))]
    quoted = by_text(mentions_of(doc, quoted=(0, 30)), "Dana Whitfield")
    assert quoted.quoted


# ------------------------------------------------------------------ 2. grouping names

def name(start: int, text: str, sentence: int, *, typ: str = "PERSON", title: str | None = None,
         subject: bool = True, roles: tuple[str, ...] = (), paragraph: int = 0) -> Mention:
    words = text.split()
    bare = " ".join(words[1:]) if title else text
    return Mention(start, start + len(text), text, "name", bare, typ, words[-1].lower(), sentence, paragraph,
                   subject=subject, title=title, roles=roles)


def pronoun(start: int, text: str, sentence: int, *, subject: bool = True, paragraph: int = 0) -> Mention:
    return Mention(start, start + len(text), text, "pronoun", None, None, text.lower(), sentence, paragraph,
                   subject=subject)


def grouped(mentions: list[Mention]) -> list[str | None]:
    ents = build_entities(mentions, LEX)
    return [None if e is None else ents.entities[e].name for e in ents.of_mention]


def test_a_surname_joins_the_full_name():
    assert grouped([name(0, "Dana Whitfield", 0), name(40, "Whitfield", 1)]) == ["Dana Whitfield"] * 2


def test_a_place_is_not_the_first_name_of_a_person_but_a_mistyped_surname_joins():
    found = [name(0, "Harlow Gazette", 0), name(40, "Harlow", 1, typ="GPE"), name(60, "Gazette", 2, typ="ORG")]
    assert grouped(found) == ["Harlow Gazette", "Harlow", "Harlow Gazette"]


def test_a_gendered_title_keeps_namesakes_apart():
    # Only the husband is named in full: "Mrs. Okafor" is someone else, not Daniel Okafor.
    found = [name(0, "Daniel Okafor", 0), name(40, "Mrs. Okafor", 1, title="Mrs."),
             name(80, "Mr. Okafor", 2, title="Mr.")]
    ents = build_entities(found, LEX)
    assert ents.of_mention[0] == ents.of_mention[2] != ents.of_mention[1]
    assert ents.entities[ents.of_mention[1]].gender == "female"


def test_a_gendered_title_picks_the_namesake_of_that_gender_not_the_last_named():
    found = [name(0, "Grace Okafor", 0), name(40, "Daniel Okafor", 1), name(80, "Mrs. Okafor", 2, title="Mrs.")]
    assert grouped(found) == ["Grace Okafor", "Daniel Okafor", "Grace Okafor"]


def test_a_bare_surname_shared_by_two_goes_to_the_one_last_named():
    found = [name(0, "Grace Okafor", 0), name(40, "Daniel Okafor", 1), name(80, "Okafor", 2)]
    assert grouped(found) == ["Grace Okafor", "Daniel Okafor", "Daniel Okafor"]


def test_an_acronym_joins_its_expansion():
    found = [name(0, "Democratic Renewal Council", 0, typ="ORG"), name(60, "DRC", 1, typ="ORG")]
    assert grouped(found) == ["Democratic Renewal Council"] * 2


def test_a_short_form_joins_the_longer_name():
    found = [name(0, "Harlow Post", 0, typ="ORG"), name(40, "Post", 1, typ="ORG")]
    assert grouped(found) == ["Harlow Post"] * 2


def test_a_party_is_not_merged_into_a_longer_group_of_it():
    found = [name(0, "Committee Republicans", 0, typ="NORP"), name(40, "Republicans", 1, typ="NORP")]
    assert grouped(found) == ["Committee Republicans", "Republicans"]


def test_different_organisations_stay_apart():
    found = [name(0, "Harlow Post", 0, typ="ORG"), name(40, "Democratic Renewal Council", 1, typ="ORG")]
    ents = build_entities(found, LEX)
    assert len(ents.entities) == 2


# ------------------------------------------------------------------ 3. pronouns and descriptions

def test_pronoun_prefers_the_previous_sentences_subject_over_its_object():
    doc = subject_object_then_he()
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 6) == "Marcus Ellery"


def test_she_skips_a_more_recent_male_candidate():
    doc = she_after_a_man()
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 8) == "Grace Adeyemi"


def test_a_tie_leaves_the_pronoun_unresolved():
    doc = two_unisex_subjects_then_she()
    found, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 8) is None
    assert ents.of_mention[found.index(by_text(found, "She"))] is None


def test_coordinated_subjects_of_unknown_gender_tie():
    doc = coordinated_subjects_then_she()
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 7) is None


def test_names_joined_by_and_are_a_group_mention():
    found = mentions_of(coordinated_subjects_then_she())
    group = next(m for m in found if m.form == "group")
    assert (group.text, group.members) == ("Dana Whitfield and Jordan Moreno", (0, 19))


def test_they_means_the_group_she_still_ties():
    doc = coordinated_subjects_then_she()
    found = mentions_of(doc)
    they = Mention(60, 64, "they", "pronoun", None, None, "they", 1, 0, subject=True)
    ents = build_entities(sorted(found + [they], key=lambda m: (m.start, -m.end)), LEX)
    assert ents.entity_of(60).name == "Dana Whitfield and Jordan Moreno"
    assert entity_name_at(doc, ents, 7) is None


def test_it_is_left_unnamed_when_an_unnamed_thing_is_the_nearer_subject():
    thing = Mention(40, 51, "The program", "description", None, None, "program", 1, 0, subject=True)
    found = [name(0, "Harlow Institute", 0, typ="ORG"), thing, pronoun(70, "it", 1, subject=False)]
    assert grouped(found) == ["Harlow Institute", None, None]


def first_person(start: int, sentence: int, paragraph: int) -> Mention:
    return Mention(start, start + 1, "I", "first_person", None, None, "i", sentence, paragraph, subject=True)


def signed(start: int, text: str, sentence: int, paragraph: int, signs: str) -> Mention:
    return replace(name(start, text, sentence, paragraph=paragraph), signs=signs)


def test_i_is_the_signature_below_it_or_the_closing_tagline():
    letters = [first_person(0, 0, 0), signed(40, "Martha Lindqvist", 1, 1, "signature"),
               first_person(60, 2, 2), signed(90, "Peter Olsen", 3, 3, "signature")]
    assert grouped(letters) == ["Martha Lindqvist", "Martha Lindqvist", "Peter Olsen", "Peter Olsen"]
    piece = [first_person(0, 0, 0), signed(80, "Nora Castell", 3, 3, "tagline")]
    assert grouped(piece)[0] == "Nora Castell"
    not_last = [first_person(0, 0, 0), signed(80, "Nora Castell", 3, 3, "tagline"),
                name(150, "Ada Ruiz", 4, paragraph=4)]
    assert grouped(not_last)[0] is None


def test_pronoun_tie_on_plain_mentions():
    found = [name(0, "Dana Whitfield", 0), name(20, "Jordan Moreno", 0), pronoun(60, "she", 1)]
    assert grouped(found)[-1] is None


def test_a_person_named_by_first_name_only_has_its_gender():
    # "Melanie" is female by the name table; the man named later is nearer but not "she"
    found = [name(0, "Melanie", 0), name(20, "Kevin", 1), pronoun(60, "she", 2)]
    assert grouped(found)[-1] == "Melanie"
    # a one-word name that is somebody's surname tells no gender
    found = [name(0, "Amelia Joseph", 0), name(20, "Joseph", 1), pronoun(60, "she", 2)]
    assert grouped(found)[-1] == "Amelia Joseph"


def test_a_name_inside_what_a_statement_reports_yields_to_the_passages_subject():
    # Tom Hale spoke. [He noted that] Dan Ruiz had long called for cuts. He said …
    found = [name(0, "Tom Hale", 0), name(40, "Dan Ruiz", 1), pronoun(80, "he", 2)]
    assert grouped(found)[-1] == "Dan Ruiz"
    ents = build_entities(found, LEX, contents=[(35, 75)])
    assert ents.entities[ents.of_mention[-1]].name == "Tom Hale"


def test_they_is_no_body_named_in_passing_in_its_own_sentence():
    found = [name(0, "Harlow Council", 0, typ="ORG", subject=False), pronoun(40, "they", 0)]
    assert grouped(found)[-1] is None
    found = [name(0, "Harlow Council", 0, typ="ORG"), pronoun(40, "they", 1)]
    ents = build_entities(found, LEX, speakers=[0])  # the council, just the subject, has spoken
    assert ents.entities[ents.of_mention[-1]].name == "Harlow Council"


def test_a_pronoun_with_no_candidate_is_unresolved():
    assert grouped([pronoun(0, "she", 0)]) == [None]


def test_it_goes_to_an_organisation_not_a_person():
    found = [name(0, "Marcus Ellery", 0), name(20, "Harlow Institute", 0, typ="ORG", subject=False),
             pronoun(60, "it", 1)]
    assert grouped(found)[-1] == "Harlow Institute"


def test_a_description_resolves_through_an_introduced_role():
    doc = senator_then_description()
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 6) == "Dana Whitfield"
    whitfield = ents.entity_of(doc[1].idx)
    assert "senator" in whitfield.roles
    assert [ents.mentions[i].text for i in whitfield.mentions] == ["Dana Whitfield", "The senator"]


def test_a_description_with_no_one_introduced_in_that_role_names_nobody():
    # Governor Marcus Ellery voted . The senator said the plan works .
    doc = senator_then_description()
    rows = [("Governor", 2, "compound", "PROPN", "NNP", "Governor", "O"),
            ("Marcus", 2, "compound", "PROPN", "NNP", "Marcus", "B-PERSON"),
            ("Ellery", 3, "nsubj", "PROPN", "NNP", "Ellery", "I-PERSON")]
    rows += [(t.text, t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_, "O") for t in doc[3:]]
    doc = make_doc(rows)
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 6) is None


# ------------------------------------------------------------------ 4. speakers of sources

def test_speaker_of_a_titled_name():
    doc = senator_said()
    _, ents = entities_of(doc, speakers=("Whitfield",))
    s = speaker_of(Source(doc[2], 0), doc.text, ents, LEX)
    assert (s.name, s.type, s.role, s.resolved_by) == ("Dana Whitfield", "PERSON", "Senator", "explicit")
    assert s.entity == ents.entity_of(doc[1].idx).id
    assert s.mention.text == "Senator Dana Whitfield"


def test_speaker_of_a_pronoun_and_of_a_description():
    doc = she_after_a_man()
    _, ents = entities_of(doc, speakers=("She",))
    s = speaker_of(Source(doc[8], 0), doc.text, ents, LEX)
    assert (s.name, s.resolved_by, s.entity) == ("Grace Adeyemi", "pronoun", ents.entity_of(0).id)
    doc = senator_then_description()
    _, ents = entities_of(doc, speakers=("senator",))
    s = speaker_of(Source(doc[6], 0), doc.text, ents, LEX)
    assert (s.name, s.resolved_by, s.mention.text) == ("Dana Whitfield", "description", "The senator")


def test_an_unresolved_pronoun_speaker_has_no_name():
    doc = two_unisex_subjects_then_she()
    _, ents = entities_of(doc, speakers=("She",))
    s = speaker_of(Source(doc[8], 0), doc.text, ents, LEX)
    assert (s.name, s.entity, s.resolved_by) == (None, None, "pronoun")


def test_a_generic_source_gets_no_name_from_its_modifier():
    # French health officials said the outbreak was contained .
    doc = make_doc([
        ("French", 2, "amod", "ADJ", "JJ", "french", "B-NORP"),
        ("health", 2, "compound", "NOUN", "NN", "health", "O"),
        ("officials", 3, "nsubj", "NOUN", "NNS", "official", "O"),
        ("said", 3, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 5, "det", "DET", "DT", "the", "O"),
        ("outbreak", 7, "nsubjpass", "NOUN", "NN", "outbreak", "O"),
        ("was", 7, "auxpass", "AUX", "VBD", "be", "O"),
        ("contained", 3, "ccomp", "VERB", "VBN", "contain", "O"),
        (".", 3, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc, speakers=("officials",))
    s = speaker_of(Source(doc[2], 0), doc.text, ents, LEX)
    assert (s.name, s.entity) == (None, None)
    assert s.mention.text == "French health officials"


def test_a_document_speaks_for_its_issuer():
    # A poll by the Harlow Institute found that voters backed the plan .
    doc = make_doc([
        ("A", 1, "det", "DET", "DT", "a", "O"),
        ("poll", 6, "nsubj", "NOUN", "NN", "poll", "O"),
        ("by", 1, "prep", "ADP", "IN", "by", "O"),
        ("the", 5, "det", "DET", "DT", "the", "B-ORG"),
        ("Harlow", 5, "compound", "PROPN", "NNP", "Harlow", "I-ORG"),
        ("Institute", 2, "pobj", "PROPN", "NNP", "Institute", "I-ORG"),
        ("found", 6, "ROOT", "VERB", "VBD", "find", "O"),
        ("that", 9, "mark", "SCONJ", "IN", "that", "O"),
        ("voters", 9, "nsubj", "NOUN", "NNS", "voter", "O"),
        ("backed", 6, "ccomp", "VERB", "VBD", "back", "O"),
        ("the", 11, "det", "DET", "DT", "the", "O"),
        ("plan", 9, "dobj", "NOUN", "NN", "plan", "O"),
        (".", 6, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc, speakers=("poll",))
    s = speaker_of(Source(doc[1], 0), doc.text, ents, LEX)
    assert (s.name, s.type, s.resolved_by) == ("Harlow Institute", "ORG", "description")
    assert s.entity == ents.entity_of(doc[5].idx).id
    assert s.mention.text == "A poll by the Harlow Institute"


def test_a_document_with_no_issuer_names_nobody():
    # The poll found that voters backed it .
    doc = make_doc([
        ("The", 1, "det", "DET", "DT", "the", "O"),
        ("poll", 2, "nsubj", "NOUN", "NN", "poll", "O"),
        ("found", 2, "ROOT", "VERB", "VBD", "find", "O"),
        ("that", 5, "mark", "SCONJ", "IN", "that", "O"),
        ("voters", 5, "nsubj", "NOUN", "NNS", "voter", "O"),
        ("backed", 2, "ccomp", "VERB", "VBD", "back", "O"),
        ("it", 5, "dobj", "PRON", "PRP", "it", "O"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc, speakers=("poll",))
    s = speaker_of(Source(doc[1], 0), doc.text, ents, LEX)
    assert (s.name, s.entity) == (None, None)


def test_a_role_with_a_name_in_apposition_names_that_person():
    # Its general secretary , Owen Pritchard , told the BBC that it failed .
    doc = make_doc([
        ("Its", 2, "poss", "PRON", "PRP$", "its", "O"),
        ("general", 2, "amod", "ADJ", "JJ", "general", "O"),
        ("secretary", 7, "nsubj", "NOUN", "NN", "secretary", "O"),
        (",", 2, "punct", "PUNCT", ",", ",", "O"),
        ("Owen", 5, "compound", "PROPN", "NNP", "Owen", "B-PERSON"),
        ("Pritchard", 2, "appos", "PROPN", "NNP", "Pritchard", "I-PERSON"),
        (",", 2, "punct", "PUNCT", ",", ",", "O"),
        ("told", 7, "ROOT", "VERB", "VBD", "tell", "O"),
        ("the", 9, "det", "DET", "DT", "the", "B-ORG"),
        ("BBC", 7, "dobj", "PROPN", "NNP", "BBC", "I-ORG"),
        ("that", 12, "mark", "SCONJ", "IN", "that", "O"),
        ("it", 12, "nsubj", "PRON", "PRP", "it", "O"),
        ("failed", 7, "ccomp", "VERB", "VBD", "fail", "O"),
        (".", 7, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc, speakers=("secretary",))
    s = speaker_of(Source(doc[2], 0), doc.text, ents, LEX)
    assert s.name == "Owen Pritchard"
    assert s.entity == ents.entity_of(doc[4].idx).id


def test_the_current_speaker_is_a_source_named_in_full():
    # Zorvik Ardent and Keltho Moro spoke. (Ardent was the statement's source.) She said …:
    # the source is passed by its head word, "Ardent", yet counts as the passage's speaker.
    mentions = [name(0, "Zorvik Ardent", 0), name(18, "Keltho Moro", 0), pronoun(37, "She", 1)]
    ents = build_entities(mentions, LEX, speakers=[7])
    assert ents.entities[ents.of_mention[2]].name == "Zorvik Ardent"


def test_each_means_names_joined_by_and_never_a_body():
    each = Mention(40, 44, "each", "pronoun", None, None, "each", 0, 0, subject=True)
    found = [name(0, "Harlow Institute", 0, typ="ORG"), each]
    assert grouped(found) == ["Harlow Institute", None]


def test_she_is_not_a_man_whose_first_name_leans_male():
    # Chris Ardent praised Grace Adeyemi after she won: "Chris" is mostly a man's name.
    found = [name(0, "Chris Ardent", 0), name(20, "Grace Adeyemi", 0, subject=False), pronoun(40, "she", 0)]
    assert grouped(found) == ["Chris Ardent", "Grace Adeyemi", "Grace Adeyemi"]
    # a title says more than the lean of a first name
    found = [name(0, "Mrs. Chris Ardent", 0, title="Mrs."), pronoun(40, "she", 1)]
    assert grouped(found) == ["Chris Ardent", "Chris Ardent"]


def test_a_shared_surname_goes_to_the_person_a_pronoun_after_it_fits():
    # Grace Ardent … Tom Ardent … Ardent told her staff …: the Ardent of "her".
    found = [name(0, "Grace Ardent", 0), name(20, "Tom Ardent", 1, subject=False), name(40, "Ardent", 2),
             pronoun(52, "her", 2, subject=False)]
    assert grouped(found)[2] == "Grace Ardent"
    found[3] = pronoun(52, "his", 2, subject=False)
    assert grouped(found)[2] == "Tom Ardent"


def test_an_untagged_first_name_makes_a_one_word_person_a_surname():
    # Quorinda Joseph voted . She said the plan works .  (the tagger took only "Joseph")
    doc = make_doc([
        ("Quorinda", 1, "compound", "PROPN", "NNP", "Quorinda", "O"),
        ("Joseph", 2, "nsubj", "PROPN", "NNP", "Joseph", "B-PERSON"),
        ("voted", 2, "ROOT", "VERB", "VBD", "vote", "O"),
        (".", 2, "punct", "PUNCT", ".", ".", "O"),
        ("She", 5, "nsubj", "PRON", "PRP", "she", "O"),
        ("said", 5, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 7, "det", "DET", "DT", "the", "O"),
        ("plan", 8, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 5, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 5, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc)
    assert entity_name_at(doc, ents, 1) == "Quorinda Joseph"
    assert entity_name_at(doc, ents, 4) == "Quorinda Joseph"  # "Joseph" is no man's first name here


def test_a_party_and_state_label_speaks_for_the_name_it_follows():
    # Dale Corwin , R - Wis. , said the plan works .  (the source found is the label)
    doc = make_doc([
        ("Dale", 1, "compound", "PROPN", "NNP", "Dale", "B-PERSON"),
        ("Corwin", 7, "nsubj", "PROPN", "NNP", "Corwin", "I-PERSON"),
        (",", 1, "punct", "PUNCT", ",", ",", "O"),
        ("R", 5, "compound", "PROPN", "NNP", "R", "O"),
        ("-", 5, "punct", "PUNCT", "HYPH", "-", "O"),
        ("Wis.", 1, "npadvmod", "PROPN", "NNP", "Wis.", "B-GPE"),
        (",", 1, "punct", "PUNCT", ",", ",", "O"),
        ("said", 7, "ROOT", "VERB", "VBD", "say", "O"),
        ("the", 9, "det", "DET", "DT", "the", "O"),
        ("plan", 10, "nsubj", "NOUN", "NN", "plan", "O"),
        ("works", 7, "ccomp", "VERB", "VBZ", "work", "O"),
        (".", 7, "punct", "PUNCT", ".", ".", "O"),
    ])
    _, ents = entities_of(doc, speakers=("Wis.",))
    s = speaker_of(Source(doc[5], 0), doc.text, ents, LEX)
    assert s.name == "Dale Corwin"


def test_a_headline_full_name_shows_a_one_word_name_is_a_surname():
    # Headline: "Hazel Whitfield Speaks" … Whitfield left . She said …: "Whitfield" is no man's
    # first name here, so "she" may mean her.
    found = [replace(name(0, "Hazel Whitfield", 0), headline=True), name(30, "Whitfield", 1), pronoun(50, "She", 2)]
    assert grouped(found)[1:] == ["Whitfield", "Whitfield"]


def test_a_person_typed_as_an_organisation_stops_a_pronoun_telling_the_subject_gender():
    # Tom Baker … Ardent noted that Baker (typed ORG) had hidden his returns: "his" is Baker's.
    found = [name(0, "Tom Baker", 0), name(20, "Ardent", 1), name(40, "Baker", 1, typ="ORG", subject=False),
             pronoun(60, "his", 1, subject=False)]
    ents = build_entities(found, LEX)
    assert ents.entities[ents.of_mention[1]].gender is None


def test_the_city_is_the_place_just_named_when_clearly_ahead():
    city = Mention(30, 38, "The city", "description", None, None, "city", 1, 0, subject=True, definite=True)
    assert grouped([name(0, "Harlow", 0, typ="GPE"), city])[1] == "Harlow"
    # two places named alike: no guess
    found = [name(0, "Harlow", 0, typ="GPE"), name(10, "Kessing", 0, typ="GPE"), city]
    assert grouped(found)[2] is None


def test_they_names_a_body_only_once_it_has_spoken():
    # The Harlow Institute interviewed twenty staff . They described …: the staff, not the body.
    found = [name(0, "Harlow Institute", 0, typ="ORG"), pronoun(60, "They", 1)]
    assert grouped(found) == ["Harlow Institute", None]
    # The Harlow Institute said … . They added …
    ents = build_entities(found, LEX, speakers=[0])
    assert ents.of_mention[1] is not None and ents.entities[ents.of_mention[1]].name == "Harlow Institute"
