"""One process at a time owns a data folder: the running companion, or an `order-guard import`.

The Store keeps every order in memory and numbers its journal files itself. Two processes
writing the same folder would overwrite each other's journal files (both pick the next number)
and a compaction by one would delete the other's changes. So `serve` holds this lock for as long
as it runs and `import` takes it before it opens the store; whoever comes second is told who
holds the folder. The lock is the operating system's (``flock`` / ``msvcrt.locking``): it goes
away with the process that held it, even after a crash, so a stale lock file never blocks.
The file itself only says who holds it (pid, what, port) for the message.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

LOCK_FILE = "companion.lock"
_WINDOWS_OFFSET = 1 << 20  # lock a byte far from the text, so the holder's description stays readable

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    try:
        import msvcrt
    except ImportError:
        msvcrt = None


class FolderBusy(Exception):
    """Another process holds the data folder. ``holder`` is what it wrote about itself ({} if unknown)."""

    def __init__(self, path: Path, holder: dict):
        super().__init__(f"{path} is in use")
        self.path, self.holder = path, holder


class FolderLock:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILE
        self._fd: int | None = None

    def _try(self, fd: int) -> bool:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            elif msvcrt is not None:
                os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def acquire(self, role: str, *, port: int | None = None, wait: float = 0.0) -> "FolderLock":
        """Take the folder, waiting up to ``wait`` seconds; FolderBusy when another process keeps it."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        while not self._try(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise FolderBusy(self.path.parent, self.holder())
            time.sleep(0.1)
        about = json.dumps({"pid": os.getpid(), "role": role, "port": port}).encode()
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, about)
        except OSError:
            pass  # the description is a courtesy; the lock is what matters
        self._fd = fd
        return self

    def holder(self) -> dict:
        try:
            data = json.loads(self.path.read_bytes()[:1000] or b"{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            elif msvcrt is not None:
                os.lseek(fd, _WINDOWS_OFFSET, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __enter__(self) -> "FolderLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
