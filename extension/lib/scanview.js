/* The words for "Read all my orders" and "Make deadlines exact" as they go (popup, dashboard, the bar on My Orders):
   one line per run from its state in storage (background/scan.js). Pure: `ui` is the translator. */
(function (root) {
  "use strict";

  const count = (value) => String(Number.isInteger(value) ? value : 0);

  /** The list scan in one line, or "" when there is none. */
  function listLine(scan, ui) {
    if (!scan || typeof scan !== "object" || !scan.state) return "";
    const values = [count(scan.batches), count(scan.orders), count(scan.total)];
    if (scan.state === "running") return ui.t(scan.total ? "scanRunningOf" : "scanRunning", values);
    if (scan.state === "paused") return ui.t("scanPaused", values);
    return ui.t(`scanEnd_${scan.reason || "stopped"}`, [count(scan.orders)]);
  }

  /** The deadline refresh in one line, or "". */
  function refreshLine(run, ui) {
    if (!run || typeof run !== "object" || !run.state) return "";
    const done = Array.isArray(run.done) ? run.done.length : 0;
    const failed = Array.isArray(run.failed) ? run.failed.length : 0;
    if (run.state === "running" || run.state === "paused") {
      return ui.t(run.state === "paused" ? "refreshPaused" : "refreshRunning", [String(done + failed), count(run.total)]);
    }
    if (run.reason === "done") return ui.t("refreshDone", [String(done), String(failed)]);
    return ui.t(`scanEnd_${run.reason || "stopped"}`, [String(done)]);
  }

  /** One order the refresh could not make exact, and why. */
  function failedLine(item, ui) {
    return ui.t("refreshFailed", [String(item.order_id), ui.t(`refreshReason_${item.reason}`)]);
  }

  const api = { listLine, refreshLine, failedLine };
  (root.OrderGuard = root.OrderGuard || {}).scanview = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
