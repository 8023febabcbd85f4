/* "Read all my orders" and "Make deadlines exact": the worker's side. Nothing here starts by itself: the buyer's
   click (popup, dashboard, the notice on My Orders) or the daily refresh the buyer turned on in the settings.

   The list scan runs in the buyer's own My Orders tab (content/scan.js clicks "View orders" there); the worker
   only keeps its state, so it survives a reload of the tab or a stop of the worker. The deadline refresh runs
   here: one order at a time in one background tab the buyer can see and close, its page read by the content
   script like any other, at most one page every few seconds. Both keep their state in the extension storage
   (lib/webext.js): "scan" and "refresh", which the popup and the dashboard show. */
import { messages, webext } from "../lib/index.js";
import { call } from "./companion.js";
import { language } from "./language.js";

const { ext } = webext;
const { ok, failure } = messages;

export const LIST_URL = "https://www.aliexpress.com/p/order/index.html";
const DETAIL_URL = "https://www.aliexpress.com/p/order/detail.html?orderId=";
const TRACKING_URL = "https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=";
// The pace a person keeps: one action a second on the list, one page every few seconds in the refresh, and how
// long a page may take. Tests set a shorter pace in storage ("scanPace"); nothing else writes it.
export const PACE = Object.freeze({ actionMs: 1000, pageMs: 4000, waitMs: 20000 });
const MIN_PACE_MS = 20;
// Reasons a run ends; the popup, the dashboard and the bar on My Orders say each in plain words.
export const END_REASONS = ["end", "known", "stopped", "login", "captcha", "rate", "stalled", "closed", "down", "notorder", "done"];
const BLOCKED = ["login", "captcha", "rate"];
const DAILY_AGE_MS = 20 * 60 * 60 * 1000;
const MAX_REFRESH = 500;

