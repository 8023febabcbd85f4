"""`order-guard autostart on|off|status`: the companion starts by itself when the buyer logs in.

Each platform has its own place, written from a template in ``templates/``:

- Linux (and other freedesktop systems) where systemd runs the user session: a user unit,
  ``~/.config/systemd/user/order-guard.service``, enabled the way ``systemctl --user enable`` does it
  (a link in ``default.target.wants/``); elsewhere an XDG autostart entry, ``~/.config/autostart/order-guard.desktop``;
- macOS: a LaunchAgent, ``~/Library/LaunchAgents/org.orderguard.companion.plist``;
- Windows: ``Order Guard.cmd`` in the Startup folder of the Start menu.

Nothing here runs ``systemctl`` or ``launchctl``: the entry takes effect at the next login, and ``status``
reads back the files themselves, so it says what is registered, not what a tool remembers (``state()``
says what and where; ``status()`` only whether, for the health answer). Every function
takes the home folder, the environment and the platform, so tests write into a temporary home as if on
each platform.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import string
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence
from xml.sax.saxutils import escape as xml_escape

LABEL = "org.orderguard.companion"
MARKER = "Written by `order-guard autostart on`"
_SAFE = re.compile(r"^[A-Za-z0-9_\-./:=+@,]+$")


@dataclass(frozen=True)
class Place:
    """Where one kind of entry lives. ``link`` is systemd's enablement link (None elsewhere)."""

    kind: str
    label: str
    path: Path
    link: Path | None = None


@dataclass(frozen=True)
class State:
    place: Place
    registered: bool
    command: list[str] | None = None
    notes: tuple[str, ...] = ()
    changed: str = ""  # "on" / "off" after enable / disable

    def to_json(self) -> dict:
        return {"kind": self.place.kind, "where": str(self.place.path), "registered": self.registered,
                "command": self.command, "notes": list(self.notes)}

    def describe(self) -> str:
        if self.registered:
            lines = [f"Order Guard starts by itself when you log in ({self.place.label}: {self.place.path}).",
                     f"  It runs: {join_command(self.command or [])}"]
            if self.changed == "on":
                lines.append("  This takes effect at your next login; until then start it with the command above.")
        else:
            lines = ["Order Guard no longer starts by itself when you log in." if self.changed == "off" else
                     "Order Guard does not start by itself when you log in.",
                     f"  `order-guard autostart on` makes it start at login ({self.place.label}: {self.place.path})."]
        return "\n".join(lines + [f"  Note: {note}" for note in self.notes])


def join_command(command: Sequence[str]) -> str:
    return " ".join(shlex.quote(part) for part in command)


def _context(home, env, platform) -> tuple[Path, Mapping[str, str], str]:
    return (Path(home) if home is not None else Path.home(), os.environ if env is None else env,
            sys.platform if platform is None else platform)


def systemd_runs_session(env: Mapping[str, str]) -> bool:
    """Whether a systemd user manager runs this session: it keeps its sockets in $XDG_RUNTIME_DIR/systemd."""
    runtime = env.get("XDG_RUNTIME_DIR")
    if not runtime:
        getuid = getattr(os, "getuid", None)
        if getuid is None:
            return False
        runtime = f"/run/user/{getuid()}"
    return (Path(runtime) / "systemd").is_dir()


def places(*, home=None, env=None, platform=None) -> list[Place]:
    """Every place this platform may hold an entry in, the one ``on`` writes first."""
    home, env, platform = _context(home, env, platform)
    if platform == "darwin":
        return [Place("launchagent", "LaunchAgent", home / "Library" / "LaunchAgents" / f"{LABEL}.plist")]
    if platform.startswith(("win32", "cygwin")):
        roaming = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        startup = roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        return [Place("startup", "Startup entry", startup / "Order Guard.cmd")]
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    unit = config / "systemd" / "user" / "order-guard.service"
    systemd = Place("systemd", "systemd user unit", unit, unit.parent / "default.target.wants" / unit.name)
    xdg = Place("xdg", "XDG autostart entry", config / "autostart" / "order-guard.desktop")
    return [systemd, xdg] if systemd_runs_session(env) else [xdg, systemd]


