/* Runs only on http://127.0.0.1 and http://localhost pages. When the page carries a companion's pairing offer,
   it passes the offer to the worker, which only keeps it: the extension pairs when the buyer confirms the
   offer's code in the extension's own settings or popup (a page cannot click there), and only for the port the
   extension is set to. Later connections are checked by the worker's hello proof, whatever this page said. */
(function (root) {
  "use strict";

  const { ext } = root.OrderGuard.webext;
  const { isPort, isToken, pairMessage } = root.OrderGuard.messages;
  const meta = document.querySelector('meta[name="order-guard-pairing"]');
  if (!meta) return;
  const token = (meta.getAttribute("content") || "").trim();
  const port = Number(meta.getAttribute("data-port") || location.port || 80);
  if (!isToken(token) || !isPort(port)) return;

  // Lets the dashboard hide its pairing box once paired; carries no secret.
  const say = (state) => document.documentElement.setAttribute("data-order-guard-paired", state);
  ext.runtime.sendMessage(pairMessage(port, token)).then(
    (answer) => say(answer && answer.ok ? (answer.data.state === "paired" ? "true" : "pending") : "false"),
    () => say("false"),
  );
})(globalThis);
