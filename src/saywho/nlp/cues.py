"""Reporting frames from the dependency parse: a cue, its source and its content.

A frame is found for every cue word outside quotation marks: verbs of speech (and, when
``beliefs`` is on, of thought), noun cues with a "that" clause (``Smith's claim that``) and
"according to X". Quotes are matched to frames afterwards, in ``attribute.py``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from .lexicon import Lexicon, lexicon
from .quotes import doubled_spans
from .speakers import phrase_start

SUBJECT_DEPS = ("nsubj", "csubj")
# Relations through which a verb without its own subject shares its governor's subject:
# "said ... and added", "went on to say", "attacked Zelensky, falsely claiming ...".
INHERIT_DEPS = ("conj", "xcomp", "advcl", "ccomp")
INTENTION_XCOMP = frozenset({"vow", "promise", "pledge", "threaten", "urge", "ask", "want",
                             "plan", "intend", "hope", "expect", "decide", "seek", "aim",
                             "refuse", "agree", "offer", "demand", "call", "tell", "warn",
                             "encourage", "invite", "order", "advise", "beg", "press", "decline",
                             "like", "love", "prefer", "propose", "swear", "wish", "persuade"})
# Parts of speech a one-word content cannot be: an adverb, adjective or verb says nothing alone.
LONE_WORD_POS = frozenset({"ADV", "ADJ", "VERB", "AUX", "ADP", "PART", "SCONJ", "CCONJ", "DET"})
# One-word contents that say nothing by themselves ("wants what", "found themselves").
EMPTY_CONTENTS = frozenset({"what", "whatever", "themselves", "himself", "herself", "itself", "ourselves",
                            "myself", "yourself", "something", "anything", "nothing", "so", "this", "them"})
SKIP_MARKS = frozenset({"that", "whether", "if", ",", ":", "-", "—", "–"})


@dataclass(frozen=True)
class Frame:
    cue: list[Token]
    lemma: str
    source: Token | None
    content: tuple[int, int] | None  # token range [start, end)
    belief: bool = False
    # Everything right of the cue: the content when it holds a quotation
    # ("mocked Rubio for \"having a tough night\"").
    complement: tuple[int, int] | None = None
    # Inside the content, the frame that interrupts it ("The plan, Lee said, will fail").
    gap: tuple[int, int] | None = None

    def token_span(self) -> tuple[int, int]:
        """The frame itself (cue and source) as a token range."""
        idx = [t.i for t in self.cue]
        if self.source is not None:
            idx += [phrase_start(self.source), self.source.i]
        return min(idx), max(idx) + 1


# Token.sent checks the whole document for sentence annotation on every call, which makes a
# per-frame lookup quadratic on long texts; sentences are never longer than this many tokens.
SENTENCE_REACH = 150


def sentence_bounds(tok: Token) -> tuple[int, int]:
    """Token range of the sentence holding ``tok`` (looking at most SENTENCE_REACH away)."""
    doc = tok.doc
    start = tok.i
    while start > 0 and start > tok.i - SENTENCE_REACH and not doc[start].is_sent_start:
        start -= 1
    end = tok.i + 1
    while end < len(doc) and end < tok.i + SENTENCE_REACH and not doc[end].is_sent_start:
        end += 1
    return start, end


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (doc[start].is_punct or doc[start].is_space
                           or doc[start].lower_ in SKIP_MARKS):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ":", ";", "-", "—"}
                           or doc[end - 1].dep_ == "cc"):  # "to threaten Moscow or"
        end -= 1
    return (start, end) if end > start else None


# Quantities speak for the people they count ("40 percent of voters say", "half said").
NOT_SPEAKERS = frozenset({"DATE", "TIME", "ORDINAL", "MONEY"})


def _speakerlike(tok: Token | None) -> Token | None:
    return None if tok is None or tok.ent_type_ in NOT_SPEAKERS else tok


def _capitals(tok: Token) -> bool:
    return sum(c.isalpha() for c in tok.text) >= 2 and tok.text.isupper()


def _in_headline(tok: Token) -> bool:
    """A word of a run-in head in capitals (`THE BORROWING Back when …`, `EVEN HIS BOSS
    THINKS SO — …`): two capitalised words side by side, not an acronym alone ("FBI")."""
    if not _capitals(tok):
        return False
    doc = tok.doc
    near = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
    return any(_capitals(t) for t in near)


def _source(verb: Token, in_quote: Callable[[int], bool]) -> Token | None:
    tok, hops, shared = verb, 0, False
    while hops < 4:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS and not in_quote(child.idx) and not _in_headline(child):
                return child
            if child.dep_ == "agent":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:  # "After saying …, she was rushed off": hers, whatever the voice
            return passive if shared and not in_quote(passive.idx) else None
        governor = _participle_governor(tok)
        if governor is not None:
            tok, hops, shared = governor, hops + 1, True
            continue
        if tok.dep_ not in INHERIT_DEPS or tok.head.i == tok.i:
            return None
        tok, hops = tok.head, hops + 1
    return None


# Prepositions whose participle shares the subject of the clause it hangs on: "In defending
# himself, Trump offered …", "after saying", "despite admitting", "stopped short of calling".
# Not "for" or "of" on a verb: "praised Lee for defending", "accused Lee of lying" are Lee's.
SUBJECT_PREPS = frozenset({"in", "after", "before", "by", "despite", "while", "without", "upon", "since"})


def _participle_governor(tok: Token) -> Token | None:
    """The verb whose subject a participle cue in a prepositional phrase shares."""
    prep = tok.head
    if tok.dep_ != "pcomp" or tok.tag_ != "VBG" or prep.dep_ != "prep":
        return None
    head = prep.head
    if prep.lower_ == "of" and head.pos_ in ("ADV", "ADJ") and head.head.i != head.i:
        head = head.head  # "stopped short of calling"
    elif prep.lower_ not in SUBJECT_PREPS:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i != tok.i else None


def _adverbial(clause: Token, lex: Lexicon) -> bool:
    """A clause of time or cause the parser hung on the cue as its complement (`"…," Lee
    told Kim, after he admitted he was wrong`): it opens with its conjunction."""
    first = clause.left_edge
    return first.dep_ == "mark" and first.lower_ in lex.adverbial_marks


def _verb_content(verb: Token, lemma: str, lex: Lexicon) -> tuple[int, int] | None:
    children = list(verb.children)
    for c in children:  # "said without evidence that …", parsed as a clause on "evidence"
        if c.dep_ == "prep" and c.lower_ == "without":
            for g in c.children:
                clause = next((x for x in g.children if x.dep_ in ("acl", "ccomp")
                               and any(m.lower_ == "that" for m in x.children)), None)
                if clause is not None:
                    return _subtree_range(clause)
    # a clause after the cue before one in front of it ("Both face questions (her campaign
    # disclosed that she has pneumonia)": the parser may hang the sentence on the cue too)
    clauses = sorted((c for c in children if c.dep_ in ("ccomp", "csubj") and not _adverbial(c, lex)),
                     key=lambda c: (c.i < verb.i, c.i))
    if clauses:
        start, end = _subtree_range(clauses[0])
        return start, (_quote_tail(verb, _object_tail(verb, end)) if start > verb.i else end)
    xcomp = next((c for c in children if c.dep_ == "xcomp"), None)
    dobj = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
    if xcomp is not None and lemma in INTENTION_XCOMP:
        start = dobj.left_edge.i if dobj is not None and dobj.i < xcomp.i else xcomp.left_edge.i
        return start, xcomp.right_edge.i + 1
    if xcomp is not None and dobj is None and xcomp.tag_ == "VBG" and xcomp.i > verb.i \
            and lemma in lex.object_content and not any(c.dep_ == "ccomp" for c in xcomp.children):
        # a gerund as object ("admitted using the loophole"), not the subject of a clause
        # the parser did not attach ("said legalizing it could …": see _complement)
        start, end = _subtree_range(xcomp)
        return start, _object_tail(verb, end)
    oprd = next((c for c in children if c.dep_ == "oprd"), None)
    if oprd is not None and dobj is not None:  # called it "promising"
        return dobj.left_edge.i, _object_tail(verb, oprd.right_edge.i + 1)
    if oprd is not None:
        start, end = _subtree_range(oprd)
        return start, _object_tail(verb, end)
    if dobj is not None and lemma == "call" and dobj.i > verb.i:
        # "calls the plan 'a disaster'", the name in quotes parsed into the object or after it
        start, end = dobj.left_edge.i, _object_tail(verb, dobj.right_edge.i + 1)
        if any(t.is_quote for t in verb.doc[start:end]):
            return start, end
    if dobj is not None and lemma in lex.object_content and lemma not in lex.addressee_verbs:
        start, end = _subtree_range(dobj)
        return start, _object_tail(verb, end)
    preps = lex.prep_content.get(lemma, frozenset())
    for c in children:
        if c.dep_ in ("prep", "prt") and c.lower_ in preps:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].ent_type_ in ("DATE", "TIME"):
                continue  # "called on Friday for …": a time, not the content
            if objs:
                return objs[0].left_edge.i, _object_tail(verb, objs[-1].right_edge.i + 1)
            if c.dep_ == "prt" and dobj is not None:  # ruled out a deal
                start, end = _subtree_range(dobj)
                return start, _object_tail(verb, end)
    if "for" in preps:  # "called for Lee to resign": the parser makes "for" the mark of a clause
        for c in children:
            if c.dep_ == "advcl" and c.i > verb.i and any(
                    m.dep_ == "mark" and m.lower_ == "for" and m.i == c.left_edge.i for m in c.children) \
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) \
                    and any(n.dep_ in ("nsubj", "nsubjpass") for n in c.children):
                return c.left_edge.i + 1, c.right_edge.i + 1
    return None


# What may follow a cue's object and still belong to its content ("accused the mayor of
# hiding the report", "cited remarks Trump had made as examples", "described behavior by
# Trump behind the scenes", "polls show Clinton with a lead"): the parser attaches these to
# the verb. Clauses (advcl, conj) start statements of their own and are left out.
OBJECT_TAIL_DEPS = frozenset({"prep", "relcl", "acl", "oprd", "npadvmod", "xcomp", "ccomp", "attr", "advmod", "dobj", "dative"})


def _participle_of_content(tok: Token) -> bool:
    """A clause hung on the cue that goes on with the content (`said the plan failed,
    leaving the town in debt`), neither a cue of its own (`…, adding that`) nor a
    subordinate clause with its own conjunction (`… if …`)."""
    return tok.dep_ == "advcl" and not any(c.dep_ == "mark" for c in tok.children) \
        and not _cue_lemma(tok, lexicon())


def _object_tail(verb: Token, end: int) -> int:
    """Where a content that starts with the cue's object ends: after the verb's dependents
    that follow the object with nothing but words between them, and over a second object
    the parser coordinated on the verb, with `and` or a comma (`condemned the test as
    "reckless" and a "threat"`, `cited rising costs, falling sales`)."""
    rights = list(verb.rights)
    for k, c in enumerate(rights):
        if c.i < end:
            continue
        if (c.dep_ == "cc" or c.text == ",") and c.i == end and k + 1 < len(rights) \
                and rights[k + 1].dep_ == "dobj" and rights[k + 1].left_edge.i == end + 1:
            end += 1  # the object after it follows
            continue
        if not (c.dep_ in OBJECT_TAIL_DEPS or _participle_of_content(c)) or c.left_edge.i != end:
            break
        end = c.right_edge.i + 1
    return end


def _quote_tail(verb: Token, end: int) -> int:
    """A clause content whose quotation closes before a *when* clause the parser hung on the
    cue goes on over that clause (`Lee said there is a "real gap," when it comes to pay`):
    the quote mark split the content, the clause did not start a new one."""
    c = next((c for c in verb.rights if c.i >= end and not c.is_punct), None)
    if c is None or c.dep_ != "advcl" or c.left_edge.tag_ != "WRB" or c.left_edge.dep_ != "advmod":
        return end
    between = verb.doc[end:c.left_edge.i]
    if between and all(t.is_punct for t in between) and any(t.is_quote for t in between):
        return c.right_edge.i + 1
    return end


def _around(verb: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """A parenthetical cue (`The plan, analysts said, will fail`) reports the clause it
    interrupts, on both sides of it: that clause's range and the cue's own part of it."""
    doc = verb.doc
    sent_start, sent_end = sentence_bounds(verb)
    head = verb.head
    while head.dep_ == "advcl" and head.head.i > verb.i:  # "Though A, he said, B": A hangs on B
        head = head.head
    start, end = _subtree_range(head)
    start, end = max(start, sent_start), min(end, sent_end)
    gap = _subtree_range(verb)
    while end > gap[1] and doc[end - 1].is_punct:
        end -= 1
    left, right = _trim(doc, start, gap[0]), _trim(doc, gap[1], end)
    if left is None or right is None:  # "As Lee said, …", "…, as Lee said"
        return left or right, None
    return (left[0], right[1]), (left[1], right[0])


def _form(verb: Token) -> str:
    """A verb's form, the bare one whichever tag the tagger gave it ("or declare": VBP)."""
    return "VB" if verb.tag_ in ("VB", "VBP") else verb.tag_


