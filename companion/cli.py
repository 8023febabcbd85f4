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
from companion.config import DEFAULT_HOST, DEFAULT_PORT, Settings, ensure_data_dir, load_or_create_token, resolve_data_dir
from companion.datetimes import from_user
from companion.server.security import is_loopback


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="order-guard", description="Order Guard companion: keeps track of AliExpress purchase-protection deadlines.")
    parser.add_argument("--version", action="version", version=f"order-guard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="start the companion server and the dashboard")
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s, loopback only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)")
    serve.add_argument("--data-dir", help="data folder (default: $ORDER_GUARD_DATA_DIR or the user data folder)")
    serve.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host (not recommended)")

    token = sub.add_parser("token", help="print the pairing token for the extension")
    token.add_argument("--data-dir", help="data folder (default: $ORDER_GUARD_DATA_DIR or the user data folder)")

    parse = sub.add_parser("parse", help="parse a saved order page (HTML or captured page data) and print JSON")
    parse.add_argument("file", help="saved page: .html, or captured page data .json")
    parse.add_argument("--url", default=None, help="the page's address (helps pick the parser)")
    parse.add_argument("--captured-at", default=None, help="when the page was saved, ISO 8601 (default: now)")
    parse.add_argument("--report", metavar="OUT", default=None,
                       help="also write a report of the page's structure and of what was read, with no text of the page, to OUT")

    imp = sub.add_parser("import", help="store the orders in a HAR file or saved AliExpress responses")
    imp.add_argument("file", help="a .har file saved from the browser's Network panel, or saved responses (JSON / JSONP)")
    imp.add_argument("--data-dir", help="data folder (default: $ORDER_GUARD_DATA_DIR or the user data folder)")
    return parser


def cmd_serve(args) -> int:
    if not is_loopback(args.host) and not args.allow_remote:
        print(f"order-guard: refusing to listen on {args.host}: the companion holds your orders and its "
              "pairing token, so it only listens on this computer (127.0.0.1). "
              "Use --allow-remote if you really want other machines to reach it.", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"order-guard: --port must be between 1 and 65535, not {args.port}.", file=sys.stderr)
        return 2
    from aiohttp import web

    from companion.service import gc_policy
    from companion.server.app import init_app

    data_dir = ensure_data_dir(resolve_data_dir(args.data_dir))
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
    app = init_app(settings)
    gc_policy.freeze_after_start(app)  # this process serves one app: what it loaded lives as long as it does
    host_for_url = "127.0.0.1" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"Order Guard {__version__} — dashboard: http://{host_for_url}:{args.port}/", flush=True)
    print(f"Data folder: {data_dir}", flush=True)
    try:
        web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)
    except OSError as exc:
        print(f"order-guard: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. "
              "Is another companion already running? Try --port.", file=sys.stderr)
        return 1
    finally:
        folder_lock.release()
    return 0


def cmd_token(args) -> int:
    print(load_or_create_token(ensure_data_dir(resolve_data_dir(args.data_dir))))
    return 0


def cmd_parse(args) -> int:
    from companion import parsing

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"order-guard: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    captured = datetime.now(timezone.utc)
    if args.captured_at:
        try:
            captured = from_user(args.captured_at, allow_date=False)
        except ValueError:
            print(f"order-guard: --captured-at must be ISO 8601 (e.g. 2026-11-24T10:00:00Z), not {args.captured_at!r}", file=sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return cmd_serve(args)
    if args.command == "token":
        return cmd_token(args)
    if args.command == "parse":
        return cmd_parse(args)
    if args.command == "import":
        from companion.service import importing

        return importing.main(args)
    parser.print_help()
    return 0
