"""Crash-safe file primitives: every file the store writes appears whole or not at all."""

from __future__ import annotations

import json
import os
import time
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import orjson

PIECE_BYTES = 1 << 16  # what ``write_atomic`` gathers before handing it on to the disk
PIECE_DOCUMENTS = 64  # documents ``encode_in_steps`` encodes in one call


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


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write a temp file beside ``path``, fsync it, rename it over ``path``, fsync the folder.

    ``data``: the bytes, or pieces of them (``encode_in_steps``), written as they come, so a file
    of thousands of documents never exists whole in memory: building it whole would be copies of
    megabytes in single calls into C, during which no other thread, the event loop included, runs.
    On any failure (a full disk, say) the temp file is removed and ``path`` is untouched.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            pending: list[bytes] = []
            size = 0
            for piece in ((data,) if isinstance(data, (bytes, bytearray, memoryview)) else data):
                pending.append(piece)
                size += len(piece)
                if size >= PIECE_BYTES:  # small pieces go to the disk together: one write for a small file
                    _write_all(fd, b"".join(pending))
                    pending, size = [], 0
            _write_all(fd, b"".join(pending))
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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


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


def encode_in_steps(obj: dict, key: str) -> Iterator[bytes]:
    """``dumps(obj)`` in pieces, the list or table under ``key`` encoded PIECE_DOCUMENTS documents
    per call. An encoder is one call into C, during which no other thread runs: a worker thread
    encoding and writing thousands of orders this way (``write_atomic``) lets the event loop have
    its turns in between, and spends little time outside C."""
    yield b"{"
    for n, (name, value) in enumerate(obj.items()):
        yield (b"," if n else b"") + dumps(name) + b":"
        if name == key and isinstance(value, list):
            yield from _in_pieces(b"[", [value[i:i + PIECE_DOCUMENTS] for i in range(0, len(value), PIECE_DOCUMENTS)], b"]")
        elif name == key and isinstance(value, dict):
            items = iter(value.items())
            yield from _in_pieces(b"{", iter(lambda: dict(islice(items, PIECE_DOCUMENTS)), {}), b"}")
        else:
            yield dumps(value)
    yield b"}"


def _in_pieces(opening: bytes, groups: Iterable, closing: bytes) -> Iterator[bytes]:
    """The members of each group (a list or a dict) encoded in one call, without its brackets."""
    yield opening
    for n, group in enumerate(groups):
        yield (b"," if n else b"") + dumps(group)[1:-1]
    yield closing
