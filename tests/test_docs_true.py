"""The README and docs/ say only what is true of the command line and the Python API.

- Every `saywho` command line in a shell block parses with the real parser (subcommand,
  options and their choices).
- Every inline `saywho SUBCOMMAND ...` names a real subcommand (and speaker action), and each
  option in it exists on that subcommand, with the choices written (`--format a|b`).
- Every other inline option (`--workers`) exists on a subcommand named in the same section
  (on any subcommand when the section names none), unless it belongs to another program
  (below) or to a benchmark script named beside it.
- The README's Python example runs as written; the imports of every Python block in docs/
  resolve, and the `store.method(...)` calls in them name real `Store` methods.
- `make` targets and linked files exist.
- The speaker identity rules are explained where users look: the README and the speaker page.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from saywho.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Options of other programs that the docs name in passing (with the program).
FOREIGN_OPTIONS = {
    "--packages": "spark-submit",
    "--container-image": "gcloud dataproc batches submit",
    "--no-deps": "pip wheel",
}
# An inline span starting with one of these is another program's command line.
FOREIGN_PROGRAMS = ("pip", "python", "python3", "spark-submit", "make", "pytest", "uvicorn")

OPTION = re.compile(r"(?<![\w-])--?[a-zA-Z][a-zA-Z-]*")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


SUBCOMMANDS = _subcommands()


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def _sections(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """A document as sections (a `#` or `##` heading and what follows it, `###` subsections
    included); a section's pieces are ("code:LANG", block) or ("text", paragraph).
    Backslash-continued lines of a code block are joined."""
    sections: list[tuple[str, list[tuple[str, str]]]] = [("(top)", [])]
    fence: str | None = None
    block: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            sections[-1][1].append(("text", " ".join(paragraph)))
            paragraph.clear()

    for line in path.read_text("utf-8").splitlines():
        if fence is not None:
            if line.startswith("```"):
                sections[-1][1].append(("code:" + fence, "\n".join(block).replace("\\\n", " ")))
                fence, block = None, []
            else:
                block.append(line)
        elif line.startswith("```"):
            end_paragraph()
            fence = line[3:].strip()
        elif re.match(r"##? ", line):
            end_paragraph()
            sections.append((line.lstrip("#").strip(), []))
        elif not line.strip() or line.startswith("#") or re.match(r"\s*(- |\d+\. |\|)", line):
            end_paragraph()  # a blank line, a subheading, a list item or a table row
            if line.strip() and not line.startswith("#"):
                paragraph.append(line.strip())
        else:
            paragraph.append(line.strip())
    end_paragraph()
    return sections


def _command_lines(block: str) -> list[list[str]]:
    """The `saywho ...` commands of a shell block, as argv lists (a pipeline or a list of
    commands is cut at `|`, `&&`, `;`; redirections are left out)."""
    found = []
    for line in block.splitlines():
        lexer = shlex.shlex(line.strip().removeprefix("$ "), posix=True,
                            punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            tokens = list(lexer)
        except ValueError:
            continue
        command: list[str] = []
        redirect = False
        for token in tokens + [";"]:
            if token and set(token) <= set("<>"):
                redirect = True  # `> file`: neither is an argument
            elif token and set(token) <= set("|&;()"):
                if command[:1] == ["saywho"]:
                    found.append(command)
                command = []
            elif redirect:
                redirect = False
            else:
                command.append(token)
    return found


def _inline_spans(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def _named(paragraph: str) -> set[str]:
    """The subcommands an inline span of `paragraph` names (`saywho ingest`, `ingest`)."""
    named = set()
    for span in _inline_spans(paragraph):
        words = span.split()
        if words[0] == "saywho" and len(words) > 1:
            named.add(words[1])
        elif words[0] in SUBCOMMANDS:
            named.add(words[0])
    return named & set(SUBCOMMANDS)


def _check_option(sub: str, option: str, following: str | None) -> str | None:
    """Why `option` (followed by the token `following`) is wrong on `sub`, or None."""
    parser = SUBCOMMANDS[sub]
    action = parser._option_string_actions.get(option)
    if action is None:
        return f"'saywho {sub}' has no option {option}"
    if action.choices and following and not following.startswith("-"):
        values = [v for v in following.strip("[]").split("|") if v]
        if all(v.islower() or v.isdigit() for v in values):  # not a placeholder like NAME
            wrong = [v for v in values if v not in action.choices]
            if wrong:
                return (f"'saywho {sub} {option}' takes {sorted(action.choices)}, "
                        f"not {wrong}")
    return None


def _problems(path: Path) -> tuple[list[str], int]:
    problems: list[str] = []
    checked = 0
    rel = path.relative_to(ROOT)
    for heading, pieces in _sections(path):
        # the subcommands this section talks about
        named: set[str] = set()
        for kind, text in pieces:
            if kind.startswith("code"):
                named |= {argv[1] for argv in _command_lines(text) if len(argv) > 1}
            else:
                named |= _named(text)
        named &= set(SUBCOMMANDS)
        for kind, text in pieces:
            where = f"{rel} ({heading})"
            if kind in ("code:", "code:sh", "code:bash", "code:console"):
                for argv in _command_lines(text):
                    checked += 1
                    err = io.StringIO()
                    try:
                        with contextlib.redirect_stderr(err):
                            build_parser().parse_args(argv[1:])
                    except SystemExit as exc:
                        if exc.code:
                            problems.append(f"{where}: {shlex.join(argv)!r} does not parse: "
                                            f"{err.getvalue().strip().splitlines()[-1]}")
                continue
            if kind != "text":
                continue
            for span in _inline_spans(text):
                words = _split(span)
                if not words or words[0] in FOREIGN_PROGRAMS:
                    continue
                script = re.search(r"benchmarks/\S+?\.py", span)
                if script:
                    source = (ROOT / script.group(0)).read_text("utf-8")
                    for option in OPTION.findall(span):
                        checked += 1
                        if option not in source:
                            problems.append(f"{where}: {script.group(0)} has no {option}")
                    continue
                if words[0] == "saywho" and len(words) > 1 and re.fullmatch(r"[a-z-]+", words[1]):
                    sub = words[1]
                    checked += 1
                    if sub not in SUBCOMMANDS:
                        problems.append(f"{where}: no subcommand 'saywho {sub}' (in `{span}`)")
                        continue
                    rest = words[2:]
                    if sub == "speakers" and rest and re.fullmatch(r"[a-z][a-z|-]*", rest[0]):
                        from saywho.commands.store import SPEAKER_ACTIONS

                        for action in rest[0].split("|"):
                            if action not in SPEAKER_ACTIONS:
                                problems.append(f"{where}: no action 'saywho speakers {action}'")
                        rest = rest[1:]
                elif words[0] in SUBCOMMANDS and len(words) > 1 and words[1].startswith("-"):
                    sub, rest = words[0], words[1:]  # `ingest --workers N`
                elif words[0].startswith("-") and OPTION.fullmatch(words[0]):
                    option = words[0]
                    if not option.startswith("--") or option in FOREIGN_OPTIONS:
                        continue
                    checked += 1
                    candidates = sorted(named | _named(text)) or sorted(SUBCOMMANDS)
                    if not any(_check_option(s, option, words[1] if len(words) > 1 else None)
                               is None for s in candidates):
                        problems.append(f"{where}: `{span}` is no option of "
                                        f"{', '.join('saywho ' + s for s in candidates)}")
                    continue
                else:
                    continue
                for i, token in enumerate(rest):
                    for option in OPTION.findall(token.strip("[]")):
                        if token.strip("[]") != option and "=" not in token:
                            continue
                        checked += 1
                        following = rest[i + 1] if i + 1 < len(rest) else None
                        problem = _check_option(sub, option, following)
                        if problem:
                            problems.append(f"{where}: {problem} (in `{span}`)")
    return problems, checked


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_and_option_the_docs_name_exists(path: Path) -> None:
    problems, checked = _problems(path)
    assert not problems, "\n".join(problems)
    if path.name in ("README.md", "store.md", "scale.md", "web.md"):
        assert checked >= 5, f"{path.name}: only {checked} command lines and options found"


def test_the_checker_catches_what_does_not_exist(tmp_path: Path) -> None:
    doc = tmp_path / "bad.md"
    doc.write_text("# Bad\n\n```sh\nsaywho search tax --colour red\n```\n\n"
                   "`saywho frobnicate --x`, `saywho export --format xml`, "
                   "`saywho speakers undo`, `--no-such-option`\n", "utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        problems, _ = _problems(doc)
    finally:
        ROOT = saved
    text = "\n".join(problems)
    for expected in ("--colour", "frobnicate", "xml", "speakers undo", "--no-such-option"):
        assert expected in text, (expected, text)


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_make_targets_and_linked_files_exist(path: Path) -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([\w.-]+)\s*:", makefile, re.M))
    text = path.read_text("utf-8")
    for target in re.findall(r"(?:^|`)make ([\w-]+)", text, re.M):
        assert target in targets, f"{path.name}: no make target {target!r}"
    for link, anchor in re.findall(r"\]\(([^)#\s]+)(?:#([^)]*))?\)", text):
        if "://" in link:
            continue
        target = path.parent / link
        assert target.exists(), f"{path.name}: {link} does not exist"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text("utf-8"), re.M)
            slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                     for h in headings}
            assert anchor in slugs, f"{path.name}: {link} has no heading #{anchor}"


# ---- Python --------------------------------------------------------------------------------


def _python_blocks(path: Path) -> list[str]:
    return [text for _, pieces in _sections(path) for kind, text in pieces
            if kind == "code:python"]


@pytest.mark.model
def test_readme_python_example_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("spacy")
    blocks = _python_blocks(ROOT / "README.md")
    assert blocks, "README has no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})
    out = capsys.readouterr().out
    assert "Dmitry Peskov said We will not back down," in out and "Maria Ruiz" in out


@pytest.mark.parametrize("path", [p for p in DOCS if _python_blocks(p)],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_python_imports_and_store_methods_exist(path: Path) -> None:
    import ast

    from saywho.store import Store

    for block in _python_blocks(path):
        tree = ast.parse(block)  # every block is valid Python
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                exec(compile(ast.Module([node], []), str(path), "exec"), {})
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "store"):
                assert hasattr(Store, node.func.attr), f"{path.name}: no Store.{node.func.attr}"


# ---- speaker identity ----------------------------------------------------------------------


def test_speaker_identity_rules_are_explained_where_users_look() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = re.search(r"How saywho decides two names are one speaker.*?(?=\n## |\Z)",
                        readme, re.S)
    assert section and "docs/store.md#what-makes-two-speakers-the-same" in section.group(0)
    store_doc = (ROOT / "docs" / "store.md").read_text("utf-8")
    assert "### What makes two speakers the same" in store_doc
    page = (ROOT / "src" / "saywho" / "web" / "templates" / "speaker.html").read_text("utf-8")
    assert "How speakers are linked" in page
