"""The entities of an article: every mention of a person or organisation, grouped.

One model for the whole article (all parsed chunks), in article character offsets:

1. ``collect_mentions`` reads a parsed chunk: named entities (titles split off), "X's
   campaign" / "the Trump administration", pronouns and role descriptions ("the senator",
   "the newspaper"), each with its sentence, whether it is a clause subject, and whether it
   sits inside quotation marks.
2. ``build_entities`` groups them. Names first: full names by first + last word; a bare
   surname or first name joins the full name the passage is about (the nearest one before it
   whose gender agrees with a title such as "Mrs."); acronyms join their expansion, "The Post"
   joins "The Washington Post". Then pronouns, descriptions and "her campaign" in text order,
   by salience: subjects of this and the three previous sentences, the passage's current
   speaker, recency; gender, number and animacy must agree. When two candidates stay level,
   the mention is left unresolved: an honest null beats a confident wrong name.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .names import first_name_gender

NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Personal pronouns: gender, plural, neuter ("it").
PRONOUNS = {
    "he": ("male", False, False), "him": ("male", False, False), "his": ("male", False, False),
    "she": ("female", False, False), "her": ("female", False, False), "hers": ("female", False, False),
    "they": (None, True, False), "them": (None, True, False), "their": (None, True, False),
    "it": (None, False, True), "its": (None, False, True),
}
# Salience of an earlier mention by how many sentences back it is (tuned on PolNeAR train).
# Sentences are counted among those outside quotation marks that mention anyone.
# A paragraph break counts as one more sentence back. Bonuses scale with the weight.
SENTENCE_WEIGHT = (3.0, 2.0, 1.2, 0.8, 0.5, 0.3)
SUBJECT_BONUS = 1.0
SPEAKER_BONUS = 1.0  # a mention that is a statement's source
CURRENT_BONUS = 0.5  # the passage's current speaker
GENDER_BONUS = 1.0  # a candidate whose gender is known to agree
# A description with no person of its role goes to the passage's topic when it scores this
# much (a subject two sentences back does).
DESCRIPTION_SALIENCE = 2.0
# Two candidates closer than this are a tie: the pronoun stays unresolved.
TIE_MARGIN = 0.1
MENTION_REACH = 400  # characters: no mention is longer (a document phrase is the longest)
DOCUMENT_REACH = 20  # tokens after a document noun in which its issuer may be named
DOCUMENT_PARAGRAPHS = 3  # how far back "the poll" looks for the poll an issuer was named with
NAME_PARTICLES = frozenset({"de", "da", "van", "von", "der", "al", "bin", "le", "la", "du", "del"})
SMALL_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})


@dataclass(frozen=True)
class EntityWords:
    title_words: dict[str, str]
    possessive_orgs: frozenset[str]
    document_nouns: frozenset[str]
    media_nouns: frozenset[str]
    media_words: frozenset[str]
    generic_determiners: frozenset[str]
    offices: frozenset[str]  # roles one person holds at a time: "the senator" is not the governor


@lru_cache(maxsize=1)
def entity_words() -> EntityWords:
    data = json.loads(resources.files("saywho.nlp").joinpath("data", "entities.json").read_text("utf-8"))
    return EntityWords(data["title_words"], frozenset(data["possessive_orgs"]),
                       frozenset(data["document_nouns"]), frozenset(data["media_nouns"]),
                       frozenset(data["media_words"]), frozenset(data["generic_determiners"]),
                       frozenset(data["offices"]))


@dataclass(frozen=True)
class Mention:
    start: int  # article character offsets
    end: int
    text: str
    form: str  # name | pronoun | description | document | org_of
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
    owner: int | None = None  # org_of: article offset of the possessor ("Trump" in "Trump's campaign")
    definite: bool = False  # a document named as one already known: "the poll", "this report"


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    type: str
    gender: str | None
    roles: tuple[str, ...]
    mentions: tuple[int, ...]  # indexes into Entities.mentions

    def to_dict(self, mentions: Sequence[Mention]) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "gender": self.gender,
                "roles": list(self.roles),
                "mentions": [{"start": mentions[i].start, "end": mentions[i].end, "text": mentions[i].text}
                             for i in self.mentions]}


@dataclass(frozen=True)
class Entities:
    mentions: tuple[Mention, ...]  # sorted by start
    entities: tuple[Entity, ...]
    of_mention: tuple[int | None, ...]  # entity id of each mention, None when unresolved
    starts: tuple[int, ...] = ()  # mention starts, for lookups by position

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(m.start for m in self.mentions))

    def mention_at(self, char: int) -> int | None:
        """Index of the mention covering ``char`` (the shortest, when several do)."""
        best = None
        k = bisect.bisect_right(self.starts, char)
        for i in range(k - 1, -1, -1):
            m = self.mentions[i]
            if m.start < char - MENTION_REACH:
                break
            if m.end > char and (best is None or m.end - m.start < self.mentions[best].end - self.mentions[best].start):
                best = i
        return best

    def entity_of(self, char: int) -> Entity | None:
        i = self.mention_at(char)
        eid = None if i is None else self.of_mention[i]
        return None if eid is None else self.entities[eid]

    def entities_in(self, start: int, end: int, types: tuple[str, ...]) -> list[Entity]:
        """Named entities mentioned inside [start, end), in text order."""
        found = []
        for i in range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)):
            if self.of_mention[i] is not None:
                e = self.entities[self.of_mention[i]]  # type: ignore[index]
                if e.type in types and e not in found:
                    found.append(e)
        return found


# ---------------------------------------------------------------- 1. mentions of one chunk

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
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            words += [t.text for t in child.subtree if t.dep_ not in ("det", "relcl") and not t.is_punct][:8]
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        attr = next((c for c in root.head.children if c.dep_ == "attr"), None)
        if attr is not None and attr.pos_ == "NOUN":
            words += [t.text for t in attr.subtree if t.i <= attr.i and t.dep_ != "det"]
    return _role_words(words, lex)


def _with_left_name_words(ent, lex: Lexicon):
    """"The Liberal Democrats" tagged as just "Democrats": capitalised words right before an
    organisation's name belong to it (not at a sentence start, not a title)."""
    doc, start = ent.doc, ent.start
    while start > 0 and not doc[start - 1].is_sent_start and doc[start - 1].pos_ in ("ADJ", "PROPN") \
            and doc[start - 1].text[:1].isupper() and not doc[start - 1].ent_type_ \
            and doc[start - 1].lower_.rstrip(".") not in lex.honorifics:
        start -= 1
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_)


