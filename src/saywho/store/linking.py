"""Corpus identity, the pure part: what a speaker's name says about who it can be.

An article names a speaker in several ways ("Tony Blair", "Mr Blair", "Blair"); the
database must give all of them one speaker, and keep "Mr Brown" apart from "Mrs Brown".
This module turns names into ``NameForm``s (key, given name, surname, gender, initials) and
groups one article's attributions into ``ArticleEntity``s; ``store/corpus.py`` then links
each entity to a database speaker. Nothing here touches the database.

Rules (docs/store.md, "What makes two speakers the same"):

1. A name is normalised (case, accents, apostrophes, courtesy titles, a leading "the"), then
   mapped through the alias groups of ``data/identity.json`` ("Tories" -> "conservatives").
   The key does not include the type: "Labour" typed ORG and typed PERSON is one speaker,
   whose type is the majority of its mentions.
2. A person's name of two words or more is a *full* name: given name (the first word) and
   surname (the last). One word, a title and a surname ("Mr Duncan Smith") or an initial and
   a surname ("J Smith") is a *partial* name, linked to a full name only by evidence.
3. Gender comes from the courtesy title ("Mr", "Mrs") or the given name (US birth records,
   ``nlp/data/first_names.tsv.gz``); a known gender that differs keeps two names apart.
4. Within one article, attributions with the same ``speaker.entity`` are one entity; without
   entity ids, a partial name joins the only full name of the article it fits.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from ..nlp.names import female_shares
from .identity import HONORIFICS, LEADING_ARTICLES, normalise_name

# Titles written before a surname alone ("Mr Duncan Smith"); "Sir" and "Lord" come before
# full names too ("Sir Alex Ferguson"), so they only tell the gender.
SURNAME_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "mme"})
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "herr", "sr"})
# A peer's title before a surname ("Lord Browne") is another form of address than a first name
# and surname: such a name links to a full name only on the evidence of the article's words.
PEER_TITLES = frozenset({"lord", "lady", "baroness", "baron", "viscount", "earl", "duke", "marquess", "countess"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "frau",
                           "mme", "mlle", "sra", "srta"})
# Share of US births recorded female at or above which a first name counts as female (and at
# or below 1 - this, male); names in between say nothing.
GENDER_SHARE = 0.9
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")
PRONOUN_GENDERS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


@dataclass(frozen=True)
class Lexicon:
    aliases: dict[str, str]  # normalised name -> key of its alias group
    not_speakers: frozenset[str]
    acronym_skip: frozenset[str]
    not_given_names: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("saywho.store").joinpath("data/identity.json")
                      .read_text(encoding="utf-8"))
    aliases = {normalise_name(name): normalise_name(group[0])
               for group in data["aliases"] for name in group}
    return Lexicon(aliases, frozenset(data["not_speakers"]), frozenset(data["acronym_skip"]),
                   frozenset(data["not_given_names"]))


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """First name -> "m" or "f", for the names whose births are at least ``GENDER_SHARE`` one.
    Built on the extractor's table, which an ingest has read already."""
    return {name: "f" if female >= GENDER_SHARE else "m"
            for name, female in female_shares().items()
            if female >= GENDER_SHARE or female <= 1 - GENDER_SHARE}


@dataclass(frozen=True)
class NameForm:
    """What one name says. ``key`` is the lookup key; ``given``/``surname`` are set for
    people; ``acronym`` is an organisation's initials, or the name itself when it is one."""

    key: str
    display: str
    person: bool
    given: str | None = None
    surname: str | None = None
    gender: str | None = None
    acronym: str | None = None
    is_acronym: bool = False
    peer: bool = False  # written after a peer's title: "Lord Browne"

    @property
    def partial(self) -> bool:
        """A person named by surname only (or initial and surname): linked by evidence."""
        return self.person and self.surname is not None and (
            self.given is None or len(self.given) == 1)

    @property
    def full(self) -> bool:
        return self.person and self.given is not None and len(self.given) > 1


def _title_gender(words: Sequence[str]) -> str | None:
    for word in words:
        if word in MALE_TITLES:
            return "m"
        if word in FEMALE_TITLES:
            return "f"
    return None


