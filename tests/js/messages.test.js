const test = require("node:test");
const assert = require("node:assert/strict");
const m = require("../../extension/lib/messages.js");

const when = new Date("2026-11-24T10:00:00Z");

test("page message carries exactly what POST /api/v1/pages takes", () => {
  const msg = m.pageMessage("https://www.aliexpress.com/p/order/index.html", "<div></div>", when);
  assert.deepEqual(msg, { type: "og:page", url: "https://www.aliexpress.com/p/order/index.html", html: "<div></div>", captured_at: "2026-11-24T10:00:00.000Z" });
  assert.deepEqual(m.pageBody(msg), { url: msg.url, html: msg.html, captured_at: msg.captured_at });
});

test("malformed page messages are refused before reaching the companion", () => {
  const good = m.pageMessage("https://www.aliexpress.com/p/order/index.html", "<div></div>", when);
  assert.equal(m.pageBody({ ...good, url: "http://evil.example/" }), null);
  assert.equal(m.pageBody({ ...good, html: "" }), null);
  assert.equal(m.pageBody({ ...good, html: 5 }), null);
  assert.equal(m.pageBody({ ...good, captured_at: "yesterday" }), null);
  assert.equal(m.pageBody({ ...good, type: "og:pair" }), null);
  assert.equal(m.pageBody({ ...good, html: "x".repeat(m.MAX_HTML_CHARS + 1) }), null);
  assert.equal(m.pageBody(null), null);
});

test("answers are ok(data) or failure(reason)", () => {
  assert.deepEqual(m.ok({ a: 1 }), { ok: true, data: { a: 1 } });
  assert.deepEqual(m.failure("down", "", { port: 8778 }), { ok: false, reason: "down", message: "", port: 8778 });
  assert.equal(m.failure("weird").reason, "rejected");
});

test("ports and tokens", () => {
  assert.equal(m.isPort(8778), true);
  assert.equal(m.isPort("8778"), true);
  assert.equal(m.isPort(0), false);
  assert.equal(m.isPort(70000), false);
  assert.equal(m.isPort("12ab"), false);
  assert.equal(m.isToken("Qm9vZ2llLXRva2VuLTEyMzQ1Njc4OTA_-"), true);
  assert.equal(m.isToken("short"), false);
  assert.equal(m.isToken("has spaces in the middle of it"), false);
  assert.equal(m.isToken('"><img src=x>'), false);
  assert.deepEqual(m.pairMessage("8778", " abcdefghijklmnopqrstuvwxyz \n"), { type: "og:pair", port: 8778, token: "abcdefghijklmnopqrstuvwxyz" });
});

test("ordersOf keeps only order-shaped entries", () => {
  const data = { orders: [{ order_id: "8100123456789012" }, { order_id: "abc" }, null, { id: 3 }] };
  assert.deepEqual(m.ordersOf(data).map((o) => o.order_id), ["8100123456789012"]);
  assert.deepEqual(m.ordersOf(null), []);
});

