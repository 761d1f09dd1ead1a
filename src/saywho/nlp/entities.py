"""The entities of an article: its mentions (``mentions.collect_mentions``) grouped.

One model for the whole article (all parsed chunks), in article character offsets.
``build_entities`` groups names first: full names by first + last word; a bare surname or
first name joins the full name the article is about (the one it mentions most so far) whose
gender agrees with a title such as "Mrs."; acronyms join their expansion, "The Post" joins
"The Washington Post"; names seen only on a headline line never make a person; names joined
by "and" also make a group. Then pronouns, descriptions, documents, the writer's "I" and "her
campaign" in text order, by salience: subjects and sources of this and the previous
sentences, the passage's current speaker, recency; gender, number and animacy must agree.
When two candidates stay level, the mention is left unresolved: an honest null beats a
confident wrong name.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import Lexicon
from .mentions import NAME_PARTICLES, PRONOUNS, SMALL_WORDS, Mention, entity_words
from .names import first_name_gender, first_name_lean

# Salience of an earlier mention by how many sentences back it is (tuned on PolNeAR dev).
# Sentences are counted among those outside quotation marks that mention anyone.
# A paragraph break counts as one more sentence back. Bonuses scale with the weight.
SENTENCE_WEIGHT = (3.0, 2.0, 1.2, 0.8, 0.5, 0.3)
SUBJECT_BONUS = 1.0
SPEAKER_BONUS = 1.0  # a mention that is a statement's source
CURRENT_BONUS = 0.5  # the passage's current speaker
REPORTED_WEIGHT = 0.5  # a mention inside what a statement reports is not the passage's topic
GENDER_BONUS = 1.0  # a candidate whose gender is known to agree
# Two candidates closer than this are a tie: the pronoun stays unresolved.
TIE_MARGIN = 0.1
MENTION_REACH = 400  # characters: no mention is longer (a document phrase is the longest)
DOCUMENT_PARAGRAPHS = 3  # how far back "the poll" looks for the poll an issuer was named with


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    type: str
    gender: str | None
    roles: tuple[str, ...]
    mentions: tuple[int, ...]  # indexes into Entities.mentions


@dataclass(frozen=True)
class Entities:
    mentions: tuple[Mention, ...]  # sorted by start
    entities: tuple[Entity, ...]
    of_mention: tuple[int | None, ...]  # entity id of each mention, None when unresolved
    starts: tuple[int, ...] = ()  # mention starts, for lookups by position

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(m.start for m in self.mentions))

    def mention_at(self, char: int, form: str | None = None) -> int | None:
        """Index of the mention (of ``form``, when given) covering ``char``, the shortest."""
        return _covering(self.mentions, self.starts, char, form)

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
    plural: bool = False  # "Grassley and Leahy"
    spoke: bool = False  # a mention of it so far is a statement's source

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


@lru_cache(maxsize=4096)  # names repeat: grouping asks for the words of each many times
def _words(name: str) -> tuple[str, ...]:
    name = name.replace("’", "'")
    return tuple(w for w in re.findall(r"[\w'.-]+", name) if not re.fullmatch(r"[A-Z]\.?", w)) or tuple(name.split())


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
                elif lean := first_name_lean(key[0]):
                    groups[g].genders[lean] += 1  # "Chris": any title or pronoun outweighs it
            groups[g].add_name(m.name)
            _join(groups[g], i, m, assign, g, lex)
    # Single-word person names, and surnames the tagger typed as something else.
    # (a headline's full name makes no person, but shows its last word is a surname: the
    # "Clinton" of an article naming Hillary Clinton only above it is no man called Clinton)
    surnames = frozenset(_words(group.best_name())[-1].lower() for group in groups
                         if len(_words(group.best_name())) > 1) \
        | frozenset(key[1] for m in mentions if m.form == "name" and m.type == "PERSON" and m.headline
                    and (key := _person_key(m.name or "")) is not None)
    by_word: dict[str, int] = {}
    singles = [(i, m) for i, m in enumerate(mentions) if m.form == "name" and i not in assign
               and (len(_words(m.name or "")) == 1
                    or m.type == "PERSON" and _words(m.name or "")[0].lower() in NAME_PARTICLES)]
    # "Mr. Obama" in an article whose only full Obama is Michelle: a person of his own, whom
    # the untitled "Obama"s may then mean too.
    for i, m in singles:
        word = _words(m.name or "")[-1].lower()
        gender = _title_gender(m.title, lex)
        if gender and _person_for_word(groups, word, m, surnames, lex) is None:
            g = _one_word_person(groups, by_word, word)
            groups[g].add_name(m.name)
            _join(groups[g], i, m, assign, g, lex)
    for i, m in singles:
        if i in assign:
            continue
        word = _words(m.name or "")[-1].lower()
        g = _person_for_word(groups, word, m, surnames, lex, _pronoun_gender(mentions, i))
        if g is None and m.type != "PERSON":
            if m.type is None:
                assign[i] = -1  # an untagged capitalised word that names nobody here
            continue
        if g is None:
            g = _one_word_person(groups, by_word, word, surnames)
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
        name = m.name or ""
        if g is None and (len(_words(name)) == 1 or name.replace(".", "").replace(" ", "").isupper()):
            # only an acronym or a one-word name can be the short form of a longer name
            # ("Republicans" is more than "Committee Republicans", and not "Liberal Republicans")
            g = next((by_org[k] for k in by_org if groups[by_org[k]].type == m.type
                      and (_acronym_of(name, groups[by_org[k]].best_name())
                           or m.type != "NORP" and _short_form(name, groups[by_org[k]].best_name()))), None)
        if g is None:
            g = len(groups)
            groups.append(_Group(m.type or "ORG"))
        by_org[key] = g
        groups[g].add_name(m.name)
        _join(groups[g], i, m, assign, g, lex)
    return groups, {i: g for i, g in assign.items() if g >= 0}


def _one_word_person(groups: list[_Group], by_word: dict[str, int], word: str,
                     surnames: frozenset[str] = frozenset()) -> int:
    """The person the article names by this one word only: "Melanie", whom a feature names
    by first name, has the gender of the name (a word that is somebody's surname has none)."""
    if word not in by_word:
        by_word[word] = len(groups)
        groups.append(_Group("PERSON"))
        first = None if word in surnames else first_name_gender(word)
        if first:
            groups[-1].genders[first] += 2
    return by_word[word]


def _acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "").replace(" ", "")
    return len(letters) >= 2 and letters.isupper() and len(long.split()) >= 2 and _acronym(long) == letters


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w-]+", name.lower()))


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
                     lex: Lexicon, hint: str | None = None) -> int | None:
    """The person a bare surname or first name means: of those the article names in full
    with it (a surname match beats a first-name match), the one it mentions most before it,
    then the last one named (else the first named after it), whose gender agrees. ``hint``:
    the gender a pronoun after it tells ("Lee said she …"), which picks among several."""
    gender = _title_gender(m.title, lex)
    candidates = []
    for g, group in enumerate(groups):
        if group.type != "PERSON" or not group.names:
            continue
        full = [w.lower() for w in _words(group.best_name())]
        if len(full) < 2 and not (full == [word] and group.gender()):
            continue  # a full name, or a titled surname of its own ("Mr. Obama")
        if word not in (full[0], full[-1]) or word != full[-1] and (word in surnames or m.type not in ("PERSON", None)):
            continue  # the tagger mistypes surnames ("Trump" ORG), not first names: "Chicago" is no Chicago Smith
        if gender and group.gender() and group.gender() != gender:
            continue  # "Mrs. Okafor" is not Daniel Okafor
        k = bisect.bisect_left(group.starts, m.start)  # its mentions before this one
        candidates.append(((1, k, group.starts[k - 1]) if k else (0, 0, -group.starts[0]), g))
    if hint and any(groups[g].gender() == hint for _, g in candidates):
        candidates = [(key, g) for key, g in candidates if groups[g].gender() in (hint, None)]
    return max(candidates)[1] if candidates else None


