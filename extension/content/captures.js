/* Isolated world, document_start: receives the page data page/capture.js sees (window messages of our type,
   from this window only, plain objects only), keeps the latest few and tells content/orders.js when one
   arrives. It starts before the page's own scripts, so nothing the page fetches early is missed. */
(function (root) {
  "use strict";

  const OG = root.OrderGuard;
  if (window.top !== window || OG.pageData) return;

  const store = OG.captures.createStore({ pageOrderId: OG.pages.orderIdFromHref(location.href) });
  const listeners = new Set();

  window.addEventListener("message", (event) => {
    if (event.source !== window) return;
    const capture = OG.captures.fromMessage(event.data);
    if (!capture || !store.add(capture)) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (_) {
        /* one listener's trouble is not the others' */
      }
    }
  });

  OG.pageData = {
    /** The captures to send with the next page post, oldest first. */
    list: () => store.list(),
    get revision() {
      return store.revision;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
})(globalThis);
