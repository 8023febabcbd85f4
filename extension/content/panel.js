/* The details panel: one at a time, in its own shadow root on <html> so card overflow can't clip it. */
(function (root) {
  "use strict";

  const { el, shieldIcon } = root.OrderGuard.dom;
  const { tone, badgeModel, NOT_ACTIVE } = root.OrderGuard.badge;
  const { splitActions, menuPaths, pathArrow, localDay, asksDisputeDate } = root.OrderGuard.hintview;
  const TAG = "order-guard-panel";
  // The shortest the panel gets to stay beside its badge (head, deadline and the first action still show).
  const MIN_HEIGHT = 240;
  const SEVERITY_KEYS = { ok: "sevOk", watch: "sevWatch", soon: "sevSoon", urgent: "sevUrgent", expired: "sevExpired", done: "sevDone" };

  let host = null;
  let openFor = null;
  // the case log's part of the panel (content/case.js): "Did you send it?", next steps, record and undo
  const caseUi = root.OrderGuard.casePanel || null;
  // what it needs of the panel: its copy button, and a redraw from the order the companion answered
  const caseTools = { copyButton: (text, ui) => copyButton(text, ui), redraw: (order, ui) => api.redraw(order, ui) };

  function formatDate(iso, lang) {
    if (!iso) return null;
    const date = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
    if (Number.isNaN(date.getTime())) return null;
    try {
      return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(date);
    } catch (_) {
      return date.toDateString();
    }
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (_) {
      // Some pages or browsers refuse the async clipboard; a selected textarea still copies.
      const area = el("textarea", { style: "position:fixed;top:-1000px;opacity:0" });
      area.value = text;
      document.documentElement.append(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch (_) {
        done = false;
      }
      area.remove();
      return done;
    }
  }

  function copyButton(text, ui) {
    const button = el("button", { class: "copy", type: "button", text: ui.t("panelCopy") });
    let timer = null;
    button.addEventListener("click", async (event) => {
      event.stopPropagation();
      const done = await copyText(text);
      button.textContent = done ? `✓ ${ui.t("panelCopied")}` : ui.t("panelCopyFailed");
      button.classList.toggle("done", done);
      button.classList.toggle("failed", !done);
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = ui.t("panelCopy");
        button.classList.remove("done", "failed");
      }, 2200);
    });
    return button;
  }

  /* A localized text, its menu paths ("Payment failed → Other order issues → Extra Money") drawn step by step: each
     step isolated, joined by an arrow that points the way the panel reads. Written as one run, a path of English
     steps in a right-to-left sentence is laid out left to right while its arrows point left: it reads backwards. */
  function withPaths(text, ui) {
    return menuPaths(text).map((part) => {
      if (typeof part === "string") return part;
      const steps = [];
      part.path.forEach((step, i) => {
        if (i) steps.push(el("span", { class: "sep", text: ` ${pathArrow(ui.rtl)} ` }));
        steps.push(el("bdi", { class: "step", text: step }));
      });
      return el("span", { class: "path", dir: ui.rtl ? "rtl" : "ltr" }, steps);
    });
  }

  function actionCard(action, ui) {
    const hasText = typeof action.text === "string" && action.text.trim() !== "";
    return el(
      "div",
      { class: "action", "data-action": action.key || "", "data-variant": action.variant || null },
      el("div", { class: "action-head" },
        el("div", { class: "action-title" }, withPaths(action.title || action.key || "", ui)),
        hasText ? copyButton(action.text, ui) : null),
      action.explanation ? el("div", { class: "action-expl" }, withPaths(action.explanation, ui)) : null,
      action.for_eva ? el("span", { class: "eva", text: ui.t("panelForEva") }) : null,
      // The text to copy is English: left to right in every panel, copied as it is.
      hasText ? el("div", { class: "text", dir: "ltr", lang: "en", text: action.text }) : null,
    );
  }

  /** The first actions (at most three, docs/rules.md), the rest behind a "More" button that shows and hides them. */
  function actionList(actions, ui) {
    const { first, more } = splitActions(actions);
    const list = el("div", { class: "actions" }, first.map((a) => actionCard(a, ui)));
    if (!more.length) return list;
    const rest = el("div", { class: "actions more-actions", id: "og-more-actions", hidden: true }, more.map((a) => actionCard(a, ui)));
    const label = () => (rest.hidden ? ui.t("panelMore", [String(more.length)]) : ui.t("panelFewer"));
    const toggle = el("button", { class: "more", type: "button", "aria-expanded": "false", "aria-controls": "og-more-actions" });
    toggle.textContent = label();
    toggle.addEventListener("click", (event) => {
      event.stopPropagation();
      rest.hidden = !rest.hidden;
      toggle.setAttribute("aria-expanded", rest.hidden ? "false" : "true");
      toggle.textContent = label();
      if (openFor) place(openFor.anchor, ui.rtl);
      toggle.focus({ preventScroll: true });
    });
    return el("div", { class: "action-lists" }, list, toggle, rest);
  }

  /* An open dispute whose opening day the companion does not know: one question, answered with a click. The answer
     goes through the worker (PATCH /api/v1/orders/<id>); the badge and this panel are drawn again from the order the
     companion answers. What went wrong (the companion's 400 message) is shown here. */
  function disputeQuestion(order, ui) {
    const status = el("p", { class: "question-status", role: "status", "aria-live": "polite" });
    const input = el("input", { class: "pick-day", type: "date", min: "2010-01-01", max: localDay(), "aria-label": ui.t("panelDisputePick") });
    const save = el("button", { class: "answer save", type: "button", "data-answer": "save", text: ui.t("panelDisputeSave") });
    const picker = el("div", { class: "picker", hidden: true }, input, save);
    const buttons = [];
    async function answer(day) {
      if (!day) {
        status.textContent = ui.t("panelDisputeNoDay");
        status.className = "question-status error";
        input.focus();
        return;
      }
      for (const button of buttons) button.disabled = true;
      status.textContent = ui.t("panelSaving");
      status.className = "question-status";
      const result = await ui.saveDisputeOpened(order.order_id, day);
      if (result && result.ok) {
        if (openFor && openFor.orderId === order.order_id) api.open(openFor.anchor, result.order, ui);
        return;
      }
      for (const button of buttons) button.disabled = false;
      status.textContent = (result && result.text) || ui.t("panelSaveFailed", [""]);
      status.className = "question-status error";
      status.setAttribute("role", "alert");
    }
    const choice = (key, name, onClick) => {
      const button = el("button", { class: "answer", type: "button", "data-answer": name, text: ui.t(key) });
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        onClick();
      });
      buttons.push(button);
      return button;
    };
    const today = choice("panelDisputeToday", "today", () => answer(localDay(new Date(), 0)));
    const yesterday = choice("panelDisputeYesterday", "yesterday", () => answer(localDay(new Date(), 1)));
    const pick = choice("panelDisputePick", "pick", () => {
      picker.hidden = false;
      pick.setAttribute("aria-expanded", "true");
      if (openFor) place(openFor.anchor, ui.rtl);
      input.focus();
    });
    pick.setAttribute("aria-expanded", "false");
    save.addEventListener("click", (event) => {
      event.stopPropagation();
      answer(input.value);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        answer(input.value);
      }
    });
    buttons.push(save);
    return el("div", { class: "question", "data-question": "dispute-opened", role: "group", "aria-labelledby": "og-dispute-q" },
      el("div", { class: "question-text", id: "og-dispute-q", text: ui.t("panelDisputeQuestion") }),
      el("div", { class: "answers" }, today, yesterday, pick),
      picker,
      status);
  }

  // The link to the order's own page, where AliExpress shows the exact dates.
  const PANEL_EXTRA_CSS = `
.deadline { flex-wrap: wrap; }
.check { display: inline-flex; align-items: center; gap: 4px; margin: 0 0 10px; color: #1d4ed8; font-weight: 650;
  text-decoration: none; border: 1px solid #bcd5f3; background: #eef4fd; border-radius: 8px; padding: 6px 10px; }
.check:hover { text-decoration: underline; background: #e3edfc; }
.check:focus-visible { outline: 2px solid #2f7fe0; outline-offset: 2px; }
.title .day { font-weight: 600; color: #344054; unicode-bidi: isolate; }
.link:focus-visible, .more:focus-visible, .answer:focus-visible, .pick-day:focus-visible { outline: 2px solid #2f7fe0; outline-offset: 2px; }
.path { unicode-bidi: isolate; }
.path .step { font-weight: 600; }
.path .sep { color: #8a94a3; }
.more { all: unset; cursor: pointer; display: block; margin: 8px 0 0; color: #1d4ed8; font-weight: 650; font-size: 12.5px;
  padding: 4px 2px; border-radius: 6px; }
.more:hover { text-decoration: underline; }
.more-actions { margin-top: 8px; }
.more-actions[hidden], .picker[hidden] { display: none; }
.question { border: 1px solid #f4d29a; background: #fff8ea; border-radius: 11px; padding: 10px 12px; margin: 0 0 10px; }
.question-text { font-weight: 650; color: #101418; margin-bottom: 8px; }
.answers, .picker { display: flex; flex-wrap: wrap; gap: 6px; }
.picker { margin-top: 8px; }
.answer { all: unset; cursor: pointer; font-weight: 600; font-size: 12.5px; padding: 6px 11px; border-radius: 8px;
  border: 1px solid #bcd5f3; background: #fff; color: #1d4ed8; }
.answer:hover { background: #eef4fd; }
.answer[disabled] { opacity: .6; cursor: progress; }
.pick-day { font: inherit; padding: 4px 6px; border: 1px solid #cfd6df; border-radius: 8px; }
.question-status { margin: 6px 0 0; font-size: 12px; color: #556070; }
.question-status:empty { display: none; }
.question-status.error { color: #b42318; font-weight: 600; }
.actions-problem { border: 1px solid #f3c4be; background: #fef3f2; border-radius: 11px; padding: 10px 12px; }
.actions-problem .none { color: #912018; margin: 0 0 6px; }
`;
  const DEADLINE_KEYS = { exact: "panelDeadline", estimated: "panelDeadlineEstimated", own: "panelDeadlineOwn" };

  /** The deadline as the companion wrote it in the buyer's zone, else the date alone, else the instant. */
  function deadlineText(hint, lang) {
    if (typeof hint.deadline_text === "string" && hint.deadline_text.trim()) return hint.deadline_text.trim();
    return formatDate(typeof hint.deadline_date === "string" ? hint.deadline_date : null, lang) || formatDate(hint.deadline, lang);
  }

  /* No protection clock to show: unpaid, closed, a dispute... The panel names the state and never says "no deadline
     known yet, open the details page", which sends the buyer to look for a date that does not exist. */
  /** The actions; while they are being asked for (a page's answer leaves them out), a line saying so; when they
      could not be had, why, with "Try again". */
  function actionsPart(order, actions, ui) {
    if (!root.OrderGuard.messages.actionsLater(order)) {
      return actions.length ? actionList(actions, ui) : el("p", { class: "none", text: ui.t("panelNoActions") });
    }
    if (!order.actionsProblem) return el("p", { class: "none loading", role: "status", text: ui.t("panelActionsLoading") });
    return el("div", { class: "actions-problem", role: "alert" },
      el("p", { class: "none", text: ui.t("panelActionsFailed", [order.actionsProblem]) }),
      el("button", { class: "link retry", type: "button", text: ui.t("panelActionsRetry"),
        onclick: () => {
          api.showActions({ ...order, actionsProblem: null }, ui);
          if (ui.fetchActions) ui.fetchActions(order.order_id);
        } }));
  }

  function shownActions(hint) {
    return Array.isArray(hint.actions) ? hint.actions.filter((a) => a && (a.title || a.text)) : [];
  }

  function clockless(hint, model) {
    return model.daysLeft === null && !model.mayHaveClosed && (NOT_ACTIVE.includes(hint.state) || hint.state === "dispute");
  }

  function deadlineLine(hint, model, ui) {
    if (model.mayHaveClosed && model.daysLeft === null) return ui.t("panelMayHaveClosed");
    if (clockless(hint, model)) return null;
    // Passed: the summary says when in the past tense ("ended 7 days ago"), the why gives the date.
    if (model.daysLeft !== null && (model.daysLeft < 0 || model.severity === "expired")) return null;
    const when = hint.deadline ? deadlineText(hint, ui.lang) : null;
    if (!when) return ui.t("panelNoDeadline");
    const key = DEADLINE_KEYS[hint.deadline_kind] || (hint.exact ? "panelDeadline" : "panelDeadlineEstimated");
    return ui.t(key, [when]);
  }

  function build(order, ui) {
    const hint = order.hint || {};
    const model = badgeModel(hint, ui.t, ui.plural, order.status, ui.lang);
    const colours = tone(model.severity);
    const store = order.store ? ` · ${order.store}` : "";
    const actions = shownActions(hint);
    const question = asksDisputeDate(order) ? disputeQuestion(order, ui) : null;
    const said = typeof hint.summary === "string" ? hint.summary.trim() : "";
    // A dispute leads with its own words ("Dispute open for 2 days"), not "No deadline yet".
    const title = hint.state === "dispute" && clockless(hint, model) && said ? said : model.text;
    const summary = said && said !== title ? hint.summary : null;
    const deadline = deadlineLine(hint, model, ui);
    const close = el("button", { class: "close", type: "button", "aria-label": ui.t("panelClose"), title: ui.t("panelClose"), text: "×", onclick: () => api.close({ returnFocus: true }) });
    const check = model.checkUrl
      ? el("a", { class: "check", href: model.checkUrl, target: "_blank", rel: "noopener", text: `${ui.t("panelCheckOrder")} ↗` })
      : null;
    const panel = el(
      "div",
      { class: "panel", role: "dialog", "aria-label": `Order Guard — ${title}`, dir: ui.rtl ? "rtl" : "ltr", lang: ui.lang,
        // Urgent and expired badges are white on colour: on the white panel their colour is the one to write in.
        style: `--og-accent:${model.severity === "urgent" ? colours.bg : colours.dot};--og-bg:${colours.bg};--og-fg:${colours.fg};` +
          `--og-border:${colours.border};--og-dot:${colours.dot};--og-chip:${colours.fg === "#ffffff" ? colours.bg : colours.fg}` },
      el("div", { class: "head" },
        el("div", { class: "mark" }, shieldIcon(18)),
        el("div", { class: "titles" },
          el("div", { class: "chip", text: hint.severity_label || ui.t(SEVERITY_KEYS[model.severity]) }),
          el("div", { class: "title" },
            title,
            model.day ? el("span", { class: "day", text: ` · ${model.day}` }) : null,
            model.qualifier ? ` · ${model.qualifier}` : null),
          el("div", { class: "sub", text: `${ui.t("panelOrder", [order.order_id])}${store}` })),
        close),
      el("div", { class: "body" },
        deadline ? el("div", { class: "deadline", text: deadline }) : null,
        summary ? el("p", { class: "summary" }, withPaths(summary, ui)) : null,
        question,
        check,
        hint.why ? el("div", { class: "label", text: ui.t("panelWhy") }) : null,
        hint.why ? el("p", { class: "why" }, withPaths(hint.why, ui)) : null,
        el("div", { class: "label", text: ui.t("panelWhatToDo") }),
        el("div", { class: "actions-slot" }, actionsPart(order, actions, ui)),
        caseUi ? caseUi.section(order, ui, caseTools) : null),
      el("div", { class: "foot" },
        el("span", { class: "note", text: ui.t("panelEnglishNote") }),
        el("button", { class: "link", type: "button", text: ui.t("panelOpenDashboard"), onclick: () => ui.openDashboard(order.order_id) })),
    );
    if (caseUi) caseUi.attach(panel, order, ui, caseTools);
    return panel;
  }

  function place(anchor, rtl) {
    const rect = anchor.getBoundingClientRect();
    const box = host.shadowRoot.querySelector(".panel");
    const width = box ? box.offsetWidth : 380;
    const viewport = document.documentElement.clientWidth;
    let left = rtl ? rect.right - width : rect.left;
    left = Math.max(12, Math.min(left, viewport - width - 12));
    // Below the badge when it fits, else above it; when it fits neither, on the roomier side, made shorter
    // (it scrolls inside) so it never covers the badge and the order it was opened for.
    const viewportHeight = window.innerHeight;
    const below = viewportHeight - rect.bottom - 8 - 12;
    const above = rect.top - 8 - 12;
    if (box) box.style.maxHeight = "";
    let height = box ? box.offsetHeight : 400;
    let top = rect.bottom + 8;
    if (height > below) {
      if (height <= above) top = rect.top - 8 - height;
      else {
        const room = Math.max(below, above, MIN_HEIGHT);
        if (box) box.style.maxHeight = `${room}px`;
        height = box ? box.offsetHeight : room;
        top = below >= above ? rect.bottom + 8 : Math.max(12, rect.top - 8 - height);
      }
    }
    host.style.top = `${Math.round(top + window.scrollY)}px`;
    host.style.left = `${Math.round(left + window.scrollX)}px`;
  }

  /* Focus on the first shown match of `selectors` in `scope` (a Copy behind "More" is hidden), else on the close
     button; returns what has it. */
  function focusFirst(shadow, scope, selectors) {
    const shown = (node) => node.getClientRects().length > 0;
    let target = null;
    for (const selector of selectors) {
      target = [...scope.querySelectorAll(selector)].find(shown) || null;
      if (target) break;
    }
    target = target || shadow.querySelector(".close");
    if (target) target.focus({ preventScroll: true });
    return target;
  }

  const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), [tabindex]:not([tabindex="-1"])';

  // Tab and Shift+Tab go round the panel's own controls while it is open: the keyboard never wanders off into
  // the page behind it. Escape closes it and gives focus back to the badge it was opened from.
  function onKey(event) {
    if (event.key === "Escape") {
      api.close({ returnFocus: true });
      return;
    }
    if (event.key !== "Tab" || !host) return;
    const stops = [...host.shadowRoot.querySelectorAll(FOCUSABLE)].filter((node) => node.getClientRects().length > 0);
    if (!stops.length) return;
    event.preventDefault();
    const at = stops.indexOf(host.shadowRoot.activeElement);
    const next = event.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at + 1) % stops.length;
    stops[next].focus({ preventScroll: false });
  }

  function onOutside(event) {
    if (!host || event.composedPath().includes(host)) return;
    if (openFor && event.composedPath().includes(openFor.anchor)) return;
    api.close();
  }

  const api = {
    TAG,
    open(anchor, order, ui) {
      if (!host || !host.isConnected) {
        host = document.createElement(TAG);
        host.attachShadow({ mode: "open" });
        document.documentElement.append(host);
        document.addEventListener("keydown", onKey, true);
        document.addEventListener("mousedown", onOutside, true);
      }
      const shadow = host.shadowRoot;
      shadow.replaceChildren(el("style", { text: root.OrderGuard.style.PANEL_CSS + PANEL_EXTRA_CSS + (caseUi ? caseUi.CSS : "") }), build(order, ui));
      host.setAttribute("data-order-guard-order-id", order.order_id);
      openFor = { anchor, orderId: order.order_id };
      place(anchor, ui.rtl);
      openFor.autoFocused = focusFirst(shadow, shadow, [".question .answer", ".copy", ".retry"]);
      if (root.OrderGuard.messages.actionsLater(order) && !order.actionsProblem && ui.fetchActions) ui.fetchActions(order.order_id);
    },
    close({ returnFocus = false } = {}) {
      const anchor = openFor && openFor.anchor;
      if (host) host.remove();
      host = null;
      openFor = null;
      if (returnFocus && anchor && anchor.isConnected) {
        const badge = anchor.shadowRoot && anchor.shadowRoot.querySelector(".badge");
        (badge || anchor).focus({ preventScroll: true });
      }
      document.removeEventListener("keydown", onKey, true);
      document.removeEventListener("mousedown", onOutside, true);
    },
    /** The open panel's texts to copy, once they came (or why they did not), put in place of the line that waited
        for them; the rest of the panel, and where the buyer is in it, stay as they are. Focus moves to the first
        text only when it was still where opening put it, or on the part replaced. */
    showActions(order, ui) {
      if (!host || !openFor || !order || openFor.orderId !== order.order_id) return;
      const shadow = host.shadowRoot;
      const slot = shadow.querySelector(".actions-slot");
      if (!slot) {
        api.open(openFor.anchor, order, ui);
        return;
      }
      const active = shadow.activeElement;
      const inSlot = Boolean(active) && slot.contains(active);
      const untouched = !active || active === openFor.autoFocused;
      slot.replaceChildren(actionsPart(order, shownActions(order.hint || {}), ui));
      place(openFor.anchor, ui.rtl);
      // where opening would have put it, had the texts been there: a dispute's question still comes first
      if (inSlot) openFor.autoFocused = focusFirst(shadow, slot, [".copy", ".retry"]);
      else if (untouched) openFor.autoFocused = focusFirst(shadow, shadow, [".question .answer", ".copy", ".retry"]);
    },
    /** Draws the open panel again from the order the companion answered (after a case step). */
    redraw(order, ui) {
      if (openFor && order && openFor.orderId === order.order_id) api.open(openFor.anchor, order, ui);
    },
    openOrderId() {
      return openFor ? openFor.orderId : null;
    },
  };

  root.OrderGuard.panel = api;
})(globalThis);
