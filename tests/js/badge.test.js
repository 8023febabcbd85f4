const test = require("node:test");
const assert = require("node:assert/strict");
const { badgeModel, tone, TONES, SEVERITIES, needsAttention } = require("../../extension/lib/badge.js");
const { makeTranslator } = require("../../extension/lib/i18n.js");
const { bundle } = require("./helpers.js");

const en = makeTranslator(bundle("en"), null, "en");
const he = makeTranslator(bundle("he"), null, "he");
const ru = makeTranslator(bundle("ru"), null, "ru");
const text = (ui, hint) => badgeModel(hint, ui.t, ui.plural).text;

test("English wording by days left", () => {
  assert.equal(text(en, { severity: "ok", days_left: 12, exact: true }), "12 days left");
  assert.equal(text(en, { severity: "urgent", days_left: 1, exact: true }), "Protection ends tomorrow");
  assert.equal(text(en, { severity: "urgent", days_left: 0, exact: true }), "Protection ends today");
  assert.equal(text(en, { severity: "expired", days_left: -3, exact: true }), "Protection expired");
  assert.equal(text(en, { severity: "done", days_left: null }), "Done");
  assert.equal(text(en, { severity: "watch", days_left: null }), "No deadline yet");
});

test("negative days read as expired even if the severity lags", () => {
  assert.equal(text(en, { severity: "urgent", days_left: -1 }), "Protection expired");
});

test("estimated only for a live, inexact deadline", () => {
  assert.equal(badgeModel({ severity: "ok", days_left: 40, exact: false }, en.t, en.plural).estimated, true);
  assert.equal(badgeModel({ severity: "ok", days_left: 40, exact: true }, en.t, en.plural).estimated, false);
  assert.equal(badgeModel({ severity: "expired", days_left: -2, exact: false }, en.t, en.plural).estimated, false);
  assert.equal(badgeModel({ severity: "done", days_left: null, exact: false }, en.t, en.plural).estimated, false);
  assert.equal(badgeModel({ severity: "watch", days_left: null, exact: false }, en.t, en.plural).estimated, false);
});

test("Russian and Hebrew plural forms", () => {
  assert.equal(text(ru, { severity: "ok", days_left: 21 }), "Остался 21 день");
  assert.equal(text(ru, { severity: "ok", days_left: 3 }), "Осталось 3 дня");
  assert.equal(text(ru, { severity: "ok", days_left: 12 }), "Осталось 12 дней");
  assert.equal(text(he, { severity: "ok", days_left: 2 }), "נותרו יומיים");
  assert.equal(text(he, { severity: "ok", days_left: 12 }), "נותרו 12 ימים");
});

test("every severity has a distinct, complete colour set", () => {
  for (const severity of SEVERITIES) {
    const colours = tone(severity);
    for (const key of ["fg", "bg", "border", "dot"]) assert.match(colours[key], /^#[0-9a-f]{6}$/i, `${severity}.${key}`);
  }
  assert.equal(new Set(Object.values(TONES).map((c) => c.bg)).size, SEVERITIES.length);
  assert.deepEqual(tone("nonsense"), tone("watch"));
  assert.equal(badgeModel({ severity: "weird", days_left: 5 }, en.t, en.plural).severity, "watch");
});

test("urgent background is a red and ok a green", () => {
  const channel = (hex, i) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const urgent = tone("urgent").bg;
  assert.ok(channel(urgent, 0) > 150 && channel(urgent, 1) < 80);
  const ok = tone("ok").dot;
  assert.ok(channel(ok, 1) > channel(ok, 0) && channel(ok, 1) > channel(ok, 2));
});

test("needsAttention keeps urgent then soon, fewest days first", () => {
  const order = (id, severity, days) => ({ order_id: id, hint: { severity, days_left: days } });
  const result = needsAttention([order("1", "ok", 40), order("2", "soon", 9), order("3", "urgent", 2), order("4", "soon", 6), order("5", "expired", -1), order("6", "urgent", null)]);
  assert.deepEqual(result.map((o) => o.order_id), ["3", "6", "4", "2"]);
  assert.deepEqual(needsAttention(undefined), []);
});

test("an urgent order without a known end says what to do, not 'no deadline'", () => {
  assert.equal(text(en, { severity: "urgent", days_left: null }), "Act now");
  assert.equal(text(en, { severity: "soon", days_left: null }), "Act soon");
  assert.equal(text(he, { severity: "urgent", days_left: null }), "לפעול עכשיו");
});

test("an order the companion could not read says so, not \"No deadline yet\"", () => {
  const say = (ui, hint, status) => badgeModel(hint, ui.t, ui.plural, status).text;
  assert.equal(say(en, { severity: "watch", days_left: null }, "unknown"), "Couldn't read");
  assert.equal(say(he, { severity: "watch", days_left: null }, "unknown"), "לא נקראה");
  assert.equal(say(ru, { severity: "watch", days_left: null }, "unknown"), "Не прочитан");
  // a known status, or a deadline after all, keeps the usual wording
  assert.equal(say(en, { severity: "watch", days_left: null }, "awaiting_shipment"), "No deadline yet");
  assert.equal(say(en, { severity: "ok", days_left: 12 }, "unknown"), "12 days left");
  assert.equal(say(en, { severity: "urgent", days_left: null }, "unknown"), "Act now");
});
