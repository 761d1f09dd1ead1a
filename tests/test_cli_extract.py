"""``saywho extract`` end to end: formats, bad input, exit codes."""

import json
import subprocess
import sys
from pathlib import Path


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def saywho(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "saywho.cli", *args], input=stdin,
                          capture_output=True, timeout=300)


def test_jsonl_follows_the_schema_and_offsets_match_the_input(tmp_path):
    path = tmp_path / "a.txt"
    body = '“We did it,” said Ann Lee on Sunday.\n\nShe told reporters the fight was over.\n'
    path.write_text(body, encoding="utf-8")
    run = saywho("extract", str(path), "--format", "jsonl", "--published", "2025-02-24")
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout)
    assert record["schema"] == "saywho.article/1" and record["text"] == body
    assert record["source"]["path"] == str(path)
    first = record["attributions"][0]
    assert first["speaker"]["name"] == "Ann Lee" and first["time"]["date"] == "2025-02-23"
    assert body[first["content"]["start"]:first["content"]["end"]] == first["content"]["text"]


def test_table_lists_who_said_what_for_the_examples():
    run = saywho("extract", *map(str, sorted(EXAMPLES.glob("*.txt"))), "--format", "table")
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode()
    assert out.count("=====") >= 5 and "cue: said" in out and "direct" in out


def test_stdin_and_json_format():
    run = saywho("extract", "-", "--format", "json", stdin='"Yes," said Ann Lee.'.encode())
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["attributions"][0]["content"]["text"] == "Yes,"


def test_bad_inputs_are_reported_and_the_rest_go_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text('"We will win," said Ann Lee.', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    run = saywho("extract", str(tmp_path / "empty.txt"), str(tmp_path / "binary.txt"), str(good),
                 str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert run.returncode == 1
    lines = run.stdout.decode().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["source"]["path"] == str(good)
    errors = run.stderr.decode().strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("saywho: ") for e in errors)
    assert "Traceback" not in run.stderr.decode()


def test_usage_errors_exit_2_without_traceback():
    run = saywho("extract", "-", "--published", "Sunday", stdin=b"text")
    assert run.returncode == 2 and b"YYYY-MM-DD" in run.stderr and b"Traceback" not in run.stderr


def test_missing_model_is_one_line_naming_the_install_command():
    run = saywho("extract", "-", "--model", "no_such_model_xyz", stdin=b'"Hi," she said.')
    assert run.returncode == 3
    message = run.stderr.decode().strip()
    assert "\n" not in message and "pip install" in message


def test_very_large_input_gets_a_clear_message(tmp_path):
    paragraph = '"The port will reopen on Monday," the harbour master said.\n\n'
    path = tmp_path / "large.txt"
    path.write_text(paragraph * (10_500_000 // len(paragraph)), encoding="utf-8")
    run = saywho("extract", str(path), "--format", "jsonl")
    assert run.returncode == 1 and run.stdout == b""
    message = run.stderr.decode().strip()
    assert "\n" not in message and "--max-bytes" in message


def test_long_article_is_parsed_in_chunks_with_offsets_intact():
    import saywho as api
    from saywho.extraction import MAX_CHUNK

    paragraph = '"The port will reopen on Monday," the harbour master said.\n\n'
    text = paragraph * (2 * MAX_CHUNK // len(paragraph) + 3)
    article = api.extract(text)
    assert len(article.attributions) == text.count("harbour master")
    for a in article.attributions:
        assert text[a.content.start:a.content.end] == a.content.text
        assert "reopen on Monday" in a.content.text


def test_public_api_names():
    import saywho as api

    assert set(api.__all__) <= set(dir(api))
    assert {"extract", "extract_many", "Article", "Attribution", "SaywhoError"} <= set(api.__all__)
