"""Scoring predicted attributions against gold ones (the protocol of the corpora README).

How the protocol is read here, step by step:

1. **Spans.** A prediction's content is its ``content.parts`` when it has them, else
   ``content.start``–``content.end``. A gold content is all its ranges together
   (discontinuous ranges and numbered ``Content2`` roles included). Ranges of one side are
   merged first, so no character counts twice; overlap is the number of characters the two
   sides share.
2. **Categories.** A gold attribution is *quoted* when its content text contains one of
   ``" “ ” « » „``; a prediction is quoted when its kind is ``direct`` or ``mixed`` or its
   ``content.text`` contains one of those marks. Everything else is *unquoted*. The list
   is taken literally: single marks and the doubled apostrophes some newspapers print as
   quotation marks (``''like this''``, in PolNeAR's New York Times articles) do not make
   an attribution quoted. Each
   category is matched on its own (quoted predictions only against quoted gold, unquoted
   only against unquoted), and *all* is a separate matching of every prediction against
   every gold attribution.
3. **Matching, per article, per threshold.** A (gold, prediction) pair is a candidate when
   ``overlap >= threshold * gold content characters`` (and overlap > 0). Candidates are taken
   greedily, largest overlap first (ties: larger share of the gold covered, then document
   order), each gold and each prediction at most once. Thresholds: 0.3, 0.5 (the headline)
   and 0.8.
4. **P, R, F1.** precision = matched predictions / predictions, recall = matched gold / gold,
   F1 their harmonic mean; counts are summed over articles first (micro-average).
5. **Speaker and cue accuracy.** Among matched pairs whose gold has a Source, the share whose
   predicted ``speaker.mention`` span overlaps the gold Source by at least one character (no
   speaker or no mention counts as wrong); cue accuracy likewise with ``cue`` and gold Cue.
   Headline figures are at threshold 0.5; the JSON holds them at every threshold.
6. **Failed articles.** An article whose extraction raised is counted as failed and scores as
   an article with no predictions (its gold still counts towards recall).
7. **Resolved speakers.** Where the gold says who each source is (PolNeAR's resolved-speaker
   worksheets), the pairs of category *all* at 0.5 are scored with the protocol in
   ``speakers.py``; the JSON holds those figures under ``speakers``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Article, Attribution
from .corpora import GoldAttribution, GoldDoc, Ranges, is_quoted_prediction
from .speakers import SpeakerOutcome, format_speakers, score_speakers, speaker_figures

THRESHOLDS = (0.3, 0.5, 0.8)
HEADLINE = 0.5
CATEGORIES = ("quoted", "unquoted", "all")


# --- spans ----------------------------------------------------------------------------------


def merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, non-overlapping, non-empty ranges covering the same characters."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def size(ranges: Ranges) -> int:
    return sum(end - start for start, end in ranges)


def overlap(a: Ranges, b: Ranges) -> int:
    """Characters shared by two merged range lists."""
    i = j = shared = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if hi > lo:
            shared += hi - lo
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return shared


@dataclass(frozen=True)
class Pair:
    gold: int  # index into the article's gold attributions
    pred: int  # index into the article's predicted attributions
    overlap: int


def match(gold: Sequence[Ranges], pred: Sequence[Ranges], threshold: float, *,
          gold_ids: Sequence[int] | None = None, pred_ids: Sequence[int] | None = None,
          later_first: bool = False) -> list[Pair]:
    """One-to-one greedy matching by largest overlap among pairs that reach the threshold.

    ``gold`` and ``pred`` are merged range lists; ``gold_ids``/``pred_ids`` name them in the
    returned pairs (default: their positions). Equal overlaps go to the larger share of the
    gold, then document order; with ``later_first``, to the later gold, then the later
    prediction (the resolved-speaker protocol's order).
    """
    gold_ids = list(gold_ids) if gold_ids is not None else list(range(len(gold)))
    pred_ids = list(pred_ids) if pred_ids is not None else list(range(len(pred)))
    candidates = []
    for gi, g in enumerate(gold):
        g_size = size(g)
        if not g_size:
            continue
        for pi, p in enumerate(pred):
            shared = overlap(g, p)
            if shared > 0 and shared >= threshold * g_size:
                if later_first:
                    candidates.append((-shared, -gi, -pi, gi, pi, shared))
                else:
                    candidates.append((-shared, -shared / g_size, gi, pi, gi, pi, shared))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi, shared in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append(Pair(gold_ids[gi], pred_ids[pi], shared))
    return sorted(pairs, key=lambda p: (p.gold, p.pred))


# --- counts ---------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Counts:
    """Summed counts for one category at one threshold."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    cue_total: int = 0
    cue_correct: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.speaker_correct, self.speaker_total)

    @property
    def cue_accuracy(self) -> float | None:
        return _ratio(self.cue_correct, self.cue_total)


