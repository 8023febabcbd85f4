/* Runs only on http://127.0.0.1 and http://localhost pages. When the page is the companion's dashboard it
   offers its pairing token: hand it to the worker, which checks it with the companion before storing it. */
(function (root) {
  "use strict";

  const { ext } = root.OrderGuard.webext;
  const meta = document.querySelector('meta[name="order-guard-pairing"]');
  if (!meta) return;
  const token = (meta.getAttribute("content") || "").trim();
  const port = Number(meta.getAttribute("data-port") || location.port || 80);
  if (!root.OrderGuard.messages.isToken(token) || !root.OrderGuard.messages.isPort(port)) return;

  ext.runtime.sendMessage(root.OrderGuard.messages.pairMessage(port, token)).then(
    (answer) => {
      // Lets the dashboard say "extension connected" if it wants to; carries no secret.
      document.documentElement.setAttribute("data-order-guard-paired", answer && answer.ok ? "true" : "false");
    },
    () => document.documentElement.setAttribute("data-order-guard-paired", "false"),
  );
})(globalThis);
