"""Gold attributions from evaluation corpora: PolNeAR (brat standoff) and saywho's own JSONL.

PolNeAR keeps one article per ``<split>/text/<doc>.txt`` and its annotations in
``<split>/attributions/<doc>_<annotator>.ann``. Where several annotators worked on one
article, the first ``.ann`` in sorted order is the gold, as the corpus README prescribes.

The resolved-speaker worksheets (``polnear-speakers/<split>/<doc>.json``) say who each
sourced attribution's source is; they ride along on the gold document as ``speakers``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import EvalError, InputError
from ..records import Article, Attribution, Source

Ranges = tuple[tuple[int, int], ...]

# Quotation marks that make an attribution "quoted": the scoring protocol's list, taken as
# it is. Single marks are not in it (in running text they are mostly apostrophes).
QUOTE_MARKS = frozenset('"“”«»„')

# PolNeAR file names read ``<outlet>_<YYYY-MM-DD>_<slug>``: the date is the publication date.
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")
_SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_ROLE = re.compile(r"^(Content|Cue|Source)\d*$")


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution: character ranges of its content, cue and source (empty if absent)."""

    content: Ranges
    cue: Ranges = ()
    source: Ranges = ()
    quoted: bool = False


@dataclass(frozen=True)
class GoldSpeaker:
    """Who the source of gold attribution ``id`` (its index in ``GoldDoc.attributions``) is.

    ``name`` is null when the article never names the referent or the source is generic;
    ``also`` lists other forms that identify the same entity within the article; ``form`` is
    how the source words refer (name, partial, pronoun, description, generic, group, document).
    """

    id: int
    source: str
    name: str | None
    form: str
    type: str = "PERSON"
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldDoc:
    """One gold article: its text, its attributions and where it came from."""

    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    path: str | None = None
    published: str | None = None
    annotation: str | None = None  # the .ann file the attributions came from
    # Who each sourced attribution's source is; None when there is no such gold.
    speakers: tuple[GoldSpeaker, ...] | None = None

    def article(self) -> Article:
        """The article as ``saywho extract`` reads its text file (furniture such as an editor's
        note found, the headline read), dated by the file name; no attributions."""
        from ..ingest.text import text_article

        article = text_article(self.text, Source(path=self.path))
        return replace(article, published=self.published or article.published)


def has_quote_mark(text: str) -> bool:
    return any(ch in QUOTE_MARKS for ch in text)


def ranges_text(text: str, ranges: Ranges) -> str:
    return " ".join(text[a:b] for a, b in ranges)


# --- PolNeAR -------------------------------------------------------------------------------


def polnear_docs(split_dir: str | Path, *, limit: int | None = None,
                 speakers: str | Path | None = None) -> list[GoldDoc]:
    """Read a PolNeAR split folder (e.g. ``data/dev``) into gold documents, sorted by name.

    With ``speakers`` (a worksheet folder such as ``polnear-speakers/dev``), each article
    that has a fully annotated worksheet carries its resolved-speaker gold.
    """
    root = Path(split_dir)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        hint = f"; did you mean {root / 'data' / 'dev'}?" if (root / "data" / "dev").is_dir() else ""
        raise EvalError(f"{root} is not a PolNeAR split folder: expected {text_dir} and "
                        f"{ann_dir}{hint}")
    annotations: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]  # drop the annotator suffix
        annotations.setdefault(stem, ann)
    texts = sorted(text_dir.glob("*.txt"))
    if not texts:
        raise EvalError(f"no .txt articles in {text_dir}")
    if limit is not None:
        texts = texts[:limit]
    docs = []
    for txt in texts:
        ann = annotations.get(txt.stem)
        if ann is None:
            raise EvalError(f"{txt} has no annotation file {ann_dir / (txt.stem + '_*.ann')}")
        docs.append(read_polnear_doc(txt, ann))
    if speakers is not None:
        sheets = speaker_sheets(speakers)
        docs = [with_speakers(d, sheets[d.id]) if d.id in sheets else d for d in docs]
    return docs


def read_polnear_doc(txt_path: Path, ann_path: Path) -> GoldDoc:
    text, ann_text = _read_exact(txt_path), _read_exact(ann_path)
    gold = parse_brat(ann_text, text, where=str(ann_path))
    match = _DATE_IN_NAME.search(txt_path.name)
    return GoldDoc(id=txt_path.stem, text=text, attributions=gold, path=str(txt_path),
                   published=match.group(1) if match else None, annotation=str(ann_path))


def _read_exact(path: Path) -> str:
    # newline="" keeps line endings as they are, so that brat character offsets line up.
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path} is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror}") from exc


