"""The public extraction functions: text or ``Article`` in, ``Article`` with attributions out."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import numpy

from .errors import InputError, ModelError
from .nlp.pipeline import load_model
from .options import ExtractOptions, language_code
from .records import Article

# Texts longer than this are parsed in paragraph-aligned chunks (spaCy's own limit is 1M
# characters, and the parser's memory grows with document length).
MAX_CHUNK = 100_000
# Text parsed in one nlp.pipe call: bounds peak memory (short articles still batch together).
BATCH_CHARACTERS = 200_000
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
# Share of these function words below which a text is taken not to be English.
ENGLISH_WORDS = frozenset("the of and to a in that is for on it with as was he she said by at "
                          "from be have has are this not but they his her an were will".split())
MIN_ENGLISH_SHARE = 0.12

OnError = Callable[[Article, Exception], None]


def extract(text: str, *, published: str | None = None, model: str | None = None,
            options: ExtractOptions | None = None) -> Article:
    """Find every attribution in ``text`` (an article as plain text; boilerplate such as
    reader appeals is detected and left out). ``options`` (or ``model`` alone) says how."""
    if not isinstance(text, str):
        raise InputError(f"extract() takes the article text as str, not {type(text).__name__}")
    from .ingest.boilerplate import detect

    article = Article(text=text, published=published, boilerplate=detect(text))
    return extract_article(article, model=model, options=options)


def extract_article(article: Article, *, model: str | None = None,
                    options: ExtractOptions | None = None) -> Article:
    """Fill in the attributions of an ingested ``Article``."""
    return next(extract_many([article], model=model, options=options))


def looks_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text[:20_000].lower())
    if len(words) < 40:
        return True  # too short to tell; parse it
    return sum(w in ENGLISH_WORDS for w in words) / len(words) >= MIN_ENGLISH_SHARE


# Characters of context a chunk shares with the next one: the point where one chunk's
# statements end and the next one's begin lies 1-2 OVERLAPs inside each, so a statement that
# straddles a cut is read whole, with the context on both sides, by one of the two.
OVERLAP = 2_000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")
# Lone surrogates (JSON "\ud800") cannot be encoded as UTF-8 and break the parser.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _boundary(text: str, lo: int, hi: int) -> int | None:
    """Where to cut ``text`` between ``lo`` and ``hi``: just after the last paragraph break
    there, else the last line break, else the last sentence end, else the last space."""
    window = text[lo:hi]
    for mark in ("\n\n", "\n"):
        k = window.rfind(mark)
        if k >= 0:
            return lo + k + len(mark)
    last = None
    for last in _SENTENCE_END.finditer(window):
        pass
    if last is not None:
        return lo + last.end()
    k = window.rfind(" ")
    return lo + k + 1 if k >= 0 else None


def _chunks(text: str) -> list[tuple[int, str, int, int]]:
    """Pieces of at most MAX_CHUNK characters as ``(offset, piece, own_from, own_to)``.

    Each piece ends at a paragraph break (else a sentence end, else a space) and the next
    starts a few paragraphs or sentences earlier, so consecutive pieces overlap. A statement
    is taken from the piece whose ``[own_from, own_to)`` holds its start."""
    out, start, own_from = [], 0, 0
    while len(text) - start > MAX_CHUNK:
        end = start + MAX_CHUNK
        cut = _boundary(text, start + MAX_CHUNK // 2, end) or end
        own_to = _boundary(text, cut - 2 * OVERLAP, cut - OVERLAP) or cut - OVERLAP
        out.append((start, text[start:cut], own_from, own_to))
        start = _boundary(text, own_to - 2 * OVERLAP, own_to - OVERLAP) or own_to - OVERLAP
        own_from = own_to
    out.append((start, text[start:], own_from, len(text)))
    return out


def _clean(article: Article) -> Article:
    """The article with each lone surrogate replaced by U+FFFD: one character for one, so
    every offset holds."""
    if _SURROGATE.search(article.text) is None:
        return article
    return replace(article, text=_SURROGATE.sub("\ufffd", article.text))


def _by_characters(jobs: list[tuple]) -> Iterator[list[tuple]]:
    """Jobs in groups of at most BATCH_CHARACTERS characters (one job at least): the parser's
    memory follows the text in flight, so it stays flat whatever the input size."""
    group: list[tuple] = []
    size = 0
    for job in jobs:
        if group and size + len(job[2]) > BATCH_CHARACTERS:
            yield group
            group, size = [], 0
        group.append(job)
        size += len(job[2])
    if group:
        yield group


def extract_many(articles: Iterable[Article], *, model: str | None = None, batch_size: int = 32,
                 beliefs: bool = True, on_error: OnError | None = None,
                 options: ExtractOptions | None = None) -> Iterator[Article]:
    """Extract from many articles, batching the parse with ``nlp.pipe``; order is kept.
    ``options`` (else ``model`` and ``beliefs``) says how.

    With ``on_error``, an article whose extraction fails is passed to it and left out;
    without, the error propagates.
    """
    from .nlp.attribute import Parsed, attribute_parsed, prepare_text

    options = options or ExtractOptions(model=model, beliefs=beliefs)
    nlp = load_model(options.model)
    pending: list[Article] = []  # lone surrogates cleaned
    given: list[Article] = []  # the same articles as given, for on_error

    def flush() -> Iterator[Article]:
        # a declared language counts by its primary tag (en-US, en_GB, EN are all English)
        languages = [language_code(a.language) or ("en" if looks_english(a.text) else None)
                     for a in pending]
        jobs = [(n, *chunk) for n, article in enumerate(pending) if languages[n] == "en"
                for chunk in _chunks(prepare_text(article))]
        unparsed = Counter(n for n, *_ in jobs)  # chunks of each article still to parse
        parsed: dict[int, list[Parsed]] = defaultdict(list)
        ready = 0  # articles before this one have been yielded

        def finished(n: int) -> Article | None:
            try:
                article = attribute_parsed(pending[n], parsed.pop(n, []), beliefs=options.beliefs)
            except Exception as exc:  # a bug on one article must not stop a batch
                if on_error is None:
                    raise
                on_error(given[n], exc)
                return None
            return replace(article, language=languages[n])

        for group in _by_characters(jobs):
            docs = nlp.pipe([piece for _, _, piece, _, _ in group], batch_size=len(group))
            for (n, off, piece, own_from, own_to), doc in zip(group, docs):
                doc.tensor = _NO_TENSOR  # the parse is done; keep the article's chunks small
                parsed[n].append(Parsed(doc, off, (own_from, own_to), piece))
                unparsed[n] -= 1
            while ready < len(pending) and unparsed[ready] <= 0:
                if (done := finished(ready)) is not None:
                    yield done
                ready += 1
        for n in range(ready, len(pending)):
            if (done := finished(n)) is not None:
                yield done
        pending.clear()
        given.clear()

    for article in articles:
        given.append(article)
        pending.append(_clean(article))
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


def extract_each(articles: list[Article], *, model: str | None = None, beliefs: bool = True,
                 options: ExtractOptions | None = None) -> list[Article | Exception]:
    """Extract a batch with one ``nlp.pipe``; each article comes back extracted or as the
    exception that stopped it. If the parse of the batch itself breaks, the articles are
    retried one by one so that only the one at fault fails. ``ModelError`` propagates."""
    options = options or ExtractOptions(model=model, beliefs=beliefs)
    errors: dict[int, Exception] = {}

    def on_error(article: Article, exc: Exception) -> None:
        errors[id(article)] = exc

    try:
        done = iter(list(extract_many(articles, batch_size=max(len(articles), 1),
                                      on_error=on_error, options=options)))
        return [errors.get(id(a)) or next(done) for a in articles]  # failed ones are left out
    except ModelError:
        raise
    except Exception:  # noqa: BLE001 - find the article that breaks the batch below
        pass
    results: list[Article | Exception] = []
    for article in articles:
        try:
            results.append(next(extract_many([article], options=options)))
        except ModelError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
            results.append(exc)
    return results


def failure(exc: Exception) -> str:
    """The one-line report for an article whose extraction failed."""
    return f"extraction failed: {type(exc).__name__}: {exc}"
