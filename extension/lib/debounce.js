/* Debounce with a ceiling: bursts of DOM mutations collapse into one call, but a page that never
   stops changing still gets handled every `maxWait` ms. With `leading`, the first call of a quiet
   period runs at once (cards that appear in one go get their badges without waiting for the page
   to finish drawing them) and the rest of the burst collapses into one trailing call. */
(function (root) {
  "use strict";

  function debounce(fn, wait, { maxWait = Infinity, leading = false } = {}) {
    let timer = null;
    let firstCallAt = null;
    let lastArgs = [];
    let trailing = false;

    function fire() {
      timer = null;
      firstCallAt = null;
      if (!trailing) return; // only the leading call happened in this window
      trailing = false;
      fn(...lastArgs);
    }

    function debounced(...args) {
      lastArgs = args;
      const now = Date.now();
      if (leading && timer === null) {
        firstCallAt = now;
        trailing = false;
        timer = setTimeout(fire, wait);
        fn(...args);
        return;
      }
      trailing = true;
      if (firstCallAt === null) firstCallAt = now;
      if (timer !== null) clearTimeout(timer);
      const remainingMax = firstCallAt + maxWait - now;
      timer = setTimeout(fire, Math.max(0, Math.min(wait, remainingMax)));
    }

    debounced.cancel = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      firstCallAt = null;
      trailing = false;
    };
    debounced.pending = () => timer !== null && trailing;
    return debounced;
  }

  const api = { debounce };
  (root.OrderGuard = root.OrderGuard || {}).debounce = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})(globalThis);
