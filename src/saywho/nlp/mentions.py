"""Mentions of people and organisations in one parsed chunk, in article offsets.

Named entities (titles split off), capitalised words the tagger missed, "X's campaign" /
"the X administration", pronouns, definite descriptions ("the senator", "the newspaper") and
documents ("a Bloomberg poll"), each with its sentence and paragraph, whether it is a clause
subject and whether it sits inside quotation marks. ``entities.build_entities`` groups them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .names import first_name_gender

NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")
COURTESY_TITLES = ("mr", "mrs", "ms", "miss", "mx")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Personal pronouns: gender, plural, neuter ("it").
PRONOUNS = {
    "he": ("male", False, False), "him": ("male", False, False), "his": ("male", False, False),
    "she": ("female", False, False), "her": ("female", False, False), "hers": ("female", False, False),
    "they": (None, True, False), "them": (None, True, False), "their": (None, True, False),
    "it": (None, False, True), "its": (None, False, True),
    "each": (None, True, False),  # "Lee and Park …, each saying": only names joined by "and"
}
DOCUMENT_REACH = 20  # tokens after a document noun in which its issuer may be named
TOPIC_PREPS = frozenset({"about", "on", "over", "regarding", "concerning", "into"})
NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "al", "bin", "le", "la", "du", "del"})
SMALL_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})


@dataclass(frozen=True)
class EntityWords:
    title_words: dict[str, str]
    possessive_orgs: frozenset[str]
    document_nouns: frozenset[str]
    media_nouns: frozenset[str]
    media_words: frozenset[str]
    not_names: frozenset[str]  # capitalised common nouns: "The Bank said", "Retired General Reveals"
    issuing_verbs: frozenset[str]  # "the council issued a statement": its subject issued it
    role_genders: dict[str, str]  # "businessman": a role noun that tells the gender
    rank_words: frozenset[str]  # "vice" in "vice presidential nominee": another office
    generic_determiners: frozenset[str]
    org_kinds: dict[str, frozenset[str]]  # "union": words that make a name one ("Workers")
    place_orgs: frozenset[str]  # "police": "Tulsa police" names a body
    media_kinds: dict[str, frozenset[str]]  # "network": the media words of a broadcaster's name
    place_nouns: frozenset[str]  # "the city", "the state": the place just named


@lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    data = json.loads(resources.files("saywho.nlp").joinpath("data", "entities.json").read_text("utf-8"))
    return EntityWords(data["title_words"], frozenset(data["possessive_orgs"]),
                       frozenset(data["document_nouns"]), frozenset(data["media_nouns"]),
                       frozenset(data["media_words"]), frozenset(data["not_names"]),
                       frozenset(data["issuing_verbs"]), data["role_genders"], frozenset(data["rank_words"]),
                       frozenset(data["generic_determiners"]),
                       {k: frozenset(v) for k, v in data["org_kinds"].items()}, frozenset(data["place_orgs"]),
                       {k: frozenset(v) for k, v in data["media_kinds"].items()}, frozenset(data["place_nouns"]))


@dataclass(frozen=True)
class Mention:
    start: int  # article character offsets
    end: int
    text: str
    form: str  # name | group | pronoun | first_person | description | document | org_of
    name: str | None  # for names: the proper name, titles dropped
    type: str | None  # PERSON | ORG | GPE | NORP, when known
    head: str  # lower-cased head lemma
    sentence: int  # sentence number within the article
    paragraph: int  # paragraph number within the article
    subject: bool = False
    quoted: bool = False
    headline: bool = False  # on a title-case line: weak evidence for a full name
    title: str | None = None  # "Mrs." before a name
    roles: tuple[str, ...] = ()  # role words a name is introduced with ("senator", "nominee")
    modifiers: tuple[str, ...] = ()  # a description's other words ("republican", "former")
    owner: int | None = None  # org_of, document, description: article offset of the possessor or "by" agent
    members: tuple[int, ...] = ()  # group: article offsets of its names ("Grassley and Leahy")
    signs: str | None = None  # a name that signs the piece: "signature" (a line of its own) or "tagline"
    definite: bool = False  # a document or description named as one already known: "the poll", "the union"
    words: tuple[str, ...] = ()  # an indefinite description's other words ("representing", "flight", …)


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers, n = [], -1
    for tok in doc:
        if tok.i == 0 or tok.is_sent_start:
            n += 1
        numbers.append(n)
    return numbers


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines in headline case ("Obama Says Climate Deal Is Near"): names read there are weak."""
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        words = re.findall(r"[A-Za-z][\w'’-]*", m.group())
        long_words = [w for w in words if len(w) > 3]
        if 3 <= len(long_words) <= 20 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words):
            lines.append((m.start(), m.end()))
    return lines


