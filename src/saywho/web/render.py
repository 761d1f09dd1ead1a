"""Pure helpers that turn store results into safe HTML pieces and chart geometry.

Article text is untrusted. Every function here that returns ``Markup`` builds it by cutting the
text at known offsets and escaping each piece, so no character of the text can become markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup, escape

from ..records import Article, Attribution
from ..store import Tally

# Speaker colours cycle through this many CSS classes (sp-0 … sp-9 in saywho.css).
PALETTE_SIZE = 10
# Chart geometry, in SVG user units; the SVG scales to its container.
CHART_WIDTH = 1000
CHART_HEIGHT = 170
CHART_MIN_MONTHS = 12  # shorter histories are shown in a year's frame, ending at the last month
CHART_TOP = 18  # room for the maximum's label
CHART_BOTTOM = 22  # room for the year labels
CHART_LEFT = 4
CHART_GAP = 0.2  # share of each month's slot left blank between bars
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def marked(text: str, ranges: Iterable[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each (start, end) range wrapped in ``<mark>``."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(ranges):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>%s</mark>") % text[start:end])
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# --- article page ------------------------------------------------------------------------------

@dataclass
class LegendEntry:
    """One speaker of an article: colour class, display name, entity id and statements."""

    colour: int
    name: str
    speaker_id: int | None
    indices: list[int] = field(default_factory=list)  # its attributions; their number is the count


def speaker_legend(article: Article, speaker_ids: Sequence[int | None]) -> tuple[
        list[LegendEntry], list[int]]:
    """Speakers in order of first statement, and each attribution's colour index.

    Attributions of the same stored speaker share a colour; those without a stored speaker are
    grouped by the name the article gave, and those without any speaker by "unknown".
    """
    legend: dict[object, LegendEntry] = {}
    colours: list[int] = []
    for i, (a, sid) in enumerate(zip(article.attributions, speaker_ids)):
        name = a.speaker.name if a.speaker and a.speaker.name else None
        key: object = sid if sid is not None else ("name", name)
        if key not in legend:
            legend[key] = LegendEntry(len(legend) % PALETTE_SIZE, name or "Unknown speaker", sid)
        entry = legend[key]
        entry.indices.append(i)
        colours.append(entry.colour)
    return list(legend.values()), colours


def _tooltip(a: Attribution) -> str:
    who = a.speaker.name if a.speaker and a.speaker.name else "unknown speaker"
    bits = [who, a.kind]
    if a.cue:
        bits.append(f"“{a.cue.text}”")
    return " · ".join(bits)


def article_html(article: Article, colours: Sequence[int]) -> Markup:
    """The article text with statements, speaker mentions, cues and boilerplate marked.

    The text is cut at every span boundary; each piece is escaped and wrapped in one flat
    ``<span>`` whose classes say what covers it (``q`` content, ``who`` mention, ``cue``,
    ``bp`` boilerplate) and whose ``data-a`` lists the attribution indices, so overlapping
    spans never produce broken nesting. The first piece of attribution ``i`` has ``id="a-i"``.
    """
    text = article.text
    n = len(text)
    layers: list[tuple[int, int, str, int]] = []  # start, end, layer, attribution (-1: none)
    for i, a in enumerate(article.attributions):
        for start, end in a.content.ranges():
            layers.append((start, end, "q", i))
        if a.speaker and a.speaker.mention:
            layers.append((a.speaker.mention.start, a.speaker.mention.end, "who", i))
        if a.cue:
            layers.append((a.cue.start, a.cue.end, "cue", i))
    bp_labels = [(b.start, b.end, b.label) for b in article.boilerplate]
    layers = [(max(0, s), min(n, e), k, i) for s, e, k, i in layers if s < e and s < n]
    cuts = sorted({0, n, *(s for s, _, _, _ in layers), *(e for _, e, _, _ in layers),
                   *(min(n, max(0, s)) for s, _, _ in bp_labels),
                   *(min(n, max(0, e)) for _, e, _ in bp_labels)})
    anchored: set[int] = set()
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:]):
        if start >= end:
            continue
        piece = text[start:end]
        active = [(k, i) for s, e, k, i in layers if s <= start and end <= e]
        label = next((lab for s, e, lab in bp_labels if s <= start and end <= e), None)
        if not active and label is None:
            out.append(escape(piece))
            continue
        classes: list[str] = []
        owners: list[int] = []
        for kind in ("q", "who", "cue"):
            hits = [i for k, i in active if k == kind]
            if hits:
                classes.append(kind)
                if kind != "cue":
                    classes.append(f"sp-{colours[hits[0]]}")
                owners.extend(h for h in hits if h not in owners)
        title = _tooltip(article.attributions[owners[0]]) if owners else f"page furniture: {label}"
        if label is not None:
            classes.append("bp")
        attrs = [("class", " ".join(dict.fromkeys(classes)))]
        if owners:
            attrs.append(("data-a", " ".join(map(str, owners))))
            first = [i for k, i in active if k == "q" and i not in anchored]
            if first:
                anchored.add(first[0])
                attrs.insert(0, ("id", f"a-{first[0]}"))
        attrs.append(("title", title))
        rendered = " ".join(Markup('%s="%s"') % (name, value) for name, value in attrs)
        out.append(Markup("<span %s>%s</span>") % (Markup(rendered), piece))
    return Markup("").join(out)


# --- speaker page chart -------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    month: str  # YYYY-MM
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        return month_label(self.month)


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    maximum: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    baseline: float = CHART_HEIGHT - CHART_BOTTOM
    top: float = CHART_TOP


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_chart(by_month: Sequence[Tally]) -> Chart | None:
    """Bars per month from the first to the last month with statements (empty months too)."""
    counts = {t.label: t.count for t in by_month if len(t.label) == 7 and t.label[4] == "-"}
    if not counts:
        return None
    months = _month_range(min(counts), max(counts))
    while len(months) < CHART_MIN_MONTHS:
        year, mon = int(months[0][:4]), int(months[0][5:7])
        months.insert(0, f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}")
    maximum = max(counts.values())
    slot = (CHART_WIDTH - 2 * CHART_LEFT) / len(months)
    usable = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bars, ticks = [], []
    first_year = int(months[0][:4])
    # Label every month of a short range; otherwise each January (every few years on long
    # ranges, about twelve labels at most), and the first month if its year's label fits.
    step = max(1, -(-(int(months[-1][:4]) - first_year + 1) // 12))
    for n, month in enumerate(months):
        count = counts.get(month, 0)
        height = usable * count / maximum
        x = CHART_LEFT + n * slot
        bars.append(Bar(month, count, round(x + slot * CHART_GAP / 2, 2),
                        round(CHART_HEIGHT - CHART_BOTTOM - height, 2),
                        round(max(1.0, slot * (1 - CHART_GAP)), 2), round(height, 2)))
        if len(months) <= 12:
            ticks.append(Tick(round(x + slot / 2, 2), month_label(month, short=True)))
        elif (month.endswith("-01") or (n == 0 and month[5:] <= "07")) \
                and (int(month[:4]) - first_year) % step == 0:
            ticks.append(Tick(round(x + slot / 2, 2), month[:4]))
    return Chart(tuple(bars), tuple(ticks), maximum)


def month_label(month: str, *, short: bool = False) -> str:
    """``2024-03`` -> ``Mar 2024`` (or ``Mar ’24`` when short)."""
    try:
        year, mon = int(month[:4]), int(month[5:7])
        name = MONTHS[mon - 1]
    except (ValueError, IndexError):
        return month
    return f"{name} ’{year % 100:02d}" if short else f"{name} {year}"


def merge_case(tallies: Sequence[Tally]) -> list[Tally]:
    """Tallies whose labels differ only in case counted together, under the most used form."""
    groups: dict[str, list[Tally]] = {}
    for t in tallies:
        groups.setdefault(t.label.casefold(), []).append(t)
    merged = [Tally(max(g, key=lambda t: t.count).label, sum(t.count for t in g))
              for g in groups.values()]
    return sorted(merged, key=lambda t: -t.count)


def quote_text(text: str, kind: str) -> str:
    """A statement as shown in a list: a direct quote without the comma or colon that ended
    it inside the quotation marks ("…this year," she said)."""
    return text.rstrip(" ,;:") or text if kind == "direct" else text


# What browsers strip from the start of an href before reading its scheme.
_HREF_LEAD = "".join(map(chr, range(0x21)))


def web_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) address with a host, else None: stored source URLs come
    from the input, and a ``javascript:`` or ``data:`` one must never become a link."""
    if not url:
        return None
    url = url.lstrip(_HREF_LEAD).rstrip()
    head = url[:8].lower()
    if not (head.startswith("http://") or head.startswith("https://")):
        return None
    try:
        host = urlsplit(url).netloc
    except ValueError:  # a malformed IPv6 host, for one
        return None
    return url if host else None


def nice_date(value: str | None) -> str:
    """``2024-03-05`` -> ``5 Mar 2024``; anything else is returned as it is."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- pagination ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pager:
    first: int  # 1-based number of the first item shown
    last: int
    total: int
    prev_url: str | None
    next_url: str | None


def pager(path: str, params: dict[str, object], *, total: int, limit: int, offset: int,
          shown: int) -> Pager:
    """Previous/next links that keep the other query parameters."""
    kept = {k: v for k, v in params.items() if v not in (None, "") and k != "offset"}

    def url(new_offset: int) -> str:
        query = dict(kept)
        if new_offset:
            query["offset"] = new_offset
        return f"{path}?{urlencode(query)}" if query else path

    prev_url = url(max(0, offset - limit)) if offset > 0 else None
    next_url = url(offset + limit) if offset + shown < total else None
    return Pager(offset + 1 if shown else 0, offset + shown, total, prev_url, next_url)
