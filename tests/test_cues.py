"""Reporting frames and claims: hand-built parses for each rule (no model needed), and a few
whole sentences through the model."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from spacy.tokens import Doc  # noqa: E402
import spacy  # noqa: E402

from saywho.nlp.claims import Quotes, find_claims  # noqa: E402
from saywho.nlp.cues import _participle_governor, find_frames  # noqa: E402
from saywho.nlp.lexicon import lexicon  # noqa: E402
from saywho.nlp.quotes import find_quotes  # noqa: E402


VOCAB = spacy.blank("en").vocab  # English lexical attributes (punctuation, lower case)


def parsed(rows: str) -> Doc:
    """A Doc from lines of `word TAG POS dep head lemma` (head: index, or itself)."""
    toks = [line.split() for line in rows.strip().splitlines()]
    words = [t[0] for t in toks]
    spaces = [i + 1 < len(toks) and not toks[i + 1][2] == "PUNCT" for i in range(len(toks))]
    return Doc(VOCAB, words=words, spaces=spaces, tags=[t[1] for t in toks], pos=[t[2] for t in toks],
               deps=[t[3] for t in toks], heads=[int(t[4]) for t in toks], lemmas=[t[5] for t in toks],
               sent_starts=[i == 0 for i in range(len(toks))])


def frames_of(doc: Doc) -> dict[str, tuple[str | None, str | None]]:
    """cue lemma -> (source text, content text)"""
    out = {}
    for f in find_frames(doc, lexicon(), in_quote=lambda c: False):
        content = doc[f.content[0]:f.content[1]].text if f.content else None
        out[f.lemma] = (f.source.text if f.source is not None else None, content)
    return out


def claims_of(doc: Doc) -> list[tuple[str, str]]:
    quotes = Quotes(find_quotes(doc.text))
    return [(c.frame.lemma if c.frame else "-", doc.text[c.start:c.end])
            for c in find_claims(doc, quotes, lexicon())]


# "Carson said he saw no need to change, telling reporters that he was ready."
TELLING = parsed("""
Carson NNP PROPN nsubj 1 Carson
said VBD VERB ROOT 1 say
he PRP PRON nsubj 3 he
saw VBD VERB ccomp 1 see
no DT DET det 5 no
need NN NOUN dobj 3 need
to TO PART aux 7 to
change VB VERB acl 5 change
, , PUNCT punct 3 ,
telling VBG VERB advcl 3 tell
reporters NNS NOUN dobj 9 reporter
that IN SCONJ mark 14 that
he PRP PRON nsubj 14 he
was VBD AUX aux 14 be
ready JJ ADJ ccomp 9 ready
. . PUNCT punct 1 .
""")


def test_a_participle_cue_starts_a_statement_of_its_own():
    got = frames_of(TELLING)
    assert got["say"] == ("Carson", "he saw no need to change")
    # the participle speaks for Carson, not for "he" inside the first statement
    assert got["tell"] == ("Carson", "he was ready")
    assert [lemma for lemma, _ in claims_of(TELLING)] == ["say", "tell"]


# "Howells denied that jobs would be lost and accused the union of scaremongering."
DENIED_AND_ACCUSED = parsed("""
Howells NNP PROPN nsubj 1 Howells
denied VBD VERB ROOT 1 deny
that IN SCONJ mark 6 that
jobs NNS NOUN nsubjpass 6 job
would MD AUX aux 6 would
be VB AUX auxpass 6 be
lost VBN VERB ccomp 1 lose
and CC CCONJ cc 6 and
accused VBN VERB conj 6 accuse
the DT DET det 10 the
union NN NOUN dobj 8 union
of IN ADP prep 8 of
scaremongering VBG VERB pobj 11 scaremonger
. . PUNCT punct 1 .
""")


def test_a_coordinated_cue_is_cut_off_and_keeps_the_speaker():
    got = frames_of(DENIED_AND_ACCUSED)
    assert got["deny"] == ("Howells", "jobs would be lost")
    # "accused X of Y": the object and what they are accused of
    assert got["accuse"] == ("Howells", "the union of scaremongering")


# "He said legalizing it could put thousands to work." with "legalizing" taken for an xcomp
SLIPPED = parsed("""
He PRP PRON nsubj 1 he
said VBD VERB ROOT 1 say
legalizing VBG VERB xcomp 1 legalize
it PRP PRON nsubj 5 it
could MD AUX aux 5 could
put VB VERB ccomp 2 put
thousands NNS NOUN dobj 5 thousand
to TO PART aux 8 to
work VB VERB advcl 5 work
. . PUNCT punct 1 .
""")


def test_a_clause_the_parser_did_not_attach_is_still_the_content():
    assert frames_of(SLIPPED)["say"] == ("He", None)
    assert claims_of(SLIPPED) == [("say", "legalizing it could put thousands to work")]


# "The plan was challenged by a group, which called for a vote."
CHALLENGED = parsed("""
The DT DET det 1 the
plan NN NOUN nsubjpass 3 plan
was VBD AUX auxpass 3 be
challenged VBN VERB ROOT 3 challenge
by IN ADP agent 3 by
a DT DET det 6 a
group NN NOUN pobj 4 group
, , PUNCT punct 6 ,
which WDT PRON nsubj 9 which
called VBD VERB relcl 6 call
for IN ADP prep 9 for
a DT DET det 12 a
vote NN NOUN pobj 10 vote
. . PUNCT punct 3 .
""")


def test_a_passive_cue_does_not_take_its_agent_for_content():
    assert claims_of(CHALLENGED) == [("call", "a vote")]


@pytest.fixture(scope="module")
def extract():
    saywho = pytest.importorskip("saywho")
    try:
        saywho.extract("Test.")
    except Exception as exc:  # noqa: BLE001 - no model installed
        pytest.skip(f"no spaCy model: {exc}")
    return saywho.extract


def statements(extract, text: str) -> list[tuple[str, str, str | None]]:
    return [(a.cue.text if a.cue else "-", a.content.text,
             a.speaker.mention.text if a.speaker and a.speaker.mention else None)
            for a in extract(text).attributions]


def test_model_adding_that_is_two_statements(extract):
    got = statements(extract, "The minister said the budget was balanced, adding that "
                              "taxes would not rise next year.")
    assert [(cue, content) for cue, content, _ in got] == [
        ("said", "the budget was balanced"), ("adding", "taxes would not rise next year")]
    assert {speaker for _, _, speaker in got} == {"The minister"}


def test_model_new_cue_verbs_take_their_object(extract):
    got = statements(extract, "Senator Alvarez denounced the new tariffs on Tuesday.")
    assert got and got[0][0] == "denounced" and got[0][1].startswith("the new tariffs")


# "His accusations of fraud angered the board." / "The support for the plan grew."
ACCUSATIONS = parsed("""
His PRP$ PRON poss 1 his
accusations NNS NOUN nsubj 4 accusation
of IN ADP prep 1 of
fraud NN NOUN pobj 2 fraud
angered VBD VERB ROOT 4 anger
the DT DET det 6 the
board NN NOUN dobj 4 board
. . PUNCT punct 4 .
""")
UNOWNED = parsed("""
The DT DET det 1 the
support NN NOUN nsubj 5 support
for IN ADP prep 1 for
the DT DET det 4 the
plan NN NOUN pobj 2 plan
grew VBD VERB ROOT 5 grow
. . PUNCT punct 5 .
""")


def test_a_noun_cue_with_a_possessor_takes_its_prepositional_content():
    assert frames_of(ACCUSATIONS)["accusation"] == ("His", "fraud")
    assert "support" not in frames_of(UNOWNED)  # nobody's support: not a statement


# "Lee was optimistic that the talks would succeed." / "It is unclear whether she will run."
OPTIMISTIC = parsed("""
Lee NNP PROPN nsubj 1 Lee
was VBD AUX ROOT 1 be
optimistic JJ ADJ acomp 1 optimistic
that IN SCONJ mark 7 that
the DT DET det 5 the
talks NNS NOUN nsubj 7 talk
would MD AUX aux 7 would
succeed VB VERB ccomp 2 succeed
. . PUNCT punct 1 .
""")
UNCLEAR = parsed("""
It PRP PRON nsubj 1 it
is VBZ AUX ROOT 1 be
unclear JJ ADJ acomp 1 unclear
whether IN SCONJ mark 6 whether
she PRP PRON nsubj 6 she
will MD AUX aux 6 will
run VB VERB ccomp 2 run
. . PUNCT punct 1 .
""")


def test_an_adjective_cue_is_a_belief_of_the_subject():
    frames = find_frames(OPTIMISTIC, lexicon(), in_quote=lambda c: False)
    assert [(f.lemma, f.source.text, f.belief) for f in frames] == [("optimistic", "Lee", True)]
    assert frames_of(OPTIMISTIC)["optimistic"][1] == "the talks would succeed"
    assert frames_of(UNCLEAR)["unclear"] == (None, "she will run")  # impersonal: no source
    assert find_frames(OPTIMISTIC, lexicon(), in_quote=lambda c: False, beliefs=False) == []


# "Half said they would vote." : a quantity is a source
HALF = parsed("""
Half CD NUM nsubj 1 half
said VBD VERB ROOT 1 say
they PRP PRON nsubj 4 they
would MD AUX aux 4 would
vote VB VERB ccomp 1 vote
. . PUNCT punct 1 .
""")


def test_a_quantity_is_a_source():
    HALF[0].ent_type_ = "CARDINAL"
    assert frames_of(HALF)["say"] == ("Half", "they would vote")


# "The mayor cited remarks the chief had made as proof of bias." : the relative clause and
# the "as" phrase, attached to the verb, stay in the content
CITED = parsed("""
The DT DET det 1 the
mayor NN NOUN nsubj 2 mayor
cited VBD VERB ROOT 2 cite
remarks NNS NOUN dobj 2 remark
the DT DET det 5 the
chief NN NOUN nsubj 7 chief
had VBD AUX aux 7 have
made VBN VERB relcl 2 make
as IN ADP prep 2 as
proof NN NOUN pobj 8 proof
of IN ADP prep 9 of
bias NN NOUN pobj 10 bias
. . PUNCT punct 2 .
""")

# "A poll shows Lee with a lead, putting her ahead." : "with a lead" belongs to the content,
# the participle clause after the comma does not
SHOWS = parsed("""
A DT DET det 1 a
poll NN NOUN nsubj 2 poll
shows VBZ VERB ROOT 2 show
Lee NNP PROPN dobj 2 Lee
with IN ADP prep 2 with
a DT DET det 6 a
lead NN NOUN pobj 4 lead
, , PUNCT punct 2 ,
putting VBG VERB advcl 2 put
her PRP PRON dobj 8 she
ahead RB ADV advmod 8 ahead
. . PUNCT punct 2 .
""")

# "Lee complained about the microphone the morning after." : the time phrase attached to
# the verb follows the prepositional content without a break
COMPLAINED = parsed("""
Lee NNP PROPN nsubj 1 Lee
complained VBD VERB ROOT 1 complain
about IN ADP prep 1 about
the DT DET det 4 the
microphone NN NOUN pobj 2 microphone
the DT DET det 6 the
morning NN NOUN npadvmod 1 morning
after RB ADV advmod 6 after
. . PUNCT punct 1 .
""")


def test_what_the_parser_hangs_on_the_verb_after_the_object_stays_in_the_content():
    assert frames_of(CITED)["cite"] == ("mayor", "remarks the chief had made as proof of bias")
    assert frames_of(SHOWS)["show"] == ("poll", "Lee with a lead")
    assert frames_of(COMPLAINED)["complain"] == ("Lee", "the microphone the morning after")




def test_a_clause_far_before_its_cue_is_its_content():
    """"The plan was, by every measure the board had ..., unfair, sources said.": the clause
    head lies more than thirty tokens before the cue."""
    filler = "by every measure".split() * 12
    words = ["The", "plan", "was"] + filler + ["unfair", ",", "sources", "said", "."]
    k = len(words) - 5  # "unfair"
    heads = [1, 2, k + 3] + [2] * len(filler) + [2, k + 3, k + 3, k + 3, k + 3]
    deps = ["det", "nsubj", "ccomp"] + ["dep"] * len(filler) + ["acomp", "punct", "nsubj", "ROOT", "punct"]
    pos = ["DET", "NOUN", "AUX"] + ["X"] * len(filler) + ["ADJ", "PUNCT", "NOUN", "VERB", "PUNCT"]
    lemmas = ["the", "plan", "be"] + filler + ["unfair", ",", "source", "say", "."]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              sent_starts=[i == 0 for i in range(len(words))])
    source, content = frames_of(doc)["say"]
    assert source == "sources" and content.startswith("The plan was by") and content.endswith("unfair")


# "The bill is supported by Lee." : a passive cue reports its subject; the agent speaks
SUPPORTED = parsed("""
The DT DET det 1 the
bill NN NOUN nsubjpass 3 bill
is VBZ AUX auxpass 3 be
supported VBN VERB ROOT 3 support
by IN ADP agent 3 by
Lee NNP PROPN pobj 4 Lee
. . PUNCT punct 3 .
""")

# "Lee was accused of lying." : no agent, no source; the content runs over the "of" phrase
ACCUSED = parsed("""
Lee NNP PROPN nsubjpass 2 Lee
was VBD AUX auxpass 2 be
accused VBN VERB ROOT 2 accuse
of IN ADP prep 2 of
lying VBG VERB pcomp 3 lie
. . PUNCT punct 2 .
""")

# "Lee was told that the plan had failed." : a passive addressee; the clause is the content
TOLD = parsed("""
Lee NNP PROPN nsubjpass 2 Lee
was VBD AUX auxpass 2 be
told VBN VERB ROOT 2 tell
that IN SCONJ mark 6 that
the DT DET det 5 the
plan NN NOUN nsubj 6 plan
failed VBD VERB ccomp 2 fail
. . PUNCT punct 2 .
""")


def test_a_passive_cue_reports_its_subject_and_the_agent_is_the_source():
    assert frames_of(SUPPORTED)["support"] == ("Lee", "The bill is supported")
    assert frames_of(ACCUSED)["accuse"] == (None, "Lee was accused of lying")
    assert frames_of(TOLD)["tell"] == (None, "the plan failed")


# "Lee faces questions (her campaign disclosed that she has pneumonia)." as the small model
# parses it: the sentence before the parenthesis hangs on "disclosed" as a second clause
DISCLOSED = parsed("""
Lee NNP PROPN nsubj 1 Lee
faces VBZ VERB ccomp 6 face
questions NNS NOUN dobj 1 question
( -LRB- PUNCT punct 6 (
her PRP$ PRON poss 5 her
campaign NN NOUN nsubj 6 campaign
disclosed VBD VERB ROOT 6 disclose
that IN SCONJ mark 9 that
she PRP PRON nsubj 9 she
has VBZ VERB ccomp 6 have
pneumonia NN NOUN dobj 9 pneumonia
) -RRB- PUNCT punct 6 )
. . PUNCT punct 6 .
""")


def test_the_clause_after_the_cue_is_its_content_before_one_in_front_of_it():
    assert frames_of(DISCLOSED)["disclose"] == ("campaign", "she has pneumonia")


# "Lee hoped voters would come." with the lemmatizer's "hop" for "hoped"
HOPED = parsed("""
Lee NNP PROPN nsubj 1 Lee
hoped VBD VERB ROOT 1 hop
voters NNS NOUN nsubj 4 voter
would MD AUX aux 4 would
come VB VERB ccomp 1 come
. . PUNCT punct 1 .
""")


def test_a_cue_is_known_by_its_inflection_when_the_lemma_is_cut_short():
    assert frames_of(HOPED)["hope"] == ("Lee", "voters would come")


# "The agency declined to comment." : the infinitive is the content
DECLINED = parsed("""
The DT DET det 1 the
agency NN NOUN nsubj 2 agency
declined VBD VERB ROOT 2 decline
to TO PART aux 4 to
comment VB VERB xcomp 2 comment
. . PUNCT punct 2 .
""")


def test_declining_to_comment_is_a_statement():
    assert frames_of(DECLINED)["decline"] == ("agency", "to comment")


# "The court ruled that the law was invalid." : a ruling is reported like speech
RULED = parsed("""
The DT DET det 1 the
court NN NOUN nsubj 2 court
ruled VBD VERB ROOT 2 rule
that IN SCONJ mark 6 that
the DT DET det 5 the
law NN NOUN nsubj 6 law
was VBD AUX ccomp 2 be
invalid JJ ADJ acomp 6 invalid
. . PUNCT punct 2 .
""")

# "The report documents faster warming." : a document's object is its content
DOCUMENTS = parsed("""
The DT DET det 1 the
report NN NOUN nsubj 2 report
documents VBZ VERB ROOT 2 document
faster JJR ADJ amod 4 fast
warming NN NOUN dobj 2 warming
. . PUNCT punct 2 .
""")


def test_rulings_and_documents_report():
    assert frames_of(RULED)["rule"] == ("court", "the law was invalid")
    assert frames_of(DOCUMENTS)["document"] == ("report", "faster warming")


# "Lee's plan to cut taxes drew fire." : a noun cue's infinitive is its content
PLAN = parsed("""
Lee NNP PROPN poss 2 Lee
's POS PART case 0 's
plan NN NOUN nsubj 6 plan
to TO PART aux 4 to
cut VB VERB acl 2 cut
taxes NNS NOUN dobj 4 tax
drew VBD VERB ROOT 6 draw
fire NN NOUN dobj 6 fire
. . PUNCT punct 6 .
""")


def test_a_noun_cue_takes_its_infinitive():
    assert frames_of(PLAN)["plan"] == ("Lee", "to cut taxes")


# "Lee noted three things: prices rise." as parsed with the colon ending the clause
NOTED = parsed("""
Lee NNP PROPN nsubj 1 Lee
noted VBD VERB ROOT 1 note
three CD NUM nummod 3 three
things NNS NOUN dobj 1 thing
: : PUNCT punct 1 :
prices NNS NOUN nsubj 6 price
rise VBP VERB dep 1 rise
. . PUNCT punct 1 .
""")


def test_a_content_stopping_at_a_colon_runs_on_over_what_it_introduces():
    assert frames_of(NOTED)["note"] == ("Lee", "three things: prices rise")


# "Voters know what they want." read with "what" as the object: no statement by itself
KNOW_WHAT = parsed("""
Voters NNS NOUN nsubj 1 voter
know VBP VERB ROOT 1 know
what WP PRON dobj 1 what
. . PUNCT punct 1 .
""")


def test_a_one_word_content_that_says_nothing_is_no_statement():
    assert frames_of(KNOW_WHAT) == {}


# "The plan, analysts said, will fail." : a parenthetical cue reports both sides of it
PARENTHETICAL = parsed("""
The DT DET det 1 the
plan NN NOUN nsubj 7 plan
, , PUNCT punct 7 ,
analysts NNS NOUN nsubj 4 analyst
said VBD VERB parataxis 7 say
, , PUNCT punct 7 ,
will MD AUX aux 7 will
fail VB VERB ROOT 7 fail
. . PUNCT punct 7 .
""")


def test_a_parenthetical_cue_reports_the_clause_on_both_sides_of_it():
    claims = find_claims(PARENTHETICAL, Quotes(find_quotes(PARENTHETICAL.text)), lexicon())
    assert len(claims) == 1 and claims[0].frame.source.text == "analysts"
    assert [PARENTHETICAL.text[a:b] for a, b in claims[0].ranges] == ["The plan", "will fail"]


# "Though it was easy, he said, the next one is hard." : the clause before the cue hangs
# on the one after it
THOUGH = parsed("""
Though IN SCONJ mark 2 though
it PRP PRON nsubj 2 it
was VBD AUX advcl 11 be
easy JJ ADJ acomp 2 easy
, , PUNCT punct 2 ,
he PRP PRON nsubj 6 he
said VBD VERB parataxis 2 say
, , PUNCT punct 11 ,
the DT DET det 10 the
next JJ ADJ amod 10 next
one NN NOUN nsubj 11 one
is VBZ AUX ROOT 11 be
hard JJ ADJ acomp 11 hard
. . PUNCT punct 11 .
""")


def test_a_parenthetical_cue_after_a_fronted_clause_reports_the_whole_sentence():
    claims = find_claims(THOUGH, Quotes(find_quotes(THOUGH.text)), lexicon())
    assert [THOUGH.text[a:b] for a, b in claims[0].ranges] == ["Though it was easy", "the next one is hard"]


def test_congratulating_and_reminding_are_cues():
    lex = lexicon()
    assert {"congratulate", "remind"} <= lex.speech and "congratulate" in lex.object_content


# "Lee wants to cut taxes, grow jobs and create parks." with "grow" and "create" hung on
# "wants": they belong to the content, in the infinitive's form and without a subject
WANTS = parsed("""
Lee NNP PROPN nsubj 1 Lee
wants VBZ VERB ROOT 1 want
to TO PART aux 3 to
cut VB VERB xcomp 1 cut
taxes NNS NOUN dobj 3 tax
, , PUNCT punct 1 ,
grow VB VERB conj 1 grow
jobs NNS NOUN dobj 6 job
and CC CCONJ cc 6 and
create VB VERB conj 6 create
parks NNS NOUN dobj 9 park
. . PUNCT punct 1 .
""")


def test_what_the_parser_coordinates_with_the_cue_but_belongs_to_the_content():
    assert frames_of(WANTS)["want"] == ("Lee", "to cut taxes, grow jobs and create parks")


# "Lee is willing to compromise." : a stance adjective with an infinitive
WILLING = parsed("""
Lee NNP PROPN nsubj 1 Lee
is VBZ AUX ROOT 1 be
willing JJ ADJ acomp 1 willing
to TO PART aux 4 to
compromise VB VERB xcomp 2 compromise
. . PUNCT punct 1 .
""")


def test_a_stance_adjective_takes_its_infinitive():
    assert frames_of(WILLING)["willing"] == ("Lee", "to compromise")


def test_a_quote_after_a_long_apposition_continues_the_split_quote():
    """`"We won," said Lee, a lawyer who has … since 1990. "We will win again."`"""
    apposition = "a lawyer who has worked on cases against the company for the union since 1990".split()
    words = ['"', "We", "won", ",", '"', "said", "Lee", ","] + apposition + [".", '"', "We", "will", "win", "again", ".", '"']
    n = len(words)
    said, lee, second = 5, 6, 8 + len(apposition) + 1
    spaces = [False, True, False, False, True, True, False, True] + [True] * (len(apposition) - 1) + [False, True, False] \
        + [True, True, True, False, False, False]
    heads = [2, 2, said, 2, 2, said, said, lee] + [lee] * len(apposition) + [said] + [second + 3] * 6 + [second + 3]
    deps = ["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "nsubj", "punct"] + ["appos"] * len(apposition) \
        + ["punct", "punct", "nsubj", "aux", "ROOT", "advmod", "punct", "punct"]
    heads[second + 3] = second + 3
    pos = ["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"] + ["X"] * len(apposition) \
        + ["PUNCT", "PUNCT", "PRON", "AUX", "VERB", "ADV", "PUNCT", "PUNCT"]
    lemmas = [w.lower() for w in words]
    lemmas[said] = "say"
    starts = [i in (0, second) for i in range(n)]
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=starts)
    claims = find_claims(doc, Quotes(find_quotes(doc.text)), lexicon())
    assert [[doc.text[a:b] for a, b in c.ranges] for c in claims] == [["We won,", "We will win again."]]


# "The party picked Lee as its nominee." : choosing is no statement
PICKED = parsed("""
The DT DET det 1 the
party NN NOUN nsubj 2 party
picked VBD VERB ROOT 2 pick
Lee NNP PROPN dobj 2 Lee
as IN ADP prep 2 as
its PRP$ PRON poss 6 its
nominee NN NOUN pobj 4 nominee
. . PUNCT punct 2 .
""")


def test_picking_someone_is_no_statement():
    assert frames_of(PICKED) == {}


# "The group is seeking information about the deal." : a request for records, no statement;
# "Lee seeks to win" keeps its infinitive
SEEKING = parsed("""
The DT DET det 1 the
group NN NOUN nsubj 3 group
is VBZ AUX aux 3 be
seeking VBG VERB ROOT 3 seek
information NN NOUN dobj 3 information
about IN ADP prep 4 about
the DT DET det 7 the
deal NN NOUN pobj 5 deal
. . PUNCT punct 3 .
""")


def test_seeking_a_thing_is_no_statement():
    assert frames_of(SEEKING) == {}


# "Lee added: It is typical of her." with the words after the colon a sentence of their own
ADDED = parsed("""
Lee NNP PROPN nsubj 1 Lee
added VBD VERB ROOT 1 add
: : PUNCT punct 1 :
It PRP PRON nsubj 4 it
is VBZ AUX ROOT 4 be
typical JJ ADJ acomp 4 typical
of IN ADP prep 5 of
her PRP PRON pobj 6 she
. . PUNCT punct 4 .
""")


def test_what_follows_a_cues_colon_without_quote_marks_is_its_content():
    assert claims_of(ADDED) == [("add", "It is typical of her.")]


# "Auditors discovered that the funds were gone." : a verb outside the lexicon with a
# subject and a "that" clause reports; "ensured that" does not
DISCOVERED = parsed("""
Auditors NNS NOUN nsubj 1 auditor
discovered VBD VERB ROOT 1 discover
that IN SCONJ mark 5 that
the DT DET det 4 the
funds NNS NOUN nsubj 5 fund
were VBD AUX ccomp 1 be
gone VBN VERB acomp 5 go
. . PUNCT punct 1 .
""")


def test_an_unknown_verb_with_a_that_clause_reports_it():
    assert "discover" not in lexicon().speech | lexicon().belief
    assert frames_of(DISCOVERED)["discover"] == ("Auditors", "the funds were gone")
    ensured = parsed("\n".join(line.replace("discovered VBD VERB ROOT 1 discover", "ensured VBD VERB ROOT 1 ensure")
                               for line in """