@dataclass
class ArticleResult:
    """How one article scored: its matches per (category, threshold), or why it failed."""

    id: str
    gold: int
    predicted: int
    error: str | None = None
    counts: dict[tuple[str, float], Counts] = field(default_factory=dict)
    pairs: dict[tuple[str, float], list[Pair]] = field(default_factory=dict)
    speakers: tuple[SpeakerOutcome, ...] | None = None  # None: no resolved-speaker gold


def _touches(span: Any, ranges: Ranges) -> bool:
    return span is not None and overlap(merge([(span.start, span.end)]), ranges) > 0


def score_article(doc: GoldDoc, predicted: Sequence[Attribution], *,
                  thresholds: Sequence[float] = THRESHOLDS, error: str | None = None
                  ) -> ArticleResult:
    """Match one article's predictions against its gold in every category and threshold."""
    gold = doc.attributions
    g_ranges = [merge(g.content) for g in gold]
    p_ranges = [merge(p.content.ranges()) for p in predicted]
    g_quoted = [g.quoted for g in gold]
    p_quoted = [is_quoted_prediction(p) for p in predicted]
    result = ArticleResult(doc.id, len(gold), len(predicted), error)
    for category in CATEGORIES:
        gi = [i for i, q in enumerate(g_quoted) if _in(category, q)]
        pi = [i for i, q in enumerate(p_quoted) if _in(category, q)]
        for threshold in thresholds:
            pairs = match([g_ranges[i] for i in gi], [p_ranges[i] for i in pi], threshold,
                          gold_ids=gi, pred_ids=pi)
            counts = Counts(gold=len(gi), predicted=len(pi), matched=len(pairs))
            for pair in pairs:
                _check_roles(gold[pair.gold], predicted[pair.pred], counts)
            result.counts[(category, threshold)] = counts
            result.pairs[(category, threshold)] = pairs
    if doc.speakers is not None:
        pairs = match(g_ranges, p_ranges, HEADLINE, later_first=True)
        result.speakers = score_speakers(doc.speakers, [(p.gold, p.pred) for p in pairs],
                                         predicted)
    return result


def _in(category: str, quoted: bool) -> bool:
    return category == "all" or (category == "quoted") == quoted


def _check_roles(gold: GoldAttribution, pred: Attribution, counts: Counts) -> None:
    if gold.source:
        counts.speaker_total += 1
        mention = pred.speaker.mention if pred.speaker else None
        counts.speaker_correct += _touches(mention, merge(gold.source))
    if gold.cue:
        counts.cue_total += 1
        counts.cue_correct += _touches(pred.cue, merge(gold.cue))


# --- the report -----------------------------------------------------------------------------


