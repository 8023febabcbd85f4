/* Extension pages (popup, options): the same translator as the panel, and [data-i18n] filling. */
(function (root) {
  "use strict";

  const ext = root.browser ?? root.chrome;
  const OG = root.OrderGuard;

  async function load() {
    const { translator: ui } = await OG.i18n.loadTranslator(ext, OG.messages.TYPES.settings);
    document.documentElement.lang = ui.lang;
    document.documentElement.dir = ui.rtl ? "rtl" : "ltr";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui.t(node.getAttribute("data-i18n"));
    return ui;
  }

  OG.pageStrings = { load };
})(globalThis);
