"""The head of a plain-text article: a headline on the first line, a date line or dateline.

A saved or pasted news article usually starts with its headline, alone on a line, then
perhaps a "Published 23 February 2025" line, then the body; agency copy opens its first
paragraph with a dateline ("KYIV, 23 February 2025 -"). ``read_head`` finds them so that
the headline becomes the title (and is not taken for a statement) and the date dates the
article. The text itself is never changed: the headline and date lines are reported as
ranges, kept out of extraction like other furniture.

A first line is a headline when it is short, starts with a capital or digit or quote mark,
has no sentence-final punctuation, and is followed by a blank line or a date line (a
hard-wrapped paragraph's first line is followed by its second, so it never qualifies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 25
HEAD_LINES = 6  # non-empty lines after the headline searched for a date line
DATE_LINE_MAX_CHARS = 90

_MONTHS = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for m in names}
_MONTH = r"(?P<{g}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE = re.compile(
    r"(?P<iso>(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2}))"
    r"|(?P<dmy>(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format(g="m2") + r",?\s+(?P<y2>\d{4}))"
    r"|(?P<mdy>" + _MONTH.format(g="m3") + r"\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{4}))",
    re.I)
# What may surround the date on a line of its own: "Published on Sunday 23 February 2025,
# 14:05 GMT", "Updated: ...", "| 3 min read" is not allowed (then it is not a date line).
_AROUND_DATE = re.compile(
    r"(?:first|last|published|updated|posted|date[d]?|on|at|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|"
    r"[ap]\.?m\.?|gmt|bst|utc|cet|cest|est|edt|pst|pdt|[ecmp]t|[\s,.:;|()\-\u2013\u2014])+",
    re.I)
# "KYIV, 23 February 2025 -" or "LONDON (Reuters), Feb. 23, 2025 --" opening the first paragraphs
_DATELINE = re.compile(r"[A-Z][A-Z.' -]{1,40}(?:\s*\([^)\n]{1,30}\))?,\s+(?:[A-Za-z]+,?\s+)?"
                       r"(?P<date>[^\n]{6,30}?)\s*(?:\([^)\n]{1,30}\)\s*)?[-\u2013\u2014]")
_FINAL = ".,;:!"  # a headline may end in "?" or a quote mark, not in these


@dataclass(frozen=True)
class Head:
    """What the head of a text says: title, date and the character ranges they occupy."""

    title: str | None = None
    published: str | None = None
    ranges: tuple[tuple[int, int, str], ...] = ()  # (start, end, "headline" | "dateline")


def parse_date(text: str) -> str | None:
    """The first full date (with a year) in ``text``, as YYYY-MM-DD, else ``None``."""
    import datetime as dt

    for m in _DATE.finditer(text):
        if m["iso"]:
            y, mo, d = int(m["y1"]), int(m["m1"]), int(m["d1"])
        elif m["dmy"]:
            y, mo, d = int(m["y2"]), _MONTHS[m["m2"].lower()], int(m["d2"])
        else:
            y, mo, d = int(m["y3"]), _MONTHS[m["m3"].lower()], int(m["d3"])
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def _date_line(line: str) -> str | None:
    """The date of a line that is only a date (with "Published", weekday, time), else None."""
    if len(line) > DATE_LINE_MAX_CHARS:
        return None
    m = _DATE.search(line)
    if m is None or _AROUND_DATE.fullmatch(line[:m.start()] + " " + line[m.end():]) is None:
        return None
    return parse_date(m.group(0))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line break."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _is_headline(line: str) -> bool:
    words = line.split()
    stripped = line.rstrip("\"'\u201d\u2019 ")
    return (2 <= len(words) <= HEADLINE_MAX_WORDS and len(line) <= HEADLINE_MAX_CHARS
            and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'\u201c\u2018")
            and bool(stripped) and stripped[-1] not in _FINAL)


def read_head(text: str) -> Head:
    """The headline and date at the head of a plain-text article (see the module docstring)."""
    lines = [(s, e) for s, e in _lines(text[:20_000])]
    filled = [n for n, (s, e) in enumerate(lines) if text[s:e].strip()]
    if len(filled) < 2:
        return Head()
    title = published = None
    ranges: list[tuple[int, int, str]] = []
    first = filled[0]
    s, e = lines[first]
    line = text[s:e].strip()
    following = lines[first + 1] if first + 1 < len(lines) else None
    next_blank = following is not None and not text[following[0]:following[1]].strip()
    next_dated = _date_line(text[slice(*lines[filled[1]])].strip()) is not None
    rest = filled[1:]
    if _is_headline(line) and not _date_line(line) and (next_blank or next_dated):
        title = " ".join(line.split())
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        ranges.append((s + lead, s + lead + len(line), "headline"))
    else:
        rest = filled
    for n in rest[:HEAD_LINES]:
        s, e = lines[n]
        found = _date_line(text[s:e].strip())
        if found:
            published = published or found
            lead = len(text[s:e]) - len(text[s:e].lstrip())
            ranges.append((s + lead, s + lead + len(text[s:e].strip()), "dateline"))
            if "publish" in text[s:e].lower():
                published = found  # "Published" beats an "Updated" line above it
                break
    if published is None:
        for n in rest[:HEAD_LINES]:
            m = _DATELINE.match(text, lines[n][0], lines[n][1])
            if m and parse_date(m["date"]):
                published = parse_date(m["date"])
                break
    return Head(title, published, tuple(ranges))
