// The last answer kept for a page visited again: young entries only, the newest answer first, bounded.
const test = require("node:test");
const assert = require("node:assert/strict");
const cache = require("../../extension/lib/answer-cache.js");

const order = (id, severity = "soon") => ({ order_id: id, status: "shipped", hint: { severity } });
const HOUR = 60 * 60 * 1000;

test("an answer kept is known again, by order id", () => {
  const stored = cache.withAnswer(undefined, [order("8100000000000001"), order("8100000000000002")], 1000);
  const known = cache.fromStored(stored, 1000 + HOUR);
  assert.deepEqual([...known.keys()], ["8100000000000001", "8100000000000002"]);
  assert.equal(known.get("8100000000000002").hint.severity, "soon");
});

test("a newer answer for an order replaces the older one and comes first", () => {
  const first = cache.withAnswer(undefined, [order("8100000000000001", "ok"), order("8100000000000002", "ok")], 1000);
  const second = cache.withAnswer(first, [order("8100000000000002", "urgent")], 2000);
  assert.deepEqual(second.entries.map(([, o]) => [o.order_id, o.hint.severity]),
    [["8100000000000002", "urgent"], ["8100000000000001", "ok"]]);
  assert.equal(cache.fromStored(second, 3000).savedAt, 1000); // the oldest answer drawn from it
});

test("entries older than a day, or from the future, are not drawn", () => {
  const stored = { entries: [[0, order("8100000000000001")], [10 * HOUR, order("8100000000000002")], [40 * HOUR, order("8100000000000003")]] };
  assert.deepEqual([...cache.fromStored(stored, 30 * HOUR).keys()], ["8100000000000002"]);
});

test("at most MAX_ORDERS are kept, the most recent ones", () => {
  let stored;
  for (let i = 0; i < cache.MAX_ORDERS + 50; i += 1) stored = cache.withAnswer(stored, [order(String(8100000000000000 + i))], i);
  assert.equal(stored.entries.length, cache.MAX_ORDERS);
  assert.equal(stored.entries[0][1].order_id, String(8100000000000000 + cache.MAX_ORDERS + 49));
  assert.ok(!cache.fromStored(stored, cache.MAX_ORDERS + 50).has("8100000000000000"));
});

test("what is not an entry of an order is left out", () => {
  const stored = { entries: [[1, { order_id: "" }], [1, null], ["1", order("8100000000000001")], [1], [1, order("8100000000000002")]] };
  assert.deepEqual([...cache.fromStored(stored, 2).keys()], ["8100000000000002"]);
  assert.equal(cache.fromStored("junk", 2).size, 0);
  assert.equal(cache.fromStored("junk", 2).savedAt, null);
  assert.equal(cache.fromStored(undefined, 2).size, 0);
});

test("load and save go through webext and never reject", async () => {
  const box = {};
  const webext = { read: async (key) => box[key], write: async (values) => Object.assign(box, values) };
  await cache.save(webext, [order("8100000000000001")], 5);
  assert.deepEqual([...(await cache.load(webext, 6)).keys()], ["8100000000000001"]);
  const broken = { read: async () => { throw new Error("no storage"); }, write: async () => { throw new Error("no storage"); } };
  assert.equal((await cache.load(broken)).size, 0);
  await cache.save(broken, [order("8100000000000001")]);
});
