"""The buyer's name, address and phone never leave the page: not in answers, store, logs or exports."""

from __future__ import annotations

import json
import urllib.request

from tests.reliability.servers import CAPTURED, CompanionProcess

DETAIL = CAPTURED / "order-detail.mtop.json"
DETAIL_URL = "https://www.aliexpress.com/p/order/detail.html?orderId=8212313961591322"
SECRETS = ["Comprador Exemplo", "Rua Exemplo", "Bairro Exemplo", "11999999999", "Cidade Exemplo"]


def detail_html(capture: dict) -> str:
    """A detail page as the browser has it: address block in the DOM, the data in a script."""
    address = capture["data"]["data"]
    addr = next((v["fields"]["addressVO"] for v in address.values()
                 if isinstance(v, dict) and isinstance(v.get("fields"), dict) and "addressVO" in v["fields"]), {})
    return f"""<!doctype html><html><head><title>Order details</title></head><body>
<div class="order-detail-page">
  <div class="order-status"><div class="order-block-title">Completed</div></div>
  <div class="order-address"><span class="name">{addr.get('contactName')}</span>
    <span class="phone">{addr.get('fullPhoneNo')}</span>
    <p>{addr.get('detailAddress')}, {addr.get('detailAddress2')}, {addr.get('regionAddress')}</p></div>
  <div class="info-row">Order placed on: Jul 15, 2026</div>
</div>
<script>window.__INIT_DATA__ = {json.dumps(capture)};</script>
</body></html>"""


def test_private_data_goes_nowhere(tmp_path):
    capture = json.loads(DETAIL.read_text(encoding="utf-8"))
    raw = DETAIL.read_text(encoding="utf-8")
    assert all(secret in raw for secret in SECRETS)  # the fixture really holds them
    server = CompanionProcess(tmp_path / "data").start()
    answers = []
    try:
        for body in ({"url": DETAIL_URL, "data": capture}, {"url": DETAIL_URL, "html": detail_html(capture)}):
            status, answer = server.call("POST", "/api/v1/pages", body)
            assert status == 200, answer
            answers.append(json.dumps(answer, ensure_ascii=False))
        assert any("8212" in a and '"order_id"' in a for a in answers), "the detail page gave no order: test proves nothing"
        status, listing = server.call("GET", "/api/v1/orders")
        answers.append(json.dumps(listing, ensure_ascii=False))
        for fmt in ("csv", "json", "ics"):
            req = urllib.request.Request(f"{server.base}/api/v1/export?format={fmt}",
                                         headers={"Authorization": f"Bearer {server.token}"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                assert resp.status == 200
                answers.append(resp.read().decode("utf-8"))
        # the dashboard, through a one-time link as the buyer opens it (the cookie jar keeps the session)
        from http.cookiejar import CookieJar

        from companion.config import mint_login_nonce

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with opener.open(f"{server.base}/login?once={mint_login_nonce(server.data_dir)}", timeout=10) as resp:
            page = resp.read().decode("utf-8")
            assert resp.status == 200 and "order-guard-pairing" in page, "the dashboard did not open: test proves nothing"
            answers.append(page)
    finally:
        server.stop()
    written = "".join(p.read_text(encoding="utf-8", errors="replace")
                      for p in tmp_path.rglob("*") if p.is_file())  # data folder and the server's log
    for secret in SECRETS:
        assert secret not in written, f"{secret!r} was written to disk"
        for answer in answers:
            assert secret not in answer, f"{secret!r} appeared in an answer"
