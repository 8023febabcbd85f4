// The reporter ./scripts/test gives `node --test`: each failing test with its error, the tests' own
// output, then one line of counts (in place of a TAP line for every test).
import { relative } from "node:path";

function where(file) {
  return file ? ` (${relative(process.cwd(), file)})` : "";
}

function reason(error) {
  const cause = error && error.cause ? error.cause : error;
  return String((cause && (cause.stack || cause.message)) || cause).split("\n").slice(0, 12).join("\n    ");
}

export default async function* summary(source) {
  const started = Date.now();
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for await (const event of source) {
    const data = event.data || {};
    const leaf = !data.details || data.details.type !== "suite";
    if (event.type === "test:pass" && leaf) {
      counts[data.skip ? "skipped" : data.todo ? "todo" : "passed"] += 1;
    } else if (event.type === "test:fail" && leaf) {
      counts.failed += 1;
      yield `FAILED ${data.name}${where(data.file)}\n    ${reason(data.details && data.details.error)}\n`;
    } else if (event.type === "test:stdout" || event.type === "test:stderr") {
      yield data.message;
    }
  }
  const extra = ["skipped", "todo"].filter((k) => counts[k]).map((k) => `, ${counts[k]} ${k}`).join("");
  yield `node --test: ${counts.passed} passed, ${counts.failed} failed${extra} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`;
}