def _is_subject(tok: Token) -> bool:
    """Subject of its clause, directly or as an apposition or conjunct of the subject (a name
    that only modifies the subject, "Trump campaign spokesman Jason Miller", is not)."""
    while tok.dep_ in ("appos", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in SUBJECT_DEPS


def _role_words(words: Sequence[str], lex: Lexicon) -> tuple[str, ...]:
    table = entity_words().title_words
    out = []
    for w in words:
        w = w.lower()
        w = table.get(w, table.get(w.rstrip("."), w))
        if w not in lex.courtesy and w not in SMALL_WORDS and w not in ("'s", "’s", "a", "an") and w.isalpha():
            out.append(w)
    return tuple(out)


def _introduced_roles(ent, lex: Lexicon) -> tuple[str, ...]:
    """Role words a name comes with: "Republican nominee Donald Trump", "Trump, the nominee",
    "Sen. Graham", "Lena Marsh is the site manager"."""
    doc, words = ent.doc, []
    i = ent.start - 1
    while i >= 0 and len(words) < 5 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and not doc[i].ent_type_ == "PERSON":
        words.insert(0, doc[i].text)
        i -= 1
    root = ent.root
    role = root.head if root.dep_ == "appos" else None
    if role is not None and role.dep_ == "pobj" and role.head.dep_ == "prep" \
            and role.head.head.lemma_ in lex.role_nouns:
        role = role.head.head  # "An attorney for Pagliano, Mark MacDougall": the parser hangs him on Pagliano
    if role is not None and role.pos_ == "NOUN" and role.i < ent.start:
        # "An attorney for Pagliano, Mark MacDougall"
        words += [t.text for t in _phrase(role) if t.i < ent.start][:8]
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            words += [t.text for t in _phrase(child)][:8]
    # "Lena Marsh is the site manager", "Lena Marsh, who was the White House physician"
    verbs = [root.head] if root.dep_ == "nsubj" else []
    verbs += [c for c in root.children if c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who"
                                                                     for g in c.children)]
    for verb in verbs:
        attr = next((c for c in verb.children if c.dep_ == "attr"), None) if verb.lemma_ == "be" else None
        if attr is not None and attr.pos_ == "NOUN":
            words += [t.text for t in attr.subtree if t.i <= attr.i and t.dep_ != "det"]
    return _role_words(words, lex)


def _phrase(tok: Token) -> list[Token]:
    """A noun's phrase without articles, punctuation and relative clauses ("a clerk at the
    Port Authority who told colleagues …" is "clerk at Port Authority")."""
    clause = {t.i for c in tok.subtree if c.dep_ == "relcl" for t in c.subtree}
    return [t for t in tok.subtree if t.i not in clause and t.dep_ != "det" and not t.is_punct]


def _org_kinds(ent, lex: Lexicon) -> tuple[str, ...]:
    """What the article says a body is, for "the network" to find it: "Russia Today, the global
    satellite network", "the RT America television network", "Wells Fargo is a bank". Only
    nouns for bodies count ("the EB-5 program" does not make EB-5 "the program")."""
    root, found = ent.root, []
    found += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
        found.append(root.head)
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < ent.start:
        found.append(root.head)  # "the network, RT,"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        found += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
    if not found:
        return ()
    words = entity_words()
    kinds = lex.org_nouns | words.media_nouns | words.org_kinds.keys()
    return tuple(t.lemma_.lower() for t in found if t.lemma_.lower() in kinds)


