/* Debounce with a ceiling: bursts of DOM mutations collapse into one call, but a page that never
   stops changing still gets handled every `maxWait` ms. */
(function (root) {
  "use strict";

  function debounce(fn, wait, { maxWait = Infinity } = {}) {
    let timer = null;
    let firstCallAt = null;
    let lastArgs = [];

    function fire() {
      timer = null;
      firstCallAt = null;
      fn(...lastArgs);
    }

    function debounced(...args) {
      lastArgs = args;
      const now = Date.now();
      if (firstCallAt === null) firstCallAt = now;
      if (timer !== null) clearTimeout(timer);
      const remainingMax = firstCallAt + maxWait - now;
      timer = setTimeout(fire, Math.max(0, Math.min(wait, remainingMax)));
    }

    debounced.cancel = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      firstCallAt = null;
    };
    debounced.pending = () => timer !== null;
    return debounced;
  }

  const api = { debounce };
  (root.OrderGuard = root.OrderGuard || {}).debounce = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
