"""Statement details around a cue: addressee, medium, time and the reporter's framing."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from ..records import Framing, Span, TimeRef
from .lexicon import Lexicon

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                 "this evening": 0, "yesterday": 1, "last night": 1}
EXPLICIT_DATE = re.compile(
    r"\b(\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2}(st|nd|rd|th)?|\d{4}-\d{2}-\d{2})\b")


def _subtree_span(tok: Token, text: str) -> Span:
    start, end = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    return Span.of(text, start, end)


def addressee(cue: Token, lemma: str, lex: Lexicon, text: str,
              content: tuple[int, int] | None) -> Span | None:
    """Whom it was said to: "told reporters", "said to the BBC", "in an interview with X"."""
    inside = (lambda t: content is not None and content[0] <= t.i < content[1])
    for child in cue.children:
        if inside(child):
            continue
        if child.dep_ in ("dobj", "dative") and lemma in lex.addressee_verbs:
            return _subtree_span(child, text)
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in ("say", "speak", "talk", "write", "explain", "add"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _subtree_span(pobj, text)
        if child.dep_ == "prep" and child.lower_ in ("in", "during"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_ == "interview":
                with_ = next((g for g in pobj.children if g.lower_ == "with"), None)
                target = next((g for g in with_.children if g.dep_ == "pobj"), None) if with_ else None
                if target is not None:
                    return _subtree_span(target, text)
    return None


def medium(cue: Token, lex: Lexicon, text: str, content: tuple[int, int] | None) -> Span | None:
    """The channel: "on Telegram", "in a statement", "in a post on X", "on state television"."""
    for child in cue.children:
        if child.dep_ != "prep" or child.lower_ not in lex.medium_preps:
            continue
        if content is not None and content[0] <= child.i < content[1]:
            continue
        pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if pobj is None:
            continue
        words = {pobj.lower_, pobj.lemma_.lower(),
                 " ".join(t.lower_ for t in pobj.subtree if not t.is_punct and t.dep_ != "det")}
        if words & lex.media or pobj.ent_type_ == "ORG" and child.lower_ == "on":
            start = pobj.left_edge
            while start.dep_ == "det" and start.i < pobj.i:
                start = start.doc[start.i + 1]
            return Span.of(text, start.idx, pobj.right_edge.idx + len(pobj.right_edge.text))
    return None


def time(cue: Token, text: str, published: str | None,
         content: tuple[int, int] | None) -> TimeRef | None:
    """A date or time phrase attached to the cue (not inside what was said)."""
    for tok in cue.subtree:
        if content is not None and content[0] <= tok.i < content[1]:
            continue
        if tok.ent_type_ not in ("DATE", "TIME") or tok.ent_iob_ != "B":
            continue
        if cue.i not in (tok.head.i, tok.head.head.i):
            continue
        doc, end = cue.doc, tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        ent = doc[tok.i:end]
        start = ent.start_char
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.lower_ in ("on", "at", "in", "during") and prev.head.i == cue.i:
            start = prev.idx
        phrase = text[start:ent.end_char]
        return TimeRef(phrase, resolve_date(ent.text, published))
    return None


def resolve_date(phrase: str, published: str | None) -> str | None:
    """The ISO date a time phrase means, given the publication date: a weekday is the one on
    or before publication; vague phrases ("last week") have no single date."""
    words = phrase.lower().strip()
    try:
        base = dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        base = None
    for day in WEEKDAYS:
        if re.search(rf"\b{day}\b", words) and not re.search(r"\d", words):
            if base is None or "next" in words:
                return None
            back = (base.weekday() - WEEKDAYS.index(day)) % 7
            if "last" in words and back == 0:
                back = 7
            return (base - dt.timedelta(days=back)).isoformat()
    if words in RELATIVE_DAYS:
        return (base - dt.timedelta(days=RELATIVE_DAYS[words])).isoformat() if base else None
    if EXPLICIT_DATE.search(phrase):
        import dateparser  # slow to import; only needed for explicit dates

        settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
        if base:
            settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
        elif not re.search(r"\b\d{4}\b", phrase):
            return None
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
        return parsed.date().isoformat() if parsed else None
    return None


def framing(cue: Token, lex: Lexicon, content: tuple[int, int] | None) -> Framing | None:
    """The reporter's evaluation of the statement: "falsely claimed", "said without evidence"."""
    doc = cue.doc
    for child in cue.children:
        if content is not None and content[0] <= child.i < content[1]:
            continue
        if child.dep_ == "advmod" and child.lower_ in lex.framing:
            return Framing(child.text, lex.framing[child.lower_])
        if child.dep_ == "prep" and child.lower_ == "without":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            phrase = doc[child.i:(pobj.i if pobj is not None else child.i) + 1].text
            key = phrase.lower()
            for words, label in lex.framing.items():
                if key.startswith(words) or words.startswith("without") and key == words:
                    return Framing(phrase, label)
            if "evidence" in key or "proof" in key:
                return Framing(phrase, "unsupported")
    return None
