"""From a parsed article to its attributions: frames from the parse, quotes from the text,
matched together, then speakers resolved and details added."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..records import Article, Attribution, Content, Cue, Span, Speaker
from . import details
from .cues import Frame, find_frames, sentence_bounds
from .lexicon import Lexicon, lexicon
from .quotes import Quote, find_quotes
from .resolve import Resolver
from .speakers import describe

# Outside-quote words a frame's content may hold and still count as a plain direct quote.
DIRECT_SLACK_WORDS = 0
# A quote with no frame counts as speech only from this many words (shorter: scare quotes,
# titles, nicknames). On the first 300 PolNeAR train articles, 4/6/8/10 words give quoted
# F1 0.827/0.835/0.837/0.838; 6 keeps more of the recall.
MIN_UNATTRIBUTED_WORDS = 6
CONTINUATION_PARAGRAPHS = 2  # how far back a quote-only paragraph looks for its speaker
COLON_LINE = re.compile(r"^(?P<src>[A-Z][\w.’'\- ]{0,40}?):[ \t]+(?P<content>[^\n]*[^\s])[ \t]*$", re.M)
# Line labels that are not speakers ("Update: …", "Photo: …").
NOT_COLON_SOURCES = frozenset({"update", "updated", "note", "editor's", "editor’s", "watch", "related",
                               "photo", "video", "read", "see", "source", "sources", "credit",
                               "warning", "correction", "breaking", "live", "listen", "q", "a"})
DASH_SPEAKER = re.compile(r"\s*[—―–-]{1,2}\s*")
GAP_OK = re.compile(r"[\s,.:;—―–-]*(that\s+)?")
# `"…," X told Reuters in an interview. "…"`: the second quote still belongs to X.
MAX_SPLIT_GAP_WORDS = 10
COLON_GAP = re.compile(r"[^\S\n]*:\s*")
SPLIT_GAP_END = re.compile(r"[.,:;—―–]\s*$")


@dataclass
class Claim:
    """An attribution under construction."""

    kind: str
    ranges: list[tuple[int, int]]  # character ranges of the content
    frame: Frame | None = None
    quotes: list[int] = field(default_factory=list)
    byline: int | None = None  # where the name of `"…" — Name` starts


def prepare_text(article: Article) -> str:
    """The text to parse: boilerplate blanked out (same length, so offsets still hold)."""
    text = article.text
    if not article.boilerplate:
        return text
    chars = list(text)
    for b in article.boilerplate:
        for i in range(b.start, min(b.end, len(chars))):
            if chars[i] not in "\n\r":
                chars[i] = " "
    return "".join(chars)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class _Quotes:
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


class _Paragraphs:
    """Paragraph number of a character position (paragraphs end at blank lines)."""

    def __init__(self, text: str):
        self.breaks = [m.start() for m in re.finditer(r"\n\n", text)]

    def of(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char - 1)


def _claims_from_frames(doc: Doc, text: str, frames: list[Frame], quotes: _Quotes,
                        taken: set[int]) -> list[Claim]:
    claims: list[Claim] = []
    for frame in frames:
        if frame.content is None and frame.complement is not None:
            start, end = _char_range(doc, frame.complement)
            if any(k not in taken for k in quotes.overlapping(start, end)):
                frame.content = frame.complement
        if frame.content is None:
            continue
        start, end = _char_range(doc, frame.content)
        hit = [k for k in quotes.overlapping(start, end) if k not in taken]
        if not hit:
            k = _quote_after_colon(text, end, quotes, taken)
            if k is not None:  # said that, given the candidates on both sides: "…"
                claims.append(Claim("direct", list(quotes.items[k].parts), frame, quotes=[k]))
                taken.add(k)
            else:
                claims.append(Claim("indirect", [(start, end)], frame))
            continue
        outside = text[start:end]
        for k in reversed(hit):
            q = quotes.items[k]
            a, b = max(q.start, start) - start, min(q.end, end) - start
            outside = outside[:a] + " " + outside[b:]
        if _words(outside) <= DIRECT_SLACK_WORDS:
            ranges = [p for k in hit for p in quotes.items[k].parts]
            claims.append(Claim("direct", ranges, frame, quotes=hit))
        else:
            a = min(start, *(quotes.items[k].start for k in hit))
            b = max(end, *(quotes.items[k].end for k in hit))
            claims.append(Claim("mixed", [(a, b)], frame, quotes=hit))
        taken.update(hit)
    return claims


def _quote_after_colon(text: str, end: int, quotes: _Quotes, taken: set[int]) -> int | None:
    """A free quotation that follows ``end`` after nothing but a colon."""
    k = bisect.bisect_left(quotes.starts, end)
    if k < len(quotes.items) and k not in taken and COLON_GAP.fullmatch(text[end:quotes.items[k].start]):
        return k
    return None


def _adjacent_quote(doc: Doc, text: str, frame: Frame, quotes: _Quotes, taken: set[int]) -> int | None:
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


def _absorb_neighbours(text: str, claim: Claim, quotes: _Quotes, taken: set[int],
                       frame: tuple[int, int]) -> None:
    """A split quote (`"…," X said. "…"` or `"…," X said, "…"`) is one attribution: take the
    free quotes right before and right after the frame, in the same paragraph."""
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
        if "\n" not in gap and _words(gap) <= MAX_SPLIT_GAP_WORDS and SPLIT_GAP_END.search(gap) \
                and '"' not in gap:
            claim.quotes.append(k)
            taken.add(k)
    claim.ranges = [p for k in claim.quotes for p in quotes.items[k].parts]


def attribute_doc(doc: Doc, article: Article, *, beliefs: bool = True, offset: int = 0) -> tuple[Attribution, ...]:
    """All attributions in a parsed article. ``doc.text`` is ``prepare_text(article)`` (or a
    slice of it starting at ``offset``)."""
    lex = lexicon()
    text = doc.text
    quotes = _Quotes(find_quotes(text))
    frames = find_frames(doc, lex, in_quote=lambda c: quotes.at(c) is not None, beliefs=beliefs)
    taken: set[int] = set()
    claims = _claims_from_frames(doc, text, frames, quotes, taken)
    for frame in frames:
        if frame.content is None and not frame.belief:
            k = _adjacent_quote(doc, text, frame, quotes, taken)
            if k is not None:
                claims.append(Claim("direct", list(quotes.items[k].parts), frame, quotes=[k]))
                taken.add(k)
    for claim in claims:
        if claim.kind == "direct" and claim.frame is not None and claim.quotes:
            _absorb_neighbours(text, claim, quotes, taken, _char_range(doc, claim.frame.token_span()))
    claims.extend(_unattributed(text, quotes, taken))
    claims.extend(_colon_lines(doc, text, claims))
    claims = _outermost(claims)
    claims.sort(key=lambda c: c.ranges[0][0])
    return tuple(_finish(doc, article, claims, lex, offset))


def _unattributed(text: str, quotes: _Quotes, taken: set[int]) -> list[Claim]:
    """Quotes no frame reports: an em-dash byline (`"…" — X`), or speech-like quotes whose
    speaker is resolved from the passage later; short ones are scare quotes or titles."""
    claims = []
    for k, q in enumerate(quotes.items):
        if k in taken:
            continue
        inner = text[q.inner[0]:q.inner[1]]
        dash = DASH_SPEAKER.match(text, q.end)
        if dash and dash.end() < len(text) and text[dash.end()].isupper() and dash.group().strip():
            claims.append(Claim("direct", list(q.parts), None, quotes=[k], byline=dash.end()))
            continue
        if _words(inner) >= MIN_UNATTRIBUTED_WORDS:
            claims.append(Claim("direct", list(q.parts), None, quotes=[k]))
    return claims


def _outermost(claims: list[Claim]) -> list[Claim]:
    """Drop a claim nested inside another's content ("said the plan, which critics called
    a fairy tale, was sound"): the outer statement carries it."""
    spans = sorted({(c.ranges[0][0], c.ranges[-1][1]) for c in claims}, key=lambda s: (s[0], -s[1]))
    nested, reach = set(), -1  # reach: furthest end of the distinct spans starting earlier
    for a, b in spans:
        if b <= reach:
            nested.add((a, b))
        reach = max(reach, b)
    return [c for c in claims if (c.ranges[0][0], c.ranges[-1][1]) not in nested]