# ---------------------------------------------------------------- 3. pronouns and descriptions

def _agrees(group: _Group, m: Mention) -> bool:
    gender, plural, neuter = PRONOUNS[m.head]
    if plural:  # they: a body (not a place) or names joined by "and"; other groups stay unnamed
        return group.plural or group.type in ("ORG", "NORP") and m.head != "each"
    if group.plural:
        return False
    if gender:
        return group.type == "PERSON" and group.gender() in (gender, None)
    return group.type in ("ORG", "GPE")


def _salience(mentions: Sequence[Mention], assign: dict[int, int], at: int, speakers: frozenset[int],
              current: int | None, things: frozenset[int] = frozenset(),
              reported: frozenset[int] = frozenset()) -> dict[int, float]:
    """Score of every entity mentioned in the last few sentences before mention ``at``; the
    unnamed ``things`` ("the program") that "it" may mean instead score under key -1 - index."""
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
        key = assign.get(j, -1 - j if j in things else None)
        if key is None or c.form == "first_person":  # the writer as "I" is never "she"
            continue
        score = SENTENCE_WEIGHT[back] * (1 + SUBJECT_BONUS * c.subject + SPEAKER_BONUS * (c.start in speakers))
        if j in reported and at not in reported:
            score *= REPORTED_WEIGHT
        score += c.start * 1e-9  # later wins a tie
        scores[key] = max(scores[key], score)
    if current is not None and current in scores:
        scores[current] += CURRENT_BONUS
    return scores


