/* "Read all my orders" on the buyer's own My Orders tab: loads every further batch the way the page does ("View
   orders", or the next page), at most one action a second, until the list ends or a batch holds only orders the
   companion already had, unchanged (the page answer's `changed_orders`). A bar above the list shows batches and
   orders read (of the total where the page states one), with Pause and Stop. The scan's state is the worker's
   (background/scan.js, in the extension storage), so a reload resumes it. It stops with a plain message on a sign-in page, a
   captcha, "too many requests", or when the page stops growing.
   On other order pages it only tells the worker when the page is a sign-in or captcha page (the deadline refresh
   reads those tabs). orders.js hands every page answer to `OrderGuard.scanner.onAnswer`. */
(function (root) {
  "use strict";

  const OG = root.OrderGuard;
  const kind = OG.pages.pageKind(location.href);
  if (!kind || window.top !== window || root.__orderGuardScan) return;
  root.__orderGuardScan = true;

  const { ext } = OG.webext;
  const { el, shieldIcon } = OG.dom;
  const TYPE = OG.messages.TYPES.scan;
  const TAG = "order-guard-scan";
  const MORE = '.order-more button, [data-pl="order_more"] button';
  const NEXT = ".comet-pagination-next:not(.comet-pagination-disabled) button, .comet-pagination-next:not(.comet-pagination-disabled) a, " +
    "a.ui-pagination-next:not(.ui-pagination-disabled)";
  const TOTAL = ".comet-tabs-nav-item-active, [data-og-total]";
  const LOGIN = '#fm-login-id, #fm-login-password, input[type="password"], iframe[src*="passport.aliexpress"], iframe[src*="login.aliexpress"]';
  const CAPTCHA = '#nocaptcha, .nc_wrapper, .nc-container, [id^="nc_"][id$="_wrapper"], #baxia-dialog-content, iframe[src*="punish"], .captcha-slider';
  const NOTES = '[role="alert"], [class*="toast"], [class*="message"], [class*="dialog"]';
  const RATE = /too many requests|try again later|слишком много запросов|יותר מדי בקשות/i;
  const MAX_STALLS = 3;
  const BAR_CSS = `
.bar { flex-direction: column; gap: 6px; max-width: none; }
.row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
progress { width: 100%; height: 8px; accent-color: #1d4ed8; }
.buttons { display: flex; gap: 8px; flex-wrap: wrap; }
.buttons .action { margin-top: 0; }
.action.ghost { background: #fff; color: #1d4ed8; border: 1px solid #1d4ed8; }
:host([data-state="ended"]) .notice { border-inline-start-color: #15803d; }
:host([data-reason="login"]) .notice, :host([data-reason="captcha"]) .notice, :host([data-reason="rate"]) .notice,
:host([data-reason="stalled"]) .notice, :host([data-reason="down"]) .notice { border-inline-start-color: #b42318; }`;

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const shown = (selector) => [...document.querySelectorAll(selector)].some((node) => node.getClientRects().length > 0);

  /** "login" | "captcha" | "rate" | null: a page that is not the orders, whatever address it has. Only what is
      shown counts (a page may carry a hidden sign-in form); `withText` also reads the page's messages for "too
      many requests" (a toast, a dialog, the start or the end of the page). */
  function blockedReason(withText = false) {
    if (shown(CAPTCHA)) return "captcha";
    if (shown(LOGIN)) return "login";
    if (withText && document.body) {
      // innerText: what the page shows, not the text of its scripts (which may carry the same words)
      const notes = [...document.querySelectorAll(NOTES)].map((node) => node.innerText).join(" ");
      const text = document.body.innerText;
      if (RATE.test(notes) || RATE.test(text.slice(0, 20000)) || RATE.test(text.slice(-5000))) return "rate";
    }
    return null;
  }

  async function send(message) {
    try {
      return await ext.runtime.sendMessage({ type: TYPE, ...message });
    } catch (_) {
      return null; // the extension was reloaded under this page
    }
  }

  // ---- page answers, from orders.js ----

  let latest = null;
  const listeners = new Set();

  function onAnswer(answer) {
    latest = { answer, at: Date.now() };
    for (const listener of [...listeners]) listener(latest);
  }

  OG.scanner = { onAnswer, blockedReason };

  if (kind !== "list") {
    // the deadline refresh's tab: a sign-in or captcha page in place of the order is reason to stop
    const check = () => {
      const reason = blockedReason(true);
      if (reason) send({ op: "blocked", reason });
    };
    const later = () => setTimeout(check, 1500);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => { check(); later(); }, { once: true });
    else { check(); later(); }
    return;
  }

  // ---- the list ----

  function cardIds() {
    return OG.badges.findCards().map((card) => OG.badges.orderIdOfCard(card)).filter(Boolean);
  }

  function visible(node) {
    return Boolean(node) && !node.disabled && node.getClientRects().length > 0;
  }

  function nextControl() {
    const more = [...document.querySelectorAll(MORE)].find(visible);
    return more || [...document.querySelectorAll(NEXT)].find(visible) || null;
  }

  function pageTotal() {
    for (const node of document.querySelectorAll(TOTAL)) {
      const match = /\((\d{1,6})\)/.exec(node.textContent || "") || /^(\d{1,6})$/.exec(node.getAttribute("data-og-total") || "");
      if (match) return Number(match[1]);
    }
    return null;
  }

  /** Resolves with the first page answer after `since` that names every order the cards show, or the last
      answer after `since` when `ms` pass first (cards no one could read), or null. */
  function answerCovering(since, ms) {
    return new Promise((resolve) => {
      const covers = (got) => {
        if (!got || got.at < since) return false;
        if (!got.answer.ok) return true;
        const ids = new Set(OG.messages.ordersOf(got.answer.data).map((o) => o.order_id));
        return cardIds().every((id) => ids.has(id));
      };
      const done = (value) => {
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(value);
      };
      const listener = (got) => {
        if (covers(got)) done(got.answer);
      };
      const timer = setTimeout(() => done(latest && latest.at >= since ? latest.answer : null), ms);
      listeners.add(listener);
      if (covers(latest)) done(latest.answer);
    });
  }

  function grown(before, ms) {
    return new Promise((resolve) => {
      const started = Date.now();
      const poll = () => {
        if (OG.badges.findCards().length > before) resolve(true);
        else if (Date.now() - started >= ms) resolve(false);
        else setTimeout(poll, 50);
      };
      poll();
    });
  }

  // ---- the bar ----

  let host = null;
  let ui = null;

  function bar() {
    if (host && host.isConnected) return host;
    host = document.createElement(TAG);
    host.attachShadow({ mode: "open" });
    const cards = OG.badges.findCards();
    const list = cards.length ? cards[0].parentElement : null;
    if (list && list.parentElement && !list.matches("html, body")) {
      host.setAttribute("data-place", "inline");
      list.before(host);
    } else {
      document.documentElement.append(host);
    }
    return host;
  }

  function button(label, action, onClick, ghost = false) {
    return el("button", { class: ghost ? "action ghost" : "action", type: "button", "data-action": action, text: label, onclick: (event) => {
      event.stopPropagation();
      onClick();
    } });
  }

  function draw(view) {
    const { t } = ui;
    const node = bar();
    node.setAttribute("dir", ui.rtl ? "rtl" : "ltr");
    for (const [name, value] of Object.entries({ state: view.state, reason: view.reason || "", batches: view.batches || 0,
      orders: view.orders || 0, total: view.total || "" })) node.setAttribute(`data-${name}`, String(value));
    const children = [];
    let title;
    const counts = [String(view.batches || 0), String(view.orders || 0), String(view.total || "")];
    if (view.state === "idle") {
      title = t("scanNoticeTitle");
      children.push(el("div", { class: "body", text: t("scanNoticeBody") }),
        el("div", { class: "buttons" }, button(t("scanStart"), "scan-orders", () => send({ op: "start-list" }).then(begin))));
    } else if (view.state === "running" || view.state === "paused") {
      const key = view.state === "paused" ? "scanPaused" : view.total ? "scanRunningOf" : "scanRunning";
      title = t(key, counts);
      const progress = el("progress", { max: String(view.total || 1) });
      if (view.total) progress.value = Math.min(view.orders || 0, view.total);
      else if (view.state === "paused") progress.value = 0;
      else progress.removeAttribute("value");
      children.push(progress, el("div", { class: "buttons" },
        view.state === "paused" ? button(t("scanResume"), "scan-resume", () => control("resume")) : button(t("scanPause"), "scan-pause", () => control("pause")),
        button(t("scanStop"), "scan-stop", () => control("stop"), true)));
    } else {
      title = t(`scanEnd_${view.reason || "stopped"}`, [String(view.orders || 0)]);
    }
    const dismiss = el("button", { class: "x", type: "button", "aria-label": t("noticeDismiss"), title: t("noticeDismiss"), text: "×",
      onclick: () => {
        node.remove();
        if (view.state === "idle") OG.webext.write({ [INVITE_HIDDEN]: true }).catch(() => {});
      } });
    node.shadowRoot.replaceChildren(
      el("style", { text: OG.style.NOTICE_CSS + BAR_CSS }),
      el("div", { class: "notice bar", role: "status", lang: ui.lang },
        el("div", { class: "row" }, shieldIcon(18), el("div", { class: "txt" }, el("div", { class: "title", text: title })),
          view.state === "running" || view.state === "paused" ? null : dismiss),
        ...children));
  }

  // ---- the scan ----

  let current = null; // the worker's scan state, as last read
  let running = false;

  async function control(op) {
    const answer = await send({ op, which: "list" });
    if (answer && answer.ok && answer.data) {
      current = answer.data;
      draw(current);
      if (op === "resume") begin();
    }
  }

  async function liveState() {
    const saved = await OG.webext.read("scan");
    return saved && typeof saved === "object" ? saved : null;
  }

  async function end(reason, view) {
    const answer = await send({ op: "end", reason });
    current = answer && answer.ok ? answer.data : { ...view, state: "ended", reason };
    draw(current);
  }

  /** Waits while the scan is paused; false when it has ended meanwhile (stopped here, in the popup, on the dashboard). */
  async function mayGoOn() {
    for (;;) {
      const saved = await liveState();
      if (!saved || saved.state === "ended") {
        if (saved) draw(saved);
        return false;
      }
      if (saved.state === "running") return true;
      draw(saved);
      await sleep(300);
    }
  }

  async function run(scan, pace) {
    if (running) return;
    running = true;
    try {
      const seen = new Set(scan.seen || []);
      let batches = scan.batches || 0;
      let view = { ...scan };
      draw(view);
      let answer = await answerCovering(0, pace.waitMs);
      if (answer && !answer.ok) return end("down", view);
      const firstIds = answer ? OG.messages.ordersOf(answer.data).map((o) => o.order_id) : [];
      // After a reload the list starts over: batches read before it are loaded again, not counted again.
      const replayTo = batches > 0 && firstIds.length && firstIds.every((id) => seen.has(id)) ? batches : 0;
      let loaded = 1;
      const count = async (ids, known) => {
        const fresh = ids.filter((id) => !seen.has(id));
        fresh.forEach((id) => seen.add(id));
        batches += 1;
        const total = pageTotal();
        const saved = await send({ op: "progress", batches, ids: fresh, total });
        view = saved && saved.ok ? saved.data : { ...view, batches, orders: seen.size, total };
        draw(view);
        return fresh.length > 0 && known(fresh);
      };
      if (!replayTo) await count(firstIds, () => false); // the batch on screen is read whatever it holds
      let stalls = 0;
      for (;;) {
        if (!(await mayGoOn())) return;
        const blocked = blockedReason(stalls > 0);
        if (blocked) return end(blocked, view);
        const next = nextControl();
        if (!next) return end(stalls ? "stalled" : "end", view);
        await sleep(pace.actionMs);
        if (!(await mayGoOn())) return;
        const before = OG.badges.findCards().length;
        const clickedAt = Date.now();
        next.click();
        if (!(await grown(before, pace.waitMs))) {
          stalls += 1;
          const reason = blockedReason(true);
          if (reason) return end(reason, view);
          if (stalls >= MAX_STALLS) return end("stalled", view);
          continue; // the page's own fetch failed: one more click, as a person would
        }
        stalls = 0;
        answer = await answerCovering(clickedAt, pace.waitMs);
        if (!answer) return end("stalled", view);
        if (!answer.ok) return end("down", view);
        loaded += 1;
        if (loaded <= replayTo) continue;
        const changed = new Set(Array.isArray(answer.data.changed_orders) ? answer.data.changed_orders : []);
        const ids = OG.messages.ordersOf(answer.data).map((o) => o.order_id);
        // without `changed_orders` (an older companion) nothing is known to be unchanged: read on to the end
        const known = (fresh) => Array.isArray(answer.data.changed_orders) && fresh.every((id) => !changed.has(id));
        if (await count(ids, known)) return end("known", view);
      }
    } finally {
      running = false;
    }
  }

  async function begin() {
    const answer = await send({ op: "hello" });
    if (!answer || !answer.ok) return;
    const { scan, pace } = answer.data;
    if (scan && scan.state === "running") run(scan, pace);
    else if (scan && scan.state === "paused") {
      current = scan;
      draw(scan);
      if (await mayGoOn()) run(await liveState(), pace);
    } else if (!host || !host.isConnected) {
      inviteWhenAnswered();
    }
  }

  // The invitation waits for a page answer that worked: while the companion is away or not paired, the page's
  // own notice says so, and a scan could not store anything. Dismissed once, it stays away (popup and dashboard
  // keep their buttons).
  const INVITE_HIDDEN = "scanInviteHidden";

  async function inviteWhenAnswered() {
    try {
      if (await OG.webext.read(INVITE_HIDDEN)) return;
    } catch (_) {
      return; // the extension was reloaded under this page
    }
    const show = () => {
      if (running || (host && host.isConnected) || (current && current.state !== "idle")) return;
      draw({ state: "idle" });
    };
    if (latest && latest.answer && latest.answer.ok) return show();
    const listener = (seen) => {
      if (!seen.answer || !seen.answer.ok) return;
      listeners.delete(listener);
      show();
    };
    listeners.add(listener);
  }

  ext.runtime.onMessage.addListener((message) => {
    if (message && message.type === TYPE && message.op === "begin") begin();
  });

  async function start() {
    ui = (await OG.i18n.loadTranslator(ext, OG.messages.TYPES.settings)).translator;
    // the notice waits for the cards: above the list, not in a corner over it
    for (let i = 0; i < 50 && !OG.badges.findCards().length && !blockedReason(); i += 1) await sleep(200);
    begin();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})(globalThis);
