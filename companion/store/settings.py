"""The buyer's settings: one small JSON object, ``settings.json`` in the data folder.

The store keeps the object as it is given and knows nothing of what the values mean (the service
checks them). Written whole or not at all (``files.write_atomic``); a file that cannot be read is
moved aside, never deleted, and reported in ``problems``, and the defaults apply meanwhile.
"""

from __future__ import annotations

import json
from pathlib import Path

from companion.store import files

FILE = "settings.json"


class SettingsFile:
    def __init__(self, data_dir: Path, problems: list[str]):
        self.path = Path(data_dir) / FILE
        self.problems = problems

    def read(self) -> dict:
        """What was saved; ``{}`` when nothing was, or when the file is damaged (then moved aside and reported)."""
        try:
            document = files.read_json(self.path)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # ValueError: not JSON, or not UTF-8
            return self._set_aside(str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc))
        if not isinstance(document, dict):
            return self._set_aside("it is not a JSON object")
        return document

    def _set_aside(self, reason: str) -> dict:
        try:
            moved = files.move_aside(self.path)
        except OSError:
            self.problems.append(f"Your settings ({self.path}) could not be read ({reason[:200]}); the defaults are used.")
            return {}
        self.problems.append(f"Your settings ({self.path}) could not be read ({reason[:200]}); the defaults are used "
                             f"and the file was moved to {moved}.")
        return {}

    def write(self, document: dict) -> None:
        """Saves ``document`` (OSError when the disk refuses: the file on disk is then unchanged)."""
        files.write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