def _name_words(span, lex: Lexicon) -> tuple[list[str], str | None]:
    """The words of a name without possessive, leading "the" and titles; and the title."""
    words = [t.text for t in span if t.text not in ("'s", "’s", "'", "’") and not (t.is_punct and t.text != ".")]
    words = [w for w in words if w != "."]
    title = None
    while words and (words[0].lower() in ("the",) or words[0].lower() in lex.honorifics
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
        if ent.label_ in ("ORG", "NORP"):
            ent = _with_left_name_words(ent, lex)
        name_words, title = _name_words(ent, lex)
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if title is None and prev is not None and prev.lower_.rstrip(".") in lex.honorifics | {"mr", "mrs", "ms"}:
            title = prev.text
        if not name_words or not any(w[0].isupper() for w in name_words):
            continue
        roles = _introduced_roles(ent, lex) if ent.label_ == "PERSON" else ()
        # "Obama Says", "Clinton Plan": a headline's words, not a full name
        weak = ent.label_ == "PERSON" and any(t.pos_ != "PROPN" for t in ent if t.text[0].isalpha()
                                              and t.lower_ not in NAME_PARTICLES)
        if title and title.lower().rstrip(".") not in ("mr", "mrs", "ms", "miss", "mx"):
            roles = _role_words([title], lex) + roles
        add(ent.start_char, ent.end_char, ent.root, form="name", name=" ".join(name_words), type=ent.label_,
            head=ent.root.lemma_.lower(), subject=_is_subject(ent.root), headline=weak or on_headline(ent.start_char),
            title=title, roles=roles)

    for tok in doc:
        lower = tok.lower_
        if tok.pos_ == "PRON" and lower in PRONOUNS:
            add(tok.idx, tok.idx + len(tok.text), tok, form="pronoun", name=None, type=None, head=lower,
                subject=tok.dep_ in SUBJECT_DEPS)
            continue
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in NAMED_TYPES:
            continue
        if (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and not tok.is_sent_start) and tok.text[:1].isupper() \
                and tok.dep_ != "compound" and tok.text.isalpha() and not tok.text.isupper():
            # a name the tagger missed: a full name when it starts with a known first name
            # ("Ana Ruiz"), else it counts only as a surname the article gives in full
            first = tok.i
            while first > 0 and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i == tok.i \
                    and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text[:1].isupper():
                first -= 1
            full = first < tok.i and first_name_gender(doc[first].text) is not None
            start = doc[first].idx if full else tok.idx
            add(start, tok.idx + len(tok.text), tok, form="name", name=text[start:tok.idx + len(tok.text)],
                type="PERSON" if full else None, head=tok.lower_, subject=_is_subject(tok),
                headline=on_headline(tok.idx))
            continue
        lemma = tok.lemma_.lower()
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
            start, end = tok.left_edge.i, min(tok.right_edge.i + 1, tok.i + DOCUMENT_REACH)
            det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
            add(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), tok, form="document", name=None,
                type=None, head=lemma, subject=_is_subject(tok),
                definite=det in ("the", "this", "that") and tok.tag_ == "NN")
            continue
        # "the senator", "the fund", "Connecticut's tax commissioner", "police": a definite
        # description, resolved later to a person with that role or an organisation so named
        det = next((c for c in tok.children if c.dep_ in ("det", "poss")), None)
        definite = det is not None and (det.lower_ in ("the", "this", "that") or det.dep_ == "poss"
                                        and det.ent_type_ in ("GPE", "ORG", "NORP", "PERSON"))
        if tok.tag_ not in ("NN", "NNP") or not (definite or det is None and lemma in lex.org_nouns):
            continue
        first = det.i + 1 if det is not None else tok.left_edge.i
        left = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i >= first]
        # proper modifiers ("Republican", "Indiana") must fit the person; "former", "top" need not
        mods = _role_words([t.text for c in left for t in c.subtree if t.i < tok.i and t.text[:1].isupper()], lex)
        add(doc[first - 1 if det is not None and det.dep_ == "det" else first].idx, tok.idx + len(tok.text), tok,
            form="description", name=None, type=None, head=lemma, subject=_is_subject(tok), modifiers=mods)
    found.sort(key=lambda m: (m.start, -m.end))
    return found