def _colon_lines(doc: Doc, text: str, claims: list[Claim]) -> list[Claim]:
    """Headline and transcript style, `Graham: Trump's rhetoric is destroying the party`:
    a short capitalised name, a colon, and what they said, on a line of its own."""
    found = []
    for m in COLON_LINE.finditer(text):
        words = m.group("src").split()
        if len(words) > 4 or words[0].lower() in NOT_COLON_SOURCES or not all(
                w[0].isupper() or w in ("of", "de", "van", "von", "al") for w in words):
            continue
        start, end = m.start("content"), m.end("content")
        if any(a < end and start < b for c in claims for a, b in c.ranges):
            continue
        span = doc.char_span(m.start("src"), m.end("src"), alignment_mode="contract")
        colon = doc.char_span(m.end("src"), m.end("src") + 1)
        if span is None or colon is None or not any(t.pos_ in ("PROPN", "NOUN") for t in span):
            continue
        frame = Frame(list(colon), ":", span.root, None)
        kind = "direct" if text[start] in '"“«„' and text[end - 1] in '"”»“' else "indirect"
        found.append(Claim(kind, [(start, end)], frame))
    return found


def _finish(doc: Doc, article: Article, claims: list[Claim], lex: Lexicon, offset: int) -> list[Attribution]:
    text = article.text
    parsed = doc.text  # Doc.text joins every token: compute it once
    resolver = Resolver(doc, lex)
    paragraphs = _Paragraphs(parsed)
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    people_ends = [e.end_char for e in people]
    out: list[Attribution] = []
    last: tuple[Attribution, int] | None = None  # previous quote attribution and its paragraph
    for claim in claims:
        frame = claim.frame
        speaker, cue_record, extras = None, None, {}
        if frame is not None:
            cue_tokens = frame.cue
            a, b = cue_tokens[0].idx, cue_tokens[-1].idx + len(cue_tokens[-1].text)
            cue_record = Cue(a + offset, b + offset, text[a + offset:b + offset], frame.lemma)
            if frame.source is not None:
                mention = describe(frame.source, lex)
                speaker = resolver.resolve(_shift(mention, offset), text)
            head, content_tokens = cue_tokens[0], frame.content
            extras = {
                "addressee": _shifted(details.addressee(head, frame.lemma, lex, parsed, content_tokens), offset, text),
                "medium": _shifted(details.medium(head, lex, parsed, content_tokens), offset, text),
                "time": details.time(head, parsed, article.published, content_tokens),
                "framing": details.framing(head, lex, content_tokens),
            }
        elif claim.byline is not None:
            speaker = _byline_speaker(doc, parsed, claim.byline, lex, resolver, offset, text)
        paragraph = paragraphs.of(claim.ranges[0][0])
        if speaker is None and frame is None and last is not None and paragraph - last[1] <= CONTINUATION_PARAGRAPHS \
                and last[0].speaker is not None and last[0].speaker.name:
            prev = last[0].speaker
            # The mention is where the passage named its speaker, as a reader would point to it.
            speaker = Speaker(prev.mention, prev.name, prev.type, prev.role, "continuation")
        if speaker is None and frame is None:
            speaker = _nearby_person(people, people_ends, paragraphs, claim.ranges[0][0], lex, resolver,
                                     offset, text)
        ranges = [(s + offset, e + offset) for s, e in claim.ranges]
        attribution = Attribution(
            kind=claim.kind,  # type: ignore[arg-type]
            content=_content(text, ranges),
            speaker=speaker,
            cue=cue_record,
            confidence=_confidence(claim, speaker),
            **extras,
        )
        out.append(attribution)
        if claim.kind != "indirect":
            last = (attribution, paragraph)
    return out