def _with_left_name_words(ent, lex: Lexicon):
    """"The Liberal Democrats" tagged as just "Democrats": capitalised words right before an
    organisation's name belong to it (not at a sentence start, not a title)."""
    doc, start = ent.doc, ent.start
    while start > 0 and not doc[start - 1].is_sent_start and doc[start - 1].pos_ in ("ADJ", "PROPN") \
            and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_ \
            and doc[start - 1].lower_.rstrip(".") not in lex.honorifics:
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_)


def _with_untagged_first_name(ent, lex: Lexicon):
    """"Amelize Joseph" tagged as just "Joseph": a capitalised name word the parser hangs on a
    one-word person's name is its first name (not a title or a role), so the name is a
    surname, not the first name "Joseph" with its gender."""
    doc = ent.doc
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is None or prev.pos_ != "PROPN" or prev.dep_ != "compound" or prev.head.i != ent.root.i \
            or not prev.text[:1].isupper() or not prev.is_alpha or prev.ent_type_ or prev.is_upper:
        return ent
    lower = prev.lower_
    if lower in lex.honorifics or lower in lex.role_nouns or lower in entity_words().title_words \
            or lower in entity_words().not_names:
        return ent
    return Span(doc, ent.start - 1, ent.end, label=ent.label_)


def _transcript_label(tok: Token) -> bool:
    """The last word of a speaker label in capitals opening a transcript line ("SEN. PIKE:")."""
    doc = tok.doc
    if not (tok.is_upper and tok.is_alpha and len(tok) > 2 and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"):
        return False
    k = tok.i - 1
    while k >= 0 and (doc[k].is_upper or doc[k].text == ".") and not doc[k].is_quote and tok.i - k <= 3:
        k -= 1
    return k < 0 or doc[k].is_quote or doc[k].is_space or "\n" in doc[k].whitespace_


def _untagged_name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.ent_type_


def _with_partner(ent):
    """"Reuters/Ipsos" tagged as just "Reuters": a joint name goes on over the slash."""
    doc, end = ent.doc, ent.end
    if end + 1 < len(doc) and doc[end].text == "/" and _untagged_name_word(doc[end + 1]):
        end += 1
        while end < len(doc) and _untagged_name_word(doc[end]):
            end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


def _outlet(ent):
    """"USA TODAY", "Denver Post" tagged as just the place: with a media word after it, an outlet."""
    doc, end = ent.doc, ent.end
    while end < len(doc) and _untagged_name_word(doc[end]) and doc[end].lower_ in entity_words().media_words:
        end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label="ORG")


def _issuer_word(tok: Token) -> Token | None:
    """Who a document names as its issuer: "Ivana Trump's brief", "a study by professor Justin
    Levitt" (the agent, not the school in his title), "the council issued a statement"."""
    if tok.dep_ == "dobj" and tok.head.lemma_ in entity_words().issuing_verbs:
        subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lower_ not in PRONOUNS:
            return subject
    for c in tok.children:
        if c.dep_ == "poss" and c.lower_ not in PRONOUNS or c.dep_ == "compound" and c.ent_type_ in ("PERSON", "ORG"):
            return c  # "Ivana Trump's brief", "the Clinton ad"
        if c.dep_ == "prep" and c.lower_ == "by":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _place_before(tok: Token) -> Token | None:
    """The first word of a place name right before ``tok`` ("Charlotte-Mecklenburg police")."""
    doc, k = tok.doc, tok.i
    while k > 0 and (doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper() and doc[k - 1].is_alpha
                     or doc[k - 1].text == "-" and k > 1 and doc[k - 2].pos_ == "PROPN" and k < tok.i):
        k -= 1
    return doc[k] if k < tok.i else None


def common_noun(words: Sequence[str], lex: Lexicon) -> bool:
    """"Judge Rejects Request", "the State", "Retired General": common nouns written with a capital."""
    return all(w.lower() in entity_words().not_names or w.lower() in lex.role_nouns for w in words)


def _signs(ent: Span, text: str) -> str | None:
    """A letter's signature (the name alone on its line) or an opinion piece's tagline (a line
    that starts "Charlotte Reyes is a playwright …"); ``text`` is the Doc's."""
    if ent.start_char > 0 and text[ent.start_char - 1] != "\n":
        return None
    end = text.find("\n", ent.end_char)
    rest = text[ent.end_char:end if end >= 0 else len(text)]
    if not rest.strip(" .,"):
        return "signature"
    return "tagline" if ent.root.dep_ == "nsubj" and ent.root.head.lemma_ == "be" else None


