"""The ingest progress display, drawn by tqdm: a bar when the number of articles is known up
front, else a running count, with the stored/present/failed counts beside it.

The rate and the time left are shown only once they mean something: after
``MIN_ESTIMATE_ARTICLES`` articles and ``MIN_ESTIMATE_S`` seconds (the first articles include
loading the spaCy pipeline, so an earlier estimate is wildly wrong).
"""

from __future__ import annotations

import time
from typing import IO, Any

REDRAW_S = 0.2  # on a terminal
LOG_REDRAW_S = 5.0  # stderr is a file or pipe (a log): a line every few seconds
MIN_ESTIMATE_ARTICLES = 10
MIN_ESTIMATE_S = 5.0

_COUNTED = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]"
_ESTIMATED = "{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}{postfix}]"
_OPEN_ENDED = "{n_fmt} articles [{elapsed}{postfix}]"
_OPEN_ENDED_RATE = "{n_fmt} articles [{elapsed}, {rate_fmt}{postfix}]"


class ProgressLine:
    """Progress of an ingest on ``stream``; does nothing unless ``enabled``."""

    def __init__(self, stream: IO[str], *, total: int | None, enabled: bool) -> None:
        self.bar: Any = None
        self.total = total
        if not enabled:
            return
        from tqdm import tqdm

        tty = stream.isatty()
        self.bar = tqdm(total=total, file=stream, unit=" articles", dynamic_ncols=tty,
                        mininterval=REDRAW_S if tty else LOG_REDRAW_S, leave=False,
                        bar_format=_COUNTED if total else _OPEN_ENDED, ascii=not tty)
        self.started = time.monotonic()

    def update(self, summary: Any) -> None:
        if self.bar is None:
            return
        if self._meaningful(summary.seen):
            self.bar.bar_format = _ESTIMATED if self.total else _OPEN_ENDED_RATE
        self.bar.set_postfix_str(f"{summary.stored} stored, {summary.present} present, "
                                 f"{summary.failed} failed", refresh=False)
        done = min(summary.seen, self.total) if self.total else summary.seen
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def _meaningful(self, seen: int) -> bool:
        return (seen >= MIN_ESTIMATE_ARTICLES
                and time.monotonic() - self.started >= MIN_ESTIMATE_S)

    def clear(self) -> None:
        """Take the bar off the screen (before a message line, or at the end)."""
        if self.bar is not None:
            self.bar.clear()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
