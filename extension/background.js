/* Service worker (Chrome) / background script (Firefox). All listeners are registered at the top level
   so a stopped worker wakes up for them; all state lives in chrome.storage. */
if (typeof importScripts === "function") {
  importScripts(
    "lib/messages.js",
    "lib/badge.js",
    "lib/pages.js",
    "lib/i18n.js",
    "lib/reminders.js",
    "background/companion.js",
    "background/toolbar.js",
  );
}

(function (root) {
  "use strict";

  const ext = root.browser ?? root.chrome;
  const OG = root.OrderGuard;
  const { TYPES, failure, ok, pageBody, reportBody, isPort, isToken } = OG.messages;
  const DAILY_ALARM = "order-guard-daily";
  const bundleCache = new Map();

  async function settings() {
    const { settings: saved } = await ext.storage.local.get("settings");
    return saved || { lang: "auto" };
  }

  async function language() {
    return OG.i18n.effectiveLanguage((await settings()).lang, ext.i18n.getUILanguage());
  }

  OG.bundles = {
    /** The bundled messages of the language the options page picked, or null to follow the browser. */
    async forSettings() {
      const { lang } = await settings();
      if (!lang || lang === "auto" || !OG.i18n.SUPPORTED.includes(lang)) return null;
      if (!bundleCache.has(lang)) {
        const response = await fetch(ext.runtime.getURL(`_locales/${lang}/messages.json`));
        bundleCache.set(lang, await response.json());
      }
      return bundleCache.get(lang);
    },
  };

  function extensionPage(sender) {
    return Boolean(sender && sender.url && sender.url.startsWith(ext.runtime.getURL("")));
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
    if (!sender.tab || !OG.pages.pageKind(sender.url || "")) return failure("bad-message", "not an order page");
    const body = pageBody(message);
    if (!body) return failure("bad-message", "malformed page message");
    const answer = await OG.companion.call("/pages", { method: "POST", body, lang: await language() });
    if (answer.ok) OG.toolbar.refresh().catch(() => {});
    return answer;
  }

  // "Save a report": the companion builds it (the page's structure, no page text); the content script saves it.
  async function onReport(message, sender) {
    if (!sender.tab || !OG.pages.pageKind(sender.url || "")) return failure("bad-message", "not an order page");
    const body = reportBody(message);
    if (!body) return failure("bad-message", "malformed report message");
    const answer = await OG.companion.call("/report", { method: "POST", body, lang: await language() });
    if (answer.ok && !(answer.data && answer.data.report && typeof answer.data.report === "object")) {
      return failure("rejected", "The companion's answer held no report.");
    }
    return answer;
  }

  async function onPair(message, sender) {
    if (!pairingSenderMatches(sender, message.port)) return failure("bad-message", "pairing from a foreign page");
    const answer = await OG.companion.pair(message.port, message.token);
    if (answer.ok) OG.toolbar.refresh({ remind: true }).catch(() => {});
    return answer;
  }

  async function onConnect(message) {
    if (!isPort(message.port)) return failure("bad-message", "bad port");
    if (message.token) {
      if (!isToken(message.token)) return failure("bad-message", "bad token");
      const answer = await OG.companion.pair(message.port, message.token);
      if (!answer.ok) return answer;
    } else {
      const { connection } = await ext.storage.local.get("connection");
      await ext.storage.local.set({ connection: { ...(connection || {}), port: Number(message.port) } });
    }
    OG.toolbar.refresh().catch(() => {});
    return ok(await OG.companion.status());
  }

  async function onAttention() {
    const answer = await OG.toolbar.refresh();
    const { attention } = await ext.storage.local.get("attention");
    const { port } = await OG.companion.connection();
    return ok({ state: answer.ok ? "connected" : answer.reason, port, attention: attention || [] });
  }

  async function openDashboard() {
    const { port } = await OG.companion.connection();
    await ext.tabs.create({ url: `${OG.companion.base(port)}/` });
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
      case TYPES.settings: {
        const { port } = await OG.companion.connection();
        return { lang: await language(), bundle: await OG.bundles.forSettings(), port };
      }
      case TYPES.openDashboard:
        return openDashboard();
      case TYPES.status:
        return extensionPage(sender) ? ok(await OG.companion.status()) : failure("bad-message");
      case TYPES.connect:
        return extensionPage(sender) ? onConnect(message) : failure("bad-message");
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
    OG.toolbar.refresh({ remind: true }).catch(() => {});
  }

  ext.runtime.onInstalled.addListener(daily);
  ext.runtime.onStartup.addListener(daily);
  ext.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DAILY_ALARM) OG.toolbar.refresh({ remind: true }).catch(() => {});
  });

  ext.notifications.onClicked.addListener((id) => {
    const match = /^og:(\d+):/.exec(id);
    if (match) ext.tabs.create({ url: `https://www.aliexpress.com/p/order/detail.html?orderId=${match[1]}` });
    ext.notifications.clear(id);
  });

  ext.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.settings) bundleCache.clear();
  });
})(globalThis);
