"""Accessible to everyone who buys: axe-core (node_modules/axe-core) finds no serious or critical violation on
the dashboard, an order page, the popup, the options page and an open panel; the panel keeps the keyboard
inside itself while open and gives it back to its badge on Escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.fake_aliexpress import FIRST_PAGE
from tests.e2e.panel_texts import texts_in

pytestmark = pytest.mark.asyncio(loop_scope="module")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BADGE = "order-guard-badge"
PANEL = "order-guard-panel"
BLOCKING = ("serious", "critical")


async def axe_violations(page, include: list | None = None) -> list[dict]:
    """axe's serious and critical findings on the page (or only inside `include`, shadow roots included)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run npm ci (./scripts/test does it).")
    # evaluate, not a <script> tag: the pages' own CSP would refuse an injected script
    await page.evaluate(AXE.read_text(encoding="utf-8"))
    context = json.dumps({"include": include}) if include else "document"
    found = await page.evaluate(f"axe.run({context}, {{ resultTypes: ['violations'] }}).then((r) => r.violations)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [{"target": n["target"], "why": n["failureSummary"]} for n in v["nodes"]]}
        for v in found if v["impact"] in BLOCKING
    ]


def listed(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {n['target']} {n['why']}" for v in violations for n in v["nodes"])


async def list_with_badges(browser, companion):
    await browser.pair_via_dashboard(companion)  # once per module: later calls see it paired
    page = await browser.new_page()
    await page.goto(browser.ali())
    await page.wait_for_function(f"document.querySelectorAll('{BADGE}').length === {FIRST_PAGE['n']}", timeout=15000)
    return page


async def test_dashboard_and_an_order_page_have_no_serious_violation(browser, companion):
    await (await list_with_badges(browser, companion)).close()  # the companion now holds the page's orders
    page = await browser.new_page()
    await page.goto(companion.open_link())
    await page.wait_for_selector("main")
    violations = await axe_violations(page)
    assert not violations, listed(violations)
    order_id = companion.api("/orders")["orders"][0]["order_id"]
    await page.goto(f"{companion.url}/orders/{order_id}")
    await page.wait_for_selector("main")
    violations = await axe_violations(page)
    assert not violations, listed(violations)
    await page.close()


@pytest.mark.parametrize("path", ["popup/popup.html", "options/options.html"])
async def test_popup_and_options_have_no_serious_violation(browser, companion, path):
    page = await browser.new_page()
    await page.goto(browser.ext_page(path))
    await page.wait_for_selector("body[data-ready=true]")
    violations = await axe_violations(page)
    assert not violations, listed(violations)
    await page.close()


async def test_an_open_panel_and_the_badges_have_no_serious_violation(browser, companion):
    page = await list_with_badges(browser, companion)
    await page.locator(BADGE).first.locator(".badge").click()
    await page.locator(PANEL).locator(".panel").wait_for()
    await texts_in(page)
    violations = await axe_violations(page, [[PANEL], [BADGE]])
    assert not violations, listed(violations)
    await page.close()


STOPS = """'button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex="-1"])'"""
# Where the keyboard is: the element (through our shadow roots) and, inside one, its place among the controls.
FOCUSED = f"""() => {{
  const host = document.activeElement;
  if (!host || !host.shadowRoot) return {{ host: host ? host.localName : null }};
  const inner = host.shadowRoot.activeElement;
  const stops = [...host.shadowRoot.querySelectorAll({STOPS})];
  return {{ host: host.localName, order: host.getAttribute('data-order-guard-order-id'),
           cls: inner ? inner.className : null, at: stops.indexOf(inner) }};
}}"""


async def test_the_panel_keeps_focus_inside_and_returns_it_to_its_badge_on_escape(browser, companion):
    page = await list_with_badges(browser, companion)
    badge = page.locator(BADGE).nth(1)
    order_id = await badge.get_attribute("data-order-guard-order-id")
    await badge.locator(".badge").focus()
    await page.keyboard.press("Enter")
    panel = page.locator(PANEL)
    await panel.locator(".panel").wait_for()
    await texts_in(page)
    stops = await panel.evaluate(f"(host) => [...host.shadowRoot.querySelectorAll({STOPS})].filter((n) => n.offsetParent !== null).length")
    assert stops >= 2
    # Twice round the panel forwards and once backwards: focus never leaves it.
    seen = []
    for key in ["Tab"] * (2 * stops) + ["Shift+Tab"] * (stops + 1):
        await page.keyboard.press(key)
        seen.append(await page.evaluate(FOCUSED))
    assert all(f["host"] == PANEL for f in seen), [f for f in seen if f["host"] != PANEL][:3]
    assert len({f["at"] for f in seen}) == stops  # and it reaches every control of the panel

    await page.keyboard.press("Escape")
    await page.wait_for_function(f"!document.querySelector('{PANEL}')")
    focused = await page.evaluate(FOCUSED)
    assert focused["host"] == BADGE and focused["order"] == order_id, focused
    assert "badge" in focused["cls"]
    await page.close()
