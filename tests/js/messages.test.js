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
