"""Issue 12, extraction: nothing lost at chunk cuts, no crash on lone surrogates."""

import json
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import saywho
from saywho.extraction import MAX_CHUNK, OVERLAP, _chunks

FILLER = ("The council met on Tuesday to discuss the budget for the coming year, and members "
          "spoke about roads, schools and the new library. ")


def _statement(i: int) -> str:
    return f'"The port will reopen on Monday, number {i}," the harbour master said.'


# ---- item 3: chunk cuts -------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["word ", "Word. ", "She said. ", "\n", "\n\n", '" ', "x" * 50]),
                min_size=1, max_size=40),
       st.integers(min_value=MAX_CHUNK // 40, max_value=3 * MAX_CHUNK // 40), st.integers(0, 2**32))
def test_chunks_cover_the_text_overlap_and_own_every_position_once(pieces, n, seed):
    rnd = random.Random(seed)
    text = "".join(rnd.choice(pieces) for _ in range(n))
    text = (text * (1 + 3 * MAX_CHUNK // max(len(text), 1)))[: 3 * MAX_CHUNK]
    chunks = _chunks(text)
    assert chunks[0][0] == 0 and chunks[0][2] == 0 and chunks[-1][3] == len(text)
    for (off, piece, own_from, own_to), nxt in zip(chunks, chunks[1:] + [None]):
        assert len(piece) <= MAX_CHUNK and text[off:off + len(piece)] == piece
        assert off <= own_from < own_to <= off + len(piece)
        if nxt is not None:
            n_off, n_piece, n_from, _ = nxt
            assert n_from == own_to  # ownership partitions the text
            assert n_off <= own_to - OVERLAP and own_to + OVERLAP <= off + len(piece)
            assert n_off + len(n_piece) > off + len(piece)  # progress
    assert chunks[-1][0] + len(chunks[-1][1]) == len(text)


def test_cut_falls_at_a_paragraph_break_else_a_sentence_end():
    para = FILLER * 20 + "\n\n"  # ~2.6k characters a paragraph
    text = para * (MAX_CHUNK // len(para) + 2)
    for off, piece, _, _ in _chunks(text)[:-1]:
        assert piece.endswith("\n\n")
    text = FILLER * (MAX_CHUNK // len(FILLER) + 5)  # one long paragraph
    for off, piece, _, _ in _chunks(text)[:-1]:
        assert piece.endswith("year. ") or piece.endswith("library. "), piece[-30:]


@pytest.mark.model
def test_a_statement_straddling_the_cut_is_found_whole_and_once():
    pytest.importorskip("spacy")
    # Paragraphs of statements up to just before MAX_CHUNK, then one long paragraph whose
    # quote spans character MAX_CHUNK (where a cut at the last space would fall).
    paragraphs, size, i = [], 0, 0
    while size < MAX_CHUNK - 3000:
        p = _statement(i) + " " + FILLER + "\n\n"
        paragraphs.append(p)
        size += len(p)
        i += 1
    long_quote = "START we have worked for months on this plan and " + "it will hold " * 40 + "END"
    lead = 'Mayor Ann Lee spoke to reporters on Tuesday. "'
    pad = MAX_CHUNK - 300 - size - len(lead) - 2
    paragraphs.append(("The weather was mild. " * 200)[:pad].rstrip() + "\n\n")
    straddling = f'{lead}{long_quote}," she said.\n\n'
    tail = "".join(_statement(j) + " " + FILLER + "\n\n" for j in range(i, i + 60))
    text = "".join(paragraphs) + straddling + tail
    start = text.index("START")
    assert start < MAX_CHUNK - 200 and MAX_CHUNK + 200 < start + len(long_quote)
    article = saywho.extract(text)
    whole = [a for a in article.attributions if "START" in a.content.text]
    assert len(whole) == 1 and "END" in whole[0].content.text
    assert whole[0].speaker is not None and whole[0].speaker.name == "Ann Lee"
    assert not [a for a in article.attributions if "END" in a.content.text and "START" not in a.content.text]
    # every other statement once, none lost or doubled
    numbers = [a.content.text for a in article.attributions if "number" in a.content.text]
    assert len(numbers) == i + 60 == len(set(numbers))
    for a in article.attributions:
        assert text[a.content.start:a.content.end] == a.content.text


@pytest.mark.model
def test_long_text_without_paragraphs_loses_no_statement():
    pytest.importorskip("spacy")
    # One paragraph: statements among filler sentences, one of them across character MAX_CHUNK.
    rnd = random.Random(7)
    sentences, n, size = [], 0, 0
    while size < MAX_CHUNK + 20_000:
        across = size < MAX_CHUNK - 30 < size + len(FILLER)
        if across or rnd.random() < 0.3:
            sentences.append(_statement(n) + " ")
            n += 1
        else:
            sentences.append(FILLER)
        size += len(sentences[-1])
    text = "".join(sentences)
    article = saywho.extract(text)
    statements = [a for a in article.attributions if "number" in a.content.text]
    assert len(statements) == n == len({a.content.text for a in statements})
    assert all(a.speaker is not None and a.speaker.role == "harbour master" for a in statements)


# ---- item 8: lone surrogates --------------------------------------------------------------


@pytest.mark.model
def test_lone_surrogate_is_cleaned_not_raised():
    pytest.importorskip("spacy")
    text = '"We will rebuild\ud800 the bridge," Mayor Ann Lee said.'
    article = saywho.extract(text)
    assert "\ud800" not in article.text and len(article.text) == len(text)
    assert article.text == text.replace("\ud800", "\ufffd")
    (a,) = article.attributions
    assert a.speaker.name == "Ann Lee"
    assert article.text[a.content.start:a.content.end] == a.content.text
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.model
def test_lone_surrogate_in_jsonl_does_not_stop_the_batch(tmp_path):
    pytest.importorskip("spacy")
    lines = [{"text": '"We will win," said Ann Lee.'},
             {"text": '"Broken \ud800 text," said Bob Stone.'},
             {"text": '"We will lose," said Carl Dunn.'}]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "saywho.cli", "extract", str(path), "--format", "jsonl"],
                         capture_output=True, timeout=300)
    assert b"Traceback" not in run.stderr, run.stderr.decode()
    out = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    names = [r["attributions"][0]["speaker"]["name"] for r in out]
    assert names == ["Ann Lee", "Bob Stone", "Carl Dunn"] and run.returncode == 0


# ---- fuzzing: any text, surrogates and NULs included --------------------------------------

PIECES = st.sampled_from(['"', "\u201c", "\u201d", " said ", " Ann Lee", " told reporters ", "that ",
                          ". ", "\n\n", "\n", "\x00", "\ud800", "\udfff", "\ufffd", "We will win"])


@pytest.mark.model
@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF),
                         max_size=200),
                 st.lists(PIECES, max_size=40).map("".join)))
def test_extract_takes_any_text(text):
    pytest.importorskip("spacy")
    article = saywho.extract(text)
    assert len(article.text) == len(text)
    article.text.encode("utf-8")  # no lone surrogate survives
    for a in article.attributions:
        assert article.text[a.content.start:a.content.end] == a.content.text
