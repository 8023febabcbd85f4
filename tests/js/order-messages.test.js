const { test } = require("node:test");
const assert = require("node:assert/strict");
const m = require("../../extension/lib/messages.js");

const ID = "8100000000000001";

test("the panel's order message names one order id and nothing else", () => {
  assert.equal(m.orderBody(m.orderMessage(ID)), ID);
  for (const id of ["", "81000abc", "../../settings", "8100000000000001?x=1", " 8100000000000001", null]) {
    assert.equal(m.orderBody(m.orderMessage(id)), null, JSON.stringify(id));
  }
  assert.equal(m.orderBody({ type: "og:case-entry", order_id: ID }), null);
  assert.equal(m.orderBody(null), null);
});

test("a hint without actions is one whose actions are to be asked for", () => {
  assert.equal(m.actionsLater({ order_id: ID, hint: { severity: "soon", summary: "5 days left" } }), true);
  // actions there, even none, make the hint whole; so does no hint at all (nothing to ask for)
  assert.equal(m.actionsLater({ order_id: ID, hint: { severity: "soon", actions: [] } }), false);
  assert.equal(m.actionsLater({ order_id: ID, hint: { severity: "done", actions: [{ key: "x", title: "X", text: "y" }] } }), false);
  assert.equal(m.actionsLater({ order_id: ID }), false);
  assert.equal(m.actionsLater({ order_id: ID, hint: "soon" }), false);
  assert.equal(m.actionsLater(null), false);
});

test("list data sent ahead of its cards goes as the page's data, alone, and nothing else goes that way", () => {
  const list = { api: "mtop.aliexpress.trade.buyer.order.list", data: { data: { pc_om_list_order_1: { fields: { orderId: ID } } } } };
  const at = new Date("2026-12-02T10:00:00Z");
  const url = "https://www.aliexpress.com/p/order/index.html";
  assert.deepEqual(m.pageBody(m.aheadMessage(url, list, at)), { url, data: list, captured_at: "2026-12-02T10:00:00.000Z" });
  // a detail capture, a list without its api, an address that is not https, a time that is none: not sent
  const detail = { ...list, api: "mtop.aliexpress.trade.buyer.order.detail" };
  assert.equal(m.pageBody(m.aheadMessage(url, detail, at)), null);
  assert.equal(m.pageBody(m.aheadMessage(url, { ...list, api: "mtop.other.buyer.order.list" }, at)), null);
  assert.equal(m.pageBody(m.aheadMessage(url, { data: list.data }, at)), null);
  assert.equal(m.pageBody(m.aheadMessage("http://www.aliexpress.com/p/order/index.html", list, at)), null);
  assert.equal(m.pageBody({ ...m.aheadMessage(url, list, at), captured_at: "soon" }), null);
  assert.equal(m.pageBody({ ...m.aheadMessage(url, list, at), data: "<div>" }), null);
  // without the flag, a message carrying data but no html is no page at all
  const { ahead: _flag, ...plain } = m.aheadMessage(url, list, at);
  assert.equal(m.pageBody(plain), null);
});