def _coordinated(verb: Token, start: int, end: int) -> int:
    """Where a content after its cue ends, taking in what the parser coordinated with the
    cue but belongs to the content: a noun (`emphasized fairness, and a need to …`) or a
    verb in the content head's form, without a subject (`wants to cut taxes, grow jobs
    and …`, `mentioned refinancing loans and forcing …`), or with a pronoun subject after a
    clause content, not a speech verb (`says she hopes to win, but she knows …`, `said it
    was late, and there was no time`)."""
    doc = verb.doc
    head = doc[start:end].root
    for c in verb.rights:
        if c.i < end or c.dep_ != "conj":
            continue
        if any(not (t.is_punct or t.dep_ in ("cc", "preconj") or t.lower_ in ("also", "then")) for t in doc[end:c.left_edge.i]):
            break
        content_like = c.pos_ in ("NOUN", "PROPN") or (
            c.pos_ == "VERB" and _form(c) == _form(head) != _form(verb)
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)) or (
            head.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and _form(c) == _form(head)
            and any(g.dep_ == "nsubj" and g.pos_ == "PRON" or g.dep_ == "expl" for g in c.children)
            and c.lemma_.lower() not in lexicon().speech)  # "says she hopes …, but she knows …"
        if not content_like:
            break
        end = c.right_edge.i + 1
    return end


