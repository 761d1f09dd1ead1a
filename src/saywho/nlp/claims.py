"""Claims: the statements of one parsed chunk, before anyone is named.

Quotes (from the text) and reporting frames (from the parse) are matched: a frame whose
content holds quotes makes a direct or mixed claim, one without quotes an indirect claim; a
content-less frame takes the quote right before or after it; a split quote (`"…," X said.
"…"`) is one claim; quotes no frame reports are kept when they read as speech (an em-dash
byline, or long enough), and `Name: words` lines are claims of their own. A claim nested
inside another's content gives way to the outer one. The matching keeps its bookkeeping (which
quotes are taken) inside ``find_claims``; the claims it returns are immutable.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from .cues import Frame, find_frames, sentence_bounds
from .lexicon import Lexicon
from .quotes import TURN, Quote

# Outside-quote words a frame's content may hold and still count as a plain direct quote.
DIRECT_SLACK_WORDS = 0
# A quote with no frame counts as speech only from this many words (shorter: scare quotes,
# titles, nicknames). On the first 300 PolNeAR train articles, 4/6/8/10 words give quoted
# F1 0.827/0.835/0.837/0.838; 6 keeps more of the recall.
MIN_UNATTRIBUTED_WORDS = 6
MIN_COMPLEMENT_TOKENS = 4  # a stray complement read as content: "said X could Y"
CONTINUATION_PARAGRAPHS = 2  # how far back a quote-only paragraph looks for its speaker
COLON_LINE = re.compile(r"^(?P<src>[A-Z][\w.’'\- ]{0,40}?):[ \t]+(?P<content>[^\n]*[^\s])[ \t]*$", re.M)
# Line labels that are not speakers ("Update: …", "Photo: …").
NOT_COLON_SOURCES = frozenset({"update", "updated", "note", "editor's", "editor’s", "watch", "related",
                               "photo", "video", "read", "see", "source", "sources", "credit",
                               "warning", "correction", "breaking", "live", "listen", "q", "a"})
# A roster, not a statement: "Iowa: Ann Lee, Bob Ray, Cal Dunn, …" (names and commas only).
_NAME = r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}"
ROSTER = re.compile(rf"(?:{_NAME}, ){{3,}}(?:and )?{_NAME}\.?")
DASH_SPEAKER = re.compile(r"\s*[—―–-]{1,2}\s*")
GAP_OK = re.compile(r"[\s,.:;—―–-]*(that\s+)?")
# `"…," X told Reuters in an interview. "…"`: the second quote still belongs to X.
MAX_SPLIT_GAP_WORDS = 10
# ... and up to this many when they are the rest of the frame's sentence (an apposition).
MAX_SENTENCE_GAP_WORDS = 40
COLON_GAP = re.compile(r"[^\S\n]*:\s*")
SPLIT_GAP_END = re.compile(r"[.,:;—―–]\s*$")


@dataclass
class _Draft:
    """A claim while quotes are being matched."""

    kind: str
    ranges: list[tuple[int, int]]  # character ranges of the content
    frame: Frame | None = None
    quotes: list[int] = field(default_factory=list)
    byline: int | None = None  # where the name of `"…" — Name` starts


@dataclass(frozen=True)
class Claim:
    """A statement found in a chunk, in chunk character offsets."""

    kind: str  # direct | mixed | indirect
    ranges: tuple[tuple[int, int], ...]  # the content (its quoted parts, for a split quote)
    frame: Frame | None = None
    byline: int | None = None  # where the name of `"…" — Name` starts

    @property
    def start(self) -> int:
        return self.ranges[0][0]

    @property
    def end(self) -> int:
        return self.ranges[-1][1]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class Quotes:
    """Quote lookup by character position."""

    def __init__(self, quotes: list[Quote]):
        self.items = quotes
        self.starts = [q.start for q in quotes]

    def at(self, char: int) -> int | None:
        k = bisect.bisect_right(self.starts, char) - 1
        return k if k >= 0 and char < self.items[k].end else None

    def overlapping(self, start: int, end: int) -> list[int]:
        k = max(bisect.bisect_right(self.starts, start) - 1, 0)
        found = []
        while k < len(self.items) and self.items[k].start < end:
            if self.items[k].end > start:
                found.append(k)
            k += 1
        return found


def _char_range(doc: Doc, tokens: tuple[int, int]) -> tuple[int, int]:
    span = doc[tokens[0]:tokens[1]]
    return span.start_char, span.end_char


def _claims_from_frames(doc: Doc, text: str, frames: list[Frame], quotes: Quotes,
                        taken: set[int]) -> tuple[list[_Draft], list[Frame]]:
    """Claims of the frames with a content, and the frames as read (a complement holding a
    free quotation becomes the content: "mocked Rubio for \"a tough night\"")."""
    claims: list[_Draft] = []
    read: list[Frame] = []
    for frame in frames:
        if frame.content is None and frame.complement is not None:
            start, end = _char_range(doc, frame.complement)
            if any(k not in taken for k in quotes.overlapping(start, end)):
                frame = replace(frame, content=frame.complement)
        read.append(frame)
        if frame.content is None:
            continue
        start, end = _char_range(doc, frame.content)
        hit = [k for k in quotes.overlapping(start, end) if k not in taken]
        if not hit:
            k = _quote_after_colon(text, end, quotes, taken)
            if k is not None:  # said that, given the candidates on both sides: "…"
                claims.append(_Draft("direct", list(quotes.items[k].parts), frame, quotes=[k]))
                taken.add(k)
            else:
                claims.append(_Draft("indirect", _parts(doc, start, end, frame.gap), frame))
            continue
        outside = text[start:end]
        for k in reversed(hit):
            q = quotes.items[k]
            a, b = max(q.start, start) - start, min(q.end, end) - start
            outside = outside[:a] + " " + outside[b:]
        if _words(outside) <= DIRECT_SLACK_WORDS:
            ranges = [p for k in hit for p in quotes.items[k].parts]
            claims.append(_Draft("direct", ranges, frame, quotes=hit))
        else:
            a = min(start, *(quotes.items[k].start for k in hit))
            b = max(end, *(quotes.items[k].end for k in hit))
            claims.append(_Draft("mixed", [(a, b)], frame, quotes=hit))
        taken.update(hit)
    return claims, read


def _parts(doc: Doc, start: int, end: int, gap: tuple[int, int] | None) -> list[tuple[int, int]]:
    """A content's character ranges: one, or two around the frame that interrupts it."""
    if gap is None:
        return [(start, end)]
    before, after = doc[gap[0] - 1], doc[gap[1]]
    return [(start, before.idx + len(before.text)), (after.idx, end)]


