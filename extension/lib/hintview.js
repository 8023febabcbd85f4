/* How the panel lays out a hint: which actions show first, where a text names a menu path, whether to ask when
   the dispute was opened. Pure: loaded by the content script and node tests. */
(function (root) {
  "use strict";

  // docs/rules.md: at most three cards at first, the rest behind "More".
  const FIRST_ACTIONS = 3;

  /**
   * The hint's actions split into { first, more }: those with `more: false` (or no `more`, from an older companion)
   * first, in their order, at most `limit`; every other one behind "More", in the hint's order.
   */
  function splitActions(actions, limit = FIRST_ACTIONS) {
    const shown = Array.isArray(actions) ? actions.filter((a) => a && typeof a === "object" && (a.title || a.text)) : [];
    const first = shown.filter((a) => a.more !== true).slice(0, limit);
    return { first, more: shown.filter((a) => !first.includes(a)) };
  }

  // A menu path: steps joined by an arrow (or ">") with a space on each side, e.g. "Payment failed → Other order
  // issues → Extra Money". A step holds no arrow and no sentence punctuation, so the path ends where its sentence does.
  const STEP = "[^→←›>:.!?;\\n]*[^→←›>:.!?;\\n\\s]";
  const SEPARATOR = "\\s+[→←›>]\\s+";
  const PATH = new RegExp(`${STEP}(?:${SEPARATOR}${STEP})+`, "g");

  /**
   * `text` cut into plain strings and menu paths: [string | { path: [step, …] }]. The steps are in the order they
   * are taken, which is the order they are written in every language (the arrow glyph only says which way it
   * reads). A chain of plain ">" needs three steps, so "a > b" in a sentence is left alone.
   */
  function menuPaths(text) {
    const source = typeof text === "string" ? text : "";
    const out = [];
    let last = 0;
    for (const match of source.matchAll(PATH)) {
      const raw = match[0];
      const lead = raw.length - raw.trimStart().length;
      const separators = raw.match(new RegExp(SEPARATOR, "g"));
      if (separators.every((s) => s.trim() === ">") && separators.length < 2) continue;
      const start = match.index + lead;
      if (start > last) out.push(source.slice(last, start));
      out.push({ path: raw.trimStart().split(new RegExp(SEPARATOR)).map((step) => step.trim()) });
      last = match.index + raw.length;
    }
    if (last < source.length) out.push(source.slice(last));
    return out;
  }

  /** The arrow between two steps, pointing the way the panel reads. */
  function pathArrow(rtl) {
    return rtl ? "←" : "→";
  }

  /** "YYYY-MM-DD" of `now` in the buyer's own time zone, `daysBack` days earlier. */
  function localDay(now = new Date(), daysBack = 0) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack, 12);
    const pad = (n) => String(n).padStart(2, "0");
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  }

  /** An open dispute whose opening day the companion does not know: the panel asks for it. */
  function asksDisputeDate(order) {
    if (!order || typeof order !== "object") return false;
    const hint = order.hint && typeof order.hint === "object" ? order.hint : {};
    const known = typeof order.dispute_opened_at === "string" && order.dispute_opened_at.trim() !== "";
    return hint.state === "dispute" && !known;
  }

  /** The opening day the companion keeps ("YYYY-MM-DD"), else "". */
  function disputeOpenedDay(order) {
    const value = order && typeof order.dispute_opened_at === "string" ? order.dispute_opened_at : "";
    return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : "";
  }

  const api = { FIRST_ACTIONS, splitActions, menuPaths, pathArrow, localDay, asksDisputeDate, disputeOpenedDay };
  (root.OrderGuard = root.OrderGuard || {}).hintview = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
