// The panel's layout of a hint (extension/lib/hintview.js): which actions show first, menu paths, the dispute-day question.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { splitActions, menuPaths, pathArrow, localDay, asksDisputeDate, disputeOpenedDay, FIRST_ACTIONS } = require("../../extension/lib/hintview.js");

const RULES = path.join(__dirname, "..", "..", "companion", "i18n", "locales");
const rules = (lang) => JSON.parse(fs.readFileSync(path.join(RULES, lang, "rules.json"), "utf8"));
const action = (key, more) => ({ key, title: key, text: `${key} text`, ...(more === undefined ? {} : { more }) });

test("actions with more: false come first, at most three; the rest wait behind More in the hint's order", () => {
  const list = [action("a", false), action("b", true), action("c", false), action("d", false), action("e", true)];
  const { first, more } = splitActions(list);
  assert.deepEqual(first.map((a) => a.key), ["a", "c", "d"]);
  assert.deepEqual(more.map((a) => a.key), ["b", "e"]);
  assert.equal(FIRST_ACTIONS, 3);
});

test("never more than three first, even when more than three say more: false", () => {
  const list = ["a", "b", "c", "d", "e"].map((k) => action(k, false));
  const { first, more } = splitActions(list);
  assert.deepEqual(first.map((a) => a.key), ["a", "b", "c"]);
  assert.deepEqual(more.map((a) => a.key), ["d", "e"]);
});

test("an older companion without `more`: the first three, then More; empty and odd entries dropped", () => {
  const list = [action("a"), null, { key: "blank" }, action("b"), action("c"), action("d")];
  const { first, more } = splitActions(list);
  assert.deepEqual(first.map((a) => a.key), ["a", "b", "c"]);
  assert.deepEqual(more.map((a) => a.key), ["d"]);
  assert.deepEqual(splitActions(undefined), { first: [], more: [] });
  assert.deepEqual(splitActions([action("a", true)]), { first: [], more: [action("a", true)] });
});

test("the live-agent menu path is found in every language's explanation, its steps in the order they are taken", () => {
  const steps = ["Payment failed", "Other order issues", "Extra Money"];
  for (const lang of ["en", "he", "ru"]) {
    const explanation = rules(lang)["action.live_agent.menu.explanation"];
    const parts = menuPaths(explanation);
    const paths = parts.filter((p) => typeof p !== "string");
    assert.equal(paths.length, 1, `${lang}: ${JSON.stringify(parts)}`);
    assert.deepEqual(paths[0].path.slice(0, 3), steps, lang);
    assert.equal(paths[0].path.at(-1), "Chat with an agent now", lang);
    // the plain parts keep the rest of the sentence, nothing lost but the separators
    const plain = parts.filter((p) => typeof p === "string").join("|");
    assert.ok(plain.endsWith(explanation.slice(explanation.indexOf("Chat with an agent now") + "Chat with an agent now".length)), lang);
  }
});

test("a path written with '>' (three steps or more) is a path; 'a > b' in a sentence and arrows without spaces are not", () => {
  assert.deepEqual(menuPaths("Extra > Other order issues > Payment failed"), [{ path: ["Extra", "Other order issues", "Payment failed"] }]);
  assert.deepEqual(menuPaths("Go to: Extra > Other order issues > Payment failed. Then paste it."),
    ["Go to: ", { path: ["Extra", "Other order issues", "Payment failed"] }, ". Then paste it."]);
  assert.deepEqual(menuPaths("Choose: Orders → Open dispute"), ["Choose: ", { path: ["Orders", "Open dispute"] }]);
  assert.deepEqual(menuPaths("If 5 > 3 then"), ["If 5 > 3 then"]);
  assert.deepEqual(menuPaths("a->b and x>y>z"), ["a->b and x>y>z"]);
  assert.deepEqual(menuPaths(""), []);
  assert.deepEqual(menuPaths(null), []);
});

test("the arrow between steps points the way the panel reads", () => {
  assert.equal(pathArrow(false), "→");
  assert.equal(pathArrow(true), "←");
});

test("today and yesterday are the buyer's own calendar days", () => {
  const evening = new Date(2026, 2, 1, 23, 30); // 1 March, local time
  assert.equal(localDay(evening, 0), "2026-03-01");
  assert.equal(localDay(evening, 1), "2026-02-28");
  assert.equal(localDay(new Date(2026, 0, 1, 0, 5), 1), "2025-12-31");
});

test("the panel asks for the dispute day only for a dispute whose day the companion does not know", () => {
  const dispute = { order_id: "8100000000000001", hint: { state: "dispute" }, dispute_opened_at: null };
  assert.equal(asksDisputeDate(dispute), true);
  assert.equal(asksDisputeDate({ ...dispute, dispute_opened_at: undefined }), true);
  assert.equal(asksDisputeDate({ ...dispute, dispute_opened_at: "2026-11-20T00:00:00-08:00" }), false);
  assert.equal(asksDisputeDate({ ...dispute, hint: { state: "active" } }), false);
  assert.equal(asksDisputeDate({ ...dispute, hint: { state: "awaiting_return" } }), false);
  assert.equal(asksDisputeDate(null), false);
  assert.equal(disputeOpenedDay({ dispute_opened_at: "2026-11-20T00:00:00-08:00" }), "2026-11-20");
  assert.equal(disputeOpenedDay({ dispute_opened_at: null }), "");
});
