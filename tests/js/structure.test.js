// How the extension's files load each other (extension/README.md): the service worker and the extension pages
// are ES modules that import what they use; content scripts cannot be modules, so each manifest list is the
// load order, and every file in it must come after the files whose API it reads from the OrderGuard namespace.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const EXTENSION = path.join(__dirname, "../../extension");
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, "manifest.json"), "utf8"));
const source = (file) => fs.readFileSync(path.join(EXTENSION, file), "utf8");

function allFiles(dir = EXTENSION) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? allFiles(full) : [path.relative(EXTENSION, full).split(path.sep).join("/")];
  });
}

const JS = allFiles().filter((file) => file.endsWith(".js"));
// The module world: the worker's graph and the pages' <script type="module"> graphs.
const MODULE_ROOTS = [manifest.background.service_worker, "popup/popup.js", "options/options.js"];

function importsOf(file) {
  return [...source(file).matchAll(/^import\s+(?:[^"']*?\s+from\s+)?["']([^"']+)["'];?$/gm)].map((m) => m[1]);
}

function resolve(from, specifier) {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
}

function moduleGraph() {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (file === "lib/index.js") return; // its imports are the classic libraries, checked below
    for (const specifier of importsOf(file)) visit(resolve(file, specifier));
  };
  MODULE_ROOTS.forEach(visit);
  return seen;
}

/** The namespace names a classic file registers, and the ones it reads. */
function namespaceUse(file) {
  const text = source(file);
  const provides = new Set([
    ...[...text.matchAll(/\(root\.OrderGuard = root\.OrderGuard \|\| \{\}\)\.(\w+) =/g)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:OG|root\.OrderGuard)\.(\w+) =(?!=)/g)].map((m) => m[1]),
  ]);
  const reads = new Set([...text.matchAll(/\b(?:OG|root\.OrderGuard)\??\.(\w+)/g)].map((m) => m[1]).filter((name) => !provides.has(name)));
  return { provides, reads };
}

function checkOrder(list, where) {
  const available = new Set();
  for (const file of list) {
    const { provides, reads } = namespaceUse(file);
    for (const name of reads) assert.ok(available.has(name), `${where}: ${file} reads OrderGuard.${name}, which no earlier file in the list provides`);
    for (const name of provides) available.add(name);
  }
  return available;
}

test("each content-script list loads every file after the files it reads", () => {
  for (const script of manifest.content_scripts) {
    if (script.world === "MAIN") {
      // the page world gets one self-contained file that touches nothing of ours
      assert.deepEqual(script.js, ["page/capture.js"]);
      assert.doesNotMatch(source("page/capture.js"), /OrderGuard|chrome\.|browser\./);
      continue;
    }
    checkOrder(script.js, `content_scripts [${script.js.at(-1)}]`);
  }
});

test("lib/index.js imports the classic libraries in an order that works, and exports what they register", () => {
  const imported = importsOf("lib/index.js").map((specifier) => resolve("lib/index.js", specifier));
  const available = checkOrder(imported, "lib/index.js");
  const exported = /export const \{([^}]+)\} = shared;/.exec(source("lib/index.js"))[1].split(",").map((name) => name.trim());
  for (const name of exported) assert.ok(available.has(name), `lib/index.js exports ${name}, which nothing it imports provides`);
  // and the module world asks for nothing index.js does not export
  for (const file of moduleGraph()) {
    for (const m of source(file).matchAll(/^import\s+\{([^}]+)\}\s+from\s+["']([^"']*lib\/index\.js)["']/gm)) {
      for (const name of m[1].split(",").map((n) => n.trim())) assert.ok(exported.includes(name), `${file} imports ${name} from lib/index.js`);
    }
  }
});

test("the module world: explicit imports of files that exist, the namespace read in lib/index.js only", () => {
  const graph = moduleGraph();
  for (const file of ["background.js", "background/companion.js", "background/toolbar.js", "background/language.js", "background/reminders.js",
    "popup/popup.js", "options/options.js", "ui/strings.js", "lib/index.js"]) assert.ok(graph.has(file), `${file} is not reached by an import`);
  for (const file of graph) {
    assert.ok(fs.existsSync(path.join(EXTENSION, file)), `${file} is imported but missing`);
    if (file === "lib/index.js") continue;
    assert.doesNotMatch(source(file), /OrderGuard/, `${file} reaches into the OrderGuard namespace`);
    assert.doesNotMatch(source(file), /importScripts/, file);
    for (const specifier of importsOf(file)) {
      const target = resolve(file, specifier);
      assert.ok(!target.startsWith("lib/") || target === "lib/index.js", `${file} imports the classic ${target}; import lib/index.js`);
    }
  }
  // the pages load their module and nothing else
  for (const [page, entry] of [["popup/popup.html", "popup.js"], ["options/options.html", "options.js"]]) {
    const scripts = [...source(page).matchAll(/<script\b([^>]*)>/g)].map((m) => m[1].trim());
    assert.deepEqual(scripts, [`type="module" src="${entry}"`], page);
  }
});

test("one wrapper for the browser API and for storage: lib/webext.js", () => {
  for (const file of JS) {
    if (file === "lib/webext.js") continue;
    const text = source(file);
    assert.doesNotMatch(text, /\?\?\s*(?:root|globalThis|self|window)?\.?chrome\b/, `${file} picks browser or chrome itself`);
    assert.doesNotMatch(text, /\bstorage\.(?:local|onChanged|sync|session)\b/, `${file} reads storage itself`);
  }
});
