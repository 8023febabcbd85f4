// "Read all my orders" / "Make deadlines exact": the words as they go (lib/scanview.js) and the toolbar count's look
// (background/toolbar.js countLook), both pure.
import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const scanview = require("../../extension/lib/scanview.js");
const { countLook } = await import("../../extension/background/toolbar.js");

const en = JSON.parse(readFileSync(new URL("../../extension/_locales/en/messages.json", import.meta.url), "utf8"));
const ui = { t: (key, subs = []) => (en[key] ? en[key].message.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? "") : key) };

test("the list scan's line says batches and orders, of the total where the page states one, and why it ended", () => {
  assert.equal(scanview.listLine(null, ui), "");
  assert.equal(scanview.listLine({ state: "running", batches: 3, orders: 30, total: null }, ui), "Reading your orders: batch 3, 30 orders read");
  assert.equal(scanview.listLine({ state: "running", batches: 3, orders: 30, total: 137 }, ui), "Reading your orders: batch 3, 30 of 137 orders read");
  assert.equal(scanview.listLine({ state: "paused", batches: 2, orders: 20 }, ui), "Paused at batch 2, 20 orders read");
  assert.equal(scanview.listLine({ state: "ended", reason: "captcha", orders: 40 }, ui),
    "Stopped: AliExpress shows a check (captcha). Solve it, wait a while, then start again.");
  assert.equal(scanview.listLine({ state: "ended", reason: "known", orders: 20 }, ui),
    "Done: it reached orders Order Guard already had, unchanged (20 orders read).");
});

test("the refresh's line counts what was read of how many, and each order it could not make exact says why", () => {
  const run = { state: "running", total: 12, done: ["1", "2"], failed: [{ order_id: "3", reason: "no_date" }] };
  assert.equal(scanview.refreshLine(run, ui), "Making deadlines exact: 3 of 12 orders read");
  assert.equal(scanview.refreshLine({ ...run, state: "ended", reason: "done" }, ui), "Done: 2 deadlines are exact now; 1 could not be made exact.");
  assert.equal(scanview.failedLine({ order_id: "8100000000000003", reason: "captcha" }, ui),
    "Order 8100000000000003: AliExpress showed a check (captcha) instead");
});

const order = (severity, exact, source = exact ? "page" : "rule") => ({ hint: { severity, exact, source } });

test("the toolbar count is red for an urgent order with a sure date, violet when every order it counts is an estimate", () => {
  assert.equal(countLook([order("urgent", true), order("soon", false)], 2, 1).kind, "urgent");
  assert.equal(countLook([order("urgent", false), order("soon", false)], 2, 2).kind, "check");
  assert.equal(countLook([order("urgent", false), order("soon", true)], 2, 1).kind, "urgent");  // not all estimated: still urgent
  assert.equal(countLook([order("soon", true)], 1, 0).kind, "soon");
  assert.equal(countLook([order("urgent", false, "override")], 1, 0).kind, "urgent");  // the buyer's own date is sure
  // a companion without `estimated`: counted from the orders sent
  const look = countLook([order("urgent", false), order("soon", false)], 2, undefined);
  assert.deepEqual([look.count, look.urgent, look.estimated, look.kind], [2, 1, 2, "check"]);
  // more counted than sent: the companion's numbers
  assert.deepEqual([countLook([order("soon", true)], 40, 3).count, countLook([order("soon", true)], 40, 3).estimated], [40, 3]);
});
