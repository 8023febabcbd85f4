/* UI strings: chrome.i18n (browser language) unless the options page picked a language, in which case
   the bundled _locales/<lang>/messages.json is used. Pure apart from the injected lookups. */
(function (root) {
  "use strict";

  const SUPPORTED = ["en", "he", "ru"];
  const RTL = ["he"];

  function baseLanguage(tag) {
    const base = String(tag || "").toLowerCase().split(/[-_]/)[0];
    if (base === "iw") return "he";
    return SUPPORTED.includes(base) ? base : "en";
  }

  /** The language the panel uses: the override unless "auto", else the browser's UI language. */
  function effectiveLanguage(override, uiLanguage) {
    return override && override !== "auto" ? baseLanguage(override) : baseLanguage(uiLanguage);
  }

  function isRtl(lang) {
    return RTL.includes(baseLanguage(lang));
  }

  /** chrome.i18n-style substitution: $1..$9 and named placeholders from a messages.json entry; $$ is a dollar. */
  function substitute(entry, subs) {
    const values = subs === undefined ? [] : [].concat(subs).map(String);
    let text = entry.message;
    const named = entry.placeholders || {};
    text = text.replace(/\$([A-Za-z_][A-Za-z0-9_]*)\$/g, (match, name) => {
      const ph = named[name.toLowerCase()] || named[name];
      return ph ? ph.content : match;
    });
    return text.replace(/\$(\$|[1-9])/g, (match, which) => (which === "$" ? "$" : values[Number(which) - 1] ?? ""));
  }

  /**
   * A translator: `t(key, subs)` and `plural(base, n, subs)`.
   * `bundle` is a parsed messages.json (override) or null; `getMessage` is chrome.i18n.getMessage.
   */
  function makeTranslator(bundle, getMessage, lang) {
    const entries = {};
    if (bundle) for (const [key, entry] of Object.entries(bundle)) entries[key.toLowerCase()] = entry;
    // A page's badges ask for the same few words again and again, and each getMessage is a call into the browser:
    // what it said is kept for the translator's life (a change of language makes a new translator).
    const said = new Map();
    const MEMO_MAX = 2000;
    function lookup(key, subs) {
      if (bundle) {
        const entry = entries[key.toLowerCase()];
        return entry ? substitute(entry, subs) : key;
      }
      const text = getMessage ? getMessage(key, subs === undefined ? undefined : [].concat(subs).map(String)) : "";
      return text || key;
    }
    function t(key, subs) {
      const memo = subs === undefined ? key : `${key}\u0000${[].concat(subs).join("\u0000")}`;
      let text = said.get(memo);
      if (text === undefined) {
        text = lookup(key, subs);
        if (said.size >= MEMO_MAX) said.clear(); // words with a page's own values in them must not pile up
        said.set(memo, text);
      }
      return text;
    }
    const rules = new Intl.PluralRules(lang || "en");
    const known = new Map();
    function has(key) {
      let found = known.get(key);
      if (found === undefined) {
        found = bundle ? Boolean(entries[key.toLowerCase()]) : Boolean(getMessage && getMessage(key));
        known.set(key, found);
      }
      return found;
    }
    // The form for `n` (CLDR category: one, two, few, many, other); `subs` default to [n].
    function plural(base, n, subs) {
      const category = rules.select(n);
      const key = has(`${base}_${category}`) ? `${base}_${category}` : `${base}_other`;
      return t(key, subs === undefined ? [String(n)] : subs);
    }
    return { t, plural, lang: lang || "en", rtl: isRtl(lang) };
  }

  /**
   * The translator for the extension's own UI (panel, popup, options), asked of the service worker:
   * the options page's language and bundled messages, else the browser's. `ext` is the extension API;
   * `settingsType` the message type that asks for the settings. Resolves to { settings, translator }.
   */
  async function loadTranslator(ext, settingsType) {
    let settings = null;
    try {
      settings = await ext.runtime.sendMessage({ type: settingsType });
    } catch (_) {
      settings = null;
    }
    const lang = settings && settings.lang ? settings.lang : effectiveLanguage("auto", ext.i18n.getUILanguage());
    const bundle = settings && settings.bundle ? settings.bundle : null;
    const translator = makeTranslator(bundle, bundle ? null : ext.i18n.getMessage.bind(ext.i18n), lang);
    return { settings, translator };
  }

  const api = { SUPPORTED, baseLanguage, effectiveLanguage, isRtl, substitute, makeTranslator, loadTranslator };
  (root.OrderGuard = root.OrderGuard || {}).i18n = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