def _both_sides(verb: Token, content: tuple[int, int],
                lex: Lexicon) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A clause content before its cue goes on over a clause in its form the parser
    coordinated with the cue after it (`Prices rose 3 percent, the agency said in a report,
    and wages fell 1 percent`): the content's two parts, the frame its gap. Not after a
    quotation, which the writer's own clause follows."""
    doc = verb.doc
    head = doc[content[0]:content[1]].root
    if any(t.is_quote for t in doc[max(content[0] - 1, 0):verb.i]):
        return content, None  # `"…," she said, and …`: the quote is the content
    for c in verb.rights:
        if c.dep_ != "conj" or c.pos_ not in ("VERB", "AUX") or _form(c) != _form(head) \
                or head.dep_ != "ccomp" or _cue_lemma(c, lex):
            continue
        first = c.left_edge.i
        if not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) \
                or first < 1 or doc[first - 1].dep_ != "cc" or doc[first - 1].head.i != verb.i:
            continue
        end = c.right_edge.i + 1
        while end > first and doc[end - 1].is_punct:
            end -= 1
        return (content[0], end), (content[1], first)
    return content, None


def _past_colon(doc: Doc, start: int, end: int, cue: int) -> tuple[int, int]:
    """A content after its cue that stops at a colon goes on over the sentence the colon
    introduces, in the same paragraph (`noted that three things happen at once: prices
    rise, …`)."""
    if start <= cue or end + 1 >= len(doc) or doc[end].text != ":":
        return start, end
    stop = end + 1
    last = sentence_bounds(doc[stop])[1]
    while stop < last and "\n" not in doc[stop].text:
        stop += 1
    while stop > end + 1 and (doc[stop - 1].is_punct or doc[stop - 1].is_space):
        stop -= 1
    return (start, stop) if stop > end + 1 else (start, end)


