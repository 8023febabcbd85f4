import test from "node:test";
import assert from "node:assert/strict";

// A fake `chrome` with what the toolbar uses (action, storage.local), in place before the module is loaded.
const calls = [];
const data = {};
globalThis.chrome = {
  action: {
    setBadgeText: async (v) => calls.push(["text", v.text]),
    setBadgeBackgroundColor: async (v) => calls.push(["color", v.color]),
    setBadgeTextColor: async () => {},
    setTitle: async (v) => calls.push(["title", v.title]),
  },
  storage: {
    local: {
      get: async (key) => (key in data ? { [key]: data[key] } : {}),
      set: async (values) => Object.assign(data, values),
    },
    onChanged: { addListener() {}, removeListener() {} },
  },
  i18n: { getUILanguage: () => "en", getMessage: (key, subs) => `${key}:${(subs || []).join(",")}` },
};
let fetched = 0;
globalThis.fetch = async () => {
  fetched += 1;
  throw new Error("no companion in this test");
};

const toolbar = await import("../../extension/background/toolbar.js");

const order = (id, severity, days) => ({ order_id: id, store: "Tango", items: [], hint: { severity, days_left: days, summary: "s" } });

test("a page answer's toolbar sets the count with no second request", async () => {
  calls.length = 0;
  fetched = 0;
  const answer = { orders: [], changed: 1, toolbar: { orders: [order("8300000000000001", "urgent", 1), order("8300000000000002", "soon", 6)], total: 7 } };
  await toolbar.afterPage(answer);
  assert.deepEqual(calls.filter((c) => c[0] === "text"), [["text", "7"]]);
  assert.deepEqual(calls.filter((c) => c[0] === "color"), [["color", "#d1202e"]]); // an urgent one: red
  assert.deepEqual(data.attention.map((o) => o.order_id), ["8300000000000001", "8300000000000002"]);
  assert.equal(fetched, 0);
});

test("an answer without a toolbar (an older companion) asks again only when the post changed something", async () => {
  fetched = 0;
  await toolbar.afterPage({ orders: [], changed: 0 }).catch(() => {});
  assert.equal(fetched, 0);
  await toolbar.afterPage({ orders: [], changed: 2 }).catch(() => {});
  assert.ok(fetched > 0);
});

test("countOf refuses what is not a toolbar", () => {
  for (const bad of [null, {}, { toolbar: null }, { toolbar: { orders: [] } }, { toolbar: { orders: {}, total: 1 } },
    { toolbar: { orders: [], total: -1 } }, { toolbar: { orders: [], total: 1.5 } }]) {
    assert.equal(toolbar.countOf(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(toolbar.countOf({ toolbar: { orders: [null, { hint: 3 }, order("1", "soon", 5)], total: 1 } }),
    { orders: [order("1", "soon", 5)], total: 1, estimated: undefined });
  // how many of them are estimated, when the companion says (an older one does not)
  assert.equal(toolbar.countOf({ toolbar: { orders: [], total: 3, estimated: 2 } }).estimated, 2);
  assert.equal(toolbar.countOf({ toolbar: { orders: [], total: 3, estimated: -1 } }).estimated, undefined);
});

test("a page answer's lean toolbar orders set the same count, title and popup list as the whole orders", async () => {
  // what GET /orders gives (a whole order, its whole hint) and what a page answer carries of it (the companion's
  // toolbar_count.lean_order): the worker must read the same from both
  const whole = {
    order_id: "8300000000000003", store: "Tango", status: "shipped", note: "mine",
    items: [{ title: "USB cable", quantity: 2, price: { amount: "3.10", currency: "USD" } }, { title: "Charger" }],
    hint: { severity: "urgent", days_left: 2, exact: false, source: "rule", summary: "2 days left",
      why: "long text", actions: [{ key: "dont_confirm_receipt", copy: "Dear seller" }], follow_ups: [], deadline: "2026-11-26" },
  };
  const lean = { order_id: whole.order_id, store: "Tango", items: [{ title: "USB cable" }],
    hint: { severity: "urgent", days_left: 2, exact: false, source: "rule", summary: "2 days left" } };
  const seen = [];
  for (const o of [whole, lean]) {
    calls.length = 0;
    fetched = 0;
    await toolbar.afterPage({ orders: [], changed: 1, toolbar: { orders: [o], total: 1, estimated: 1 } });
    seen.push({ calls: [...calls], attention: data.attention, count: data.attentionCount });
    assert.equal(fetched, 0);
  }
  assert.deepEqual(seen[1], seen[0]);
  // worked out by hand: one urgent order, its date our estimate, so the count is violet ("check")
  assert.deepEqual(seen[1].calls.filter((c) => c[0] !== "title"), [["text", "1"], ["color", "#6d4bc3"]]);
  assert.deepEqual(seen[1].attention, [{ order_id: "8300000000000003", store: "Tango", item: "USB cable", severity: "urgent",
    days_left: 2, exact: false, own: false, summary: "2 days left" }]);
});
