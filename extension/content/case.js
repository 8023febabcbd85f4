/* The case log in the panel (issue 16): after a Copy, "Did you send it?" (one click records the matching step);
   the case's next steps with their dates; the steps recorded, each with Undo; "Record a step" with a day.
   Every change goes through the worker (POST/DELETE /api/v1/orders/<id>/case) and the panel is drawn again from
   the order the companion answers. Loaded before panel.js, which calls section() and attach() with its own tools. */
(function (root) {
  "use strict";

  const { el } = root.OrderGuard.dom;
  const { localDay } = root.OrderGuard.hintview;
  const { CASE_KINDS } = root.OrderGuard.messages;

  // The step a copied text stands for: the action's key (and a dispute's variant is its reason)
  const STEP_FOR_ACTION = { request_extension: "extension_requested", open_dispute: "dispute_opened", escalate_dispute: "escalated" };
  // A follow-up's text: what sending it records
  const STEP_FOR_FOLLOW_UP = { escalate: "escalated", extension_not_seen: "dispute_opened", extension_not_granted: "dispute_opened",
    delivered_not_received: "dispute_opened" };

  function stepOf(card) {
    if (card.dataset.followUp) {
      const kind = STEP_FOR_FOLLOW_UP[card.dataset.followUp];
      return kind ? { kind, reason: kind === "dispute_opened" ? card.dataset.reason || undefined : undefined } : null;
    }
    const kind = STEP_FOR_ACTION[card.dataset.action];
    if (!kind) return null;
    return { kind, reason: kind === "dispute_opened" ? card.dataset.variant || undefined : undefined };
  }

  function kindLabel(kind, ui) {
    return ui.t(`caseKind_${kind}`);
  }

  function formatDay(iso, lang) {
    const date = new Date(typeof iso === "string" && iso.length === 10 ? `${iso}T12:00:00` : iso);
    if (Number.isNaN(date.getTime())) return "";
    try {
      return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric" }).format(date);
    } catch (_) {
      return date.toDateString();
    }
  }

  /** Sends a step (or an undo) and draws the panel again; a failure is written into `status`. */
  async function save(order, ui, tools, status, entry, undo) {
    status.textContent = ui.t("panelSaving");
    status.className = "case-status";
    const result = ui.saveCase ? await ui.saveCase(order.order_id, entry, undo) : null;
    if (result && result.ok) {
      tools.redraw(result.order, ui);
      return true;
    }
    status.textContent = ui.t("caseFailed", [(result && result.text) || ""]);
    status.className = "case-status error";
    status.setAttribute("role", "alert");
    return false;
  }

  /** "Did you send it?" under a card whose text was just copied; one click records the step. */
  function askSent(card, order, ui, tools) {
    const step = stepOf(card);
    if (!step || card.querySelector(".sent-question")) return;
    const status = el("span", { class: "case-status", role: "status", "aria-live": "polite" });
    const yes = el("button", { class: "answer", type: "button", "data-answer": "sent", text: ui.t("caseYesSent") });
    yes.addEventListener("click", async (event) => {
      event.stopPropagation();
      yes.disabled = true;
      // the moment of the click: the follow-ups count from it exactly
      const entry = { kind: step.kind, at: new Date().toISOString() };
      if (step.reason) entry.reason = step.reason;
      if (!(await save(order, ui, tools, status, entry))) yes.disabled = false;
    });
    card.append(el("div", { class: "sent-question", role: "group" },
      el("span", { class: "question-text", text: ui.t("caseAskSent") }), yes, status));
  }

  function followUpItem(up, ui, tools) {
    const hasText = typeof up.text === "string" && up.text.trim() !== "";
    return el("li", { class: `follow-up${up.overdue ? " overdue" : ""}`, "data-follow-up": up.kind, "data-reason": up.reason || null },
      el("div", { class: "action-head" },
        el("div", { class: "fu-title", text: up.title || up.kind }),
        hasText ? tools.copyButton(up.text, ui) : null),
      el("div", { class: "fu-due", text: ui.t("caseDue", [formatDay(up.due, ui.lang)]) }),
      up.explanation ? el("div", { class: "action-expl", text: up.explanation }) : null,
      hasText ? el("div", { class: "text", dir: "ltr", lang: "en", text: up.text }) : null,
      Array.isArray(up.evidence) && up.evidence.length
        ? el("ul", { class: "evidence" }, up.evidence.map((item) => el("li", { text: item.label || item.key })))
        : null);
  }

  function entryItem(entry, n, order, ui, tools, status) {
    const undo = el("button", { class: "undo", type: "button", "data-undo": String(n), text: ui.t("caseUndo") });
    undo.addEventListener("click", async (event) => {
      event.stopPropagation();
      undo.disabled = true;
      if (!(await save(order, ui, tools, status, null, n))) undo.disabled = false;
    });
    return el("li", { class: "entry", "data-kind": entry.kind },
      el("span", { class: "entry-day", text: formatDay(entry.at, ui.lang) }), " ",
      el("strong", { text: kindLabel(entry.kind, ui) }), " ", undo);
  }

  function recordForm(order, ui, tools, status) {
    const kind = el("select", { class: "record-kind", "aria-label": ui.t("caseRecord") },
      CASE_KINDS.map((k) => el("option", { value: k, text: kindLabel(k, ui) })));
    const day = el("input", { class: "record-day", type: "date", min: "2010-01-01", max: localDay(), value: localDay(),
      "aria-label": ui.t("caseDate") });
    const button = el("button", { class: "answer record", type: "button", text: ui.t("caseSave") });
    button.addEventListener("click", async (event) => {
      event.stopPropagation();
      if (!day.value) {
        day.focus();
        return;
      }
      button.disabled = true;
      // today: the moment itself; another day: that day, which the companion counts from its start
      const at = day.value === localDay() ? new Date().toISOString() : day.value;
      if (!(await save(order, ui, tools, status, { kind: kind.value, at }))) button.disabled = false;
    });
    for (const node of [kind, day]) node.addEventListener("click", (event) => event.stopPropagation());
    return el("div", { class: "record", role: "group", "aria-label": ui.t("caseRecord") },
      el("div", { class: "label", text: ui.t("caseRecord") }), kind, day, button);
  }

  /** Where to follow the parcel: the order's AliExpress tracking page, the carrier's own page for the number. */
  function trackingLinks(hint, ui) {
    const tracking = hint.tracking && typeof hint.tracking === "object" ? hint.tracking : {};
    const safe = (url) => (typeof url === "string" && url.startsWith("https://") ? url : null);
    const ali = safe(tracking.aliexpress);
    const own = safe(tracking.carrier_url) || safe(tracking.carrier_site);
    if (!ali && !own) return null;
    const quiet = Number.isInteger(tracking.quiet_days) ? ui.plural("caseQuiet", tracking.quiet_days) : null;
    return el("div", { class: "tracking" },
      quiet ? el("div", { class: "quiet", text: quiet }) : null,
      ali ? el("a", { class: "track-link", "data-link": "aliexpress", href: ali, target: "_blank", rel: "noopener", text: `${ui.t("caseTrackAli")} ↗` }) : null,
      own ? el("a", { class: "track-link", "data-link": "carrier", href: own, target: "_blank", rel: "noopener",
        text: `${ui.t("caseTrackCarrier", [String(tracking.carrier || "")])} ↗` }) : null);
  }

  /** "Your case": next steps, the steps recorded (with Undo), and the form to record one. `tools`: the panel's
      { copyButton(text, ui), redraw(order, ui) }. */
  function section(order, ui, tools) {
    const hint = order.hint || {};
    const ups = Array.isArray(hint.follow_ups) ? hint.follow_ups.filter((u) => u && typeof u.kind === "string") : [];
    const entries = Array.isArray(order.case) ? order.case : [];
    const status = el("p", { class: "case-status", role: "status", "aria-live": "polite" });
    return el("div", { class: "case", "data-case": "" },
      el("div", { class: "label", text: ui.t("caseTitle") }),
      trackingLinks(hint, ui),
      ups.length ? el("ol", { class: "follow-ups" }, ups.map((up) => followUpItem(up, ui, tools))) : null,
      entries.length
        ? el("ol", { class: "entries" }, entries.map((entry, n) => entryItem(entry, n, order, ui, tools, status)))
        : el("p", { class: "none", text: ui.t("caseNone") }),
      recordForm(order, ui, tools, status),
      status);
  }

  /** After any Copy in the panel (actions and follow-ups), ask whether the text was sent. The copy button's own
      handler stops the click, so this listens on the way down. */
  function attach(panel, order, ui, tools) {
    panel.addEventListener("click", (event) => {
      const button = event.target instanceof Element ? event.target.closest(".copy") : null;
      const card = button ? button.closest(".action[data-action], .follow-up[data-follow-up]") : null;
      if (card) setTimeout(() => askSent(card, order, ui, tools), 0);
    }, true);
  }

  const CSS = `
.case { margin-top: 12px; border-top: 1px solid #e4e7ec; padding-top: 8px; }
.case ol { list-style: none; margin: 0 0 8px; padding: 0; }
.follow-up { border: 1px solid #d8e3f2; border-radius: 10px; padding: 8px 10px; margin: 0 0 6px; background: #f7faff; }
.follow-up.overdue { border-color: #f1a7a0; background: #fff6f5; }
.fu-title { font-weight: 650; color: #101418; }
.fu-due { font-size: 12px; color: #556070; margin: 2px 0 4px; }
.evidence { margin: 6px 0 0; padding-inline-start: 18px; font-size: 12.5px; }
.entries .entry { padding: 3px 0; font-size: 13px; }
.entry-day { color: #556070; }
.undo { all: unset; cursor: pointer; color: #1d4ed8; font-size: 12px; font-weight: 600; margin-inline-start: 6px; }
.undo:hover { text-decoration: underline; }
.undo:focus-visible, .record-kind:focus-visible, .record-day:focus-visible { outline: 2px solid #2f7fe0; outline-offset: 2px; }
.record { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.record .label { width: 100%; }
.record-kind, .record-day { font: inherit; font-size: 12.5px; padding: 4px 6px; border: 1px solid #cfd6df; border-radius: 8px; }
.sent-question { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 8px; padding: 6px 8px;
  border: 1px solid #f4d29a; background: #fff8ea; border-radius: 9px; }
.tracking { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin: 0 0 8px; font-size: 12.5px; }
.tracking .quiet { width: 100%; color: #556070; }
.track-link { color: #1d4ed8; font-weight: 600; text-decoration: none; }
.track-link:hover { text-decoration: underline; }
.track-link:focus-visible { outline: 2px solid #2f7fe0; outline-offset: 2px; }
.case-status { font-size: 12px; color: #556070; margin: 4px 0 0; }
.case-status:empty { display: none; }
.case-status.error { color: #b42318; font-weight: 600; }
`;

  root.OrderGuard.casePanel = { section, attach, askSent, stepOf, CSS };
})(globalThis);
