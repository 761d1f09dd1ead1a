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
- topic: a long line at the end that shares few words with the article is more likely furniture;
- blocks: a reader appeal opened by a header ("A message from ...", "Dear readers") and closed
  by the donation ask is furniture as a whole, the outlet's letter about itself in between,
  quotes included;
- notes: an editor's note is the outlet speaking about the article, not the article: the
  paragraph it opens.
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
HARD_WRAP_CHARS = 40  # shortest non-final line of a paragraph written as hard-wrapped lines
WRAP_MAX_CHARS = 100  # ...and the longest
MIN_CONTENT_WORD = 5  # letters: shorter words are mostly function words, ignored for topic
RELATED_RUN = 3  # title-like lines at the very end that make a headline list by themselves
# Texts longer than this (characters) are not single articles; to stay fast, their lines of
# more than LINE_WORDS words away from the first and last EDGE_UNITS lines are only looked at
# for their shape (a 10 MB text then takes seconds, not tens of seconds).
LARGE_TEXT = 1_000_000
EDGE_UNITS = 200
BOX_LABELS = ("appeal", "newsletter", "cookie")  # boxes whose buttons take the box's label
DENSITY_WORDS = 20  # each further 20 words past SHORT_LINE raise a line's seed threshold by 1
LINE_WORDS = 8  # words: the longest line matched against whole-line UI/heading patterns
FRAGMENT_WORDS = 3  # words: buttons and options ("Monthly", "$5", "Not now")
NAV_WORDS = 5  # words: menu items and section names between furniture lines at the top
BARE_LIST_OVERLAP = 0.2  # headlines of other articles share few words with this one
APPEAL_BLOCK_UNITS = 8  # lines: the farthest a donation ask may follow its appeal header

_WORD = re.compile(r"[\w'’]+")
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")
_EDGE_PUNCT = " \t:>›»→|•·*–—-=#_"
_MONEY = re.compile(r"[$£€]\s?\d")
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‹", "›"))


@dataclass(frozen=True)
class Lexicon:
    vocab: re.Pattern  # every label's strong and weak patterns, one named group per label/kind
    lines: dict[str, re.Pattern]
    second_person: frozenset[str]
    outlet_voice: frozenset[str]
    speech: re.Pattern
    ui_verbs: frozenset[str]
    appeal_header: re.Pattern
    note_opener: re.Pattern


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
    groups, lines = [], {}
    for label, spec in data["labels"].items():
        for kind in ("strong", "weak"):
            if spec.get(kind):
                body = "|".join(f"(?:{p})" for p in spec[kind])
                groups.append(f"(?P<{label}__{kind}>{body})")
        pat = _alternation(spec.get("lines", []), whole=True)
        if pat is not None:
            lines[label] = pat
    # one pass over each line: an alternation per label would scan it a dozen times
    vocab = re.compile(rf"(?<![\w'’])(?:{'|'.join(groups)})(?![\w'’])", re.I)
    return Lexicon(
        vocab=vocab, lines=lines,
        second_person=frozenset(data["second_person"]),
        outlet_voice=frozenset(data["outlet_voice"]),
        speech=_alternation(data["speech_cues"]),  # type: ignore[arg-type]
        ui_verbs=frozenset(data["ui_verbs"]),
        appeal_header=_alternation(data["appeal_headers"], whole=True),  # type: ignore[arg-type]
        note_opener=re.compile(rf"(?:{'|'.join(f'(?:{p})' for p in data['note_openers'])})\s*:", re.I),
    )


