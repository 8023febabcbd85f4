"""Orders stored by a version from before order numbers were checked, whose number is not one
(a leading zero, too few digits): set aside at start-up, reported, kept whole in a file the
dashboard's restore reads once the numbers are put right, and shown to the buyer."""

from __future__ import annotations

import json

from companion.store import Store
from companion.store.journal import SNAPSHOT

REAL = "8105789297036795"
ZEROS = "008105789297036795"
SHORT = "12345"


def legacy_doc(order_id: str, **fields) -> dict:
    return {"order_id": order_id, "status": "awaiting_delivery", "status_text": "Awaiting delivery", "store": "Tango",
            "items": [], "buttons": [], "received": None, "dispute_opened_at": None, "note": None,
            "deadline_override": None, "first_seen": "2026-11-01T12:00:00+00:00",
            "last_seen": "2026-11-01T12:00:00+00:00", "status_history": [], "seen_on": ["order_list"],
            "protection_sources": {}, **fields}


def write_legacy_store(data_dir) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    docs = [legacy_doc(REAL), legacy_doc(ZEROS, note="my note on the zero one", received=True), legacy_doc(SHORT)]
    (data_dir / SNAPSHOT).write_text(json.dumps({"orders": {d["order_id"]: d for d in docs}, "_meta": {"1": {"seq": 0}}}))


async def test_orders_whose_number_is_not_one_are_set_aside_reported_and_kept_whole(tmp_path):
    write_legacy_store(tmp_path)
    store = Store(tmp_path)
    try:
        assert store.count() == 1 and store.get(REAL) is not None and store.get(ZEROS) is None
        assert store.set_aside is not None and store.set_aside.order_ids == (ZEROS, SHORT)
        kept = json.loads(store.set_aside.path.read_text())
        assert [d["order_id"] for d in kept["orders"]] == [ZEROS, SHORT]
        assert kept["orders"][0]["note"] == "my note on the zero one" and kept["orders"][0]["received"] is True
        [report] = store.problems
        assert f"2 stored order(s) have a number that is not an AliExpress order number ({ZEROS}, {SHORT})" in report
        assert str(store.set_aside.path) in report and report == store.set_aside_report
    finally:
        await store.close()
    # taken out for good: the next start finds nothing to report and writes no second file
    again = Store(tmp_path)
    try:
        assert again.problems == [] and again.set_aside is None and again.count() == 1
        assert len(list(tmp_path.glob("set-aside-orders-*.json"))) == 1
    finally:
        await again.close()


async def test_when_the_file_cannot_be_written_they_stay_and_that_is_reported(tmp_path, monkeypatch):
    from companion.store import files

    write_legacy_store(tmp_path)
    real_write = files.write_atomic

    def refuse_set_aside(path, data):
        if path.name.startswith("set-aside-orders-"):
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(files, "write_atomic", refuse_set_aside)
    store = Store(tmp_path)
    try:
        assert store.count() == 3 and store.set_aside is None
        [report] = store.problems
        assert "could not be set aside (No space left on device) and are kept as they are" in report
    finally:
        await store.close()


async def test_the_buyer_sees_them_on_the_dashboard_and_restores_them_with_the_numbers_put_right(make_companion, tmp_path):
    data_dir = tmp_path / "data"
    write_legacy_store(data_dir)
    companion = await make_companion(data_dir)
    await companion.login()
    for lang, words in (("en", "Orders set aside when the companion started"), ("he", "הזמנות שהועברו הצידה"),
                        ("ru", "Заказы, отложенные при запуске")):
        page = await (await companion.request("GET", f"/?lang={lang}", auth=False)).text()
        assert words in page and ZEROS in page and SHORT in page and str(companion.store.set_aside.path) in page, lang
        assert "stored order(s) have a number" not in page  # the notice, not the English report line
    assert "stored order(s) have a number" in (await (await companion.request("GET", "/api/v1/health", auth=False)).json())["problems"][0]
    # the buyer removes the zeros in the file and restores it: the note joins the real order
    kept = json.loads(companion.store.set_aside.path.read_text())
    kept["orders"] = [{**kept["orders"][0], "order_id": REAL}]
    resp = await companion.request("POST", "/api/v1/import", json=kept)
    assert resp.status == 200, await resp.text()
    assert companion.store.get(REAL)["note"] == "my note on the zero one" and companion.store.get(REAL)["received"] is True