def _passive_content(verb: Token, content: tuple[int, int] | None) -> tuple[int, int] | None:
    """A passive cue reports its subject: `The bill is supported by Lee` (Lee, the agent, is
    the source), `Lee was accused of lying`, `Turnout is expected to rise`. The content runs
    from the subject over what follows the verb, up to the agent."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ != "it"), None)
    if subject is None or subject.i > verb.i:
        return content
    if content is not None and not any(c.dep_ == "xcomp" and content[0] <= c.i < content[1]
                                       for c in verb.children):
        return content  # "was told that …": the clause
    return subject.left_edge.i, max(_object_tail(verb, verb.i + 1), subject.right_edge.i + 1)


# Verbs taking a "that" clause that report no one's words or thoughts.
NOT_THAT_CUES = frozenset({"ensure", "insure", "make", "mean", "require", "be", "have", "do", "seem",
                           "appear", "happen", "matter", "prove", "demonstrate", "stipulate",
                           "provide", "specify", "dictate", "follow", "turn", "help"})


def _that_clause_verb(tok: Token) -> str | None:
    """A verb outside the lexicon with a subject and a "that" clause reports what its
    subject said or thought (`conceded that`, `lamented that`, `realized that`)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or not lemma.isalpha() or lemma in NOT_THAT_CUES \
            or not any(c.dep_ == "nsubj" for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "ccomp" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
            return lemma
    return None


def _verb_lemma(tok: Token, lex: Lexicon) -> str | None:
    """The cue a verb makes: a phrasal cue first ("ruled out" is not "ruled")."""
    lemma = _known_lemma(tok, lex)
    for phrase in lex.phrasal:
        if phrase[0] == lemma and any(c.dep_ in ("prt", "dobj") and c.lower_ == phrase[1] for c in tok.children):
            return " ".join(phrase)
    return lemma if _is_cue(lemma, lex) else None


def _known_lemma(tok: Token, lex: Lexicon) -> str:
    """The token's lemma, or the cue it inflects where the lemmatizer cut a final "e"
    ("hopes", "hoped" -> "hop")."""
    lemma = tok.lemma_.lower()
    if _is_cue(lemma, lex):
        return lemma
    cue = lemma + "e"
    if _is_cue(cue, lex) and tok.lower_ in (cue + "s", cue + "d", lemma + "ing"):
        return cue
    return lemma


def _according_to(doc: Doc, i: int, lex: Lexicon) -> Frame | None:
    for phrase in lex.according_to:
        n = len(phrase)
        if tuple(t.lower_ for t in doc[i:i + n]) != phrase:
            continue
        last = doc[i + n - 1]
        source = next((c for c in last.children if c.dep_ == "pobj"), None)
        head = doc[i].head
        while head.dep_ in ("prep", "pobj", "conj") and head.head.i != head.i:
            head = head.head  # and over coordination: "A is X and B did Y, according to Z"
        if head.i in range(i, i + n):
            return None
        sent_start, sent_end = sentence_bounds(doc[i])
        a, b = _subtree_range(head)
        a, b = max(a, sent_start), min(b, sent_end)
        edge = (source.right_edge.i + 1) if source is not None else i + n
        # the clause around "according to X", minus that phrase
        content = (edge, b) if i <= a + 1 else (a, i)
        return Frame(list(doc[i:i + n]), " ".join(phrase), source, _trim(doc, *content))
    return None


def _noun_frame(tok: Token, lex: Lexicon) -> Frame | None:
    """`Smith's claim that …`, and with a possessor `his accusations of fraud`."""
    lemma = tok.lemma_.lower()
    source = next((c for c in tok.children if c.dep_ == "poss"), None) or _light_verb_subject(tok, lex)
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp")
                   and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)
    if clause is None:
        content = _noun_content(tok, lex.noun_preps.get(lemma, frozenset()))
        if source is None or content is None:  # "the support for …" alone names nobody
            return None
        return Frame([tok], lemma, source, _trim(tok.doc, *content))
    if source is None:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")), None)
        source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if source is None:
        source = _subject_of_verb_tagged_noun(tok, lex)
    return Frame([tok], lemma, source, _trim(tok.doc, *_subtree_range(clause)))