def _resolve_pronoun(groups: list[_Group], scores: dict[int, float], m: Mention) -> int | None:
    gender = PRONOUNS[m.head][0]
    ranked = sorted(((s + GENDER_BONUS * (gender is not None and groups[g].gender() == gender), g)
                     for g, s in scores.items() if g >= 0 and _agrees(groups[g], m)), reverse=True)
    if not ranked:
        return None
    if PRONOUNS[m.head][2] and max((s for g, s in scores.items() if g < 0), default=0.0) > ranked[0][0]:
        return None  # "The program must be reformed before it expires": not a body named earlier
    if gender is None and PRONOUNS[m.head][1] and ranked[0][0] <= SENTENCE_WEIGHT[0] + TIE_MARGIN:
        return None  # "they" names a body only when that body was just the subject
    if gender is None and PRONOUNS[m.head][1] and not groups[ranked[0][1]].plural and not groups[ranked[0][1]].spoke:
        return None  # ... and has spoken: "The agency interviewed 20 staff. They described …" are the staff
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < TIE_MARGIN:
        return None
    return ranked[0][1]


def _resolve_description(groups: list[_Group], scores: dict[int, float], m: Mention, lex: Lexicon,
                         mentions: Sequence[Mention], possessor: int | None = None) -> int | None:
    """``possessor``: whose role it is ("Pagliano's lawyer", "his attorney"), when ``m`` has one."""
    words = entity_words()
    head = words.title_words.get(m.head, m.head)
    if m.type == "NORP":  # "the Republican": the one person introduced as one ("Republican Donald Trump")
        people = [g for g, group in enumerate(groups) if group.type == "PERSON" and head in group.roles]
        return people[0] if len(people) == 1 else None
    if m.head in lex.role_nouns or head in lex.role_nouns:
        # "the senator", "the Republican nominee": a person the article introduced so; the
        # modifiers ("Republican", "Indiana") pick among several.
        ranks = words.rank_words & set(m.text.lower().split())
        people = [g for g, group in enumerate(groups) if group.type == "PERSON"
                  and all(w in group.roles for w in m.modifiers) and words.rank_words & group.roles == ranks]
        fits = [g for g in people if head in groups[g].roles]
        if m.owner is not None:  # someone's lawyer: one introduced as that person's ("an attorney for Pagliano")
            owner_words = {w.lower() for n in groups[possessor].names for w in _words(n)} if possessor is not None \
                else set()
            fits = [g for g in fits if owner_words & groups[g].roles and g != possessor]
            return max(fits, key=lambda g: (scores.get(g, 0.0), -g)) if fits else None
        if fits and (len(fits) == 1 or any(scores.get(g, 0.0) for g in fits)):
            return max(fits, key=lambda g: (scores.get(g, 0.0), -g))
        if fits:
            return None  # several so introduced and none of them near: "Judge Rejects …" above two judges
        # No one introduced in that role: "the Republican nominee" is the one Republican of
        # the passage when the article calls only one person so.
        if m.modifiers and len(people) == 1:
            return people[0]
        # Else the person who was just the subject, clearly ahead of any other, when nothing
        # known contradicts the role: neither gender ("the businessman") nor another office.
        if re.search(r"['’]s\b", m.text):
            return None  # "Gary Johnson's doctor" is someone else
        gender = words.role_genders.get(m.head)
        ranked = sorted(((sc, g) for g, sc in scores.items() if g >= 0 and groups[g].type == "PERSON"
                         and not groups[g].plural and gender in (None, groups[g].gender())
                         and not (groups[g].roles & lex.role_nouns - {head})
                         and words.rank_words & groups[g].roles == ranks), reverse=True)
        if ranked and ranked[0][0] >= SENTENCE_WEIGHT[2] * (1 + SUBJECT_BONUS) \
                and (len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= SENTENCE_WEIGHT[2]):
            return ranked[0][1]
        return None
    if m.words:  # "a union representing flight attendants": a body whose name it spells out
        return _spelled_out(groups, m)
    if m.head in words.place_nouns and not m.modifiers:
        # "the city", "the state": the place just named, clearly ahead of any other
        places = sorted(((sc, g) for g, sc in scores.items() if g >= 0 and groups[g].type == "GPE"), reverse=True)
        if places and (len(places) == 1 or places[0][0] - places[1][0] >= SENTENCE_WEIGHT[2]):
            return places[0][1]
        return None
    # "the campaign", "the commission": the organisation named with that word; media nouns
    # ("the newspaper", "the network") the outlet; most salient first, then the last named.
    def kind(group: _Group) -> bool:
        name = _name_tokens(group.best_name())
        if not set(m.modifiers) <= set(name):
            return False  # "the British medical journal" is no outlet the article names without "British"
        if _name_head(name) == m.head or words.org_kinds.get(m.head, frozenset()) & set(name):
            return True
        if m.head in words.media_nouns and any(w in words.media_kinds.get(m.head, words.media_words) for w in name):
            return True
        # "Russia Today, the global satellite network", said before
        return any(m.head in mentions[j].roles and mentions[j].start < m.start for j in group.mentions)
    fits = [g for g, group in enumerate(groups) if group.type == "ORG" and kind(group)]
    before = [g for g in fits if groups[g].starts[0] < m.start]
    if not before:  # named only further on: the one body of that kind ("police" … "Tulsa police")
        return fits[0] if len(fits) == 1 else None
    last_seen = {g: groups[g].starts[bisect.bisect_left(groups[g].starts, m.start) - 1] for g in before}
    return max(before, key=lambda g: (scores.get(g, 0.0), last_seen[g]))


