const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { pageKind, orderIdFromHref, orderIdFromText } = require("../../extension/lib/pages.js");

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

test("manifest content-script matches cover exactly the order pages", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../extension/manifest.json"), "utf8"));
  const scripts = manifest.content_scripts;
  const entry = (file) => scripts.find((s) => s.js.includes(file));
  const orders = entry("content/orders.js");
  const pairing = entry("pairing/pairing.js");
  const pageWorld = entry("page/capture.js");
  const relay = entry("content/captures.js");
  for (const pattern of orders.matches) {
    assert.match(pattern, /^https:\/\/\*?\.?aliexpress\.(com|ru|us)\//, pattern);
    assert.ok(!pattern.endsWith("/*"), `too broad: ${pattern}`);
  }
  assert.deepEqual(pairing.matches, ["http://127.0.0.1/*", "http://localhost/*"]);
  // The page-world capture and its receiver run on exactly the order pages, before the page's own scripts;
  // only page/capture.js runs in the page's world, and alone (nothing of ours is shared with the page).
  for (const early of [pageWorld, relay]) {
    assert.deepEqual(early.matches, orders.matches);
    assert.equal(early.run_at, "document_start");
    assert.ok(!early.all_frames);
  }
  assert.equal(pageWorld.world, "MAIN");
  assert.deepEqual(pageWorld.js, ["page/capture.js"]);
  assert.deepEqual(scripts.filter((s) => s.world === "MAIN"), [pageWorld]);
  assert.equal(relay.world, undefined);
  for (const file of [...scripts.flatMap((s) => s.js), ...manifest.background.scripts]) {
    assert.ok(fs.existsSync(path.join(__dirname, "../../extension", file)), file);
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
