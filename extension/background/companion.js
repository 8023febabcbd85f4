/* The service worker's HTTP client for the companion. The worker can be stopped at any moment, so the
   connection (port, token) is read from storage (lib/webext.js) on every call, never kept in a variable.
   Whatever answers on the port is not trusted until it proves it knows the paired token: every call first
   sends a random challenge to POST /api/v1/hello (no token, no page) and goes on only when the answer equals
   the worker's own HMAC (background/proof.js). Something else on the port gets nothing: reason "impostor". */
import { messages, webext } from "../lib/index.js";
import { translator } from "./language.js";
import { helloProof, newChallenge, sameProof, versionCheck } from "./proof.js";

const { ok, failure, isPort, isToken } = messages;
const TIMEOUT_MS = 30000;
const HEALTH_TIMEOUT_MS = 3000;

export function base(port) {
  return `http://127.0.0.1:${port}`;
}

async function fetchJson(url, init, timeoutMs, timing = null) {
  const sent = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), credentials: "omit", cache: "no-store" });
  const headed = performance.now();
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (timing) {
    const parts = serverParts(response);
    Object.assign(timing, { request: headed - sent, read: performance.now() - headed, companion: parts.companion ?? null,
      companionBody: parts.body ?? null, companionRead: parts.read ?? null, companionStore: parts.store ?? null,
      companionToolbar: parts.toolbar ?? null, companionAnswer: parts.answer ?? null });
  }
  return { status: response.status, body };
}

/* Whether the companion starts with the computer, as its health answer last said: when it is down it cannot say,
   and the buyer is told how it is normally started. Kept in storage (key "autostart"), written only on a change. */
const AUTOSTART_KEY = "autostart";

async function rememberAutostart(body) {
  if (typeof body.autostart !== "boolean") return;
  if ((await webext.read(AUTOSTART_KEY)) !== body.autostart) await webext.write({ [AUTOSTART_KEY]: body.autostart });
}

/** The last autostart flag the companion reported: true, false, or null when it never said. */
export async function rememberedAutostart() {
  const value = await webext.read(AUTOSTART_KEY);
  return typeof value === "boolean" ? value : null;
}

/** failure("down") with what the buyer needs to start the companion again (its remembered autostart state). */
export async function down(port) {
  return failure("down", "", { port, autostart: await rememberedAutostart() });
}

export async function health(port) {
  let answer;
  try {
    answer = await fetchJson(`${base(port)}/api/v1/health`, {}, HEALTH_TIMEOUT_MS);
  } catch (_) {
    return null;
  }
  const { status, body } = answer;
  if (!(status === 200 && body && body.status === "ok")) return null;
  await rememberAutostart(body);
  return body;
}

/**
 * Whether the program on the port knows `token`, without sending it: "ok", "down" (nothing answers) or
 * "impostor" (something answers, but not with the right proof).
 */
export async function hello(port, token) {
  return (await helloAnswer(port, token)).state;
}

/** hello(), with the proven answer (its versions) when the state is "ok". */
async function helloAnswer(port, token) {
  const challenge = newChallenge();
  // the answer the real companion must give, worked out while the request is on its way
  const expected = helloProof(token, port, challenge);
  let result;
  try {
    result = await fetchJson(`${base(port)}/api/v1/hello`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ challenge }),
    }, HEALTH_TIMEOUT_MS);
  } catch (_) {
    return { state: "down", body: null };
  }
  const given = result.status === 200 && result.body ? result.body.proof : null;
  return sameProof(given, await expected) ? { state: "ok", body: result.body } : { state: "impostor", body: null };
}

/** A failure saying plainly which of the two is too old, in the buyer's language; null when they work together
    (or when the companion does not prove itself this time: the caller's own checks say what that is). */
async function versionFailure(port, token) {
  const { state, body } = await helloAnswer(port, token);
  if (state !== "ok") return null;
  const { problem, version } = versionCheck(body);
  if (!problem) return null;
  const { t } = await translator();
  const shown = version || t("versionUnknown");
  const key = problem === "companion-too-old" ? "versionCompanionTooOld" : "versionExtensionTooOld";
  // "rejected" with the words to show (lib/messages.js REASONS); tooOld says which of the two
  return failure("rejected", t(key, [shown]), { port, tooOld: problem, companionVersion: version });
}

