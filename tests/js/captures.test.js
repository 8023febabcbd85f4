const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const page = require("../../extension/page/capture.js");
const lib = require("../../extension/lib/captures.js");

const CAPTURED = path.join(__dirname, "..", "fixtures", "pages", "captured");
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(CAPTURED, name), "utf8"));
const LIST = "mtop.aliexpress.trade.buyer.order.list";
const DETAIL = "mtop.aliexpress.trade.buyer.order.detail";
const TRACKING = "mtop.ae.ld.querydetail";

function privateKeys(value, found = []) {
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (/address|receiver|buyername|phone|mobile|contact/i.test(key)) found.push(key);
      privateKeys(item, found);
    }
  }
  return found;
}

test("the page-world script and the content script agree on the message, the APIs and the private keys", () => {
  assert.equal(page.MESSAGE_TYPE, lib.MESSAGE_TYPE);
  assert.deepEqual(page.APIS, lib.APIS);
  assert.deepEqual(page.APIS, [LIST, DETAIL, TRACKING]);
  assert.equal(String(page.PRIVATE_KEY), String(lib.PRIVATE_KEY));
});

test("an API is named by the mtop URL path or its api= parameter", () => {
  assert.equal(page.apiFromUrl(`https://acs.aliexpress.com/h5/${LIST}/1.0/?jsv=2.7.2&appKey=12574478`), LIST);
  assert.equal(page.apiFromUrl(`https://acs.aliexpress.com/h5/mtop.ae.ld.querydetail/1.0/?t=1`), TRACKING);
  assert.equal(page.apiFromUrl(`https://acs.aliexpress.com/gateway?api=${DETAIL}&v=1.0`), DETAIL);
  assert.equal(page.apiFromUrl("https://acs.aliexpress.com/h5/mtop.aliexpress.itemdetail/1.0/"), null);
  assert.equal(page.apiFromUrl(undefined), null);
});

test("response text: JSON, or JSON wrapped in a JSONP call; anything else is not read", () => {
  const body = JSON.stringify({ api: LIST, data: {}, ret: ["SUCCESS::调用成功"] });
  assert.deepEqual(page.parseText(body), JSON.parse(body));
  assert.deepEqual(page.parseText(` mtopjsonp3(${body});\n`), JSON.parse(body));
  assert.equal(page.parseText(JSON.stringify({ api: "mtop.other", data: {} })), null);
  assert.equal(page.parseText("<html>not json</html>"), null);
  assert.equal(page.parseText(`mtopjsonp1(${body.slice(0, -3)})`), null);
  assert.equal(page.parseText(""), null);
  // an id sent as a number too big for a double keeps its digits (the reviver sees the source text)
  // (Chromium has had that since 114; this node may not, and then the number stays as JSON.parse makes it.)
  const withSource = JSON.parse("1", (key, value, context) => Boolean(context && context.source === "1"));
  const big = page.parseText(`{"api":"${LIST}","data":{"orderId":98765432109876543,"n":12.5,"m":7}}`);
  assert.deepEqual(big.data, { orderId: withSource ? "98765432109876543" : 98765432109876543, n: 12.5, m: 7 });
  assert.equal(page.parseText(null), null);
});

test("private blocks never leave the page world, and the page's own object is not touched", () => {
  for (const name of ["order-detail.mtop.json", "tracking.mtop.json", "order-list.mtop.json"]) {
    const data = fixture(name);
    const before = JSON.stringify(data);
    const capture = page.captureOf(data, "https://acs.aliexpress.com/h5/x/1.0/");
    assert.ok(capture, name);
    assert.deepEqual(privateKeys(capture), [], name);
    assert.equal(JSON.stringify(data), before, `${name}: the page's data changed`);
    assert.equal(capture.api, data.api);
    assert.deepEqual(capture.ret, data.ret);
  }
  const detail = page.captureOf(fixture("order-detail.mtop.json"), "");
  const info = Object.entries(detail.data.data).find(([k]) => k.startsWith("detail_simple_order_info_component"))[1].fields;
  assert.equal(info.addressVO, undefined);
  assert.equal(info.tradeOrderId, 8212313961591322); // the rest stays as the API returned it
  const tracking = page.captureOf(fixture("tracking.mtop.json"), "");
  assert.equal(tracking.data.module.logisticsReceiverInfo, undefined);
  assert.ok(Array.isArray(tracking.data.module.trackingDetailLineList));
  // keys are matched anywhere in the name, in any case, at any depth
  const nested = page.sanitize({ a: [{ b: { BuyerNameText: "x", ShippingAddressVO: {}, receiverInfo: 1, mobileNo: 2, contactEmail: 3, keep: "y" } }] });
  assert.deepEqual(nested, { a: [{ b: { keep: "y" } }] });
});

