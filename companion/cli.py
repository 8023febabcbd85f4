"""The `order-guard` command (also `python -m companion`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from companion import __version__
from companion.config import (DEFAULT_HOST, DEFAULT_PORT, ENV_DATA_DIR, O_BINARY, DataDirError, Settings, ensure_data_dir, hello_proof,
                              load_or_create_token, mint_login_nonce, pairing_code, resolve_data_dir)
from companion.datetimes import from_user, stored_date_ok
from companion.server.security import is_loopback


DATA_DIR_HELP = "data folder (default: $ORDER_GUARD_DATA_DIR or the user data folder)"


class Parser(argparse.ArgumentParser):
    """A bad argument is one line and exit 2, not argparse's usage block."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def port_number(text: str) -> int:
    try:
        port = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 1 to 65535, not {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, not {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="order-guard", description="Order Guard companion: keeps track of AliExpress purchase-protection deadlines.")
    parser.add_argument("--version", action="version", version=f"order-guard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the companion server and the dashboard")
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s, loopback only)")
    serve.add_argument("--port", type=port_number, default=DEFAULT_PORT, help="port (default: %(default)s)")
    serve.add_argument("--data-dir", help=DATA_DIR_HELP)
    serve.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host (not recommended)")
    serve.add_argument("--no-browser", action="store_true", help="do not open the dashboard in the browser")

    opener = sub.add_parser("open", help="open the dashboard in the browser through a fresh one-time link")
    opener.add_argument("--print", dest="print_only", action="store_true", help="only print the link; open nothing")
    opener.add_argument("--port", type=port_number, default=None,
                        help="the companion's port (default: the running companion's, else %d)" % DEFAULT_PORT)
    opener.add_argument("--data-dir", help=DATA_DIR_HELP)

    token = sub.add_parser("token", help="print the pairing token for the extension")
    token.add_argument("--data-dir", help=DATA_DIR_HELP)

    parse = sub.add_parser("parse", help="parse a saved order page (HTML or captured page data) and print JSON")
    parse.add_argument("file", help="saved page: .html, or captured page data .json")
    parse.add_argument("--url", default=None, help="the page's address (helps pick the parser)")
    parse.add_argument("--captured-at", default=None, help="when the page was saved, ISO 8601 (default: now)")
    parse.add_argument("--report", metavar="OUT", default=None,
                       help="also write a report of the page's structure and of what was read, with no text of the page, to OUT")

    imp = sub.add_parser("import", help="store the orders in a HAR file or saved AliExpress responses")
    imp.add_argument("file", help="a .har file saved from the browser's Network panel, or saved responses (JSON / JSONP)")
    imp.add_argument("--data-dir", help=DATA_DIR_HELP)

    auto = sub.add_parser("autostart", help="start the companion by itself when you log in (on / off / status)")
    auto.add_argument("action", choices=("on", "off", "status"), help="on: register, off: unregister, status: say what is registered")
    auto.add_argument("--port", type=port_number, default=None, help="the port the started companion listens on (default: %d)" % DEFAULT_PORT)
    auto.add_argument("--data-dir", help=DATA_DIR_HELP)
    return parser


def serve_problem(args) -> str | None:
    """What is wrong with `serve`'s arguments, before anything is made (None: nothing)."""
    if not is_loopback(args.host) and not args.allow_remote:
        return (f"refusing to listen on {args.host}: the companion holds your orders and its "
                "pairing token, so it only listens on this computer (127.0.0.1). "
                "Use --allow-remote if you really want other machines to reach it.")
    resolve_data_dir(args.data_dir)
    return None


