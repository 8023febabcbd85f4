/* Toolbar popup: urgent + soon orders with days left, and a way to the dashboard. An ES module. */
import { badge, messages, scanview, webext } from "../lib/index.js";
import { loadStrings } from "../ui/strings.js";
import { showPairing, stateText } from "../options/pair.js";

const { ext } = webext;
const ui = await loadStrings();
const list = document.getElementById("list");

// "Read all my orders" (in the My Orders tab) and "Make deadlines exact" (one background tab), and how they go
const scanMessage = (message) => ext.runtime.sendMessage({ type: messages.TYPES.scan, ...message });
for (const [action, message] of [["scan-orders", { op: "start-list" }], ["refresh-deadlines", { op: "start-refresh" }],
  ["refresh-pause", { op: "pause", which: "refresh" }], ["refresh-resume", { op: "resume", which: "refresh" }],
  ["refresh-stop", { op: "stop", which: "refresh" }]]) {
  const button = document.querySelector(`[data-action="${action}"]`);
  button.addEventListener("click", async () => {
    const answer = await scanMessage(message);
    if (answer && !answer.ok) showScan(null, null, answer.message || stateText(ui, { state: answer.reason, port: answer.port }));
  });
  button.disabled = false;
}

function showScan(scan, refresh, error) {
  const listLine = document.getElementById("scan-list");
  listLine.textContent = error || scanview.listLine(scan, ui);
  listLine.hidden = !listLine.textContent;
  listLine.dataset.state = scan ? `${scan.state}:${scan.reason || ""}` : "";
  const refreshLine = document.getElementById("scan-refresh");
  refreshLine.textContent = scanview.refreshLine(refresh, ui);
  refreshLine.hidden = !refreshLine.textContent;
  refreshLine.dataset.state = refresh ? `${refresh.state}:${refresh.reason || ""}` : "";
  const live = Boolean(refresh) && ["running", "paused"].includes(refresh.state);
  document.getElementById("scan-controls").hidden = !live;
  document.querySelector('[data-action="refresh-pause"]').hidden = !live || refresh.state === "paused";
  document.querySelector('[data-action="refresh-resume"]').hidden = !live || refresh.state !== "paused";
  const failed = refresh && refresh.state === "ended" && Array.isArray(refresh.failed) ? refresh.failed : [];
  const list = document.getElementById("scan-failed");
  list.replaceChildren(...failed.map((item) => {
    const li = document.createElement("li");
    li.dataset.orderId = item.order_id;
    li.dataset.reason = item.reason;
    li.textContent = scanview.failedLine(item, ui);
    return li;
  }));
  list.hidden = !failed.length;
}

async function redrawScan() {
  showScan((await webext.read("scan")) || null, (await webext.read("refresh")) || null);
}
webext.onChanged(({ keys }) => {
  if (keys.includes("scan") || keys.includes("refresh")) redrawScan();
});
redrawScan();

document.getElementById("dashboard").addEventListener("click", async () => {
  await ext.runtime.sendMessage({ type: messages.TYPES.openDashboard });
  window.close();
});
document.getElementById("settings").addEventListener("click", () => ext.runtime.openOptionsPage());

function row(item) {
  const model = badge.badgeModel({ severity: item.severity, days_left: item.days_left, exact: item.exact }, ui.t, ui.plural);
  const tone = badge.tone(model.severity);
  const pill = document.createElement("span");
  pill.className = "pill";
  pill.textContent = model.text;
  pill.style.cssText = `color:${tone.fg};background:${tone.bg};border-color:${tone.border}`;
  const what = document.createElement("span");
  what.className = "what";
  const title = document.createElement("div");
  title.textContent = item.item || item.store || item.summary || "";
  const id = document.createElement("div");
  id.className = "id";
  id.textContent = ui.t("panelOrder", [item.order_id]) + (item.store && item.item ? ` · ${item.store}` : "");
  what.append(title, id);
  const button = document.createElement("button");
  button.type = "button";
  button.append(pill, what);
  button.addEventListener("click", () => {
    ext.tabs.create({ url: `https://www.aliexpress.com/p/order/detail.html?orderId=${encodeURIComponent(item.order_id)}` });
    window.close();
  });
  const li = document.createElement("li");
  li.dataset.orderId = item.order_id;
  li.dataset.severity = model.severity;
  li.append(button);
  return li;
}

const answer = await ext.runtime.sendMessage({ type: messages.TYPES.attention });
const data = answer && answer.ok ? answer.data : { state: "down", attention: [] };
if (data.state !== "connected") {
  const state = document.getElementById("state");
  state.hidden = false;
  state.dataset.state = data.state;
  state.textContent = stateText(ui, data);
}
// a pairing offered by the dashboard waits here too; nothing is shown when there is none
await showPairing(document.getElementById("pairing"), ui, { idleText: "", onDone: () => setTimeout(() => location.reload(), 1200) });
list.replaceChildren(...data.attention.map(row));
document.getElementById("empty").hidden = data.attention.length > 0 || data.state !== "connected";
document.body.dataset.ready = "true";

