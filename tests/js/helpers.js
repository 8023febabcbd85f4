const fs = require("node:fs");
const path = require("node:path");

const LOCALES = path.join(__dirname, "..", "..", "extension", "_locales");

function bundle(lang) {
  return JSON.parse(fs.readFileSync(path.join(LOCALES, lang, "messages.json"), "utf8"));
}

module.exports = { bundle, LOCALES };