/* Where a call's time goes, when the caller passes a `timing` object (the page post does, for the benchmark's
   rows): proving the companion, the request until its answer's headers, the companion's own share of that and
   its parts (its Server-Timing header: `companion`, and for a page `body`, `read`, `store`, `toolbar`, `answer`), and reading the
   answer; in milliseconds. */
function serverParts(response) {
  const parts = {};
  const header = (response.headers && response.headers.get("Server-Timing")) || "";
  for (const entry of header.split(",")) {
    const match = /^\s*([a-z]+);dur=([\d.]+)\s*$/.exec(entry);
    if (match && !(match[1] in parts)) parts[match[1]] = Number(match[2]);
  }
  return parts;
}

/** One API call. Resolves to ok(body) or failure(reason, message, {port}); never rejects. */
export async function call(path, { method = "GET", body, lang, port: portOverride, token: tokenOverride, timing = null } = {}) {
  const began = performance.now();
  const saved = await webext.connection();
  const port = portOverride || saved.port;
  const token = tokenOverride || saved.token;
  if (!token) {
    return (await health(port)) ? failure("unpaired", "", { port }) : down(port);
  }
  const proven = await hello(port, token);
  if (proven === "impostor") {
    return failure("impostor", `Something else is answering on port ${port}. It cannot prove it is your companion, so nothing was sent to it.`, { port });
  }
  if (proven === "down") return down(port);
  if (proven !== "ok") return failure(proven, "", { port });
  if (timing) timing.hello = performance.now() - began;
  // a caller may pass the promise of it (read while the companion proved itself); unreadable: the companion's default
  const language = await Promise.resolve(lang).catch(() => null);
  const query = language ? `${path.includes("?") ? "&" : "?"}lang=${encodeURIComponent(language)}` : "";
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let result;
  try {
    result = await fetchJson(`${base(port)}/api/v1${path}${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, TIMEOUT_MS, timing);
  } catch (_) {
    return down(port);
  }
  if (result.status === 401) return failure("unpaired", "", { port });
  if (result.status >= 200 && result.status < 300) return ok(result.body);
  const message = result.body && result.body.error && result.body.error.message;
  return failure("rejected", message || `The companion answered ${result.status}.`, { port });
}

/** How many orders the companion holds (``total`` counts them even when none are sent along). */
function orderCount(data) {
  if (data && Number.isInteger(data.total)) return data.total;
  return data && Array.isArray(data.orders) ? data.orders.length : 0;
}

/** Checks a port + token pair (the hello proof, then an authenticated call) and stores it when it works. */
export async function pair(port, token) {
  if (!isPort(port) || !isToken(token)) return failure("bad-message", "bad port or token");
  const proven = await hello(port, token.trim());
  if (proven === "down") return down(port);
  if (proven !== "ok") return failure("unpaired", "", { port });  // a token this server does not know
  const tooOld = await versionFailure(port, token.trim());
  if (tooOld) return tooOld;  // nothing is stored: the buyer updates one of the two, then pairs
  const answer = await call("/orders?limit=0", { port, token: token.trim() });
  if (!answer.ok) return answer;
  await webext.saveConnection({ port: Number(port), token: token.trim(), pairedAt: new Date().toISOString() });
  return ok({ port: Number(port), orders: orderCount(answer.data) });
}

/** Connection state for the options page and popup. */
export async function status() {
  const { port, token } = await webext.connection();
  const alive = await health(port);
  if (!alive) return { state: "down", port, autostart: await rememberedAutostart() };
  if (!token) return { state: "unpaired", port };
  const answer = await call("/orders?limit=0", {});
  if (!answer.ok) return { state: answer.reason, port };
  return { state: "connected", port, orders: orderCount(answer.data), version: alive.version };
}
