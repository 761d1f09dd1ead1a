"""Speakers: who each claim's source is, read off the article's entity model.

A source is described from the parse (``speakers.describe``: its noun phrase, proper name,
role), then looked up among the article's mentions (``entities.Entities``): a name, pronoun,
description or "X's campaign" that the model resolved gives the entity's fullest name. A
source whose head is a common noun ("French health officials", "a spokeswoman for Clinton")
is generic: no name is taken from a modifier inside it. A document ("the poll", "a USA
Today analysis") speaks for the body it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..records import Span, Speaker
from .entities import Entities, Entity
from .mentions import common_noun, entity_words
from .lexicon import Lexicon
from .speakers import RELATIVE_PRONOUNS, beside_name, describe, proper

MAX_ROLE_WORDS = 6  # a longer "role" is a clause, not a role
DATELINE = re.compile(r"[A-Z][A-Z .'-]+(,\s*[A-Z][\w.]*)?\s*(\(|—|–|--|-\s)")


@dataclass(frozen=True)
class Source:
    """A claim's source in the parse: its head token and the article offset of its chunk."""

    token: Token
    offset: int
    limit: tuple[int, int] | None = None  # token range the mention must stay within


def source_start(source: Source) -> int:
    """Article offset where the source's head token starts (the entity stage's key)."""
    return _antecedent(source.token).idx + source.offset


def _antecedent(tok: Token) -> Token:
    """A relative pronoun speaks for the noun it hangs on ("the group, which said …"), or,
    when the parse did not attach its clause, the noun phrase right before it."""
    if tok.lower_ not in RELATIVE_PRONOUNS or tok.pos_ not in ("PRON", "DET"):
        return tok
    if tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        return beside_name(tok.head.head)
    i = tok.i - 1
    while i >= 0 and tok.doc[i].text == ",":
        i -= 1
    if i >= 0 and tok.doc[i].pos_ in ("PROPN", "NOUN") and tok.lower_ != "that":
        return beside_name(tok.doc[i])
    return tok


def _short_role(role: str | None) -> str | None:
    if not role or len(role.split()) > MAX_ROLE_WORDS:
        return None
    return role


def speaker_of(source: Source, text: str, entities: Entities, lex: Lexicon) -> Speaker:
    """The speaker a source refers to; ``text`` is the article text."""
    tok = _antecedent(source.token)
    label = _party_label_of(tok)
    if label is not None:
        return speaker_of(replace(source, token=label, limit=None), text, entities, lex)
    m = describe(source.token, lex, limit=source.limit)
    span = Span.of(text, m.start + source.offset, m.end + source.offset)
    at = tok.idx + source.offset
    i = entities.mention_at(at)
    mention = entities.mentions[i] if i is not None else None
    entity = entities.entity_of(at)
    role = _short_role(m.role)
    if DATELINE.match(text, span.start) and (span.start == 0 or text[span.start - 1] == "\n"):
        # "WASHINGTON —" is where, not who; the parser may hang the subject on it
        subject = next((c for c in tok.children if c.dep_ == "appos" and c.i > tok.i), None)
        if subject is not None:
            return speaker_of(replace(source, token=subject), text, entities, lex)
        return Speaker(span, None, None, None, "explicit")
    group = _group_of(tok, source.offset, entities)
    if group is not None:  # "Democrats and Republicans, who …", "two voters, A and B, who …"
        return _speaker(span, group, None, "alias")
    quantified = any(c.lower_ in entity_words().generic_determiners for c in tok.children
                     if c.dep_ in ("det", "amod", "compound")) or any(c.dep_ in ("acl", "amod") for c in tok.rights)
    if entity is not None and entity.type == "NORP" and quantified or _with_others(tok):
        # "many Democrats", "Americans worried about …", "Joseph and other residents": a
        # group, not one speaker
        return Speaker(span, None, "NORP" if entity is not None and entity.type == "NORP" else None,
                       role, "explicit")
    if entity is not None and mention is not None:
        how = {"pronoun": "pronoun", "first_person": "pronoun", "description": "description", "document": "description",
               "org_of": "alias"}.get(mention.form)
        if how is None:
            how = "explicit" if (mention.name or "").lower() == entity.name.lower() else "alias"
        if tok is not source.token and how == "explicit":
            how = "alias"  # through a relative pronoun
        return _speaker(span, entity, role if how in ("explicit", "alias") else None, how)
    if m.pronoun is not None or (mention is not None and mention.form == "pronoun"):
        return Speaker(span, None, None, None, "pronoun")
    surname = _surname_of(tok, entities)
    if surname is not None:  # "Howells' claim": a surname the tagger took for a noun
        return _speaker(span, surname, role, "alias")
    if not proper(tok):
        # "Its general secretary, Owen Pritchard, told …": the name in apposition
        named = next((entities.entity_of(c.idx + source.offset) for c in _appositions(tok, lex)), None)
        if named is not None:
            return _speaker(span, named, role, "explicit" if named.name in span.text else "alias")
        return _unnamed(tok, source.offset, span, m.type, role, entities)
    named = next((e for e in entities.entities_in(span.start, span.end, ("PERSON", "ORG", "GPE", "NORP"))
                  if m.name and m.name in e.name), None)
    if named is not None:  # "President Barack Obama": the head is the title, the name beside it
        return _speaker(span, named, role, "explicit" if named.name == m.name else "alias")
    if m.name and not (m.name.isupper() and len(m.name) > 4) and not common_noun(m.name.split(), lex):
        # a tagger-missed name, not a DATELINE or a capitalised "Judge"
        return Speaker(span, m.name, m.type, role, "explicit")
    return Speaker(span, None, None, role, "explicit")


