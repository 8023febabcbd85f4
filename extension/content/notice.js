/* One small notice in the page corner: the companion can't be reached, or it could not read every order on
   the page (with a "Save a report" button); never more than one. All text goes in with textContent. */
(function (root) {
  "use strict";

  const { el, shieldIcon } = root.OrderGuard.dom;
  const TAG = "order-guard-notice";
  let host = null;
  let shownKey = null;
  let dismissedKey = null;

  function actionButton(action) {
    const status = el("div", { class: "status", role: "status" });
    const button = el("button", { class: "action", type: "button", text: action.label });
    button.addEventListener("click", async (event) => {
      event.stopPropagation();
      if (button.disabled) return;
      button.disabled = true;
      status.className = "status";
      status.setAttribute("role", "status");
      status.textContent = action.busy || "";
      let result;
      try {
        result = await action.run();
      } catch (error) {
        result = { ok: false, text: String((error && error.message) || error) };
      }
      button.disabled = false;
      status.className = `status ${result && result.ok ? "ok" : "error"}`;
      // A failure is announced at once: the buyer asked for something and it did not happen.
      status.setAttribute("role", result && result.ok ? "status" : "alert");
      status.textContent = (result && result.text) || "";
    });
    return [button, status];
  }

  const api = {
    TAG,
    /**
     * `key` says which situation this is; a dismissed notice stays away until the situation changes, and the
     * same situation shown again is left as it is (its status line included). `data`: attributes for the host
     * (data-<name>); `action`: { label, busy, run: async () => ({ ok, text }) } draws one button.
     * `before`: an element of the page (the order list) to show the notice above, in the page's flow, so it
     * never covers an order; without one (or when it is <body>) the notice sits in the page corner.
     */
    show(key, { title, body, command, action, data, before }, ui) {
      if (dismissedKey === key) return;
      const signature = `${key}\u0000${ui.lang}`;
      if (host && host.isConnected && shownKey === signature) return;
      if (!host || !host.isConnected) {
        host = document.createElement(TAG);
        host.attachShadow({ mode: "open" });
      }
      const inline = Boolean(before && before.isConnected && before.parentElement && !before.matches("html, body"));
      if (inline) {
        if (host.nextSibling !== before) before.before(host);
      } else if (host.parentNode !== document.documentElement) {
        document.documentElement.append(host);
      }
      shownKey = signature;
      for (const name of host.getAttributeNames()) if (name.startsWith("data-")) host.removeAttribute(name);
      host.setAttribute("data-reason", key.split(":")[0] === "partial" ? "partial" : key);
      host.setAttribute("data-place", inline ? "inline" : "corner");
      for (const [name, value] of Object.entries(data || {})) host.setAttribute(`data-${name}`, String(value));
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
            body ? el("div", { class: "body", text: body }) : null,
            command ? el("code", { text: command }) : null,
            action ? actionButton(action) : null),
          dismiss),
      );
    },
    /** The notice's shadow root, for the "Save a report" download link. */
    root() {
      return host && host.isConnected ? host.shadowRoot : null;
    },
    hide() {
      if (host) host.remove();
      host = null;
      shownKey = null;
    },
    reset() {
      dismissedKey = null;
      api.hide();
    },
  };

  root.OrderGuard.notice = api;
})(globalThis);
