"""Speaker resolution within one article: pronouns, short names, titles and descriptions.

No coreference model: a small registry of the people the article names (full names, the
surnames and first names that point to them, the roles they are introduced with, their
gender as signalled by honorifics and pronouns), plus the passage's current speaker.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..records import Span, Speaker
from .lexicon import Lexicon
from .speakers import Mention

PRONOUN_WINDOW = 1500  # characters back in which a pronoun may find its antecedent
GENDER_LOOKAHEAD = 40  # tokens after a name in which the next he/she hints at gender


@dataclass
class Person:
    name: str
    first_seen: int
    roles: set[str] = field(default_factory=set)
    gender: Counter = field(default_factory=Counter)

    def gender_of(self) -> str | None:
        if not self.gender:
            return None
        (top, n), *rest = self.gender.most_common(2) + [(None, 0)]
        return top if n > rest[0][1] else None


@dataclass
class Resolver:
    doc: Doc
    lex: Lexicon
    people: dict[str, Person] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    mentions: list[tuple[int, str]] = field(default_factory=list)  # (char, full name)
    history: list[tuple[int, str, str | None]] = field(default_factory=list)  # (char, name, type)

    def __post_init__(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = [t.text for t in ent if t.text not in ("'s", "’s") and not t.is_punct]
            if not words:
                continue
            name = self.canonical(" ".join(words)) if len(words) == 1 else " ".join(words)
            person = self.people.get(name)
            if person is None:
                person = self.people[name] = Person(name, ent.start_char)
                if len(words) > 1:
                    self.aliases[words[-1].lower()].append(name)
                    self.aliases[words[0].lower()].append(name)
            self.mentions.append((ent.start_char, name))
            self.note_role(name, _introduced_as(ent))
            prev = self.doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in self.lex.honorifics:
                g = "male" if prev.lower_ in self.lex.male else "female" if prev.lower_ in self.lex.female else None
                if g:
                    person.gender[g] += 2
            for tok in self.doc[ent.end:ent.end + GENDER_LOOKAHEAD]:
                if tok.ent_type_ == "PERSON":
                    break
                if tok.pos_ == "PRON" and tok.lower_ in self.lex.male | self.lex.female:
                    person.gender["male" if tok.lower_ in self.lex.male else "female"] += 1
                    break

    def canonical(self, name: str) -> str:
        """The article's full name for a short or partial one (``Peskov`` -> ``Dmitry Peskov``)."""
        words = [w for w in name.split() if w.lower().rstrip(".") not in self.lex.honorifics]
        if not words:
            return name
        key = " ".join(words)
        if key in self.people:
            return key
        if len(words) == 1:
            candidates = self.aliases.get(words[0].lower(), [])
            if candidates:
                return max(candidates, key=candidates.count)  # ties: the first named
        return key

    def _personal_title(self, role: str | None) -> bool:
        words = {w.lower().rstrip(".") for w in (role or "").split()}
        return bool(words & (self.lex.role_nouns | self.lex.honorifics))

    def _register(self, name: str, at: int) -> None:
        words = name.split()
        if name in self.people or len(words) < 2:
            return
        self.people[name] = Person(name, at)
        self.aliases[words[-1].lower()].append(name)
        self.aliases[words[0].lower()].append(name)
        self.mentions.append((at, name))
        self.mentions.sort()

    def note_role(self, name: str, role: str | None) -> None:
        if role and name in self.people:
            self.people[name].roles.add(role.lower())

    def _recent(self, at: int, types: tuple[str, ...], gender: str | None) -> tuple[str, str] | None:
        """The antecedent of a pronoun at ``at``: the passage's speakers first, then the people
        it names; one whose gender is known to agree beats one whose gender is unknown."""
        spoken = [(name, typ) for char, name, typ in reversed(self.history)
                  if at - PRONOUN_WINDOW <= char and typ in types]
        named = [(name, "PERSON") for char, name in reversed(self.mentions)
                 if at - PRONOUN_WINDOW <= char < at and "PERSON" in types]
        candidates = spoken + named
        if gender is None:
            return candidates[0] if candidates else None
        for wanted in (gender, None):
            for name, typ in candidates:
                if self._gender(name) == wanted:
                    return name, typ
        return None

    def _gender(self, name: str) -> str | None:
        person = self.people.get(name)
        return person.gender_of() if person else None

    def _by_role(self, role: str, at: int) -> str | None:
        words = {w.lower() for w in role.split()}
        heads = words & self.lex.role_nouns
        if not heads:
            return None
        best = None
        for person in self.people.values():
            if person.first_seen < at and any(heads & set(r.split()) for r in person.roles):
                best = person.name if best is None or person.first_seen > self.people[best].first_seen else best
        return best

    def resolve(self, m: Mention, text: str) -> Speaker:
        """Turn a mention into a Speaker, updating the passage's current speaker."""
        span = Span.of(text, m.start, m.end)
        name, typ, role, how = m.name, m.type, m.role, "explicit"
        if m.pronoun is not None:
            gender = ("male" if m.pronoun in self.lex.male else
                      "female" if m.pronoun in self.lex.female else None)
            if m.pronoun in ("i", "me", "you"):
                found = None
            elif gender:
                found = self._recent(m.start, ("PERSON", "OTHER"), gender)
            else:
                found = self._recent(m.start, ("ORG", "GPE", "NORP", "OTHER"), None)
            if found is None:
                return Speaker(span, None, None, None, "pronoun")
            name, typ = found
            how = "pronoun"
            roles = self.people[name].roles if name in self.people else set()
            role = sorted(roles)[0] if roles else None
            if gender and name in self.people:
                self.people[name].gender[gender] += 1
        elif name is not None and typ in ("PERSON", "ORG", "OTHER"):
            if typ != "PERSON" and self._personal_title(role):
                self._register(name, m.start)  # "Interior Minister Sorin Pavel" tagged ORG
            full = self.canonical(name)
            if full in self.people:
                how = "explicit" if full == name else "alias"
                name, typ = full, "PERSON"
                self.note_role(name, role)
        elif name is None and role:
            found = self._by_role(role, m.start)
            alias = self.canonical(role) if len(role.split()) == 1 else None
            if found:
                name, typ, how = found, "PERSON", "description"
            elif alias in self.people:  # "Howells' claim": a surname the tagger missed
                name, typ, how, role = alias, "PERSON", "alias", None
        if name is not None:
            self.history.append((m.start, name, typ))
        return Speaker(span, name, typ, role, how)


def _introduced_as(ent) -> str | None:
    """The title a person is introduced with: "Kremlin spokesman Dmitry Peskov" or
    "Dmitry Peskov, the Kremlin spokesman"."""
    doc, words = ent.doc, []
    i = ent.start - 1
    while i >= 0 and len(words) < 4 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i].ent_type_ != "PERSON":
        words.insert(0, doc[i].text)
        i -= 1
    if words:
        return " ".join(words)
    appos = next((c for c in ent.root.children if c.dep_ == "appos"), None)
    if appos is not None:
        return " ".join(t.text for t in appos.subtree if t.dep_ != "det" and not t.is_punct) or None
    return None