@dataclass
class Unit:
    """A line of the text (or a hard-wrapped paragraph) and its furniture signals."""

    start: int
    end: int
    text: str
    words: list[str] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    strong: int = 0  # strong vocabulary hits outside quotes
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
        wrapped = len(para) > 1 and _hard_wrapped([text[s:e] for s, e in para])
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


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph broken at a fixed width: similar long lengths, and most lines
    continuing a sentence (a lower-case start), unlike a list of items."""
    body = lines[:-1]
    if min(len(x) for x in body) < HARD_WRAP_CHARS or max(len(x) for x in lines) > WRAP_MAX_CHARS:
        return False
    lower = sum(1 for x in lines[1:] if x[:1].islower() or x[:1].isdigit())
    return lower * 2 >= len(lines) - 1


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


def analyse(unit: Unit, lex: Lexicon, *, full: bool = True) -> None:
    """Fill in ``unit``'s signals. ``full=False`` (long lines in the middle of very large
    texts) keeps to the line's shape: word count and whole-line UI patterns."""
    line = unit.text
    if not full:  # whitespace words are close enough for a word count, and much cheaper
        unit.words = line.split()
        if unit.n <= LINE_WORDS:
            unit.words = _WORD.findall(line.lower())
            _match_line(unit, lex)
        return
    unit.words = _WORD.findall(line.lower())
    spans = _quoted_spans(line)
    unit.quoted = bool(spans)
    unit.speech = lex.speech.search(line) is not None
    _match_line(unit, lex)
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for m in lex.vocab.finditer(line):
        if spans and any(a <= m.start() < b for a, b in spans):
            continue
        label, kind = m.lastgroup.split("__")  # type: ignore[union-attr]
        (strong if kind == "strong" else weak)[label] += 1
    for label in strong.keys() | weak.keys():
        unit.scores[label] = 2 * strong[label] + min(weak[label], 1)
    unit.strong = sum(strong.values())
    outside_words = _WORD.findall(_unquoted(line, spans).lower()) if spans else unit.words
    unit.you = sum(w in lex.second_person for w in outside_words)
    unit.we = sum(w in lex.outlet_voice for w in outside_words)
    unit.money = _MONEY.search(line) is not None
    first = unit.words[0] if unit.words else ""
    imperative = first in lex.ui_verbs and unit.n <= SHORT_LINE
    for label in ("appeal", "newsletter", "cookie"):
        if label in unit.scores and (unit.you or imperative):
            unit.scores[label] += 1
    # Someone in the article is speaking: not the page addressing the reader, unless the
    # line also speaks to the reader in furniture words ("support us ... says our editor").
    if unit.speech and not (unit.you and unit.strong >= 2):
        unit.scores = {k: v - 2 for k, v in unit.scores.items() if v - 2 > 0}
        if unit.quoted:
            unit.scores, unit.strong = {}, 0
    unit.title_like = (2 <= unit.n <= SHORT_LINE and not _TERMINAL.search(line)
                       and line.lstrip(_EDGE_PUNCT)[:1].isupper())


def _match_line(unit: Unit, lex: Lexicon) -> None:
    stripped = unit.text.strip(_EDGE_PUNCT)
    if unit.n <= LINE_WORDS and stripped and not stripped.endswith("."):
        for label, pat in lex.lines.items():
            if pat.match(stripped):
                unit.line_label = label
                return


def _unquoted(line: str, spans: list[tuple[int, int]]) -> str:
    """``line`` with its quoted parts blanked out."""
    if not spans:
        return line
    out, pos = [], 0
    for a, b in sorted(spans):
        if a > pos:
            out.append(line[pos:a])
        pos = max(pos, b)
    out.append(line[pos:])
    return " ".join(out)


def seed_threshold(u: Unit) -> int:
    """Longer lines need denser furniture vocabulary: an article paragraph may use a word or
    two of it, an appeal paragraph is made of it."""
    return SEED_SCORE + max(0, u.n - SHORT_LINE) // DENSITY_WORDS


def is_seed(u: Unit) -> bool:
    if u.line_label:
        return True
    return u.strong > 0 and u.best[1] >= seed_threshold(u)


def is_fragment(u: Unit) -> bool:
    """A button or option of a box: one to three words, not a sentence, not quoted."""
    return u.n <= FRAGMENT_WORDS and not u.quoted and not u.text.rstrip().endswith(".")


