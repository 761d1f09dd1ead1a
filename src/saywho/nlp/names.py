"""Gender of a first name, from public-domain US birth records (``data/first_names.tsv.gz``).

The table gives, per lower-cased first name, the share of US births recorded female
(Social Security Administration counts 1880-2015; ``scripts/build_first_names.py`` made it).
Only a decisive share answers: "Jordan" or "Casey" leave the gender open.
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from importlib import resources

DECISIVE = 0.9  # share of one sex at or above which the name says the gender
LEANING = 0.8  # a weaker share: a hint that counts only when nothing else says the gender


@lru_cache(maxsize=1)
def female_shares() -> dict[str, float]:
    """First name (lower-cased ASCII letters) -> share of births recorded female."""
    raw = resources.files("saywho.nlp").joinpath("data", "first_names.tsv.gz").read_bytes()
    shares = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, share = line.split("\t")
            shares[name] = float(share)
    return shares


def _key(name: str) -> str:
    # The table holds plain letters only: "Zoë" -> "zoe", "D'Andre" -> "dandre".
    words = name.split()
    word = words[0] if words else ""
    ascii_form = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_form.lower() if ch.isalpha())


@lru_cache(maxsize=4096)
def first_name_gender(name: str) -> str | None:
    """"female" or "male" when the first name (the first word of ``name``) decides it, else None.

    None for names the table does not hold, initials, and names given to both sexes.
    """
    key = _key(name)
    if len(key) < 2:
        return None
    share = female_shares().get(key)
    if share is None:
        return None
    if share >= DECISIVE:
        return "female"
    if share <= 1 - DECISIVE:
        return "male"
    return None


def first_name_lean(name: str) -> str | None:
    """The sex a first name leans to (at least ``LEANING`` of births) without deciding it:
    "Chris" is mostly a man's name. A hint, weaker than a title or a pronoun."""
    share = female_shares().get(_key(name)) if len(_key(name)) >= 2 else None
    if share is None or first_name_gender(name):
        return None
    return "female" if share >= LEANING else "male" if share <= 1 - LEANING else None
