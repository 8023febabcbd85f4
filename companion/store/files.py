"""Crash-safe file primitives: every file the store writes appears whole or not at all."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import orjson


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Write a temp file beside ``path``, fsync it, rename it over ``path``, fsync the folder.

    On any failure (a full disk, say) the temp file is removed and ``path`` is untouched.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def read_json(path: Path):
    with open(path, "rb") as fh:
        return json.loads(fh.read())


def move_aside(path: Path) -> Path:
    """Keep a damaged file for inspection instead of deleting it."""
    target = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
        n += 1
    os.replace(path, target)
    return target


def keep_copy(path: Path) -> Path:
    """A copy of a file that was read only in part, kept beside it for inspection."""
    target = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
        n += 1
    write_atomic(target, path.read_bytes())
    return target


def dumps(obj) -> bytes:
    """Compact UTF-8 JSON (orjson: several times faster than the json module on a journal entry)."""
    return orjson.dumps(obj)


def dumps_in_steps(obj: dict, key: str) -> bytes:
    """``dumps(obj)`` with the list or table under ``key`` encoded one document per call. An encoder
    is one call into C, during which no other thread runs: a worker thread encoding thousands of
    orders this way lets the event loop have its turns in between."""
    parts = []
    for name, value in obj.items():
        if name == key and isinstance(value, list):
            body = b"[" + b",".join([dumps(item) for item in value]) + b"]"
        elif name == key and isinstance(value, dict):
            body = b"{" + b",".join([dumps(k) + b":" + dumps(v) for k, v in value.items()]) + b"}"
        else:
            body = dumps(value)
        parts.append(dumps(name) + b":" + body)
    return b"{" + b",".join(parts) + b"}"