# ---------------------------------------------------------------- 2. grouping

@dataclass
class _Group:
    """An entity while the model is built."""

    type: str
    names: list[str] = field(default_factory=list)  # distinct, in the order first seen
    mentions: list[int] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    genders: Counter = field(default_factory=Counter)  # votes
    starts: list[int] = field(default_factory=list)  # where its mentions start, sorted

    def add_name(self, name: str | None) -> None:
        if name and name not in self.names:
            self.names.append(name)

    def surname(self) -> str:
        return _words(self.best_name())[-1]

    def best_name(self) -> str:
        return max(self.names, key=lambda n: (len(_words(n)), -self.names.index(n)))

    def gender(self) -> str | None:
        if not self.genders:
            return None
        (top, n), *rest = self.genders.most_common(2) + [(None, 0)]
        return top if n > sum(self.genders.values()) - n else None


def _words(name: str) -> list[str]:
    name = name.replace("’", "'")
    return [w for w in re.findall(r"[\w'.-]+", name) if not re.fullmatch(r"[A-Z]\.?", w)] or name.split()


def _person_key(name: str) -> tuple[str, str] | None:
    """First and last word of a full name; None for one word or a particle surname ("de Blasio")."""
    words = [w.lower().rstrip(".") for w in _words(name)]
    words = [w for w in words if w not in ("jr", "sr", "ii", "iii")]
    if len(words) < 2 or words[0] in NAME_PARTICLES:
        return None
    return words[0], words[-1]


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in SMALL_WORDS and w[0].isupper()).upper()


def _title_gender(title: str | None, lex: Lexicon) -> str | None:
    if not title:
        return None
    t = title.lower()
    return "male" if t in lex.male or t + "." in lex.male else "female" if t in lex.female or t + "." in lex.female else None


