const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { ORDER_PAGES, matchPatterns, patternRegExp, orderPage, pageKind, orderIdFromHref, orderIdFromText } = require("../../extension/lib/pages.js");

test("order pages on every AliExpress domain", () => {
  assert.equal(pageKind("https://www.aliexpress.com/p/order/index.html"), "list");
  assert.equal(pageKind("https://www.aliexpress.us/p/order/index.html?spm=1"), "list");
  assert.equal(pageKind("https://he.aliexpress.com/p/order/detail.html?orderId=8100123456789012"), "detail");
  assert.equal(pageKind("https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=8100123456789012"), "tracking");
  assert.equal(pageKind("https://trade.aliexpress.com/orderList.htm"), "list");
  assert.equal(pageKind("https://trade.aliexpress.com/order_detail.htm?orderId=1"), "detail");
  assert.equal(pageKind("https://aliexpress.ru/order-list?filterName=active"), "list");
  assert.equal(pageKind("https://aliexpress.ru/order-list/5550677229097566"), "detail");
});

test("everything else is left alone", () => {
  for (const url of [
    "https://www.aliexpress.com/item/1005006072515663.html",
    "https://www.aliexpress.com/",
    "https://evil-aliexpress.com/p/order/index.html",
    "https://www.aliexpress.com.evil.example/p/order/index.html",
    "http://www.aliexpress.com/p/order/index.html",
    "https://example.com/p/order/index.html",
    "not a url",
  ]) assert.equal(pageKind(url), null, url);
});

const EXTENSION = path.join(__dirname, "../../extension");
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, "manifest.json"), "utf8"));
const orderScripts = manifest.content_scripts.filter((s) => s.js.includes("content/orders.js") || s.js.includes("page/capture.js"));

test("the page-kind table and the manifest's match patterns are the same list", () => {
  const patterns = ORDER_PAGES.flatMap((page) => page.matches);
  assert.deepEqual(matchPatterns(), patterns);
  assert.equal(new Set(patterns).size, patterns.length, "a pattern listed twice");
  // Every content script on the order pages (page world and isolated world) runs on exactly the table's pages.
  assert.equal(orderScripts.length, 2);
  for (const script of orderScripts) assert.deepEqual(script.matches, patterns, `manifest entry ${script.js.join(", ")}`);
  for (const page of ORDER_PAGES) {
    assert.ok(["list", "detail", "tracking"].includes(page.kind), page.family);
    for (const pattern of page.matches) {
      assert.match(pattern, /^https:\/\/\*\.aliexpress\.(com|ru|us)\/[^*]/, pattern);
      assert.ok(!pattern.endsWith("/*") || page.family === "ru_detail", `too broad: ${pattern}`);
    }
  }
});

test("pageKind says what the manifest's patterns say, address by address", () => {
  const regexps = manifest.content_scripts.find((s) => s.js.includes("content/orders.js")).matches.map(patternRegExp);
  const injected = (url) => {
    const u = new URL(url);
    return regexps.some((re) => re.test(`${u.protocol}//${u.hostname}${u.pathname}${u.search}`));
  };
  const urls = [
    "https://www.aliexpress.com/p/order/index.html", "https://aliexpress.com/p/order/index.html?spm=a", "https://he.aliexpress.com/p/order/detail.html?orderId=1",
    "https://www.aliexpress.us/p/tracking/index.html?tradeOrderId=1", "https://aliexpress.ru/p/order/index.html", "https://trade.aliexpress.com/orderList.htm",
    "https://trade.aliexpress.ru/order_detail.htm?orderId=1", "https://aliexpress.ru/order-list", "https://aliexpress.ru/order-list/5550677229097566",
    "https://www.aliexpress.com:8443/p/order/index.html", "https://www.aliexpress.com/p/order/index.html#top",
    // not order pages, or not on the table's hosts, schemes and paths
    "https://www.aliexpress.com/order-list", "https://trade.aliexpress.us/orderList.htm", "https://www.aliexpress.com/p/tracking/other.html",
    "https://www.aliexpress.com/orderlist.htm", "http://www.aliexpress.com/p/order/index.html", "https://www.aliexpress.com/item/1.html",
    "https://evil-aliexpress.com/p/order/index.html", "https://www.aliexpress.com.evil.example/p/order/index.html", "https://example.com/p/order/index.html",
  ];
  for (const url of urls) assert.equal(pageKind(url) !== null, injected(url), url);
  assert.equal(orderPage("https://aliexpress.ru/order-list/5550677229097566").family, "ru_detail");
  assert.equal(orderPage("https://aliexpress.ru/order-list?filterName=active").family, "ru_list");
});

test("the manifest: one module worker for both browsers, the page world alone, nothing but these permissions", () => {
  // Chrome runs "service_worker", Firefox "scripts"; both the one ES module file.
  assert.deepEqual(manifest.background, { service_worker: "background.js", scripts: ["background.js"], type: "module" });
  const scripts = manifest.content_scripts;
  const entry = (file) => scripts.find((s) => s.js.includes(file));
  const pageWorld = entry("page/capture.js");
  const isolated = entry("content/orders.js");
  const pairing = entry("pairing/pairing.js");
  assert.deepEqual(pairing.matches, ["http://127.0.0.1/*", "http://localhost/*"]);
  // The page-world capture and the isolated list run on exactly the order pages, before the page's own scripts;
  // only page/capture.js runs in the page's world, and alone (nothing of ours is shared with the page).
  assert.equal(entry("content/captures.js"), isolated, "the page-data relay is in the one isolated-world list");
  for (const early of [pageWorld, isolated]) {
    assert.equal(early.run_at, "document_start");
    assert.ok(!early.all_frames);
  }
  assert.equal(pageWorld.world, "MAIN");
  assert.deepEqual(pageWorld.js, ["page/capture.js"]);
  assert.deepEqual(scripts.filter((s) => s.world === "MAIN"), [pageWorld]);
  assert.equal(isolated.world, undefined);
  for (const file of [...scripts.flatMap((s) => s.js), ...manifest.background.scripts, manifest.background.service_worker]) {
    assert.ok(fs.existsSync(path.join(EXTENSION, file)), file);
  }
  assert.deepEqual([...manifest.permissions].sort(), ["alarms", "notifications", "storage"]);
});

test("order ids from links and labels", () => {
  assert.equal(orderIdFromHref("//www.aliexpress.com/p/order/detail.html?orderId=8100123456789012&spm=x"), "8100123456789012");
  assert.equal(orderIdFromHref("https://www.aliexpress.com/p/tracking/index.html?tradeOrderId=3041234567890123"), "3041234567890123");
  assert.equal(orderIdFromHref("https://aliexpress.ru/order-list/5550677229097566?filterName=archive"), "5550677229097566");
  assert.equal(orderIdFromHref("https://www.aliexpress.com/item/1.html"), null);
  assert.equal(orderIdFromText("Order ID: 8100123456789012 Copy"), "8100123456789012");
  assert.equal(orderIdFromText("Ref. Number: 3041 2345 6789 0123"), "3041234567890123");
  assert.equal(orderIdFromText("Заказ № 5550677229097566"), "5550677229097566");
  assert.equal(orderIdFromText("Order date: Mar 3, 2024"), null);
});
