/* The pairing confirmation, in the extension's own pages (options and popup), where no web page can click:
   shows the pending offer's port and code (worked out by the worker from the offered token) with a Pair button
   (data-action="pair-confirm") and a refusal. An ES module. */
import { messages, webext } from "../lib/index.js";

const { ext } = webext;
const { TYPES } = messages;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else node[key] = value;
  }
  node.append(...children);
  return node;
}

/**
 * Fills `box` with the pending offer, or with how to get one (`idleText`, empty to hide the box).
 * `onDone(answer)` runs after a confirm or refusal. Resolves to whether an offer is pending.
 */
export async function showPairing(box, ui, { idleText = ui.t("optionsPairNone"), onDone = () => {} } = {}) {
  const answer = await ext.runtime.sendMessage({ type: TYPES.pairPending });
  const offer = answer && answer.ok ? answer.data : null;
  box.replaceChildren();
  box.dataset.pending = offer ? "true" : "false";
  if (!offer) {
    box.hidden = !idleText;
    if (idleText) box.append(el("p", { className: "muted", textContent: idleText }));
    return false;
  }
  box.hidden = false;
  const status = el("span", { className: "pair-result", role: "status" });
  const confirm = el("button", { type: "button", className: "primary", textContent: ui.t("optionsPairConfirm"),
    dataset: { action: "pair-confirm" } });
  const reject = el("button", { type: "button", className: "secondary", textContent: ui.t("optionsPairReject"),
    dataset: { action: "pair-reject" } });
  confirm.addEventListener("click", async () => {
    confirm.disabled = reject.disabled = true;
    const result = await ext.runtime.sendMessage({ type: TYPES.pairConfirm, code: offer.code });
    status.dataset.kind = result && result.ok ? "ok" : "error";
    status.textContent = result && result.ok ? ui.t("optionsPairDone")
      : result && result.reason === "impostor" ? ui.t("optionsImpostor", [String(offer.port)])
      : ui.t("optionsPairFailed", [(result && (result.message || result.reason)) || "?"]);
    box.dataset.result = status.dataset.kind;
    onDone(result);
  });
  reject.addEventListener("click", async () => {
    confirm.disabled = reject.disabled = true;
    const result = await ext.runtime.sendMessage({ type: TYPES.pairReject });
    box.dataset.result = "rejected";
    onDone(result);
  });
  box.append(
    el("p", { textContent: ui.t("optionsPairOffer", [String(offer.port)]) }),
    el("p", { className: "pair-code", dir: "ltr", textContent: offer.code, dataset: { code: offer.code } }),
    el("p", { className: "muted", textContent: ui.t("optionsPairCheck") + (offer.replaces ? ` ${ui.t("optionsPairReplaces")}` : "") }),
    el("div", { className: "row" }, confirm, " ", reject, " ", status),
  );
  return true;
}

/** The words for a connection state, "impostor" included. */
export function stateText(ui, state) {
  const port = String(state.port);
  if (state.state === "connected") return ui.t("optionsConnected", [port, String(state.orders)]);
  if (state.state === "unpaired") return ui.t("optionsUnpaired", [port]);
  if (state.state === "impostor") return ui.t("optionsImpostor", [port]);
  // Down: how to start it again, never a path inside the project; "normally starts with the computer" when the
  // companion last said it is registered to (it cannot say so while it is down).
  return ui.t(state.autostart === true ? "optionsDownAutostart" : "optionsDown", [port]);
}
