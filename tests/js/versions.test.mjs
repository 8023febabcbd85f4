import test from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { EXTENSION_API, MIN_COMPANION_API, helloProof, versionCheck } from "../../extension/background/proof.js";

const require = createRequire(import.meta.url);
const { bundle } = require("./helpers.js");

test("a companion and an extension of the same level work together", () => {
  assert.deepEqual(versionCheck({ api: 1, version: "0.1.0", min_extension_api: 1 }), { problem: null, version: "0.1.0" });
  assert.deepEqual(versionCheck({ api: 3, version: "0.4.0", min_extension_api: 1 }, { extensionApi: 2, minCompanionApi: 2 }),
    { problem: null, version: "0.4.0" });
});

test("a companion below the extension's minimum is too old; one that does not say is older still", () => {
  assert.deepEqual(versionCheck({ api: 1, version: "0.1.0", min_extension_api: 1 }, { minCompanionApi: 2 }),
    { problem: "companion-too-old", version: "0.1.0" });
  assert.deepEqual(versionCheck({ proof: "ab" }), { problem: "companion-too-old", version: "" });
  assert.deepEqual(versionCheck({ api: "2", version: 7 }), { problem: "companion-too-old", version: "" });
});

test("an extension below the companion's minimum is too old", () => {
  assert.deepEqual(versionCheck({ api: 4, version: "1.2.0", min_extension_api: 3 }, { extensionApi: 2 }),
    { problem: "extension-too-old", version: "1.2.0" });
});

test("this extension's own levels are whole numbers, and today's companion is not too old for it", () => {
  assert.ok(Number.isInteger(EXTENSION_API) && Number.isInteger(MIN_COMPANION_API));
  // companion/__init__.py: API_VERSION = 1, MIN_EXTENSION_API = 1
  assert.equal(versionCheck({ api: 1, version: "0.1.0", min_extension_api: 1 }).problem, null);
});

// A fake browser and companion for pair(): the companion proves the token, with the versions given.
function fakeBrowser() {
  const en = bundle("en");
  const local = {};
  const area = {
    async get(key) { return key in local ? { [key]: local[key] } : {}; },
    async set(values) { Object.assign(local, values); },
    async remove(key) { delete local[key]; },
  };
  return {
    local,
    storage: { local: area, onChanged: { addListener() {}, removeListener() {} } },
    i18n: {
      getUILanguage: () => "en",
      getMessage: (key, subs) => (en[key] ? en[key].message.replace(/\$(\d)/g, (_, n) => (subs || [])[n - 1] ?? "") : ""),
    },
    runtime: { getURL: (p) => `chrome-extension://test/${p}` },
  };
}

function fakeCompanion(helloExtra) {
  return async (url, init) => {
    const port = Number(new URL(url).port);
    const json = (status, body) => ({ status, json: async () => body });
    if (url.endsWith("/api/v1/hello")) {
      const { challenge } = JSON.parse(init.body);
      return json(200, { proof: await helloProof(TOKEN, port, challenge), ...helloExtra });
    }
    if (url.includes("/api/v1/orders")) return json(200, { orders: [], total: 0 });
    return json(404, {});
  };
}

const TOKEN = "t".repeat(43);
globalThis.chrome = fakeBrowser();
const companion = await import("../../extension/background/companion.js");

test("pairing with a companion too old for the extension says so plainly and stores nothing", async () => {
  globalThis.chrome = fakeBrowser();
  globalThis.fetch = fakeCompanion({ version: "0.0.9" });  // a companion from before the levels were told
  const answer = await companion.pair(8778, TOKEN);
  assert.equal(answer.ok, false);
  assert.equal(answer.reason, "rejected");
  assert.equal(answer.tooOld, "companion-too-old");
  assert.equal(answer.message, "Order Guard on this computer (version 0.0.9) is too old for this extension. "
    + "Update Order Guard, start it again, then pair once more.");
  assert.equal(chrome.local.connection, undefined);
});

test("pairing with a companion that needs a newer extension says the extension is too old", async () => {
  globalThis.chrome = fakeBrowser();
  globalThis.fetch = fakeCompanion({ api: 9, version: "3.0.0", min_extension_api: EXTENSION_API + 1 });
  const answer = await companion.pair(8778, TOKEN);
  assert.equal(answer.tooOld, "extension-too-old");
  assert.equal(answer.message, "This extension is too old for Order Guard on this computer (version 3.0.0). "
    + "Update the extension, then pair once more.");
  assert.equal(chrome.local.connection, undefined);
});

test("pairing with a companion of the same level stores the connection", async () => {
  globalThis.chrome = fakeBrowser();
  globalThis.fetch = fakeCompanion({ api: 1, version: "0.1.0", min_extension_api: 1 });
  const answer = await companion.pair(8778, TOKEN);
  assert.equal(answer.ok, true, JSON.stringify(answer));
  assert.equal(chrome.local.connection.port, 8778);
  assert.equal(chrome.local.connection.token, TOKEN);
});

test("the version messages are in every language, with the version in them", () => {
  for (const lang of ["en", "he", "ru"]) {
    for (const key of ["versionCompanionTooOld", "versionExtensionTooOld"]) {
      assert.match(bundle(lang)[key].message, /\$1/, `${lang} ${key}`);
    }
    assert.ok(bundle(lang).versionUnknown.message);
  }
  assert.notEqual(bundle("he").versionCompanionTooOld.message, bundle("en").versionCompanionTooOld.message);
  assert.notEqual(bundle("ru").versionCompanionTooOld.message, bundle("en").versionCompanionTooOld.message);
});
