/* Runs in the page's own world (manifest "world": "MAIN", document_start) on the order pages. It watches the
   JSON the page draws its orders from — mtop.aliexpress.trade.buyer.order.list / .order.detail and
   mtop.ae.ld.querydetail — over fetch, XMLHttpRequest and mtop's JSONP transport (a <script> whose
   callback global mtopjsonpN is called with the data), and hands a copy to the content script.

   Read-only: the page gets the very same promise, Response, XHR and callback arguments it would have got;
   we read a clone or the already parsed value, never change them, and any error of ours is swallowed.
   Private blocks (keys naming an address, receiver, buyer name, phone, mobile or contact) are dropped here,
   before anything leaves the page world. Nothing is exposed on window; the copy goes to the content script as
   an event on the document (see hand()). */
(function () {
  "use strict";

  const MESSAGE_TYPE = "order-guard:capture:v1";
  const APIS = ["mtop.aliexpress.trade.buyer.order.list", "mtop.aliexpress.trade.buyer.order.detail", "mtop.ae.ld.querydetail"];
  const PRIVATE_KEY = /address|receiver|buyername|phone|mobile|contact/i;
  const JSONP_CALLBACK = /^mtopjsonp[\w$]*$/;
  const MAX_DEPTH = 64;
  const MAX_NODES = 400000;
  const MAX_TEXT_CHARS = 8 * 1024 * 1024;

  /** The api a URL names: mtop's /h5/<api>/<version>/ path or an api= query parameter. */
  function apiFromUrl(url) {
    const text = String(url || "").toLowerCase();
    for (const api of APIS) if (text.includes(api)) return api;
    return null;
  }

  function knownApi(value) {
    const api = typeof value === "string" ? value.trim().toLowerCase() : "";
    return APIS.includes(api) ? api : null;
  }

  /** A deep copy of JSON-like data without private keys; null when it is too big or not an object, and with
      `exactOnly`, when it holds an integer beyond 2^53 (parsed without its digits kept: it may have changed). */
  function sanitize(data, exactOnly = false) {
    let nodes = 0;
    function copy(value, depth) {
      if (value === null || typeof value === "string" || typeof value === "boolean") return value;
      if (typeof value === "number") {
        if (exactOnly && Number.isInteger(value) && !Number.isSafeInteger(value)) throw new RangeError("inexact");
        return Number.isFinite(value) ? value : null;
      }
      if (typeof value !== "object" || depth > MAX_DEPTH) return undefined;
      nodes += 1;
      if (nodes > MAX_NODES) throw new RangeError("too big");
      if (Array.isArray(value)) {
        const out = [];
        for (let i = 0; i < value.length; i++) {
          const item = copy(value[i], depth + 1);
          out.push(item === undefined ? null : item);
        }
        return out;
      }
      const out = {};
      for (const key of Object.keys(value)) {
        if (PRIVATE_KEY.test(key)) continue;
        const item = copy(value[key], depth + 1);
        if (item !== undefined) out[key] = item;
      }
      return out;
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    try {
      return copy(data, 0);
    } catch (_) {
      return null;
    }
  }

  /** The capture to hand over for `data` seen at `url`, or null when it is not one of the three APIs. */
  function captureOf(data, url, exactOnly = false) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    const api = knownApi(data.api) || (data.api === undefined ? apiFromUrl(url) : null);
    if (!api) return null;
    const copy = sanitize(data, exactOnly);
    if (!copy) return null;
    if (typeof copy.api !== "string") copy.api = api;
    return copy;
  }

  /** JSON text, also when mtop wrapped it as a JSONP call (mtopjsonp3({...})). */
  function parseText(text) {
    if (typeof text !== "string" || !text || text.length > MAX_TEXT_CHARS) return null;
    const trimmed = text.trim();
    let body = trimmed;
    if (!/^[[{]/.test(trimmed)) {
      const call = /^[\w$.]+\s*\(([\s\S]*)\)\s*;?$/.exec(trimmed);
      if (!call) return null;
      body = call[1];
    }
    if (!APIS.some((api) => body.includes(api))) return null; // cheap before parsing
    try {
      return JSON.parse(body, keepBigIntegers);
    } catch (_) {
      return null;
    }
  }

  // An integer beyond 2^53 (an id sent as a number) would arrive changed: keep its digits as the text sent.
  // (Browsers without the reviver's source text keep the number as JSON.parse gives it, as the page has it.)
  function keepBigIntegers(key, value, context) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && Number.isInteger(value) && context && typeof context.source === "string") {
      return /^-?\d+$/.test(context.source) ? context.source : value;
    }
    return value;
  }

  const exported = { MESSAGE_TYPE, APIS, PRIVATE_KEY, apiFromUrl, sanitize, captureOf, parseText };
  if (typeof window === "undefined") {
    // node --test loads this file for its pure helpers; there is no page to watch.
    if (typeof module === "object" && module.exports) module.exports = exported;
    return;
  }
  if (window.top !== window) return;

  // Handed over as an event on the document, whose listeners run while it is dispatched: the content script
  // holds the data before the page's own code goes on to draw its cards from it. (A window message would
  // arrive only after the page has drawn them, too late to have their badges ready.) The detail is the JSON
  // text: an object made in this world is not readable from the content script's.
  const doc = document;
  const Event = window.CustomEvent;
  function hand(data, url, exactOnly = false) {
    try {
      const capture = captureOf(data, url, exactOnly);
      if (capture) doc.dispatchEvent(new Event(MESSAGE_TYPE, { detail: JSON.stringify(capture) }));
      return Boolean(capture);
    } catch (_) {
      return false; /* never disturb the page */
    }
  }

  function absolute(url) {
    try {
      return new URL(String(url), location.href).href;
    } catch (_) {
      return "";
    }
  }

  // Worth reading: only mtop traffic (its URLs say "mtop": /h5/mtop.…/1.0/ or api=mtop.…).
  function candidate(url) {
    return /mtop/i.test(url);
  }

  function sameLength(wrapper, original) {
    try {
      Object.defineProperty(wrapper, "length", { value: original.length });
    } catch (_) {
      /* cosmetic */
    }
  }

  // ---- fetch ----
  const watched = new WeakMap(); // the mtop responses fetch gave the page -> their URL (read by .json() below)
  const handed = new WeakSet(); // those already handed over from the page's own .json()
  const originalFetch = window.fetch;
  if (typeof originalFetch === "function") {
    const wrappedFetch = function fetch(input, init) {
      const promise = originalFetch.apply(this, arguments);
      try {
        const url = absolute(typeof input === "string" || input instanceof URL ? input : input && input.url);
        if (candidate(url)) {
          // Registered before the page's own .then, so the clone is taken before the page reads the body.
          promise.then((response) => {
            try {
              watched.set(response, url);
              response.clone().text().then((text) => {
                if (!handed.has(response)) hand(parseText(text), response.url || url);
              }, () => {});
            } catch (_) {
              /* body already used or not cloneable */
            }
          }, () => {});
        }
      } catch (_) {
        /* never disturb the page */
      }
      return promise;
    };
    sameLength(wrappedFetch, originalFetch);
    window.fetch = wrappedFetch;
  }

  // The clone's body is only read once the page has done with its own, which on My Orders means after the page
  // has drawn the new cards. When the page reads a watched response with .json(), its data is handed over from
  // the very promise the page gets, before the page's own code runs on it, so the cards' badges can be ready when
  // they appear. Data with an integer beyond 2^53 is left to the clone, which keeps such digits as sent.
  const ResponseProto = window.Response && window.Response.prototype;
  const originalJson = ResponseProto && ResponseProto.json;
  if (typeof originalJson === "function") {
    const wrappedJson = function json() {
      const promise = originalJson.apply(this, arguments);
      try {
        const url = watched.get(this);
        if (url !== undefined) {
          const response = this;
          promise.then((data) => {
            if (hand(data, response.url || url, true)) handed.add(response);
          }, () => {});
        }
      } catch (_) {
        /* never disturb the page */
      }
      return promise;
    };
    sameLength(wrappedJson, originalJson);
    ResponseProto.json = wrappedJson;
  }

  // ---- XMLHttpRequest ----
  const XHR = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (XHR) {
    const urls = new WeakMap();
    const originalOpen = XHR.open;
    const originalSend = XHR.send;
    XHR.open = function open(method, url) {
      try {
        urls.set(this, absolute(url));
      } catch (_) {
        /* never disturb the page */
      }
      return originalOpen.apply(this, arguments);
    };
    XHR.send = function send() {
      try {
        const url = urls.get(this) || "";
        if (candidate(url)) {
          const xhr = this;
          xhr.addEventListener("load", () => {
            try {
              const type = xhr.responseType;
              if (type === "" || type === "text") hand(parseText(xhr.responseText), xhr.responseURL || url);
              else if (type === "json") hand(xhr.response, xhr.responseURL || url);
            } catch (_) {
              /* never disturb the page */
            }
          });
        }
      } catch (_) {
        /* never disturb the page */
      }
      return originalSend.apply(this, arguments);
    };
  }

  // ---- JSONP: mtop adds <script src="…&callback=mtopjsonpN"> and sets window.mtopjsonpN to its handler ----
  // When such a script is added we put an accessor on window.mtopjsonpN: the handler already there and any
  // handler set later (before or after the script loads) is wrapped, so the call sees the data first.
  // The script runs in a later task than its insertion, and the observer's callback in a microtask of that
  // insertion, so the wrapper is always in place in time. mtop's own clean-up (= undefined, delete) still works.
  const wrappers = new WeakMap();
  function wrapCallback(fn, url) {
    if (typeof fn !== "function") return fn;
    if (wrappers.has(fn)) return wrappers.get(fn);
    const wrapped = function () {
      hand(arguments[0], url);
      return fn.apply(this, arguments);
    };
    wrappers.set(fn, wrapped);
    wrappers.set(wrapped, wrapped);
    return wrapped;
  }

  function trapCallback(name, url) {
    try {
      const existing = Object.getOwnPropertyDescriptor(window, name);
      if (existing && (existing.get || existing.set)) return; // ours already, or the page's own accessor: leave it
      if (existing && !existing.configurable) {
        if (existing.writable) window[name] = wrapCallback(existing.value, url);
        return;
      }
      let current = wrapCallback(existing ? existing.value : undefined, url);
      Object.defineProperty(window, name, {
        configurable: true,
        enumerable: true,
        get() {
          return current;
        },
        set(value) {
          current = wrapCallback(value, url);
        },
      });
    } catch (_) {
      /* never disturb the page */
    }
  }

  function onScript(script) {
    const src = script.src;
    if (!src || !candidate(src)) return;
    let name = null;
    try {
      name = new URL(src).searchParams.get("callback");
    } catch (_) {
      return;
    }
    if (name && JSONP_CALLBACK.test(name)) trapCallback(name, src);
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeName === "SCRIPT") {
          try {
            onScript(node);
          } catch (_) {
            /* never disturb the page */
          }
        }
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