def is_strong_compat(u: Unit, topical: float) -> bool:
    """Furniture-like without being furniture on its own: reader-facing furniture vocabulary
    off the article's topic, a price, a fragment."""
    if is_seed(u) or is_fragment(u):
        return True
    if u.speech or u.quoted:
        return False
    if u.money and u.n <= SHORT_LINE:
        return True
    return bool(u.scores) and bool(u.you or u.we) and topical <= TOPIC_OVERLAP_MAX


def is_prose(u: Unit, topical: float) -> bool:
    """An article sentence: long, and not furniture-like."""
    return u.n > SHORT_LINE and not is_strong_compat(u, topical)


def detect(text: str) -> tuple[Boilerplate, ...]:
    """Furniture ranges in ``text``, in order, labelled appeal, newsletter, cookie, ui,
    related, bio, credits."""
    us = units(text)
    if not us:
        return ()
    lex = lexicon()
    large = len(text) > LARGE_TEXT
    full = [not large or k < EDGE_UNITS or k >= len(us) - EDGE_UNITS
            or u.text.count(" ") < LINE_WORDS for k, u in enumerate(us)]
    for u, f in zip(us, full):
        analyse(u, lex, full=f)
    topical = _topic_overlap(us, full)
    labels: list[str | None] = [None] * len(us)
    prose = [k for k, u in enumerate(us) if is_prose(u, topical[k])]
    first = prose[0] if prose else len(us)
    last = prose[-1] if prose else -1
    _mark_tail(us, topical, labels, max(last + 1, 0))
    _mark_head(us, labels, min(first, len(us)))
    _mark_middle(us, labels)
    _mark_appeal_blocks(us, topical, labels, lex)
    _mark_notes(text, us, labels, lex)
    return _ranges(us, labels)


def _topic_overlap(us: list[Unit], full: list[bool]) -> list[float]:
    """For each fully analysed unit, the share of its content words found elsewhere in the
    text's prose (the fully analysed prose, in a very large text)."""
    def content(u: Unit) -> set[str]:
        return {w for w in u.words if len(w) >= MIN_CONTENT_WORD and not w.isdigit()}

    counts: Counter[str] = Counter()
    long_ = [u.n > SHORT_LINE and f for u, f in zip(us, full)]
    for u, is_long in zip(us, long_):
        if is_long:
            counts.update(content(u))
    out = []
    for u, is_long, f in zip(us, long_, full):
        words = content(u) if f else None
        if not words:
            out.append(0.0)
            continue
        shared = sum(1 for w in words if counts[w] - (1 if is_long else 0) > 0)
        out.append(shared / len(words))
    return out


def _own_label(u: Unit) -> str | None:
    if not is_seed(u):
        return None
    return u.best[0]


def _mark_tail(us: list[Unit], topical: list[float], labels: list[str | None],
               begin: int) -> None:
    """Units after the last article sentence: from the first furniture line to the end, as
    far as the lines stay furniture-like."""
    seeds = [k for k in range(begin, len(us)) if is_seed(us[k])]
    if not seeds:
        _mark_bare_headlines(us, topical, labels, begin)
        return
    start = seeds[0]
    # reach back over the reader-facing opening of a box ("Before you go...")
    while start > begin and is_strong_compat(us[start - 1], topical[start - 1]):
        start -= 1
    end = seeds[-1] + 1
    # after the last furniture line: its buttons, and the headlines under a related heading
    last_label = _own_label(us[seeds[-1]])
    while end < len(us) and (is_fragment(us[end]) or is_strong_compat(us[end], topical[end])
                             or (last_label == "related" and us[end].title_like)):
        end += 1
    _fill(us, labels, start, end)


