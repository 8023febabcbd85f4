/* Which AliExpress page this is and where each order's id is. Pure (URLs and strings), so node can test it;
   the DOM walking that uses it lives in content/orders.js. */
(function (root) {
  "use strict";

  const ALI_HOST = /(^|\.)aliexpress\.(com|ru|us)$/;

  /** "list" | "detail" | "tracking" | null for pages that are not order pages. */
  function pageKind(href) {
    let url;
    try {
      url = new URL(href);
    } catch (_) {
      return null;
    }
    if (url.protocol !== "https:" || !ALI_HOST.test(url.hostname)) return null;
    const path = url.pathname.toLowerCase();
    if (path.startsWith("/p/order/index.html") || path === "/orderlist.htm") return "list";
    if (path.startsWith("/p/order/detail.html") || path === "/order_detail.htm") return "detail";
    if (path.startsWith("/p/tracking/")) return "tracking";
    if (/^\/order-list\/\d+/.test(path)) return "detail";
    if (path.startsWith("/order-list")) return "list";
    return null;
  }

  /** The order id a link or page address names: ?orderId=, ?tradeOrderId=, orderid attribute, /order-list/<id>. */
  function orderIdFromHref(href) {
    if (!href) return null;
    const query = /[?&](?:orderId|tradeOrderId|orderid|order_id)=(\d{6,25})/i.exec(href);
    if (query) return query[1];
    const path = /\/order-list\/(\d{6,25})/.exec(href);
    return path ? path[1] : null;
  }

  /** Fallback: the digits after an "Order ID" / "Ref. Number" style label (any language), or a long digit run. */
  function orderIdFromText(text) {
    if (!text) return null;
    const compact = String(text).replace(/\u00a0/g, " ");
    const labelled = /(?:order\s*(?:id|no\.?|number)|ref\.?\s*number|№|#)\s*[:：]?\s*(\d[\d ]{5,30}\d)/i.exec(compact);
    if (labelled) return labelled[1].replace(/ /g, "");
    const long = /(?:^|\D)(\d{12,25})(?!\d)/.exec(compact);
    return long ? long[1] : null;
  }

  const api = { pageKind, orderIdFromHref, orderIdFromText };
  (root.OrderGuard = root.OrderGuard || {}).pages = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
