"""From a parsed article to its attributions, as explicit stages over immutable results:

    quotes -> frames -> claims      per parsed chunk (``claims.find_claims``), shifted once
                                    into article offsets
    entities                        one model for the whole article (``entities``)
    speakers                        each claim's source read off that model (``resolve``)
    details                         addressee, medium, time, framing (``details``)

Every function here takes what the previous stage returned and nothing else; the spaCy
component and ``saywho.extract`` both call ``attribute_parsed``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..records import Article, Attribution, Content, Cue, EntityRecord, Span, Speaker
from . import details
from .claims import Claim, Quotes, find_claims
from .cues import sentence_bounds
from .entities import Entities, Entity, build_entities
from .mentions import Mention, collect_mentions
from .lexicon import Lexicon, lexicon
from .quotes import find_quotes
from .resolve import Source, named_speaker, source_start, speaker_of

CONTINUATION_PARAGRAPHS = 2  # how far back a quote-only paragraph looks for its speaker
NEARBY_PARAGRAPHS = 1  # how far back a frameless quote looks for a person just named


@dataclass(frozen=True)
class Parsed:
    """One parsed chunk of an article: its Doc, where it starts in the article, and the
    article range whose statements and mentions it reports (chunks overlap)."""

    doc: Doc
    offset: int
    own: tuple[int, int]
    text: str = ""  # doc.text, which spaCy joins anew from the tokens on every access

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.doc.text)


@dataclass(frozen=True)
class Located:
    """A claim in article offsets, with the chunk it was read from."""

    claim: Claim
    ranges: tuple[tuple[int, int], ...]
    chunk: Parsed

    @property
    def start(self) -> int:
        return self.ranges[0][0]


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


def attribute_parsed(article: Article, parsed: Sequence[Parsed], *, beliefs: bool = True) -> Article:
    """The article with its attributions and the entities its speakers refer to."""
    lex = lexicon()
    breaks = [m.start() for m in re.finditer(r"\n\s*\n", article.text)]

    def paragraph_of(char: int) -> int:
        return bisect.bisect_right(breaks, char - 1)

    located: list[Located] = []
    mentions: list[Mention] = []
    sentences = 0
    for chunk in parsed:
        quotes = Quotes(find_quotes(chunk.text))
        reach = max((c.ranges[-1][1] for c in located), default=-1)
        for claim in find_claims(chunk.doc, quotes, lex, beliefs=beliefs):
            ranges = tuple((a + chunk.offset, b + chunk.offset) for a, b in claim.ranges)
            if chunk.own[0] <= ranges[0][0] < chunk.own[1] and ranges[-1][1] > reach \
                    and not article.in_boilerplate(ranges[0][0], ranges[-1][1]):
                located.append(Located(claim, ranges, chunk))
        mentions += collect_mentions(chunk.doc, chunk.offset, lex, own=chunk.own, sentence_base=sentences,
                                     paragraph_of=paragraph_of,
                                     in_quote=lambda c, q=quotes, o=chunk.offset: q.at(c - o) is not None)
        sentences += sum(1 for _ in chunk.doc.sents) if chunk.doc.has_annotation("SENT_START") else 0
    sources = [_source(c) for c in located]
    entities = build_entities(sorted(mentions, key=lambda m: (m.start, -m.end)), lex,
                              speakers=[source_start(s) for s in sources if s is not None],
                              contents=[r for c in located for r in c.ranges])
    speakers = _speakers(article.text, located, sources, entities, lex, paragraph_of)
    attributions = tuple(_attribution(article, c, s, lex) for c, s in zip(located, speakers))
    return replace(article, attributions=attributions, entities=_entity_records(article.text, entities, speakers))


def _source(located: Located) -> Source | None:
    """Where the claim names its source: the frame's source, or the name of a byline."""
    claim, doc = located.claim, located.chunk.doc
    if claim.frame is not None:
        return None if claim.frame.source is None else Source(claim.frame.source, located.chunk.offset)
    if claim.byline is None:
        return None
    text = located.chunk.text
    line_end = text.find("\n", claim.byline)  # a byline ends with its line
    end = min(claim.byline + 80, line_end if line_end >= 0 else len(text))
    span = doc.char_span(claim.byline, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    head = span[0]
    while head.head.i != head.i and span.start <= head.head.i < head.i + 8:
        head = head.head
    return Source(head, located.chunk.offset, (span.start, sentence_bounds(span[0])[1]))


def _speakers(text: str, located: Sequence[Located], sources: Sequence[Source | None],
              entities: Entities, lex: Lexicon, paragraph: Callable[[int], int]) -> list[Speaker | None]:
    """Each claim's speaker. A quote with no frame is, in turn: the named subject of its own
    sentence; the speaker of a reported statement just before it in its paragraph; the first
    person its paragraph names, when no quoted speaker came earlier in it; the passage's last
    quoted speaker; a person named just before it."""
    out: list[Speaker | None] = []
    last: tuple[Speaker, int] | None = None  # last quoted speaker and its paragraph
    told: tuple[Speaker, int] | None = None  # the speaker of the claim just before, if reported
    for c, source in zip(located, sources):
        speaker = speaker_of(source, text, entities, lex) if source is not None else None
        if c.claim.byline is not None and speaker is not None:
            speaker = replace(speaker, resolved_by="continuation") if speaker.resolved_by != "explicit" else speaker
        here = paragraph(c.start)
        if speaker is None and c.claim.frame is None:
            speaker = _sentence_subject(text, entities, c)
        if speaker is None and c.claim.frame is None:
            if told is not None and told[1] == here:  # `Lee said the plan failed. "It is a disaster."`
                speaker = replace(told[0], resolved_by="continuation")
            elif (last is None or last[1] < here) \
                    and (named := _paragraph_person(text, entities, c.start, paragraph)) is not None:
                speaker = named
            elif last is not None and here - last[1] <= CONTINUATION_PARAGRAPHS and last[0].name:
                speaker = replace(last[0], resolved_by="continuation")
            else:
                speaker = _nearby_person(text, entities, c.start, paragraph)
        out.append(speaker)
        told = (speaker, here) if c.claim.kind == "indirect" and c.claim.frame is not None \
            and speaker is not None and speaker.name else None
        if c.claim.kind != "indirect" and speaker is not None and speaker.name:
            last = (speaker, here)
    return out


def _paragraph_person(text: str, entities: Entities, char: int, paragraph: Callable[[int], int]) -> Speaker | None:
    """The first person named earlier in a frameless quote's own paragraph (`On Sunday, Lee
    pointed to the vote as a turning point. "We won."`): the paragraph is about them."""
    here, found = paragraph(char), None
    for i in range(bisect.bisect_left(entities.starts, char) - 1, -1, -1):
        if paragraph(entities.mentions[i].start) != here:
            break
        if entities.mentions[i].end <= char and _person(entities, i) is not None:
            found = i
    return None if found is None else _named(text, entities, found)


def _sentence_subject(text: str, entities: Entities, located: Located) -> Speaker | None:
    """A frameless quote inside a sentence whose subject, before it, is a named person
    (`Lee has gone after Park as "a fraud"`): that person's words, not the last speaker's."""
    doc, off = located.chunk.doc, located.chunk.offset
    at = doc.char_span(located.start - off, located.start - off + 1, alignment_mode="expand")
    if at is None or not len(at):
        return None
    start = doc[sentence_bounds(at[0])[0]].idx + off
    for i in range(bisect.bisect_left(entities.starts, start), bisect.bisect_left(entities.starts, located.start)):
        if entities.mentions[i].subject and _person(entities, i) is not None:
            return _named(text, entities, i)
    return None


def _nearby_person(text: str, entities: Entities, char: int, paragraph: Callable[[int], int]) -> Speaker | None:
    """A frameless quote right after a person was named (`Lee was upbeat. "We are ready."`)."""
    for i in range(bisect.bisect_left(entities.starts, char) - 1, -1, -1):
        m = entities.mentions[i]
        if m.end > char or m.form != "name" or m.quoted:
            continue
        if paragraph(char) - paragraph(m.start) > NEARBY_PARAGRAPHS:
            return None
        if _person(entities, i) is not None:
            return _named(text, entities, i)
    return None


def _person(entities: Entities, i: int) -> Entity | None:
    """The person mention ``i`` names, when it is a name outside quotation marks."""
    m, eid = entities.mentions[i], entities.of_mention[i]
    if m.form != "name" or m.quoted or eid is None or entities.entities[eid].type != "PERSON":
        return None
    return entities.entities[eid]


def _named(text: str, entities: Entities, i: int) -> Speaker:
    m = entities.mentions[i]
    return named_speaker(entities.entities[entities.of_mention[i]], text, m.start, m.end, "continuation")  # type: ignore[index]


def _attribution(article: Article, located: Located, speaker: Speaker | None, lex: Lexicon) -> Attribution:
    text, claim, off = article.text, located.claim, located.chunk.offset
    extras: dict = {}
    cue = None
    frame = claim.frame
    if frame is not None:
        a, b = frame.cue[0].idx + off, frame.cue[-1].idx + len(frame.cue[-1].text) + off
        cue = Cue(a, b, text[a:b], frame.lemma)
        head, content, parsed = frame.cue[0], frame.content, located.chunk.text
        extras = {
            "addressee": _shifted(details.addressee(head, frame.lemma, lex, parsed, content), off, text),
            "medium": _shifted(details.medium(head, lex, parsed, content), off, text),
            "time": details.time(head, parsed, article.published, content),
            "framing": details.framing(head, lex, content),
        }
    return Attribution(kind=claim.kind, content=_content(text, located.ranges), speaker=speaker,  # type: ignore[arg-type]
                       cue=cue, confidence=_confidence(claim, speaker), **extras)


def _entity_records(text: str, entities: Entities, speakers: Sequence[Speaker | None]) -> tuple[EntityRecord, ...]:
    used = sorted({s.entity for s in speakers if s is not None and s.entity is not None})
    records = []
    for eid in used:
        e = entities.entities[eid]
        spans = tuple(Span.of(text, entities.mentions[i].start, entities.mentions[i].end) for i in e.mentions
                      if entities.mentions[i].form != "document")  # a poll speaks for its issuer, is not it
        records.append(EntityRecord(e.id, e.name, e.type, spans))  # type: ignore[arg-type]
    return tuple(records)


def _shifted(span: Span | None, offset: int, text: str) -> Span | None:
    return None if span is None else Span.of(text, span.start + offset, span.end + offset)


def _content(text: str, ranges: Sequence[tuple[int, int]]) -> Content:
    ranges = sorted(ranges)
    start, end = ranges[0][0], ranges[-1][1]
    parts = tuple(Span.of(text, s, e) for s, e in ranges) if len(ranges) > 1 else None
    return Content(start, end, text[start:end], parts)


def _confidence(claim: Claim, speaker: Speaker | None) -> float:
    """How sure the statement and its speaker are: explicit named speakers with a speech
    verb first; inferred speakers lower."""
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
