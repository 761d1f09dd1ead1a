"""Page furniture in plain text pasted from web pages: appeals, newsletter boxes, cookie notices,
UI strings, related-article lists, bylines, author bios and credits.

The text is never changed: furniture is reported as ``Boilerplate`` ranges. Detection works on
lines (a hard-wrapped paragraph counts as one) and combines signals that hold across outlets:

- vocabulary (``data/boilerplate.json``): donation, subscription, cookie and UI phrases;
- the reader addressed as "you", the outlet speaking as "we";
- the line's shape: short imperative UI strings, runs of short title-like lines;
- position: furniture gathers at the start and the end, so a run of furniture-compatible
  lines that reaches either edge and holds at least one clear signal is cut as a whole, while
  in the middle of the article only self-contained furniture lines are;
- quotation: a phrase inside quote marks, or on a line with a speech verb ("said"), is
  someone speaking in the article, not the page speaking to the reader;
- topic: a long line at the end that shares few words with the article is more likely furniture.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..records import Boilerplate

# Thresholds, set on the tests' imaginary outlets and checked on article-extraction-benchmark.
SEED_SCORE = 2  # a line is furniture on its own from this score
MIDDLE_SEED_SCORE = 3  # ...and in the middle of the article, when it is longer than SHORT_LINE
SHORT_LINE = 15  # words: UI strings, headings and headlines are shorter
LONG_LINE = 25  # words: longer lines in the middle need MIDDLE_SEED_SCORE
TOPIC_OVERLAP_MAX = 0.35  # a long tail line sharing more of its words with the article is article
HARD_WRAP_CHARS = 55  # mean line length of a paragraph written as hard-wrapped lines
MIN_CONTENT_WORD = 5  # letters: shorter words are mostly function words, ignored for topic
RELATED_RUN = 3  # title-like lines at the very end that make a headline list by themselves
BOX_LABELS = ("appeal", "newsletter", "cookie")  # boxes whose buttons take the box's label

_WORD = re.compile(r"[\w'’]+")
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")
_EDGE_PUNCT = " \t:>›»→|•·*–—-=#_"
_MONEY = re.compile(r"[$£€]\s?\d")
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‹", "›"))


@dataclass(frozen=True)
class Lexicon:
    strong: dict[str, re.Pattern]
    weak: dict[str, re.Pattern]
    lines: dict[str, re.Pattern]
    second_person: frozenset[str]
    outlet_voice: frozenset[str]
    speech: re.Pattern
    ui_verbs: frozenset[str]


def _alternation(patterns: list[str], *, whole: bool = False) -> re.Pattern | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    if whole:
        return re.compile(rf"^(?:{body})$", re.I)
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w'’])", re.I)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("saywho.ingest").joinpath("data/boilerplate.json")
                      .read_text(encoding="utf-8"))
    strong, weak, lines = {}, {}, {}
    for label, spec in data["labels"].items():
        for target, key, whole in ((strong, "strong", False), (weak, "weak", False),
                                   (lines, "lines", True)):
            pat = _alternation(spec.get(key, []), whole=whole)
            if pat is not None:
                target[label] = pat
    return Lexicon(
        strong=strong, weak=weak, lines=lines,
        second_person=frozenset(data["second_person"]),
        outlet_voice=frozenset(data["outlet_voice"]),
        speech=_alternation(data["speech_cues"]),  # type: ignore[arg-type]
        ui_verbs=frozenset(data["ui_verbs"]),
    )


@dataclass
class Unit:
    """A line of the text (or a hard-wrapped paragraph) and its furniture signals."""

    start: int
    end: int
    text: str
    words: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    line_label: str | None = None  # matched a whole-line UI/heading pattern
    speech: bool = False
    quoted: bool = False
    you: int = 0
    we: int = 0
    money: bool = False
    title_like: bool = False

    @property
    def n(self) -> int:
        return len(self.words)

    @property
    def best(self) -> tuple[str | None, int]:
        if self.line_label:
            return self.line_label, 3
        if not self.scores:
            return None, 0
        label = max(self.scores, key=lambda k: self.scores[k])
        return label, self.scores[label]


def units(text: str) -> list[Unit]:
    """Non-blank lines with offsets; a paragraph of long hard-wrapped lines is one unit."""
    out: list[Unit] = []
    para: list[tuple[int, int]] = []

    def flush() -> None:
        if not para:
            return
        mean = sum(e - s for s, e in para) / len(para)
        wrapped = len(para) > 1 and mean >= HARD_WRAP_CHARS and not any(
            _TERMINAL.search(text[s:e]) is None and (e - s) < HARD_WRAP_CHARS // 2
            for s, e in para[:-1])
        spans = [(para[0][0], para[-1][1])] if wrapped else para
        for s, e in spans:
            out.append(Unit(s, e, text[s:e]))
        para.clear()

    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            s = pos + (len(body) - len(body.lstrip()))
            para.append((s, s + len(stripped)))
        else:
            flush()
        pos += len(line)
    flush()
    return out


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    spans = []
    for open_, close in _QUOTE_PAIRS:
        start = line.find(open_)
        while start >= 0:
            end = line.find(close, start + 1)
            spans.append((start, len(line) if end < 0 else end + 1))
            if end < 0:
                break
            start = line.find(open_, end + 1)
    straight = [m.start() for m in re.finditer(r'"', line)]
    for a, b in zip(straight[::2], straight[1::2] + [len(line)]):
        spans.append((a, b + 1))
    return spans


def _outside(matches, spans) -> int:
    return sum(1 for m in matches if not any(a <= m.start() < b for a, b in spans))


def analyse(unit: Unit, lex: Lexicon) -> None:
    line = unit.text
    unit.words = [w.lower() for w in _WORD.findall(line)]
    spans = _quoted_spans(line)
    unit.quoted = bool(spans)
    unit.speech = lex.speech.search(line) is not None
    stripped = line.strip(_EDGE_PUNCT)
    if unit.n <= 8 and stripped and not stripped.endswith("."):
        for label, pat in lex.lines.items():
            if pat.match(stripped):
                unit.line_label = label
                break
    for label, pat in lex.strong.items():
        hits = _outside(pat.finditer(line), spans)
        weak_pat = lex.weak.get(label)
        weak = _outside(weak_pat.finditer(line), spans) if weak_pat else 0
        score = 2 * hits + min(weak, 1)
        if score:
            unit.scores[label] = score
    outside_words = [w.lower() for w in _WORD.findall(_unquoted(line, spans))]
    unit.you = sum(w in lex.second_person for w in outside_words)
    unit.we = sum(w in lex.outlet_voice for w in outside_words)
    unit.money = _MONEY.search(line) is not None
    first = unit.words[0] if unit.words else ""
    imperative = first in lex.ui_verbs and unit.n <= SHORT_LINE
    for label in ("appeal", "newsletter", "cookie"):
        if label in unit.scores and (unit.you or imperative):
            unit.scores[label] += 1
    if unit.speech:  # someone in the article is speaking: not the page addressing the reader
        unit.scores = {k: v - 2 for k, v in unit.scores.items() if v - 2 > 0}
        if unit.quoted:
            unit.scores = {}
    unit.title_like = (2 <= unit.n <= SHORT_LINE and not _TERMINAL.search(line)
                       and line.lstrip(_EDGE_PUNCT)[:1].isupper())


def _unquoted(line: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return line
    keep = [True] * len(line)
    for a, b in spans:
        for i in range(a, min(b, len(line))):
            keep[i] = False
    return "".join(c if k else " " for c, k in zip(line, keep))


def is_seed(u: Unit) -> bool:
    return u.best[1] >= SEED_SCORE


def is_strong_compat(u: Unit, topical: float) -> bool:
    """Furniture-like even without its own vocabulary: reader-facing or money or UI."""
    if is_seed(u) or u.line_label or (u.money and not u.speech):
        return True
    if u.speech or u.quoted:
        return False
    return bool(u.you or u.we or u.scores) and topical <= TOPIC_OVERLAP_MAX


def is_compat(u: Unit, topical: float) -> bool:
    """Could sit inside a furniture block: strong-compatible, a short title-like line, a
    fragment of one to three words."""
    return is_strong_compat(u, topical) or (u.title_like and not u.speech) or (
        u.n <= 3 and not u.quoted)


def detect(text: str) -> tuple[Boilerplate, ...]:
    """Furniture ranges in ``text``, in order, labelled appeal, newsletter, cookie, ui,
    related, bio, credits."""
    us = units(text)
    if not us:
        return ()
    lex = lexicon()
    for u in us:
        analyse(u, lex)
    topical = _topic_overlap(us)
    labels: list[str | None] = [None] * len(us)
    _mark_tail(us, topical, labels)
    _mark_head(us, topical, labels)
    _mark_middle(us, labels)
    return _ranges(us, labels)


def _topic_overlap(us: list[Unit]) -> list[float]:
    """For each unit, the share of its content words found elsewhere in the text's prose."""
    def content(u: Unit) -> list[str]:
        return [w for w in u.words if len(w) >= MIN_CONTENT_WORD and not w.isdigit()]

    counts: Counter[str] = Counter()
    prose = [u.n > SHORT_LINE and not is_seed(u) for u in us]
    for u, p in zip(us, prose):
        if p:
            counts.update(set(content(u)))
    out = []
    for u, p in zip(us, prose):
        words = set(content(u))
        if not words:
            out.append(0.0)
            continue
        shared = sum(1 for w in words if counts[w] - (1 if p else 0) > 0)
        out.append(shared / len(words))
    return out


