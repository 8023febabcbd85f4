import test from "node:test";
import assert from "node:assert/strict";
import { dueNotifications, toolbarText } from "../../extension/background/reminders.js";

const order = (id, severity, days = 5) => ({ order_id: id, hint: { severity, days_left: days } });

test("one notification per order per threshold", () => {
  let record = {};
  let r = dueNotifications([order("1", "soon"), order("2", "ok")], record);
  assert.deepEqual(r.due.map((d) => [d.order.order_id, d.threshold]), [["1", "soon"]]);
  record = r.notified;
  r = dueNotifications([order("1", "soon")], record);
  assert.deepEqual(r.due, []);
  record = r.notified;
  r = dueNotifications([order("1", "urgent", 2)], record);
  assert.deepEqual(r.due.map((d) => d.threshold), ["urgent"]);
  r = dueNotifications([order("1", "urgent", 1)], r.notified);
  assert.deepEqual(r.due, []);
});

test("jumping straight to urgent notifies once and marks soon as passed", () => {
  const r = dueNotifications([order("7", "urgent", 1)], {});
  assert.deepEqual(r.due.map((d) => d.threshold), ["urgent"]);
  assert.deepEqual(r.notified["7"].sort(), ["soon", "urgent"]);
});

test("orders that left the soon/urgent range can notify again later", () => {
  let r = dueNotifications([order("1", "soon")], {});
  r = dueNotifications([order("1", "watch", 20)], r.notified);
  assert.deepEqual(r.notified, {});
  r = dueNotifications([order("1", "soon")], r.notified);
  assert.equal(r.due.length, 1);
});

test("garbage in the orders list is ignored", () => {
  const r = dueNotifications([null, { order_id: 3 }, { order_id: "4" }, order("5", "expired")], undefined);
  assert.deepEqual(r.due, []);
});

test("toolbar text", () => {
  assert.equal(toolbarText(0), "");
  assert.equal(toolbarText(3), "3");
  assert.equal(toolbarText(150), "99+");
});

import { dueFollowUps } from "../../extension/background/reminders.js";

const NOW = Date.parse("2026-11-24T12:00:00Z");
const withUps = (id, ups) => ({ order_id: id, hint: { severity: "watch", follow_ups: ups } });

test("follow-ups notify once, from a day before they are due", () => {
  const ups = [
    { kind: "escalate", due: "2026-11-25T10:00:00+00:00" },        // 22 h ahead: now
    { kind: "seller_answer", due: "2026-11-27T10:00:00+00:00" },   // 3 days ahead: not yet
    { kind: "refund_late", due: "2026-11-20T00:00:00+00:00" },     // overdue: now
  ];
  let r = dueFollowUps([withUps("1", ups)], {}, NOW);
  assert.deepEqual(r.due.map((d) => d.followUp.kind), ["escalate", "refund_late"]);
  r = dueFollowUps([withUps("1", ups)], r.notified, NOW);
  assert.deepEqual(r.due, []);
  // a day later the seller's window is within a day too
  r = dueFollowUps([withUps("1", ups)], r.notified, NOW + 2 * 24 * 3600 * 1000);
  assert.deepEqual(r.due.map((d) => d.followUp.kind), ["seller_answer"]);
});

test("a follow-up whose date moved notifies again; gone ones leave the record", () => {
  let r = dueFollowUps([withUps("1", [{ kind: "escalate", due: "2026-11-25T10:00:00+00:00" }])], {}, NOW);
  r = dueFollowUps([withUps("1", [{ kind: "escalate", due: "2026-11-25T08:00:00+00:00" }])], r.notified, NOW);
  assert.equal(r.due.length, 1);
  r = dueFollowUps([withUps("1", [])], r.notified, NOW);
  assert.deepEqual(r.notified, {});
});

test("garbage follow-ups are ignored", () => {
  const r = dueFollowUps([null, { order_id: "2", hint: { follow_ups: "x" } },
    withUps("3", [null, { kind: 5, due: "2026-11-25" }, { kind: "escalate", due: "soon" }])], undefined, NOW);
  assert.deepEqual(r.due, []);
});
