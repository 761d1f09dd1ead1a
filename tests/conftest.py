"""Shared fixtures.

Databases: ``store_url`` runs a test once on SQLite and once on a real PostgreSQL server.
The server is ``SAYWHO_TEST_PG_URL`` when set, otherwise a throwaway one started here from
the PostgreSQL binaries (``initdb`` on PATH or under /usr/lib/postgresql/*/bin) and stopped
at the end of the session; without binaries the PostgreSQL cases skip and say why. Each test
gets its own PostgreSQL schema (through ``search_path``), so tests never see each other's rows.

Articles: ``make_article`` builds ``Article`` records with attributions by hand from short
texts, so store tests need no spaCy model.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from saywho.records import Article, Attribution, Content, Cue, Source, Span, Speaker, TimeRef
from saywho.store import Store, open_store

PG_ENV_URL = "SAYWHO_TEST_PG_URL"
PG_USER = "postgres"  # the OS account the server runs as when the tests run as root


# --- PostgreSQL -------------------------------------------------------------------------------

def _pg_bindir() -> str | None:
    initdb = shutil.which("initdb")
    if initdb:
        return str(Path(initdb).resolve().parent)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[-3]) if p.split("/")[-3].isdigit() else 0)
    return str(Path(found[-1]).parent) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _LocalPostgres:
    """A throwaway cluster in a temporary directory, run as a non-root user when needed."""

    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        # Not under pytest's tmp dirs: those are private to root, and the server user must
        # be able to reach its data directory.
        self.root = Path(tempfile.mkdtemp(prefix="saywho-pg-"))
        self.data, self.socket_dir = self.root / "data", self.root / "socket"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(PG_USER)
            except KeyError:
                pytest.skip(f"PostgreSQL refuses to run as root and there is no {PG_USER!r} "
                            "user to run it as; create one or set SAYWHO_TEST_PG_URL")
            runuser = shutil.which("runuser") or next(
                (p for p in ("/usr/sbin/runuser", "/sbin/runuser") if os.path.exists(p)), None)
            if runuser is None:
                pytest.skip("PostgreSQL refuses to run as root and runuser (util-linux) is "
                            "missing; install it or set SAYWHO_TEST_PG_URL")
            self.prefix = [runuser, "-u", PG_USER, "--"]
            self.socket_dir.mkdir()
            for path in (self.root, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        else:
            self.socket_dir.mkdir()

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True,
                       timeout=120)

    def start(self) -> str:
        try:
            self._run(f"{self.bindir}/initdb", "-D", str(self.data), "-U", "postgres",
                      "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
            # Durability off: this server only lives for the test session.
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                       f"-k {self.socket_dir} -c fsync=off -c synchronous_commit=off "
                       "-c full_page_writes=off")
            self._run(f"{self.bindir}/pg_ctl", "-D", str(self.data), "-o", options,
                      "-l", str(self.log), "-w", "-t", "60", "start")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            output = getattr(error, "stderr", "") or ""
            self.stop()
            pytest.fail(f"could not start PostgreSQL from {self.bindir}: {output}\n{log}")
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE saywho_test")
        return f"postgresql://postgres@127.0.0.1:{self.port}/saywho_test"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.prefix, f"{self.bindir}/pg_ctl", "-D", str(self.data),
                            "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of a PostgreSQL database the tests may create schemas in."""
    if os.environ.get(PG_ENV_URL):
        yield os.environ[PG_ENV_URL]
        return
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not found (no initdb on PATH or in "
                    "/usr/lib/postgresql/*/bin): install Debian's postgresql package or set "
                    f"{PG_ENV_URL}")
    server = _LocalPostgres(bindir)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A PostgreSQL URL whose ``search_path`` is a fresh schema, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    plain = pg_server_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in plain else "?"
    yield f"{plain}{separator}options={quote(f'-csearch_path={name}')}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for an empty database, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'saywho.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An opened, empty ``Store`` on each backend."""
    opened = open_store(store_url)
    yield opened
    opened.close()


# --- hand-built articles ----------------------------------------------------------------------

