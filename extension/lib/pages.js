/* Which AliExpress page this is and where each order's id is. Pure (URLs and strings), so node can test it;
   the DOM walking that uses it lives in content/orders.js. */
(function (root) {
  "use strict";

  /**
   * The order pages, the one table of them. Each entry is a page family (named as the companion's parsing
   * registry names it), the extension's kind for it ("list" | "detail" | "tracking") and its WebExtension match
   * patterns. manifest.json's content_scripts list exactly these patterns, in this order (tests/js/pages.test.js
   * checks it); pageKind() reads an address with the very same patterns, so "is this an order page?" has one
   * answer everywhere. The first entry that matches wins: the aliexpress.ru order page (/order-list/<id>) comes
   * before the list (/order-list...) it would otherwise fall under.
   */
  const ORDER_PAGES = Object.freeze([
    { family: "order_list", kind: "list", matches: [
      "https://*.aliexpress.com/p/order/index.html*", "https://*.aliexpress.us/p/order/index.html*", "https://*.aliexpress.ru/p/order/index.html*"] },
    { family: "order_detail", kind: "detail", matches: [
      "https://*.aliexpress.com/p/order/detail.html*", "https://*.aliexpress.us/p/order/detail.html*", "https://*.aliexpress.ru/p/order/detail.html*"] },
    { family: "tracking", kind: "tracking", matches: [
      "https://*.aliexpress.com/p/tracking/index.html*", "https://*.aliexpress.us/p/tracking/index.html*", "https://*.aliexpress.ru/p/tracking/index.html*"] },
    { family: "trade_list", kind: "list", matches: ["https://*.aliexpress.com/orderList.htm*", "https://*.aliexpress.ru/orderList.htm*"] },
    { family: "trade_detail", kind: "detail", matches: ["https://*.aliexpress.com/order_detail.htm*", "https://*.aliexpress.ru/order_detail.htm*"] },
    { family: "ru_detail", kind: "detail", matches: ["https://*.aliexpress.ru/order-list/*"] },
    { family: "ru_list", kind: "list", matches: ["https://*.aliexpress.ru/order-list*"] },
  ].map((page) => Object.freeze({ ...page, matches: Object.freeze(page.matches) })));

  /** Every match pattern of the table, in table order: what the manifest's order-page content scripts list. */
  function matchPatterns() {
    return ORDER_PAGES.flatMap((page) => page.matches);
  }

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /**
   * A match pattern as the browsers read it: "*." before a host also matches the bare host, no port means any
   * port, "*" in the path is any run of characters, and the path is matched with the query (not the fragment).
   */
  function patternRegExp(pattern) {
    const [, scheme, host, path] = /^(https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
    const hostRe = host.startsWith("*.") ? `(?:[^/]+\\.)?${escape(host.slice(2))}` : escape(host);
    return new RegExp(`^${scheme}://${hostRe}${path.split("*").map(escape).join(".*")}$`);
  }

  const COMPILED = ORDER_PAGES.map((page) => ({ page, tests: page.matches.map(patternRegExp) }));

  /** The table entry for an address, or null for pages that are not order pages. */
  function orderPage(href) {
    let url;
    try {
      url = new URL(href);
    } catch (_) {
      return null;
    }
    const target = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
    for (const { page, tests } of COMPILED) if (tests.some((re) => re.test(target))) return page;
    return null;
  }

  /** "list" | "detail" | "tracking" | null for pages that are not order pages. */
  function pageKind(href) {
    const page = orderPage(href);
    return page ? page.kind : null;
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

  const api = { ORDER_PAGES, matchPatterns, patternRegExp, orderPage, pageKind, orderIdFromHref, orderIdFromText };
  (root.OrderGuard = root.OrderGuard || {}).pages = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