def _mark_bare_headlines(us: list[Unit], topical: list[float], labels: list[str | None],
                         begin: int) -> None:
    """A list of headlines closing the text with no heading: short title-like lines off the
    article's topic (a closing list of the article's own points shares its words)."""
    k = len(us)
    while k > begin and us[k - 1].title_like and us[k - 1].n >= 4 and not us[k - 1].speech:
        k -= 1
    if len(us) - k >= RELATED_RUN and sum(topical[k:]) / (len(us) - k) <= BARE_LIST_OVERLAP:
        for j in range(k, len(us)):
            labels[j] = "related"


def _mark_head(us: list[Unit], labels: list[str | None], end: int) -> None:
    """Units before the first article sentence: furniture lines, joined into one block across
    the navigation items between them; the title and standfirst stay article."""
    gap = None  # first unit after the last furniture line, while only navigation follows it
    for k in range(end):
        if labels[k] is not None:
            continue
        if is_seed(us[k]):
            _fill(us, labels, k if gap is None else gap, k + 1)
            gap = k + 1
        elif gap is not None and not _nav_like(us[k]):
            gap = None
    # buttons right after the last block
    k = max((i for i in range(end) if labels[i] is not None), default=-1) + 1
    while 0 < k < end and labels[k] is None and is_fragment(us[k]):
        labels[k] = labels[k - 1]
        k += 1


def _nav_like(u: Unit) -> bool:
    """A navigation item: a few words, not a sentence."""
    return u.n <= NAV_WORDS and not _TERMINAL.search(u.text) and not u.quoted


def _mark_middle(us: list[Unit], labels: list[str | None]) -> None:
    """Inside the article only self-contained furniture lines are cut, with the headlines
    listed under a "Read more" heading and the buttons right after a box."""
    for k, u in enumerate(us):
        if labels[k] is not None or not is_seed(u) or u.speech or u.quoted:
            continue
        if u.n > LONG_LINE and u.best[1] < MIDDLE_SEED_SCORE:
            continue
        labels[k] = _own_label(u)
        m = k + 1
        while m < len(us) and labels[m] is None and not us[m].speech and (
                (labels[k] == "related" and us[m].title_like) or is_fragment(us[m])):
            labels[m] = labels[k]
            m += 1


def _mark_appeal_blocks(us: list[Unit], topical: list[float], labels: list[str | None],
                        lex: Lexicon) -> None:
    """A reader appeal closing the article: from its header to the donation ask, every line
    is the appeal, the outlet's paragraphs about its work and the pressure on it included,
    even one quoting what an authority said of the outlet. Only where the ask is not followed
    by more article, and most lines between are in the outlet's own voice."""
    k = 0
    while k < len(us):
        u = us[k]
        stripped = u.text.strip(_EDGE_PUNCT + ",")
        if u.n > LINE_WORDS or u.quoted or not lex.appeal_header.match(stripped):
            k += 1
            continue
        window = range(k + 1, min(len(us), k + 1 + APPEAL_BLOCK_UNITS))
        asks = [j for j in window if _own_label(us[j]) == "appeal" and not us[j].quoted]
        if not asks or any(labels[m] is None and is_prose(us[m], topical[m])
                           for m in range(asks[-1] + 1, len(us))):
            k += 1
            continue
        ask = asks[-1]
        inner = [m for m in range(k + 1, ask)
                 if labels[m] is None and not is_strong_compat(us[m], topical[m])]
        if sum(1 for m in inner if us[m].we) * 2 < len(inner):
            k += 1
            continue
        for m in range(k, ask + 1):
            labels[m] = "appeal"
        k = ask + 1


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


def _mark_notes(text: str, us: list[Unit], labels: list[str | None], lex: Lexicon) -> None:
    """An editor's note: the paragraph it opens (its lines up to the next blank line)."""
    for k, u in enumerate(us):
        if not lex.note_opener.match(u.text.lstrip(_EDGE_PUNCT)):
            continue
        end = k + 1
        while end < len(us) and text.count("\n", us[end - 1].end, us[end].start) < 2:
            end += 1
        labels[k:end] = ["credits"] * (end - k)


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
