/* Extension pages (popup, options): the same translator as the panel, and [data-i18n] filling. An ES module. */
import { i18n, messages, webext } from "../lib/index.js";

/** Resolves to the translator ({ t, plural, lang, rtl }) once the page's [data-i18n] texts are filled in. */
export async function loadStrings() {
  const { translator: ui } = await i18n.loadTranslator(webext.ext, messages.TYPES.settings);
  document.documentElement.lang = ui.lang;
  document.documentElement.dir = ui.rtl ? "rtl" : "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui.t(node.getAttribute("data-i18n"));
  return ui;
}
