/* Service worker (Chrome) / background script (Firefox), an ES module in both (manifest: background
   "service_worker" and "scripts" name this one file, "type": "module"). All listeners are registered at the top
   level, while the module graph is first evaluated, so a stopped worker wakes up for them; all state lives in
   storage (lib/webext.js). */
import { messages, pages, webext } from "./lib/index.js";
import * as companion from "./background/companion.js";
import { pairingCode } from "./background/proof.js";
import { bundleForSettings, forgetBundles, language } from "./background/language.js";
import * as toolbar from "./background/toolbar.js";
import * as scan from "./background/scan.js";

const { ext } = webext;
const { TYPES, failure, ok, pageBody, reportBody, isPort, isToken, dashboardPath, disputeBody, caseBody, orderBody } = messages;
const DAILY_ALARM = "order-guard-daily";
const OFFER_KEY = "pairOffer";
const OFFER_TTL_MS = 10 * 60 * 1000;

function extensionPage(sender) {
  return Boolean(sender && sender.url && sender.url.startsWith(ext.runtime.getURL("")));
}

// Page posts and reports come only from a tab on an order page (the table lib/pages.js shares with the manifest).
function orderPageTab(sender) {
  return Boolean(sender && sender.tab && pages.pageKind(sender.url || ""));
}

// The pairing script runs only on loopback pages; it may only offer the token of the server it runs on.
function pairingSenderMatches(sender, port) {
  try {
    const url = new URL(sender.url);
    return url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname) && Number(url.port || 80) === Number(port);
  } catch (_) {
    return false;
  }
}

async function onPage(message, sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const body = pageBody(message);
  if (!body) return failure("bad-message", "malformed page message");
  // when the worker took the message and when it answered, on the clock every context shares (the bench splits the
  // page's messaging into its two hops by these)
  const timing = { receivedAt: performance.timeOrigin + performance.now() };
  // actions=later: hints as badges need them; the panel asks for an order's actions when it opens (onOrder)
  const answer = await companion.call("/pages?actions=later", { method: "POST", body, lang: language(), timing });
  // The answer carries the toolbar's count: no second request for it.
  if (answer.ok) toolbar.afterPage(answer.data).catch(() => {});
  // data sent ahead of its cards is no reading of the page: "Read all my orders" goes on from the post of its cards
  if (!body.data) scan.notePage(sender, answer);
  if (!answer.ok || !answer.data || typeof answer.data !== "object" || !("toolbar" in answer.data)) return answer;
  // the page has no use for the toolbar's orders and their hints: they would only be copied across to it
  const { toolbar: _forTheWorker, ...forThePage } = answer.data;
  // nor for what a badge and its panel do not show of each order (messages.pageOrder)
  if (Array.isArray(forThePage.orders)) forThePage.orders = forThePage.orders.map(messages.pageOrder);
  timing.answeredAt = performance.timeOrigin + performance.now();
  return { ...answer, data: forThePage, timing };
}

// Who asks about a scan: the extension's own pages and the paired dashboard ("page"), a My Orders tab ("list"),
// another order page ("order": it may only say it is blocked by a login or captcha).
async function scanSender(sender) {
  if (extensionPage(sender)) return "page";
  if (orderPageTab(sender)) return pages.pageKind(sender.url) === "list" ? "list" : "order";
  const { port } = await webext.connection();
  return sender && sender.tab && pairingSenderMatches(sender, port) ? "page" : null;
}

// "Save a report": the companion builds it (the page's structure, no page text); the content script saves it.
async function onReport(message, sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const body = reportBody(message);
  if (!body) return failure("bad-message", "malformed report message");
  const answer = await companion.call("/report", { method: "POST", body, lang: await language() });
  if (answer.ok && !(answer.data && answer.data.report && typeof answer.data.report === "object")) {
    return failure("rejected", "The companion's answer held no report.");
  }
  return answer;
}

/* A pairing offer is only kept, never used, until the buyer confirms its code in the extension's own page
   (options or popup, data-action="pair-confirm"). It is kept private (webext.writePrivate: the session area where
   the browser has it, not readable by content scripts), for ten minutes. */
