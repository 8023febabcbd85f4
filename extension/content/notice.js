/* One small notice in the page corner when the companion can't be reached; never more than one. */
(function (root) {
  "use strict";

  const { el, shieldIcon } = root.OrderGuard.dom;
  const TAG = "order-guard-notice";
  let host = null;
  let dismissedKey = null;

  const api = {
    TAG,
    /** `key` says which situation this is; a dismissed notice stays away until the situation changes. */
    show(key, { title, body, command }, ui) {
      if (dismissedKey === key) return;
      if (!host || !host.isConnected) {
        host = document.createElement(TAG);
        host.attachShadow({ mode: "open" });
        document.documentElement.append(host);
      }
      host.setAttribute("data-reason", key);
      host.setAttribute("dir", ui.rtl ? "rtl" : "ltr");
      const dismiss = el("button", { class: "x", type: "button", "aria-label": ui.t("noticeDismiss"), title: ui.t("noticeDismiss"), text: "×" });
      dismiss.addEventListener("click", () => {
        dismissedKey = key;
        api.hide();
      });
      host.shadowRoot.replaceChildren(
        el("style", { text: root.OrderGuard.style.NOTICE_CSS }),
        el("div", { class: "notice", role: "status", lang: ui.lang },
          shieldIcon(18),
          el("div", { class: "txt" },
            el("div", { class: "title", text: title }),
            body ? el("div", { text: body }) : null,
            command ? el("code", { text: command }) : null),
          dismiss),
      );
    },
    hide() {
      if (host) host.remove();
      host = null;
    },
    reset() {
      dismissedKey = null;
      api.hide();
    },
  };

  root.OrderGuard.notice = api;
})(globalThis);
