const test = require("node:test");
const assert = require("node:assert/strict");

// A fake `chrome` with storage.local and storage.onChanged, in place before lib/webext.js is loaded.
function fakeChrome(initial = {}) {
  const data = structuredClone(initial);
  const listeners = new Set();
  return {
    data,
    storage: {
      local: {
        async get(key) {
          return key in data ? { [key]: structuredClone(data[key]) } : {};
        },
        async set(values) {
          const changes = {};
          for (const [key, value] of Object.entries(values)) {
            changes[key] = { oldValue: data[key], newValue: value };
            data[key] = structuredClone(value);
          }
          for (const listener of listeners) listener(changes, "local");
        },
      },
      onChanged: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
    },
    fire: (changes, area) => listeners.forEach((l) => l(changes, area)),
  };
}

require("../../extension/lib/messages.js");
const webext = require("../../extension/lib/webext.js");

test("settings: the default until the options page saves a choice, then merged", async () => {
  globalThis.chrome = fakeChrome();
  assert.deepEqual(await webext.settings(), { lang: "auto" });
  await webext.saveSettings({ lang: "he" });
  assert.deepEqual(await webext.settings(), { lang: "he" });
  globalThis.chrome = fakeChrome({ settings: "garbage" });
  assert.deepEqual(await webext.settings(), { lang: "auto" });
});

test("connection: the default port and no token until paired; a bad stored value is not used", async () => {
  globalThis.chrome = fakeChrome();
  assert.deepEqual(await webext.connection(), { port: 8778, token: null, pairedAt: null });
  globalThis.chrome = fakeChrome({ connection: { port: "99999", token: "short" } });
  assert.deepEqual(await webext.connection(), { port: 8778, token: null, pairedAt: null });
  const chrome = (globalThis.chrome = fakeChrome({ connection: { port: 9000, token: " abcdefghijklmnop0123 ", pairedAt: "2026-01-01T00:00:00Z" } }));
  assert.deepEqual(await webext.connection(), { port: 9000, token: "abcdefghijklmnop0123", pairedAt: "2026-01-01T00:00:00Z" });
  // a new port keeps the token
  await webext.saveConnection({ port: 9100 });
  assert.equal(chrome.data.connection.token, " abcdefghijklmnop0123 ");
  assert.equal((await webext.connection()).port, 9100);
});

test("Firefox's `browser` wins over `chrome`", async () => {
  globalThis.chrome = fakeChrome({ settings: { lang: "ru" } });
  globalThis.browser = fakeChrome({ settings: { lang: "he" } });
  try {
    assert.equal(webext.ext, globalThis.browser);
    assert.equal((await webext.settings()).lang, "he");
  } finally {
    delete globalThis.browser;
  }
});

test("onChanged: local changes only, named; stops when asked", async () => {
  const chrome = (globalThis.chrome = fakeChrome());
  const seen = [];
  const stop = webext.onChanged((changed) => seen.push(changed));
  await webext.saveSettings({ lang: "ru" });
  chrome.fire({ connection: {} }, "sync");
  await webext.saveConnection({ port: 9001 });
  await webext.write({ attention: [] });
  stop();
  await webext.saveSettings({ lang: "en" });
  assert.deepEqual(seen, [
    { settings: true, connection: false, keys: ["settings"] },
    { settings: false, connection: true, keys: ["connection"] },
    { settings: false, connection: false, keys: ["attention"] },
  ]);
});
