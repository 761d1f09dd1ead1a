"""One options object for every extraction path; language tags by their primary subtag."""

import argparse

import pytest

import saywho
from saywho.options import ExtractOptions, add_arguments, from_args, language_code
from saywho.records import Article

BELIEF = "Ann Lee, the mayor, believes that the bridge will open in May."


@pytest.mark.parametrize("tag,code", [("en", "en"), ("en-US", "en"), ("en_GB", "en"),
                                      ("EN", "en"), ("fr-CA", "fr"), ("", None), (None, None),
                                      ("english!", None)])
def test_language_code(tag, code):
    assert language_code(tag) == code


def test_flags_round_trip():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert from_args(parser.parse_args([])) == ExtractOptions()
    assert from_args(parser.parse_args(["--no-beliefs", "--model", "m"])) == \
        ExtractOptions(model="m", beliefs=False)


def test_declared_regional_english_is_extracted():
    pytest.importorskip("spacy")
    text = '"The bridge will open in May," Mayor Ann Lee said on Monday.'
    for tag in ("en-US", "en_GB", "EN"):
        out = saywho.extract_article(Article(text=text, language=tag))
        assert len(out.attributions) == 1, tag
        assert out.language == "en"
    assert saywho.extract_article(Article(text=text, language="de")).attributions == ()


def test_beliefs_option_reaches_extraction():
    pytest.importorskip("spacy")
    with_beliefs = saywho.extract(BELIEF).attributions
    without = saywho.extract(BELIEF, options=ExtractOptions(beliefs=False)).attributions
    assert any(a.cue and a.cue.lemma == "believe" for a in with_beliefs)
    assert not any(a.cue and a.cue.lemma == "believe" for a in without)
