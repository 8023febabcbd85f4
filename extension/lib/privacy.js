/* Less to leak: the blocks of the order area that hold the buyer's name, address or phone, left out of what is
   sent. The same rule as the companion's privacy filter (companion/parsing/base.py drop_private), which stays as
   the second line: a block whose class or data-testid names one of WORDS (any case, anywhere in the value).
   Works on a copy in a document of its own (no browsing context: nothing in it loads or runs), never on the
   page's live DOM; an area without such a block is handed back as it is, so its bytes stay the page's.
   Pure (it touches only the nodes it is given), so node can test it; content/orders.js serialises its result. */
(function (root) {
  "use strict";

  // Must equal companion/parsing/base.py _PRIVATE (tests/js/privacy.test.js compares them).
  const WORDS = ["address", "receiver", "recipient", "contact", "buyer-info", "user-info", "phone", "Delivery__person"];
  const ATTRIBUTES = ["class", "data-testid"];
  const PRIVATE = new RegExp(WORDS.join("|"), "i");

  /** Does this element hold the buyer's name, address or phone (by its class or data-testid)? */
  function isPrivate(element) {
    if (!element || typeof element.getAttribute !== "function") return false;
    return ATTRIBUTES.some((name) => {
      const value = element.getAttribute(name);
      return typeof value === "string" && PRIVATE.test(value);
    });
  }

  /** The private blocks inside ``area`` (the area itself is what holds the orders: never one of them). */
  function privateBlocks(area) {
    return [...area.querySelectorAll("*")].filter(isPrivate);
  }

  /** ``area`` without its private blocks: ``area`` itself when it has none, else a copy in an inert document. */
  function withoutPrivate(area) {
    if (!privateBlocks(area).length) return area;
    const inert = area.ownerDocument.implementation.createHTMLDocument("");
    const copy = inert.importNode(area, true);
    // A block inside a removed block goes with it; removing it again is harmless.
    for (const block of privateBlocks(copy)) block.remove();
    return copy;
  }

  const api = { WORDS, isPrivate, privateBlocks, withoutPrivate };
  (root.OrderGuard = root.OrderGuard || {}).privacy = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
