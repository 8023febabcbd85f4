"""`order-guard import FILE`: HAR files and saved responses into the store, bad files refused whole.

The fixtures (tests/fixtures/imports/, built by its build.py) are the real captures as a browser
saves them. Expected values are written by hand from the real data, never from the parser."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion import cli
from companion.parsing import responses
from companion.store import Store
from companion.store.lock import FolderLock
from tests.conftest import free_port
from tests.reliability.servers import CompanionProcess

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
BROKEN = IMPORTS / "broken"
PRIVATE = ("Comprador Exemplo", "11999999999", "Rua Exemplo", "Bairro Exemplo", "00000-000", "Cidade Exemplo",
           "Estado Exemplo")
HAR_ORDERS = {  # the three orders of the HAR's list response, read from the real capture by eye
    "8212313961591322": ("completed", "Completed", "2026-07-15", "132.74", "Vega Store"),
    "8214398062177351": ("awaiting_delivery", "Awaiting delivery", "2026-09-01", "31.93", "LIMA Store"),
    "8211748238135282": ("completed", "Completed", "2026-05-18", "87.82", "NANO Store"),
}
NOW = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)


def run(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "companion", *args], capture_output=True, text=True, timeout=timeout)


def stored(data_dir: Path) -> dict[str, dict]:
    async def read():
        store = Store(data_dir)
        try:
            return {order["order_id"]: order for order in [store.get(d["order_id"]) for d in store.documents()]}
        finally:
            await store.close()

    return asyncio.run(read())


def files_of(data_dir: Path) -> dict[str, bytes]:
    """Every file of the data folder but the lock, with its bytes."""
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*"))
            if p.is_file() and p.name != "companion.lock"}


def import_(path: Path, data_dir: Path, capsys) -> tuple[int, str, str]:
    code = cli.main(["import", str(path), "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


# ---- the reading: file text -> (url, data, captured_at) ----------------------------------------
def test_har_keeps_the_three_order_responses_with_their_times():
    batch = responses.read((IMPORTS / "orders.har").read_bytes(), NOW)
    assert batch.total == 7
    assert [(r.url.split("/h5/")[1].split("/")[0], r.captured_at) for r in batch.responses] == [
        ("mtop.aliexpress.trade.buyer.order.list", datetime(2026, 9, 7, 14, 58, 1, 120000, tzinfo=timezone.utc)),
        ("mtop.aliexpress.trade.buyer.order.detail", datetime(2026, 9, 7, 14, 59, 10, 500000, tzinfo=timezone.utc)),
        ("mtop.ae.ld.querydetail", datetime(2026, 9, 7, 14, 59, 40, tzinfo=timezone.utc)),
    ]
    # the JSONP list and the base64 detail come out as the responses' JSON
    assert batch.responses[0].data["api"] == "mtop.aliexpress.trade.buyer.order.list"
    assert batch.responses[1].data["data"]["data"]["detail_simple_order_info_component_111820"]["fields"]["tradeOrderId"] \
        == 8212313961591322


def test_saved_responses_list_with_jsonp_and_objects():
    batch = responses.read((IMPORTS / "saved-responses.json").read_text(encoding="utf-8"), NOW)
    assert batch.total == 4
    assert [r.captured_at for r in batch.responses] == [datetime(2023, 2, 1, 10, tzinfo=timezone.utc), NOW, NOW]
    assert [r.data["api"] for r in batch.responses] == ["mtop.aliexpress.trade.buyer.order.list",
                                                        "mtop.aliexpress.trade.buyer.order.list", "mtop.ae.ld.querydetail"]


@pytest.mark.parametrize("tail", ["", ";", ";\n", "  ;  \r\n", "\n"])
def test_single_jsonp_response_with_or_without_semicolon(tail):
    text = (IMPORTS / "single-list.jsonp").read_text(encoding="utf-8").rstrip().rstrip(";") + tail
    (response,) = responses.read(text, NOW).responses
    assert response.captured_at == NOW and response.url == ""
    assert len([k for k in response.data["data"]["data"] if k.startswith("pc_om_list_order_")]) == 10


def test_saved_response_wrappers():
    listing = json.loads((IMPORTS / "single-list.jsonp").read_text(encoding="utf-8").strip()[len("mtopjsonp2("):-2])
    items = [
        {"url": "https://acs.aliexpress.com/h5/mtop.aliexpress.trade.buyer.order.list/1.0/", "json": listing,
         "startedDateTime": "2026-09-07T15:00:00+03:00"},
        {"body": json.dumps(listing), "timestamp": 1788850420839},
        {"response": {"content": {"text": base64.b64encode(b"x").decode()}}},  # not order data: left out
    ]
    batch = responses.read(json.dumps(items), NOW)
    assert [r.captured_at for r in batch.responses] == [
        datetime(2026, 9, 7, 12, tzinfo=timezone.utc), datetime.fromtimestamp(1788850420.839, timezone.utc)]


@pytest.mark.parametrize("name,words", [
    ("truncated.har", "ends in the middle"),
    ("not-json.txt", "not JSON"),
    ("page.html", "web page (HTML)"),
    ("unrelated.har", "no AliExpress order data"),
    ("no-content.har", "not their content"),
])
def test_bad_files_say_why(name, words):
    with pytest.raises(responses.ResponsesError) as caught:
        responses.read((BROKEN / name).read_bytes(), NOW)
    assert words in str(caught.value)


def test_a_backup_is_pointed_to_the_backup_restore():
    backup = {"format": "order-guard-backup", "version": 1, "orders": []}
    with pytest.raises(responses.ResponsesError, match="Order Guard backup"):
        responses.read(json.dumps(backup), NOW)


def test_a_cut_off_jsonp_response_is_truncated():
    text = (IMPORTS / "single-list.jsonp").read_text(encoding="utf-8")
    with pytest.raises(responses.ResponsesError, match="ends in the middle"):
        responses.read(text[: len(text) // 2], NOW)
    with pytest.raises(responses.ResponsesError, match="ends in the middle"):
        responses.read(text.rstrip().rstrip(";").rstrip(")"), NOW)


# ---- the command --------------------------------------------------------------------------------
def test_import_har_stores_the_orders(tmp_path):
    data_dir = tmp_path / "data"
    result = run("import", str(IMPORTS / "orders.har"), "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == ["Imported 3 AliExpress response(s) (of 7 in the file): 3 order(s), 3 new, 0 updated, 0 unchanged."]
    orders = stored(data_dir)
    assert set(orders) == set(HAR_ORDERS)  # not 8214779947343229: that copy went to a third-party host
    for oid, (status, text, day, total, store) in HAR_ORDERS.items():
        order = orders[oid]
        assert (order["status"], order["status_text"], order["order_date"], order["store"]) == (status, text, day, store)
        assert order["total"] == {"amount": total, "currency": "BRL"}
    # the detail and the tracking response told more about the Vega Store order
    vega = orders["8212313961591322"]
    assert (vega["paid_at"], vega["shipped_at"], vega["completed_at"], vega["delivered_at"]) == \
        ("2026-07-15", "2026-07-16", "2026-07-28", "2026-07-28")
    assert vega["tracking_number"] == "AA000000000BR"
    assert vega["protection_sources"]["order_detail"]["ends_at"] == "2026-09-04T00:00:00-07:00"
    assert vega["protection_sources"]["tracking"]["ends_at"] == "2026-09-03T00:00:00-07:00"
    assert sorted(vega["seen_on"]) == ["order_detail", "order_list", "tracking"]
    # captured_at is each HAR entry's startedDateTime
    assert orders["8214398062177351"]["first_seen"] == "2026-09-07T14:58:01+00:00"
    assert vega["first_seen"] == "2026-09-07T14:58:01+00:00" and vega["last_seen"] == "2026-09-07T14:59:40+00:00"


def test_imported_har_stores_nothing_of_the_buyer(tmp_path, capsys):
    har = (IMPORTS / "orders.har").read_text(encoding="utf-8")
    detail_text = json.loads(har)["log"]["entries"][3]["response"]["content"]["text"]
    assert "Comprador Exemplo" in base64.b64decode(detail_text).decode()  # the HAR really holds them
    assert "Comprador Exemplo" in har and "11999999999" in har
    data_dir = tmp_path / "data"
    assert import_(IMPORTS / "orders.har", data_dir, capsys)[0] == 0
    everything = b"".join(files_of(data_dir).values()).decode("utf-8")
    assert everything
    for private in PRIVATE:
        assert private not in everything
    assert "<html" not in everything.lower() and "<font" not in everything  # no raw HTML either


def test_saved_responses_then_single_jsonp(tmp_path, capsys):
    data_dir = tmp_path / "data"
    code, out, err = import_(IMPORTS / "saved-responses.json", data_dir, capsys)
    assert code == 0, err
    assert out == "Imported 3 AliExpress response(s) (of 4 in the file): 3 order(s), 3 new, 0 updated, 0 unchanged.\n"
    orders = stored(data_dir)
    assert set(orders) == {"5098466258048657", "8214779947343229", "8212313961591322"}
    dourem = orders["5098466258048657"]  # the 2023 component: "Finished", US $4.59, 75 days of protection
    assert (dourem["status"], dourem["order_date"], dourem["store"]) == ("completed", "2023-01-14", "DOUREM Store")
    assert dourem["total"] == {"amount": "4.59", "currency": "USD"} and dourem["protection"]["days"] == 75
    assert dourem["first_seen"] == "2023-02-01T10:00:00+00:00"
    assert orders["8214779947343229"]["status"] == "awaiting_delivery"
    assert orders["8212313961591322"]["delivered_at"] == "2026-07-28"
    # the whole real list: 10 orders, 2 of them already known
    code, out, err = import_(IMPORTS / "single-list.jsonp", data_dir, capsys)
    assert code == 0, err
    assert out.startswith("Imported 1 AliExpress response(s) (of 1 in the file): 10 order(s), 8 new, ")
    orders = stored(data_dir)
    assert len(orders) == 11
    assert sum(o["status"] == "completed" for o in orders.values()) == 9
    assert {oid for oid, o in orders.items() if o["status"] == "awaiting_delivery"} == {"8214398062177351", "8214779947343229"}


def test_importing_twice_changes_nothing(tmp_path, capsys):
    data_dir = tmp_path / "data"
    assert import_(IMPORTS / "orders.har", data_dir, capsys)[0] == 0
    before = files_of(data_dir)
    code, out, _ = import_(IMPORTS / "orders.har", data_dir, capsys)
    assert code == 0 and "3 order(s), 0 new, 0 updated, 3 unchanged" in out
    assert files_of(data_dir) == before


@pytest.mark.parametrize("name,words", [
    ("truncated.har", "ends in the middle"),
    ("not-json.txt", "not JSON"),
    ("page.html", "web page (HTML)"),
    ("unrelated.har", "no AliExpress order data"),
    ("no-content.har", "not their content"),
    ("session-expired.json", "FAIL_SYS_SESSION_EXPIRED"),
])
def test_bad_file_is_one_line_exit_2_and_changes_nothing(tmp_path, capsys, name, words):
    data_dir = tmp_path / "data"
    assert import_(IMPORTS / "saved-responses.json", data_dir, capsys)[0] == 0
    before = files_of(data_dir)
    code, out, err = import_(BROKEN / name, data_dir, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"order-guard: {name} was not imported: ") and words in err
    assert err.rstrip().endswith("Nothing was changed.")
    assert files_of(data_dir) == before


def test_bad_file_into_a_new_folder_creates_nothing(tmp_path, capsys):
    data_dir = tmp_path / "fresh"
    assert import_(BROKEN / "unrelated.har", data_dir, capsys)[0] == 2
    assert not data_dir.exists()


def test_too_large_file_is_refused_unread(tmp_path):
    big = tmp_path / "huge.har"
    with open(big, "wb") as fh:
        fh.write(b'{"log": {"entries": [')
        fh.truncate(201 * 1024 * 1024)  # sparse: the command must refuse it from its size alone
    result = run("import", str(big), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "larger than 200 MB" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and not (tmp_path / "data").exists()


def test_missing_file(tmp_path, capsys):
    code, out, err = import_(tmp_path / "nope.har", tmp_path / "data", capsys)
    assert code == 2 and "cannot read" in err and out == ""


def test_while_an_import_holds_the_folder(tmp_path, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with FolderLock(data_dir).acquire("import"):
        code, _, err = import_(IMPORTS / "orders.har", data_dir, capsys)
    assert code == 1 and "another `order-guard import`" in err and "nothing was imported" in err
    assert files_of(data_dir) == {}


def test_while_the_companion_runs_it_says_so_and_changes_nothing(tmp_path):
    data_dir = tmp_path / "data"
    server = CompanionProcess(data_dir).start()
    try:
        result = run("import", str(IMPORTS / "orders.har"), "--data-dir", str(data_dir))
        assert result.returncode == 1
        assert "the companion is running" in result.stderr and f"http://127.0.0.1:{server.port}/" in result.stderr
        assert "nothing was imported" in result.stderr and result.stdout == ""
        status, body = server.call("GET", "/api/v1/orders")
        assert status == 200 and body["orders"] == []
        # a second companion on the same folder is refused at once (it would overwrite the first one's journal)
        second = run("serve", "--port", str(free_port()), "--data-dir", str(data_dir))
        assert second.returncode == 1 and "already running on the data folder" in second.stderr
        assert f"http://127.0.0.1:{server.port}/" in second.stderr and "Traceback" not in second.stderr
    finally:
        server.stop()
    result = run("import", str(IMPORTS / "orders.har"), "--data-dir", str(data_dir))  # stopped: now it goes in
    assert result.returncode == 0, result.stderr
    assert set(stored(data_dir)) == set(HAR_ORDERS)


def test_help_lists_the_command():
    assert "import" in run("--help").stdout