def serve_command(extra: Sequence[str] = (), *, platform=None, executable=None, argv0=None) -> list[str]:
    """The installed entry point, by absolute path, as `order-guard serve --no-browser` (plus ``extra``).

    The script that is running now if it is ``order-guard``; else the one installed beside this
    interpreter (a venv, pipx); else this interpreter with ``-m companion`` (``pip install --user``).
    On Windows, ``pythonw`` so no console window stays open."""
    platform = sys.platform if platform is None else platform
    exe = Path(os.path.abspath(executable or sys.executable))  # abspath, not resolve: a venv's python is a link
    args = ["serve", "--no-browser", *extra]
    if platform.startswith(("win32", "cygwin")):
        windowless = exe.with_name("pythonw.exe")
        return [str(windowless if windowless.is_file() else exe), "-m", "companion", *args]
    script = Path(os.path.abspath(argv0 if argv0 is not None else sys.argv[0]))
    if script.name == "order-guard" and script.is_file():
        return [str(script), *args]
    beside = exe.parent / "order-guard"
    if beside.is_file():
        return [str(beside), *args]
    return [str(exe), "-m", "companion", *args]


# ---- writing each kind ------------------------------------------------------------------------------

def _template(name: str) -> string.Template:
    return string.Template(resources.files("companion.install").joinpath("templates", name).read_text(encoding="utf-8"))


def _systemd_arg(arg: str) -> str:
    # systemd.service(5): "%" starts a specifier and "$" a variable; quotes take C-style escapes
    arg = arg.replace("%", "%%").replace("$", "$$")
    if _SAFE.match(arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _desktop_arg(arg: str) -> str:
    # Desktop Entry Specification, "The Exec key": quoting, then "%%" for a percent sign; then the
    # value itself is a string in which a backslash is written twice
    arg = arg.replace("%", "%%")
    if not _SAFE.match(arg):
        arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
    return arg.replace("\\", "\\\\")


def _cmd_arg(arg: str) -> str:
    arg = arg.replace("%", "%%")  # a batch file expands %NAME%
    return arg if _SAFE.match(arg.replace("\\", "/")) else f'"{arg}"'


def render(kind: str, command: Sequence[str]) -> str:
    """The file for ``kind`` that runs ``command``."""
    if kind == "systemd":
        return _template("order-guard.service").substitute(exec_start=" ".join(map(_systemd_arg, command)))
    if kind == "xdg":
        return _template("order-guard.desktop").substitute(exec=" ".join(map(_desktop_arg, command)))
    if kind == "launchagent":
        arguments = "\n".join(f"    <string>{xml_escape(arg)}</string>" for arg in command)
        return _template("order-guard.plist").substitute(label=LABEL, arguments=arguments)
    if kind == "startup":
        text = _template("order-guard.cmd").substitute(command=" ".join(map(_cmd_arg, command)))
        return text.replace("\n", "\r\n")  # cmd.exe reads batch files by CRLF lines
    raise ValueError(f"unknown autostart kind {kind!r}")


# ---- reading each kind back -------------------------------------------------------------------------

def _key(text: str, key: str) -> str | None:
    for line in text.splitlines():
        if line.startswith(key + "="):
            return line[len(key) + 1:]
    return None


def _unescape_desktop_string(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), value)


def _split_quoted(value: str, escapable: str) -> list[str]:
    """Words of a command line in which "..." quotes and, inside quotes, a backslash escapes ``escapable``."""
    words, word, quoted, started, i = [], [], False, False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and i + 1 < len(value) and value[i + 1] in escapable:
            word.append(value[i + 1])
            i += 1
        elif char == '"':
            quoted, started = not quoted, True
        elif char in " \t" and not quoted:
            if word or started:
                words.append("".join(word))
            word, started = [], False
        else:
            word.append(char)
        i += 1
    if quoted:
        raise ValueError("unclosed quote")
    if word or started:
        words.append("".join(word))
    return words


