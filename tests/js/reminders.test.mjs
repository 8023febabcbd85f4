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
