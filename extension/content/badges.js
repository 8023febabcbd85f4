/* Finds the order cards on the page and keeps one badge per card in sync with the companion's hints. */
(function (root) {
  "use strict";

  const { el, shieldIcon } = root.OrderGuard.dom;
  const { tone, badgeModel } = root.OrderGuard.badge;
  const { orderIdFromHref, orderIdFromText } = root.OrderGuard.pages;
  const { disputeOpenedDay } = root.OrderGuard.hintview;
  const TAG = "order-guard-badge";

  // Current list cards, old trade.aliexpress.com rows (2016+ tbody.order-item-wraper, 2014-2015 tbody.ae-order),
  // aliexpress.ru cards (generated class names keep their prefix).
  const CARD_SELECTOR = 'div.order-item, tbody.order-item-wraper, tbody.ae-order, [class*="RedOrderList_OrderItem__wrapper"], [data-testid="orderCard"]';
  const ID_TEXT_SELECTOR = '.order-item-header-right-info, .order-info, [data-testid="orderNumber"], [class*="OrderItem__number"]';
  const STATUS_SELECTOR = '.order-item-header-status-text, .order-status, [class*="OrderItem__status"]';
  // Where a detail/tracking page shows its status; the badge goes right after it.
  const DETAIL_ANCHOR_SELECTOR = '.order-status .title, .order-detail-status, [class*="order-status"] [class*="title"], .trade-status, .order-block-title, h1';

  // The last day beside the count; a sentence ("The window may have closed: …") wraps instead of widening the card.
  const BADGE_EXTRA_CSS = `
.day { font-weight: 500; unicode-bidi: isolate; }
.day:empty { display: none; }
.badge.long { white-space: normal; max-width: 340px; line-height: 1.25; text-align: start; border-radius: 12px; }
/* The case's next step, due within a day or past: the pill's colours turned round, so it reads as the thing to do. */
.fu { font-weight: 700; color: var(--og-bg); background: var(--og-fg); border-radius: 999px; padding: 2px 7px; margin-inline-start: 2px; }
.fu:empty { display: none; }
`;

  const hosts = new WeakMap();
  let sharedSheet; // one parsed stylesheet adopted by every badge's shadow root (a <style> each costs a parse each)

  function styleBadge(shadow) {
    const css = root.OrderGuard.style.BADGE_CSS + BADGE_EXTRA_CSS;
    if (sharedSheet === undefined) {
      try {
        sharedSheet = new CSSStyleSheet();
        sharedSheet.replaceSync(css);
      } catch (_) {
        sharedSheet = null; // no constructable stylesheets here: a <style> per badge, as before
      }
    }
    if (sharedSheet && "adoptedStyleSheets" in shadow) shadow.adoptedStyleSheets = [sharedSheet];
    else shadow.append(el("style", { text: css }));
  }

  function findCards() {
    return Array.from(document.querySelectorAll(CARD_SELECTOR)).filter((card) => !card.parentElement?.closest(CARD_SELECTOR));
  }

  function orderIdOfCard(card) {
    // The 2014-2015 list names the order on its block: <tbody class="ae-order" data-orderid="…">.
    const own = card.getAttribute("data-orderid");
    if (own && /^\d{6,25}$/.test(own.trim())) return own.trim();
    const link = card.querySelector('a[href*="rderId="], a[href*="rderid="], a[href*="/order-list/"]');
    const fromLink = link && orderIdFromHref(link.getAttribute("href"));
    if (fromLink) return fromLink;
    const attr = card.querySelector("[orderid]");
    if (attr && /^\d{6,25}$/.test(attr.getAttribute("orderid"))) return attr.getAttribute("orderid");
    const label = card.querySelector(ID_TEXT_SELECTOR);
    return orderIdFromText(label ? label.textContent : card.textContent);
  }

  function existingBadge(container) {
    for (const node of container.querySelectorAll(TAG)) return node;
    return null;
  }

  // The pill as it is before its words are set: made once, then cloned for each badge (sixty new cards would
  // otherwise build sixty of the same, node by node).
  let pillTemplate = null;
  function newPill() {
    if (!pillTemplate) {
      pillTemplate = el("button", { class: "badge", type: "button", part: "badge" }, shieldIcon(14), el("span", { class: "text" }),
        el("span", { class: "day" }), el("span", { class: "est" }), el("span", { class: "fu" }), el("span", { class: "sr" }));
    }
    return pillTemplate.cloneNode(true);
  }

  // Each badge's pill and the spans its words go in, found once (a badge drawn by an earlier copy of this script,
  // before the extension was updated, is looked into instead).
  const pills = new WeakMap();
  function pillOf(host) {
    let found = pills.get(host);
    if (!found) {
      const button = host.shadowRoot.querySelector(".badge");
      const part = (name) => {
        let span = button.querySelector(`.${name}`);
        if (!span) button.append((span = el("span", { class: name })));
        return span;
      };
      found = { button, text: part("text"), day: part("day"), est: part("est"), fu: part("fu"), sr: part("sr") };
      pills.set(host, found);
    }
    return found;
  }

  function createHost(onOpen) {
    const host = document.createElement(TAG);
    const shadow = host.attachShadow({ mode: "open" });
    const button = newPill();
    button.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation();
      const order = hosts.get(host);
      if (order) onOpen(host, order);
    });
    styleBadge(shadow);
    shadow.append(button);
    return host;
  }

  function render(host, order, ui) {
    const hint = order.hint || {};
    const model = badgeModel(hint, ui.t, ui.plural, order.status, ui.lang);
    const colours = tone(model.severity);
    host.setAttribute("data-order-guard-order-id", order.order_id);
    host.setAttribute("data-severity", model.severity);
    host.setAttribute("data-days-left", model.daysLeft === null ? "" : String(model.daysLeft));
    host.setAttribute("data-exact", hint.exact ? "true" : "false");
    host.setAttribute("data-state", typeof hint.state === "string" ? hint.state : "");
    host.setAttribute("data-deadline-kind", typeof hint.deadline_kind === "string" ? hint.deadline_kind : "");
    host.setAttribute("data-may-have-closed", model.mayHaveClosed ? "true" : "false");
    host.setAttribute("data-last-day", typeof hint.last_day === "string" && model.day ? hint.last_day : "");
    host.setAttribute("data-dispute-opened", disputeOpenedDay(order));
    host.setAttribute("lang", ui.lang);
    const pill = pillOf(host);
    const { button } = pill;
    // Direction goes on the pill, not the host: the host's margin must follow the page's direction.
    button.setAttribute("dir", ui.rtl ? "rtl" : "ltr");
    button.style.cssText = `--og-fg:${colours.fg};--og-bg:${colours.bg};--og-border:${colours.border};--og-dot:${colours.dot}`;
    button.classList.toggle("long", model.text.length > 32);
    pill.text.textContent = model.text;
    pill.day.textContent = model.day ? `· ${model.day}` : "";
    pill.est.textContent = model.qualifier || "";
    pill.fu.textContent = model.followUp ? model.followUp.text : "";
    host.setAttribute("data-follow-up", model.followUp ? model.followUp.kind : "");
    // The name is what the pill shows, then the summary (for screen readers only): a name that differs from the
    // visible words leaves a buyer who speaks to the page without a word to say.
    pill.sr.textContent = hint.summary && hint.summary !== model.text ? ` — ${hint.summary}` : "";
    button.title = ui.t("badgeOpenHint");
    hosts.set(host, order);
  }

  function placeInCard(card, host) {
    // 2014-2015 list: the order's head row; beside the order number, inside its cell.
    const head = card.matches("tbody.ae-order") ? card.querySelector("tr.order-hd") : null;
    if (head) {
      const number = head.querySelector(".order-num");
      const cell = head.querySelector("td, th");
      if (number) number.after(host);
      else if (cell) cell.prepend(host);
      if (number || cell) return;
    }
    const status = card.querySelector(STATUS_SELECTOR);
    // The old trade list's status is a <td>: a badge beside it would be an extra column; it goes inside the cell.
    if (status && status.matches("td, th")) status.append(host);
    else if (status) status.after(host);
    else card.prepend(host);
  }

  function placeOnDetail(host) {
    const anchor = document.querySelector(DETAIL_ANCHOR_SELECTOR);
    if (anchor) {
      anchor.after(host);
      return;
    }
    // No known status block: a small badge pinned to the top corner is still readable.
    host.style.cssText = "position:fixed;top:16px;inset-inline-end:16px;z-index:2147482000";
    document.documentElement.append(host);
  }

  /**
   * Draws or updates the badge of every card whose order the companion returned.
   * `ordersById`: Map order_id -> order with hint. Returns how many badges are on the page.
   */
  function apply(kind, ordersById, pageOrderId, ui, onOpen) {
    let drawn = 0;
    if (kind === "list") {
      for (const card of findCards()) {
        const id = orderIdOfCard(card);
        const order = id && ordersById.get(id);
        if (!order) continue;
        let host = existingBadge(card);
        if (!host) {
          host = createHost(onOpen);
          placeInCard(card, host);
        }
        if (hosts.get(host) !== order) render(host, order, ui);
        drawn += 1;
      }
      return drawn;
    }
    const order = (pageOrderId && ordersById.get(pageOrderId)) || (ordersById.size === 1 ? ordersById.values().next().value : null);
    if (!order) return 0;
    let host = existingBadge(document);
    if (!host) {
      host = createHost(onOpen);
      placeOnDetail(host);
    }
    if (hosts.get(host) !== order) render(host, order, ui);
    return 1;
  }

  /* The companion went away: every badge drawn stays, greyed, with the time it was last updated (in the UI's
     language, as the buyer's clock shows it). markLive() undoes it once the companion answers again. */
  function markStale(since, ui) {
    let time;
    try {
      time = new Intl.DateTimeFormat(ui.lang, { hour: "numeric", minute: "2-digit" }).format(since);
    } catch (_) {
      time = since.toTimeString().slice(0, 5);
    }
    const note = ui.t("badgeStale", [time]);
    for (const host of document.querySelectorAll(TAG)) {
      const button = host.shadowRoot && host.shadowRoot.querySelector(".badge");
      if (!button) continue;
      let span = button.querySelector(".stale");
      if (!span) {
        span = el("span", { class: "stale" });
        button.append(span);
      }
      span.textContent = note;
      host.setAttribute("data-stale", "true");
    }
  }

  function markLive() {
    for (const host of document.querySelectorAll(`${TAG}[data-stale]`)) {
      const span = host.shadowRoot.querySelector(".stale");
      if (span) span.remove();
      host.removeAttribute("data-stale");
    }
  }

  function isOurs(node) {
    return node && node.nodeType === 1 && (node.localName === TAG || node.localName === root.OrderGuard.panel.TAG || node.localName === "order-guard-notice");
  }

  root.OrderGuard.badges = { TAG, CARD_SELECTOR, findCards, orderIdOfCard, apply, isOurs, markStale, markLive };
})(globalThis);