def cmd_serve(args) -> int:
    problem = serve_problem(args)
    if problem:
        print(f"order-guard: {problem}", file=sys.stderr)
        return 2
    data_dir = resolve_data_dir(args.data_dir)
    from aiohttp import web

    from companion.service import gc_policy
    from companion.server.app import init_app, server_options

    ensure_data_dir(data_dir)
    from companion.store.lock import FolderBusy, FolderLock

    folder_lock = FolderLock(data_dir)  # one process per data folder: see store/lock.py
    try:  # an `order-guard import` holds it for a moment: wait for that one, not for another companion
        folder_lock.acquire("serve", port=args.port, wait=60.0 if folder_lock.holder().get("role") == "import" else 0.0)
    except FolderBusy as busy:
        port, pid = busy.holder.get("port"), busy.holder.get("pid", "?")
        where = f", http://127.0.0.1:{port}/" if isinstance(port, int) else ""
        if busy.holder.get("role") == "import":
            print(f"order-guard: an `order-guard import` (pid {pid}) is still writing to the data folder {data_dir}; "
                  "start the companion again when it has finished.", file=sys.stderr)
        else:
            print(f"order-guard: another Order Guard companion is already running on the data folder {data_dir} "
                  f"(pid {pid}{where}). Stop it first, or use another --data-dir.", file=sys.stderr)
        return 1
    settings = Settings(data_dir=data_dir, host=args.host, port=args.port, allow_remote=args.allow_remote)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    from companion.install import autostart

    app = init_app(settings, autostart_status=autostart.status)
    from companion.server.keys import TOKEN

    gc_policy.freeze_after_start(app)  # this process serves one app: what it loaded lives as long as it does
    link = login_link(data_dir, args.port)
    print(f"Order Guard {__version__} — open the dashboard (this link works once, for 10 minutes):", flush=True)
    print(f"    {link}", flush=True)
    print("  later: `order-guard open` opens it again", flush=True)
    print(f"Pairing code for the extension: {pairing_code(app[TOKEN])}", flush=True)
    print(f"Data folder: {data_dir}", flush=True)
    if not args.no_browser and sys.stdout.isatty():
        open_in_browser(data_dir, link)
    try:
        web.run_app(app, host=args.host, port=args.port, print=None, access_log=None, **server_options())
    except OSError as exc:
        print(f"order-guard: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. "
              "Is another companion already running? Try --port.", file=sys.stderr)
        return 1
    finally:
        folder_lock.release()
    return 0


def login_link(data_dir: Path, port: int) -> str:
    from companion.server.dashboard.session import login_url

    return login_url(port, mint_login_nonce(data_dir))


def open_in_browser(data_dir: Path, link: str) -> bool:
    """Opens the link through a redirect file only the owner can read (0600), as Jupyter does: a
    link on a browser's command line would be visible to every user in the process list."""
    import html
    import webbrowser

    page = data_dir / "open-dashboard.html"
    tmp = page.with_name(page.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | O_BINARY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={html.escape(link)}">'
                 f'<title>Order Guard</title><p><a href="{html.escape(link)}">Open the Order Guard dashboard</a></p>\n')
    os.replace(tmp, page)
    try:
        return webbrowser.open(page.as_uri())
    except webbrowser.Error:
        return False


def running_port(data_dir: Path) -> int | None:
    """The port of the companion serving this data folder, from its folder lock."""
    from companion.store.lock import FolderLock

    try:
        holder = FolderLock(data_dir).holder()
    except OSError:
        return None
    port = holder.get("port") if holder.get("role") == "serve" else None
    return port if isinstance(port, int) and 0 < port < 65536 else None