def _coordinated(doc: Doc) -> list[list[Span]]:
    """"Mr. Grassley and Mr. Leahy", "Democrats and Republicans": names of one kind joined by
    "and", which a later "they" may mean together."""
    ent_of = {t.i: ent for ent in doc.ents if ent.label_ in NAMED_TYPES for t in ent}
    out = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_TYPES or ent.root.dep_ == "conj":
            continue
        names, tok = [ent], ent.root
        while (nxt := next((c for c in tok.children if c.dep_ == "conj" and c.i in ent_of
                            and ent_of[c.i].label_ == ent.label_), None)) is not None:
            names.append(ent_of[nxt.i])
            tok = nxt
        if len(names) > 1 and any(t.lower_ == "and" for t in doc[ent.end:names[-1].start]):
            out.append(names)
    return out


def _from_first_name(words: list[str]) -> list[str]:
    """"Miss Universe Alicia Machado", "Crooked Hillary Clinton": words the tagger took into a
    name before its known first name are not part of it."""
    if len(words) < 3 or first_name_gender(words[0]) is not None:
        return words
    k = next((k for k in range(1, len(words) - 1) if first_name_gender(words[k]) is not None), None)
    return words if k is None else words[k:]


def _name_words(span, lex: Lexicon) -> tuple[list[str], str | None]:
    """The words of a name without possessive, leading "the" and titles; and the title."""
    kept = [t for t in span if t.text not in ("'s", "’s", "'", "’", ".")
            and (not t.is_punct or t.text in ("-", "/"))]
    ids = {t.i for t in kept}
    # spaced as in the text, so "Kilroy-Silk" keeps its hyphen; a dropped word leaves a space
    words = "".join(t.text + (t.whitespace_ or ("" if t.i + 1 in ids else " ")) for t in kept).split()
    title = None
    while len(words) > 1 and (words[0].lower() in ("the",) or words[0].lower() in lex.honorifics
                     or words[0].lower().rstrip(".") in lex.honorifics):
        if words[0].lower() != "the":
            title = words[0]
        words = words[1:]
    return words, title