def _quote_after_colon(text: str, end: int, quotes: Quotes, taken: set[int]) -> int | None:
    """A free quotation that follows ``end`` after nothing but a colon."""
    k = bisect.bisect_left(quotes.starts, end)
    if k < len(quotes.items) and k not in taken and COLON_GAP.fullmatch(text[end:quotes.items[k].start]):
        return k
    return None


def _adjacent_quote(doc: Doc, text: str, frame: Frame, quotes: Quotes, taken: set[int]) -> int | None:
    """The quote a content-less frame reports: right before it ("…," said X) or right after
    it (X said: "…"), with only punctuation between them."""
    a, b = _char_range(doc, frame.token_span())
    k = bisect.bisect_right(quotes.starts, a) - 1
    if k >= 0 and k not in taken and quotes.items[k].end <= a:
        gap = text[quotes.items[k].end:a]
        if "\n" not in gap and GAP_OK.fullmatch(gap.replace("\u00a0", " ")):
            return k
    k += 1
    while k < len(quotes.items) and quotes.items[k].start < b:
        k += 1
    if k < len(quotes.items) and k not in taken:
        gap = text[b:quotes.items[k].start]
        if gap.rstrip().endswith(":") and _words(gap) <= MAX_SPLIT_GAP_WORDS and gap.count("\n\n") <= 1:
            return k  # Caddell continued: / X told Breitbart News on Monday: "…"
        if "\n" not in gap and _words(gap) <= 3 and ("," in gap or not gap.strip()):
            return k
    return None