def _spelled_out(groups: list[_Group], m: Mention) -> int | None:
    """The one organisation of the description's kind whose name's other words all stand in
    it: "a union representing flight attendants" is the Association of Flight Attendants."""
    said = {w.rstrip("s") for w in m.words}
    kinds = entity_words().org_kinds.get(m.head, frozenset()) | {m.head}
    found = []
    for g, group in enumerate(groups):
        name = [w.lower() for w in _words(group.best_name())]
        rest = {w.rstrip("s") for w in name if w not in SMALL_WORDS and w not in kinds and w != _name_head(name)}
        if group.type == "ORG" and (set(name) & kinds or _name_head(name) == m.head) and rest and rest <= said:
            found.append(g)
    return found[0] if len(found) == 1 else None


def _name_head(words: Sequence[str]) -> str | None:
    """The word that says what a body is: "Court" in "Court of Appeals for the Sixth Circuit"."""
    cut = next((k for k, w in enumerate(words) if w in ("of", "for", "on", "in", "at") and k), len(words))
    return words[cut - 1] if cut else None


def build_entities(mentions: Sequence[Mention], lex: Lexicon, *, speakers: Sequence[int] = (),
                   contents: Sequence[tuple[int, int]] = ()) -> Entities:
    """Group the article's mentions (sorted by start) into entities. ``speakers`` are the
    article offsets where a statement's source starts: the passage's current speaker;
    ``contents`` the article ranges of what statements report."""
    mentions = tuple(mentions)
    groups, assign = _group_names(mentions, lex)
    _gender_from_pronouns(groups, mentions, assign)
    _coordinated_groups(groups, mentions, assign, lex)
    # The source bonus goes to mentions starting at a source's head word (pronouns, one-word
    # names), as tuned; giving it to full names too was measured on PolNeAR dev and traded as
    # many right names for wrong ones. The current speaker is any source's mention.
    speaker_starts = frozenset(speakers)
    current_starts = _source_starts(mentions, speakers)
    things = frozenset(j for j, m in enumerate(mentions) if m.form in ("description", "document")
                       and m.head not in lex.role_nouns and not m.words)
    spans = sorted(contents)
    reported = frozenset(j for j, m in enumerate(mentions)
                         if (k := bisect.bisect_right(spans, (m.start, float("inf")))) and m.end <= spans[k - 1][1])
    current: int | None = None
    for i, m in enumerate(mentions):
        if i in assign:
            if m.start in current_starts:
                current = assign[i]
                groups[current].spoke = True
            continue
        if m.form not in ("pronoun", "description", "first_person", "document", "org_of"):
            continue  # a name that names nobody the article knows
        scores = _salience(mentions, assign, i, speaker_starts, current, things, reported) \
            if m.form in ("pronoun", "description", "org_of") else {}
        g: int | None
        if m.form == "pronoun":
            g = _resolve_pronoun(groups, scores, m)
        elif m.form == "description":
            g = _resolve_description(groups, scores, m, lex, mentions, _possessor(groups, mentions, assign, scores, i))
        elif m.form == "first_person":
            g = None if m.quoted else _writer(mentions, assign, i)
        elif m.form == "document":
            g = _issuer(groups, mentions, assign, i)
        elif m.form == "org_of":  # "Trump's campaign" is the Trump campaign
            g = _org_of(groups, _possessor(groups, mentions, assign, scores, i), m)
        if g is not None:
            assign[i] = g
            groups[g].mentions.append(i)
            bisect.insort(groups[g].starts, m.start)
            if m.start in current_starts:
                current = g
                groups[g].spoke = True
    return _freeze(groups, mentions, assign)


