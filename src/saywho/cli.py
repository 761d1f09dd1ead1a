"""The ``saywho`` command. Each subcommand lives in ``saywho.commands.<name>`` as a thin wrapper.

Exit codes: 0 success; 1 some inputs failed (the rest were processed); 2 usage error or bad
query; 3 the spaCy model is missing; 4 database error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .errors import SaywhoError

# Each module defines ``register(subparsers)``; handlers import heavy libraries lazily.
COMMAND_MODULES = (
    "saywho.commands.extract",
    "saywho.commands.evaluate",
    "saywho.commands.store",
    "saywho.commands.serve",
    "saywho.commands.spark",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saywho", description="Who said what in news articles.")
    parser.add_argument("--version", action="version", version=f"saywho {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except SaywhoError as exc:
        print(f"saywho: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("saywho: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError as exc:
        if _stdout_closed():  # e.g. `saywho extract ... | head`: the reader has what it wanted
            sys.stderr.close()
            return 0
        # any other pipe (to a worker process, a database socket...) is a real failure
        print(f"saywho: error: a pipe broke ({exc.strerror or exc}): the run stopped "
              "before it finished; run it again (ingest carries on where it stopped)",
              file=sys.stderr)
        return 1


def _stdout_closed() -> bool:
    """Whether standard output is a pipe whose reader has gone."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return False
    try:
        import select

        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (AttributeError, OSError):  # no poll() here: keep the old reading
        return True


if __name__ == "__main__":
    sys.exit(main())
