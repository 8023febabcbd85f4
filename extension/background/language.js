/* The language of the extension's own words (panel, popup, notifications): the options page's choice, else the
   browser's; and, for a chosen language, its bundled messages (chrome.i18n only ever speaks the browser's). */
import { i18n, webext } from "../lib/index.js";

const bundles = new Map();

/** "en" | "he" | "ru". */
export async function language() {
  const { lang } = await webext.settings();
  return i18n.effectiveLanguage(lang, webext.ext.i18n.getUILanguage());
}

/** The bundled messages of the language the options page picked, or null to follow the browser. */
export async function bundleForSettings() {
  const { lang } = await webext.settings();
  if (!lang || lang === "auto" || !i18n.SUPPORTED.includes(lang)) return null;
  if (!bundles.has(lang)) {
    const response = await fetch(webext.ext.runtime.getURL(`_locales/${lang}/messages.json`));
    bundles.set(lang, await response.json());
  }
  return bundles.get(lang);
}

/** A translator for the worker's own texts (notifications). */
export async function translator() {
  const [lang, bundle] = await Promise.all([language(), bundleForSettings()]);
  const { ext } = webext;
  return i18n.makeTranslator(bundle, bundle ? null : ext.i18n.getMessage.bind(ext.i18n), lang);
}

/** The settings changed: the next call reads the bundle again. */
export function forgetBundles() {
  bundles.clear();
}
