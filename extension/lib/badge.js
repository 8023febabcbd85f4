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

  /**
   * What the badge says. `t(key, subs)` looks up a UI string, `plural(base, n)` a plural form; `status` is the
   * order's status when known (an order the companion could not read is "unknown": its badge says so instead
   * of "No deadline yet"). Returns { severity, text, estimated, daysLeft }.
   */
  function badgeModel(hint, t, plural, status = null) {
    const h = hint || {};
    const severity = normalizeSeverity(h.severity);
    const days = Number.isInteger(h.days_left) ? h.days_left : null;
    let text;
    if (severity === "done") text = t("badgeDone");
    else if (severity === "expired" || (days !== null && days < 0)) text = t("badgeExpired");
    else if (days === null && status === "unknown" && severity !== "urgent" && severity !== "soon") text = t("badgeUnread");
    else if (days === null) text = severity === "urgent" ? t("sevUrgent") : severity === "soon" ? t("sevSoon") : t("badgeNoDeadline");
    else if (days === 0) text = t("badgeEndsToday");
    else if (days === 1) text = t("badgeEndsTomorrow");
    else text = plural("badgeDaysLeft", days);
    const estimated = !h.exact && days !== null && days >= 0 && severity !== "done" && severity !== "expired";
    return { severity, text, estimated, daysLeft: days };
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

  const api = { SEVERITIES, TONES, normalizeSeverity, tone, badgeModel, needsAttention };
  (root.OrderGuard = root.OrderGuard || {}).badge = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
