/* Toolbar badge count and reminder notifications: from GET /orders, or from the answer to a page, which
   carries the same count (its `toolbar`), so a page costs one request. */
import { badge, messages, webext } from "../lib/index.js";
import { call } from "./companion.js";
import { language, translator } from "./language.js";
import { dueFollowUps, dueNotifications, toolbarText } from "./reminders.js";

const COLORS = { urgent: "#d1202e", soon: "#f29b0c", check: "#6d4bc3" };

/**
 * The count's look: "urgent" (red) when an urgent order's date is the page's own or the buyer's, "check" (violet)
 * when every order counted has a date Order Guard estimated (its page would tell the exact one), else "soon".
 * `estimated`: how many of the counted orders are estimated (the companion's `estimated`, or counted here).
 */
export function countLook(attention, total, estimated) {
  const count = Number.isInteger(total) ? Math.max(total, attention.length) : attention.length;
  const guessed = Number.isInteger(estimated) ? Math.min(estimated, count)
    : attention.filter((o) => !o.hint.exact && o.hint.source !== "override").length;
  const sure = (o) => o.hint.exact || o.hint.source === "override";
  const urgent = attention.filter((o) => o.hint.severity === "urgent").length;
  const kind = attention.some((o) => o.hint.severity === "urgent" && sure(o)) ? "urgent"
    : count > 0 && guessed >= count ? "check" : urgent ? "urgent" : "soon";
  return { count, urgent, estimated: guessed, kind, color: COLORS[kind] };
}

/** `total`: how many urgent + soon orders there are (the companion sends only the first ones); `estimated`: how
    many of them have a deadline Order Guard estimated. */
export async function setCount(orders, total, estimated) {
  const { ext } = webext;
  const attention = badge.needsAttention(orders);
  const look = countLook(attention, total, estimated);
  await ext.action.setBadgeText({ text: toolbarText(look.count) });
  await ext.action.setBadgeBackgroundColor({ color: look.color });
  if (look.count) {
    const { t } = await translator();
    await ext.action.setTitle({ title: t("toolbarCountTitle", [String(look.count), String(look.urgent), String(look.estimated)]) });
  } else {
    await ext.action.setTitle({ title: "Order Guard" });
  }
  if (ext.action.setBadgeTextColor) await ext.action.setBadgeTextColor({ color: "#ffffff" });
  await webext.write({ attention: attention.slice(0, 50).map(summaryOf), attentionAt: new Date().toISOString(),
    attentionCount: { count: look.count, urgent: look.urgent, estimated: look.estimated } });
  return attention;
}

/** A page answer's `toolbar` ({orders, total, estimated}: the count GET /orders?severity=urgent,soon&limit=100
 * answers), or null when it carries none (a companion from before it did). Its orders are lean: `order_id`, `store`,
 * `items[0].title` and `hint` {severity, days_left, exact, source, summary}, all that countLook, setCount and
 * summaryOf read; the reminders (`dueNotifications`, `dueFollowUps`) take the whole orders of GET /orders. */
export function countOf(data) {
  const bar = data && typeof data === "object" ? data.toolbar : null;
  if (!bar || typeof bar !== "object" || !Array.isArray(bar.orders) || !Number.isInteger(bar.total) || bar.total < 0) {
    return null;
  }
  const orders = bar.orders.filter((o) => o && typeof o === "object" && o.hint && typeof o.hint === "object");
  const estimated = Number.isInteger(bar.estimated) && bar.estimated >= 0 ? bar.estimated : undefined;
  return { orders, total: bar.total, estimated };
}

/** After a page was sent: the answer's own count when it carries one; from an older companion, a fresh count
 * when the post may have moved it (its `changed`). */
export async function afterPage(data) {
  const bar = countOf(data);
  if (bar) return setCount(bar.orders, bar.total, bar.estimated);
  if (messages.countMayHaveChanged(data)) return refresh();
  // nothing this post did can have moved the count: it is as current as a fresh one would be
  await webext.write({ attentionAt: new Date().toISOString() });
  return null;
}

export function summaryOf(order) {
  const item = Array.isArray(order.items) && order.items[0] ? order.items[0].title : "";
  return {
    order_id: order.order_id,
    store: order.store || "",
    item: item || "",
    severity: order.hint.severity,
    days_left: Number.isInteger(order.hint.days_left) ? order.hint.days_left : null,
    exact: Boolean(order.hint.exact),
    own: order.hint.source === "override",
    summary: order.hint.summary || "",
  };
}

async function notify(due, t) {
  const { ext } = webext;
  for (const { order, threshold } of due) {
    const days = Number.isInteger(order.hint.days_left) ? order.hint.days_left : "?";
    const title = threshold === "urgent" ? t("notifUrgentTitle") : t("notifSoonTitle", [String(days)]);
    const what = order.hint.summary || order.store || "";
    await ext.notifications.create(`og:${order.order_id}:${threshold}`, {
      type: "basic",
      iconUrl: ext.runtime.getURL("icons/icon-128.png"),
      title,
      message: t("notifBody", [order.order_id, what]),
      priority: threshold === "urgent" ? 2 : 1,
    });
  }
}

/** A case follow-up (escalate, refund late...) due within a day: its title, in the buyer's language. */
async function notifyFollowUps(due, t) {
  const { ext } = webext;
  for (const { order, followUp } of due) {
    await ext.notifications.create(`og:${order.order_id}:followup:${followUp.kind}`, {
      type: "basic",
      iconUrl: ext.runtime.getURL("icons/icon-128.png"),
      title: t("notifFollowUpTitle"),
      message: t("notifBody", [order.order_id, followUp.title || ""]),
      priority: followUp.overdue ? 2 : 1,
    });
  }
}

/** Refreshes the count and, when `remind`, shows notifications for new soon/urgent crossings. */
export async function refresh({ remind = false } = {}) {
  const { ext } = webext;
  // only what the count, the popup and the reminders use: with years of orders, all of them is heavy;
  // the most urgent 100 are plenty for a list and for notifications, `total` gives the count
  const answer = await call("/orders?severity=urgent,soon&limit=100", { lang: await language() });
  if (!answer.ok) {
    await ext.action.setBadgeText({ text: ["down", "unpaired", "impostor"].includes(answer.reason) ? "!" : "" });
    await ext.action.setBadgeBackgroundColor({ color: "#98a2b3" });
    return answer;
  }
  const orders = Array.isArray(answer.data.orders) ? answer.data.orders : [];
  await setCount(orders, answer.data.total, answer.data.estimated);
  if (remind) {
    const result = dueNotifications(orders, (await webext.read("notified")) || {});
    await webext.write({ notified: result.notified });
    const { t } = await translator();
    await notify(result.due, t);
    // case steps are due on orders of any severity (a refund late on a closed order): asked for apart
    const cases = await call("/orders?follow_ups=any&limit=100", { lang: await language() });
    const withSteps = cases.ok && Array.isArray(cases.data.orders) ? cases.data.orders : orders;
    const steps = dueFollowUps(withSteps, (await webext.read("notifiedFollowUps")) || {});
    await webext.write({ notifiedFollowUps: steps.notified });
    await notifyFollowUps(steps.due, t);
  }
  return answer;
}
