/* The runtime messages between content scripts / extension pages and the service worker, and the
   shape of every answer. One place so both sides (and the tests) agree. */
(function (root) {
  "use strict";

  const TYPES = {
    page: "og:page", // content script -> worker: an order area to analyse
    pair: "og:pair", // pairing script -> worker: a pairing offered by a dashboard page (kept pending, never used)
    pairPending: "og:pair-pending", // options/popup -> worker: the pending offer's port and code
    pairConfirm: "og:pair-confirm", // options/popup -> worker: the buyer confirmed this code
    pairReject: "og:pair-reject", // options/popup -> worker: the buyer refused the offer
    status: "og:status", // options/popup -> worker: connection state
    connect: "og:connect", // options -> worker: port/token typed by hand
    settings: "og:settings", // anyone -> worker: language + bundled strings
    attention: "og:attention", // popup -> worker: urgent + soon orders
    openDashboard: "og:open-dashboard", // panel/popup -> worker (from the panel: the order's id, for its own page)
    disputeOpened: "og:dispute-opened", // content script -> worker: the day the buyer opened the order's dispute
    report: "og:report", // content script -> worker: the order area, for a structure report
    health: "og:health", // content script -> worker: is the companion still there (badges grey while it is not)
    caseEntry: "og:case-entry", // content script -> worker: one step of the order's case recorded, or undone
    order: "og:order", // content script -> worker: one order with its whole hint (the panel's actions), on opening it
    scan: "og:scan", // "Read all my orders" / "Make deadlines exact": { op, ... } both ways (background/scan.js)
  };
  // what the companion's case log takes (companion/rules/case_entries.py)
  const CASE_KINDS = ["extension_requested", "dispute_opened", "offer_received", "escalated", "decision_refund",
    "decision_return", "decision_rejected", "return_shipped", "refund_received"];
  const CASE_REASONS = ["not_received", "not_as_described", "damaged", "wrong_item", "wrong_colour", "missing_quantity"];

  // Why a call to the companion did not work; the content script shows a notice for the first two.
  // "impostor": a program answers on the port but cannot prove it knows the paired token.
  const REASONS = ["down", "unpaired", "rejected", "bad-message", "impostor"];

  const MAX_HTML_CHARS = 8 * 1024 * 1024;
  // Page data the page itself fetched (page/capture.js): at most this many, this big all together.
  const MAX_CAPTURES = 10;
  const MAX_CAPTURES_CHARS = 6 * 1024 * 1024;

  function pageMessage(url, html, capturedAt, captures) {
    const message = { type: TYPES.page, url: String(url), html: String(html), captured_at: capturedAt.toISOString() };
    if (Array.isArray(captures) && captures.length) message.captures = captures;
    return message;
  }

  function plainObject(value) {
    return Boolean(value) && typeof value === "object" && !Array.isArray(value);
  }

  /** The captures worth passing on: plain objects naming their api, newest kept within the limits. */
  function validCaptures(captures) {
    if (!Array.isArray(captures)) return [];
    const kept = [];
    let total = 0;
    for (const capture of captures.slice(-MAX_CAPTURES).reverse()) {
      if (!plainObject(capture) || typeof capture.api !== "string") continue;
      let size;
      try {
        size = JSON.stringify(capture).length;
      } catch (_) {
        continue;
      }
      if (total + size > MAX_CAPTURES_CHARS) break;
      total += size;
      kept.push(capture);
    }
    return kept.reverse();
  }

  function validUrl(url) {
    return typeof url === "string" && /^https:\/\//.test(url) && url.length <= 8192;
  }

  function validPage(url, html) {
    return validUrl(url) && typeof html === "string" && html.length > 0 && html.length <= MAX_HTML_CHARS;
  }

  /* The list data the page fetched, sent ahead of the cards it is about to draw from it: when they appear, their
     badges are drawn from this answer at once (content/orders.js). Only a list page's answer: a detail capture tells
     one order, and that page's own post follows its drawing soon enough. */
  function aheadMessage(url, capture, capturedAt) {
    return { type: TYPES.page, url: String(url), data: capture, captured_at: capturedAt.toISOString(), ahead: true };
  }

  const LIST_API = "mtop.aliexpress.trade.buyer.order.list";  // one of lib/captures.js APIS

  function listCapture(capture) {
    return plainObject(capture) && typeof capture.api === "string" && capture.api.trim().toLowerCase() === LIST_API;
  }

  function aheadBody(message) {
    const { url, data, captured_at: capturedAt } = message;
    if (!validUrl(url) || !listCapture(data) || validCaptures([data]).length !== 1) return null;
    if (typeof capturedAt !== "string" || Number.isNaN(Date.parse(capturedAt))) return null;
    return { url, data, captured_at: capturedAt };
  }

  /** The body the companion's POST /api/v1/pages expects, or null when the message is malformed. */
  function pageBody(message) {
    if (!message || message.type !== TYPES.page) return null;
    if (message.ahead === true) return aheadBody(message);
    const { url, html, captured_at: capturedAt } = message;
    if (!validPage(url, html)) return null;
    if (typeof capturedAt !== "string" || Number.isNaN(Date.parse(capturedAt))) return null;
    const body = { url, html, captured_at: capturedAt };
    const captures = validCaptures(message.captures);
    if (captures.length) body.captures = captures;
    return body;
  }

  /** "Save a report": the same order area as the page post, for POST /api/v1/report. */
  function reportMessage(url, html) {
    return { type: TYPES.report, url: String(url), html: String(html) };
  }

  function reportBody(message) {
    if (!message || message.type !== TYPES.report || !validPage(message.url, message.html)) return null;
    return { url: message.url, html: message.html };
  }

  function isPort(value) {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 && n < 65536;
  }

  // The companion's tokens are URL-safe base64 or hex; anything else is a paste mistake.
  function isToken(value) {
    return typeof value === "string" && /^[A-Za-z0-9_\-.~]{16,256}$/.test(value.trim());
  }

  // The order ids the pages name (lib/pages.js) and the companion keeps.
  function isOrderId(value) {
    return typeof value === "string" && /^[1-9]\d{5,24}$/.test(value);
  }

  /** "Open dashboard": the panel names its order, so the dashboard opens on that order's page. */
  function dashboardMessage(orderId) {
    const message = { type: TYPES.openDashboard };
    if (isOrderId(orderId)) message.order_id = orderId;
    return message;
  }

  /** The dashboard path an open-dashboard message asks for: "/orders/<id>", or "/" when it names no order. */
  function dashboardPath(message) {
    return message && isOrderId(message.order_id) ? `/orders/${message.order_id}` : "/";
  }

  /** "YYYY-MM-DD" naming a real calendar day. */
  function isDay(value) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof value === "string" ? value : "");
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number);
    const at = new Date(Date.UTC(year, month - 1, day));
    return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
  }

  /** The buyer's answer to "When did you open the dispute?". */
  function disputeMessage(orderId, day) {
    return { type: TYPES.disputeOpened, order_id: String(orderId), day: String(day) };
  }

  /** { orderId, body } for PATCH /api/v1/orders/<id> (that one field and nothing else), or null when malformed. */
  function disputeBody(message) {
    if (!message || message.type !== TYPES.disputeOpened || !isOrderId(message.order_id) || !isDay(message.day)) return null;
    return { orderId: message.order_id, body: { dispute_opened_at: message.day } };
  }

  /** The panel opened on an order whose hint came without its actions (a page's answer leaves them out). */
  function orderMessage(orderId) {
    return { type: TYPES.order, order_id: String(orderId) };
  }

  /** The order id to fetch (GET /api/v1/orders/<id>), or null when malformed. */
  function orderBody(message) {
    return message && message.type === TYPES.order && isOrderId(message.order_id) ? message.order_id : null;
  }

  /** Whether an order's hint came without its actions, to be asked for when its panel opens. A hint with
      `actions`, even none, is whole; so is the stand-in hint the companion gives when it could not work one out. */
  function actionsLater(order) {
    const hint = order && plainObject(order.hint) ? order.hint : null;
    return Boolean(hint) && !("actions" in hint);
  }

  /** One step of the case ({kind, at, reason?}) to record, or `undo`: the number of the entry to remove. */
  function caseMessage(orderId, entry, undo) {
    const message = { type: TYPES.caseEntry, order_id: String(orderId) };
    if (Number.isInteger(undo)) message.undo = undo;
    else message.entry = entry;
    return message;
  }

  function isMoment(value) {
    return typeof value === "string" && value.length <= 40 && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
  }

  /** { orderId, method, path, body } for the companion's case routes, or null when malformed (kind, day, reason). */
  function caseBody(message) {
    if (!message || message.type !== TYPES.caseEntry || !isOrderId(message.order_id)) return null;
    const path = `/orders/${message.order_id}/case`;
    if ("undo" in message) {
      return Number.isInteger(message.undo) && message.undo >= 0 && message.undo < 1000
        ? { orderId: message.order_id, method: "DELETE", path: `${path}/${message.undo}` } : null;
    }
    const entry = message.entry;
    if (!plainObject(entry) || !CASE_KINDS.includes(entry.kind) || !(isDay(entry.at) || isMoment(entry.at))) return null;
    const body = { kind: entry.kind, at: entry.at };
    if (entry.reason !== undefined) {
      if (!CASE_REASONS.includes(entry.reason)) return null;
      body.reason = entry.reason;
    }
    return { orderId: message.order_id, method: "POST", path, body };
  }

  function pairMessage(port, token) {
    return { type: TYPES.pair, port: Number(port), token: String(token).trim() };
  }

  function ok(data) {
    return { ok: true, data };
  }

  function failure(reason, message = "", extra = {}) {
    return { ok: false, reason: REASONS.includes(reason) ? reason : "rejected", message: String(message), ...extra };
  }

  /** Pulls the orders out of a POST /pages answer, dropping anything that is not shaped like one. */
  function ordersOf(data) {
    const orders = data && Array.isArray(data.orders) ? data.orders : [];
    return orders.filter((o) => o && typeof o.order_id === "string" && /^\d+$/.test(o.order_id));
  }

  // What the page's badges, their panels and the kept answer read of an order (content/badges.js, panel.js,
  // case.js, lib/hintview.js); the rest of it (items, prices, its history…) stays in the worker.
  const PAGE_ORDER_FIELDS = ["order_id", "status", "store", "dispute_opened_at", "case", "hint"];

  /** `order` with only what a page reads of it (PAGE_ORDER_FIELDS): less to copy to the page and to keep there. */
  function pageOrder(order) {
    if (!plainObject(order)) return order;
    const lean = {};
    for (const field of PAGE_ORDER_FIELDS) if (field in order) lean[field] = order[field];
    return lean;
  }

  /** The answer's {seen, read} when the page showed more orders than the companion could read, else null. */
  function partialReading(data) {
    const reading = data && plainObject(data.reading) ? data.reading : null;
    if (!reading) return null;
    const { seen, read } = reading;
    if (!Number.isInteger(seen) || !Number.isInteger(read) || read < 0 || read >= seen) return null;
    return { seen, read, missing: seen - read };
  }

  /**
   * The page answer's `changed`: how many stored orders this post changed, or null when the answer doesn't say
   * (a companion from before the field). The toolbar count is worked out from the stored orders, so it can only
   * have moved when this is more than 0.
   */
  function changedOrders(data) {
    const changed = data && plainObject(data) ? data.changed : undefined;
    return Number.isInteger(changed) && changed >= 0 ? changed : null;
  }

  /** Whether a page answer calls for a fresh toolbar count: it changed an order, or it does not say. */
  function countMayHaveChanged(data) {
    const changed = changedOrders(data);
    return changed === null || changed > 0;
  }

  /** order-guard-report-<YYYY-MM-DD>.json, the day in the buyer's own time zone. */
  function reportFileName(when) {
    const pad = (n) => String(n).padStart(2, "0");
    return `order-guard-report-${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}.json`;
  }

  const api = {
    TYPES, REASONS, MAX_HTML_CHARS, MAX_CAPTURES, MAX_CAPTURES_CHARS, pageMessage, aheadMessage, listCapture, pageBody, validCaptures, reportMessage, reportBody,
    isPort, isToken, isOrderId, isDay, dashboardMessage, dashboardPath, disputeMessage, disputeBody, pairMessage, ok, failure,
    CASE_KINDS, caseMessage, caseBody, orderMessage, orderBody, actionsLater,
    ordersOf, PAGE_ORDER_FIELDS, pageOrder, partialReading, changedOrders, countMayHaveChanged, reportFileName,
  };
  (root.OrderGuard = root.OrderGuard || {}).messages = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
