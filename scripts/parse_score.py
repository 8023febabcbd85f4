"""How many fields of the truth set the parser reads right: per fixture pair and in all.

Run: .venv/bin/python scripts/parse_score.py [--real]   (--real: only pages and captures from
real accounts). A field the page shows counts as right when it equals the hand-written expected value;
"invented" counts fields read that the page does not show, and orders it does not hold.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from companion.model import PAGE_FIELDS  # noqa: E402
from companion.parsing import parse_page  # noqa: E402

PAGES = ROOT / "tests" / "fixtures" / "pages"
REAL = ("real_", "order-list.mtop", "order-detail.mtop", "tracking.mtop", "order-list-component")


def score(expected: Path) -> tuple[int, int, int]:
    """(fields shown on the page and read right, fields shown, fields read that the page does not show)."""
    spec = json.loads(expected.read_text(encoding="utf-8"))
    stem = expected.name[: -len(".expected.json")]
    source = next(p for p in expected.parent.iterdir() if p.name.startswith(stem + ".") and p != expected)
    got = {o["order_id"]: o for o in parse_page(spec["url"], source.read_text(encoding="utf-8"),
                                                datetime.fromisoformat(spec["captured_at"])).orders}
    right = shown = invented = 0
    for want in spec["orders"]:
        mine = got.get(want["order_id"], {})
        for key in PAGE_FIELDS:
            a, b = mine.get(key), want.get(key)
            if key == "buttons":
                a, b = sorted(a or []), sorted(b or [])
            if b in (None, [], ""):
                invented += a not in (None, [], "")
                continue
            shown += 1
            right += a == b
    invented += sum(1 for oid in got if oid not in {o["order_id"] for o in spec["orders"]})
    return right, shown, invented


def main() -> None:
    only_real = "--real" in sys.argv
    totals = [0, 0, 0]
    print(f"{'fixture pair':<52} {'right/shown':>11}  invented")
    for expected in sorted(PAGES.glob("*/*.expected.json")):
        if only_real and not any(mark in expected.name for mark in REAL):
            continue
        right, shown, invented = score(expected)
        totals = [t + v for t, v in zip(totals, (right, shown, invented))]
        print(f"{expected.parent.name + '/' + expected.name[:-14]:<52} {right:>5}/{shown:<5}  {invented}")
    right, shown, invented = totals
    print(f"{'all':<52} {right:>5}/{shown:<5}  {invented}   ({100 * right / max(shown, 1):.1f}% of the shown fields right)")


if __name__ == "__main__":
    main()
