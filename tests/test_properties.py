"""Properties that hold for any text: extraction never raises, every span slices the text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import saywho
from saywho.nlp.quotes import find_quotes

# Text built from news-like pieces and quote marks, so that the rules actually fire.
PIECES = st.sampled_from([
    '"', "“", "”", "‘", "’", "«", "»", "'", " said ", " he added", " Ann Lee", " told reporters ",
    "that ", ", ", ". ", "\n\n", "\n", " — ", "the ministry ", "according to ", "We will win",
    " don’t ", " on Sunday", ":", "falsely claiming ", "\x00", "\u200b", "é", " ",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=60).map("".join))


def check_spans(article: saywho.Article) -> None:
    text = article.text
    for a in article.attributions:
        spans = [a.content, a.cue, a.addressee, a.medium, *(a.content.parts or ())]
        if a.speaker and a.speaker.mention:
            spans.append(a.speaker.mention)
        for span in spans:
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start:span.end] == span.text
        assert 0 <= a.confidence <= 1
    for b in article.boilerplate:
        assert 0 <= b.start < b.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_extract_never_raises_and_spans_slice_the_text(text):
    check_spans(saywho.extract(text))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_quotes_are_ordered_and_inside_the_text(text):
    last = 0
    for q in find_quotes(text):
        assert last <= q.start < q.end <= len(text)
        for a, b in q.parts:
            assert q.start < a <= b < q.end
        last = q.end
