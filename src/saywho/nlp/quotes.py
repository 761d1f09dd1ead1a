"""Quotation spans found in raw text, before any parsing.

Works paragraph by paragraph with a stack of expected closing marks, so that quotes nest
(“… ‘…’ …”, "… “…” …"). A quote left open at a paragraph's end continues when the next
paragraph opens with a quote mark (news convention); otherwise the doubtful quote is dropped
and the rest of the article is unaffected. Single quotes only count nested inside double
ones: at the top level they are far more often apostrophes or headline style. Text in the
typewriter convention of some news archives, ``like this'', has its marks read as "like this".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> the closing marks that may end it
PAIRS: dict[str, tuple[str, ...]] = {
    "“": ("”", "“", '"'),  # some outlets close with a second “; typing slips mix the kinds
    "„": ("“", "”"),
    "«": ("»",),
    "»": ("«",),  # Danish/Swedish style »…«
    "‹": ("›",),
    '"': ('"', "”"),
    "‘": ("’",),
    "'": ("'",),
}
DOUBLE_OPENERS = frozenset('“„«"')
GUILLEMETS = frozenset("«»‹›")
CLOSERS = frozenset("”“»«›\"’'")
MARKS = frozenset("“”„«»‹›\"‘’'")
OPEN_CONTEXT = " \t\n([{—―–-/:;,"  # characters that may precede an opening mark


@dataclass(frozen=True)
class Quote:
    """A top-level quotation: ``start``/``end`` include the marks; ``parts`` are the inner
    ranges (one per paragraph for a quote that runs over several paragraphs)."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]

    @property
    def inner(self) -> tuple[int, int]:
        return self.parts[0][0], self.parts[-1][1]


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():  # don’t, Trump’s
        return True
    if after.isdigit() and not before.isalnum():  # ’90s
        return True
    return before in "sS" and not after.isalnum() and text[i] in "’'"  # the players’ union


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in OPEN_CONTEXT or before in MARKS) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (not after.isalnum())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _scan(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Top-level quotes in one paragraph as (open index, close index) pairs, and the index of
    a quote still open at the paragraph's end."""
    found: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # (position, opening mark)
    first = end - len(text[start:end].lstrip())  # the paragraph's first non-space character
    for i in range(start, end):
        ch = text[i]
        if ch not in MARKS:
            continue
        if ch == "”" and i == first and _can_open(text, i):  # a paragraph opened with a closing mark
            stack.append((i, "“"))
            continue
        if ch in "’'" and _is_apostrophe(text, i):
            continue
        top = stack[-1][1] if stack else None
        spaced = ch in GUILLEMETS  # French style puts spaces inside « »: never ambiguous
        if top is not None and ch in PAIRS[top] and (spaced or _can_close(text, i) or ch != top):
            pos, _ = stack.pop()
            if not stack:
                found.append((pos, i))
            continue
        if ch in PAIRS and (spaced or _can_open(text, i)) and (stack or ch in DOUBLE_OPENERS):
            stack.append((i, ch))
            continue
        if top is not None and ch in CLOSERS and any(ch in PAIRS[m] for _, m in stack):
            # A closer for an outer quote: the inner ones were never closed; drop them.
            while stack and ch not in PAIRS[stack[-1][1]]:
                stack.pop()
            pos, _ = stack.pop()
            if not stack:
                found.append((pos, i))
    return found, (stack[0][0] if stack else None)


DOUBLED = re.compile(r"(?<!')''(?!')")
TYPEWRITER = re.compile(rf"``|{DOUBLED.pattern}")


def doubled_spans(text: str) -> list[tuple[int, int]]:
    """Ranges between doubled apostrophes used as both quote marks (''like this''), paired
    within each paragraph, one left open running to the paragraph's end. They are not read as
    quotes (docs/attribution.md says why), but a cue between them is inside a quotation. Text
    in the typewriter convention has them read as quotes instead."""
    if "''" not in text or "``" in text:
        return []
    spans: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        marks = [m.start() for m in DOUBLED.finditer(text, start, end)]
        spans += [(marks[k], marks[k + 1] if k + 1 < len(marks) else end) for k in range(0, len(marks), 2)]
    return spans


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotations in ``text``, in order."""
    if "``" not in text:
        return _find_quotes(text)
    # Each two-character mark becomes a straight quote on the side of the quoted words and a
    # space, so that offsets stay those of ``text``; the quotes then take both characters.
    found = _find_quotes(TYPEWRITER.sub(lambda m: ' "' if m.group() == "``" else '" ', text))
    return [Quote(q.start - (text[q.start - 1:q.start + 1] == "``"),
                  q.end + (text[q.end - 1:q.end + 1] == "''"), q.parts) for q in found]


# A transcript turn: a paragraph opened by a quote mark and a speaker label in capitals
# ("WALLACE: …", "SEN. GRAHAM: …"). Each turn is a quote of its own, closed or not.
TURN = re.compile(r"(?P<label>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


def _find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    open_parts: list[tuple[int, int]] = []  # parts of a quote carried across paragraphs
    open_start, open_turn = -1, False

    def settle() -> None:
        """The carried quote ends unclosed: a transcript turn stands, anything else is dropped."""
        if open_parts and open_turn:
            quotes.append(Quote(open_start, open_parts[-1][1], tuple(open_parts)))
        open_parts.clear()

    paragraphs = _paragraphs(text)
    for n, (p_start, p_end) in enumerate(paragraphs):
        stripped = len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        first = p_start + stripped
        opens = first < p_end and text[first] in DOUBLE_OPENERS
        turn = opens and TURN.match(text, first + 1) is not None
        if not opens or turn:
            settle()  # the carried quote was never reopened, or the next speaker takes over
        found, left_open = _scan(text, p_start, p_end)
        for k, (o, c) in enumerate(found):
            if open_parts and k == 0 and o == first:
                quotes.append(Quote(open_start, c + 1, (*open_parts, (o + 1, c))))
                open_parts.clear()
            else:
                quotes.append(Quote(o, c + 1, ((o + 1, c),)))
        if left_open is None:
            settle()
            continue
        tail_end = len(text[p_start:p_end].rstrip()) + p_start
        if open_parts and left_open == first:
            open_parts.append((left_open + 1, tail_end))
        else:
            settle()
            open_parts.append((left_open + 1, tail_end))
            open_start, open_turn = left_open, turn and left_open == first
        if n + 1 == len(paragraphs):
            settle()
    return sorted((q for q in quotes if q.inner[1] > q.inner[0]), key=lambda q: q.start)
