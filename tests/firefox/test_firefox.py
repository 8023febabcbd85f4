"""The extension in Firefox ESR for real: a temporary add-on, paired, badges on a list page, a panel, a Copy.

The browser work is tests/firefox/drive.mjs (puppeteer-core over WebDriver BiDi, starting the installed
firefox-esr); this test starts what it talks to and checks what it saw. No Firefox, no Node: the test fails."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import ALI_HOST
from tests.e2e.fake_aliexpress import FIRST_PAGE

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("drive.mjs")
FIREFOX = Path(os.environ.get("ORDER_GUARD_FIREFOX", "/usr/bin/firefox-esr"))
RUN_TIMEOUT = 240


async def test_extension_pairs_draws_badges_opens_a_panel_and_copies_in_firefox(site, companion):
    if not FIREFOX.exists():
        pytest.fail(f"The Firefox tests need Firefox ESR at {FIREFOX}: sudo apt-get install firefox-esr "
                    "(or run ./scripts/test as root).")
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.fail("The Firefox tests need Node and puppeteer-core: npm ci (./scripts/test does it).")
    run = {
        "firefox": str(FIREFOX),
        "hosts": [ALI_HOST],
        "companionPort": companion.port,
        "dashboardLink": companion.open_link(),
        # The site's port in the address: Firefox resolves the name to loopback, and match patterns ignore ports.
        "listUrl": f"https://{ALI_HOST}:{site}/p/order/index.html",
        "expectBadges": FIRST_PAGE["n"],
    }
    proc = await asyncio.create_subprocess_exec(
        node, str(DRIVER), cwd=str(ROOT), env={**os.environ, "ORDER_GUARD_FIREFOX_RUN": json.dumps(run)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), RUN_TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        pytest.fail("the Firefox run did not finish")
    lines = out.decode(errors="replace").strip().splitlines()
    assert lines, f"the Firefox driver printed nothing (exit {proc.returncode}): {err.decode(errors='replace')[-3000:]}"
    seen = json.loads(lines[-1])
    assert proc.returncode == 0, f"Firefox stopped at {seen.get('failed')!r}: {seen.get('error')}"
    assert "navigationError" not in seen, seen["navigationError"]
    assert seen["browser"].startswith("firefox/")
    assert seen["addon"] == "order-guard@order-guard.local"

    # Every badge is one of the page's orders, with a severity the companion gave it.
    stored = {order["order_id"]: order for order in companion.api("/orders")["orders"]}
    assert len(seen["badges"]) == FIRST_PAGE["n"]
    for badge in seen["badges"]:
        assert badge["orderId"] in stored
        assert badge["severity"] == stored[badge["orderId"]]["hint"]["severity"]
        assert badge["text"].strip()

    assert seen["panel"]["role"] == "dialog"
    assert seen["panel"]["orderId"] in stored
    # What the buyer pastes is exactly the text the panel shows.
    assert seen["expectedCopy"].strip()
    assert seen["clipboard"] == seen["expectedCopy"]