def check_companion(port: int, token: str) -> str:
    """'ok', 'down' or 'impostor': whether the program on the port proves it knows our token."""
    import secrets
    import urllib.error
    import urllib.request

    challenge = secrets.token_urlsafe(32)
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/hello", method="POST",
                                 data=json.dumps({"challenge": challenge}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            proof = json.loads(resp.read() or b"null")
    except urllib.error.HTTPError:
        return "impostor"
    except (OSError, ValueError):
        return "down"
    import hmac

    given = proof.get("proof") if isinstance(proof, dict) else None
    ok = isinstance(given, str) and hmac.compare_digest(given, hello_proof(token, port, challenge))
    return "ok" if ok else "impostor"


def cmd_open(args) -> int:
    data_dir = ensure_data_dir(resolve_data_dir(args.data_dir))
    port = args.port or running_port(data_dir) or DEFAULT_PORT
    token = load_or_create_token(data_dir)
    if args.print_only:  # a link is useless to any other server: the real one consumes it from this folder
        print(login_link(data_dir, port), flush=True)
        return 0
    state = check_companion(port, token)
    if state == "down":
        print(f"order-guard: no companion answers on port {port}. Start it with `order-guard serve`.", file=sys.stderr)
        return 1
    if state == "impostor":
        print(f"order-guard: something else is answering on port {port}: it does not know this data folder's "
              "token, so it is not your companion. Nothing was opened.", file=sys.stderr)
        return 1
    link = login_link(data_dir, port)
    print(f"Dashboard (this link works once): {link}")
    print(f"Pairing code for the extension: {pairing_code(token)}")
    if not open_in_browser(data_dir, link):
        print("order-guard: could not start a browser; open the link above yourself.", file=sys.stderr)
    return 0


def cmd_token(args) -> int:
    print(load_or_create_token(ensure_data_dir(resolve_data_dir(args.data_dir))))
    return 0


def cmd_parse(args) -> int:
    from companion import parsing

    captured = datetime.now(timezone.utc)
    if args.captured_at:
        try:
            captured = from_user(args.captured_at, allow_date=False)
        except ValueError:
            print(f"order-guard: --captured-at must be ISO 8601 (e.g. 2026-11-24T10:00:00Z), not {args.captured_at!r}", file=sys.stderr)
            return 2
        if not stored_date_ok(captured.isoformat(), datetime.now(timezone.utc)):
            print(f"order-guard: --captured-at {args.captured_at!r} is out of range (from 2000 to three years ahead)", file=sys.stderr)
            return 2
    if args.report and not Path(args.report).resolve().parent.is_dir():
        print(f"order-guard: cannot write the report to {args.report}: its folder does not exist", file=sys.stderr)
        return 2
    path = Path(args.file)
    limit = parsing.MAX_CHARS  # bytes: a file is refused before it is read, and its characters are at most its bytes
    try:
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as fh:
                raw = fh.read(limit + 1)  # it may have grown since
            size = len(raw)
    except OSError as exc:
        print(f"order-guard: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if size > limit:
        print(f"order-guard: {path} is larger than {limit // 1_000_000} MB, more than any saved order page; "
              "it was not read", file=sys.stderr)
        return 2
    text = raw.decode("utf-8", errors="replace")
    content: object = text
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        try:
            content = json.loads(stripped)
        except ValueError:
            content = text
    result = parsing.parse_page(args.url or "", content, captured)
    if args.report:
        from companion.parsing import report

        try:
            write_report(Path(args.report), report.build(args.url or "", content, result))
        except OSError as exc:
            print(f"order-guard: cannot write the report to {args.report}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"order-guard: report written to {args.report} (no text of the page is in it)", file=sys.stderr)
    try:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    except BrokenPipeError:  # `order-guard parse page.html | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush stays quiet
    return 0


def write_report(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def cmd_autostart(args) -> int:
    from companion.install import autostart

    if args.action == "status":
        print(autostart.state().describe())
        return 0
    if args.action == "off":
        print(autostart.disable().describe())
        return 0
    print(autostart.enable(autostart.serve_command(serve_options(args.port, args.data_dir))).describe())
    return 0


def serve_options(port: int | None, data_dir: str | None) -> list[str]:
    """The `serve` options that make a companion started at login use this port and data folder."""
    extra = ["--port", str(port)] if port not in (None, DEFAULT_PORT) else []
    if data_dir is not None or os.environ.get(ENV_DATA_DIR):  # the started companion sees no environment of ours
        extra += ["--data-dir", str(resolve_data_dir(data_dir))]
    return extra


COMMANDS = {"serve": cmd_serve, "open": cmd_open, "token": cmd_token, "parse": cmd_parse, "autostart": cmd_autostart}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # a command is needed: say which there are, as a usage error
        parser.print_help(sys.stderr)
        return 2
    try:
        if getattr(args, "data_dir", None) is not None:
            resolve_data_dir(args.data_dir)  # a data folder that can never be one is refused before any other work
        if args.command == "import":
            from companion.service import importing

            return importing.main(args)
        return COMMANDS[args.command](args)
    except DataDirError as exc:
        print(f"order-guard: {exc}", file=sys.stderr)
        return 2
