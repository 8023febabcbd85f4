/* Extension pages (popup, options): the same translator as the panel, and [data-i18n] filling. */
(function (root) {
  "use strict";

  const ext = root.browser ?? root.chrome;
  const OG = root.OrderGuard;

  async function load() {
    let settings = null;
    try {
      settings = await ext.runtime.sendMessage({ type: OG.messages.TYPES.settings });
    } catch (_) {
      settings = null;
    }
    const lang = settings && settings.lang ? settings.lang : OG.i18n.effectiveLanguage("auto", ext.i18n.getUILanguage());
    const bundle = settings && settings.bundle;
    const ui = OG.i18n.makeTranslator(bundle || null, bundle ? null : ext.i18n.getMessage.bind(ext.i18n), lang);
    document.documentElement.lang = lang;
    document.documentElement.dir = ui.rtl ? "rtl" : "ltr";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui.t(node.getAttribute("data-i18n"));
    return ui;
  }

  OG.pageStrings = { load };
})(globalThis);
