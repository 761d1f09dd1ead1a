"""Speaker mentions: the noun phrase of a frame's source, split into name, role and type."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .mentions import NAMED_TYPES

ENTITY_PRIORITY = ("PERSON", "ORG", "GPE", "NORP", "FAC")
# Right-hand dependents that still belong to the speaker's noun phrase.
MENTION_RIGHT_DEPS = ("compound", "flat", "nummod", "prep", "appos", "conj", "cc", "punct", "case")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
CAMEL_CASE = re.compile(r"^[A-Z]\w*[a-z][A-Z]")
# Words that are not part of a role: articles, relative and possessive pronouns (courtesy
# titles come from the lexicon).
DROP_ROLE = frozenset({"the", "a", "an", "'s", "’s", ",", "who", "which", "that",
                       "its", "his", "her", "their", "our", "my"})


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets
    end: int
    name: str | None  # a proper name in the mention, as written
    type: str | None
    role: str | None
    pronoun: str | None  # lower-cased pronoun when the mention is one
    head_lemma: str


LEFT_DEPS = ("compound", "det", "amod", "nummod", "poss", "case", "nmod", "punct", "advmod", "quantmod")


def phrase_start(tok: Token) -> int:
    """Where the noun phrase of ``tok`` starts: its left edge, but never across a quotation
    mark or a clause the parser hung on it ("…," Sarandon, 69, told …)."""
    doc, i = tok.doc, tok.i
    while i > tok.left_edge.i:
        prev = doc[i - 1]
        if prev.is_quote or prev.is_space or prev.dep_ not in LEFT_DEPS or prev.text in ",;:":
            break
        i -= 1
    return i


def mention_range(tok: Token) -> tuple[int, int]:
    """Token range of the speaker's noun phrase: left dependents, the head, and right
    dependents that belong to it (an apposition, "of the ministry"), not relative clauses."""
    start, end = phrase_start(tok), tok.i + 1
    for child in tok.rights:
        if child.dep_ not in MENTION_RIGHT_DEPS or child.dep_ == "punct" and child.text != ",":
            break
        end = child.right_edge.i + 1
    doc = tok.doc
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _entities(doc: Doc, start: int, end: int) -> list:
    """Entities inside tokens [start, end), read off the tokens (Span.ents scans the doc)."""
    found, i = [], start
    while i < end:
        if doc[i].ent_iob_ == "B":
            j = i + 1
            while j < end and doc[j].ent_iob_ == "I":
                j += 1
            found.append(doc[i:j])
            found[-1].label_ = doc[i].ent_type_
            i = j
        else:
            i += 1
    return found


def _clean(words: list[Token], lex: Lexicon) -> str | None:
    kept = [w for w in words if w.lower_ not in DROP_ROLE and w.lower_ not in lex.courtesy
            and not w.is_punct and not w.is_space]
    while kept and (kept[-1].pos_ in ("ADP", "CCONJ", "SCONJ", "PART") or kept[-1].dep_ == "prep"):
        kept.pop()  # "tech staffer at" [the State Department]: the role without its object is the noun
    return " ".join(w.text for w in kept) or None


def beside_name(tok: Token) -> Token:
    """"Walter Energy, another mining company that …", "China and Brazil, the two biggest
    buyers, which …": a relative clause on a description speaks for the name it stands beside."""
    indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in tok.children)
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NAMED_TYPES and not indefinite:
        return tok  # "a super PAC" is a description even when tagged a name
    if tok.dep_ == "appos" and tok.head.ent_type_ in NAMED_TYPES:
        return tok.head
    left = tok.left_edge.i
    if left >= 2 and tok.doc[left - 1].text == "," and tok.doc[left - 2].ent_type_ in NAMED_TYPES:
        return tok.doc[left - 2]
    return tok


def proper(tok: Token) -> bool:
    """A proper noun, also where the tagger took "RealClearPolitics" for a common one."""
    return tok.pos_ == "PROPN" or CAMEL_CASE.match(tok.text) is not None


def describe(tok: Token, lex: Lexicon, *, limit: tuple[int, int] | None = None) -> Mention:
    """Describe the speaker whose head token is ``tok``; ``limit`` clips the mention (e.g. to
    keep it outside a quotation)."""
    doc: Doc = tok.doc
    if tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        # "a consumer group, which called for …": the mention is "which", the speaker the group
        antecedent = describe(beside_name(tok.head.head), lex)
        return replace(antecedent, start=tok.idx, end=tok.idx + len(tok.text))
    start, end = mention_range(tok)
    if limit:
        start, end = max(start, limit[0]), min(end, limit[1])
        if start >= end:
            start, end = tok.i, tok.i + 1
    span = doc[start:end]
    char_start, char_end = span.start_char, span.end_char
    if tok.pos_ == "PRON":
        return Mention(tok.idx, tok.idx + len(tok.text), None, None, None, tok.lower_, tok.lemma_.lower())
    ents = [e for e in _entities(doc, start, end) if e.label_ in ENTITY_PRIORITY]
    ents.sort(key=lambda e: (ENTITY_PRIORITY.index(e.label_), -len(e)))
    if ents:
        ent = ents[0]
        words = [t for t in ent if t.text not in ("'s", "’s")]
        while words and words[0].lower_ in ("the",):
            words = words[1:]
        name = " ".join(t.text for t in words) if words else ent.text
        before = [t for t in span if t.i < ent.start]
        after = [t for t in span if t.i >= ent.end and t.dep_ != "relcl"]
        in_apposition = [t for t in after if t.dep_ == "appos" or any(a.dep_ == "appos" for a in t.ancestors)]
        role = _clean(before, lex) or _clean(in_apposition, lex)
        return Mention(char_start, char_end, name, ent.label_, role, None, tok.lemma_.lower())
    head_lemma = tok.lemma_.lower()
    if proper(tok):
        name = _clean(list(span), lex)
        return Mention(char_start, char_end, name, "OTHER", None, None, head_lemma)
    if head_lemma in lex.org_nouns and tok.tag_ in ("NN", "NNP"):
        return Mention(char_start, char_end, _clean(list(span), lex), "ORG", None, None, head_lemma)
    kind = "PERSON" if head_lemma in lex.role_nouns else "OTHER"
    return Mention(char_start, char_end, None, kind, _clean(list(span), lex), None, head_lemma)
