"""Resolved-speaker scoring on small gold written here: names, generic sources, the figures,
the worksheets and ``saywho eval``'s report of them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from saywho import cli
from saywho.errors import EvalError
from saywho.evaluate import (
    GoldAttribution,
    GoldDoc,
    GoldSpeaker,
    evaluate,
    is_right,
    match,
    polnear_docs,
    score,
    score_article,
    speaker_sheets,
)
from saywho.records import Article, Attribution, Content, Span, Speaker

ROOT = Path(__file__).resolve().parents[1]


def named(name, *also, form="name", type="PERSON", source="x", id=0) -> GoldSpeaker:
    return GoldSpeaker(id=id, source=source, name=name, form=form, type=type, also=also)


def generic(source, id=0) -> GoldSpeaker:
    return GoldSpeaker(id=id, source=source, name=None, form="generic", type="OTHER")


# --- names ----------------------------------------------------------------------------------


def test_person_names_drop_titles_initials_and_middle_names():
    gold = named("Elizabeth Warren")
    assert is_right("Sen. Elizabeth Warren", gold)
    assert is_right("elizabeth warren", gold)
    assert is_right("Elizabeth A. Warren", gold)
    assert is_right("Elizabeth Ann Warren", gold)  # same first and last word
    assert is_right("Fox host Elizabeth Warren", gold)  # ends with the full gold name
    assert not is_right("Elizabeth Holmes", gold)
    assert not is_right(None, gold) and not is_right("", gold)


def test_a_bare_surname_is_right_only_where_the_gold_lists_it():
    assert not is_right("Warren", named("Elizabeth Warren"))
    assert not is_right("Mrs. Warren", named("Elizabeth Warren"))
    assert is_right("Mrs. Warren", named("Elizabeth Warren", "Warren"))


def test_organisations_by_subset_ending_in_the_same_word():
    campaign = named("Hillary Clinton's campaign", type="ORG")
    assert is_right("Clinton campaign", campaign)
    assert is_right("the Hillary Clinton campaign", campaign)
    assert not is_right("campaign", campaign)  # one word of a longer name says too little
    assert not is_right("Hillary Clinton", campaign)
    post = named("The Washington Post", "The Post", type="ORG")
    assert is_right("Washington Post", post) and is_right("the Post", post)
    assert not is_right("The Boston Globe", post)


def test_either_reading_counts_whatever_the_gold_type():
    # An organisation named like a person, and a person matched by the subset rule.
    assert is_right("Trump Organization", named("The Trump Organization", type="ORG"))
    assert is_right("Ruiz", named("Ruiz", type="ORG"))


def test_generic_sources_are_right_when_no_name_is_invented():
    officials = generic("French health officials")
    assert is_right(None, officials)
    assert is_right("French health officials", officials)
    assert is_right("The French health officials", generic("French health officials"))
    assert not is_right("France", officials)
    assert not is_right("Agnès Buzyn", officials)


# --- figures over articles ------------------------------------------------------------------

TEXT = ("Mayor Ana Ruiz said the bridge would reopen. She added that repairs would be quick. "
        "Officials said the cost would double. The council said it would vote in May.")


def span(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


def attribution(content: str, name: str | None) -> Attribution:
    a, b = span(content)
    speaker = Speaker(Span.of(TEXT, 0, 3), name) if name is not None else None
    return Attribution(kind="indirect", content=Content(a, b, TEXT[a:b]), speaker=speaker)


GOLD = GoldDoc("d", TEXT, (
    GoldAttribution((span("the bridge would reopen"),), source=(span("Mayor Ana Ruiz"),)),
    GoldAttribution((span("repairs would be quick"),), source=(span("She"),)),
    GoldAttribution((span("the cost would double"),), source=(span("Officials"),)),
    GoldAttribution((span("it would vote in May"),), source=(span("The council"),)),
), speakers=(
    named("Ana Ruiz", id=0, source="Mayor Ana Ruiz"),
    named("Ana Ruiz", id=1, source="She", form="pronoun"),
    generic("Officials", id=2),
    named("Harbour City Council", id=3, source="The council", form="description", type="ORG"),
))


def test_figures_by_form_and_who_said_what_recall():
    predicted = (
        attribution("the bridge would reopen", "Ana Ruiz"),  # right
        attribution("repairs would be quick", "Tom Hale"),  # wrong person for "She"
        attribution("the cost would double", None),  # generic, honestly unnamed: right
    )  # the council's statement is not found at all
    figures = evaluate([GOLD], lambda a: a.with_attributions(predicted)).to_dict()["speakers"]
    assert figures["articles"] == 1
    assert figures["matched_sourced"] == 3
    assert figures["resolved_acc"] == round(2 / 3, 4)
    assert figures["named_acc"] == 0.5 and figures["generic_acc"] == 1.0
    assert figures["by_form"] == {
        "generic": {"n": 1, "right": 1, "acc": 1.0},
        "name": {"n": 1, "right": 1, "acc": 1.0},
        "pronoun": {"n": 1, "right": 0, "acc": 0.0},
    }
    # three named gold (the unmatched council counts), one found and named right
    assert (figures["named_gold"], figures["named_found_right"]) == (3, 1)
    assert figures["who_said_what_recall"] == round(1 / 3, 4)


def test_outcomes_keep_the_predicted_name_and_failed_articles_score_empty():
    result = score_article(GOLD, (attribution("repairs would be quick", "Tom Hale"),))
    by_id = {o.item.id: o for o in result.speakers}
    assert by_id[1].matched and not by_id[1].right and by_id[1].predicted == "Tom Hale"
    assert not by_id[0].matched and not by_id[0].right
    report = evaluate([GOLD], lambda a: (_ for _ in ()).throw(RuntimeError("boom")))
    figures = report.to_dict()["speakers"]
    assert figures["matched_sourced"] == 0 and figures["resolved_acc"] is None
    assert figures["who_said_what_recall"] == 0.0


def test_articles_without_speaker_gold_leave_the_figures_out():
    plain = GoldDoc("d", TEXT, GOLD.attributions)
    report = evaluate([plain], lambda a: a)
    assert "speakers" not in report.to_dict()
    assert report.articles[0].speakers is None


def test_equal_overlaps_go_to_the_later_gold_then_the_later_prediction():
    gold = [((0, 10),), ((10, 20),)]
    pred = [((5, 15),)]  # 5 characters of each gold
    assert [(p.gold, p.pred) for p in match(gold, pred, 0.5)] == [(0, 0)]
    assert [(p.gold, p.pred) for p in match(gold, pred, 0.5, later_first=True)] == [(1, 0)]
    two = [((0, 10),), ((0, 10),)]
    assert [(p.gold, p.pred) for p in match(gold[:1], two, 0.5, later_first=True)] == [(0, 1)]


# --- worksheets and the command -------------------------------------------------------------

BRIDGE = '"We will reopen the bridge," Mayor Ana Ruiz said. She said repairs would be quick.\n'


def write_corpus(root: Path, *, ann_name: str = "herald_2024-03-05_bridge_a1.ann",
                 form: str | None = "pronoun") -> Path:
    """A one-article PolNeAR split under root/polnear/data/dev and its worksheet beside it."""
    split = root / "polnear" / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "herald_2024-03-05_bridge.txt").write_text(BRIDGE, encoding="utf-8")

    def t(piece):
        a = BRIDGE.index(piece)
        return f"{a} {a + len(piece)}\t{piece}"

    (split / "attributions" / "herald_2024-03-05_bridge_a1.ann").write_text("\n".join([
        f"T1\tContent {t('We will reopen the bridge,')}", f"T2\tSource {t('Mayor Ana Ruiz')}",
        f"T3\tContent {t('repairs would be quick')}", f"T4\tSource {t('She')}",
        "E1\tAttribution:T1 Content:T1 Source:T2", "E2\tAttribution:T3 Content:T3 Source:T4",
    ]) + "\n", encoding="utf-8")
    sheets = root / "polnear-speakers" / "dev"
    sheets.mkdir(parents=True)
    (sheets / "herald_2024-03-05_bridge.json").write_text(json.dumps({
        "doc": "herald_2024-03-05_bridge", "ann": ann_name, "items": [
            {"id": 0, "source": "Mayor Ana Ruiz", "name": "Ana Ruiz", "type": "PERSON",
             "also": ["Ruiz"], "form": "name"},
            {"id": 1, "source": "She", "name": "Ana Ruiz", "type": "PERSON", "also": ["Ruiz"],
             "form": form},
        ]}), encoding="utf-8")
    return split


def test_worksheets_ride_on_their_gold_documents(tmp_path):
    split = write_corpus(tmp_path)
    (doc,) = polnear_docs(split, speakers=tmp_path / "polnear-speakers" / "dev")
    assert [s.form for s in doc.speakers] == ["name", "pronoun"]
    assert doc.speakers[0].also == ("Ruiz",)
    assert polnear_docs(split)[0].speakers is None


def test_a_worksheet_made_on_another_annotation_is_refused(tmp_path):
    split = write_corpus(tmp_path, ann_name="herald_2024-03-05_bridge_b2.ann")
    with pytest.raises(EvalError, match="made on herald_2024-03-05_bridge_b2.ann"):
        polnear_docs(split, speakers=tmp_path / "polnear-speakers" / "dev")


def test_unannotated_worksheets_are_left_out(tmp_path):
    write_corpus(tmp_path, form=None)
    with pytest.raises(EvalError, match="no annotated resolved-speaker worksheets"):
        speaker_sheets(tmp_path / "polnear-speakers" / "dev")


def _fake_extractor(monkeypatch, names: dict[str, str]) -> None:
    import saywho.extraction as extraction

    def extract_many(articles, *, model=None, batch_size=32, **_):
        for article in articles:
            text, found = article.text, []
            for content, name in names.items():
                a = text.index(content)
                found.append(Attribution(kind="indirect",
                                         content=Content(a, a + len(content), content),
                                         speaker=Speaker(Span.of(text, 0, 1), name)))
            yield article.with_attributions(tuple(found))

    monkeypatch.setattr(extraction, "extract_many", extract_many)


def test_cli_eval_reports_resolved_speakers_and_writes_predictions(tmp_path, monkeypatch, capsys):
    split = write_corpus(tmp_path)
    _fake_extractor(monkeypatch, {"We will reopen the bridge,": "Ana Ruiz",
                                  "repairs would be quick": "Tom Hale"})
    out, preds = tmp_path / "eval.json", tmp_path / "preds"
    assert cli.main(["eval", "--polnear", str(split), "--json", str(out),
                     "--pred-dir", str(preds)]) == 0
    assert "resolved speakers (2 matched" in capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["speaker_gold"].endswith("polnear-speakers/dev")
    assert figures["speakers"]["resolved_acc"] == 0.5
    assert figures["speakers"]["by_form"]["pronoun"]["acc"] == 0.0
    written = json.loads((preds / "herald_2024-03-05_bridge.json").read_text(encoding="utf-8"))
    assert Article.from_dict(written).attributions[1].speaker.name == "Tom Hale"

    assert cli.main(["eval", "--polnear", str(split), "--json", str(out), "--no-speakers"]) == 0
    assert "speakers" not in json.loads(out.read_text(encoding="utf-8"))
    code = cli.main(["eval", "--polnear", str(split), "--speakers", str(tmp_path / "none")])
    assert code == EvalError.exit_code
    assert "does not exist" in capsys.readouterr().err


def _gate_module():
    spec = importlib.util.spec_from_file_location("check_gate", ROOT / "benchmarks" / "check_gate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gate_reads_nested_speaker_figures():
    gate = _gate_module()
    figures = {"quoted": {"f1@0.5": 0.9},
               "speakers": {"resolved_acc": 0.8, "by_form": {"pronoun": {"acc": 0.55}}}}
    assert gate.lookup(figures, "quoted.f1@0.5") == 0.9
    assert gate.lookup(figures, "speakers.by_form.pronoun.acc") == 0.55
    assert gate.lookup(figures, "speakers.by_form.name.acc") is None
    rows, failures = gate.check(figures, {"speakers.resolved_acc": 0.7,
                                          "speakers.by_form.pronoun.acc": 0.6})
    assert len(rows) == 2 and len(failures) == 1 and "pronoun.acc is 0.55" in failures[0]


def test_pinned_minimums_name_figures_the_eval_writes():
    pinned = json.loads((ROOT / "benchmarks" / "minimums.json").read_text(encoding="utf-8"))
    quoted = GoldDoc("q", '"Yes," she said.', (
        GoldAttribution(((1, 5),), source=((7, 10),), quoted=True),))
    said = Attribution(kind="direct", content=Content(1, 5, "Yes,"),
                       speaker=Speaker(Span.of(quoted.text, 7, 10), "she"))
    # one statement of every source form the minimums pin, all found
    report = "A city report said traffic would fall."
    every_form = GoldDoc("f", TEXT + " " + report, GOLD.attributions + (
        GoldAttribution(((len(TEXT) + 20, len(TEXT) + len(report)),), source=((len(TEXT) + 1, len(TEXT) + 14),)),),
        speakers=GOLD.speakers + (named("Harbour City Council", id=4, source="A city report", form="document",
                                        type="ORG"),))
    found = [attribution(c, n) for c, n in (("the bridge would reopen", "Ana Ruiz"), ("repairs would be quick", "Ruiz"),
                                            ("the cost would double", None), ("it would vote in May", None))]
    found.append(Attribution(kind="indirect", content=Content.of(every_form.text, len(TEXT) + 20,
                                                                 len(TEXT) + len(report)), speaker=None))
    figures = score([
        (every_form, Article(text=every_form.text, attributions=tuple(found))),
        (quoted, Article(text=quoted.text, attributions=(said,))),
    ]).to_dict()
    gate = _gate_module()
    for key in pinned:
        if not key.startswith("_"):
            assert gate.lookup(figures, key.removesuffix("_max")) is not None, key