def _light_verb_subject(tok: Token, lex: Lexicon) -> Token | None:
    """`Lee made an impassioned call for calm`, `Lee raised questions about the deal`: the
    subject of a light verb whose object is the noun cue holds it (not of any verb: in `Lee
    denied the claim that …` the claim is somebody else's)."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.lemma_.lower() not in lex.light_verbs:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _subject_of_verb_tagged_noun(tok: Token, lex: Lexicon) -> Token | None:
    """`Trump claims that …`, `Trump charges that …`: a cue verb the tagger read as a plural
    noun, with a name right before it as its subject or compound and a *that* clause: the
    name is the verb's subject. A determiner (`the Trump charges that`) keeps it a noun."""
    if not (tok.tag_ == "NNS" and tok.lower_.endswith("s") and tok.lemma_.lower() in lex.speech) \
            or any(c.dep_ in ("det", "poss", "amod", "nummod") for c in tok.children):
        return None
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if before is None or before.head.i != tok.i or not before.text[:1].isupper():
        return None
    if before.dep_ == "nsubj" or before.dep_ == "compound" and before.pos_ in ("PROPN", "NOUN"):
        return before
    return None


def _noun_content(tok: Token, preps: frozenset[str]) -> tuple[int, int] | None:
    """What a noun cue's prepositional object or, with "to" among its ``preps``, its
    infinitive says: `accusations of fraud`, `his plan to cut taxes`."""
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps), None)
    objs = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")] if prep is not None else []
    if objs:
        return objs[0].left_edge.i, objs[-1].right_edge.i + 1
    if "to" in preps:
        for c in tok.children:
            if c.dep_ in ("acl", "relcl") and c.i > tok.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                return _subtree_range(c)
    return None


def _adjective_frame(tok: Token, lex: Lexicon) -> Frame | None:
    """`X was optimistic that …`, `it is unclear whether …`, `worried about …`: a stance
    counted as a belief, held by the subject of the copula (none for an impersonal `it`)."""
    marks = lex.adjectives.get(tok.lemma_.lower())
    if not marks or tok.dep_ not in ("acomp", "ROOT", "conj"):
        return None
    content = None
    for c in tok.children:
        if c.dep_ in ("ccomp", "advcl") and any(m.dep_ == "mark" and m.lower_ in marks or
                                                 m.dep_ == "advmod" and m.lower_ in marks for m in c.children):
            content = _subtree_range(c)
        elif c.dep_ == "prep" and c.lower_ in marks:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                content = objs[0].left_edge.i, objs[-1].right_edge.i + 1
        elif c.dep_ == "xcomp" and "to" in marks and c.i > tok.i:  # willing to compromise
            content = _subtree_range(c)
        if content:
            break
    if content is None:
        return None
    head = tok.head if tok.dep_ == "acomp" else tok
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ != "it"), None)
    return Frame([tok], tok.lemma_.lower(), _speakerlike(subject), _trim(tok.doc, *content), True)


