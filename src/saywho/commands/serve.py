"""``saywho serve``: run the JSON API and web UI (a thin wrapper around ``saywho.web``)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UsageError
from ..options import add_arguments, from_args

TOKEN_ENV = "SAYWHO_WRITE_TOKEN"
MIN_TOKEN_CHARS = 16  # shorter tokens are too easy to guess over a network
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the JSON API and web UI",
        description="Serve the database through a JSON API (/api, documented at /docs) and a "
                    "web UI (/). Read-only unless a write token is given; then POST "
                    "/api/articles with 'Authorization: Bearer TOKEN' extracts and stores an "
                    "article.",
        epilog="Example: saywho serve --db sqlite:///news.db --port 8080")
    parser.add_argument("--db", metavar="URL", default=os.environ.get("SAYWHO_DB"),
                        help="database URL: sqlite:///FILE.db (default sqlite:///saywho.db) or "
                             "postgresql://USER@HOST/DB")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    parser.add_argument("--port", type=int, default=8000, help="default 8000")
    parser.add_argument("--write-token", metavar="TOKEN", default=os.environ.get(TOKEN_ENV),
                        help=f"accept POST /api/articles with this bearer token (at least "
                             f"{MIN_TOKEN_CHARS} characters; default: ${TOKEN_ENV}; "
                             "without it the server is read-only)")
    parser.add_argument("--max-body", metavar="MB", type=float, default=2.0,
                        help="largest request body in megabytes (default 2)")
    add_arguments(parser)  # how POST /api/articles extracts
    parser.set_defaults(handler=run_serve)


def check_options(args: argparse.Namespace) -> None:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    if args.max_body <= 0:
        raise UsageError(f"--max-body must be a positive number of megabytes, not {args.max_body}")
    token = args.write_token
    if token is not None and len(token.strip()) < MIN_TOKEN_CHARS:
        raise UsageError(f"the write token must be at least {MIN_TOKEN_CHARS} characters; "
                         "make one with: python -c 'import secrets; print(secrets.token_urlsafe())'")


def missing_sqlite_file(url: str | None) -> str | None:
    """The path of a SQLite database file that does not exist yet, else ``None``."""
    from ..store import resolve_url

    full = resolve_url(url)
    if not full.startswith("sqlite"):
        return None
    path = full.split(":///", 1)[-1].split("?", 1)[0]
    if not path or path == ":memory:" or os.path.exists(path):
        return None
    return path


def run_serve(args: argparse.Namespace) -> int:
    check_options(args)
    missing = missing_sqlite_file(args.db)
    if missing and not args.write_token:
        raise UsageError(f"no database at {missing}: store articles first with 'saywho ingest "
                         "FILES --db ...', or pass --db URL")
    _check_port_free(args.host, args.port)
    import uvicorn

    from ..web import create_app

    app = create_app(args.db, write_token=args.write_token,
                     max_body_bytes=int(args.max_body * 1024 * 1024), options=from_args(args))
    store = app.state.store
    mode = "accepting POST /api/articles with the write token" if args.write_token \
        else "read-only"
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"saywho: serving {store.url} at http://{host}:{args.port}/ ({mode}); "
          "Ctrl-C stops", file=sys.stderr)
    if args.write_token and args.host not in LOOPBACK:
        print("saywho: warning: the write token travels in clear over plain HTTP; put the "
              "server behind HTTPS when it is reachable from other machines", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", server_header=False,
                proxy_headers=False)
    return 0


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line before opening anything when the address cannot be listened on
    (uvicorn itself would log a traceback-like error and exit)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise UsageError(f"--host {host!r} is not an address this machine has: {error}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as error:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}; "
                             "choose another --port") from None
