/* The runtime messages between content scripts / extension pages and the service worker, and the
   shape of every answer. One place so both sides (and the tests) agree. */
(function (root) {
  "use strict";

  const TYPES = {
    page: "og:page", // content script -> worker: an order area to analyse
    pair: "og:pair", // pairing script -> worker: token offered by the dashboard
    status: "og:status", // options/popup -> worker: connection state
    connect: "og:connect", // options -> worker: port/token typed by hand
    settings: "og:settings", // anyone -> worker: language + bundled strings
    setLanguage: "og:set-language", // options -> worker
    attention: "og:attention", // popup -> worker: urgent + soon orders
    openDashboard: "og:open-dashboard", // panel/popup -> worker
  };

  // Why a call to the companion did not work; the content script shows a notice for the first two.
  const REASONS = ["down", "unpaired", "rejected", "bad-message"];

  const MAX_HTML_CHARS = 8 * 1024 * 1024;

  function pageMessage(url, html, capturedAt) {
    return { type: TYPES.page, url: String(url), html: String(html), captured_at: capturedAt.toISOString() };
  }

  /** The body the companion's POST /api/v1/pages expects, or null when the message is malformed. */
  function pageBody(message) {
    if (!message || message.type !== TYPES.page) return null;
    const { url, html, captured_at: capturedAt } = message;
    if (typeof url !== "string" || !/^https:\/\//.test(url) || url.length > 8192) return null;
    if (typeof html !== "string" || html.length === 0 || html.length > MAX_HTML_CHARS) return null;
    if (typeof capturedAt !== "string" || Number.isNaN(Date.parse(capturedAt))) return null;
    return { url, html, captured_at: capturedAt };
  }

  function isPort(value) {
    const n = Number(value);
    return Number.isInteger(n) && n > 0 && n < 65536;
  }

  // The companion's tokens are URL-safe base64 or hex; anything else is a paste mistake.
  function isToken(value) {
    return typeof value === "string" && /^[A-Za-z0-9_\-.~]{16,256}$/.test(value.trim());
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

  const api = { TYPES, REASONS, MAX_HTML_CHARS, pageMessage, pageBody, isPort, isToken, pairMessage, ok, failure, ordersOf };
  (root.OrderGuard = root.OrderGuard || {}).messages = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