# What a verb such as "seem" says something looks like: "seems to work", "appears weak",
# "seemed an insult away from …", "seems like a fine idea", "it appears that …".
PREDICATE_DEPS = ("xcomp", "acomp", "attr", "oprd", "dobj", "ccomp")


def _reports_itself(head: Token, lex: Lexicon) -> bool:
    """A predicate of "seem" that is a cue with a content of its own (`appeared to blame
    workers`, `seems eager to win`); a cue word that finds none there (`appears to have
    declined 3 percent`, `seemed certain to leave`) leaves the predicate to "seem"."""
    if head.pos_ in ("VERB", "AUX"):
        lemma = _verb_lemma(head, lex)
        return lemma is not None and _verb_content(head, lemma, lex) is not None
    if head.pos_ == "ADJ" and head.lemma_.lower() in lex.adjectives:
        frame = _adjective_frame(head, lex)
        return frame is not None and frame.content is not None
    return False


def _evidential_frame(tok: Token, lex: Lexicon) -> Frame | None:
    """`Lee seems to relish the fight`, `The plan appears weak`: the writer reports how a thing
    looks; the subject and the predicate are the content (the cue between them its gap), and
    nobody is the source. A cue as predicate (`Lee appeared to blame workers`) is reported
    by that cue instead, with its own source."""
    doc = tok.doc
    predicate = next((c for c in tok.rights if c.dep_ in PREDICATE_DEPS
                      or c.dep_ == "prep" and c.lower_ == "like"), None)
    subject = next((c for c in tok.lefts if c.dep_ == "nsubj"), None)
    if predicate is None or subject is None or subject.tag_ in ("WDT", "WP") \
            or subject.lower_ in ("him", "her", "them", "me", "us"):  # "makes him seem kinder"
        return None
    heads = [predicate] + [c for c in predicate.children if c.dep_ in ("acomp", "attr")]
    while heads[-1].dep_ in ("xcomp", "acomp") and any(c.dep_ == "xcomp" for c in heads[-1].children):
        heads.append(next(c for c in heads[-1].children if c.dep_ == "xcomp"))  # "appears set to veto"
    if any(_reports_itself(h, lex) for h in heads):
        return None
    end = _object_tail(tok, predicate.right_edge.i + 1)
    # "seems credible to me": a pronoun it seems so to is the source, outside the content
    to = next((c for c in [*tok.children, *predicate.children] if c.dep_ == "prep" and c.lower_ == "to"
               and any(g.dep_ == "pobj" and g.tag_ == "PRP" for g in c.children)), None)
    source = next(g for g in to.children if g.dep_ == "pobj") if to is not None else None
    if to is not None and to.i >= predicate.left_edge.i:
        end = min(end, to.i)
    if subject.lower_ == "it":  # "it appears that …": the clause alone
        return Frame([tok], tok.lemma_.lower(), source, _trim(doc, predicate.left_edge.i, end), True)
    start, gap = subject.left_edge.i, (subject.right_edge.i + 1, predicate.left_edge.i)
    return Frame([tok], tok.lemma_.lower(), source, (start, end), True, gap=gap)