def collect_mentions(doc: Doc, offset: int, lex: Lexicon, *, in_quote: Callable[[int], bool],
                     paragraph_of: Callable[[int], int], sentence_base: int = 0,
                     own: tuple[int, int] | None = None) -> list[Mention]:
    """The mentions of a parsed chunk starting at article offset ``offset``; ``own`` keeps
    only those starting in that article range (chunks overlap). ``in_quote`` and
    ``paragraph_of`` take article offsets."""
    words = entity_words()
    sent = _sentence_numbers(doc)
    text = doc.text
    headlines = _title_case_lines(text)

    def on_headline(char: int) -> bool:
        return any(a <= char < b for a, b in headlines)

    found: list[Mention] = []

    def add(start_char: int, end_char: int, tok: Token, **kw) -> None:
        a = start_char + offset
        if own is not None and not own[0] <= a < own[1]:
            return
        found.append(Mention(a, end_char + offset, text[start_char:end_char], sentence=sent[tok.i] + sentence_base,
                             paragraph=paragraph_of(a), quoted=in_quote(a), **kw))

    for ent in doc.ents:
        if ent.label_ not in NAMED_TYPES:
            continue
        if ent.label_ == "NORP" and len(ent) == 1 and ent.root.tag_ == "NNP" and ent.start > 0 \
                and doc[ent.start - 1].lower_ == "the" and ent.root.dep_ not in ("compound", "amod"):
            # "The Republican is also encouraging …": one person, the one the article calls so
            add(doc[ent.start - 1].idx, ent.end_char, ent.root, form="description", name=None, type="NORP",
                head=ent.root.lower_, subject=_is_subject(ent.root))
            continue
        if ent.label_ in ("ORG", "NORP"):
            ent = _with_left_name_words(ent, lex)
        if ent.label_ == "PERSON" and len(ent) == 1:
            ent = _with_untagged_first_name(ent, lex)
        if ent.label_ == "ORG":
            ent = _with_partner(ent)
        if ent.label_ == "GPE":
            ent = _outlet(ent)
        name_words, title = _name_words(ent, lex)
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if title is None and prev is not None and prev.lower_.rstrip(".") in lex.honorifics | {"mr", "mrs", "ms"}:
            title = prev.text
        if not name_words or not any(w[0].isupper() for w in name_words):
            continue
        if ent.label_ == "PERSON" and _transcript_label(ent[-1]):  # "WALLACE:" is the Wallace named above
            name_words = [w.title() if w.isupper() and len(w) > 2 else w for w in name_words]
        if ent.label_ == "PERSON":
            name_words = _from_first_name(name_words)
        courtesy = title is not None and title.lower().rstrip(".") in COURTESY_TITLES
        if common_noun(name_words, lex) and not courtesy:  # "Mr. Justice" is a man named Justice
            continue
        roles = _introduced_roles(ent, lex) if ent.label_ == "PERSON" \
            else _org_kinds(ent, lex) if ent.label_ == "ORG" else ()
        # "Obama Says", "Clinton Plan": a headline's words, not a full name
        weak = ent.label_ == "PERSON" and any(t.pos_ != "PROPN" for t in ent if t.text[0].isalpha()
                                              and t.lower_ not in NAME_PARTICLES)
        if title and not courtesy:
            roles = _role_words([title], lex) + roles
        add(ent.start_char, ent.end_char, ent.root, form="name", name=" ".join(name_words), type=ent.label_,
            head=ent.root.lemma_.lower(), subject=_is_subject(ent.root), headline=weak or on_headline(ent.start_char),
            title=title, roles=roles, signs=_signs(ent, text) if ent.label_ == "PERSON" else None)

    for names in _coordinated(doc):
        add(names[0].start_char, names[-1].end_char, names[0].root, form="group", name=None, type=names[0].label_,
            head="and", subject=_is_subject(names[0].root), members=tuple(e.start_char + offset for e in names))

    for tok in doc:
        lower = tok.lower_
        if tok.pos_ == "PRON" and lower == "i":  # the writer of a letter or an opinion piece
            add(tok.idx, tok.idx + 1, tok, form="first_person", name=None, type=None, head=lower,
                subject=tok.dep_ in SUBJECT_DEPS)
            continue
        if tok.pos_ == "PRON" and lower in PRONOUNS:
            add(tok.idx, tok.idx + len(tok.text), tok, form="pronoun", name=None, type=None, head=lower,
                subject=tok.dep_ in SUBJECT_DEPS)
            continue
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NAMED_TYPES:
            continue
        if _transcript_label(tok):  # "PENCE: …": a surname the article gives in full
            add(tok.idx, tok.idx + len(tok.text), tok, form="name", name=tok.text.title(), type=None,
                head=tok.lower_, subject=True)
            continue
        if (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and not tok.is_sent_start) and tok.text[:1].isupper() \
                and tok.dep_ != "compound" and tok.text.isalpha() and not tok.text.isupper():
            # a name the tagger missed: a full name when it starts with a known first name
            # ("Ana Ruiz"), else it counts only as a surname the article gives in full
            first = tok.i
            while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i == tok.i \
                    and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
                first -= 1
            # "Lord Carlile", "Mr Howells": a title before it makes it a person's name
            titled = [k for k in range(max(first - 1, 0), tok.i) if doc[k].lower_.rstrip(".") in lex.honorifics]
            title = doc[titled[-1]].text if titled else None
            first = max(first, titled[-1] + 1) if titled else first
            full = first < tok.i and first_name_gender(doc[first].text) is not None
            if not full and not title and tok.lower_ in lex.role_nouns:
                # "Judge Rejects Request", "Retired General Reveals": a role with a capital, which
                # the person the article introduced in that role may fill
                add(doc[first].idx, tok.idx + len(tok.text), tok, form="description", name=None, type=None,
                    head=tok.lower_, subject=_is_subject(tok),
                    modifiers=_role_words([doc[k].text for k in range(first, tok.i)], lex))
                continue
            if not full and not title and tok.lemma_.lower() in words.document_nouns:
                # "New Poll Shows …": a document, whose issuer the text below may name
                add(doc[first].idx, tok.idx + len(tok.text), tok, form="document", name=None, type=None,
                    head=tok.lemma_.lower(), subject=_is_subject(tok), definite=True)
                continue
            start = doc[first].idx if full else tok.idx
            add(start, tok.idx + len(tok.text), tok, form="name", name=text[start:tok.idx + len(tok.text)],
                type="PERSON" if full or title else None, head=tok.lower_, subject=_is_subject(tok),
                headline=on_headline(tok.idx), title=title)
            continue
        lemma = tok.lemma_.lower()
        place = _place_before(tok) if lemma in words.place_orgs else None
        if place is not None:  # "Charlotte-Mecklenburg police": a body the bare "police" may mean
            add(place.idx, tok.idx + len(tok.text), tok, form="name", name=f"{text[place.idx:tok.idx]}{tok.lower_}",
                type="ORG", head=lemma, subject=_is_subject(tok))
            continue
        owner = next((c for c in tok.children if c.dep_ in ("poss", "compound")
                      and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON" or c.lower_ in PRONOUNS)), None)
        if lemma in words.possessive_orgs and owner is not None:
            start = min(owner.left_edge.i, tok.i)
            if doc[start].lower_ == "the":
                start += 1
            add(doc[start].idx, tok.idx + len(tok.text), tok, form="org_of", name=None, type="ORG", head=lemma,
                subject=_is_subject(tok), owner=owner.idx + offset)
            continue
        if lemma in words.document_nouns and tok.tag_ in ("NN", "NNS", "NNP"):
            # "a Bloomberg poll", "a report by Politico", "the study": speaks for its issuer
            # its issuer is named before a topic ("a statement about Lord Goldsmith's position")
            end = min(tok.right_edge.i + 1, tok.i + DOCUMENT_REACH,  # nor what it shows ("an ad hitting X")
                      *(c.left_edge.i for c in tok.rights if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS
                        or c.dep_ == "acl" and c.tag_ == "VBG"))
            start = tok.left_edge.i
            det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
            issuer = _issuer_word(tok)
            add(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), tok, form="document", name=None,
                type=None, head=lemma, subject=_is_subject(tok),
                definite=det in ("the", "this", "that") and tok.tag_ == "NN",
                owner=None if issuer is None else issuer.idx + offset)
            continue
        # "the senator", "the fund", "Connecticut's tax commissioner", "police": a definite
        # description, resolved later to a person with that role or an organisation so named
        det = next((c for c in tok.children if c.dep_ in ("det", "poss")), None)
        # "his attorney": a role of someone's, found only among those the article introduced so
        definite = det is not None and (det.lower_ in ("the", "this", "that") or det.dep_ == "poss"
                                        and (det.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")
                                             or det.lower_ in PRONOUNS and lemma in lex.role_nouns))
        singular = tok.tag_ in ("NN", "NNP") or lemma in words.place_orgs  # "police" is tagged plural
        said = tuple(t.lower_ for t in tok.subtree if t.i != tok.i and t.is_alpha and t.lower_ not in SMALL_WORDS)
        if singular and not definite and lemma in words.org_kinds and det is not None and said:
            # "a union representing flight attendants", "flight attendants' union": the words may
            # be those of a name the article gives (the Association of Flight Attendants)
            add(doc[tok.left_edge.i].idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i].text), tok,
                form="description", name=None, type=None, head=lemma, subject=_is_subject(tok), words=said)
            continue
        if not singular or not (definite or det is None and lemma in lex.org_nouns):
            continue
        first = det.i + 1 if det is not None else tok.left_edge.i
        left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i >= first]
        # proper modifiers ("Republican", "Indiana") must fit the person; "former", "top" need not
        mods = _role_words([t.text for c in left for t in c.subtree if t.i < tok.i and t.text[:1].isupper()], lex)
        add(doc[det.left_edge.i if det is not None else first].idx, tok.idx + len(tok.text), tok,
            form="description", name=None, type=None, head=lemma, subject=_is_subject(tok), modifiers=mods,
            owner=det.idx + offset if det is not None and det.dep_ == "poss" else None, definite=True)
    found.sort(key=lambda m: (m.start, -m.end))
    return found
