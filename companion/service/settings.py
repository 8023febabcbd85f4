"""The buyer's settings as the rules take them: read from the data folder at start, changed from the
dashboard (``PATCH /api/v1/settings``). One for now: after how many days without a tracking event
a parcel counts as stopped (``stall_days``, rules/followups.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from companion.rules.followups import STALL_DAYS, STALL_DAYS_MAX, STALL_DAYS_MIN
from companion.store.settings import SettingsFile

FIELDS = ("stall_days",)


def stall_days_problem(value: object) -> str | None:
    """Why ``value`` cannot be the setting, in words for the buyer; None when it can."""
    if type(value) is not int or not STALL_DAYS_MIN <= value <= STALL_DAYS_MAX:
        return f"'stall_days' must be a whole number of days from {STALL_DAYS_MIN} to {STALL_DAYS_MAX}."
    return None


class BuyerSettings:
    def __init__(self, data_dir: Path, problems: list[str]):
        self._file = SettingsFile(data_dir, problems)
        saved = self._file.read()
        self._saved = saved
        value = saved.get("stall_days", STALL_DAYS)
        if stall_days_problem(value):
            # a hand-edited file: say so where the buyer sees the store's problems, and count with the default
            problems.append(f"Your settings ({self._file.path}) say stall_days {repr(value)[:20]}, which is not "
                            f"{STALL_DAYS_MIN} to {STALL_DAYS_MAX} days; {STALL_DAYS} days are used until you save it again.")
            value = STALL_DAYS
        self.stall_days: int = value
        self._lock = asyncio.Lock()

    def as_dict(self) -> dict:
        return {"stall_days": self.stall_days,
                "limits": {"stall_days": {"min": STALL_DAYS_MIN, "max": STALL_DAYS_MAX, "default": STALL_DAYS}}}

    async def change(self, values: dict) -> dict:
        """Saves checked ``values`` (OSError when the disk refuses: then nothing changed) and uses them from now on."""
        async with self._lock:
            document = {**self._saved, **values}
            await asyncio.get_running_loop().run_in_executor(None, self._file.write, document)
            self._saved = document
            self.stall_days = document["stall_days"]
        return self.as_dict()