def find_frames(doc: Doc, lex: Lexicon, *, in_quote: Callable[[int], bool],
                beliefs: bool = True) -> list[Frame]:
    """Every reporting frame whose cue lies outside quotation marks, in text order."""
    frames: list[Frame] = []
    doubled = doubled_spans(doc.text)  # "''I think it failed,'' Lee said": the quoted speaker's cue
    opens = [a for a, _ in doubled]
    for tok in doc:
        k = bisect.bisect_left(opens, tok.idx) - 1
        if in_quote(tok.idx) or k >= 0 and tok.idx < doubled[k][1]:
            continue
        if tok.lower_ in ("according", "as", "in"):
            frame = _according_to(doc, tok.i, lex)
            if frame:
                frames.append(frame)
            continue
        if _verb_tagged_noun(tok, lex):  # `"…," Bozell answers.`: "answers" parsed as a noun
            frames.append(Frame([tok], tok.lemma_.lower(), doc[tok.i - 1], None))
            continue
        if tok.pos_ == "NOUN" and (tok.lemma_.lower() in lex.nouns or tok.lemma_.lower() in lex.noun_preps):
            frame = _noun_frame(tok, lex)
            if frame and frame.content:
                frames.append(frame)
            continue
        if tok.pos_ == "ADJ":
            frame = _adjective_frame(tok, lex) if beliefs else None
            if frame and frame.content:
                frames.append(frame)
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl"):
            continue  # "a drama called …", "the series shown in full": naming, not speech
        if tok.lemma_.lower() in lex.evidential:
            frame = _evidential_frame(tok, lex) if beliefs else None
            if frame is not None:
                frames.append(frame)
            continue
        lemma = _verb_lemma(tok, lex) or _that_clause_verb(tok)
        if lemma is None or _imperative(tok) or tok.dep_ in ("csubj", "csubjpass"):
            continue  # a clause as subject: "Finding a seatmate proved hard", "What Lee considers …"
        belief = lemma in lex.belief
        if belief and not beliefs:
            continue
        content = _verb_content(tok, lemma, lex)
        if content is not None and content[0] > tok.i:
            content = content[0], _coordinated(tok, *content)
        if lemma in lex.passive:
            content = _passive_content(tok, content)
        if content is not None:
            content = _trim(doc, *_past_colon(doc, *content, tok.i))
        if content is not None and content[1] - content[0] == 1 and doc[content[0]].lower_ in EMPTY_CONTENTS:
            content = None  # "know what", "deny them": says nothing by itself
        gap = None
        if content is not None and content[1] <= tok.i:
            content, gap = _both_sides(tok, content, lex)
        if content is None and (tok.dep_ == "parataxis" or tok.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)):  # "as Lee said, …"
            content, gap = _around(tok)
        if content is not None and content[1] - content[0] == 1 and doc[content[0]].pos_ in LONE_WORD_POS:
            content, gap = None, None  # "sharper than he spoke", "told reporters perhaps": no statement
        if belief and content is None:
            continue
        if lemma == "call" and content is None:
            continue
        cue = [tok] + [c for c in tok.rights if c.dep_ in ("prt", "dobj") and " " in lemma
                       and c.lower_ == lemma.split()[1]][:1]
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)  # the subject is no source
        source = _source(tok, in_quote) or (None if passive else _nearby_subject(tok, in_quote))
        frame = Frame(cue, lemma, _speakerlike(source), content, belief,
                      None if content else _complement(tok, lex), gap)
        frames.append(frame)
    frames += _headline_frames(doc, lex, {t.i for f in frames for t in f.cue}, beliefs)
    frames.sort(key=lambda f: f.cue[0].i)
    return _split_at_cues(frames)


HEADLINE_STOPS = frozenset({";", ".", ",", ":", "—", "–"})


def _headline_frames(doc: Doc, lex: Lexicon, cues: set[int], beliefs: bool) -> list[Frame]:
    """`Putin chides Turkey and praises Trump`, `Another GOP Figure Endorses Hillary Clinton`:
    in an article's first line, the headline, the parser often reads a cue verb in the
    present (`-s`) as a noun or a name; right after a capitalised word, with no article or
    possessive before it, it is the verb, the words before it its subject and the rest of
    the clause its content."""
    if "\n" not in doc.text:
        return []
    end = next((t.i for t in doc if "\n" in t.text), len(doc))
    if end > 25:
        return []
    frames, known = [], lex.speech | lex.object_content | (lex.belief if beliefs else frozenset())
    for tok in doc[1:end]:
        low = tok.lower_
        lemma = low[:-1] if low[:-1] in known else low[:-2] if low.endswith("es") and low[:-2] in known else None
        if lemma is None or tok.i in cues or not low.endswith("s"):
            continue
        prev = doc[tok.i - 1]
        if not prev.text[:1].isupper() or prev.tag_ == "POS" \
                or prev.lower_ in ("the", "a", "an", "his", "her", "its", "their"):
            continue
        stop = next((t.i for t in doc[tok.i + 1:end] if t.text in HEADLINE_STOPS), end)
        content = _trim(doc, tok.i + 1, stop)
        if content is not None and content[1] > content[0]:
            frames.append(Frame([tok], lemma, prev, content, lemma in lex.belief))
    return frames


def _imperative(verb: Token) -> bool:
    """A bare verb heading its sentence with no subject and no modal (`Don't blame Bush.`,
    `Imagine that she …`, `Tell us …`): the writer asks the reader; nobody is reported."""
    return verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") or c.dep_ == "aux" and c.lemma_.lower() != "do"
        for c in verb.children)


# Words that may stand between a content and a cue that starts a new statement after it:
# "…, adding that", "… and added", "…, while insisting".
SPLIT_GAP = frozenset({",", ";", "and", "also", "while", "then", "before", "after", "—", "–", "-"})


def _split_at_cues(frames: list[Frame]) -> list[Frame]:
    """A content ends where a participle or coordinated cue of the same speaker starts a new
    statement ("said A, adding that B" is two statements); that cue's speaker is the outer
    frame's when the parse gave it a subject inside the outer content."""
    verbs = [f for f in frames if f.cue[0].pos_ in ("VERB", "AUX") and f.lemma != ":"]
    out = []
    for f in frames:
        if f.content is None:
            out.append(f)
            continue
        a, b = f.content
        inner = next((g for g in verbs if g is not f and a < g.cue[0].i < b
                      and g.content is not None and g.cue[0].dep_ in ("advcl", "conj")
                      and g.cue[0].tag_ in ("VBG", "VBD", "VBZ", "VBN")
                      and not _shared_predicate(f, g)), None)
        if inner is not None:
            doc, cut = f.cue[0].doc, inner.cue[0].i
            while cut > a and doc[cut - 1].lower_ in SPLIT_GAP:
                cut -= 1
            if cut < inner.cue[0].i and cut > a:
                f = replace(f, content=_trim(doc, a, cut))
        out.append(f)
    return [_own_speaker(g, out) for g in out]


