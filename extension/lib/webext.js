/* The one door to the browser's extension API and to what the extension keeps in storage.local.
   `ext` is Firefox's `browser` or Chrome's `chrome` (both promise-based in MV3); nothing else in the extension
   says `browser ?? chrome`. The settings and the connection to the companion are read and written here only,
   always from storage (the service worker can be stopped at any moment, so nothing is kept in a variable).
   A classic script: content scripts load it (after lib/messages.js); the worker and the extension pages get it
   through lib/index.js; node tests require it with a fake `chrome` on globalThis. */
(function (root) {
  "use strict";

  const messages = root.OrderGuard?.messages ?? (typeof require === "function" ? require("./messages.js") : null);
  const { isPort, isToken } = messages;

  const DEFAULT_PORT = 8778;
  const DEFAULT_SETTINGS = Object.freeze({ lang: "auto" });

  /** The extension API of this browser, looked up when asked (tests put a fake in place). */
  function api() {
    return root.browser ?? root.chrome;
  }

  function plain(value) {
    return Boolean(value) && typeof value === "object" && !Array.isArray(value);
  }

  /** One key of storage.local (the worker's own keys: attention, attentionAt, notified). */
  async function read(key) {
    const bin = await api().storage.local.get(key);
    return bin ? bin[key] : undefined;
  }

  /** Several keys at once: { key: value, ... }. */
  async function write(values) {
    await api().storage.local.set(values);
  }

  /** The options page's choices: { lang: "auto" | "en" | "he" | "ru", ... }. */
  async function settings() {
    const saved = await read("settings");
    return { ...DEFAULT_SETTINGS, ...(plain(saved) ? saved : {}) };
  }

  async function saveSettings(patch) {
    const next = { ...(await settings()), ...patch };
    await write({ settings: next });
    return next;
  }

  /** How to reach the companion: { port (the default when none or a bad one is stored), token or null, pairedAt }. */
  async function connection() {
    const saved = await read("connection");
    const stored = plain(saved) ? saved : {};
    return {
      port: isPort(stored.port) ? Number(stored.port) : DEFAULT_PORT,
      token: isToken(stored.token) ? stored.token.trim() : null,
      pairedAt: typeof stored.pairedAt === "string" ? stored.pairedAt : null,
    };
  }

  /** Merges `patch` into the stored connection (a new port keeps the token; pairing sets all three). */
  async function saveConnection(patch) {
    const saved = await read("connection");
    const next = { ...(plain(saved) ? saved : {}), ...patch };
    await write({ connection: next });
    return next;
  }

  /**
   * Calls `listener({ settings, connection, keys })` when storage.local changes (`settings` / `connection`
   * say whether those changed, `keys` lists every changed key). Returns a function that stops listening.
   */
  function onChanged(listener) {
    const handler = (changes, area) => {
      if (area !== "local") return;
      const keys = Object.keys(changes);
      listener({ settings: keys.includes("settings"), connection: keys.includes("connection"), keys });
    };
    api().storage.onChanged.addListener(handler);
    return () => {
      try {
        api().storage.onChanged.removeListener(handler);
      } catch (_) {
        /* the extension is gone (reloaded under a page): nothing left to stop */
      }
    };
  }

  /* What only the extension's own pages and worker may see, and only for a while (a pending pairing offer):
     storage.session where the browser has it (kept in memory, hidden from content scripts), else local. */
  function privateArea() {
    return api().storage.session || api().storage.local;
  }

  async function readPrivate(key) {
    const bin = await privateArea().get(key);
    return bin ? bin[key] : undefined;
  }

  async function writePrivate(values) {
    await privateArea().set(values);
  }

  async function removePrivate(key) {
    await privateArea().remove(key);
  }

  /** Calls `listener(keys)` when a private key changes; returns a function that stops listening. */
  function onPrivateChanged(listener) {
    const session = api().storage.session;
    const handler = (changes, area) => {
      if (area === undefined || area === "session" || (!session && area === "local")) listener(Object.keys(changes));
    };
    api().storage.onChanged.addListener(handler);
    return () => api().storage.onChanged.removeListener(handler);
  }

  const lib = {
    DEFAULT_PORT, DEFAULT_SETTINGS, readPrivate, writePrivate, removePrivate, onPrivateChanged,
    get ext() {
      return api();
    },
    read, write, settings, saveSettings, connection, saveConnection, onChanged,
  };
  (root.OrderGuard = root.OrderGuard || {}).webext = lib;
  if (typeof module === "object" && module.exports) module.exports = lib;
})(globalThis);