@dataclass
class Report:
    """Micro-averaged scores over a corpus, with each article's matches kept for analysis."""

    thresholds: tuple[float, ...] = THRESHOLDS
    articles: list[ArticleResult] = field(default_factory=list)
    seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    def add(self, result: ArticleResult) -> None:
        self.articles.append(result)

    def counts(self, category: str, threshold: float = HEADLINE) -> Counts:
        total = Counts()
        for article in self.articles:
            total.add(article.counts[(category, threshold)])
        return total

    @property
    def failed(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.error is not None]

    def to_dict(self) -> dict[str, Any]:
        """All figures as plain JSON; flat keys such as ``quoted["f1@0.5"]`` feed the gate."""
        out: dict[str, Any] = dict(self.meta)
        out.update({
            "articles": len(self.articles),
            "failed_articles": len(self.failed),
            "failed": [{"id": a.id, "error": a.error} for a in self.failed],
            "seconds": round(self.seconds, 3),
            "thresholds": list(self.thresholds),
        })
        for category in CATEGORIES:
            block: dict[str, Any] = {}
            for threshold in self.thresholds:
                c = self.counts(category, threshold)
                block.setdefault("gold", c.gold)
                block.setdefault("predicted", c.predicted)
                t = f"@{threshold:g}"
                block["matched" + t] = c.matched
                block["precision" + t] = round(c.precision, 4)
                block["recall" + t] = round(c.recall, 4)
                block["f1" + t] = round(c.f1, 4)
                block["speaker_accuracy" + t] = _round(c.speaker_accuracy)
                block["speaker_pairs" + t] = c.speaker_total
                block["cue_accuracy" + t] = _round(c.cue_accuracy)
                block["cue_pairs" + t] = c.cue_total
            block["speaker_accuracy"] = block.get(f"speaker_accuracy@{HEADLINE:g}")
            block["cue_accuracy"] = block.get(f"cue_accuracy@{HEADLINE:g}")
            out[category] = block
        speakers = self.speaker_figures()
        if speakers is not None:
            out["speakers"] = speakers
        return out

    def speaker_figures(self) -> dict[str, Any] | None:
        """Resolved-speaker figures over the articles that have such gold, or None."""
        scored = [a for a in self.articles if a.speakers is not None]
        if not scored:
            return None
        figures = speaker_figures(o for a in scored for o in a.speakers or ())
        return {"articles": len(scored), **figures}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


Outcome = Article | BaseException


def score(outcomes: Iterable[tuple[GoldDoc, Outcome]], *,
          thresholds: Sequence[float] = THRESHOLDS) -> Report:
    """Score (gold, extraction outcome) pairs; an exception as outcome is a failed article.

    ``seconds`` is the wall time spent iterating, so lazy extraction is timed too.
    """
    report = Report(thresholds=tuple(thresholds))
    started = time.perf_counter()
    for doc, outcome in outcomes:
        if isinstance(outcome, BaseException):
            error = f"{type(outcome).__name__}: {outcome}"
            report.add(score_article(doc, (), thresholds=thresholds, error=error))
        else:
            report.add(score_article(doc, outcome.attributions, thresholds=thresholds))
    report.seconds = time.perf_counter() - started
    return report


def evaluate(docs: Iterable[GoldDoc], predict: Callable[[Article], Article], *,
             thresholds: Sequence[float] = THRESHOLDS) -> Report:
    """Run ``predict`` on each gold article's text and score it; a raising article fails alone."""

    def outcomes() -> Iterable[tuple[GoldDoc, Outcome]]:
        for doc in docs:
            try:
                yield doc, predict(doc.article())
            except Exception as exc:  # any failure of one article is scored, not fatal
                yield doc, exc

    return score(outcomes(), thresholds=thresholds)


# --- a table for people ---------------------------------------------------------------------


def format_report(report: Report, *, title: str = "evaluation") -> str:
    """A fixed-width table: P R F1 per threshold for each category, then role accuracies."""
    th = report.thresholds
    head = f"{'':9}{'gold':>6}{'pred':>6}"
    for t in th:
        head += f" |{'P@' + format(t, 'g'):>7}{'R@' + format(t, 'g'):>7}{'F1@' + format(t, 'g'):>7}"
    head += f" |{'speaker':>8}{'cue':>7}"
    lines = [head, "-" * len(head)]
    for category in CATEGORIES:
        base = report.counts(category, th[0])
        row = f"{category:9}{base.gold:>6}{base.predicted:>6}"
        for t in th:
            c = report.counts(category, t)
            row += f" |{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}"
        h = report.counts(category, HEADLINE) if HEADLINE in th else base
        row += f" |{_fmt(h.speaker_accuracy):>8}{_fmt(h.cue_accuracy):>7}"
        lines.append(row)
    failed = report.failed
    summary = (f"{title}: {len(report.articles)} articles, {len(failed)} failed, "
               f"{report.seconds:.1f} s")
    notes = [f"speaker and cue accuracy among pairs matched at overlap {HEADLINE:g}"]
    speakers = report.speaker_figures()
    if speakers is not None:
        notes += format_speakers(speakers)
    notes += [f"failed: {a.id}: {a.error}" for a in failed[:10]]
    if len(failed) > 10:
        notes.append(f"... and {len(failed) - 10} more failed articles (see --json)")
    return "\n".join([summary, "", *lines, "", *notes])


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
