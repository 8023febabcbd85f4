// lib/privacy.js: the buyer's name, address and phone blocks are left out of the order area the content script
// sends, by the same rule as the companion's privacy filter, on a copy; the page's own DOM is never changed.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const privacy = require("../../extension/lib/privacy.js");

// ---- a small DOM: elements with attributes and children, text, documents that import (deep-copy) nodes ----

class Doc {
  constructor(name) {
    this.name = name;
    this.implementation = { createHTMLDocument: () => new Doc("inert") };
  }

  importNode(node, deep) {
    return node.copy(this, deep);
  }
}

class Text {
  constructor(doc, text) {
    Object.assign(this, { ownerDocument: doc, text, parent: null });
  }

  copy(doc) {
    return new Text(doc, this.text);
  }

  get outerHTML() {
    return this.text;
  }
}

class El {
  constructor(doc, tag, attrs = {}, children = []) {
    Object.assign(this, { ownerDocument: doc, tag, attrs: { ...attrs }, children: [], parent: null });
    for (const child of children) this.append(child);
  }

  append(child) {
    child.parent = this;
    this.children.push(child);
  }

  getAttribute(name) {
    return Object.hasOwn(this.attrs, name) ? this.attrs[name] : null;
  }

  querySelectorAll(selector) {
    assert.equal(selector, "*");
    const out = [];
    const walk = (node) => {
      for (const child of node.children) {
        if (child instanceof El) {
          out.push(child);
          walk(child);
        }
      }
    };
    walk(this);
    return out;
  }

  remove() {
    if (!this.parent) return;
    this.parent.children = this.parent.children.filter((child) => child !== this);
    this.parent = null;
  }

  copy(doc, deep) {
    return new El(doc, this.tag, this.attrs, deep ? this.children.map((child) => child.copy(doc, true)) : []);
  }

  get outerHTML() {
    const attrs = Object.entries(this.attrs).map(([k, v]) => ` ${k}="${v}"`).join("");
    return `<${this.tag}${attrs}>${this.children.map((child) => child.outerHTML).join("")}</${this.tag}>`;
  }
}

/** h("div", {class: "x"}, child, "text", ...) in the page's document */
const page = new Doc("page");
const h = (tag, attrs, ...children) => new El(page, tag, attrs, children.map((c) => (typeof c === "string" ? new Text(page, c) : c)));

// ---- the rule ----

test("the words are the companion's privacy filter's, exactly", () => {
  const base = fs.readFileSync(path.join(__dirname, "../../companion/parsing/base.py"), "utf8");
  const match = /^_PRIVATE = re\.compile\(r"([^"]+)", re\.IGNORECASE\)$/m.exec(base);
  assert.ok(match, "companion/parsing/base.py has no _PRIVATE pattern of the expected shape");
  assert.deepEqual(privacy.WORDS, match[1].split("|"));
});

test("a block is private by its class or data-testid, any case, anywhere in the value", () => {
  const yes = [
    { class: "order-detail-info-item order-address" }, { class: "address-name" }, { class: "address-phone" },
    { class: "logistic-receiver" }, { class: "RecipientBox" }, { class: "contact-card" }, { class: "buyer-info" },
    { class: "user-info--name" }, { class: "RedesignOrderDetail_Delivery__person_1x2y" }, { "data-testid": "shippingAddress" },
    { "data-testid": "Phone" }, { class: "order-item", "data-testid": "buyer-contact" },
  ];
  for (const attrs of yes) assert.equal(privacy.isPrivate(h("div", attrs)), true, JSON.stringify(attrs));
  const no = [
    {}, { class: "order-item" }, { class: "info-row" }, { class: "logistic-info--mail-no" }, { class: "fast-delivery" },
    { class: "buyer info" }, { class: "Delivery__date" }, { id: "address" }, { "data-address": "Rua Exemplo" },
    { "data-testid": "orderNumber" }, { class: "" },
  ];
  for (const attrs of no) assert.equal(privacy.isPrivate(h("div", attrs)), false, JSON.stringify(attrs));
  assert.equal(privacy.isPrivate(new Text(page, "address")), false);
  assert.equal(privacy.isPrivate(null), false);
});

// ---- the copy ----

function detailArea() {
  return h("div", { id: "root" },
    h("div", { class: "info-row" }, h("span", { class: "info-row-right" }, "8212313961591322")),
    h("div", { class: "order-detail-info-item order-address" },
      h("div", { class: "address-name" }, "Comprador Exemplo ", h("span", { class: "address-phone" }, "+55 11999999999")),
      h("div", { class: "address-detail" }, "Rua Exemplo, 123, Bairro Exemplo, 00000-000")),
    h("div", { class: "order-detail-item-content" }, h("div", { class: "item-title" }, "Cable")),
    h("div", { "data-testid": "receiverPhone" }, "11999999999"));
}

test("the private blocks are left out of a copy; the rest of the area is as it was", () => {
  const area = detailArea();
  const before = area.outerHTML;
  const sent = privacy.withoutPrivate(area);
  assert.notEqual(sent, area);
  assert.equal(sent.ownerDocument.name, "inert", "the copy lives in a document of its own");
  assert.equal(sent.outerHTML,
    '<div id="root"><div class="info-row"><span class="info-row-right">8212313961591322</span></div>' +
    '<div class="order-detail-item-content"><div class="item-title">Cable</div></div></div>');
  for (const secret of ["Comprador Exemplo", "11999999999", "Rua Exemplo", "Bairro Exemplo", "00000-000"]) {
    assert.ok(!sent.outerHTML.includes(secret), secret);
  }
  assert.equal(area.outerHTML, before, "the page's own DOM is never changed");
  assert.equal(area.ownerDocument, page);
});

test("an area without private blocks is handed back as it is, so its bytes are the page's", () => {
  const area = h("div", { class: "order-wrap" }, h("div", { class: "order-item" }, "Order ID: 1"));
  assert.equal(privacy.withoutPrivate(area), area);
});

test("the area itself is never dropped, only what is inside it", () => {
  const area = h("div", { class: "address-book order-wrap" }, h("div", { class: "order-item" }, "1"), h("i", { class: "phone" }, "5"));
  assert.equal(privacy.withoutPrivate(area).outerHTML, '<div class="address-book order-wrap"><div class="order-item">1</div></div>');
  assert.deepEqual(privacy.privateBlocks(area).map((el) => el.attrs.class), ["phone"]);
});