def _group_names(mentions: Sequence[Mention], lex: Lexicon) -> tuple[list[_Group], dict[int, int]]:
    groups: list[_Group] = []
    assign: dict[int, int] = {}
    by_key: dict[tuple[str, str], int] = {}
    # Full person names first (headline lines only when nothing else names them).
    for weak in (False, True):
        for i, m in enumerate(mentions):
            if m.form != "name" or m.type != "PERSON" or m.headline != weak:
                continue
            key = _person_key(m.name or "")
            if key is None:
                continue
            if weak and key not in by_key:
                continue  # "Obama Says": a headline's words, not a person called Says
            g = by_key.get(key)
            if g is None:
                g = by_key[key] = len(groups)
                groups.append(_Group("PERSON"))
                first = first_name_gender(key[0])
                if first:
                    groups[g].genders[first] += 2
            groups[g].add_name(m.name)
            _join(groups[g], i, m, assign, g, lex)
    # Single-word person names, and surnames the tagger typed as something else.
    surnames = frozenset(_words(group.best_name())[-1].lower() for group in groups
                         if len(_words(group.best_name())) > 1)
    by_word: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.form != "name" or i in assign:
            continue
        words = _words(m.name or "")
        if len(words) != 1 and not (m.type == "PERSON" and words[0].lower() in NAME_PARTICLES):
            continue
        word = words[-1].lower()
        g = _person_for_word(groups, word, m, surnames, lex)
        if g is None and m.type != "PERSON":
            if m.type is None:
                assign[i] = -1  # an untagged capitalised word that names nobody here
            continue
        if g is None:
            g = by_word.get(word)
        if g is None:
            g = by_word[word] = len(groups)
            groups.append(_Group("PERSON"))
        groups[g].add_name(m.name)
        _join(groups[g], i, m, assign, g, lex)
    # Organisations, places, groups: same name, acronym, or the short form of a longer name.
    by_org: dict[str, int] = {}
    orgs = [(i, m) for i, m in enumerate(mentions) if m.form == "name" and i not in assign and not m.headline
            and m.type is not None]
    orgs.sort(key=lambda im: -len(_words(im[1].name or "")))  # long names first: short forms join them
    for i, m in orgs:
        key = re.sub(r"[^\w ]", "", (m.name or "").lower()).strip()
        g = by_org.get(key)
        if g is None:
            g = next((by_org[k] for k in by_org if groups[by_org[k]].type == m.type
                      and (_acronym_of(m.name or "", groups[by_org[k]].best_name())
                           or _short_form(m.name or "", groups[by_org[k]].best_name()))), None)
        if g is None:
            g = len(groups)
            groups.append(_Group(m.type or "ORG"))
        by_org[key] = g
        groups[g].add_name(m.name)
        _join(groups[g], i, m, assign, g, lex)
    return groups, {i: g for i, g in assign.items() if g >= 0}


def _acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "").replace(" ", "")
    return len(letters) >= 2 and letters.isupper() and len(long.split()) >= 2 and _acronym(long) == letters


def _short_form(short: str, long: str) -> bool:
    s, l = _words(short), _words(long)
    return len(s) == 1 and len(l) >= 2 and s[0].lower() == l[-1].lower() and s[0][0].isupper()


def _join(group: _Group, i: int, m: Mention, assign: dict[int, int], g: int, lex: Lexicon) -> None:
    assign[i] = g
    group.mentions.append(i)
    bisect.insort(group.starts, m.start)
    group.roles.update(m.roles)
    gender = _title_gender(m.title, lex)
    if gender:
        group.genders[gender] += 2


def _person_for_word(groups: list[_Group], word: str, m: Mention, surnames: frozenset[str],
                     lex: Lexicon) -> int | None:
    """The person a bare surname or first name means: of those the article names in full
    with it (a surname match beats a first-name match), the one it mentions most before it,
    then the last one named (else the first named after it), whose gender agrees."""
    gender = _title_gender(m.title, lex)
    candidates = []
    for g, group in enumerate(groups):
        if group.type != "PERSON" or not group.names:
            continue
        full = [w.lower() for w in _words(group.best_name())]
        if len(full) < 2 or word not in (full[0], full[-1]) or word != full[-1] and word in surnames:
            continue
        if gender and group.gender() and group.gender() != gender:
            continue  # "Mrs. Okafor" is not Daniel Okafor
        k = bisect.bisect_left(group.starts, m.start)  # its mentions before this one
        candidates.append(((1, k, group.starts[k - 1]) if k else (0, 0, -group.starts[0]), g))
    return max(candidates)[1] if candidates else None