Auditors NNS NOUN nsubj 1 auditor
discovered VBD VERB ROOT 1 discover
that IN SCONJ mark 5 that
the DT DET det 4 the
funds NNS NOUN nsubj 5 fund
were VBD AUX ccomp 1 be
gone VBN VERB acomp 5 go
""".splitlines()))
    assert frames_of(ensured) == {}


# "As Lee said, the plan failed." : an "as" clause reports the clause it hangs on
AS_SAID = parsed("""
As IN SCONJ mark 2 as
Lee NNP PROPN nsubj 2 Lee
said VBD VERB advcl 6 say
, , PUNCT punct 6 ,
the DT DET det 5 the
plan NN NOUN nsubj 6 plan
failed VBD VERB ROOT 6 fail
. . PUNCT punct 6 .
""")


def test_an_as_clause_cue_reports_the_clause_it_hangs_on():
    assert frames_of(AS_SAID)["say"] == ("Lee", "the plan failed")


# "Lee called on Friday for an inquiry." : the time phrase is not the content
CALLED_ON_FRIDAY = parsed("""
Lee NNP PROPN nsubj 1 Lee
called VBD VERB ROOT 1 call
on IN ADP prep 1 on
Friday NNP PROPN pobj 2 Friday
for IN ADP prep 1 for
an DT DET det 6 an
inquiry NN NOUN pobj 4 inquiry
. . PUNCT punct 1 .
""")


def test_a_time_phrase_before_the_content_is_not_the_content():
    CALLED_ON_FRIDAY[3].ent_type_ = "DATE"
    assert frames_of(CALLED_ON_FRIDAY)["call"] == ("Lee", "an inquiry")


# "Lee said the plan would work in time." with "in time" hung on "said"
SAID_IN_TIME = parsed("""
Lee NNP PROPN nsubj 1 Lee
said VBD VERB ROOT 1 say
the DT DET det 3 the
plan NN NOUN nsubj 5 plan
would MD AUX aux 5 would
work VB VERB ccomp 1 work
in IN ADP prep 1 in
time NN NOUN pobj 6 time
. . PUNCT punct 1 .
""")


def test_what_the_parser_hangs_on_the_cue_after_its_clause_stays_in_the_content():
    assert frames_of(SAID_IN_TIME)["say"] == ("Lee", "the plan would work in time")


# "Lee said the plan failed leaving the town in debt." : the participle goes on with the
# content; "…, adding that …" would start a statement of its own
LEAVING = parsed("""
Lee NNP PROPN nsubj 1 Lee
said VBD VERB ROOT 1 say
the DT DET det 3 the
plan NN NOUN nsubj 4 plan
failed VBD VERB ccomp 1 fail
leaving VBG VERB advcl 1 leave
the DT DET det 7 the
town NN NOUN dobj 5 town
in IN ADP prep 5 in
debt NN NOUN pobj 8 debt
. . PUNCT punct 1 .
""")


def test_a_clause_hung_on_the_cue_that_goes_on_with_the_content_stays_in_it():
    assert frames_of(LEAVING)["say"] == ("Lee", "the plan failed leaving the town in debt")
    assert frames_of(TELLING)["say"][1] == "he saw no need to change"


# "Lee declined to threaten Moscow or even declare it responsible." with "declare" (VBP)
# coordinated with "declined" and "or" left on "threaten"
DECLINED_OR = parsed("""
Lee NNP PROPN nsubj 1 Lee
declined VBD VERB ROOT 1 decline
to TO PART aux 3 to
threaten VB VERB xcomp 1 threaten
Moscow NNP PROPN dobj 3 Moscow
or CC CCONJ cc 3 or
even RB ADV advmod 7 even
declare VBP VERB conj 1 declare
it PRP PRON nsubj 9 it
responsible JJ ADJ ccomp 7 responsible
. . PUNCT punct 1 .
""")


def test_a_bare_verb_coordinated_with_the_cue_continues_an_infinitive_content():
    assert frames_of(DECLINED_OR)["decline"] == ("Lee", "to threaten Moscow or even declare it responsible")
    assert frames_of(DECLINED)["decline"] == ("agency", "to comment")


def test_a_paragraph_opened_with_a_closing_mark_opens_a_quote():
    text = "Voters spoke.\n\n”Fear. I am afraid of what comes next.” ― Ana Ruiz, 30\n\nHe said “yes” and no”."
    assert [text[q.start:q.end] for q in find_quotes(text)] == ["”Fear. I am afraid of what comes next.”", "“yes”"]


# "Lee called it a common ailment during campaigns." : the phrase the parser hangs on the
# verb after the predicate stays in the content
CALLED_IT = parsed("""
Lee NNP PROPN nsubj 1 Lee
called VBD VERB ROOT 1 call
it PRP PRON dobj 1 it
a DT DET det 5 a
common JJ ADJ amod 5 common
ailment NN NOUN oprd 1 ailment
during IN ADP prep 1 during
campaigns NNS NOUN pobj 6 campaign
. . PUNCT punct 1 .
""")


def test_a_predicate_content_runs_on_over_what_follows_it():
    assert frames_of(CALLED_IT)["call"] == ("Lee", "it a common ailment during campaigns")


# "Lee won and Kim lost, according to the count." with "according" hung on "lost"
ACCORDING_CONJ = parsed("""
Lee NNP PROPN nsubj 1 Lee
won VBD VERB ROOT 1 win
and CC CCONJ cc 1 and
Kim NNP PROPN nsubj 4 Kim
lost VBD VERB conj 1 lose
, , PUNCT punct 4 ,
according VBG VERB prep 4 accord
to IN ADP prep 6 to
the DT DET det 9 the
count NN NOUN pobj 7 count
. . PUNCT punct 1 .
""")


def test_according_to_reports_every_coordinated_clause_before_it():
    assert frames_of(ACCORDING_CONJ)["according to"] == ("count", "Lee won and Kim lost")


# "Lee says she hopes to win, but she knows it is hard." with "knows" coordinated with "says"
SAYS_BUT = parsed("""
Lee NNP PROPN nsubj 1 Lee
says VBZ VERB ROOT 1 say
she PRP PRON nsubj 3 she
hopes VBZ VERB ccomp 1 hope
to TO PART aux 5 to
win VB VERB xcomp 3 win
, , PUNCT punct 1 ,
but CC CCONJ cc 1 but
she PRP PRON nsubj 9 she
knows VBZ VERB conj 1 know
it PRP PRON nsubj 11 it
is VBZ AUX ccomp 9 be
hard JJ ADJ acomp 11 hard
. . PUNCT punct 1 .
""")


def test_a_clause_coordinated_with_the_cue_in_the_contents_form_continues_it():
    assert frames_of(SAYS_BUT)["say"] == ("Lee", "she hopes to win, but she knows it is hard")


# "Lee said the road was closed, and there was no detour." with "was" coordinated with "said"
SAID_THERE_WAS = parsed("""
Lee NNP PROPN nsubj 1 Lee
said VBD VERB ROOT 1 say
the DT DET det 3 the
road NN NOUN nsubj 4 road
was VBD AUX ccomp 1 be
closed JJ ADJ acomp 4 closed
, , PUNCT punct 1 ,
and CC CCONJ cc 1 and
there EX PRON expl 9 there
was VBD VERB conj 1 be
no DT DET det 11 no
detour NN NOUN attr 9 detour
. . PUNCT punct 1 .
""")


def test_a_coordinated_clause_with_expletive_there_continues_the_content():
    assert frames_of(SAID_THERE_WAS)["say"] == ("Lee", "the road was closed, and there was no detour")


# 'Lee said there remains a "real gap between the offices," when it comes to pay.' with the
# "when" clause hung on "said" after the closing quote mark
SAID_QUOTE_WHEN = parsed("""
Lee NNP PROPN nsubj 1 Lee
said VBD VERB ROOT 1 say
there EX PRON expl 3 there
remains VBZ VERB ccomp 1 remain
a DT DET det 7 a
" `` PUNCT punct 7 "
real JJ ADJ amod 7 real
gap NN NOUN attr 3 gap
between IN ADP prep 7 between
the DT DET det 10 the
offices NNS NOUN pobj 8 office
, , PUNCT punct 1 ,
" '' PUNCT punct 1 "
when WRB SCONJ advmod 15 when
it PRP PRON nsubj 15 it
comes VBZ VERB advcl 1 come
to IN ADP prep 15 to
pay NN NOUN pobj 16 pay
. . PUNCT punct 1 .
""")


def test_a_when_clause_after_the_quote_closing_a_content_continues_it():
    source, content = frames_of(SAID_QUOTE_WHEN)["say"]
    assert source == "Lee" and content.startswith("there remains") and content.endswith("when it comes to pay")


# "Lee condemned the vote as reckless and a threat to the port." with "threat" a second
# object of "condemned"
CONDEMNED_AS_AND = parsed("""
Lee NNP PROPN nsubj 1 Lee
condemned VBD VERB ROOT 1 condemn
the DT DET det 3 the
vote NN NOUN dobj 1 vote
as IN ADP prep 1 as
reckless JJ ADJ amod 4 reckless
and CC CCONJ cc 1 and
a DT DET det 8 a
threat NN NOUN dobj 1 threat
to IN ADP prep 8 to
the DT DET det 11 the
port NN NOUN pobj 9 port
. . PUNCT punct 1 .
""")


def test_a_second_object_coordinated_on_the_cue_continues_an_object_content():
    assert frames_of(CONDEMNED_AS_AND)["condemn"] == ("Lee", "the vote as reckless and a threat to the port")


# "Rents rose 4 percent, the agency said in a report, and wages fell 2 percent." with
# "fell" coordinated with "said"
ROSE_SAID_AND = parsed("""
Rents NNS NOUN nsubj 1 rent
rose VBD VERB ccomp 7 rise
4 CD NUM nummod 3 4
percent NN NOUN npadvmod 1 percent
, , PUNCT punct 7 ,
the DT DET det 6 the
agency NN NOUN nsubj 7 agency
said VBD VERB ROOT 7 say
in IN ADP prep 7 in
a DT DET det 10 a
report NN NOUN pobj 8 report
, , PUNCT punct 7 ,
and CC CCONJ cc 7 and
wages NNS NOUN nsubj 14 wage
fell VBD VERB conj 7 fall
2 CD NUM nummod 16 2
percent NN NOUN npadvmod 14 percent
. . PUNCT punct 14 .
""")


def test_a_clause_coordinated_after_the_cue_continues_the_content_before_it():
    claims = find_claims(ROSE_SAID_AND, Quotes([]), lexicon())
    assert len(claims) == 1 and claims[0].frame.source.text == "agency"
    assert [ROSE_SAID_AND.text[a:b] for a, b in claims[0].ranges] == ["Rents rose 4 percent", "wages fell 2 percent"]


# "Lee cited rising costs, falling sales." with "sales" a second object of "cited"
CITED_COMMA = parsed("""
Lee NNP PROPN nsubj 1 Lee
cited VBD VERB ROOT 1 cite
rising VBG VERB amod 3 rise
costs NNS NOUN dobj 1 cost
, , PUNCT punct 1 ,
falling VBG VERB amod 6 fall
sales NNS NOUN dobj 1 sale
. . PUNCT punct 1 .
""")


def test_a_second_object_after_a_comma_continues_an_object_content():
    assert frames_of(CITED_COMMA)["cite"] == ("Lee", "rising costs, falling sales")


# "Officials say the driver ignored the signal and refused to stop." with "refused"
# coordinated with "ignored"
SAY_REFUSED = parsed("""
Officials NNS NOUN nsubj 1 official
say VBP VERB ROOT 1 say
the DT DET det 3 the
driver NN NOUN nsubj 4 driver
ignored VBD VERB ccomp 1 ignore
the DT DET det 6 the
signal NN NOUN dobj 4 signal
and CC CCONJ cc 4 and
refused VBD VERB conj 4 refuse
to TO PART aux 10 to
stop VB VERB xcomp 8 stop
. . PUNCT punct 1 .
""")


def test_an_intention_coordinated_inside_a_content_does_not_cut_it():
    claims = claims_of(SAY_REFUSED)
    assert claims == [("say", "the driver ignored the signal and refused to stop")]


# "Two aides implored her to return, arguing that voters missed her." with "arguing" hung
# on "implored"
IMPLORED_ARGUING = parsed("""
Two CD NUM nummod 1 two
aides NNS NOUN nsubj 2 aide
implored VBD VERB ROOT 2 implore
her PRP PRON dobj 2 she
to TO PART aux 5 to
return VB VERB xcomp 2 return
, , PUNCT punct 2 ,
arguing VBG VERB advcl 2 argue
that IN SCONJ mark 10 that
voters NNS NOUN nsubj 10 voter
missed VBD VERB ccomp 7 miss
her PRP PRON dobj 10 she
. . PUNCT punct 2 .
""")


def test_a_complement_stops_at_a_participle_cue():
    assert claims_of(IMPLORED_ARGUING) == [("argue", "voters missed her")]


SPOKE_OUT = parsed("""
Lee NNP PROPN nsubj 1 Lee
spoke VBD VERB ROOT 1 speak
out RP ADP prt 1 out
about IN ADP prep 1 about
the DT DET det 5 the
closure NN NOUN pobj 3 closure
of IN ADP prep 5 of
the DT DET det 8 the
clinic NN NOUN pobj 6 clinic
. . PUNCT punct 1 .
""")


def test_speak_out_takes_its_about_phrase():
    assert frames_of(SPOKE_OUT)["speak out"] == ("Lee", "the closure of the clinic")


def test_a_quote_opened_and_closed_with_different_kinds_of_marks():
    text = 'Oz said "We have a pulpit,” and “we will use it." Then he left.'
    assert [text[q.start:q.end] for q in find_quotes(text)] == ['"We have a pulpit,”', '“we will use it."']


# "Lee charges that the council hid the report." with "charges" tagged as a plural noun
LEE_CHARGES = parsed("""
Lee NNP PROPN compound 1 Lee
charges NNS NOUN ROOT 1 charge
that IN SCONJ mark 5 that
the DT DET det 4 the
council NN NOUN nsubj 5 council
hid VBD VERB acl 1 hide
the DT DET det 7 the
report NN NOUN dobj 5 report
. . PUNCT punct 1 .
""")


def test_a_name_before_a_cue_verb_tagged_as_a_noun_is_its_subject():
    assert frames_of(LEE_CHARGES)["charge"] == ("Lee", "the council hid the report")
    assert frames_of(THE_LEE_CHARGES)["charge"] == (None, "the council hid the report")


# "The Lee charges that the council hid the report …": a determiner keeps it a noun
THE_LEE_CHARGES = parsed("""
The DT DET det 2 the
Lee NNP PROPN compound 2 Lee
charges NNS NOUN ROOT 2 charge
that IN SCONJ mark 6 that
the DT DET det 5 the
council NN NOUN nsubj 6 council
hid VBD VERB acl 2 hide
the DT DET det 8 the
report NN NOUN dobj 6 report
. . PUNCT punct 2 .
""")


# "In defending the plan, Lee offered a compromise."
IN_DEFENDING = parsed("""
In IN ADP prep 6 in
defending VBG VERB pcomp 0 defend
the DT DET det 3 the
plan NN NOUN dobj 1 plan
, , PUNCT punct 6 ,
Lee NNP PROPN nsubj 6 Lee
offered VBD VERB ROOT 6 offer
a DT DET det 8 a
compromise NN NOUN dobj 6 compromise
. . PUNCT punct 6 .
""")

# "Lee praised Kim for defending the plan.": "for" leaves the participle to the object
FOR_DEFENDING = parsed("""
Lee NNP PROPN nsubj 1 Lee
praised VBD VERB ROOT 1 praise
Kim NNP PROPN dobj 1 Kim
for IN ADP prep 1 for
defending VBG VERB pcomp 3 defend
the DT DET det 6 the
plan NN NOUN dobj 4 plan
. . PUNCT punct 1 .
""")


def test_a_participle_cue_after_a_preposition_shares_the_clauses_subject():
    assert frames_of(IN_DEFENDING)["defend"] == ("Lee", "the plan")
    assert _participle_governor(FOR_DEFENDING[4]) is None


# "The plan does not seem to work."
SEEMS = parsed("""
The DT DET det 1 the
plan NN NOUN nsubj 4 plan
does VBZ AUX aux 4 do
not RB PART neg 4 not
seem VB VERB ROOT 4 seem
to TO PART aux 6 to
work VB VERB xcomp 4 work
. . PUNCT punct 4 .
""")

# "Lee appeared to blame the staff."
APPEARED_TO_BLAME = parsed("""
Lee NNP PROPN nsubj 1 Lee
appeared VBD VERB ROOT 1 appear
to TO PART aux 3 to
blame VB VERB xcomp 1 blame
the DT DET det 5 the
staff NN NOUN dobj 3 staff
. . PUNCT punct 1 .
""")


def test_how_a_thing_seems_is_the_writers_view_with_no_source():
    frame = next(f for f in find_frames(SEEMS, lexicon(), in_quote=lambda c: False))
    assert (frame.lemma, frame.source, frame.belief) == ("seem", None, True)
    assert claims_of(SEEMS) == [("seem", "The plan does not seem to work")]
    claim = find_claims(SEEMS, Quotes([]), lexicon())[0]  # the cue between the parts is left out
    assert [SEEMS.text[a:b] for a, b in claim.ranges] == ["The plan", "to work"]
    # a cue as the predicate reports the statement itself, with its source
    assert frames_of(APPEARED_TO_BLAME) == {"blame": ("Lee", "the staff")}
    assert find_frames(SEEMS, lexicon(), in_quote=lambda c: False, beliefs=False) == []


# "Exports appear to have declined sharply."
APPEAR_DECLINED = parsed("""
Exports NNS NOUN nsubj 1 export
appear VBP VERB ROOT 1 appear
to TO PART aux 4 to
have VB AUX aux 4 have
declined VBN VERB xcomp 1 decline
sharply RB ADV advmod 4 sharply
. . PUNCT punct 1 .
""")


def test_a_cue_word_with_no_content_as_predicate_leaves_it_to_seem():
    # "declined" is a cue ("declined to comment") but says nothing here: the writer's view
    assert frames_of(APPEAR_DECLINED)["appear"] == (None, "Exports appear to have declined sharply")
    claim = find_claims(APPEAR_DECLINED, Quotes([]), lexicon())[0]
    assert [APPEAR_DECLINED.text[a:b] for a, b in claim.ranges] == ["Exports", "to have declined sharply"]


# "The union called for Lee to resign."
CALLED_FOR_TO = parsed("""
The DT DET det 1 the
union NN NOUN nsubj 2 union
called VBD VERB ROOT 2 call
for IN SCONJ mark 6 for
Lee NNP PROPN nsubj 6 Lee
to TO PART aux 6 to
resign VB VERB advcl 2 resign
. . PUNCT punct 2 .
""")


def test_a_for_clause_with_its_own_subject_is_the_content_of_call_for():
    # the parser makes "for" the mark of a clause hung on the cue, not a preposition
    assert frames_of(CALLED_FOR_TO)["call"] == ("union", "Lee to resign")


# "Mayor Slams Council Over Budget" above "The mayor spoke.", the headline verb read as a name
_HEADLINE_ROWS = [line.split() for line in """
Mayor NNP PROPN compound 2 Mayor
Slams NNP PROPN compound 2 Slams
Council NNP PROPN ROOT 2 Council
Over IN ADP prep 2 over
Budget NNP PROPN pobj 3 Budget
NL _SP SPACE dep 4 NL
The DT DET det 7 the
mayor NN NOUN nsubj 8 mayor
spoke VBD VERB ROOT 8 speak
. . PUNCT punct 8 .
""".strip().splitlines()]
HEADLINE_SLAMS = Doc(VOCAB, words=[("\n" if t[0] == "NL" else t[0]) for t in _HEADLINE_ROWS],
                     spaces=[True, True, True, True, False, False, True, True, False, False],
                     tags=[t[1] for t in _HEADLINE_ROWS], pos=[t[2] for t in _HEADLINE_ROWS],
                     deps=[t[3] for t in _HEADLINE_ROWS], heads=[int(t[4]) for t in _HEADLINE_ROWS],
                     lemmas=[t[5] for t in _HEADLINE_ROWS], sent_starts=[i in (0, 6) for i in range(10)])


def test_a_present_cue_word_after_a_capitalised_word_in_the_headline_is_the_verb():
    assert frames_of(HEADLINE_SLAMS)["slam"] == ("Mayor", "Council Over Budget")


def _object_sentence(verb: str, tag: str, lemma: str) -> Doc:
    """ "The council <verb> a compromise." """
    return parsed(f"""