test("captures ride along with the page post, only well-formed ones and within the limits", () => {
  const capture = { api: "mtop.aliexpress.trade.buyer.order.list", data: { data: {} }, ret: ["SUCCESS::调用成功"] };
  const url = "https://www.aliexpress.com/p/order/index.html";
  const msg = m.pageMessage(url, "<div></div>", when, [capture]);
  assert.deepEqual(msg.captures, [capture]);
  assert.deepEqual(m.pageBody(msg), { url, html: "<div></div>", captured_at: msg.captured_at, captures: [capture] });
  // none: the body is exactly what it was before captures existed
  assert.equal("captures" in m.pageMessage(url, "<div></div>", when, []), false);
  assert.equal("captures" in m.pageBody(m.pageMessage(url, "<div></div>", when)), false);
  // malformed ones are dropped, the page still goes
  const mixed = { ...msg, captures: [capture, "text", [1], { data: {} }, null] };
  assert.deepEqual(m.pageBody(mixed).captures, [capture]);
  assert.equal("captures" in m.pageBody({ ...msg, captures: "nope" }), false);
  // at most ten (the newest: the last ones), and no more than the size budget
  const many = Array.from({ length: 14 }, (_, i) => ({ ...capture, n: i }));
  assert.deepEqual(m.validCaptures(many).map((c) => c.n), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  const big = { api: capture.api, data: "x".repeat(m.MAX_CAPTURES_CHARS - 100) };
  assert.deepEqual(m.validCaptures([capture, big]).map((c) => c.api), [capture.api]);
  assert.equal(m.validCaptures([capture, big])[0], big);
});

test("the report message carries the page post's url and html, nothing else", () => {
  const url = "https://www.aliexpress.com/p/order/index.html";
  const msg = m.reportMessage(url, "<div>x</div>");
  assert.deepEqual(msg, { type: "og:report", url, html: "<div>x</div>" });
  assert.deepEqual(m.reportBody(msg), { url, html: "<div>x</div>" });
  assert.equal(m.reportBody({ ...msg, type: "og:page" }), null);
  assert.equal(m.reportBody({ ...msg, url: "http://evil.example/" }), null);
  assert.equal(m.reportBody({ ...msg, html: "" }), null);
  assert.equal(m.reportBody(null), null);
});

test("a partial reading is when the page showed more orders than were read", () => {
  assert.deepEqual(m.partialReading({ reading: { seen: 10, read: 3 } }), { seen: 10, read: 3, missing: 7 });
  assert.deepEqual(m.partialReading({ reading: { seen: 1, read: 0 } }), { seen: 1, read: 0, missing: 1 });
  assert.equal(m.partialReading({ reading: { seen: 10, read: 10 } }), null);
  assert.equal(m.partialReading({ reading: { seen: 3, read: 5 } }), null);
  assert.equal(m.partialReading({ reading: { seen: "10", read: 3 } }), null);
  assert.equal(m.partialReading({ reading: { seen: 10, read: -1 } }), null);
  assert.equal(m.partialReading({ orders: [] }), null);
  assert.equal(m.partialReading(null), null);
});

test("the report file is named after the buyer's local date", () => {
  assert.equal(m.reportFileName(new Date(2026, 0, 5, 23, 59)), "order-guard-report-2026-01-05.json");
  assert.equal(m.reportFileName(new Date(2026, 11, 31, 0, 1)), "order-guard-report-2026-12-31.json");
});

test("the toolbar count is asked again only when the page post changed a stored order, or the answer doesn't say", () => {
  assert.equal(m.changedOrders({ orders: [], changed: 3 }), 3);
  assert.equal(m.changedOrders({ orders: [], changed: 0 }), 0);
  for (const data of [{ orders: [] }, { changed: "2" }, { changed: -1 }, { changed: 1.5 }, null, undefined, []]) {
    assert.equal(m.changedOrders(data), null, JSON.stringify(data));
    assert.equal(m.countMayHaveChanged(data), true, JSON.stringify(data));
  }
  assert.equal(m.countMayHaveChanged({ changed: 0 }), false);
  assert.equal(m.countMayHaveChanged({ changed: 1 }), true);
});

test("open dashboard from the panel names the order; the worker asks for that order's page and nothing else", () => {
  assert.deepEqual(m.dashboardMessage("8100000000000001"), { type: "og:open-dashboard", order_id: "8100000000000001" });
  assert.equal(m.dashboardPath(m.dashboardMessage("8100000000000001")), "/orders/8100000000000001");
  // the popup's message names none: the list
  assert.equal(m.dashboardPath({ type: "og:open-dashboard" }), "/");
  // an id the companion refuses (a leading zero, other digits) names no order either
  assert.equal(m.dashboardPath(m.dashboardMessage("08100000000000001")), "/");
  assert.equal(m.dashboardPath(m.dashboardMessage("８１００００００００００００１")), "/");
  for (const bad of ["../login", "81/../../x", "12", 8100000000000001, "8100000000000001?next=//evil"]) {
    assert.equal(m.dashboardPath({ type: "og:open-dashboard", order_id: bad }), "/", String(bad));
    assert.deepEqual(m.dashboardMessage(bad), { type: "og:open-dashboard" }, String(bad));
  }
});

test("the dispute day: PATCH body with dispute_opened_at only, real YYYY-MM-DD days only", () => {
  const msg = m.disputeMessage("8100000000000001", "2026-11-20");
  assert.deepEqual(msg, { type: "og:dispute-opened", order_id: "8100000000000001", day: "2026-11-20" });
  assert.deepEqual(m.disputeBody(msg), { orderId: "8100000000000001", body: { dispute_opened_at: "2026-11-20" } });
  assert.deepEqual(m.disputeBody({ ...msg, note: "x", received: true }), { orderId: "8100000000000001", body: { dispute_opened_at: "2026-11-20" } });
  for (const day of ["2026-02-30", "2026-13-01", "20-11-2026", "2026-11-20T00:00:00Z", "", null]) {
    assert.equal(m.disputeBody({ ...msg, day }), null, String(day));
  }
  for (const id of ["abc", "1/2", "12", ""]) assert.equal(m.disputeBody({ ...msg, order_id: id }), null, id);
  assert.equal(m.disputeBody({ ...msg, type: "og:page" }), null);
});

test("a page gets of each order what its badge, panel and case read, nothing of its items, prices or history", () => {
  const hint = { severity: "soon", days_left: 3, summary: "Open a dispute", follow_ups: [], tracking: { aliexpress: null } };
  const order = {
    order_id: "8100000000000001", status: "shipped", status_text: "Awaiting delivery", store: "Bravo Store",
    dispute_opened_at: null, case: [{ kind: "dispute_opened", at: "2026-11-20" }], hint,
    items: [{ title: "Phone case", price: { amount: "3.10", currency: "USD" } }], total: { amount: "3.10", currency: "USD" },
    status_history: [{ status: "shipped", at: "2026-11-01T00:00:00+00:00" }], read_at: { list: "2026-11-24T12:00:00+00:00" },
    tracking_number: "LP00123456789012",
  };
  const lean = m.pageOrder(order);
  assert.deepEqual(Object.keys(lean).sort(), ["case", "dispute_opened_at", "hint", "order_id", "status", "store"]);
  assert.equal(lean.hint, hint);
  assert.deepEqual(lean.case, order.case);
  assert.equal(order.items.length, 1);  // the worker's own copy is left whole
  // what a page does with it still works: its id is read, its actions are known to be asked for later
  assert.deepEqual(m.ordersOf({ orders: [lean] }).map((o) => o.order_id), ["8100000000000001"]);
  assert.equal(m.actionsLater(lean), true);
  assert.equal(m.pageOrder(null), null);
});
