/* The extension in Firefox ESR, driven over WebDriver BiDi by puppeteer-core (no downloaded browser build: it
   starts the installed firefox-esr). Run by tests/firefox/test_firefox.py, which starts the fake AliExpress and a
   companion and passes them in ORDER_GUARD_FIREFOX_RUN (JSON). Each step a buyer takes, in order: the add-on loaded
   as a temporary add-on, the port set in its settings, the pairing offered by the dashboard and confirmed in the
   settings (data-action="pair-confirm"), badges on a list page, a panel opened from a badge, a reply copied.
   Prints one JSON line of what it saw; exits non-zero on the first step that did not happen. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXTENSION = path.resolve(HERE, "..", "..", "extension");
const ADDON_ID = "order-guard@order-guard.local";
// Pinned so the test knows the add-on's pages' address (moz-extension://<uuid>/) without asking the browser.
const ADDON_UUID = "6f1d0c2a-3b4e-4c5d-9e8f-0a1b2c3d4e5f";
const STEP_MS = 15000;

const run = JSON.parse(process.env.ORDER_GUARD_FIREFOX_RUN || "{}");
const seen = { steps: [] };

function extPage(file) {
  return `moz-extension://${ADDON_UUID}/${file}`;
}

/* An extension page opens in another process: the BiDi navigation answers "frame detached" while the page loads
   fine in the same tab. So the navigation is started and what proves the page is there is waited for instead. */
async function openExtensionPage(page, file, ready) {
  page.goto(extPage(file)).catch((error) => {
    if (!/detached/i.test(String(error && error.message))) seen.navigationError = String(error.message);
  });
  await page.waitForSelector(ready, { timeout: STEP_MS });
}

async function step(name, body) {
  try {
    const result = await body();
    seen.steps.push(name);
    return result;
  } catch (error) {
    seen.failed = name;
    seen.error = String((error && error.stack) || error).slice(0, 2000);
    throw error;
  }
}

async function main() {
  const browser = await step("launch", () => puppeteer.launch({
    browser: "firefox",
    executablePath: run.firefox,
    headless: true,
    acceptInsecureCerts: true,
    // Firefox 153 lets WebDriver open moz-extension:// pages only with system access.
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // The fake site's names resolve to loopback; its port is in each address (match patterns ignore ports).
      "network.dns.localDomains": run.hosts.join(","),
      // The panel's Copy writes through navigator.clipboard; the test reads it back without a paste prompt.
      "dom.events.testing.asyncClipboard": true,
      "intl.locale.requested": "en-US",
    },
  }));
  try {
    seen.browser = await browser.version();
    await step("install temporary add-on", async () => {
      seen.addon = await browser.installExtension(EXTENSION);
    });
    const page = await browser.newPage();

    await step("set the port in the settings", async () => {
      await openExtensionPage(page, "options/options.html", "body[data-ready=true]");
      await page.$eval("#port", (input, port) => { input.value = String(port); }, run.companionPort);
      await page.click("button[type=submit]");
      await page.waitForSelector('#result[data-kind="ok"]', { timeout: STEP_MS });
    });

    const code = await step("dashboard offers the pairing", async () => {
      await page.goto(run.dashboardLink);
      await page.waitForSelector('html[data-order-guard-paired="pending"]', { timeout: STEP_MS });
      return page.$eval("#pairing", (box) => box.getAttribute("data-code"));
    });

    await step("pair-confirm in the settings", async () => {
      await openExtensionPage(page, "options/options.html", '#pairing[data-pending="true"]');
      seen.codeShown = await page.$eval(".pair-code", (node) => node.textContent);
      if (seen.codeShown !== code) throw new Error(`the settings show code ${seen.codeShown}, the dashboard ${code}`);
      await page.click('[data-action="pair-confirm"]');
      await page.waitForSelector('#pairing[data-result="ok"]', { timeout: STEP_MS });
    });

    await step("badges on the list page", async () => {
      await page.goto(run.listUrl);
      await page.waitForFunction((n) => document.querySelectorAll("order-guard-badge").length === n, { timeout: STEP_MS }, run.expectBadges);
      seen.badges = await page.$$eval("order-guard-badge", (nodes) => nodes.map((node) => ({
        orderId: node.getAttribute("data-order-guard-order-id"), severity: node.getAttribute("data-severity"),
        text: node.shadowRoot.querySelector(".text").textContent })));
    });

    await step("a panel opened from a badge", async () => {
      // The first badge whose panel has a reply to copy (a finished order's panel has none).
      const badges = await page.$$("order-guard-badge >>> .badge");
      for (const badge of badges) {
        await badge.click();
        await page.waitForSelector("order-guard-panel >>> .panel", { timeout: STEP_MS });
        // the panel asks for its texts to copy as it opens: whether it has one is known once they are in
        await page.waitForFunction(() => {
          const root = document.querySelector("order-guard-panel")?.shadowRoot;
          return Boolean(root && root.querySelector(".actions-slot") && !root.querySelector(".actions-slot .loading"));
        }, { timeout: STEP_MS });
        if (await page.$("order-guard-panel >>> .copy")) break;
        await page.click("order-guard-panel >>> .close");
        await page.waitForFunction(() => !document.querySelector("order-guard-panel"), { timeout: STEP_MS });
      }
      seen.panel = await page.$eval("order-guard-panel", (host) => ({
        orderId: host.getAttribute("data-order-guard-order-id"),
        title: host.shadowRoot.querySelector(".title").textContent,
        role: host.shadowRoot.querySelector(".panel").getAttribute("role"),
      }));
    });

    await step("a reply copied", async () => {
      const copy = await page.waitForSelector("order-guard-panel >>> .copy", { timeout: STEP_MS });
      seen.expectedCopy = await copy.evaluate((button) => button.closest(".action").querySelector(".text").textContent);
      await copy.click();
      await page.waitForSelector("order-guard-panel >>> .copy.done", { timeout: STEP_MS });
      seen.clipboard = await page.evaluate(() => navigator.clipboard.readText());
    });
  } finally {
    await browser.close();
  }
}

let status = 0;
try {
  await main();
} catch (_) {
  status = 1;
}
process.stdout.write(`${JSON.stringify(seen)}\n`);
process.exit(status);
