const test = require("node:test");
const assert = require("node:assert/strict");
const badge = require("../../extension/lib/badge.js");
const { badgeModel, formatDay, tone, TONES, SEVERITIES, needsAttention } = badge;
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

// A completed order seen only on the list: no completion date, so the dispute window may have closed (docs/rules.md).
const MAY_HAVE_CLOSED = {
  severity: "watch", days_left: null, deadline: null, exact: false, state: "completed", state_label: "Completed",
  may_have_closed: true, earliest_deadline: "2026-01-20T00:00:00-08:00", deadline_kind: null, last_day: null,
  check_url: "https://www.aliexpress.com/p/order/detail.html?orderId=8123456789012345",
  summary: "The window may have closed: open the order's page to check",
};

test("a window that may have closed: the hint's summary on the badge and the order's page to check", () => {
  const model = badgeModel(MAY_HAVE_CLOSED, en.t, en.plural, "completed", "en");
  assert.equal(model.text, "The window may have closed: open the order's page to check");
  assert.equal(model.severity, "watch");
  assert.equal(model.mayHaveClosed, true);
  assert.equal(model.checkUrl, MAY_HAVE_CLOSED.check_url);
  assert.equal(model.day, null);
  assert.equal(model.qualifier, null);
  assert.equal(model.estimated, false);
  // the summary comes in the buyer's language; without one the badge still says it
  const ru_summary = "Срок мог уже закончиться: откройте страницу заказа и проверьте";
  assert.equal(text(ru, { ...MAY_HAVE_CLOSED, summary: ru_summary }), ru_summary);
  assert.equal(text(en, { ...MAY_HAVE_CLOSED, summary: "" }), "May have closed: check the order");
  assert.equal(text(he, { ...MAY_HAVE_CLOSED, summary: undefined }), "ייתכן שנסגר: בדקו בדף ההזמנה");
  // an exact date that has passed is "expired", not "may have closed" (the order's page is still offered)
  const expired = { severity: "expired", days_left: -2, exact: true, deadline_kind: "exact", may_have_closed: true,
    last_day: "2026-03-01", check_url: MAY_HAVE_CLOSED.check_url, summary: "Protection ended 2 days ago (exact)" };
  const passed = badgeModel(expired, en.t, en.plural, null, "en");
  assert.equal(passed.text, "Protection expired");
  assert.equal(passed.mayHaveClosed, false);
  assert.equal(passed.checkUrl, MAY_HAVE_CLOSED.check_url);
});

test("only an https AliExpress page is linked", () => {
  const link = (url) => badgeModel({ ...MAY_HAVE_CLOSED, check_url: url }, en.t, en.plural).checkUrl;
  assert.equal(link("https://www.aliexpress.com/p/order/detail.html?orderId=1"), "https://www.aliexpress.com/p/order/detail.html?orderId=1");
  assert.equal(link("https://aliexpress.ru/order-list/1"), "https://aliexpress.ru/order-list/1");
  assert.equal(link("javascript:alert(1)"), null);
  assert.equal(link("http://www.aliexpress.com/p/order/detail.html?orderId=1"), null);
  assert.equal(link("https://www.aliexpress.com.evil.example/x"), null);
  assert.equal(link("https://evilaliexpress.com/x"), null);
  assert.equal(link("https://user:pw@www.aliexpress.com/x"), null);
  assert.equal(link(null), null);
});

test("an order that is not active names its state, not \"Done\"", () => {
  const say = (ui, state, state_label, severity) => text(ui, { severity, days_left: null, state, state_label });
  assert.equal(say(en, "cancelled", "Cancelled", "done"), "Cancelled");
  assert.equal(say(en, "closed", "Closed", "done"), "Closed");
  assert.equal(say(en, "unpaid", "Not paid", "ok"), "Not paid");
  assert.equal(say(en, "not_shipped", "Not shipped", "ok"), "Not shipped");
  assert.equal(say(en, "awaiting_return", "Return the item", "urgent"), "Return the item");
  assert.equal(say(ru, "cancelled", "Отменён", "done"), "Отменён");
  assert.equal(say(he, "closed", "נסגר", "done"), "נסגר");
  // a completed order whose window has surely closed is still "Done"; an active one keeps its words
  assert.equal(say(en, "completed", "Completed", "done"), "Done");
  assert.equal(say(ru, "completed", "Завершён", "done"), "Завершён");
  assert.equal(say(en, "active", "Protected", "watch"), "No deadline yet");
  // an open dispute with no date to count to says so, in each language, whatever its colour
  assert.equal(say(en, "dispute", "Dispute open", "soon"), "Dispute open");
  assert.equal(say(ru, "dispute", "Спор открыт", "urgent"), "Спор открыт");
  assert.equal(say(en, "active", "Protected", "soon"), "Act soon");
  // your own date on an order not shipped yet: the count, with "your date"
  const own = badgeModel({ severity: "soon", days_left: 6, state: "not_shipped", state_label: "Not shipped", exact: false,
    deadline_kind: "own", last_day: "2026-05-09" }, en.t, en.plural, null, "en");
  assert.equal(own.text, "6 days left");
  assert.equal(own.qualifier, "your date");
});