test("only the three APIs are kept; the api comes from the field, else from the URL", () => {
  assert.equal(page.captureOf({ api: "mtop.aliexpress.itemdetail", data: {} }, `https://x/h5/${LIST}/1.0/`), null);
  assert.equal(page.captureOf({ data: {} }, "https://x/h5/mtop.other/1.0/"), null);
  assert.equal(page.captureOf({ data: { a: 1 } }, `https://x/h5/${DETAIL}/1.0/`).api, DETAIL);
  assert.equal(page.captureOf([1, 2], `https://x/h5/${LIST}/1.0/`), null);
  assert.equal(page.captureOf("text", `https://x/h5/${LIST}/1.0/`), null);
  assert.equal(page.captureOf({ api: LIST.toUpperCase(), data: {} }, "").api, LIST.toUpperCase()); // as returned
});

test("the content script takes only our message type with a plain-object capture of a known API", () => {
  const capture = { api: LIST, data: { data: {} }, ret: ["SUCCESS::调用成功"] };
  assert.deepEqual(lib.fromMessage({ type: lib.MESSAGE_TYPE, capture }), capture);
  assert.equal(lib.fromMessage({ type: "other", capture }), null);
  assert.equal(lib.fromMessage({ type: lib.MESSAGE_TYPE, capture: [capture] }), null);
  assert.equal(lib.fromMessage({ type: lib.MESSAGE_TYPE, capture: "{}" }), null);
  assert.equal(lib.fromMessage({ type: lib.MESSAGE_TYPE, capture: { api: "mtop.other", data: {} } }), null);
  assert.equal(lib.fromMessage({ type: lib.MESSAGE_TYPE, capture: new Date() }), null);
  assert.equal(lib.fromMessage(null), null);
  assert.equal(lib.fromMessage(`{"type":"${lib.MESSAGE_TYPE}"}`), null);
  // a forged message with private keys is cleaned again on this side
  const forged = lib.fromMessage({ type: lib.MESSAGE_TYPE, capture: { api: DETAIL, data: { addressVO: { x: 1 }, ok: 1 } } });
  assert.deepEqual(forged, { api: DETAIL, data: { ok: 1 } });
  // both sides clean the same way
  for (const name of ["order-detail.mtop.json", "tracking.mtop.json"]) {
    assert.deepEqual(lib.sanitize(fixture(name)), page.sanitize(fixture(name)), name);
  }
});

test("one capture per api and list page / order; newer replaces older", () => {
  const list = page.captureOf(fixture("order-list.mtop.json"), "");
  assert.equal(lib.captureKey(list), `${LIST}|page:1`);
  const detail = page.captureOf(fixture("order-detail.mtop.json"), "");
  assert.equal(lib.captureKey(detail), `${DETAIL}|order:8212313961591322`);
  const tracking = page.captureOf(fixture("tracking.mtop.json"), "");
  assert.equal(lib.captureKey(tracking, "8190000000004242"), `${TRACKING}|order:8190000000004242`);
  assert.equal(lib.captureKey({ api: "mtop.other" }), null);
});

test("the store keeps at most ten, the newest win, in the order they arrived", () => {
  const store = lib.createStore();
  const listPage = (n, marker) => ({ api: LIST, data: { data: { [`pc_om_list_body_1`]: { fields: { pageIndex: n } } } }, marker });
  assert.equal(store.revision, 0);
  for (let n = 1; n <= 12; n++) assert.equal(store.add(listPage(n, "first")), true);
  assert.equal(store.size, 10);
  assert.deepEqual(store.list().map((c) => c.data.data.pc_om_list_body_1.fields.pageIndex), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  store.add(listPage(5, "again"));
  const kept = store.list();
  assert.equal(kept.length, 10);
  assert.equal(kept.at(-1).marker, "again");
  assert.equal(kept.filter((c) => c.data.data.pc_om_list_body_1.fields.pageIndex === 5).length, 1);
  assert.equal(store.revision, 13);
  assert.equal(store.add({ api: "mtop.other" }), false);
  assert.equal(store.add({ api: LIST, data: { huge: "x".repeat(lib.MAX_CAPTURE_CHARS) } }), false);
  assert.equal(store.revision, 13);
});

test("data the page parsed itself is handed over only when every integer in it is exact", () => {
  // beyond 2^53 a number may already differ from the digits sent: such data waits for the text the page was sent
  const data = { api: "mtop.aliexpress.trade.buyer.order.list", data: { orderId: 2 ** 60, count: 3 } };
  assert.equal(page.captureOf(data, "", true), null);
  assert.deepEqual(page.captureOf(data, "").data, { orderId: 2 ** 60, count: 3 });
  assert.deepEqual(page.captureOf({ ...data, data: { orderId: 8212313961591322 } }, "", true).data, { orderId: 8212313961591322 });
});