def _source_starts(mentions: Sequence[Mention], speakers: Sequence[int]) -> frozenset[int]:
    """Starts of the mentions that are statement sources. A source is given by its head word
    ("Wimes" in "Leslie Wimes", "senator" in "the senator"): its mention is the shortest
    one covering that word."""
    starts = [m.start for m in mentions]
    return frozenset(at if (j := _covering(mentions, starts, at)) is None else mentions[j].start for at in speakers)


def _covering(mentions: Sequence[Mention], starts: Sequence[int], char: int, form: str | None = None) -> int | None:
    """Index of the shortest mention (of ``form``, when given) covering ``char``."""
    best = None
    for i in range(bisect.bisect_right(starts, char) - 1, -1, -1):
        m = mentions[i]
        if m.start < char - MENTION_REACH:
            break
        if m.end > char and (form is None or m.form == form) \
                and (best is None or m.end - m.start < mentions[best].end - mentions[best].start):
            best = i
    return best


def _possessor(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int],
               scores: dict[int, float], i: int) -> int | None:
    """Whose description ``i`` is: the entity of its possessive name or pronoun ("his" resolved
    here, as it comes after the description that holds it)."""
    m = mentions[i]
    if m.owner is None:
        return None
    j = next((j for j in range(i + 1, min(i + 4, len(mentions))) if mentions[j].start <= m.owner < mentions[j].end
              and mentions[j].form in ("name", "pronoun")), None)
    if j is None:
        return None
    if j in assign:
        return assign[j]
    return _resolve_pronoun(groups, scores, mentions[j]) if mentions[j].form == "pronoun" else None


def _issuer(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int], i: int) -> int | None:
    """Who a document speaks for: a body or person named inside its phrase; else for "the
    poll", "the study" the issuer of the last document (of the same kind first: "A Bloomberg
    poll … according to the poll"); a headline's "Poll:" the issuer of the first poll below it."""
    m = mentions[i]
    named = _named_in(groups, mentions, assign, i)
    if named is not None or not m.definite and m.paragraph > 0:
        return named
    if m.paragraph == 0:
        return next((g for j in range(i + 1, len(mentions)) if mentions[j].paragraph <= DOCUMENT_PARAGRAPHS
                     and mentions[j].form == "document" and mentions[j].head == m.head
                     and (g := _named_in(groups, mentions, assign, j)) is not None), None)
    earlier = [j for j in range(i - 1, -1, -1) if m.paragraph - mentions[j].paragraph <= DOCUMENT_PARAGRAPHS
               and mentions[j].form == "document" and j in assign]
    same = [j for j in earlier if mentions[j].head == m.head]
    near = [j for j in earlier if m.paragraph - mentions[j].paragraph <= 1]  # "a survey … The study found"
    return assign[(same or near)[0]] if same or near else None


