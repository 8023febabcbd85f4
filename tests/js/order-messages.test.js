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