async function pendingOffer() {
  const offer = await webext.readPrivate(OFFER_KEY);
  if (!offer || typeof offer !== "object" || !isPort(offer.port) || !isToken(offer.token)) return null;
  if (!(Date.now() - Number(offer.at) < OFFER_TTL_MS)) {
    await webext.removePrivate(OFFER_KEY);
    return null;
  }
  return offer;
}

// A page on a loopback port offers a pairing: only the configured port's, never silently, never replacing the
// current pairing by itself. Answers the page's state: "paired" (this very token), "pending", or a refusal.
async function onPair(message, sender) {
  if (!isPort(message.port) || !isToken(message.token)) return failure("bad-message", "bad offer");
  if (!pairingSenderMatches(sender, message.port)) return failure("bad-message", "pairing from a foreign page");
  const { port, token } = await webext.connection();
  if (Number(message.port) !== port) return failure("rejected", "wrong-port", { port });
  if (token && token === message.token.trim()) {
    return (await companion.hello(port, token)) === "ok" ? ok({ state: "paired", port }) : failure("impostor", "", { port });
  }
  const offer = { port, token: message.token.trim(), code: await pairingCode(message.token.trim()), at: Date.now() };
  await webext.writePrivate({ [OFFER_KEY]: offer });
  return ok({ state: "pending", port });
}

async function onPairPending() {
  const offer = await pendingOffer();
  const { token } = await webext.connection();
  return ok(offer ? { port: offer.port, code: offer.code, replaces: Boolean(token) } : null);
}

async function onPairConfirm(message) {
  const offer = await pendingOffer();
  if (!offer) return failure("rejected", "no-offer");
  if (typeof message.code !== "string" || message.code !== offer.code) return failure("rejected", "code-changed");
  await webext.removePrivate(OFFER_KEY);
  const answer = await companion.pair(offer.port, offer.token);
  if (answer.ok) toolbar.refresh({ remind: true }).catch(() => {});
  return answer;
}

async function onPairReject() {
  await webext.removePrivate(OFFER_KEY);
  return ok(null);
}

async function onConnect(message) {
  if (!isPort(message.port)) return failure("bad-message", "bad port");
  if (message.token) {
    if (!isToken(message.token)) return failure("bad-message", "bad token");
    const answer = await companion.pair(message.port, message.token);
    if (!answer.ok) return answer;
  } else {
    await webext.saveConnection({ port: Number(message.port) });
  }
  toolbar.refresh().catch(() => {});
  return ok(await companion.status());
}

async function onAttention() {
  const answer = await toolbar.refresh();
  const attention = await webext.read("attention");
  const { port } = await webext.connection();
  return ok({ state: answer.ok ? "connected" : answer.reason, port, attention: attention || [], autostart: await companion.rememberedAutostart() });
}

// A page with badges asks now and then whether the companion is still there (and, while it is away, whether it is back).
async function onHealth(sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const { port } = await webext.connection();
  const alive = await companion.health(port);
  return alive ? ok({ port, autostart: typeof alive.autostart === "boolean" ? alive.autostart : null }) : companion.down(port);
}

// The buyer's answer to "When did you open the dispute?" (the panel): that one field of that order, nothing else.
async function onDisputeOpened(message, sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const edit = disputeBody(message);
  if (!edit) return failure("bad-message", "malformed dispute message");
  const answer = await companion.call(`/orders/${edit.orderId}`, { method: "PATCH", body: edit.body, lang: await language() });
  if (!answer.ok) return answer;
  if (!(answer.data && answer.data.order_id === edit.orderId && answer.data.hint && typeof answer.data.hint === "object")) {
    return failure("rejected", "The companion's answer held no order.");
  }
  toolbar.refresh().catch(() => {});  // the order's severity may have moved
  return answer;
}

// The panel opened on an order whose hint came without its actions: that one order, with its whole hint.
async function onOrder(message, sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const orderId = orderBody(message);
  if (!orderId) return failure("bad-message", "malformed order message");
  const answer = await companion.call(`/orders/${orderId}`, { lang: await language() });
  if (!answer.ok) return answer;
  if (!(answer.data && answer.data.order_id === orderId && answer.data.hint && typeof answer.data.hint === "object")) {
    return failure("rejected", "The companion's answer held no order.");
  }
  return answer;
}