def _raw_words(text: str | None) -> list[str]:
    return normalise_name(("x " + text) if text else "").split()[1:] if text else []


def _initials(norm: str, display: str | None = None) -> str | None:
    """"national audit office" -> "nao"; ``None`` for fewer than two initials, or when the
    name as written has a lower-case word ("Balco team" is no "BT")."""
    skip = lexicon().acronym_skip
    if display and any(w[:1].islower() for w in display.split() if w.lower() not in skip):
        return None
    initials = [w[0] for w in norm.split() if w not in skip]
    return "".join(initials) if len(initials) >= 2 else None


def _titled(raw: list[str], mention: list[str], words: list[str], titles: frozenset[str]) -> bool:
    """Whether the name was written after one of ``titles``: in its own words ("Mr Smith")
    or in the mention, right before the name ("Mr Duncan Smith")."""
    n = len(words)
    return bool(raw) and raw[0] in titles or any(mention[i:i + n] == words and mention[i - 1] in titles
                                                   for i in range(1, len(mention) - n + 1))


def name_form(name: str | None, type_: str | None, mention: str | None = None) -> NameForm | None:
    """The ``NameForm`` of a speaker name, or ``None`` when it names nobody (empty, a bare
    title or adjective such as "Shadow" or "Scottish")."""
    if not name:
        return None
    norm = normalise_name(name)
    if not norm:
        return None
    lex = lexicon()
    display = display_name(name)
    # A name cut short of the alias it was written as ("Democrats" said as "the Liberal
    # Democrats") is that alias.
    whole = normalise_name(mention) if mention else ""
    if norm not in lex.aliases and whole in lex.aliases and whole.endswith(" " + norm):
        norm, display = whole, display_name(mention)
    if norm in lex.aliases:
        return NameForm(lex.aliases[norm], display, False, acronym=_initials(lex.aliases[norm]))
    if norm in lex.not_speakers:
        return None
    words = norm.split()
    # Titles the normaliser dropped still tell the gender and that what follows is a surname;
    # "Mr Kilroy-Silk" is a person whatever type the name was given.
    raw, said = _raw_words(name), _raw_words(mention)
    titled = _titled(raw, said, words, SURNAME_TITLES)
    if type_ != "PERSON" and not titled:
        if len(words) == 1 and _ACRONYM.match(display):
            return NameForm(norm, display, False, acronym=norm, is_acronym=True)
        return NameForm(norm, display, False, acronym=_initials(norm, display))
    gender = _title_gender(raw + said)
    if len(words) == 1 or titled:
        # A surname alone: a pronoun the extractor resolved to it tells the gender too
        # ("she" for "Howard" in an article about Mrs Howard).
        if gender is None and len(said) == 1:
            gender = PRONOUN_GENDERS.get(said[0])
        return NameForm(norm, display, True, None, norm, gender, peer=_titled(raw, said, words, PEER_TITLES))
    given = words[0]
    if gender is None and len(given) > 1:
        gender = first_name_genders().get(given)
    return NameForm(norm, display, True, given, words[-1], gender)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Every first name of the US birth records, whatever its gender."""
    return frozenset(female_shares())


def given_names_before(text: str, surname: str, gender: str | None = None) -> set[str]:
    """First names the text writes, capitalised, right before ``surname``: "Charles Evans
    Jr ... Mr Evans" names a Charles Evans, so that "Mr Evans" is no Chris Evans. With a
    ``gender``, names of the other gender are left out ("Cherie Blair" for "Mr Blair")."""
    if not text or not surname:
        return set()
    pattern = r"\b([A-Z][a-z]+)[ \u00a0]" + r"(?i:" + r"[ -]".join(
        re.escape(w) for w in surname.split()) + r")\b"
    names, genders, skip = first_names(), first_name_genders(), lexicon().not_given_names
    found = {m.group(1).lower() for m in re.finditer(pattern, text)}
    return {g for g in found if g in names and g not in skip
            and not (gender and genders.get(g, gender) != gender)}


def display_name(name: str) -> str:
    """The name (or role) as written without leading titles and "the": "Mr. Blair" -> "Blair"."""
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in HONORIFICS
                              or words[0].lower() in LEADING_ARTICLES):
        words.pop(0)
    return " ".join(words)


def fits(partial: NameForm, full: NameForm | Any) -> bool:
    """Whether a partial name can name the person with full name ``full`` (a NameForm or a
    database row with key, given and gender): the surname ends the full name, an initial
    agrees, and a known gender does not differ."""
    key = full.key
    if not (key == partial.surname or key.endswith(" " + partial.surname)):
        return False
    if not full.given or len(full.given) < 2:
        return False
    if partial.given and not full.given.startswith(partial.given):
        return False
    return not (partial.gender and full.gender and partial.gender != full.gender)


@dataclass(frozen=True)
class ArticleEntity:
    """One speaker of one article: its fullest name, the mentions' types and roles, and the
    indexes of its attributions in the article."""

    form: NameForm
    types: tuple[tuple[str, int], ...]
    roles: tuple[str, ...]
    members: tuple[int, ...]


class Said(NamedTuple):
    """What an attribution says about its speaker (from a record or a stored row)."""

    name: str | None
    type: str | None
    role: str | None
    mention: str | None
    entity: str | None


def said_of(speaker: Any) -> Said | None:
    """``Said`` of a ``records.Speaker``; uses ``speaker.entity`` when the record has one."""
    if speaker is None or not isinstance(speaker.name, str):
        return None
    entity = getattr(speaker, "entity", None)
    return Said(speaker.name, speaker.type, speaker.role,
                speaker.mention.text if speaker.mention else None,
                None if entity is None else str(entity))


def article_entities(speakers: Sequence[Said | None]) -> list[ArticleEntity]:
    """Group one article's speakers (a ``Said`` or ``None`` per attribution) into entities,
    in order of first appearance. Deterministic: depends on the article only."""
    groups: dict[str, list[int]] = {}
    forms: dict[str, NameForm] = {}
    titled: dict[str, NameForm] = {}  # key -> that name written after "Mr" (a surname)
    for i, sp in enumerate(speakers):
        if sp is None or not sp.name:
            continue
        form = name_form(sp.name, sp.type, sp.mention)
        if form is None:
            continue
        if form.partial and form.given is None:
            titled.setdefault(form.key, form)
        entity = sp.entity
        group = f"e:{entity}" if entity is not None else f"n:{form.key}"
        groups.setdefault(group, []).append(i)
        best = forms.get(group)
        # The entity's fullest name: full names beat partial ones, then longer keys.
        if best is None or (form.full, len(form.key)) > (best.full, len(best.key)):
            forms[group] = form
    # "Kilroy Silk" looks like a given name and a surname until the article writes
    # "Mr Kilroy-Silk": then it is a (double) surname, unless it starts with a first name
    # ("Mr Tomas Varga").
    for group, form in forms.items():
        if form.full and form.key in titled and form.given not in first_names():
            forms[group] = titled[form.key]
    # Without entity ids: a partial name joins the one full name of the article it fits, and
    # an acronym the one name of the article whose initials it is.
    for group in [g for g in groups if g.startswith("n:")]:
        form = forms[group]
        if form.partial:
            hosts = [g for g, f in forms.items() if g != group and f.full and fits(form, f)]
        elif form.is_acronym:
            hosts = [g for g, f in forms.items()
                     if g != group and not f.is_acronym and f.acronym == form.key]
        else:
            continue
        if len(hosts) == 1:
            groups[hosts[0]] += groups.pop(group)
            del forms[group]
    entities = []
    for group, members in groups.items():
        members.sort()
        types = Counter(str(speakers[i].type or "OTHER") for i in members)
        roles = tuple(dict.fromkeys(speakers[i].role for i in members
                                    if isinstance(speakers[i].role, str) and speakers[i].role))
        entities.append(ArticleEntity(forms[group], tuple(sorted(types.items())), roles,
                                      tuple(members)))
    entities.sort(key=lambda e: e.members[0])
    return entities


def role_words(roles: Sequence[str]) -> set[str]:
    """Content words of roles, for comparing an article's context with a speaker's."""
    skip = lexicon().acronym_skip | {"a", "an", "former", "new", "mr", "mrs", "ms"}
    return {w for r in roles for w in normalise_name(r).split() if w not in skip and len(w) > 2}