def _shared_predicate(f: Frame, g: Frame) -> bool:
    """`Police say he posed a threat and refused to drop the gun`, `told us that he knew the
    rules and thought they were fair`: a cue coordinated with the head of a clause content,
    in its form, with no subject of its own, that states a thought or an intention (a belief
    cue, or an infinitive with no object before it) is a second predicate of the reported
    subject, not a new statement of the speaker's (`said A and added that B` is)."""
    doc, cue = f.cue[0].doc, g.cue[0]
    head = doc[f.content[0]:f.content[1]].root
    if not (cue.dep_ == "conj" and cue.head.i == head.i and head.dep_ == "ccomp" and head.head.i == f.cue[0].i
            and _form(cue) == _form(head) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children)):
        return False
    children = [c.dep_ for c in cue.children]
    return g.belief or "xcomp" in children and "dobj" not in children and "dative" not in children


def _own_speaker(g: Frame, frames: list[Frame]) -> Frame:
    """A participle or coordinated cue ("…, telling reporters that", "denied that … and
    accused") speaks for the frame whose content it was cut from, not for a subject inside
    that content."""
    if not (g.cue[0].tag_ == "VBG" and g.cue[0].dep_ == "advcl" or g.cue[0].dep_ == "conj"):
        return g
    for f in frames:
        if f is g or f.content is None or f.source is None:
            continue
        if f.content[1] <= g.cue[0].i and f.cue[0].i < g.cue[0].i \
                and (g.source is None or f.content[0] <= g.source.i < f.content[1]) \
                and g.cue[0].head.i in range(*f.content):
            return replace(g, source=f.source)
    return g


def _verb_tagged_noun(tok: Token, lex: Lexicon) -> bool:
    doc = tok.doc
    return (tok.pos_ in ("NOUN", "PROPN") and tok.i > 0 and tok.lower_.endswith("s")
            and tok.lemma_.lower() in lex.speech and doc[tok.i - 1].pos_ in ("PROPN", "PRON")
            and (tok.i + 1 == len(doc) or doc[tok.i + 1].is_punct))


def _complement(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    rights = [c for c in verb.rights if not c.is_punct and c.dep_ not in ("prt", "cc", "conj", "advmod", "npadvmod")
              and c.dep_ not in ("nsubj", "nsubjpass")  # "…,'' said Lee, who is …": the speaker
              and c.lower_ != "without"
              and not (c.dep_ in ("dobj", "dative") and verb.lemma_ in lex.addressee_verbs)]
    cue = next((k for k, c in enumerate(rights) if k and c.dep_ == "advcl" and _cue_lemma(c, lex)), None)
    rights = rights[:cue]  # "implored her to act, arguing that …": the participle cue says the rest
    if not rights:
        return None
    return rights[0].left_edge.i, rights[-1].right_edge.i + 1


def _cue_lemma(tok: Token, lex: Lexicon) -> bool:
    return _is_cue(tok.lemma_.lower(), lex)


def _is_cue(lemma: str, lex: Lexicon) -> bool:
    return lemma in lex.speech or lemma in lex.belief


def _nearby_subject(verb: Token, in_quote: Callable[[int], bool]) -> Token | None:
    """A speaker the parse did not attach as subject: the noun phrase right before the cue
    (`"…," Bozell, founder of the group, tells …`) or right after it (`"…," said Bozell`)."""
    sent_start, sent_end = sentence_bounds(verb)
    before = next((t for t in reversed(verb.doc[sent_start:verb.i]) if not t.is_punct or t.is_quote), None)
    after_quote = before is not None and before.is_quote
    for tok in verb.doc[verb.i + 1:min(verb.i + 4, sent_end)] if after_quote else ():
        if in_quote(tok.idx) or tok.is_punct:
            break
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in ("dobj", "dative", "pobj"):
            while tok.head.i > tok.i and tok.head.pos_ in ("PROPN", "NOUN") and tok.dep_ == "compound":
                tok = tok.head
            return tok
    for tok in reversed(verb.doc[sent_start:verb.i]):
        if in_quote(tok.idx):
            break
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in ("compound", "poss", "pobj", "dobj"):
            head = tok
            while head.dep_ in ("appos",) and head.head.i < head.i:
                head = head.head
            return head
    return None
