/* The page data the page-world script (page/capture.js) hands over: which messages to accept, which
   private keys never to pass on, and the few latest captures kept for the next page post. Pure, so
   node can test it; content/captures.js wires it to window messages. */
(function (root) {
  "use strict";

  // Must equal page/capture.js.
  const MESSAGE_TYPE = "order-guard:capture:v1";
  const APIS = ["mtop.aliexpress.trade.buyer.order.list", "mtop.aliexpress.trade.buyer.order.detail", "mtop.ae.ld.querydetail"];
  const PRIVATE_KEY = /address|receiver|buyername|phone|mobile|contact/i;
  const MAX_KEPT = 10;
  const MAX_CAPTURE_CHARS = 3 * 1024 * 1024; // one list page is ~45 KB
  const MAX_TOTAL_CHARS = 6 * 1024 * 1024;
  const MAX_DEPTH = 64;

  function isPlainObject(value) {
    if (!value || typeof value !== "object" || Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
  }

  /** JSON-like deep copy without private keys (the page world already dropped them; this is a second net). */
  function sanitize(value, depth = 0) {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") return Number.isFinite(value) ? value : null;
    if (typeof value !== "object" || depth > MAX_DEPTH) return undefined;
    if (Array.isArray(value)) return value.map((item) => {
      const copy = sanitize(item, depth + 1);
      return copy === undefined ? null : copy;
    });
    const out = {};
    for (const key of Object.keys(value)) {
      if (PRIVATE_KEY.test(key)) continue;
      const copy = sanitize(value[key], depth + 1);
      if (copy !== undefined) out[key] = copy;
    }
    return out;
  }

  function apiOf(capture) {
    const api = isPlainObject(capture) && typeof capture.api === "string" ? capture.api.trim().toLowerCase() : "";
    return APIS.includes(api) ? api : null;
  }

  /** A window message from the page world -> the capture in it (sanitized), or null to ignore the message. */
  function fromMessage(data) {
    if (!isPlainObject(data) || data.type !== MESSAGE_TYPE || !isPlainObject(data.capture)) return null;
    if (!apiOf(data.capture)) return null;
    const copy = sanitize(data.capture);
    return isPlainObject(copy) ? copy : null;
  }

  function components(capture) {
    const data = isPlainObject(capture.data) ? capture.data : {};
    return isPlainObject(data.data) ? data.data : data;
  }

  function firstOrderId(value, depth = 0) {
    if (!value || typeof value !== "object" || depth > 8) return null;
    for (const [key, item] of Object.entries(value)) {
      if ((key === "tradeOrderId" || key === "orderId") && /^\d{6,25}$/.test(String(item))) return String(item);
    }
    for (const item of Object.values(value)) {
      const found = item && typeof item === "object" ? firstOrderId(item, depth + 1) : null;
      if (found) return found;
    }
    return null;
  }

  /** What a newer capture replaces: the same api for the same list page, or for the same order. */
  function captureKey(capture, pageOrderId = null) {
    const api = apiOf(capture);
    if (!api) return null;
    const comps = components(capture);
    if (api.endsWith(".order.list")) {
      for (const [name, comp] of Object.entries(comps)) {
        const fields = isPlainObject(comp) && isPlainObject(comp.fields) ? comp.fields : null;
        if (name.startsWith("pc_om_list_body") && fields && Number.isInteger(fields.pageIndex)) return `${api}|page:${fields.pageIndex}`;
      }
      const first = Object.keys(comps).find((name) => name.startsWith("pc_om_list_order_"));
      return `${api}|first:${first ? first.slice("pc_om_list_order_".length) : ""}`;
    }
    return `${api}|order:${firstOrderId(capture.data) || pageOrderId || ""}`;
  }

  /** The latest `max` captures, one per key, newest last; `revision` changes with every new capture. */
  function createStore({ max = MAX_KEPT, pageOrderId = null } = {}) {
    const byKey = new Map();
    let revision = 0;
    return {
      add(capture) {
        const key = captureKey(capture, pageOrderId);
        if (!key) return false;
        let size;
        try {
          size = JSON.stringify(capture).length;
        } catch (_) {
          return false;
        }
        if (size > MAX_CAPTURE_CHARS) return false;
        byKey.delete(key);
        byKey.set(key, { capture, size });
        while (byKey.size > max) byKey.delete(byKey.keys().next().value);
        revision += 1;
        return true;
      },
      /** Newest first within the size budget, returned oldest first (the order they arrived in). */
      list() {
        const kept = [];
        let total = 0;
        for (const entry of [...byKey.values()].reverse()) {
          if (total + entry.size > MAX_TOTAL_CHARS) break;
          total += entry.size;
          kept.push(entry.capture);
        }
        return kept.reverse();
      },
      get revision() {
        return revision;
      },
      get size() {
        return byKey.size;
      },
    };
  }

  const api = { MESSAGE_TYPE, APIS, PRIVATE_KEY, MAX_KEPT, MAX_CAPTURE_CHARS, MAX_TOTAL_CHARS, isPlainObject, sanitize, apiOf, fromMessage, captureKey, createStore };
  (root.OrderGuard = root.OrderGuard || {}).captures = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
