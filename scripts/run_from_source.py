"""What ./scripts/run does once .venv is ready: checks the arguments as `order-guard serve` does (so
--help, a bad --port or a data folder that is a file print one thing and start nothing), offers once to
start Order Guard at login, says how to load the extension from this folder, then serves."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from companion import cli, config
from companion.install import autostart

EXTENSION = Path(__file__).resolve().parents[1] / "extension"
OFFERED_FILE = "autostart-offered"  # in the data folder: the question is asked once


def offer_autostart(data_dir: Path, extra: list[str], *, interactive: bool, ask: Callable[[str], str] = input,
                    home=None, env=None, platform=None) -> str:
    """Asks once whether to start at login; what happened: 'asked-yes', 'asked-no', 'already-on',
    'asked-before' or 'not-interactive' (a run without a terminal never asks and does not count as asked)."""
    if not interactive:
        return "not-interactive"
    if autostart.state(home=home, env=env, platform=platform).registered:
        return "already-on"
    marker = data_dir / OFFERED_FILE
    if marker.exists():
        return "asked-before"
    try:
        answer = ask("Start Order Guard by itself when you log in, so the extension always finds it? [y/N] ")
    except EOFError:
        answer = ""
    config.ensure_data_dir(data_dir)
    marker.write_text("asked; `order-guard autostart on|off` changes it\n", encoding="utf-8")
    if answer.strip().lower() not in ("y", "yes"):
        print("  Not registered. `order-guard autostart on` does it later.")
        return "asked-no"
    print(autostart.enable(autostart.serve_command(extra), home=home, env=env, platform=platform).describe())
    return "asked-yes"


BANNER = """
  Load the extension:
    Chrome / Chromium / Edge: open chrome://extensions, switch on "Developer mode",
                              click "Load unpacked" and choose {ext}
    Firefox:                  open about:debugging#/runtime/this-firefox,
                              click "Load Temporary Add-on..." and choose {ext}/manifest.json
  Pair it: with the dashboard open, the extension's settings (or its toolbar popup) show a
  six-letter code; check it is the code the dashboard shows, then click "Pair".
  Then browse your AliExpress "My Orders" page. Stop with Ctrl+C.
"""


def main(argv: list[str]) -> int:
    parser = cli.build_parser()
    args = parser.parse_args(["serve", *argv])  # --help and bad arguments end here
    try:
        problem = cli.serve_problem(args)
        data_dir = config.resolve_data_dir(args.data_dir)
    except config.DataDirError as exc:
        problem = str(exc)
    if problem:
        print(f"order-guard: {problem}", file=sys.stderr)
        return 2
    offer_autostart(data_dir, cli.serve_options(args.port, args.data_dir), interactive=sys.stdin.isatty() and sys.stdout.isatty())
    print(BANNER.format(ext=EXTENSION), flush=True)
    return cli.cmd_serve(args)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
