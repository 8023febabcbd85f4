/* The companion's last answer for the orders a buyer has seen, kept so that a page visited again draws the badges
   of known orders the moment their cards appear (no round trip first); the fresh answer then redraws them.
   Kept in the extension's local area (through lib/webext.js); what a badge and its panel show of an order,
   never the page's HTML. Bounded: the orders answered most recently, and nothing older than MAX_AGE_MS, so a stale
   hint is never drawn on its own for long (the page's post redraws every badge within its round trip). */
(function (root) {
  "use strict";

  const KEY = "answerCache";
  const MAX_ORDERS = 400;
  const MAX_AGE_MS = 24 * 60 * 60 * 1000;

  function isOrder(value) {
    return Boolean(value) && typeof value === "object" && typeof value.order_id === "string" && value.order_id.length > 0;
  }

  /** The kept entries that are still young enough, as a Map order_id -> order. Pure. Its `savedAt` is when the
      oldest of them was answered (null when none is): what a badge drawn from it says it was "updated" last. */
  function fromStored(stored, now) {
    const known = new Map();
    known.savedAt = null;
    if (!stored || typeof stored !== "object" || !Array.isArray(stored.entries)) return known;
    for (const entry of stored.entries) {
      if (!Array.isArray(entry) || entry.length !== 2) continue;
      const [savedAt, order] = entry;
      if (typeof savedAt !== "number" || !(now - savedAt <= MAX_AGE_MS && savedAt <= now) || !isOrder(order)) continue;
      known.set(order.order_id, order);
      known.savedAt = known.savedAt === null ? savedAt : Math.min(known.savedAt, savedAt);
    }
    return known;
  }

  /** `stored` with `orders` (just answered) put first, the oldest dropped beyond MAX_ORDERS. Pure. */
  function withAnswer(stored, orders, now) {
    const fresh = orders.filter(isOrder);
    const ids = new Set(fresh.map((order) => order.order_id));
    const kept = stored && Array.isArray(stored.entries) ? stored.entries : [];
    const entries = fresh.map((order) => [now, order]);
    for (const entry of kept) {
      if (entries.length >= MAX_ORDERS) break;
      if (Array.isArray(entry) && entry.length === 2 && isOrder(entry[1]) && !ids.has(entry[1].order_id)) entries.push(entry);
    }
    return { entries: entries.slice(0, MAX_ORDERS) };
  }

  /** Resolves to the known orders (empty when nothing is kept or storage is unavailable). */
  async function load(webext, now = Date.now()) {
    try {
      return fromStored(await webext.read(KEY), now);
    } catch (_) {
      return fromStored(null, now); // no storage here (the extension was reloaded under the page): badges wait for the answer
    }
  }

  /** Keeps `orders`, the companion's answer for this page. Never rejects: the cache only saves a round trip. */
  async function save(webext, orders, now = Date.now()) {
    try {
      await webext.write({ [KEY]: withAnswer(await webext.read(KEY), orders, now) });
    } catch (_) {
      // storage refused (quota, reload): the next visit waits for the companion, as without the cache
    }
  }

  const api = { KEY, MAX_ORDERS, MAX_AGE_MS, fromStored, withAnswer, load, save };
  (root.OrderGuard = root.OrderGuard || {}).answerCache = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