def _byline_speaker(doc: Doc, parsed: str, char: int, lex: Lexicon, resolver: Resolver, offset: int,
                    text: str) -> Speaker | None:
    line_end = parsed.find("\n", char)  # a byline ends with its line
    end = min(char + 80, line_end if line_end >= 0 else doc[-1].idx + len(doc[-1].text))
    span = doc.char_span(char, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    head = span[0]
    while head.head.i != head.i and head.head.i >= span.start and head.head.i < head.i + 8:
        head = head.head
    return resolver.resolve(_shift(describe(head, lex, limit=(span.start, sentence_bounds(span[0])[1])), offset), text)


def _nearby_person(people: list, people_ends: list[int], paragraphs: _Paragraphs, char: int, lex: Lexicon,
                   resolver: Resolver, offset: int, text: str) -> Speaker | None:
    """A quote with no frame whose speaker was named just before it, in the same or the
    previous paragraph (`Lee was upbeat. "We are ready."`)."""
    k = bisect.bisect_right(people_ends, char) - 1
    if k < 0 or paragraphs.of(char) - paragraphs.of(people[k].start_char) > 1:
        return None
    ent = people[k]
    speaker = resolver.resolve(_shift(describe(ent.root, lex, limit=(ent.start, ent.end)), offset), text)
    return replace(speaker, resolved_by="continuation")


def _shift(mention, offset: int):
    return replace(mention, start=mention.start + offset, end=mention.end + offset) if offset else mention


def _shifted(span: Span | None, offset: int, text: str) -> Span | None:
    return None if span is None else Span.of(text, span.start + offset, span.end + offset)


def _content(text: str, ranges: list[tuple[int, int]]) -> Content:
    ranges = sorted(ranges)
    start, end = ranges[0][0], ranges[-1][1]
    parts = tuple(Span.of(text, s, e) for s, e in ranges) if len(ranges) > 1 else None
    return Content(start, end, text[start:end], parts)


def _confidence(claim: Claim, speaker: Speaker | None) -> float:
    """A score to sort by: explicit named speakers with a speech verb first."""
    base = {"direct": 0.9, "mixed": 0.8, "indirect": 0.7}[claim.kind]
    if claim.frame is not None and claim.frame.belief:
        base -= 0.15
    if claim.frame is None:
        base -= 0.15
    if speaker is None or speaker.name is None:
        base -= 0.25
    elif speaker.resolved_by in ("pronoun", "description", "continuation"):
        base -= 0.1
    return round(max(0.05, min(base, 0.99)), 2)