def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def _attribution(text: str, spec: dict) -> Attribution:
    content = _span(text, spec["says"])
    speaker = None
    if spec.get("by"):
        mention = _span(text, spec.get("mention", spec["by"]))
        speaker = Speaker(mention, spec["by"], spec.get("type", "PERSON"), spec.get("role"),
                          spec.get("resolved_by", "explicit"))
    cue = None
    if spec.get("cue"):
        span = _span(text, spec["cue"], content.end if spec.get("cue_after", True) else 0)
        cue = Cue(span.start, span.end, span.text, spec.get("lemma", spec["cue"]))
    medium = _span(text, spec["medium"]) if spec.get("medium") else None
    addressee = _span(text, spec["to"]) if spec.get("to") else None
    when = TimeRef(spec["when"][0], spec["when"][1]) if spec.get("when") else None
    return Attribution(kind=spec.get("kind", "direct"),
                       content=Content(content.start, content.end, content.text),
                       speaker=speaker, cue=cue, addressee=addressee, medium=medium, time=when,
                       confidence=spec.get("confidence", 0.9))


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """``make_article(text, *specs, published=, url=, title=, site=)`` -> an extracted Article.

    Each spec is a dict: ``says`` (quoted text), ``by`` (speaker name), optional ``mention``,
    ``type``, ``role``, ``cue``, ``lemma``, ``kind``, ``medium``, ``to`` (addressee),
    ``when`` ((text, date)); spans are found in ``text`` by substring search.
    """

    def build(text: str, *specs: dict, published: str | None = None, url: str | None = None,
              title: str | None = None, site: str | None = None) -> Article:
        return Article(text=text, title=title, published=published, language="en",
                       source=Source(path=None, url=url),
                       attributions=tuple(_attribution(text, s) for s in specs),
                       meta={"site": site} if site else {})

    return build


@pytest.fixture
def news(make_article: Callable[..., Article]) -> list[Article]:
    """Four short invented articles with seven statements by four speakers across two sites."""
    a1 = make_article(
        '"Interest rates will stay where they are for now," Mr. Tomas Varga said on Tuesday. '
        'He told reporters that inflation was falling.',
        {"says": "Interest rates will stay where they are for now,", "by": "Tomas Varga",
         "mention": "Mr. Tomas Varga", "role": "central bank governor", "cue": "said",
         "lemma": "say", "when": ("on Tuesday", "2024-03-05")},
        {"says": "inflation was falling", "by": "Tomas Varga", "mention": "He",
         "resolved_by": "pronoun", "kind": "indirect", "cue": "told", "lemma": "tell",
         "cue_after": False, "to": "reporters"},
        published="2024-03-06", url="https://news.example.org/rates", title="Rates on hold",
    )
    a2 = make_article(
        'Tomás Varga warned on Telegram that "price rises are not over". '
        'The Harbour Workers Union said the strike would continue.',
        {"says": "price rises are not over", "by": "Tomás Varga", "mention": "Tomás Varga",
         "kind": "mixed", "cue": "warned", "lemma": "warn", "medium": "Telegram",
         "cue_after": False},
        {"says": "the strike would continue", "by": "the Harbour Workers Union",
         "mention": "The Harbour Workers Union", "type": "ORG", "kind": "indirect",
         "cue": "said", "lemma": "say", "cue_after": False},
        published="2024-04-10", url="https://www.daily.example.com/strike", title="Strike goes on",
    )
    a3 = make_article(
        '"We are not going back to work until the port listens," said Ana Lopes, a docker. '
        '"The union stands together," she added.',
        {"says": "We are not going back to work until the port listens,", "by": "Ana Lopes",
         "role": "docker", "cue": "said", "lemma": "say"},
        {"says": "The union stands together,", "by": "Ana Lopes", "mention": "she",
         "resolved_by": "pronoun", "cue": "added", "lemma": "add"},
        published="2024-04-11", url="https://www.daily.example.com/dockers", title="Dockers",
    )
    a4 = make_article(
        'Harbour Workers Union leaders said interest in the talks was growing.',
        {"says": "interest in the talks was growing", "by": "Harbour Workers Union",
         "type": "ORG", "kind": "indirect", "cue": "said", "lemma": "say", "cue_after": False},
        published="2025-01-02", url="https://news.example.org/talks", title="Talks",
    )
    return [a1, a2, a3, a4]