The DT DET det 1 the
council NN NOUN nsubj 2 council
{verb} {tag} VERB ROOT 2 {lemma}
a DT DET det 4 a
compromise NN NOUN dobj 2 compromise
. . PUNCT punct 2 .
""")


def test_offering_something_is_a_statement():
    assert frames_of(_object_sentence("offered", "VBD", "offer"))["offer"] == ("council", "a compromise")


def test_portraying_something_is_a_statement():
    assert frames_of(_object_sentence("portrayed", "VBD", "portray"))["portray"] == ("council", "a compromise")


# "Lee pointed to the report."
POINTED_TO = parsed("""
Lee NNP PROPN nsubj 1 Lee
pointed VBD VERB ROOT 1 point
to IN ADP prep 1 to
the DT DET det 4 the
report NN NOUN pobj 2 report
. . PUNCT punct 1 .
""")


def test_pointing_to_something_is_a_statement():
    assert frames_of(POINTED_TO)["point"] == ("Lee", "the report")


# "Lee made a call for calm."
MADE_A_CALL = parsed("""
Lee NNP PROPN nsubj 1 Lee
made VBD VERB ROOT 1 make
a DT DET det 3 a
call NN NOUN dobj 1 call
for IN ADP prep 3 for
calm NN NOUN pobj 4 calm
. . PUNCT punct 1 .
""")

# "Lee denied the claim that Kim lied.": a claim denied is not Lee's
DENIED_THE_CLAIM = parsed("""
Lee NNP PROPN nsubj 1 Lee
denied VBD VERB ROOT 1 deny
the DT DET det 3 the
claim NN NOUN dobj 1 claim
that IN SCONJ mark 6 that
Kim NNP PROPN nsubj 6 Kim
lied VBD VERB acl 3 lie
. . PUNCT punct 1 .
""")


def test_the_subject_of_a_light_verb_holds_the_noun_cue_it_takes():
    assert frames_of(MADE_A_CALL)["call"] == ("Lee", "calm")
    assert frames_of(DENIED_THE_CLAIM)["claim"] == (None, "Kim lied")


def test_model_a_frameless_quote_after_a_reported_statement_is_its_speakers(extract):
    text = ('"We are ready for the vote," said Governor Maria Lindqvist.\n\n'
            "Senator Tom Alvarez said the new tariffs would hurt farmers in his state. "
            '"They cannot take another bad year, and they know it better than anyone here."')
    got = extract(text).attributions
    last = [a for a in got if a.content.text.startswith("They cannot")]
    assert last and last[0].speaker is not None and last[0].speaker.name == "Tom Alvarez"


def test_model_a_frameless_quote_takes_the_person_its_paragraph_names_first(extract):
    text = ('"We are ready for the vote," said Governor Maria Lindqvist.\n\n'
            "Senator Tom Alvarez walked out of the chamber before the vote on Tuesday. "
            '"We will not take part in this farce, not today and not ever."')
    got = extract(text).attributions
    last = [a for a in got if a.content.text.startswith("We will not")]
    assert last and last[0].speaker is not None and last[0].speaker.name == "Tom Alvarez"


# "THE PLAN Lee said taxes rose.": a run-in head in capitals the parser took for a subject
RUN_IN_HEAD = parsed("""
THE DT DET det 1 the
PLAN NN NOUN nsubj 3 plan
Lee NNP PROPN nsubj 3 Lee
said VBD VERB ROOT 3 say
taxes NNS NOUN nsubj 5 tax
rose VBD VERB ccomp 3 rise
. . PUNCT punct 3 .
""")

# "The FBI said taxes rose.": an acronym alone is a name
ACRONYM_SUBJECT = parsed("""
The DT DET det 1 the
FBI NNP PROPN nsubj 2 FBI
said VBD VERB ROOT 2 say
taxes NNS NOUN nsubj 4 tax
rose VBD VERB ccomp 2 rise
. . PUNCT punct 2 .
""")


def test_a_run_in_head_in_capitals_is_no_source():
    assert frames_of(RUN_IN_HEAD)["say"] == ("Lee", "taxes rose")
    assert frames_of(ACRONYM_SUBJECT)["say"] == ("FBI", "taxes rose")


# "Lee told Kim, after he admitted he was wrong.": the parser hangs the clause of time on the cue
TOLD_AFTER = parsed("""
Lee NNP PROPN nsubj 1 Lee
told VBD VERB ROOT 1 tell
Kim NNP PROPN dobj 1 Kim
, , PUNCT punct 1 ,
after IN SCONJ mark 6 after
he PRP PRON nsubj 6 he
admitted VBD VERB advcl 8 admit
he PRP PRON nsubj 8 he
was VBD AUX ccomp 1 be
wrong JJ ADJ acomp 8 wrong
. . PUNCT punct 1 .
""")


def test_a_clause_of_time_hung_on_the_cue_is_no_content():
    assert frames_of(TOLD_AFTER)["tell"] == ("Lee", None)


# "After saying taxes rose, Lee was rushed off.": the participle shares a passive subject too
AFTER_SAYING_PASSIVE = parsed("""
After IN ADP prep 7 after
saying VBG VERB pcomp 0 say
taxes NNS NOUN nsubj 3 tax
rose VBD VERB ccomp 1 rise
, , PUNCT punct 7 ,
Lee NNP PROPN nsubjpass 7 Lee
was VBD AUX auxpass 7 be
rushed VBN VERB ROOT 7 rush
off RP ADP prt 7 off
. . PUNCT punct 7 .
""")


def test_a_participle_after_a_preposition_shares_a_passive_subject():
    assert frames_of(AFTER_SAYING_PASSIVE)["say"] == ("Lee", "taxes rose")


def test_model_two_frames_on_the_same_words_are_one_statement_from_the_outer_cue(extract):
    got = statements(extract, 'The senator condemned what the governor called a "routine test" of '
                              "the system.")
    assert [(cue, speaker) for cue, _, speaker in got] == [("condemned", "The senator")]


def test_model_a_split_quote_in_typewriter_marks_is_one_direct_statement(extract):
    text = ("``It is not reform,'' said Lena Marsh, an economist at the Harbour Institute. ``It is a "
            "tax increase for the top earners and nothing more.''")
    got = extract(text).attributions
    assert [(a.kind, [p.text for p in a.content.parts], a.speaker.name) for a in got] == [
        ("direct", ["It is not reform,", "It is a tax increase for the top earners and nothing more."],
         "Lena Marsh")]


# "Lee admitted taking the money.": a gerund as the object of a cue that takes its object
ADMITTED_TAKING = parsed("""
Lee NNP PROPN nsubj 1 Lee
admitted VBD VERB ROOT 1 admit
taking VBG VERB xcomp 1 take
the DT DET det 4 the
money NN NOUN dobj 2 money
. . PUNCT punct 1 .
""")


def test_a_gerund_object_is_the_content():
    assert frames_of(ADMITTED_TAKING)["admit"] == ("Lee", "taking the money")


# "Lee railed against the tax code."
RAILED_AGAINST = parsed("""
Lee NNP PROPN nsubj 1 Lee
railed VBD VERB ROOT 1 rail
against IN ADP prep 1 against
the DT DET det 5 the
tax NN NOUN compound 5 tax
code NN NOUN pobj 2 code
. . PUNCT punct 1 .
""")

# "Lee spoke out against the plan.": a phrasal cue has prepositions of its own
SPOKE_OUT_AGAINST = parsed("""
Lee NNP PROPN nsubj 1 Lee
spoke VBD VERB ROOT 1 speak
out RP ADP prt 1 out
against IN ADP prep 1 against
the DT DET det 5 the
plan NN NOUN pobj 3 plan
. . PUNCT punct 1 .
""")


def test_railing_against_something_is_a_statement():
    assert frames_of(RAILED_AGAINST)["rail"] == ("Lee", "the tax code")


def test_a_phrasal_cue_takes_its_own_prepositional_content():
    assert frames_of(SPOKE_OUT_AGAINST)["speak out"] == ("Lee", "the plan")


# "Lee persuaded the board to cut taxes."
PERSUADED = parsed("""
Lee NNP PROPN nsubj 1 Lee
persuaded VBD VERB ROOT 1 persuade
the DT DET det 3 the
board NN NOUN dobj 1 board
to TO PART aux 5 to
cut VB VERB xcomp 1 cut
taxes NNS NOUN dobj 5 tax
. . PUNCT punct 1 .
""")


def test_persuading_someone_to_act_is_a_statement():
    assert frames_of(PERSUADED)["persuade"] == ("Lee", "the board to cut taxes")


def test_referencing_something_is_a_statement():
    assert frames_of(_object_sentence("referenced", "VBD", "reference"))["reference"] == ("council", "a compromise")


# "As Lee put it, the plan failed.": "put it" is a phrasal cue with its object
AS_LEE_PUT_IT = parsed("""
As IN SCONJ mark 2 as
Lee NNP PROPN nsubj 2 Lee
put VBD VERB advcl 7 put
it PRP PRON dobj 2 it
, , PUNCT punct 7 ,
the DT DET det 6 the
plan NN NOUN nsubj 7 plan
failed VBD VERB ROOT 7 fail
. . PUNCT punct 7 .
""")


def test_as_someone_put_it_reports_the_clause():
    assert frames_of(AS_LEE_PUT_IT)["put it"] == ("Lee", "the plan failed")


# 'Lee calls tax plan "total disaster" during rally': the quoted name parsed into the object
CALLS_QUOTED = parsed("""
Lee NNP PROPN nsubj 1 Lee
calls VBZ VERB ROOT 1 call
tax NN NOUN compound 3 tax
plan NN NOUN dobj 1 plan
" `` PUNCT punct 3 "
total JJ ADJ amod 6 total
disaster NN NOUN appos 3 disaster
" '' PUNCT punct 3 "
during IN ADP prep 1 during
rally NN NOUN pobj 8 rally
""")

# "Lee called the meeting.": no name given, no statement
CALLED_A_MEETING = parsed("""
Lee NNP PROPN nsubj 1 Lee
called VBD VERB ROOT 1 call
the DT DET det 3 the
meeting NN NOUN dobj 1 meeting
. . PUNCT punct 1 .
""")


def test_calling_something_a_quoted_name_is_a_statement():
    source, content = frames_of(CALLS_QUOTED)["call"]
    assert source == "Lee" and content.startswith("tax plan") and "total disaster" in content
    assert "call" not in frames_of(CALLED_A_MEETING)


# "''I think the plan failed,'' Lee said.": doubled apostrophes as quote marks
DOUBLED_APOSTROPHES = parsed("""
'' '' PUNCT punct 9 ''
I PRP PRON nsubj 2 I
think VBP VERB ccomp 9 think
the DT DET det 4 the
plan NN NOUN nsubj 5 plan
failed VBD VERB ccomp 2 fail
, , PUNCT punct 9 ,
'' '' PUNCT punct 9 ''
Lee NNP PROPN nsubj 9 Lee
said VBD VERB ROOT 9 say
. . PUNCT punct 9 .
""")


def test_a_cue_between_doubled_apostrophes_is_the_quoted_speakers():
    got = frames_of(DOUBLED_APOSTROPHES)
    assert "think" not in got
    assert got["say"][0] == "Lee"


# "Don't blame Lee for the war.": the writer addresses the reader
DONT_BLAME = parsed("""
Do VBP AUX aux 2 do
n't RB PART neg 2 not
blame VB VERB ROOT 2 blame
Lee NNP PROPN dobj 2 Lee
for IN ADP prep 2 for
the DT DET det 6 the
war NN NOUN pobj 4 war
. . PUNCT punct 2 .
""")


def test_an_imperative_cue_reports_nobody():
    assert "blame" not in frames_of(DONT_BLAME)


# "Finding a seatmate for Lee proved hard.": a cue heading the subject clause reports nothing
FINDING_PROVED = parsed("""
Finding VBG VERB csubj 5 find
a DT DET det 2 a
seatmate NN NOUN dobj 0 seatmate
for IN ADP prep 2 for
Lee NNP PROPN pobj 3 Lee
proved VBD VERB ROOT 5 prove
hard JJ ADJ acomp 5 hard
. . PUNCT punct 5 .
""")


def test_a_cue_heading_a_subject_clause_reports_nothing():
    assert "find" not in frames_of(FINDING_PROVED)


# "''… the cost of inaction,'' said Ann Lee, who now runs a think tank.": the parser took the
# words before the doubled apostrophes for the subject, and the name after the cue for a second
SAID_WHO_RUNS = parsed("""
'' '' PUNCT punct 6 ''
the DT DET det 2 the
cost NN NOUN nsubj 6 cost
of IN ADP prep 2 of
inaction NN NOUN pobj 3 inaction
'' '' PUNCT punct 6 ''
said VBD VERB ROOT 6 say
Ann NNP PROPN compound 8 Ann
Lee NNP PROPN nsubj 6 Lee
, , PUNCT punct 8 ,
who WP PRON nsubj 12 who
now RB ADV advmod 12 now
runs VBZ VERB relcl 8 run
a DT DET det 15 a
think NN NOUN compound 15 think
tank NN NOUN dobj 12 tank
. . PUNCT punct 6 .
""")


def test_a_subject_after_the_cue_is_not_its_content():
    assert claims_of(SAID_WHO_RUNS) == []


# "Lee told reporters perhaps." with "perhaps" taken for the content: an adverb says nothing alone
TOLD_PERHAPS = parsed("""
Lee NNP PROPN nsubj 1 Lee
told VBD VERB ROOT 1 tell
reporters NNS NOUN dative 1 reporter
perhaps RB ADV ccomp 1 perhaps
. . PUNCT punct 1 .
""")


def test_a_lone_adverb_is_no_content():
    assert frames_of(TOLD_PERHAPS).get("tell", (None, None))[1] is None