def _absorb_neighbours(text: str, claim: _Draft, quotes: Quotes, taken: set[int],
                       frame: tuple[int, int], sentence_end: int) -> None:
    """A split quote (`"…," X said. "…"` or `"…," X said, "…"`) is one attribution: take the
    free quotes right before and right after the frame, in the same paragraph; after the
    frame's sentence, however long its apposition (`"…," said Lee, a lawyer who has …. "…"`)."""
    first, last = min(claim.quotes), max(claim.quotes)
    k = first - 1
    if k >= 0 and k not in taken and quotes.items[k].end <= frame[0]:
        gap = text[quotes.items[k].end:frame[0]]
        if "\n" not in gap and GAP_OK.fullmatch(gap):
            claim.quotes.insert(0, k)
            taken.add(k)
    k = last + 1
    if k < len(quotes.items) and k not in taken and quotes.items[k].start >= frame[1]:
        gap = text[frame[1]:quotes.items[k].start]
        words = _words(gap)
        if "\n" not in gap and SPLIT_GAP_END.search(gap) and '"' not in gap and (
                words <= MAX_SPLIT_GAP_WORDS
                or words <= MAX_SENTENCE_GAP_WORDS and not text[sentence_end:quotes.items[k].start].strip()):
            claim.quotes.append(k)
            taken.add(k)
    claim.ranges = [p for k in claim.quotes for p in quotes.items[k].parts]


def _unattributed(doc: Doc, quotes: Quotes, taken: set[int]) -> list[_Draft]:
    """Quotes no frame reports: a transcript turn (`"WALLACE: …`), an em-dash byline
    (`"…" — X`), or speech-like quotes whose speaker is resolved from the passage later;
    short ones are scare quotes or titles."""
    text = doc.text
    claims = []
    for k, q in enumerate(quotes.items):
        if k in taken:
            continue
        turn = TURN.match(text, q.inner[0])
        if turn and _speaker_label(turn.group("label").split()) \
                and (frame := _label_frame(doc, q.inner[0], turn.end("label"))):
            parts = [(turn.end(), q.parts[0][1]), *q.parts[1:]]
            claims.append(_Draft("direct", parts, frame, quotes=[k]))
            continue
        inner = text[q.inner[0]:q.inner[1]]
        dash = DASH_SPEAKER.match(text, q.end)
        if dash and dash.end() < len(text) and text[dash.end()].isupper() and dash.group().strip():
            claims.append(_Draft("direct", list(q.parts), None, quotes=[k], byline=dash.end()))
            continue
        if _words(inner) >= MIN_UNATTRIBUTED_WORDS:
            claims.append(_Draft("direct", list(q.parts), None, quotes=[k]))
    return claims


def _outermost(claims: list[_Draft]) -> list[_Draft]:
    """Drop a claim nested inside another's content ("said the plan, which critics called
    a fairy tale, was sound"): the outer statement carries it."""
    spans = sorted({(c.ranges[0][0], c.ranges[-1][1]) for c in claims}, key=lambda s: (s[0], -s[1]))
    nested, reach = set(), -1  # reach: furthest end of the distinct spans starting earlier
    for a, b in spans:
        if b <= reach:
            nested.add((a, b))
        reach = max(reach, b)
    outer = [c for c in claims if (c.ranges[0][0], c.ranges[-1][1]) not in nested]
    # One claim per content: where two frames report the same words ("condemned what he
    # called a breach"), the one whose cue stands outside them.
    first: dict[tuple[tuple[int, int], ...], _Draft] = {}
    for c in outer:
        key = tuple(c.ranges)
        if key not in first or (_cue_inside(first[key]) and not _cue_inside(c)):
            first[key] = c
    return [c for c in outer if first[tuple(c.ranges)] is c]


def _cue_inside(claim: _Draft) -> bool:
    return claim.frame is not None and any(a <= claim.frame.cue[0].idx < b for a, b in claim.ranges)


