"""The dashboard's restore page takes saved AliExpress responses too (a HAR file, saved responses):
the same reading as `order-guard import`, into the running store; a bad file gets the command's own
sentence and changes nothing."""

from __future__ import annotations

from pathlib import Path

from companion import cli
from tests.conftest import FROZEN_NOW
from tests.dashboard.conftest import NOW
from tests.dashboard.sample_orders import few_orders

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
BROKEN = IMPORTS / "broken"
OCTETS = {"Content-Type": "application/octet-stream"}


async def upload(companion, path: Path, **kw):
    return await companion.request("POST", f"/api/v1/import/saved?name={path.name}", data=path.read_bytes(),
                                   headers=OCTETS, **kw)


async def test_har_upload_stores_its_orders(companion):
    resp = await upload(companion, IMPORTS / "orders.har")
    assert resp.status == 200, await resp.text()
    body = await resp.json()
    assert {k: body[k] for k in ("responses", "in_file", "orders", "added", "updated", "unchanged")} == \
        {"responses": 3, "in_file": 7, "orders": 3, "added": 3, "updated": 0, "unchanged": 0}
    vega = companion.store.get("8212313961591322")
    assert (vega["status"], vega["shipped_at"], vega["delivered_at"]) == ("completed", "2026-07-16", "2026-07-28")
    assert vega["total"] == {"amount": "132.74", "currency": "BRL"}
    assert companion.store.get("8214398062177351")["status"] == "awaiting_delivery"
    resp = await companion.request("GET", "/api/v1/orders")
    assert {o["order_id"] for o in (await resp.json())["orders"]} == {"8212313961591322", "8214398062177351", "8211748238135282"}


async def test_saved_responses_without_times_take_the_companions_clock(companion):
    resp = await upload(companion, IMPORTS / "saved-responses.json")
    assert resp.status == 200
    assert companion.store.get("8214779947343229")["first_seen"] == FROZEN_NOW.isoformat(timespec="seconds")
    assert companion.store.get("5098466258048657")["first_seen"] == "2023-02-01T10:00:00+00:00"


async def test_bad_file_gets_the_commands_sentence_and_changes_nothing(companion, tmp_path, capsys):
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    before = companion.store.documents()
    revision = companion.store.revision
    for name in ("truncated.har", "not-json.txt", "page.html", "unrelated.har", "no-content.har", "session-expired.json"):
        resp = await upload(companion, BROKEN / name)
        assert resp.status == 400, name
        error = (await resp.json())["error"]
        assert error["code"] == "bad_import_file"
        assert cli.main(["import", str(BROKEN / name), "--data-dir", str(tmp_path / "cli")]) == 2
        assert capsys.readouterr().err == f"order-guard: {error['message']}\n"
    assert companion.store.documents() == before and companion.store.revision == revision


async def test_needs_the_token_and_our_origin(companion):
    resp = await upload(companion, IMPORTS / "orders.har", auth=False)
    assert resp.status == 401
    resp = await companion.request("POST", "/api/v1/import/saved", data=(IMPORTS / "orders.har").read_bytes(),
                                   headers={**OCTETS, "Origin": "https://evil.example"})
    assert resp.status == 403
    assert companion.store.count() == 0


async def test_too_large_upload_is_refused_plainly(make_companion, tmp_path):
    small = await make_companion(tmp_path / "small", max_body_bytes=20_000)
    resp = await upload(small, IMPORTS / "orders.har")
    assert resp.status == 413
    assert small.store.count() == 0


async def test_restore_page_offers_the_upload(companion):
    html = await (await companion.request("GET", "/", auth=False)).text()  # the empty page
    assert "data-import-saved" in html and "Import saved pages…" in html
    await companion.store.put_documents(few_orders(FROZEN_NOW))
    html = await (await companion.request("GET", "/", auth=False)).text()
    assert "data-import-saved" in html and "data-import hidden" in html  # next to the backup restore
    html = await (await companion.request("GET", "/", auth=False, headers={"Accept-Language": "ru"})).text()
    assert "Импорт сохранённых страниц…" in html


async def test_upload_from_the_page_in_a_browser(live_server, browser):
    from playwright.async_api import expect

    from tests.dashboard.test_browser import open_page

    server = await live_server(few_orders(NOW))
    context, page, problems = await open_page(browser, server, "/")
    toast = page.locator("#toast")
    await page.locator("input[data-import-saved]").set_input_files(str(BROKEN / "truncated.har"))
    await expect(toast).to_have_text("truncated.har was not imported: the file ends in the middle (it was cut off "
                                     "while saving or copying); save it again. Nothing was changed.")
    assert server.store.count() == 6
    await page.locator("input[data-import-saved]").set_input_files(str(IMPORTS / "orders.har"))
    await expect(toast).to_have_text("Saved pages imported: 3 responses read, 3 new, 0 updated, 0 unchanged.")
    assert server.store.count() == 9 and server.store.get("8212313961591322")["status"] == "completed"
    await expect(page.locator("table.orders tbody tr")).to_have_count(9, timeout=10_000)  # the page reloads
    problems = [p for p in problems if "400" not in p]  # the refused upload's status line in the console
    assert problems == []
    await context.close()
