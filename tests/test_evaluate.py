"""The scorer and ``saywho eval`` on small gold written here (brat standoff in tmp_path)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from saywho import cli
from saywho.errors import EvalError, ModelError
from saywho.evaluate import (
    GoldAttribution,
    GoldDoc,
    evaluate,
    extract_safely,
    format_report,
    match,
    own_docs,
    parse_brat,
    polnear_docs,
    score_article,
)
from saywho.evaluate.metrics import merge, overlap
from saywho.records import Article, Attribution, Content, Cue, Span, Speaker

ROOT = Path(__file__).resolve().parents[1]

BRIDGE = (
    "The council met on Monday to discuss the river crossing.\n"
    '"We will reopen the bridge before the spring floods," Mayor Ana Ruiz said. '
    "Engineers believe the repairs will cost more than planned, according to a memo.\n"
)
MARKET = (
    "Traders were nervous on Friday.\n"
    '"Prices are simply too high," said Tom Hale, who runs a fruit stall. '
    "The market will close early, the organisers announced.\n"
)


# --- helpers --------------------------------------------------------------------------------


def find(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def write_brat(split: Path, name: str, text: str, events: list[dict], annotator: str = "a1"
               ) -> None:
    """Write ``text`` and a brat .ann whose events name their spans by their text."""
    (split / "text").mkdir(parents=True, exist_ok=True)
    (split / "attributions").mkdir(parents=True, exist_ok=True)
    (split / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    lines, t = [], 0
    for e, event in enumerate(events, 1):
        args = []
        for role in ("Content", "Cue", "Source"):
            pieces = event.get(role.lower())
            if not pieces:
                continue
            pieces = [pieces] if isinstance(pieces, str) else pieces
            ranges = [find(text, p) for p in pieces]
            t += 1
            spans = ";".join(f"{a} {b}" for a, b in ranges)
            lines.append(f"T{t}\t{role} {spans}\t{' '.join(pieces)}")
            args.append(f"{role}:T{t}")
        t += 1
        lines.append(f"T{t}\tAttribution 0 1\t{text[0]}")
        kind = "Attribution" if event.get("source") else "Attribution-no-source"
        lines.append(f"E{e}\t{kind}:T{t} " + " ".join(args))
    ann = split / "attributions" / f"{name}_{annotator}.ann"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")


def gold(content: list[tuple[int, int]], *, cue=(), source=(), quoted=False) -> GoldAttribution:
    return GoldAttribution(tuple(content), tuple(cue), tuple(source), quoted)


def pred(text: str, start: int, end: int, *, kind="indirect", parts=None, speaker=None, cue=None
         ) -> Attribution:
    content = Content(start, end, text[start:end],
                      tuple(Span.of(text, a, b) for a, b in parts) if parts else None)
    return Attribution(
        kind=kind,
        content=content,
        speaker=Speaker(Span.of(text, *speaker), text[speaker[0]:speaker[1]]) if speaker else None,
        cue=Cue(cue[0], cue[1], text[cue[0]:cue[1]], "say") if cue else None,
    )


TEXT = "x" * 200  # plain filler: the scorer only looks at offsets


def counts(result, category="all", threshold=0.5):
    return result.counts[(category, threshold)]


# --- spans and matching ---------------------------------------------------------------------


def test_merge_and_overlap_count_each_character_once():
    assert merge([(5, 10), (0, 3), (8, 12), (4, 4)]) == ((0, 3), (5, 12))
    assert overlap(merge([(0, 10), (20, 30)]), merge([(5, 25)])) == 10
    assert overlap(((0, 5),), ((5, 9),)) == 0


def test_exact_match_scores_one():
    doc = GoldDoc("d", TEXT, (gold([(10, 50)], cue=[(55, 59)], source=[(60, 70)]),))
    result = score_article(doc, [pred(TEXT, 10, 50, speaker=(60, 70), cue=(55, 59))])
    c = counts(result, threshold=0.8)
    assert (c.gold, c.predicted, c.matched) == (1, 1, 1)
    assert c.precision == c.recall == c.f1 == 1.0
    assert c.speaker_accuracy == 1.0 and c.cue_accuracy == 1.0


@pytest.mark.parametrize("covered, matched_at", [
    (2, set()),            # 0.2 of the gold: below every threshold
    (3, {0.3}),            # exactly 0.3 counts at 0.3
    (4, {0.3}),
    (5, {0.3, 0.5}),       # exactly half
    (7, {0.3, 0.5}),
    (8, {0.3, 0.5, 0.8}),
])
def test_partial_overlap_against_each_threshold(covered, matched_at):
    # gold is 10 characters; the prediction runs past its end and covers `covered` of them
    doc = GoldDoc("d", TEXT, (gold([(100, 110)]),))
    result = score_article(doc, [pred(TEXT, 110 - covered, 140)])
    assert {t for t in (0.3, 0.5, 0.8) if counts(result, threshold=t).matched} == matched_at


def test_threshold_is_relative_to_the_gold_not_the_prediction():
    # a long prediction covering all of a short gold still matches at 0.8
    doc = GoldDoc("d", TEXT, (gold([(50, 60)]),))
    assert counts(score_article(doc, [pred(TEXT, 0, 200)]), threshold=0.8).matched == 1


def test_two_predictions_over_one_gold_make_one_match():
    doc = GoldDoc("d", TEXT, (gold([(0, 100)]),))
    result = score_article(doc, [pred(TEXT, 0, 60), pred(TEXT, 40, 100)])
    c = counts(result)
    assert (c.matched, c.predicted, c.gold) == (1, 2, 1)
    assert c.precision == 0.5 and c.recall == 1.0
    # the larger overlap wins the gold
    assert result.pairs[("all", 0.5)][0].pred == 0


def test_greedy_takes_the_largest_overlap_first():
    gold_ranges = [((0, 100),), ((100, 130),)]
    pred_ranges = [((20, 125),), ((90, 130),)]
    # pred 0 shares 80 with gold 0, 25 with gold 1; pred 1 shares 10 and 30
    pairs = match(gold_ranges, pred_ranges, 0.3)
    assert [(p.gold, p.pred, p.overlap) for p in pairs] == [(0, 0, 80), (1, 1, 30)]


def test_pairs_below_threshold_do_not_block_a_valid_match():
    # pred 0 shares more characters with the long gold 0 than with gold 1, but only gold 1
    # reaches the threshold: it must still be matched.
    gold_ranges = [((0, 1000),), ((1000, 1040),)]
    pairs = match(gold_ranges, [((900, 1040),)], 0.5)
    assert [(p.gold, p.pred) for p in pairs] == [(1, 0)]


def test_discontinuous_gold_counts_its_ranges_together():
    doc = GoldDoc("d", TEXT, (gold([(0, 10), (20, 30)]),))
    whole = score_article(doc, [pred(TEXT, 0, 30)])
    assert counts(whole, threshold=0.8).matched == 1
    first_half = score_article(doc, [pred(TEXT, 0, 10)])
    assert counts(first_half, threshold=0.5).matched == 1
    assert counts(first_half, threshold=0.8).matched == 0


def test_prediction_parts_replace_its_extent():
    # the gold sits between the two quoted parts, where the attribution is
    doc = GoldDoc("d", TEXT, (gold([(12, 28)]),))
    without_parts = score_article(doc, [pred(TEXT, 0, 40)])
    with_parts = score_article(doc, [pred(TEXT, 0, 40, parts=[(0, 10), (30, 40)])])
    assert counts(without_parts).matched == 1
    assert counts(with_parts, threshold=0.3).matched == 0


def test_quoted_and_unquoted_are_matched_apart():
    text = 'She said "the vote is lost" and he thinks it was rigged all along.'
    q, u = find(text, '"the vote is lost"'), find(text, "it was rigged all along")
    doc = GoldDoc("d", text, (gold([q], quoted=True), gold([u], quoted=False)))
    # a direct prediction over the unquoted gold, an indirect one over the quoted gold
    preds = [pred(text, *u, kind="direct"), pred(text, q[0] + 1, q[1] - 1, kind="indirect")]
    result = score_article(doc, preds)
    assert (counts(result, "quoted").gold, counts(result, "quoted").predicted) == (1, 1)
    assert counts(result, "quoted").matched == 0
    assert counts(result, "unquoted").matched == 0
    assert counts(result, "all").matched == 2


def test_prediction_with_a_quote_mark_is_quoted_whatever_its_kind():
    text = 'He called the plan "a disaster" in a speech.'
    span = find(text, 'the plan "a disaster"')
    doc = GoldDoc("d", text, (gold([span], quoted=True),))
    result = score_article(doc, [pred(text, *span, kind="indirect")])
    assert counts(result, "quoted").matched == 1


def test_speaker_and_cue_accuracy():
    doc = GoldDoc("d", TEXT, (
        gold([(0, 20)], cue=[(22, 26)], source=[(27, 37)]),
        gold([(40, 60)], cue=[(62, 66)], source=[(67, 77)]),
        gold([(80, 100)], cue=[(102, 106)]),  # no Source: left out of speaker accuracy
        gold([(120, 140)], source=[(150, 160)]),
    ))
    preds = [
        pred(TEXT, 0, 20, speaker=(30, 33), cue=(22, 26)),   # speaker inside the Source: right
        pred(TEXT, 40, 60, speaker=(0, 5), cue=(80, 84)),    # both wrong
        pred(TEXT, 80, 100, speaker=(0, 5), cue=(105, 110)),  # cue overlaps by one character
        pred(TEXT, 120, 140),                                # no speaker: wrong
    ]
    c = counts(score_article(doc, preds))
    assert c.matched == 4
    assert (c.speaker_correct, c.speaker_total) == (1, 3)
    assert (c.cue_correct, c.cue_total) == (2, 3)


def test_failed_article_counts_and_scores_as_empty(tmp_path):
    docs = [
        GoldDoc("ok", TEXT, (gold([(0, 10)]),)),
        GoldDoc("bad", TEXT + "!", (gold([(0, 10)]), gold([(20, 30)]))),
    ]

    def predict(article: Article) -> Article:
        if article.text.endswith("!"):
            raise ValueError("odd number of quote marks")
        return article.with_attributions((pred(article.text, 0, 10),))

    report = evaluate(docs, predict)
    figures = report.to_dict()
    assert figures["articles"] == 2 and figures["failed_articles"] == 1
    assert figures["failed"][0]["id"] == "bad"
    assert "odd number" in figures["failed"][0]["error"]
    # micro-average: 1 match out of 1 prediction and 3 gold
    assert figures["all"]["precision@0.5"] == 1.0
    assert figures["all"]["recall@0.5"] == pytest.approx(1 / 3, abs=1e-4)
    assert "1 failed" in format_report(report)


# --- reading corpora ------------------------------------------------------------------------


def test_parse_brat_roles_discontinuous_and_missing_source():
    text = '"Stay home," the official said. "Roads are closed."'
    ann = "\n".join([
        "T1\tContent 0 12;32 51\t\"Stay home,\" \"Roads are closed.\"",
        "T2\tCue 26 30\tsaid",
        "T3\tSource 13 25\tthe official",
        "T4\tAttribution 26 30\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
        "T5\tContent 13 25\tthe official",
        "T6\tCue 26 30\tsaid",
        "E2\tAttribution-no-source:T4 Cue:T6 Content:T5",
        "T7\tDiscard 0 1\t\"",
        "E3\tAttribution-no-source:T4",  # no content: nothing to score
    ])
    first, second = parse_brat(ann, text)
    assert first.content == ((0, 12), (32, 51)) and first.quoted
    assert first.source == ((13, 25),) and first.cue == ((26, 30),)
    assert second.source == () and not second.quoted


def test_parse_brat_numbered_content_roles_join_the_content():
    text = "She warned that taxes would rise and that schools would close."
    ann = "\n".join([
        "T1\tContent 16 32\ttaxes would rise",
        "T2\tContent 42 61\tschools would close",
        "T3\tCue 4 10\twarned",
        "T4\tSource 0 3\tShe",
        "E1\tAttribution:T3 Cue:T3 Source:T4 Content:T1 Content2:T2",
    ])
    (only,) = parse_brat(ann, text)
    assert only.content == ((16, 32), (42, 61))


@pytest.mark.parametrize("ann, message", [
    ("T1\tContent five 9\tx", "malformed span line"),
    ("T1\tContent 0 999\tx", "outside the article"),
    ("E1\tAttribution:T1 Content:T9", "unknown span"),
])
def test_parse_brat_rejects_bad_lines_with_their_place(ann, message):
    with pytest.raises(EvalError, match=message) as info:
        parse_brat(ann, "short text", where="doc.ann")
    assert "doc.ann:1" in str(info.value)


def test_polnear_docs_reads_a_split(tmp_path):
    split = tmp_path / "dev"
    write_brat(split, "herald_2024-03-05_bridge", BRIDGE, [
        {"content": '"We will reopen the bridge before the spring floods,"', "cue": "said",
         "source": "Mayor Ana Ruiz"},
        {"content": "the repairs will cost more than planned", "cue": "believe",
         "source": "Engineers"},
    ])
    # a second annotator of the same article: only the first in sorted order is read
    write_brat(split, "herald_2024-03-05_bridge", BRIDGE, [], annotator="b2")
    write_brat(split, "post_2024-03-08_market", MARKET, [
        {"content": "The market will close early", "cue": "announced"},
    ])
    docs = polnear_docs(split)
    assert [d.id for d in docs] == ["herald_2024-03-05_bridge", "post_2024-03-08_market"]
    bridge = docs[0]
    assert bridge.published == "2024-03-05"
    assert [g.quoted for g in bridge.attributions] == [True, False]
    assert bridge.text[slice(*bridge.attributions[0].source[0])] == "Mayor Ana Ruiz"
    assert docs[1].attributions[0].source == ()
    assert bridge.article().source.path.endswith("herald_2024-03-05_bridge.txt")
    assert len(polnear_docs(split, limit=1)) == 1


def test_polnear_docs_explains_a_wrong_folder(tmp_path):
    (tmp_path / "data" / "dev").mkdir(parents=True)
    with pytest.raises(EvalError, match="did you mean"):
        polnear_docs(tmp_path)


def test_polnear_docs_names_an_article_without_annotations(tmp_path):
    split = tmp_path / "dev"
    write_brat(split, "a_2024-01-01_x", BRIDGE, [])
    (split / "text" / "b_2024-01-02_y.txt").write_text(MARKET, encoding="utf-8")
    with pytest.raises(EvalError, match="b_2024-01-02_y.txt has no annotation"):
        polnear_docs(split)


def test_own_gold_format_round_trips_to_a_perfect_score(tmp_path):
    text = '"The dam is safe," the engineer said.'
    article = Article(text=text, attributions=(
        pred(text, 1, 16, kind="direct", speaker=find(text, "the engineer"),
             cue=find(text, "said")),
    ))
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(article.to_dict()) + "\n\n", encoding="utf-8")
    (doc,) = own_docs(path)
    assert doc.attributions[0].quoted and doc.attributions[0].source == (find(text, "the engineer"),)
    report = evaluate([doc], lambda a: a.with_attributions(article.attributions))
    assert report.to_dict()["quoted"]["f1@0.8"] == 1.0
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvalError, match="gold.jsonl:1"):
        own_docs(path)


# --- running the extractor ------------------------------------------------------------------


def test_extract_safely_loses_only_the_article_at_fault(monkeypatch):
    import saywho.extraction as extraction

    def extract_many(articles, *, model=None, batch_size=32, **_):
        for article in articles:
            if "boom" in article.text:
                raise RuntimeError("parser broke")
            yield article.with_attributions((pred(article.text, 0, 3),))

    monkeypatch.setattr(extraction, "extract_many", extract_many)
    texts = ["one", "boom", "three", "four", "five"]
    out = list(extract_safely([Article(text=t) for t in texts], batch_size=2))
    assert [type(o).__name__ for o in out] == ["Article", "RuntimeError", "Article", "Article",
                                               "Article"]
    assert [o.text for o in out if isinstance(o, Article)] == ["one", "three", "four", "five"]

    def no_model(articles, *, model=None, batch_size=32, **_):
        raise ModelError("spaCy model x is not installed")
        yield  # pragma: no cover

    monkeypatch.setattr(extraction, "extract_many", no_model)
    with pytest.raises(ModelError):
        list(extract_safely([Article(text="x")]))


def _fixture_corpus(tmp_path: Path) -> Path:
    split = tmp_path / "dev"
    write_brat(split, "herald_2024-03-05_bridge", BRIDGE, [
        {"content": '"We will reopen the bridge before the spring floods,"', "cue": "said",
         "source": "Mayor Ana Ruiz"},
        {"content": "the repairs will cost more than planned", "cue": "according to",
         "source": "a memo"},
    ])
    write_brat(split, "post_2024-03-08_market", MARKET, [
        {"content": '"Prices are simply too high,"', "cue": "said", "source": "Tom Hale"},
        {"content": "The market will close early", "cue": "announced", "source": "the organisers"},
    ])
    return split


def test_cli_eval_on_a_two_article_corpus(tmp_path, monkeypatch, capsys):
    import saywho.extraction as extraction

    def fake_extract_many(articles, *, model=None, batch_size=32, **_):
        # finds only the quoted sentence of each article, with its speaker
        for article in articles:
            text = article.text
            start = text.index('"') + 1
            end = text.index('"', start)
            said = text.index("said", end)
            who = find(text, "Mayor Ana Ruiz" if "Ruiz" in text else "Tom Hale")
            yield article.with_attributions((
                pred(text, start, end, kind="direct", speaker=who, cue=(said, said + 4)),
            ))

    monkeypatch.setattr(extraction, "extract_many", fake_extract_many)
    out = tmp_path / "nested" / "eval.json"
    code = cli.main(["eval", "--polnear", str(_fixture_corpus(tmp_path)), "--json", str(out)])
    assert code == 0
    table = capsys.readouterr().out
    assert "2 articles, 0 failed" in table
    assert "quoted" in table and "unquoted" in table and "F1@0.5" in table
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["articles"] == 2 and figures["failed_articles"] == 0
    assert figures["quoted"]["f1@0.5"] == 1.0
    assert figures["quoted"]["speaker_accuracy"] == 1.0
    assert figures["all"]["recall@0.5"] == 0.5
    assert figures["unquoted"]["predicted"] == 0


def test_cli_eval_on_own_gold_jsonl(tmp_path, monkeypatch, capsys):
    import saywho.extraction as extraction

    text = '"The dam is safe," the engineer said. Residents doubt it will hold.'
    gold_article = Article(text=text, attributions=(
        pred(text, 1, 16, kind="direct", speaker=find(text, "the engineer"),
             cue=find(text, "said")),
        pred(text, *find(text, "it will hold"), speaker=find(text, "Residents"),
             cue=find(text, "doubt")),
    ))
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_article.to_dict()) + "\n", encoding="utf-8")

    def only_the_quote(articles, *, model=None, batch_size=32, **_):
        for article in articles:
            yield article.with_attributions(gold_article.attributions[:1])

    monkeypatch.setattr(extraction, "extract_many", only_the_quote)
    out = tmp_path / "own.json"
    assert cli.main(["eval", "--own", str(path), "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["format"] == "saywho.article/1"
    assert figures["quoted"]["f1@0.8"] == 1.0
    assert figures["unquoted"]["recall@0.5"] == 0.0 and figures["unquoted"]["gold"] == 1
    assert "1 articles, 0 failed" in capsys.readouterr().out


def test_cli_eval_reports_a_missing_corpus_in_one_line(tmp_path, capsys):
    code = cli.main(["eval", "--polnear", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code == EvalError.exit_code
    assert err.count("\n") == 1 and "not a PolNeAR split folder" in err


def test_cli_eval_rejects_a_bad_limit(tmp_path, capsys):
    assert cli.main(["eval", "--polnear", str(tmp_path), "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err


@pytest.mark.model
def test_cli_eval_with_the_real_extractor(tmp_path, capsys):
    from saywho.nlp.pipeline import load_model

    try:
        load_model()
    except ModelError as exc:
        pytest.skip(str(exc))
    out = tmp_path / "eval.json"
    assert cli.main(["eval", "--polnear", str(_fixture_corpus(tmp_path)), "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["failed_articles"] == 0
    # both articles open with a plainly attributed quote
    assert figures["quoted"]["recall@0.5"] == 1.0


# --- the CI gate ----------------------------------------------------------------------------


def _gate(tmp_path: Path, figures: dict, pinned: dict) -> subprocess.CompletedProcess:
    (tmp_path / "eval.json").write_text(json.dumps(figures), encoding="utf-8")
    (tmp_path / "min.json").write_text(json.dumps(pinned), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_gate.py"), str(tmp_path / "eval.json"),
         str(tmp_path / "min.json")], capture_output=True, text=True, timeout=60)


def test_gate_passes_and_fails_per_figure(tmp_path):
    figures = {"failed_articles": 1, "quoted": {"f1@0.5": 0.86, "speaker_accuracy": 0.7},
               "all": {"f1@0.5": 0.5, "speaker_accuracy": None}}
    ok = _gate(tmp_path, figures, {"_comment": "x", "quoted.f1@0.5": 0.85,
                                   "failed_articles_max": 1})
    assert ok.returncode == 0, ok.stderr
    assert "quoted.f1@0.5" in ok.stdout
    bad = _gate(tmp_path, figures, {"quoted.f1@0.5": 0.9, "quoted.speaker_accuracy": 0.5,
                                    "all.speaker_accuracy": 0.1, "failed_articles_max": 0})
    assert bad.returncode == 1
    failing = bad.stderr.strip().splitlines()
    assert len(failing) == 3
    assert any("quoted.f1@0.5 is 0.86" in line for line in failing)
    assert any("all.speaker_accuracy is not measured" in line for line in failing)
    assert any("failed_articles is 1, must be <= 0" in line for line in failing)


def test_gate_says_which_file_is_missing(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_gate.py"), str(tmp_path / "no.json"),
         str(ROOT / "benchmarks" / "minimums.json")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no.json not found" in result.stderr
