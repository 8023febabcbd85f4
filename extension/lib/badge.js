/* Badge wording and colours for one hint. Pure: loaded by the content script, the popup and node tests. */
(function (root) {
  "use strict";

  const SEVERITIES = ["expired", "urgent", "soon", "watch", "ok", "done"];

  // Foreground / background / border per severity: readable on white and on AliExpress' grey cards.
  const TONES = {
    ok: { fg: "#12683a", bg: "#e6f4ec", border: "#b7dfc6", dot: "#1f9d57" },
    watch: { fg: "#0b4f9c", bg: "#e8f1fc", border: "#bcd5f3", dot: "#2f7fe0" },
    soon: { fg: "#8a4b00", bg: "#fff3dd", border: "#f4d29a", dot: "#f29b0c" },
    urgent: { fg: "#ffffff", bg: "#d1202e", border: "#b01522", dot: "#ffffff" },
    expired: { fg: "#ffffff", bg: "#4a4f57", border: "#3a3e45", dot: "#ff8b8b" },
    done: { fg: "#525b66", bg: "#f0f2f5", border: "#dde1e6", dot: "#9aa3ad" },
  };

  function normalizeSeverity(severity) {
    return SEVERITIES.includes(severity) ? severity : "watch";
  }

  function tone(severity) {
    return TONES[normalizeSeverity(severity)];
  }

  // States with no protection clock of their own: the badge names the state ("Cancelled", "Not shipped", …).
  const NOT_ACTIVE = ["unpaid", "cancelled", "closed", "not_shipped", "awaiting_return"];
  // The word beside a date, by where the date comes from (hint.deadline_kind); an exact one needs none.
  const KIND_KEYS = { estimated: "badgeEstimated", own: "badgeOwnDate" };

  // The case's most pressing step on the badge itself, in a few words, once it is due within a day or past (the
  // notification's lead, background/reminders.js FOLLOW_UP_LEAD_MS); the panel has its title, date and text.
  const FOLLOW_UP_LEAD_MS = 24 * 3600 * 1000;
  const FOLLOW_UP_KEYS = {
    extension_answer: "badgeFuExtensionAnswer",
    extension_not_granted: "badgeFuExtensionNotGranted",
    extension_not_seen: "badgeFuExtensionNotSeen",
    refuse_offer: "badgeFuRefuseOffer",
    escalate: "badgeFuEscalateSoon",
    seller_answer: "badgeFuSellerAnswer",
    ship_return: "badgeFuShipReturn",
    return_tracking: "badgeFuReturnTracking",
    return_tracking_unknown: "badgeFuReturnTracking",
    refund_expected: "badgeFuRefundExpected",
    refund_late: "badgeFuRefundLate",
    delivered_not_received: "badgeFuDeliveredNotReceived",
    parcel_stalled: "badgeFuParcelStalled",
    stalled_dispute: "badgeFuStalledDispute",
  };
  // Where the words differ once the moment has passed ("escalate soon" becomes "escalate now").
  const FOLLOW_UP_OVERDUE_KEYS = { escalate: "badgeFuEscalateNow" };

  /** { kind, text, overdue } of hint.follow_ups[0] (the companion sends the most pressing first) when it is due
      within a day of `now` (ms) or past, else null. A kind this version does not know gets a general word. */
  function pressingFollowUp(hint, t, now) {
    const up = Array.isArray(hint.follow_ups) ? hint.follow_ups[0] : null;
    if (!up || typeof up.kind !== "string" || typeof up.due !== "string") return null;
    const due = Date.parse(up.due);
    if (Number.isNaN(due) || due - now > FOLLOW_UP_LEAD_MS) return null;
    const overdue = due <= now;
    const own = (keys) => (Object.hasOwn(keys, up.kind) ? keys[up.kind] : null);
    const key = (overdue && own(FOLLOW_UP_OVERDUE_KEYS)) || own(FOLLOW_UP_KEYS) || "badgeFuDue";
    return { kind: up.kind, text: t(key), overdue };
  }

  /** "YYYY-MM-DD" as a date alone in `lang` ("Sep 3"; the year too when it is not this year), else null. */
  function formatDay(day, lang, now = new Date()) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof day === "string" ? day : "");
    if (!match) return null;
    const [year, month, date] = match.slice(1).map(Number);
    const at = new Date(Date.UTC(year, month - 1, date, 12));
    if (at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) return null;
    try {
      return dayFormat(lang || "en", year !== now.getFullYear()).format(at);
    } catch (_) {
      return day;
    }
  }

  // One formatter per language and form: making an Intl.DateTimeFormat costs far more than formatting with it,
  // and sixty new cards would make sixty of the same.
  const dayFormats = new Map();
  function dayFormat(lang, withYear) {
    const key = `${lang}|${withYear}`;
    let format = dayFormats.get(key);
    if (!format) {
      const options = { day: "numeric", month: "short", timeZone: "UTC" };
      if (withYear) options.year = "numeric";
      format = new Intl.DateTimeFormat(lang, options);
      dayFormats.set(key, format);
    }
    return format;
  }

  /** Makes the date formats a badge of `lang` uses (this year's and another's), so that the first badge does not. */
  function warm(lang, now = new Date()) {
    const year = now.getFullYear();
    formatDay(`${year}-01-01`, lang, now);
    formatDay(`${year - 1}-01-01`, lang, now);
  }

  /** Which word goes with the date: "estimated", "your date" or none (exact). Older hints say only `exact`. */
  function kindKey(hint) {
    const kind = hint.deadline_kind;
    if (kind === "exact") return null;
    if (typeof kind === "string" && Object.hasOwn(KIND_KEYS, kind)) return KIND_KEYS[kind];
    return hint.exact ? null : "badgeEstimated";
  }

  /**
   * What the badge says. `t(key, subs)` looks up a UI string, `plural(base, n)` a plural form; `status` is the
   * order's status when known (an order the companion could not read is "unknown": its badge says so instead
   * of "No deadline yet"); `lang` formats the last day; `now` (ms) decides whether a follow-up is pressing.
   * Returns { severity, text, day, qualifier, estimated, daysLeft, mayHaveClosed, checkUrl, followUp }: `text` the
   * words, `day` the last day to act beside them (or null), `qualifier` "estimated" / "your date" (or null) for a
   * live count, `followUp` the case's next step when it is due within a day or past ({ kind, text, overdue }, or null).
   */
  function badgeModel(hint, t, plural, status = null, lang = null, now = Date.now()) {
    const h = hint || {};
    const severity = normalizeSeverity(h.severity);
    const days = Number.isInteger(h.days_left) ? h.days_left : null;
    const state = typeof h.state === "string" ? h.state : null;
    const summary = typeof h.summary === "string" ? h.summary.trim() : "";
    const stateLabel = typeof h.state_label === "string" ? h.state_label.trim() : "";
    // No number: the earliest the deadline can be has passed (or nothing bounds it); the order's page says more.
    const mayHaveClosed = h.may_have_closed === true && !h.exact && h.deadline_kind !== "exact";
    let text;
    let counted = false;
    if (NOT_ACTIVE.includes(state) && stateLabel && (days === null || severity === "done")) text = stateLabel;
    else if (severity === "done") text = t("badgeDone");
    else if (days === null && (status === "unknown" || state === "unknown") && severity !== "urgent" && severity !== "soon") text = t("badgeUnread");
    else if (mayHaveClosed && days === null) text = summary || t("badgeMayHaveClosed");
    else if (severity === "expired" || (days !== null && days < 0)) {
      text = t("badgeExpired");
      counted = days !== null;
    } else if (days === null && state === "dispute" && stateLabel) text = stateLabel; // not the bare "Soon" of its colour
    else if (days === null) text = severity === "urgent" ? t("sevUrgent") : severity === "soon" ? t("sevSoon") : t("badgeNoDeadline");
    else {
      text = days === 0 ? t("badgeEndsToday") : days === 1 ? t("badgeEndsTomorrow") : plural("badgeDaysLeft", days);
      counted = true;
    }
    const day = counted ? formatDay(h.last_day, lang) : null;
    const live = counted && days >= 0 && severity !== "done" && severity !== "expired";
    const key = live ? kindKey(h) : null;
    const checkUrl = typeof h.check_url === "string" && isOrderPage(h.check_url) ? h.check_url : null;
    return { severity, text, day, qualifier: key ? t(key) : null, estimated: key === "badgeEstimated", daysLeft: days,
      mayHaveClosed, checkUrl, followUp: pressingFollowUp(h, t, now) };
  }

  /** The order's page on AliExpress (https, an aliexpress host): the only address a hint may link to. */
  function isOrderPage(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" && /(^|\.)aliexpress\.(com|ru|us)$/.test(parsed.hostname) && !parsed.username && !parsed.password;
    } catch (_) {
      return false;
    }
  }

  /** Orders the toolbar counts and the popup lists: urgent first, then soon, fewest days first. */
  function needsAttention(orders) {
    return (orders || [])
      .filter((o) => o && o.hint && (o.hint.severity === "urgent" || o.hint.severity === "soon"))
      .sort((a, b) => {
        const rank = (o) => (o.hint.severity === "urgent" ? 0 : 1);
        const days = (o) => (Number.isInteger(o.hint.days_left) ? o.hint.days_left : 1e6);
        return rank(a) - rank(b) || days(a) - days(b);
      });
  }

  const api = { SEVERITIES, TONES, NOT_ACTIVE, FOLLOW_UP_KEYS, FOLLOW_UP_OVERDUE_KEYS, normalizeSeverity, tone, badgeModel, formatDay, warm, isOrderPage, needsAttention };
  (root.OrderGuard = root.OrderGuard || {}).badge = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
