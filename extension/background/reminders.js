/* Which orders deserve a notification: once per order per threshold (soon, urgent), and the toolbar's text.
   Pure; an ES module (the service worker and node tests import it). */

export const THRESHOLDS = ["soon", "urgent"];

/**
 * `orders`: from GET /orders (with hints). `notified`: { order_id: ["soon", ...] } already shown.
 * Returns { due: [{ order, threshold }], notified } where `notified` is the updated record.
 * An order that jumps straight to urgent gets one notification (urgent), and soon is marked as passed.
 * Orders that are no longer soon/urgent drop out of the record, so a later crossing notifies again.
 */
export function dueNotifications(orders, notified) {
  const next = {};
  const due = [];
  for (const order of orders || []) {
    if (!order || !order.hint || typeof order.order_id !== "string") continue;
    const severity = order.hint.severity;
    if (!THRESHOLDS.includes(severity)) continue;
    const seen = new Set((notified && notified[order.order_id]) || []);
    if (!seen.has(severity)) due.push({ order, threshold: severity });
    const reached = THRESHOLDS.slice(0, THRESHOLDS.indexOf(severity) + 1);
    next[order.order_id] = [...new Set([...seen, ...reached])].filter((s) => THRESHOLDS.includes(s));
  }
  return { due, notified: next };
}

export function toolbarText(count) {
  if (!count) return "";
  return count > 99 ? "99+" : String(count);
}