def _own_label(u: Unit) -> str | None:
    label, score = u.best
    return label if score >= SEED_SCORE else None


def _mark_tail(us: list[Unit], topical: list[float], labels: list[str | None]) -> None:
    i = len(us)
    while i > 0 and is_compat(us[i - 1], topical[i - 1]):
        i -= 1
    run = range(i, len(us))
    seeds = [k for k in run if is_seed(us[k])]
    if seeds:
        start = seeds[0]
        # reach back over reader-facing lines (the opening of an appeal), not over titles
        while start > i and is_strong_compat(us[start - 1], topical[start - 1]):
            start -= 1
        _fill(us, labels, start, len(us))
        return
    # a bare list of headlines at the very end: related articles without a heading
    k = len(us)
    while k > i and us[k - 1].title_like and us[k - 1].n >= 4:
        k -= 1
    if len(us) - k >= RELATED_RUN:
        for j in range(k, len(us)):
            labels[j] = "related"


def _mark_head(us: list[Unit], topical: list[float], labels: list[str | None]) -> None:
    j = 0
    while j < len(us) and labels[j] is None and is_compat(us[j], topical[j]):
        j += 1
    furniture = [k for k in range(j) if is_seed(us[k])]
    if furniture:
        _fill(us, labels, furniture[0], furniture[-1] + 1)