// A step of the order's case recorded from the panel ("Did you send it?", "Record a step"), or undone.
async function onCaseEntry(message, sender) {
  if (!orderPageTab(sender)) return failure("bad-message", "not an order page");
  const request = caseBody(message);
  if (!request) return failure("bad-message", "malformed case message");
  const answer = await companion.call(request.path, { method: request.method, body: request.body, lang: await language() });
  if (!answer.ok) return answer;
  if (!(answer.data && answer.data.order_id === request.orderId && answer.data.hint && typeof answer.data.hint === "object")) {
    return failure("rejected", "The companion's answer held no order.");
  }
  toolbar.refresh().catch(() => {});  // a follow-up may have come or gone
  return answer;
}

/* Paired: a one-time link from the proven companion opens the dashboard signed in; otherwise its door page. From the
   panel the message names the order, and the link asks for that order's page (next=/orders/<id>): the companion
   sends the new session there (and to the list while it does not know `next`). */
async function openDashboard(message) {
  const { port, token } = await webext.connection();
  const home = `${companion.base(port)}/`;
  const path = dashboardPath(message);
  let url = `${companion.base(port)}${path}`;
  if (token) {
    const answer = await companion.call("/login-link", { method: "POST" });
    if (answer.ok && answer.data && typeof answer.data.url === "string" && answer.data.url.startsWith(`${home}login?once=`)) {
      const link = new URL(answer.data.url);
      if (path !== "/") link.searchParams.set("next", path);
      url = link.href;
    }
  }
  await ext.tabs.create({ url });
  return ok({ port });
}

async function handle(message, sender) {
  switch (message && message.type) {
    case TYPES.page:
      return onPage(message, sender);
    case TYPES.report:
      return onReport(message, sender);
    case TYPES.pair:
      return onPair(message, sender);
    case TYPES.pairPending:
      return extensionPage(sender) ? onPairPending() : failure("bad-message");
    case TYPES.pairConfirm:
      return extensionPage(sender) ? onPairConfirm(message) : failure("bad-message");
    case TYPES.pairReject:
      return extensionPage(sender) ? onPairReject() : failure("bad-message");
    case TYPES.settings: {
      const [lang, bundle, { port }] = await Promise.all([language(), bundleForSettings(), webext.connection()]);
      return { lang, bundle, port };
    }
    case TYPES.openDashboard:
      return openDashboard(message);
    case TYPES.disputeOpened:
      return onDisputeOpened(message, sender);
    case TYPES.health:
      return onHealth(sender);
    case TYPES.caseEntry:
      return onCaseEntry(message, sender);
    case TYPES.order:
      return onOrder(message, sender);
    case TYPES.status:
      return extensionPage(sender) ? ok(await companion.status()) : failure("bad-message");
    case TYPES.connect:
      return extensionPage(sender) ? onConnect(message) : failure("bad-message");
    case TYPES.scan: {
      const from = await scanSender(sender);
      return from ? scan.handle(message, sender, from) : failure("bad-message");
    }
    case TYPES.attention:
      return extensionPage(sender) ? onAttention() : failure("bad-message");
    default:
      return failure("bad-message", "unknown message");
  }
}

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse(failure("rejected", String(error && error.message))));
  return true;
});

function daily() {
  ext.alarms.create(DAILY_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
  toolbar.refresh({ remind: true }).catch(() => {});
}

ext.runtime.onInstalled.addListener(daily);
ext.runtime.onStartup.addListener(daily);
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === DAILY_ALARM) {
    toolbar.refresh({ remind: true }).catch(() => {});
    scan.daily().catch(() => {});  // only when the buyer turned the daily refresh on
  }
});

ext.tabs.onRemoved.addListener((tabId) => {
  scan.tabClosed(tabId).catch(() => {});
});
scan.resume().catch(() => {});

ext.notifications.onClicked.addListener((id) => {
  const match = /^og:(\d+):/.exec(id);
  if (match) ext.tabs.create({ url: `https://www.aliexpress.com/p/order/detail.html?orderId=${match[1]}` });
  ext.notifications.clear(id);
});

webext.onChanged((changed) => {
  if (changed.settings) forgetBundles();
});