test("the label beside a count follows deadline_kind: estimated, your date, or none when exact", () => {
  const label = (ui, hint) => badgeModel({ severity: "ok", days_left: 20, last_day: "2026-06-01", ...hint }, ui.t, ui.plural, null, ui.lang);
  assert.equal(label(en, { exact: false, deadline_kind: "estimated" }).qualifier, "estimated");
  assert.equal(label(en, { exact: false, deadline_kind: "estimated" }).estimated, true);
  assert.equal(label(en, { exact: false, deadline_kind: "own" }).qualifier, "your date");
  assert.equal(label(en, { exact: false, deadline_kind: "own" }).estimated, false);
  assert.equal(label(he, { exact: false, deadline_kind: "own" }).qualifier, "התאריך שלך");
  assert.equal(label(ru, { exact: false, deadline_kind: "own" }).qualifier, "ваша дата");
  assert.equal(label(en, { exact: true, deadline_kind: "exact" }).qualifier, null);
  // older hints without deadline_kind: inexact reads as estimated
  assert.equal(label(en, { exact: false }).qualifier, "estimated");
  assert.equal(label(en, { exact: true }).qualifier, null);
});

test("the last day is printed beside the count, a date alone in the UI language", () => {
  const year = new Date().getFullYear();
  const day = (ui, hint) => badgeModel(hint, ui.t, ui.plural, null, ui.lang);
  const tomorrow = day(en, { severity: "urgent", days_left: 1, exact: true, deadline_kind: "exact", last_day: `${year}-09-03` });
  assert.equal(tomorrow.text, "Protection ends tomorrow");
  assert.equal(tomorrow.day, "Sep 3");
  assert.equal(day(en, { severity: "urgent", days_left: 0, exact: true, last_day: `${year}-09-03` }).day, "Sep 3");
  assert.equal(day(en, { severity: "ok", days_left: 40, exact: false, last_day: `${year + 1}-01-15` }).day, `Jan 15, ${year + 1}`);
  const expected = (lang) => new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(Date.UTC(year, 8, 3, 12)));
  assert.equal(day(he, { severity: "soon", days_left: 5, last_day: `${year}-09-03` }).day, expected("he"));
  assert.equal(day(ru, { severity: "soon", days_left: 5, last_day: `${year}-09-03` }).day, expected("ru"));
  assert.match(expected("ru"), /сент/);
  // the calendar day itself, whatever the machine's zone: 00:00 UTC of that day must not turn into the day before
  assert.equal(formatDay(`${year}-03-01`, "en"), "Mar 1");
  assert.equal(formatDay("2026-02-30", "en"), null);
  assert.equal(formatDay("soon", "en"), null);
  // nothing to count, nothing printed
  assert.equal(day(en, { severity: "done", days_left: null, last_day: null }).day, null);
  assert.equal(day(en, { severity: "watch", days_left: null }).day, null);
});

test("an order the companion could not read says so even when nothing bounds its window", () => {
  const unread = { severity: "watch", days_left: null, state: "unknown", state_label: "Not read yet", may_have_closed: true,
    exact: false, check_url: MAY_HAVE_CLOSED.check_url, summary: "Not enough information yet" };
  assert.equal(badgeModel(unread, en.t, en.plural, "unknown").text, "Couldn't read");
  assert.equal(badgeModel(unread, ru.t, ru.plural, null).text, "Не прочитан");
  assert.equal(badgeModel(unread, en.t, en.plural, "unknown").checkUrl, MAY_HAVE_CLOSED.check_url);
});

// The case's next step on the badge (issue 16, point 2: "shown on the badge"). The clock: 2026-08-20 12:00 UTC.
const NOW = Date.UTC(2026, 7, 20, 12, 0);
const withUp = (...ups) => ({ severity: "watch", days_left: 30, exact: true, follow_ups: ups });
const up = (kind, due) => ({ kind, due, exact: true, title: "long title from the companion" });
const followUp = (ui, hint) => badgeModel(hint, ui.t, ui.plural, null, ui.lang, NOW).followUp;

