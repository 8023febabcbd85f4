"""Where the companion keeps its data, the pairing token, its pairing code and the one-time
dashboard links.

Only the data folder's owner can read the folder (0700) and the token (0600). The command line and
the server share the folder, so a one-time link is a random nonce the command writes as a file
(named by its SHA-256, 0600) in ``links/``; the server deletes the file when the link is used, so
each link opens the dashboard once, within ``LINK_TTL_SECONDS``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "order-guard"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8778
MAX_BODY_BYTES = 16 * 1024 * 1024
TOKEN_FILE = "token"
ENV_DATA_DIR = "ORDER_GUARD_DATA_DIR"
LINKS_DIR = "links"
LINK_TTL_SECONDS = 10 * 60
_NONCE = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
# Domain separation: the pairing code and the hello proof are HMACs of the token over inputs that
# can never be equal (the hello input always starts with HELLO_PREFIX and holds the port).
PAIRING_CODE_INPUT = b"order-guard pairing code v1"
HELLO_PREFIX = "order-guard hello v1"


# Windows opens files in text mode unless told otherwise; elsewhere there is no such flag.
O_BINARY = getattr(os, "O_BINARY", 0)


class DataDirError(OSError):
    """The data folder cannot be used; the message says why in one line a buyer can act on."""


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--data-dir wins, then $ORDER_GUARD_DATA_DIR, then the platform's user data folder. A folder that
    could never be one (it is a file, or lies under a file) is refused here, before anything is made."""
    if explicit is not None and not str(explicit).strip():
        raise DataDirError("--data-dir needs a folder")
    if explicit:
        path = Path(explicit).expanduser().resolve()
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return check_data_dir(path)


def check_data_dir(path: Path) -> Path:
    """``path`` if it is a folder or could be made one; DataDirError otherwise. Creates nothing."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe == path and not path.is_dir():
        raise DataDirError(f"the data folder {path} is a file, not a folder; choose another --data-dir")
    if probe != path and probe.exists() and not probe.is_dir():
        raise DataDirError(f"the data folder {path} cannot be made: {probe} is a file; choose another --data-dir")
    return path


def ensure_data_dir(path: Path) -> Path:
    """The data folder, created 0700; one made earlier with wider rights is narrowed to 0700."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except FileExistsError:
        raise DataDirError(f"the data folder {path} is a file, not a folder; choose another --data-dir") from None
    except OSError as exc:
        raise DataDirError(f"cannot use the data folder {path}: {exc.strerror or exc}") from None
    getuid = getattr(os, "getuid", None)  # Windows has no owner ids: its folder rights come from the profile
    if getuid is not None:
        try:
            st = path.stat()
            if st.st_mode & 0o077 and st.st_uid == getuid():
                path.chmod(0o700)
        except OSError:
            pass
    return path


def load_or_create_token(data_dir: Path) -> str:
    """The pairing token: random, created once, readable by the owner only (0600)."""
    ensure_data_dir(data_dir)
    path = data_dir / TOKEN_FILE
    try:
        token = path.read_text(encoding="ascii").strip()
        if len(token) >= 32:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
            return token
    except FileNotFoundError:
        pass
    token = secrets.token_urlsafe(32)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | O_BINARY, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(token + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return token


def pairing_code(token: str) -> str:
    """The short code the dashboard, the command line and the extension show for one token:
    the first 30 bits of HMAC-SHA256(token, PAIRING_CODE_INPUT) in base32, as ``ABC-DEF``."""
    digest = hmac.new(token.encode(), PAIRING_CODE_INPUT, hashlib.sha256).digest()
    code = base64.b32encode(digest).decode("ascii")[:6]
    return f"{code[:3]}-{code[3:]}"


def hello_proof(token: str, port: int, challenge: str) -> str:
    """What the real companion answers to a challenge: HMAC-SHA256(token, "order-guard hello v1|port|challenge")
    in hex. The port is in it so a program on another port cannot relay the real companion's answer."""
    message = f"{HELLO_PREFIX}|{int(port)}|{challenge}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def _link_path(data_dir: Path, nonce: str) -> Path:
    return data_dir / LINKS_DIR / hashlib.sha256(nonce.encode("ascii")).hexdigest()


def mint_login_nonce(data_dir: Path) -> str:
    """A fresh one-time dashboard link's secret, recorded in the data folder for the server to consume."""
    ensure_data_dir(data_dir)
    links = data_dir / LINKS_DIR
    links.mkdir(mode=0o700, exist_ok=True)
    now = time.time()
    for old in links.iterdir():  # forget links nobody used
        try:
            if now - old.stat().st_mtime > LINK_TTL_SECONDS:
                old.unlink()
        except OSError:
            pass
    nonce = secrets.token_urlsafe(32)
    fd = os.open(_link_path(data_dir, nonce), os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, 0o600)
    os.close(fd)
    return nonce


def consume_login_nonce(data_dir: Path, nonce: str, *, now: float | None = None) -> bool:
    """True once for a nonce minted in the last LINK_TTL_SECONDS; its file is gone afterwards."""
    if not isinstance(nonce, str) or not _NONCE.match(nonce):
        return False
    path = _link_path(data_dir, nonce)
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
        path.unlink()  # whoever unlinks first wins: a link opens one session
    except OSError:
        return False
    return age <= LINK_TTL_SECONDS


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_body_bytes: int = MAX_BODY_BYTES
    allow_remote: bool = False
