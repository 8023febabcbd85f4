/* Options: connection state, the pairing confirmation, port, token by hand, language override. An ES module. */
import { messages, webext } from "../lib/index.js";
import { loadStrings } from "../ui/strings.js";
import { showPairing, stateText } from "./pair.js";

const { ext } = webext;
const ui = await loadStrings();
const $ = (id) => document.getElementById(id);

function showState(status) {
  const box = $("state");
  box.dataset.state = status.state;
  $("state-text").textContent = stateText(ui, status);
}

async function pairing() {
  await showPairing($("pairing"), ui, { onDone: () => setTimeout(pairing, 1500) });
}

async function refresh() {
  const answer = await ext.runtime.sendMessage({ type: messages.TYPES.status });
  if (answer && answer.ok) {
    showState(answer.data);
    if (document.activeElement !== $("port")) $("port").value = answer.data.port;
  }
}

function result(kind, text) {
  $("result").dataset.kind = kind;
  $("result").textContent = text;
}

$("connect").addEventListener("submit", async (event) => {
  event.preventDefault();
  const port = Number($("port").value);
  const token = $("token").value.trim();
  if (!messages.isPort(port)) return result("error", ui.t("optionsBadPort"));
  if (token && !messages.isToken(token)) return result("error", ui.t("optionsBadToken"));
  result("", ui.t("optionsChecking"));
  const answer = await ext.runtime.sendMessage({ type: messages.TYPES.connect, port, token });
  if (answer && answer.ok) {
    $("token").value = "";
    result("ok", ui.t("optionsSaved"));
    showState(answer.data);
  } else {
    result("error", answer && answer.reason === "down" ? ui.t("optionsDown", [String(port)])
      : answer && answer.reason === "unpaired" ? ui.t("optionsBadToken") : (answer && answer.message) || "");
  }
});

$("lang").value = (await webext.settings()).lang;
$("lang").addEventListener("change", async () => {
  await webext.saveSettings({ lang: $("lang").value });
  location.reload();
});

// the gentle daily refresh of open orders' pages (background/scan.js): off unless the buyer turns it on
$("daily-refresh").checked = (await webext.settings()).dailyRefresh === true;
$("daily-refresh").addEventListener("change", async () => {
  await webext.saveSettings({ dailyRefresh: $("daily-refresh").checked });
});

webext.onChanged((changed) => {
  if (changed.connection) refresh();
});
// a dashboard opened while this page is open offers its pairing: show it without a reload
webext.onPrivateChanged((keys) => {
  if (keys.includes("pairOffer")) pairing();
});
await pairing();
await refresh();
document.body.dataset.ready = "true";
