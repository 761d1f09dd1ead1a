"""Resolved-speaker scoring: is the speaker saywho names the one the source words refer to?

The protocol of ``polnear-speakers/README.md``, on top of the attribution protocol
(``metrics.py``):

1. **Pairs.** Gold attributions matched to predictions as in category *all* at overlap 0.5
   (attribution protocol, steps 1 and 3), except that equal overlaps go to the later gold
   attribution, then the later prediction, as the corpus's reference scorer takes them. Only
   gold attributions with a worksheet item (those with a Source) are scored here. (That
   scorer reads only the first part of a gold content split into ``Content``/``Content2``
   roles; here a gold content is all its parts, as in the attribution protocol.)
2. **Names as tokens.** A name is compared as its lower-cased ``\\w+`` tokens, with possessive
   ``'s``/``’s`` removed and one-letter tokens (initials) dropped, digits kept.
3. **Same entity.** A predicted name names the gold entity when it matches the gold ``name``
   or one of its ``also`` forms under either reading:
   - *person*: titles dropped (``TITLES``); the tokens are equal, or both have two or more
     tokens with the same first and last ("Donald J. Trump" = "Donald Trump"), or the
     prediction ends with a gold name of two or more tokens;
   - *organisation*: "the" dropped; the tokens are equal, or the prediction's tokens are a
     subset of the gold's ending in the same word and the prediction has two or more tokens
     or the gold only one ("Clinton campaign" for "Hillary Clinton's campaign").
   So a bare surname is right only where ``also`` lists it.
4. **Right.** Named gold: the predicted ``speaker.name`` names the same entity (no speaker or
   no name is wrong). Generic gold (``name`` null): the prediction invents no name: its name is
   null or empty, or its tokens (step 2), with or without "the", repeat the source words.
5. **Figures.** ``resolved_acc``: right / scored pairs; ``named_acc`` over the pairs whose
   form is not ``generic``; ``generic_acc`` over generic ones; accuracy per ``form``;
   ``who_said_what_recall``: named gold found *and* named right / ALL named gold of the scored
   articles, matched or not (attribution recall and resolution together). Counts are summed
   over articles first. An article without a worksheet is not scored here; a failed article
   scores as one with no predictions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..records import Attribution
from .corpora import GoldSpeaker

# Words that are a person's title or office, not their name (protocol, step 3).
TITLES = frozenset("""
    mr mrs ms miss dr sir lord lady rev reverend prof professor jr sr
    president vice prime minister secretary sen senator rep representative gov governor
    mayor judge justice attorney ambassador speaker chairman chairwoman director chief
    leader officer spokesman spokeswoman candidate nominee presidential former
    gen general lt col colonel sgt
    democratic republican gop house majority minority whip state u s us
""".split())

_POSSESSIVE = re.compile(r"['’]s\b")
_WORD = re.compile(r"\w+")


def tokens(name: str | None) -> list[str]:
    """Lower-cased word tokens without possessive 's and one-letter initials (step 2)."""
    words = _WORD.findall(_POSSESSIVE.sub("", (name or "").lower()))
    return [w for w in words if len(w) > 1 or w.isdigit()]


def person_tokens(name: str | None) -> list[str]:
    return [w for w in tokens(name) if w not in TITLES]


def org_tokens(name: str | None) -> list[str]:
    return [w for w in tokens(name) if w != "the"]


def same_person(pred: str, gold: str) -> bool:
    p, g = person_tokens(pred), person_tokens(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if len(p) >= 2 and len(g) >= 2 and (p[0], p[-1]) == (g[0], g[-1]):
        return True
    return len(g) >= 2 and p[-len(g):] == g


def same_org(pred: str, gold: str) -> bool:
    p, g = org_tokens(pred), org_tokens(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    return set(p) <= set(g) and p[-1] == g[-1] and (len(p) >= 2 or len(g) == 1)


def names_entity(pred: str | None, item: GoldSpeaker) -> bool:
    """Whether a predicted name names the item's entity (step 3)."""
    if not pred or item.name is None:
        return False
    return any(same_person(pred, form) or same_org(pred, form)
               for form in (item.name, *item.also))


def is_right(pred: str | None, item: GoldSpeaker) -> bool:
    """Whether a predicted speaker name is right for one gold item (step 4)."""
    if item.name is not None:
        return names_entity(pred, item)
    if not pred:
        return True
    return tokens(pred) == tokens(item.source) or org_tokens(pred) == org_tokens(item.source)


# --- counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerOutcome:
    """One gold item of one article: matched or not, and whether its speaker is right."""

    item: GoldSpeaker
    matched: bool
    right: bool
    predicted: str | None = None  # the predicted speaker.name of the matched prediction


def score_speakers(items: Sequence[GoldSpeaker], pairs: Iterable[tuple[int, int]],
                   predicted: Sequence[Attribution]) -> tuple[SpeakerOutcome, ...]:
    """Score one article's items, given its (gold index, prediction index) pairs (step 1)."""
    to_pred = dict(pairs)
    out = []
    for item in items:
        j = to_pred.get(item.id)
        if j is None:
            out.append(SpeakerOutcome(item, matched=False, right=False))
            continue
        speaker = predicted[j].speaker
        name = speaker.name if speaker else None
        out.append(SpeakerOutcome(item, matched=True, right=is_right(name, item), predicted=name))
    return tuple(out)


@dataclass(frozen=True)
class Tally:
    n: int = 0
    right: int = 0

    def plus(self, right: bool) -> "Tally":
        return Tally(self.n + 1, self.right + bool(right))

    @property
    def accuracy(self) -> float | None:
        return self.right / self.n if self.n else None


def speaker_figures(outcomes: Iterable[SpeakerOutcome]) -> dict[str, Any]:
    """The figures of step 5 as plain JSON, with the counts they come from."""
    total, named, generic = Tally(), Tally(), Tally()
    by_form: dict[str, Tally] = {}
    named_gold = named_found_right = 0
    for o in outcomes:
        if o.item.name is not None:
            named_gold += 1
            named_found_right += o.matched and o.right
        if not o.matched:
            continue
        total = total.plus(o.right)
        if o.item.form == "generic":
            generic = generic.plus(o.right)
        else:
            named = named.plus(o.right)
        by_form[o.item.form] = by_form.get(o.item.form, Tally()).plus(o.right)
    return {
        "matched_sourced": total.n,
        "resolved_acc": _round(total.accuracy),
        "named_acc": _round(named.accuracy),
        "generic_acc": _round(generic.accuracy),
        "who_said_what_recall": _round(named_found_right / named_gold if named_gold else None),
        "named_gold": named_gold,
        "named_found_right": named_found_right,
        "by_form": {form: {"n": t.n, "right": t.right, "acc": _round(t.accuracy)}
                    for form, t in sorted(by_form.items())},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def format_speakers(figures: dict[str, Any]) -> list[str]:
    """A few lines for people: the headline figures, then accuracy per form."""
    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    forms = "  ".join(f"{k} {f(v['acc'])} ({v['n']})" for k, v in figures["by_form"].items())
    return [
        f"resolved speakers ({figures['matched_sourced']} matched attributions with a source): "
        f"resolved {f(figures['resolved_acc'])}, named {f(figures['named_acc'])}, "
        f"generic {f(figures['generic_acc'])}, who-said-what recall "
        f"{f(figures['who_said_what_recall'])} ({figures['named_found_right']} of "
        f"{figures['named_gold']} named sources)",
        f"  by form: {forms}",
    ]
