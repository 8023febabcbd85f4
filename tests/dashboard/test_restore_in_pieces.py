"""The restore reads its body as the pieces arrive (never joined into one bytes object) and the
store writes a restore's journal file piece by piece: what arrives cut anywhere is read the same,
a body over the limit is still refused, and a write that fails half-way changes nothing."""

from __future__ import annotations

import errno
import json

import orjson
import pytest

from companion.exports.backup import backup_document
from companion.server import security
from companion.store import Store, files
from tests.conftest import FROZEN_NOW
from tests.reliability.test_big_stores import _order


def _backup(n: int, store_name: str = "Магазин שלום") -> bytes:
    docs = [{**_order(str(8200000000000000 + i), i), "store": f"{store_name} {i}"} for i in range(n)]
    return orjson.dumps(backup_document(docs, FROZEN_NOW, "test"))


async def test_a_backup_sent_in_pieces_cut_inside_letters_is_restored_whole(companion):
    body = _backup(3)
    cut = body.index("ש".encode()) + 1  # the middle of a two-byte letter
    resp = await companion.request("POST", "/api/v1/import", data=_chunks(body, cut),
                                   headers={"Content-Type": "application/json"})
    assert resp.status == 200, await resp.text()
    assert await resp.json() == {"imported": 3, "added": 3, "updated": 0, "unchanged": 0}
    assert companion.store.get("8200000000000002")["store"] == "Магазин שלום 2"


def _chunks(body: bytes, first: int):
    async def gen():
        yield body[:first]
        for start in range(first, len(body), 7):
            yield body[start:start + 7]
    return gen()


async def test_a_restore_body_over_its_limit_sent_in_pieces_is_refused(make_companion, monkeypatch):
    monkeypatch.setitem(security.ROUTE_BODY_LIMITS, ("POST", "/api/v1/import"), 2000)
    comp = await make_companion(max_body_bytes=1000)
    resp = await comp.request("POST", "/api/v1/import", data=_chunks(_backup(5), 500),
                              headers={"Content-Type": "application/json"})
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "too_large"
    assert comp.store.count() == 0


def test_the_pieces_make_the_bytes_one_call_would_make():
    entry = {"seq": 7, "put": [_order(str(8200000000000000 + i), i) for i in range(300)], "delete": ["8100000000000001"]}
    table = {"orders": {d["order_id"]: d for d in entry["put"]}, "_meta": {"1": {"seq": 7}}}
    for doc, key in ((entry, "put"), (table, "orders"), ({"seq": 1, "put": [], "delete": []}, "put"), ({"orders": {}}, "orders")):
        pieces = list(files.encode_in_steps(doc, key))
        assert b"".join(pieces) == orjson.dumps(doc)
    assert len(list(files.encode_in_steps(entry, "put"))) > 3  # ~300 KB: several pieces, not one


async def test_a_restore_whose_write_fails_half_way_changes_nothing(tmp_path, monkeypatch):
    from companion.exports import backup

    store = Store(tmp_path)
    incoming = backup.parse_backup(json.loads(_backup(400)), FROZEN_NOW)
    real_write = files.os.write
    calls = []

    def disk_fills_up(fd, data):
        calls.append(len(data))
        if len(calls) > 3:  # the file is begun: then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(files.os, "write", disk_fills_up)
    with pytest.raises(Exception, match="No space left"):
        await store.merge_documents(incoming, backup.merge_backup)
    monkeypatch.setattr(files.os, "write", real_write)
    assert len(calls) > 3
    assert store.count() == 0
    assert list((tmp_path / "journal").iterdir()) == []  # neither the entry nor its temp file
    await store.close()
    again = Store(tmp_path)
    assert again.count() == 0 and not again.problems
    await again.close()
