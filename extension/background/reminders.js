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

/** How long before a case follow-up is due its notification comes (the calendar's alarm too). */
export const FOLLOW_UP_LEAD_MS = 24 * 3600 * 1000;

/**
 * Case follow-ups (hint.follow_ups: escalate, refund late...) due within a day or overdue, each once.
 * `notified`: { order_id: ["kind@due", ...] } already shown. A follow-up whose due date moves (a new
 * entry, a page read) notifies again; those that are gone drop out of the record.
 */
export function dueFollowUps(orders, notified, now = Date.now()) {
  const next = {};
  const due = [];
  for (const order of orders || []) {
    if (!order || typeof order.order_id !== "string" || !order.hint || !Array.isArray(order.hint.follow_ups)) continue;
    const seen = new Set((notified && notified[order.order_id]) || []);
    const kept = [];
    for (const up of order.hint.follow_ups) {
      if (!up || typeof up.kind !== "string" || typeof up.due !== "string") continue;
      const at = Date.parse(up.due);
      if (Number.isNaN(at) || at - now > FOLLOW_UP_LEAD_MS) continue;
      const key = `${up.kind}@${up.due}`;
      kept.push(key);
      if (!seen.has(key)) due.push({ order, followUp: up });
    }
    if (kept.length) next[order.order_id] = kept;
  }
  return { due, notified: next };
}
