"""The lexicons in ``nlp/data``, loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _load(name: str) -> dict:
    return json.loads(resources.files("saywho.nlp").joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True)
class Lexicon:
    speech: frozenset[str]
    belief: frozenset[str]
    object_content: frozenset[str]
    prep_content: dict[str, frozenset[str]]
    phrasal: tuple[tuple[str, ...], ...]
    nouns: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    male: frozenset[str]
    female: frozenset[str]
    honorifics: frozenset[str]
    courtesy: frozenset[str]  # Mr, Ms: part of a name's form, never a role
    group_pronouns: frozenset[str]
    org_nouns: frozenset[str]
    role_nouns: frozenset[str]
    media: frozenset[str]
    medium_preps: frozenset[str]
    addressee_preps: frozenset[str]
    addressee_verbs: frozenset[str]
    framing: dict[str, str]  # phrase -> label
    noun_preps: dict[str, frozenset[str]] = field(default_factory=dict)  # "doubts about …"
    adjectives: dict[str, frozenset[str]] = field(default_factory=dict)  # "optimistic that …"
    passive: frozenset[str] = frozenset()  # "is supported by", "was accused of"
    evidential: frozenset[str] = frozenset()  # "X seems to …": the writer's view, no source
    light_verbs: frozenset[str] = frozenset()  # "X made a call for …": X's call
    adverbial_marks: frozenset[str] = frozenset()  # "…, after he admitted …": no content


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues, speakers, details = _load("cues.json"), _load("speakers.json"), _load("details.json")
    hon, pro = speakers["honorifics"], speakers["pronouns"]
    return Lexicon(
        speech=frozenset(cues["speech"]),
        belief=frozenset(cues["belief"]) - frozenset(cues["speech"]),
        object_content=frozenset(cues["object_content"]),
        prep_content={k: frozenset(v) for k, v in cues["prep_content"].items()},
        phrasal=tuple(tuple(p) for p in cues["phrasal"]),
        nouns=frozenset(cues["nouns"]),
        according_to=tuple(tuple(p.split()) for p in cues["according_to"]),
        male=frozenset(hon["male"]) | frozenset(pro["male"]),
        female=frozenset(hon["female"]) | frozenset(pro["female"]),
        honorifics=frozenset(hon["male"] + hon["female"] + hon["any"]),
        courtesy=frozenset(speakers["courtesy"]),
        group_pronouns=frozenset(pro["group"]),
        org_nouns=frozenset(speakers["org_nouns"]),
        role_nouns=frozenset(speakers["role_nouns"]),
        media=frozenset(details["media"]),
        medium_preps=frozenset(details["medium_preps"]),
        addressee_preps=frozenset(details["addressee_preps"]),
        addressee_verbs=frozenset(details["addressee_verbs"]),
        framing={p: label for label, ps in details["framing"].items() for p in ps},
        noun_preps={k: frozenset(v) for k, v in cues.get("noun_preps", {}).items()},
        adjectives={k: frozenset(v) for k, v in cues.get("adjectives", {}).items()},
        passive=frozenset(cues.get("passive", ())),
        evidential=frozenset(cues.get("evidential", ())),
        light_verbs=frozenset(cues.get("light_verbs", ())),
        adverbial_marks=frozenset(cues.get("adverbial_marks", ())),
    )