# ---------------------------------------------------------------- 3. pronouns and descriptions

def _agrees(group: _Group, m: Mention) -> bool:
    gender, plural, neuter = PRONOUNS[m.head]
    if gender:
        return group.type == "PERSON" and group.gender() in (gender, None)
    if neuter:
        return group.type in ("ORG", "GPE")
    return group.type in ("ORG", "NORP")  # they: a body (not a place); groups of people stay unnamed


def _salience(mentions: Sequence[Mention], assign: dict[int, int], at: int, speakers: frozenset[int],
              current: int | None) -> dict[int, float]:
    """Score of every entity mentioned in the last few sentences before mention ``at``."""
    m = mentions[at]
    scores: dict[int, float] = defaultdict(float)
    back, sentence, paragraph = 0, m.sentence, m.paragraph
    for j in range(at - 1, -1, -1):
        c = mentions[j]
        if c.quoted != m.quoted or c.end > m.start:
            continue
        if c.sentence != sentence:
            back += 1 + (c.paragraph != paragraph)
            sentence, paragraph = c.sentence, c.paragraph
            if back >= len(SENTENCE_WEIGHT):
                break
        if j not in assign:
            continue
        score = SENTENCE_WEIGHT[back] * (1 + SUBJECT_BONUS * c.subject + SPEAKER_BONUS * (c.start in speakers))
        score += c.start * 1e-9  # later wins a tie
        scores[assign[j]] = max(scores[assign[j]], score)
    if current is not None and current in scores:
        scores[current] += CURRENT_BONUS
    return scores


def _resolve_pronoun(groups: list[_Group], scores: dict[int, float], m: Mention) -> int | None:
    gender = PRONOUNS[m.head][0]
    ranked = sorted(((s + GENDER_BONUS * (gender is not None and groups[g].gender() == gender), g)
                     for g, s in scores.items() if _agrees(groups[g], m)), reverse=True)
    if not ranked:
        return None
    if gender is None and PRONOUNS[m.head][1] and not ranked[0][0] >= SENTENCE_WEIGHT[1] + SUBJECT_BONUS:
        return None  # "they" names a body only when that body was just the subject
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < TIE_MARGIN:
        return None
    return ranked[0][1]


def _resolve_description(groups: list[_Group], scores: dict[int, float], m: Mention, lex: Lexicon) -> int | None:
    words = entity_words()
    head = words.title_words.get(m.head, m.head)
    if m.head in lex.role_nouns or head in lex.role_nouns:
        # "the senator", "the Republican nominee": a person the article introduced so; the
        # modifiers ("Republican", "Indiana") pick among several.
        fits = [g for g, group in enumerate(groups) if group.type == "PERSON" and head in group.roles
                and all(w in group.roles for w in m.modifiers)]
        if fits:
            return max(fits, key=lambda g: (scores.get(g, 0.0), -g))
        # Elegant variation ("Trump said … The businessman added"): the person the passage is
        # about, when one clearly is and is not known by another office ("Governor X" is not
        # "the senator").
        offices = words.offices
        ranked = sorted(((v, g) for g, v in scores.items() if groups[g].type == "PERSON"
                         and not (head in offices and groups[g].roles & offices)), reverse=True)
        if ranked and ranked[0][0] >= DESCRIPTION_SALIENCE and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 1.0):
            return ranked[0][1]
        return None
    # "the campaign", "the commission": the organisation named with that word; media nouns
    # ("the newspaper", "the network") the outlet; most salient first, then the last named.
    def kind(group: _Group) -> bool:
        name = group.best_name().lower()
        if m.head in name.split():
            return True
        return m.head in words.media_nouns and any(w in words.media_words for w in re.findall(r"\w+", name))
    fits = [g for g, group in enumerate(groups) if group.type == "ORG" and kind(group)]
    if not fits:
        return None
    last_seen = {g: max(groups[g].mentions) for g in fits}
    return max(fits, key=lambda g: (scores.get(g, 0.0), last_seen[g]))