export async function pace() {
  const saved = await webext.read("scanPace");
  const out = { ...PACE };
  if (saved && typeof saved === "object") {
    for (const key of Object.keys(PACE)) if (Number.isFinite(saved[key])) out[key] = Math.max(MIN_PACE_MS, saved[key]);
  }
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isLive(run) {
  return Boolean(run) && (run.state === "running" || run.state === "paused");
}

async function tabExists(tabId) {
  if (!Number.isInteger(tabId)) return false;
  try {
    await ext.tabs.get(tabId);
    return true;
  } catch (_) {
    return false;
  }
}

/** A run's state under its storage key: read it, or change some of it (stamped with the time of the change).
    Changes are made one after the other: a "Pause" from the popup must not be undone by a progress report that
    read the state just before it. */
function kept(key) {
  const read = async () => (await webext.read(key)) || null;
  let last = Promise.resolve();
  const save = (patch) => {
    const change = last.then(async () => {
      const next = { ...((await read()) || {}), ...patch, at: new Date().toISOString() };
      await webext.write({ [key]: next });
      return next;
    });
    last = change.catch(() => {});
    return change;
  };
  return { read, save };
}

const { read: listScan, save: saveList } = kept("scan");
const { read: refreshRun, save: saveRefresh } = kept("refresh");

// ---- the list scan --------------------------------------------------------------------------------------------

/** The My Orders tab to scan in: the one the click came from, else the last one seen, else a new one. */
async function listTab(sender) {
  if (sender && sender.tab && Number.isInteger(sender.tab.id)) return sender.tab.id;
  const known = (await webext.readPrivate("scanListTab")) || null;
  if (known && (await tabExists(known))) {
    await ext.tabs.update(known, { active: true });
    return known;
  }
  const tab = await ext.tabs.create({ url: LIST_URL, active: true });
  return tab.id;
}

export async function startList(sender) {
  const current = await listScan();
  if (isLive(current) && (await tabExists(current.tabId))) {
    if (current.state === "paused") await saveList({ state: "running" });
    return ok(await listScan());
  }
  const tabId = await listTab(sender);
  const run = { state: "running", tabId, batches: 0, orders: 0, total: null, seen: [], reason: null,
    startedAt: new Date().toISOString(), pace: await pace() };
  await webext.write({ scan: { ...run, at: run.startedAt } });
  try {
    await ext.tabs.sendMessage(tabId, { type: messages.TYPES.scan, op: "begin" });
  } catch (_) {
    /* a new tab: its content script asks once it has loaded */
  }
  return ok(run);
}

/** A My Orders page has loaded: remember its tab, and hand it the scan when the scan is this tab's. */
async function listHello(sender) {
  await webext.writePrivate({ scanListTab: sender.tab.id });
  const run = await listScan();
  const mine = isLive(run) && run.tabId === sender.tab.id;
  return ok({ scan: mine ? run : null, pace: await pace() });
}

async function listProgress(message, sender) {
  const run = await listScan();
  if (!isLive(run) || run.tabId !== sender.tab.id) return failure("rejected", "no scan in this tab");
  const fresh = Array.isArray(message.ids) ? message.ids.filter(messages.isOrderId) : [];
  const seen = [...new Set([...(run.seen || []), ...fresh])];
  const patch = { seen, orders: seen.length, batches: Math.max(run.batches || 0, Number(message.batches) || 0) };
  if (Number.isInteger(message.total) && message.total > 0) patch.total = message.total;
  return ok(await saveList(patch));
}

async function listEnd(message, sender) {
  const run = await listScan();
  if (!isLive(run) || run.tabId !== sender.tab.id) return failure("rejected", "no scan in this tab");
  const reason = END_REASONS.includes(message.reason) ? message.reason : "stalled";
  return ok(await saveList({ state: "ended", reason }));
}

// ---- the deadline refresh -------------------------------------------------------------------------------------

const waiting = new Map(); // tab id -> resolve({ answer } | { blocked })

/** The worker relays every page post (background.js onPage): one from the refresh tab may be what it waits for. */
export function notePage(sender, answer) {
  const tabId = sender && sender.tab && sender.tab.id;
  const resolve = waiting.get(tabId);
  if (resolve && answer && answer.ok) resolve({ answer: answer.data });
  if (resolve && answer && !answer.ok && answer.reason === "down") resolve({ down: true });
}

function blockedIn(sender, reason) {
  const resolve = waiting.get(sender && sender.tab && sender.tab.id);
  if (resolve) resolve({ blocked: BLOCKED.includes(reason) ? reason : "captcha" });
}

/** Which orders to read: open ones whose deadline is estimated (or, daily, every open one not read today). */
function chosen(orders, mode) {
  const now = Date.now();
  return orders.filter((o) => {
    const hint = o && o.hint;
    if (!hint || !messages.isOrderId(o.order_id)) return false;
    if (mode === "daily") {
      const read = o.read_at && o.read_at.detail ? Date.parse(o.read_at.detail) : 0;
      return !(now - read < DAILY_AGE_MS);
    }
    return !hint.exact && hint.source !== "override";
  });
}

export async function startRefresh(mode = "estimated") {
  const current = await refreshRun();
  if (isLive(current)) {
    if (current.state === "paused") await saveRefresh({ state: "running" });
    runRefresh();
    return ok(await refreshRun());
  }
  const answer = await call(`/orders?severity=urgent,soon,watch,ok&limit=${MAX_REFRESH}`, { lang: await language() });
  if (!answer.ok) return answer;
  const queue = chosen(Array.isArray(answer.data.orders) ? answer.data.orders : [], mode).map((o) => o.order_id);
  const run = { state: queue.length ? "running" : "ended", reason: queue.length ? null : "done", mode, queue, total: queue.length,
    done: [], failed: [], current: null, tabId: null, startedAt: new Date().toISOString() };
  await webext.write({ refresh: { ...run, at: run.startedAt } });
  if (queue.length) runRefresh();
  return ok(run);
}

let looping = false;

/** One page in the refresh tab (opened, or navigated), and what came of it: { order } | { missing } |
    { blocked } | { down } | { closed } | { timeout }. */
async function readPage(url, orderId, timing) {
  let tabId = (await refreshRun()).tabId;
  let resolve;
  const outcome = new Promise((done) => {
    resolve = done;
  });
  if (await tabExists(tabId)) {
    waiting.set(tabId, resolve);
    await ext.tabs.update(tabId, { url });
  } else {
    // no post can come before the new tab has loaded, so waiting starts once its id is known
    const tab = await ext.tabs.create({ url, active: false });
    tabId = tab.id;
    waiting.set(tabId, resolve);
    await saveRefresh({ tabId });
  }
  let timer;
  const result = await Promise.race([outcome, new Promise((done) => {
    timer = setTimeout(() => done({ timeout: true }), timing.waitMs);
  })]);
  clearTimeout(timer);
  waiting.delete(tabId);
  if (!result.answer) return result;
  const order = messages.ordersOf(result.answer).find((o) => o.order_id === orderId);
  return order ? { order } : { missing: true };
}

async function finishRefresh(reason) {
  const run = await refreshRun();
  const left = (run.queue || []).map((order_id) => ({ order_id, reason: "not_reached" }));
  await saveRefresh({ state: "ended", reason, current: null, queue: [], failed: [...(run.failed || []), ...left] });
  // a tab stopped at a login or captcha page stays open for the buyer to see; otherwise ours to close
  if (["done", "stopped"].includes(reason) && (await tabExists(run.tabId))) await ext.tabs.remove(run.tabId).catch(() => {});
}

async function runRefresh() {
  if (looping) return;
  looping = true;
  try {
    for (;;) {
      const run = await refreshRun();
      if (!run || run.state !== "running") return;
      const queue = run.queue || [];
      if (!queue.length) {
        await finishRefresh("done");
        return;
      }
      const orderId = queue[0];
      await saveRefresh({ current: orderId });
      const timing = await pace();
      let result = await readPage(DETAIL_URL + orderId, orderId, timing);
      if (result.order && !result.order.hint.exact && ["awaiting_delivery", "in_dispute"].includes(result.order.status)) {
        // the detail page gave no exact date: where the deadline comes from the tracking page, read that too
        await sleep(timing.pageMs);
        if ((await refreshRun()).state !== "running") continue;
        const tracked = await readPage(TRACKING_URL + orderId, orderId, timing);
        if (tracked.order || tracked.blocked || tracked.down) result = tracked;
      }
      const after = await refreshRun();
      if (!after || after.state === "ended" || result.closed) return;
      const rest = (after.queue || []).filter((id) => id !== orderId);
      if (result.blocked || result.down) {
        await saveRefresh({ queue: rest, failed: [...(after.failed || []), { order_id: orderId, reason: result.blocked || "down" }] });
        await finishRefresh(result.blocked || "down");
        return;
      }
      if (result.timeout && !(await tabExists(after.tabId))) {
        await saveRefresh({ queue: rest, failed: [...(after.failed || []), { order_id: orderId, reason: "closed" }] });
        await finishRefresh("closed");
        return;
      }
      if (result.order && result.order.hint.exact) {
        await saveRefresh({ queue: rest, done: [...(after.done || []), orderId] });
      } else {
        const reason = result.order ? "no_date" : result.timeout ? "timeout" : "not_read";
        await saveRefresh({ queue: rest, failed: [...(after.failed || []), { order_id: orderId, reason }] });
      }
      if (rest.length) await sleep(timing.pageMs);
    }
  } finally {
    looping = false;
  }
}

/** The refresh tab was closed by the buyer, or the scan's tab: that run ends. */
export async function tabClosed(tabId) {
  const list = await listScan();
  if (isLive(list) && list.tabId === tabId) await saveList({ state: "ended", reason: "closed" });
  const refresh = await refreshRun();
  if (isLive(refresh) && refresh.tabId === tabId) {
    const resolve = waiting.get(tabId);
    if (resolve) resolve({ closed: true });
    await finishRefresh("closed");
  }
}

/** After the worker was stopped and woke again: a refresh that was running goes on. */
export async function resume() {
  const run = await refreshRun();
  if (run && run.state === "running") runRefresh();
}

async function control(which, op) {
  const read = which === "refresh" ? refreshRun : listScan;
  const save = which === "refresh" ? saveRefresh : saveList;
  const run = await read();
  if (!isLive(run)) return ok(run);
  if (op === "pause") return ok(await save({ state: "paused" }));
  if (op === "resume") {
    const next = await save({ state: "running" });
    if (which === "refresh") runRefresh();
    return ok(next);
  }
  if (which === "refresh") {
    await finishRefresh("stopped");
    return ok(await refreshRun());
  }
  return ok(await save({ state: "ended", reason: "stopped" }));
}

let dailyStarting = null;

/** The daily alarm: only when the buyer turned the daily refresh on (options page), never over a run, and at
    most once a day however often the alarm goes off (at start-up, then every day). */
export function daily() {
  dailyStarting = dailyStarting || (async () => {
    const settings = await webext.settings();
    if (!settings.dailyRefresh || isLive(await refreshRun())) return null;
    const last = Date.parse((await webext.read("dailyRefreshAt")) || "");
    if (Date.now() - last < DAILY_AGE_MS) return null;
    await webext.write({ dailyRefreshAt: new Date().toISOString() });
    return startRefresh("daily");
  })().finally(() => {
    dailyStarting = null;
  });
  return dailyStarting;
}

/** The scan messages. `from`: "page" (an extension page or the paired dashboard), "list" (a My Orders tab), or
    "order" (any order page: only "blocked" is taken from it). */
export async function handle(message, sender, from) {
  const op = message && message.op;
  if (from === "list" || from === "order") {
    if (op === "hello" && from === "list") return listHello(sender);
    if (op === "progress" && from === "list") return listProgress(message, sender);
    if (op === "end" && from === "list") return listEnd(message, sender);
    if (op === "blocked") {
      blockedIn(sender, message.reason);
      return ok(null);
    }
    if (op === "start-list" && from === "list") return startList(sender);
    if (["pause", "resume", "stop"].includes(op) && from === "list") return control("list", op);
  }
  if (from === "page") {
    if (op === "start-list") return startList(null);
    if (op === "start-refresh") return startRefresh("estimated");
    if (["pause", "resume", "stop"].includes(op)) return control(message.which === "refresh" ? "refresh" : "list", op);
    if (op === "status") return ok({ scan: await listScan(), refresh: await refreshRun() });
  }
  return failure("bad-message", "unknown scan message");
}
