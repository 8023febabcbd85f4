const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { effectiveLanguage, isRtl, substitute, makeTranslator, baseLanguage } = require("../../extension/lib/i18n.js");
const { bundle, LOCALES } = require("./helpers.js");

test("browser language unless the options override it", () => {
  assert.equal(effectiveLanguage("auto", "he-IL"), "he");
  assert.equal(effectiveLanguage(undefined, "ru"), "ru");
  assert.equal(effectiveLanguage("auto", "de-DE"), "en");
  assert.equal(effectiveLanguage("ru", "he"), "ru");
  assert.equal(baseLanguage("iw"), "he");
});

test("Hebrew is right-to-left, the others are not", () => {
  assert.equal(isRtl("he"), true);
  assert.equal(isRtl("en"), false);
  assert.equal(isRtl("ru"), false);
  assert.equal(makeTranslator(bundle("he"), null, "he").rtl, true);
});

test("substitution works like chrome.i18n", () => {
  assert.equal(substitute({ message: "Order $1 — $2" }, ["42", "Shop"]), "Order 42 — Shop");
  assert.equal(substitute({ message: "costs $$5" }, []), "costs $5");
  assert.equal(substitute({ message: "Hi $NAME$", placeholders: { name: { content: "$1" } } }, ["Ann"]), "Hi Ann");
});

test("without an override the browser's getMessage is used", () => {
  const calls = [];
  const ui = makeTranslator(null, (key, subs) => (calls.push([key, subs]), key === "panelCopy" ? "Copy" : ""), "en");
  assert.equal(ui.t("panelCopy"), "Copy");
  assert.equal(ui.t("missingKey"), "missingKey");
  assert.deepEqual(calls[0], ["panelCopy", undefined]);
});

test("every locale has every English key, same placeholders, and chrome-valid key names", () => {
  const en = bundle("en");
  for (const lang of fs.readdirSync(LOCALES)) {
    const messages = bundle(lang);
    for (const [key, entry] of Object.entries(messages)) {
      assert.match(key, /^[A-Za-z0-9_]+$/, `${lang}:${key}`);
      assert.equal(typeof entry.message, "string");
    }
    for (const key of Object.keys(en)) {
      if (key.startsWith("badgeDaysLeft_")) continue; // plural forms differ per language
      assert.ok(messages[key], `${lang} lacks ${key}`);
      const dollars = (s) => (s.match(/\$[1-9]/g) || []).sort().join();
      assert.equal(dollars(messages[key].message), dollars(en[key].message), `${lang}:${key} placeholders`);
    }
    assert.ok(messages.badgeDaysLeft_other, `${lang} lacks badgeDaysLeft_other`);
  }
});

test("the manifest's __MSG_ names exist", () => {
  const manifest = fs.readFileSync(path.join(LOCALES, "..", "manifest.json"), "utf8");
  for (const [, key] of manifest.matchAll(/__MSG_(\w+)__/g)) assert.ok(bundle("en")[key], key);
});