def build_entities(mentions: Sequence[Mention], lex: Lexicon, *, speakers: Sequence[int] = ()) -> Entities:
    """Group the article's mentions (sorted by start) into entities. ``speakers`` are the
    article offsets where a statement's source starts: the passage's current speaker."""
    mentions = tuple(mentions)
    groups, assign = _group_names(mentions, lex)
    _gender_from_pronouns(groups, mentions, assign)
    speaker_starts = frozenset(speakers)
    current: int | None = None
    for i, m in enumerate(mentions):
        if i in assign:
            if m.start in speaker_starts:
                current = assign[i]
            continue
        scores = _salience(mentions, assign, i, speaker_starts, current)
        g: int | None
        if m.form == "pronoun":
            g = _resolve_pronoun(groups, scores, m)
        elif m.form == "description":
            g = _resolve_description(groups, scores, m, lex)
        elif m.form == "document":
            g = _issuer(groups, mentions, assign, i)
        elif m.form == "org_of":  # "Trump's campaign" is the Trump campaign
            owner = next((j for j in range(i, min(i + 4, len(mentions))) if mentions[j].form in ("name", "pronoun")
                          and mentions[j].start <= (m.owner or 0) < mentions[j].end), None)
            g = _org_of(groups, assign.get(owner) if owner is not None else None, m)
        else:
            continue  # a name that names nobody the article knows
        if g is not None:
            assign[i] = g
            groups[g].mentions.append(i)
            bisect.insort(groups[g].starts, m.start)
            if m.start in speaker_starts:
                current = g
    return _freeze(groups, mentions, assign)


def _issuer(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int], i: int) -> int | None:
    """Who a document speaks for: a body or person named inside its phrase, else the issuer
    of the last document of the same kind ("A Bloomberg poll … according to the poll")."""
    m = mentions[i]
    for j in range(i + 1, len(mentions)):
        c = mentions[j]
        if c.start >= m.end:
            break
        if j in assign and c.form == "name" and groups[assign[j]].type in ("ORG", "PERSON"):
            return assign[j]
    for j in range(i - 1, -1, -1):
        c = mentions[j]
        if m.paragraph - c.paragraph > DOCUMENT_PARAGRAPHS:
            break
        if m.definite and c.form == "document" and c.head == m.head and j in assign:
            return assign[j]
    return None


def _org_of(groups: list[_Group], owner: int | None, m: Mention) -> int | None:
    if owner is None or groups[owner].type != "PERSON":
        return None
    name = f"{groups[owner].surname()} {m.head}"
    for g, group in enumerate(groups):
        if group.type == "ORG" and name in group.names:
            return g
    groups.append(_Group("ORG", [name]))
    return len(groups) - 1


def _gender_from_pronouns(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int]) -> None:
    """A subject name and a he/she later in its own sentence, with no other person between:
    "Okafor said he would" tells Okafor's gender."""
    for i, m in enumerate(mentions):
        if i not in assign or not m.subject or m.quoted or groups[assign[i]].type != "PERSON":
            continue
        for c in mentions[i + 1:]:
            if c.sentence != m.sentence:
                break
            if c.form == "name" and c.type == "PERSON":
                break
            if c.form == "pronoun" and not c.quoted and PRONOUNS[c.head][0]:
                groups[assign[i]].genders[PRONOUNS[c.head][0]] += 1
                break


def _freeze(groups: list[_Group], mentions: tuple[Mention, ...], assign: dict[int, int]) -> Entities:
    used = sorted({g for g in assign.values()}, key=lambda g: min(mentions[i].start for i in groups[g].mentions))
    new_id = {g: n for n, g in enumerate(used)}
    entities = tuple(Entity(new_id[g], groups[g].best_name(), groups[g].type, groups[g].gender(),
                            tuple(sorted(groups[g].roles)), tuple(sorted(groups[g].mentions)))
                     for g in used)
    return Entities(mentions, entities, tuple(new_id.get(assign[i]) if i in assign else None
                                              for i in range(len(mentions))))