def _named_in(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int], i: int) -> int | None:
    """The issuer a document phrase names: its possessor or "by" agent, else the first body or
    person inside it."""
    m = mentions[i]
    inside = [j for j in range(i + 1, len(mentions)) if mentions[j].start < m.end]
    if m.owner is not None:  # inside the phrase, or the subject before its verb
        owner = [j for j, c in enumerate(mentions) if c.start <= m.owner < c.end and j in assign and j != i]
        if owner:
            return assign[min(owner, key=lambda j: mentions[j].end - mentions[j].start)]
    return next((assign[j] for j in inside if j in assign and mentions[j].form == "name"
                 and groups[assign[j]].type in ("ORG", "PERSON")), None)


def _writer(mentions: Sequence[Mention], assign: dict[int, int], i: int) -> int | None:
    """Who "I" outside quotation marks is: the signature after it (a letters page signs each
    letter below it), else the tagline closing the piece ("Charlotte Reyes is a playwright")."""
    last = mentions[-1].paragraph
    for j in range(i + 1, len(mentions)):
        c = mentions[j]
        if c.signs and j in assign and c.paragraph > mentions[i].paragraph \
                and (c.signs == "signature" or c.paragraph == last):
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


def _coordinated_groups(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int],
                        lex: Lexicon) -> None:
    """"Mr. Grassley and Mr. Leahy": an entity of its own, named by its members' names."""
    at = {m.start: i for i, m in enumerate(mentions) if m.form == "name"}
    for i, m in enumerate(mentions):
        if m.form != "group":
            continue
        members = list(dict.fromkeys(assign[at[s]] for s in m.members if at.get(s) in assign))
        if len(members) == len(m.members) > 1:
            groups.append(_Group(m.type or "ORG", [" and ".join(groups[g].best_name() for g in members)], plural=True))
            _join(groups[-1], i, m, assign, len(groups) - 1, lex)


def _gender_from_pronouns(groups: list[_Group], mentions: Sequence[Mention], assign: dict[int, int]) -> None:
    """A subject name and a he/she later in its own sentence, with no other person between:
    "Okafor said he would" tells Okafor's gender."""
    for i, m in enumerate(mentions):
        if i in assign and groups[assign[i]].type == "PERSON" \
                and (gender := _pronoun_gender(mentions, i, lambda j: j in assign and groups[assign[j]].type == "PERSON")):
            groups[assign[i]].genders[gender] += 1


def _pronoun_gender(mentions: Sequence[Mention], i: int,
                    person: Callable[[int], bool] = lambda j: False) -> str | None:
    """The gender of the first he/she after subject ``i`` in its sentence, no person between
    (``person``: whether mention j is a person the tagger typed otherwise, "Trump" as ORG)."""
    m = mentions[i]
    if not m.subject or m.quoted:
        return None
    for j in range(i + 1, len(mentions)):
        c = mentions[j]
        if c.sentence != m.sentence or c.form == "name" and (c.type == "PERSON" or person(j)):
            return None
        if c.form == "pronoun" and not c.quoted and PRONOUNS[c.head][0]:
            return PRONOUNS[c.head][0]
    return None


def _freeze(groups: list[_Group], mentions: tuple[Mention, ...], assign: dict[int, int]) -> Entities:
    used = sorted({g for g in assign.values()}, key=lambda g: min(mentions[i].start for i in groups[g].mentions))
    new_id = {g: n for n, g in enumerate(used)}
    entities = tuple(Entity(new_id[g], groups[g].best_name(), groups[g].type, groups[g].gender(),
                            tuple(sorted(groups[g].roles)), tuple(sorted(groups[g].mentions)))
                     for g in used)
    return Entities(mentions, entities, tuple(new_id.get(assign[i]) if i in assign else None
                                              for i in range(len(mentions))))