def parse_brat(ann: str, text: str, *, where: str = "<ann>") -> tuple[GoldAttribution, ...]:
    """Gold attributions from brat standoff lines.

    Span lines ``T<n>\\t<Label> <start> <end>[;<start> <end>...]\\t<text>``; event lines
    ``E<n>\\t<Type>:T<a> Content:T<c> Cue:T<q> Source:T<s>`` whose type starts with
    ``Attribution``. Numbered roles (``Content2``) add their ranges to the same role. Events
    without any content are left out: nothing could be matched against them.
    """
    spans: dict[str, Ranges] = {}
    events: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(ann.splitlines(), 1):
        if line.startswith("T"):
            m = _SPAN_LINE.match(line)
            if not m:
                raise EvalError(f"{where}:{lineno}: malformed span line {line[:60]!r}")
            ranges = tuple(tuple(int(x) for x in r.split()) for r in m.group(3).split(";"))
            for start, end in ranges:
                if not 0 <= start <= end <= len(text):
                    raise EvalError(f"{where}:{lineno}: range {start}-{end} lies outside the "
                                    f"article ({len(text)} characters); is it the right .txt?")
            spans[m.group(1)] = ranges  # type: ignore[assignment]
        elif line.startswith("E"):
            fields = line.split("\t", 1)
            if len(fields) < 2:
                raise EvalError(f"{where}:{lineno}: malformed event line {line[:60]!r}")
            events.append((lineno, fields[1].split()))
    gold = []
    for lineno, args in events:
        if not args or not args[0].startswith("Attribution"):
            continue
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            m = _ROLE.match(role)
            if not m:
                continue
            if ref not in spans:
                raise EvalError(f"{where}:{lineno}: event refers to unknown span {ref!r}")
            roles[m.group(1)].extend(spans[ref])
        if not roles["Content"]:
            continue
        content = tuple(sorted(roles["Content"]))
        gold.append(GoldAttribution(
            content=content,
            cue=tuple(sorted(roles["Cue"])),
            source=tuple(sorted(roles["Source"])),
            quoted=has_quote_mark(ranges_text(text, content)),
        ))
    return tuple(gold)


# --- PolNeAR resolved speakers ----------------------------------------------------------------


Sheet = tuple[str, tuple[GoldSpeaker, ...]]  # (.ann file name, items)


def speaker_sheets(folder: str | Path) -> dict[str, Sheet]:
    """Worksheets by document id. A worksheet with an item not yet annotated (no ``form``)
    is left out whole, as the protocol does: half a sheet would bias every figure."""
    root = Path(folder)
    if not root.is_dir():
        raise EvalError(f"resolved-speaker gold folder {root} does not exist")
    sheets: dict[str, Sheet] = {}
    for path in sorted(root.glob("*.json")):
        try:
            sheet = json.loads(_read_exact(path))
            items = sheet["items"]
            if any(item.get("form") is None for item in items):
                continue
            sheets[sheet["doc"]] = (sheet["ann"], tuple(
                GoldSpeaker(id=int(item["id"]), source=item["source"], name=item.get("name"),
                            form=item["form"], type=item.get("type") or "PERSON",
                            also=tuple(item.get("also") or ()))
                for item in items))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EvalError(f"{path} is not a resolved-speaker worksheet ({exc!r})") from exc
    if not sheets:
        raise EvalError(f"no annotated resolved-speaker worksheets (*.json) in {root}")
    return sheets


def with_speakers(doc: GoldDoc, sheet: Sheet) -> GoldDoc:
    """The document carrying its worksheet, once the worksheet is known to fit it."""
    ann, items = sheet
    if doc.annotation is not None and Path(doc.annotation).name != ann:
        raise EvalError(f"the speaker worksheet of {doc.id} was made on {ann}, but the gold "
                        f"attributions come from {Path(doc.annotation).name}")
    for item in items:
        if not 0 <= item.id < len(doc.attributions):
            raise EvalError(f"the speaker worksheet of {doc.id} names attribution {item.id}; "
                            f"the article has {len(doc.attributions)}")
    return replace(doc, speakers=items)


# --- saywho's own gold format ---------------------------------------------------------------


def own_docs(path: str | Path, *, limit: int | None = None) -> list[GoldDoc]:
    """Read gold articles kept as ``saywho.article/1`` JSONL records (attributions = gold)."""
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"gold file {path} does not exist")
    docs = []
    for lineno, record in _jsonl(path):
        if limit is not None and len(docs) >= limit:
            break
        try:
            article = Article.from_dict(record)
        except (InputError, KeyError, TypeError, ValueError) as exc:
            raise EvalError(f"{path}:{lineno}: not a saywho.article/1 record ({exc})") from exc
        docs.append(GoldDoc(
            id=article.source.id or article.source.path or f"{path.name}:{lineno}",
            text=article.text,
            attributions=tuple(gold_from_attribution(a) for a in article.attributions),
            path=article.source.path,
            published=article.published,
        ))
    return docs


def gold_from_attribution(attribution: Attribution) -> GoldAttribution:
    """A saywho attribution taken as gold: the speaker mention plays the role of the Source."""
    mention = attribution.speaker.mention if attribution.speaker else None
    return GoldAttribution(
        content=tuple(attribution.content.ranges()),
        cue=((attribution.cue.start, attribution.cue.end),) if attribution.cue else (),
        source=((mention.start, mention.end),) if mention else (),
        quoted=is_quoted_prediction(attribution),
    )


def is_quoted_prediction(attribution: Attribution) -> bool:
    """Quoted under the protocol: kind direct or mixed, or a quote mark inside the content."""
    return attribution.kind in ("direct", "mixed") or has_quote_mark(attribution.content.text)


def _jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise EvalError(f"{path}:{lineno}: expected a JSON object per line")
            yield lineno, record
