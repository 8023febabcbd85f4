/* Content script entry on AliExpress order pages: waits for the orders, sends the order area (and the page
   data page/capture.js saw the page fetch) through the service worker to the companion, draws badges from the
   answer, tells the buyer when some orders could not be read, and keeps watching for more cards and data. */
(function (root) {
  "use strict";

  const OG = root.OrderGuard;
  const { ext } = OG.webext;
  const kind = OG.pages.pageKind(location.href);
  if (!kind || window.top !== window || root.__orderGuardStarted) return;
  root.__orderGuardStarted = true;

  const DEBOUNCE_MS = 100;
  const MAX_WAIT_MS = 800;
  const RETRY_MIN_MS = 3000;
  const RETRY_MAX_MS = 60000;
  // With badges drawn the companion is asked now and then whether it is still there; while it is away, more often,
  // backing off to a cap low enough that its return is seen within a few seconds.
  const WATCH_UP_MS = 10000;
  const WATCH_DOWN_MIN_MS = 500;
  const WATCH_DOWN_MAX_MS = 2000;
  // How the buyer starts the companion however it was installed (pipx / pip --user put it on the PATH).
  const START_COMMAND = "order-guard serve";
  // Detail and tracking pages have no cards; these say their content has rendered.
  // The tracking page's blocks are named "logistic-…" / "fast-delivery" (the markers the companion's parser reads).
  const DETAIL_READY = '.info-row, .order-detail-item-content-wrap, #TP_ShippingTable, .trade-status, [data-testid="orderNumber"], [class*="order-detail"], [class*="tracking"], .logistic-info, .fast-delivery';
  const DETAIL_FALLBACK_MS = 4000;
  const AFTER_PAINT_MAX_MS = 100;
  const OUR_TAGS = /<order-guard-(?:badge|panel|notice)\b[^>]*>\s*<\/order-guard-(?:badge|panel|notice)>/g;

  const state = {
    ui: null,
    // what the last post that counted sent (the order area and the page data's revision): the same is not sent again
    lastSent: null,
    ordersById: new Map(),
    inFlight: false,
    again: false,
    retryDelay: 0,
    retryTimer: null,
    stopped: false,
    startedAt: Date.now(), // again when start() runs
    port: null,
    // what the last successful post sent: "Save a report" sends the very same order area
    posted: null,
    // when the companion last answered this page (the greyed badges say "not updated since" it), whether it is away
    updatedAt: null,
    down: false,
    watchTimer: null,
    watchDelay: 0,
    // the orders whose whole hint (the panel's actions) is being asked for
    fetching: new Set(),
    // the newest list data the companion was sent (ahead of its cards, or with them): never sent ahead again
    listSent: null,
    // orders the data sent ahead changed: news the post of their cards no longer tells, handed on with its answer
    aheadChanged: new Set(),
  };

  const pageOrderId = OG.pages.orderIdFromHref(location.href);

  async function loadUi() {
    const { settings, translator } = await OG.i18n.loadTranslator(ext, OG.messages.TYPES.settings);
    state.port = settings && settings.port;
    return { ...translator, openDashboard: (orderId) => send(OG.messages.dashboardMessage(orderId)), saveDisputeOpened, saveCase,
      fetchActions };
  }

  /* A page's answer leaves each hint's actions out (their English texts are most of it, and a badge shows none): the
     panel asks for them as it opens, says it is getting them, and draws them when they come; when they do not, it
     says why, with "Try again" (content/panel.js). */
  async function fetchActions(orderId) {
    if (state.fetching.has(orderId)) return;
    state.fetching.add(orderId);
    let answer;
    try {
      answer = await send(OG.messages.orderMessage(orderId));
    } finally {
      state.fetching.delete(orderId);
    }
    const [order] = answer && answer.ok ? OG.messages.ordersOf({ orders: [answer.data] }) : [];
    if (order && order.order_id === orderId && !OG.messages.actionsLater(order)) {
      state.ordersById.set(orderId, order);
      OG.panel.showActions(order, state.ui);
      return;
    }
    const shown = state.ordersById.get(orderId);
    if (shown) OG.panel.showActions({ ...shown, actionsProblem: callProblem(answer || null) || "no order in the answer" }, state.ui);
  }

  // What kept a call the panel made from working, in the buyer's words.
  function callProblem(answer) {
    const { t } = state.ui;
    if (!answer) return "the extension was reloaded; reload the page";
    if (answer.ok) return null;
    if (answer.reason === "down") return t("noticeDownTitle");
    if (answer.reason === "unpaired") return t("noticeUnpairedTitle");
    return answer.message || answer.reason;
  }

  /* The panel's "When did you open the dispute?": the worker PATCHes the order, the badge is redrawn from the
     order the companion answers. Resolves to { ok: true, order } or { ok: false, text } (what went wrong, to show). */
  async function saveDisputeOpened(orderId, day) {
    return applyEdit(orderId, await send(OG.messages.disputeMessage(orderId, day)));
  }

  /* The panel's case: record a step ({kind, at, reason?}) or undo entry `undo`; the same answer as above. */
  async function saveCase(orderId, entry, undo) {
    return applyEdit(orderId, await send(OG.messages.caseMessage(orderId, entry, undo)));
  }

  async function applyEdit(orderId, answer) {
    const { t } = state.ui;
    if (!answer || !answer.ok) {
      const problem = callProblem(answer);
      const plain = answer && (answer.reason === "down" || answer.reason === "unpaired");  // their notice's own title
      return { ok: false, text: plain ? problem : t("panelSaveFailed", [problem]) };
    }
    const [order] = OG.messages.ordersOf({ orders: [answer.data] });
    if (!order || order.order_id !== orderId) return { ok: false, text: t("panelSaveFailed", ["no order in the answer"]) };
    state.ordersById.set(order.order_id, order);
    redraw();
    return { ok: true, order };
  }

  function findArea() {
    if (kind === "list") {
      // the old trade.aliexpress.com lists: 2016+ and 2014-2015
      const table = document.querySelector("#buyer-ordertable, table#TP_BoughtTable");
      if (table) return table;
      const cards = OG.badges.findCards();
      if (!cards.length) return null;
      let area = cards[0].parentElement;
      while (area && !cards.every((card) => area.contains(card))) area = area.parentElement;
      return area;
    }
    const ready = document.querySelector(DETAIL_READY) || Date.now() - state.startedAt > DETAIL_FALLBACK_MS;
    if (!ready || document.querySelector(".comet-loading-wrap")) return null;
    return document.querySelector("#root") || document.querySelector("main") || document.body;
  }

  // Our own badges are not part of the page: strip them so they neither reach the parser nor change the hash.
  // Less to leak: the buyer's name, address and phone blocks are left out too, from a copy (lib/privacy.js).
  function serialize(area) {
    return OG.privacy.withoutPrivate(area).outerHTML.replace(OUR_TAGS, "");
  }

  async function send(message) {
    try {
      return await ext.runtime.sendMessage(message);
    } catch (_) {
      // The extension was reloaded or updated under this page: this copy of the script is orphaned, stop quietly.
      stop();
      return null;
    }
  }

  // The badge holds the order it was drawn from; the texts fetched for its panel since are in ordersById.
  function openPanel(host, order) {
    const known = state.ordersById.get(order.order_id);
    OG.panel.open(host, known && !OG.messages.actionsLater(known) ? known : order, state.ui);
  }

  function redraw() {
    if (state.ordersById.size) OG.badges.apply(kind, state.ordersById, pageOrderId, state.ui, openPanel);
  }

  // ---- orders the page shows but the companion could not read: a notice with "Save a report" ----

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    // Inside our notice's shadow root: the page's DOM never sees it; its click stays ours.
    link.addEventListener("click", (event) => event.stopPropagation());
    (OG.notice.root() || document.documentElement).append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  async function saveReport() {
    const { t } = state.ui;
    const posted = state.posted;
    if (!posted) return { ok: false, text: t("noticeReportFailed", ["the page has not been read yet"]) };
    const answer = await send(OG.messages.reportMessage(posted.url, posted.html));
    if (!answer) return { ok: false, text: t("noticeReportFailed", ["the extension was reloaded; reload the page"]) };
    if (!answer.ok) {
      if (answer.reason === "down") return { ok: false, text: t("noticeReportDown") };
      if (answer.reason === "unpaired") return { ok: false, text: t("noticeReportUnpaired") };
      return { ok: false, text: t("noticeReportFailed", [answer.message || answer.reason]) };
    }
    const name = OG.messages.reportFileName(new Date());
    download(name, `${JSON.stringify(answer.data.report, null, 2)}\n`);
    return { ok: true, text: t("noticeReportSaved", [name]) };
  }

  function showReading(data, area) {
    const partial = OG.messages.partialReading(data);
    if (!partial) {
      OG.notice.hide();
      return;
    }
    const { t, plural } = state.ui;
    OG.notice.show(`partial:${partial.seen}:${partial.read}`, {
      title: plural("noticePartial", partial.seen, [String(partial.missing), String(partial.seen)]),
      body: t("noticePartialBody"),
      data: { seen: partial.seen, read: partial.read },
      action: { label: t("noticeSaveReport"), busy: t("noticeReportSaving"), run: saveReport },
      // above the list it is about: a corner notice would cover the orders (and their buttons) under it
      before: kind === "list" ? area : null,
    }, state.ui);
  }

  function scheduleRetry() {
    clearTimeout(state.retryTimer);
    state.retryDelay = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, state.retryDelay * 2));
    state.retryTimer = setTimeout(scan, state.retryDelay);
  }

  // ---- the companion went away: badges stay, greyed, and come back to life when it returns ----

  function watch(delay) {
    clearTimeout(state.watchTimer);
    state.watchTimer = setTimeout(checkCompanion, delay);
  }

  function companionDown(answer) {
    const { t } = state.ui;
    const first = !state.down;
    state.down = true;
    if (state.updatedAt) OG.badges.markStale(state.updatedAt, state.ui);
    const autostart = answer.autostart === true;
    OG.notice.show("down", {
      title: t("noticeDownTitle"), body: t(autostart ? "noticeDownAutostart" : "noticeDownBody"), command: START_COMMAND,
      data: { autostart },
    }, state.ui);
    state.watchDelay = first ? WATCH_DOWN_MIN_MS : Math.min(WATCH_DOWN_MAX_MS, state.watchDelay * 2);
    watch(state.watchDelay);
  }

  async function checkCompanion() {
    if (state.stopped) return;
    // A hidden tab is not asked; it is asked again as soon as it is shown (onVisible).
    if (!state.down && document.visibilityState === "hidden") return;
    const answer = await send({ type: OG.messages.TYPES.health });
    if (!answer || state.stopped) return;
    if (answer.ok && state.down) {
      // Back: the page is read again, and the badges are drawn from the fresh answer.
      state.lastSent = null;
      scan();
    } else if (!answer.ok && answer.reason === "down") {
      companionDown(answer);
    } else if (state.ordersById.size) {
      watch(WATCH_UP_MS);
    }
  }

  function onVisible() {
    if (document.visibilityState === "visible" && !state.down && state.ordersById.size) checkCompanion();
  }

  function showProblem(answer) {
    const { t } = state.ui;
    const port = answer.port || state.port || 8778;
    if (answer.reason === "down") {
      companionDown(answer);
    } else if (answer.reason === "unpaired") {
      OG.notice.show("unpaired", { title: t("noticeUnpairedTitle"), body: t("noticeUnpairedBody"), command: "order-guard open" }, state.ui);
      scheduleRetry();
    } else {
      OG.notice.show(`rejected:${answer.message}`, { title: t("noticeRejectedTitle"), body: answer.message }, state.ui);
    }
  }

  // Where a page's badges spend their time (scripts/bench reads these from the page's performance timeline).
  function mark(step, detail = null) {
    try {
      performance.mark(`order-guard:${step}`, detail ? { detail } : undefined);
    } catch (_) {
      // a page that replaced its performance object: the figures are only for the benchmark
    }
  }

  /* `fn` once the frame that shows what was just drawn is painted: the next post's serializing, or the kept answer's
     write, then cannot hold the badges back from the screen. A hidden tab paints no frames: a timer stands in. */
  function afterPaint(fn) {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      fn();
    };
    requestAnimationFrame(() => setTimeout(run, 0));
    setTimeout(run, AFTER_PAINT_MAX_MS);
  }

  async function scan() {
    if (state.stopped) return;
    if (state.inFlight) {
      state.again = true;
      return;
    }
    // a sign-in or captcha page in place of the orders is no reading of them (content/scan.js tells the worker)
    if (OG.scanner && OG.scanner.blockedReason()) return;
    const area = findArea();
    if (!area) {
      if (kind !== "list") setTimeout(debounced, DETAIL_FALLBACK_MS);
      // nothing was sent: the cards that come next (drawn from the data that woke us, often) go at once
      else {
        debounced.cancel();
        sendAhead();
      }
      return;
    }
    mark("scan");
    const html = serialize(area);
    mark("serialized");
    // New page data (a capture) is news even when the order area is unchanged.
    const captures = OG.pageData ? OG.pageData.list() : [];
    // the area's own text, not a hash of it: comparing it costs less than hashing it (and cannot collide)
    const sent = { html, revision: OG.pageData ? OG.pageData.revision : 0 };
    if (state.lastSent && sent.html === state.lastSent.html && sent.revision === state.lastSent.revision) {
      redraw();
      return;
    }
    state.inFlight = true;
    const url = location.href;
    state.listSent = captures.filter(OG.messages.listCapture).pop() || state.listSent;
    mark("sending");
    const answer = await send(OG.messages.pageMessage(url, html, new Date(), captures));
    mark("answered", answer && answer.timing && typeof answer.timing === "object" ? answer.timing : null);
    state.inFlight = false;
    if (!answer) return;
    if (answer.ok && answer.data && state.aheadChanged.size && Array.isArray(answer.data.changed_orders)) {
      answer.data.changed_orders = [...new Set([...answer.data.changed_orders, ...state.aheadChanged])];
      state.aheadChanged.clear();
    }
    if (OG.scanner) OG.scanner.onAnswer(answer); // "Read all my orders" (content/scan.js) goes on from what each post told
    if (answer.ok) {
      state.lastSent = sent;
      state.posted = { url, html };
      state.retryDelay = 0;
      clearTimeout(state.retryTimer);
      const answered = OG.messages.ordersOf(answer.data);
      for (const order of answered) state.ordersById.set(order.order_id, order);
      redraw();
      state.updatedAt = new Date();
      state.down = false;
      OG.badges.markLive();
      if (state.ordersById.size) watch(WATCH_UP_MS);
      mark("drawn");
      showReading(answer.data, area);
      if (answered.length) afterPaint(() => OG.answerCache.save(OG.webext, answered).then(() => mark("kept")));
    } else {
      if (answer.reason === "rejected" || answer.reason === "bad-message") state.lastSent = sent;
      showProblem(answer);
    }
    again();
  }

  // What changed while a post was out is sent once the badges drawn from its answer are on the screen.
  function again() {
    if (!state.again) return;
    state.again = false;
    afterPaint(scan);
  }

  /* The list data the page fetched, before it draws the cards: sent alone, so that the answer is here (or on its way)
     when they appear, and the mutation that shows them draws their badges in that frame. The post of the cards
     follows as ever: it refreshes them, tells what could not be read, and is what a scan and a report go by. */
  async function sendAhead() {
    const capture = OG.pageData ? OG.pageData.list().filter(OG.messages.listCapture).pop() : null;
    if (!capture || capture === state.listSent) return;
    state.listSent = capture;
    state.inFlight = true;
    mark("ahead:sending");
    const answer = await send(OG.messages.aheadMessage(location.href, capture, new Date()));
    mark("ahead:answered", answer && answer.timing && typeof answer.timing === "object" ? answer.timing : null);
    state.inFlight = false;
    // A failure is left to the post of the cards, which shows the notice: the data alone has nothing to show it on.
    if (answer && answer.ok && answer.data) {
      for (const order of OG.messages.ordersOf(answer.data)) state.ordersById.set(order.order_id, order);
      for (const id of Array.isArray(answer.data.changed_orders) ? answer.data.changed_orders : []) state.aheadChanged.add(id);
      redraw();
      mark("ahead:drawn");
    }
    again();
  }

  // leading: cards that appear in one go are sent at once; what follows in the burst is sent once after it
  const debounced = OG.debounce.debounce(scan, DEBOUNCE_MS, { maxWait: MAX_WAIT_MS, leading: true });

  function onlyOurs(record) {
    if (OG.badges.isOurs(record.target) || record.target.closest?.("order-guard-badge")) return true;
    const nodes = [...record.addedNodes, ...record.removedNodes];
    return nodes.length > 0 && nodes.every((node) => OG.badges.isOurs(node));
  }

  const observer = new MutationObserver((records) => {
    if (records.every(onlyOurs)) return;
    mark("mutation");
    // Cards of orders answered before (on this page or a visit before) get their badges in this frame, from that
    // answer; the post below redraws them from the fresh one.
    redraw();
    debounced();
  });

  function onStorageChanged(changes) {
    if (changes.connection) {
      // Paired (or re-paired) in another tab: try again now instead of waiting for the next retry.
      clearTimeout(state.retryTimer);
      state.retryDelay = 0;
      OG.notice.reset();
      scan();
    }
    if (changes.settings) {
      loadUi().then((ui) => {
        state.ui = ui;
        OG.panel.close();
        for (const host of document.querySelectorAll(OG.badges.TAG)) host.remove();
        state.lastSent = null;
        scan();
      });
    }
  }

  function stop() {
    state.stopped = true;
    observer.disconnect();
    debounced.cancel();
    clearTimeout(state.retryTimer);
    clearTimeout(state.watchTimer);
    document.removeEventListener("visibilitychange", onVisible);
    if (state.stopCaptures) state.stopCaptures();
    if (state.stopStorage) state.stopStorage();
  }

  function start() {
    state.startedAt = Date.now();
    Promise.all([loadUi(), OG.answerCache.load(OG.webext)]).then(([ui, known]) => {
      state.ui = ui;
      for (const [id, order] of known) if (!state.ordersById.has(id)) state.ordersById.set(id, order);
      // badges drawn from the kept answer are that old: if the companion is away, they grey with that time
      if (known.size && known.savedAt) state.updatedAt = new Date(known.savedAt);
      observer.observe(document.documentElement, { childList: true, subtree: true });
      mark("ready"); // listening, with the kept answer loaded
      state.stopStorage = OG.webext.onChanged(onStorageChanged);
      document.addEventListener("visibilitychange", onVisible);
      // Page data that arrives after the cards were drawn is sent like new cards are.
      if (OG.pageData) state.stopCaptures = OG.pageData.onChange(() => debounced());
      redraw(); // cards already on the page when the script starts get their known badges now, not after the post
      scan();
      // the badges' date formats are made while the page is idle, not inside the drawing of the first sixty
      (root.requestIdleCallback || setTimeout)(() => OG.badge.warm(ui.lang), { timeout: 1000 });
    });
  }

  // Loaded at document_start with the page-data relay (content/captures.js), so both share one load order; the
  // order area is looked for once the document is parsed, as a document_idle script would.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})(globalThis);