test("the most pressing follow-up shows on the badge once it is due within a day or past", () => {
  // due in 23 h 59 min: within a day
  assert.deepEqual(followUp(en, withUp(up("escalate", "2026-08-21T11:59:00+00:00"))),
    { kind: "escalate", text: "Escalate soon", overdue: false });
  // due in exactly 24 h: still within the day; one minute more and it is not yet
  assert.equal(followUp(en, withUp(up("escalate", "2026-08-21T12:00:00+00:00"))).text, "Escalate soon");
  assert.equal(followUp(en, withUp(up("escalate", "2026-08-21T12:01:00+00:00"))), null);
  // past (in another zone: 14:00+03:00 is 11:00 UTC, an hour ago): the words change
  assert.deepEqual(followUp(en, withUp(up("escalate", "2026-08-20T14:00:00+03:00"))),
    { kind: "escalate", text: "Escalate now", overdue: true });
  // only the first counts: the companion sends the most pressing first
  assert.equal(followUp(en, withUp(up("refund_late", "2026-08-17T09:00:00+00:00"), up("escalate", "2026-08-20T13:00:00+00:00"))).text,
    "Refund late");
  assert.equal(followUp(en, withUp(up("ship_return", "2026-08-25T00:00:00+00:00"), up("escalate", "2026-08-20T13:00:00+00:00"))), null);
});

test("a badge without a pressing step says nothing more, whatever arrives", () => {
  for (const hint of [{ severity: "ok", days_left: 5 }, withUp(), { follow_ups: "soon" }, withUp(null), withUp({ kind: "escalate" }),
    withUp(up("escalate", "not a date")), withUp({ kind: 7, due: "2026-08-20T00:00:00Z" })]) {
    assert.equal(followUp(en, hint), null, JSON.stringify(hint));
  }
});

test("the follow-up's words in Hebrew and Russian, and a general one for a kind this version does not know", () => {
  assert.equal(followUp(he, withUp(up("escalate", "2026-08-19T00:00:00Z"))).text, "להסלים עכשיו");
  assert.equal(followUp(ru, withUp(up("refund_late", "2026-08-19T00:00:00Z"))).text, "Возврат запаздывает");
  assert.equal(followUp(he, withUp(up("parcel_stalled", "2026-08-19T00:00:00Z"))).text, "המשלוח תקוע");
  assert.equal(followUp(en, withUp(up("toString", "2026-08-19T00:00:00Z"))).text, "Case step due");
  assert.equal(followUp(en, withUp(up("brand_new_kind", "2026-08-19T00:00:00Z"))).text, "Case step due");
});

test("a follow-up shows on a finished order too: a refund can be late after the order closed", () => {
  const model = badgeModel({ severity: "done", state: "closed", state_label: "Closed", days_left: null,
    follow_ups: [up("refund_late", "2026-08-17T09:00:00+00:00")] }, en.t, en.plural, null, "en", NOW);
  assert.equal(model.text, "Closed");
  assert.equal(model.followUp.text, "Refund late");
});

test("every follow-up kind the companion makes has short badge words, short enough, in every language", () => {
  const fs = require("node:fs");
  const path = require("node:path");
  const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "companion", "i18n", "locales", "en", "rules.json"), "utf8"));
  const kinds = Object.keys(catalog).map((key) => /^followup\.(\w+)\.title$/.exec(key)).filter(Boolean).map((m) => m[1]);
  assert.ok(kinds.length >= 13);
  const { FOLLOW_UP_KEYS, FOLLOW_UP_OVERDUE_KEYS } = require("../../extension/lib/badge.js");
  assert.deepEqual(kinds.filter((kind) => !Object.hasOwn(FOLLOW_UP_KEYS, kind)), []);
  for (const lang of ["en", "he", "ru"]) {
    const messages = bundle(lang);
    for (const key of [...Object.values(FOLLOW_UP_KEYS), ...Object.values(FOLLOW_UP_OVERDUE_KEYS), "badgeFuDue"]) {
      const words = messages[key] && messages[key].message;
      assert.ok(words && words.length <= 24, `${lang} ${key}: ${words}`);
    }
  }
});

test("warm makes this year's and another year's date formats, and formatting after it gives the same words", () => {
  const now = new Date();
  const before = formatDay(`${now.getFullYear() - 1}-07-04`, "ru");
  badge.warm("ru", now);
  assert.equal(formatDay(`${now.getFullYear() - 1}-07-04`, "ru"), before);
  assert.doesNotThrow(() => badge.warm("xx-not-a-language", now));
});
