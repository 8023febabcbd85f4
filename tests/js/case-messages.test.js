const test = require("node:test");
const assert = require("node:assert/strict");
const m = require("../../extension/lib/messages.js");

const ID = "8100000000000001";

test("a case step becomes POST /orders/<id>/case with only what the companion takes", () => {
  const msg = m.caseMessage(ID, { kind: "dispute_opened", at: "2026-11-24T10:00:00.000Z", reason: "not_received", extra: 1 });
  assert.deepEqual(m.caseBody(msg), { orderId: ID, method: "POST", path: `/orders/${ID}/case`,
    body: { kind: "dispute_opened", at: "2026-11-24T10:00:00.000Z", reason: "not_received" } });
  assert.deepEqual(m.caseBody(m.caseMessage(ID, { kind: "escalated", at: "2026-11-24" })).body, { kind: "escalated", at: "2026-11-24" });
});

test("an undo becomes DELETE /orders/<id>/case/<n>", () => {
  assert.deepEqual(m.caseBody(m.caseMessage(ID, null, 2)), { orderId: ID, method: "DELETE", path: `/orders/${ID}/case/2` });
});

test("malformed case messages are refused", () => {
  for (const [id, entry, undo] of [
    ["12ab34", { kind: "escalated", at: "2026-11-24" }],
    [ID, { kind: "party", at: "2026-11-24" }],
    [ID, { kind: "escalated", at: "yesterday" }],
    [ID, { kind: "escalated", at: "2026-02-30" }],
    [ID, { kind: "dispute_opened", at: "2026-11-24", reason: "bored" }],
    [ID, "escalated"],
    [ID, null, -1],
    [ID, null, 1.5],
  ]) {
    assert.equal(m.caseBody(m.caseMessage(id, entry, undo)), null, JSON.stringify([id, entry, undo]));
  }
  assert.equal(m.caseBody({ type: "og:page", order_id: ID }), null);
});