def read_command(kind: str, text: str) -> list[str] | None:
    """The command an entry of ``kind`` runs, or None when the text holds none that can be read."""
    try:
        if kind == "systemd":
            value = _key(text, "ExecStart")
            return None if value is None else [a.replace("%%", "%").replace("$$", "$") for a in _split_quoted(value, '\\"')]
        if kind == "xdg":
            value = _key(text, "Exec")
            return None if value is None else [a.replace("%%", "%") for a in _split_quoted(_unescape_desktop_string(value), '"`$\\')]
        if kind == "launchagent":
            arguments = plistlib.loads(text.encode("utf-8")).get("ProgramArguments")
            return list(arguments) if isinstance(arguments, list) and all(isinstance(a, str) for a in arguments) else None
        if kind == "startup":
            line = next((ln for ln in text.splitlines() if ln.lower().startswith('@start "order guard" /b ')), None)
            if line is None:
                return None
            rest = line[len('@start "Order Guard" /b '):]
            return [(quoted or bare).replace("%%", "%") for quoted, bare in re.findall(r'"([^"]*)"|(\S+)', rest)]
    except (ValueError, plistlib.InvalidFileException):
        return None
    raise ValueError(f"unknown autostart kind {kind!r}")


def _state_of(place: Place) -> State:
    try:
        text = place.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(place, False)
    except (OSError, UnicodeDecodeError) as exc:
        return State(place, False, notes=(f"{place.path} cannot be read ({exc}).",))
    command = read_command(place.kind, text)
    notes = []
    enabled = True
    if place.link is not None and not os.path.lexists(place.link):
        enabled = False
        notes.append(f"{place.path} is there but not enabled: `order-guard autostart on` enables it.")
    if command is None:
        notes.append(f"{place.path} does not say what to start: `order-guard autostart on` writes it again.")
    elif not Path(command[0]).is_file():
        notes.append(f"the program it starts, {command[0]}, is no longer there: "
                     "`order-guard autostart on` registers the one installed now.")
    return State(place, enabled and command is not None, command, tuple(notes))


def status(*, home=None, env=None, platform=None) -> bool:
    """Whether the companion is registered to start at login (the health answer's ``autostart``)."""
    return state(home=home, env=env, platform=platform).registered


def state(*, home=None, env=None, platform=None) -> State:
    """What is registered: the first place that holds an entry (the one for this session when none does)."""
    found = [_state_of(place) for place in places(home=home, env=env, platform=platform)]
    registered = [state for state in found if state.registered]
    best = registered[0] if registered else next((s for s in found if s.notes), found[0])
    others = [f"another entry starts it too: {s.place.path}" for s in registered[1:]]
    return State(best.place, best.registered, best.command, best.notes + tuple(others))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _remove(place: Place) -> None:
    for path in (place.link, place.path):
        if path is not None and os.path.lexists(path):
            path.unlink()


def enable(command: Sequence[str], *, home=None, env=None, platform=None) -> State:
    """Registers ``command`` to start at login in this session's place; removes entries left in the others,
    so the companion is not started twice."""
    target, *others = places(home=home, env=env, platform=platform)
    for other in others:
        _remove(other)
    _write(target.path, render(target.kind, command))
    if target.link is not None:
        target.link.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(target.link):
            target.link.unlink()
        os.symlink(os.path.join("..", target.path.name), target.link)  # what `systemctl --user enable` makes
    state = _state_of(target)
    return State(state.place, state.registered, state.command, state.notes, changed="on")


def disable(*, home=None, env=None, platform=None) -> State:
    every = places(home=home, env=env, platform=platform)
    for place in every:
        _remove(place)
    return State(every[0], False, changed="off")
