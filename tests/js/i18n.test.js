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
    const dollars = (s) => (s.match(/\$[1-9]/g) || []).sort().join();
    for (const key of Object.keys(en)) {
      if (PLURAL_FORM.test(key)) continue; // plural forms differ per language: checked below
      assert.ok(messages[key], `${lang} lacks ${key}`);
      assert.equal(dollars(messages[key].message), dollars(en[key].message), `${lang}:${key} placeholders`);
    }
    const families = new Set(Object.keys(en).filter((k) => PLURAL_FORM.test(k)).map((k) => k.replace(PLURAL_FORM, "")));
    for (const family of families) {
      assert.ok(messages[`${family}_other`], `${lang} lacks ${family}_other`);
      assert.equal(dollars(messages[`${family}_other`].message), dollars(en[`${family}_other`].message), `${lang}:${family}_other placeholders`);
      // every form the language's plural rules can pick exists (or falls back to _other on purpose)
      for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101]) {
        const category = new Intl.PluralRules(lang).select(n);
        const key = `${family}_${category}`;
        if (lang !== "en" && category !== "other") assert.ok(messages[key], `${lang} lacks ${key} (for ${n})`);
      }
    }
  }
});

const PLURAL_FORM = /_(zero|one|two|few|many|other)$/;

test("the partial-reading notice: plural forms by the number of orders the page shows", () => {
  const say = (lang, missing, seen) => makeTranslator(bundle(lang), null, lang).plural("noticePartial", seen, [String(missing), String(seen)]);
  assert.equal(say("en", 7, 10), "Order Guard could not read 7 of 10 orders on this page");
  assert.equal(say("en", 1, 1), "Order Guard could not read the order on this page"); // not "1 of 1 order"
  assert.equal(say("en", 1, 21), "Order Guard could not read 1 of 21 orders on this page");
  assert.equal(say("ru", 7, 10), "Order Guard не смог прочитать 7 из 10 заказов на этой странице");
  assert.equal(say("ru", 3, 21), "Order Guard не смог прочитать 3 из 21 заказа на этой странице");
  assert.equal(say("ru", 1, 1), "Order Guard не смог прочитать 1 из 1 заказа на этой странице");
  assert.equal(say("ru", 2, 3), "Order Guard не смог прочитать 2 из 3 заказов на этой странице");
  assert.equal(say("ru", 5, 11), "Order Guard не смог прочитать 5 из 11 заказов на этой странице");
  assert.equal(say("he", 7, 10), "Order Guard לא הצליח לקרוא 7 מתוך 10 ההזמנות שבדף הזה");
  assert.equal(say("he", 1, 2), "Order Guard לא הצליח לקרוא 1 מתוך שתי ההזמנות שבדף הזה");
  assert.equal(say("he", 1, 1), "Order Guard לא הצליח לקרוא את ההזמנה שבדף הזה");
  // plural() without subs still gives the count as $1
  assert.equal(makeTranslator(bundle("en"), null, "en").plural("badgeDaysLeft", 3), "3 days left");
});

test("the manifest's __MSG_ names exist", () => {
  const manifest = fs.readFileSync(path.join(LOCALES, "..", "manifest.json"), "utf8");
  for (const [, key] of manifest.matchAll(/__MSG_(\w+)__/g)) assert.ok(bundle("en")[key], key);
});

test("the browser's getMessage is asked once per word and substitution, and what it said is what t gives", () => {
  const asked = [];
  const getMessage = (key, subs) => {
    asked.push(subs ? `${key}|${subs.join("|")}` : key);
    if (key === "badgeDone") return "Done";
    if (key === "badgeDaysLeft_other") return `${subs ? subs[0] : "$1"} days left`;
    if (key === "badgeDaysLeft_one") return `${subs ? subs[0] : "$1"} day left`;
    return "";
  };
  const { t, plural } = makeTranslator(null, getMessage, "en");
  for (let i = 0; i < 60; i += 1) assert.equal(t("badgeDone"), "Done");
  assert.equal(asked.filter((key) => key === "badgeDone").length, 1);
  for (let i = 0; i < 60; i += 1) {
    assert.equal(plural("badgeDaysLeft", 3), "3 days left");
    assert.equal(plural("badgeDaysLeft", 4), "4 days left");
  }
  assert.equal(plural("badgeDaysLeft", 1), "1 day left");
  // a different substitution is a different text, asked once: never the one kept for another
  assert.equal(asked.filter((key) => key === "badgeDaysLeft_other|3").length, 1);
  assert.equal(asked.filter((key) => key === "badgeDaysLeft_other|4").length, 1);
  assert.equal(asked.filter((key) => key === "badgeDaysLeft_other").length, 1);  // whether the form exists
  assert.equal(t("noSuchKey"), "noSuchKey");
  assert.equal(t("noSuchKey"), "noSuchKey");
  assert.equal(asked.filter((key) => key === "noSuchKey").length, 1);
});

test("a translator keeps a bounded number of texts with the page's own values in them", () => {
  let calls = 0;
  const { t } = makeTranslator(null, (key, subs) => { calls += 1; return `at ${subs[0]}`; }, "en");
  for (let i = 0; i < 5000; i += 1) assert.equal(t("badgeStale", [String(i)]), `at ${i}`);
  assert.equal(calls, 5000);
  assert.equal(t("badgeStale", ["4999"]), "at 4999");
  assert.equal(calls, 5000);  // the newest are kept
});