def _colon_lines(doc: Doc, text: str, claims: list[_Draft]) -> list[_Draft]:
    """Headline and transcript style, `Graham: Trump's rhetoric is destroying the party`:
    a short capitalised name, a colon, and what they said, on a line of its own."""
    found = []
    for m in COLON_LINE.finditer(text):
        words = m.group("src").split()
        if len(words) > 4 or not _speaker_label(words) or not all(
                w[0].isupper() or w in ("of", "de", "van", "von", "al") for w in words):
            continue
        start, end = m.start("content"), m.end("content")
        if ROSTER.fullmatch(m.group("content")):
            continue
        if any(a < end and start < b for c in claims for a, b in c.ranges):
            continue
        frame = _label_frame(doc, m.start("src"), m.end("src"))
        if frame is None:
            continue
        kind = "direct" if text[start] in '"“«„' and text[end - 1] in '"”»“' else "indirect"
        found.append(_Draft(kind, [(start, end)], frame))
    return found



def _speaker_label(words: list[str]) -> bool:
    """Whether a line label can be a speaker: not "Update", "Editor's note", "Photo", …"""
    return words[0].lower() not in NOT_COLON_SOURCES


def _label_frame(doc: Doc, start: int, colon: int) -> Frame | None:
    """The frame of a speaker label: the name from ``start`` to the colon at ``colon``."""
    span = doc.char_span(start, colon, alignment_mode="contract")
    cue = doc.char_span(colon, colon + 1)
    if span is None or cue is None or not any(t.pos_ in ("PROPN", "NOUN") for t in span):
        return None
    return Frame(list(cue), ":", span.root, None)


COLON_SPEECH = re.compile(r"[^\S\n]*:[^\S\n]*(?P<content>[^\s\"“”«»„][^\n]*[^\s])")


def _after_colon(text: str, end: int) -> tuple[int, int] | None:
    """`Trump added: It's typical of her. She knows nothing.`: what follows a cue's colon to
    the end of the paragraph, without quote marks."""
    m = COLON_SPEECH.match(text, end)
    if m is None or _words(m.group("content")) < MIN_COMPLEMENT_TOKENS:
        return None
    return m.start("content"), m.end("content")


def _clausal(doc: Doc, tokens: tuple[int, int] | None) -> bool:
    """A complement that reads as a statement the parse did not attach as one (`He said
    legalizing it could put thousands to work`, with "legalizing" taken for an xcomp)."""
    if tokens is None or tokens[1] - tokens[0] < MIN_COMPLEMENT_TOKENS:
        return False
    span = doc[tokens[0]:tokens[1]]
    if span[0].pos_ == "ADP" or any(t.dep_ in ("nsubjpass", "auxpass") for t in span[0].head.children):
        return False  # "was challenged by a group, which called for …": the agent, not content
    return any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in span)


def find_claims(doc: Doc, quotes: Quotes, lex: Lexicon, *, beliefs: bool = True) -> tuple[Claim, ...]:
    """Every claim of a parsed chunk, in text order; ``quotes`` are the chunk's quotes."""
    text = doc.text
    frames = find_frames(doc, lex, in_quote=lambda c: quotes.at(c) is not None, beliefs=beliefs)
    taken: set[int] = set()
    drafts, frames = _claims_from_frames(doc, text, frames, quotes, taken)
    for frame in frames:
        if frame.content is None and not frame.belief:
            k = _adjacent_quote(doc, text, frame, quotes, taken)
            if k is not None:
                drafts.append(_Draft("direct", list(quotes.items[k].parts), frame, quotes=[k]))
                taken.add(k)
            elif _clausal(doc, frame.complement):
                drafts.append(_Draft("indirect", [_char_range(doc, frame.complement)], frame))
            elif (after := _after_colon(text, _char_range(doc, frame.token_span())[1])) is not None:
                drafts.append(_Draft("indirect", [after], frame))
    for draft in drafts:
        if draft.kind == "direct" and draft.frame is not None and draft.quotes:
            span = draft.frame.token_span()
            last = doc[sentence_bounds(doc[span[1] - 1])[1] - 1]
            _absorb_neighbours(text, draft, quotes, taken, _char_range(doc, span), last.idx + len(last.text))
    drafts.extend(_unattributed(doc, quotes, taken))
    drafts.extend(_colon_lines(doc, text, drafts))
    drafts = _outermost(drafts)
    drafts.sort(key=lambda c: c.ranges[0][0])
    return tuple(Claim(d.kind, tuple(sorted(d.ranges)), d.frame, d.byline) for d in drafts)