def _mark_middle(us: list[Unit], labels: list[str | None]) -> None:
    for k, u in enumerate(us):
        if labels[k] is not None or not is_seed(u) or u.speech or u.quoted:
            continue
        if u.n > LONG_LINE and u.best[1] < MIDDLE_SEED_SCORE:
            continue
        labels[k] = _own_label(u)
        # a "Read more" / "Related" heading carries the headlines listed under it
        if labels[k] == "related":
            m = k + 1
            while m < len(us) and labels[m] is None and us[m].title_like and not us[m].speech:
                labels[m] = "related"
                m += 1


def _fill(us: list[Unit], labels: list[str | None], start: int, end: int) -> None:
    """Mark units [start, end): each seed with its own label, the others with the label of the
    seed before them (or after, at the start of the block)."""
    own = [_own_label(us[k]) for k in range(start, end)]
    current = next((x for x in own if x), "ui")
    for k, label in zip(range(start, end), own):
        if label == "ui" and us[k].line_label == "ui" and current in BOX_LABELS:
            label = current  # a button of the box it sits in ("Remind me later", "Sign up")
        current = label or current
        labels[k] = current


def _ranges(us: list[Unit], labels: list[str | None]) -> tuple[Boilerplate, ...]:
    out: list[Boilerplate] = []
    run_start = run_end = None
    run_label = None
    for u, label in zip(us, labels):
        if label is not None and label == run_label:
            run_end = u.end
            continue
        if run_label is not None:
            out.append(Boilerplate(run_start, run_end, run_label))  # type: ignore[arg-type]
        run_label, run_start, run_end = label, u.start, u.end
    if run_label is not None:
        out.append(Boilerplate(run_start, run_end, run_label))  # type: ignore[arg-type]
    return tuple(out)
