/* Isolated world, document_start: receives the page data page/capture.js sees (events of our type on the
   document, JSON text only, read into plain objects), keeps the latest few and tells content/orders.js when one
   arrives. It starts before the page's own scripts, so nothing the page fetches early is missed. */
(function (root) {
  "use strict";

  const OG = root.OrderGuard;
  if (window.top !== window || OG.pageData) return;

  const store = OG.captures.createStore({ pageOrderId: OG.pages.orderIdFromHref(location.href) });
  const listeners = new Set();

  // page/capture.js dispatches each copy on the document as JSON text, and waits while we take it.
  document.addEventListener(OG.captures.MESSAGE_TYPE, (event) => {
    const text = event.detail;
    if (typeof text !== "string" || text.length > OG.captures.MAX_CAPTURE_CHARS) return;
    let data;
    try {
      data = JSON.parse(text);
    } catch (_) {
      return;
    }
    const capture = OG.captures.fromMessage({ type: OG.captures.MESSAGE_TYPE, capture: data });
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
