"""kill -9 during ``saywho ingest``, then run it again: every article is stored exactly once."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from saywho.store import open_store
from saywho.store.schema import articles, attributions, speakers

N_ARTICLES = 240
KILL_AFTER = 40  # stored articles seen before the kill
TIMEOUT_S = 180

PEOPLE = ["Ruth Okafor", "Liam Brennan", "Mei Tanaka", "Omar Haddad", "Sofia Rossi"]
PLACES = ["the bridge", "the library", "the swimming pool", "the tram line", "the market"]


def write_articles(folder) -> None:
    folder.mkdir()
    for i in range(N_ARTICLES):
        person, place = PEOPLE[i % len(PEOPLE)], PLACES[(i // 5) % len(PLACES)]
        (folder / f"{i:04d}.txt").write_text(
            f'"Work on {place} will finish in week {i}," councillor {person} said. '
            f"The council met {i % 7 + 1} times this month.\n")


def counts(url: str) -> tuple[int, int, int]:
    """(articles, distinct keys, articles or speakers whose statement counts are off)."""
    with open_store(url) as store, store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(articles)).scalar_one()
        keys = conn.execute(select(func.count(articles.c.key.distinct()))).scalar_one()
        per_article = (select(attributions.c.article_id, func.count().label("n"))
                       .group_by(attributions.c.article_id).subquery())
        broken = conn.execute(
            select(func.count()).select_from(articles.outerjoin(
                per_article, per_article.c.article_id == articles.c.id))
            .where(func.coalesce(per_article.c.n, 0) != articles.c.n_attributions)).scalar_one()
        counted = (select(attributions.c.speaker_id, func.count().label("n"))
                   .group_by(attributions.c.speaker_id).subquery())
        broken += conn.execute(
            select(func.count()).select_from(speakers.outerjoin(
                counted, counted.c.speaker_id == speakers.c.id))
            .where(func.coalesce(counted.c.n, 0) != speakers.c.statements)).scalar_one()
    return n, keys, broken


def ingest(folder, url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "saywho.cli", "ingest", str(folder), "--db", url,
         "--batch-size", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.model
def test_kill_9_mid_ingest_then_resume_stores_every_article_once(store_url, tmp_path):
    folder = tmp_path / "articles"
    write_articles(folder)
    with open_store(store_url):
        pass  # create the schema so the poll below can count from the start

    proc = ingest(folder, store_url)
    deadline = time.monotonic() + TIMEOUT_S
    try:
        while counts(store_url)[0] < KILL_AFTER:
            assert proc.poll() is None, f"ingest ended early: {proc.communicate()[1]}"
            assert time.monotonic() < deadline, "ingest too slow to reach the kill point"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the ingest and any worker processes, at once
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    stored, keys, broken = counts(store_url)
    assert KILL_AFTER <= stored < N_ARTICLES, "the kill should land mid-run"
    assert keys == stored and broken == 0  # whole articles only

    proc = ingest(folder, store_url)
    _, err = proc.communicate(timeout=TIMEOUT_S)
    assert proc.returncode == 0, err
    summary = err.strip().splitlines()[-1]
    assert f"{N_ARTICLES - stored} stored, {stored} already present, 0 failed" in summary
    assert counts(store_url) == (N_ARTICLES, N_ARTICLES, 0)
    with open_store(store_url) as store:
        paths = [r.summary.path for r in store.iter_articles()]
    assert sorted(os.path.basename(p) for p in paths) == sorted(os.listdir(folder))