def _party_label_of(tok: Token) -> Token | None:
    """"Paul Ryan, R-Wis.": a party and state label is no speaker; the name it follows is."""
    doc = tok.doc
    if tok.ent_type_ != "GPE" or tok.i < 2 or doc[tok.i - 1].text not in ("-", "–") \
            or doc[tok.i - 2].text not in ("R", "D", "I"):
        return None
    head = tok.head
    return head if head.i < tok.i and head.ent_type_ == "PERSON" and head.pos_ == "PROPN" else None


def _group_of(tok: Token, offset: int, entities: Entities) -> Entity | None:
    """The group entity of names joined by "and" that ``tok`` heads, directly or through
    the names in apposition to it."""
    for head in [tok] + [c for c in tok.children if c.dep_ == "appos"]:
        if not any(c.dep_ == "conj" and c.ent_type_ for c in head.children):
            continue
        i = entities.mention_at(head.idx + offset, form="group")
        if i is not None and entities.of_mention[i] is not None:
            return entities.entities[entities.of_mention[i]]  # type: ignore[index]
    return None


def _appositions(tok: Token, lex: Lexicon) -> list[Token]:
    """Names in apposition to a source noun, also where the parser hung the name on the
    name before it: in "An attorney for Ruiz, Mark Dean, said" a name beside a name is the
    attorney's."""
    found = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if not found and tok.lemma_.lower() in lex.role_nouns:
        found = [a for p in tok.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"
                 for a in o.children if a.dep_ == "appos" and a.ent_type_ == "PERSON" and a.pos_ == "PROPN"]
    return found


def _with_others(tok: Token) -> bool:
    """"X and other scientists", "RT and its defenders": X stands for a group."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "appos"]  # "X, head of Y, and other scientists"
    return any(c.dep_ == "conj" and c.pos_ == "NOUN" and any(g.lower_ in ("other", "its", "their", "his", "her")
                                                              for g in c.children)
               for h in heads for c in h.children)


def _surname_of(tok: Token, entities: Entities) -> Entity | None:
    if not tok.text[:1].isupper() or tok.pos_ not in ("NOUN", "PROPN"):
        return None
    found = [e for e in entities.entities if e.type == "PERSON" and len(e.name.split()) > 1
             and e.name.split()[-1] == tok.text]
    return found[0] if len(found) == 1 else None


def _speaker(span: Span, entity: Entity, role: str | None, how: str) -> Speaker:
    return Speaker(span, entity.name, entity.type, role, how, entity.id)  # type: ignore[arg-type]


def _unnamed(tok: Token, offset: int, span: Span, typ: str | None, role: str | None,
             entities: Entities) -> Speaker:
    """A source headed by a common noun: generic; a document speaks for its possessor ("her
    submission to the court"), else for nobody named."""
    if tok.lemma_.lower() in entity_words().document_nouns:
        owner = next((entities.entity_of(c.idx + offset) for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None:
            return _speaker(span, owner, None, "description")
        return Speaker(span, None, "OTHER", None, "description")
    return Speaker(span, None, typ, role, "explicit")


def named_speaker(entity: Entity, text: str, start: int, end: int, how: str) -> Speaker:
    """A speaker named elsewhere in the passage (continuation of a quote, a byline)."""
    return _speaker(Span.of(text, start, end), entity, None, how)
