"""Which Chromium the browser tests drive: $ORDER_GUARD_CHROMIUM, else Debian's. Shared by the dashboard
and the extension tests, which fail (never skip) when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENV = "ORDER_GUARD_CHROMIUM"
DEFAULT = "/usr/bin/chromium"  # Debian's package; ./scripts/test installs it when run as root


def chromium_path() -> Path:
    """The browser to launch; the test fails with what to do when it is not there."""
    path = Path(os.environ.get(ENV) or DEFAULT)
    if not path.is_file():
        pytest.fail(f"The browser tests need Chromium at {path}: sudo apt-get install chromium (or run ./scripts/test "
                    f"as root), or point {ENV} at another Chromium.")
    return path
