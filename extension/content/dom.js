/* Tiny DOM builder: text is always set with textContent, so page and companion text can never become markup. */
(function (root) {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Our shield mark, drawn from constant path data (no markup parsing).
  function shieldIcon(size = 14) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("aria-hidden", "true");
    const shield = document.createElementNS(SVG_NS, "path");
    shield.setAttribute("d", "M12 2.5 4 5.6v6.1c0 4.9 3.4 8.9 8 9.8 4.6-.9 8-4.9 8-9.8V5.6L12 2.5Z");
    shield.setAttribute("fill", "currentColor");
    shield.setAttribute("opacity", "0.9");
    const check = document.createElementNS(SVG_NS, "path");
    check.setAttribute("d", "m8.4 12.2 2.5 2.5 4.9-5");
    check.setAttribute("fill", "none");
    check.setAttribute("stroke", "var(--og-icon-check, #fff)");
    check.setAttribute("stroke-width", "2.2");
    check.setAttribute("stroke-linecap", "round");
    check.setAttribute("stroke-linejoin", "round");
    svg.append(shield, check);
    return svg;
  }

  (root.OrderGuard = root.OrderGuard || {}).dom = { el, shieldIcon };
})(globalThis);
