/* The dashboard's "Read all my orders" and "Make deadlines exact" buttons (companion template _estimated.html):
   shown only on the paired companion's own port, they ask the worker to start (background/scan.js), and the
   line under them follows both runs from storage. Every text goes in with textContent. */
(function (root) {
  "use strict";

  const OG = root.OrderGuard;
  const { ext } = OG.webext;
  const TYPE = OG.messages.TYPES.scan;

  async function start() {
    const box = document.querySelector("[data-og-scan]");
    if (!box) return;
    const { port } = await OG.webext.connection();
    if (Number(location.port || 80) !== port) return;
    const { translator: ui } = await OG.i18n.loadTranslator(ext, OG.messages.TYPES.settings);
    const progress = document.querySelector("[data-og-progress]");
    const problems = document.querySelector("[data-og-problems]");
    const send = (message) => ext.runtime.sendMessage({ type: TYPE, ...message }).catch(() => null);
    for (const [action, op] of [["scan-orders", "start-list"], ["refresh-deadlines", "start-refresh"]]) {
      const button = box.querySelector(`[data-action="${action}"]`);
      if (!button) continue;
      button.textContent = ui.t(action === "scan-orders" ? "scanStart" : "refreshStart");
      button.addEventListener("click", async () => {
        button.disabled = true;
        const answer = await send({ op });
        button.disabled = false;
        if (answer && !answer.ok) show(null, null, answer.message || ui.t("scanEnd_down", ["0"]));
      });
    }
    box.hidden = false;

    function show(scan, refresh, error) {
      const lines = [OG.scanview.listLine(scan, ui), OG.scanview.refreshLine(refresh, ui), error].filter(Boolean);
      progress.hidden = !lines.length;
      progress.textContent = lines.join(" · ");
      progress.dataset.scan = scan ? `${scan.state}:${scan.reason || ""}` : "";
      progress.dataset.refresh = refresh ? `${refresh.state}:${refresh.reason || ""}` : "";
      const failed = refresh && refresh.state === "ended" ? refresh.failed || [] : [];
      problems.replaceChildren(...failed.map((item) => {
        const li = document.createElement("li");
        li.dataset.orderId = item.order_id;
        li.dataset.reason = item.reason;
        li.textContent = OG.scanview.failedLine(item, ui);
        return li;
      }));
      problems.hidden = !failed.length;
    }

    const redraw = async () => show(await OG.webext.read("scan"), await OG.webext.read("refresh"));
    OG.webext.onChanged(({ keys }) => {
      if (keys.includes("scan") || keys.includes("refresh")) redraw();
    });
    redraw();
  }

  start();
})(globalThis);
