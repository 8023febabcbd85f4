/* The two secrets-free things the worker works out from the pairing token (the companion's config.py does
   the same in Python): the short pairing code the buyer compares, and the answer the real companion must
   give to a random challenge before anything else is sent to it. Pure functions over crypto.subtle. */

const CODE_INPUT = "order-guard pairing code v1";
const HELLO_PREFIX = "order-guard hello v1";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

async function hmac(key, message) {
  const enc = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey("raw", enc.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, enc.encode(message)));
}

/** "ABC-DEF": the first 30 bits of HMAC-SHA256(token, CODE_INPUT) in base32. */
export async function pairingCode(token) {
  const bytes = await hmac(token, CODE_INPUT);
  let bits = 0;
  let value = 0;
  let code = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && code.length < 6) {
      code += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (code.length === 6) break;
    value &= (1 << bits) - 1;
  }
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** A fresh random challenge: 32 bytes, URL-safe base64 without padding. */
export function newChallenge() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** HMAC-SHA256(token, "order-guard hello v1|<port>|<challenge>") in hex: what the real companion on that port answers. */
export async function helloProof(token, port, challenge) {
  const bytes = await hmac(token, `${HELLO_PREFIX}|${Number(port)}|${challenge}`);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two proofs without stopping at the first different character. */
export function sameProof(a, b) {
  if (typeof a !== "string" || typeof b !== "string" || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/* Versions, told at pairing: the companion's hello answer carries its API level (`api`), its version and the
   lowest extension API level it works with (`min_extension_api`); companion/__init__.py keeps its side. */
export const EXTENSION_API = 1;  // the API level this extension speaks
export const MIN_COMPANION_API = 1;  // the lowest companion API level it works with

/**
 * Which of the two is too old, from a proven hello answer: null (they work together), "companion-too-old"
 * or "extension-too-old"; with the companion's version for the message ("" when it did not say: older still).
 */
export function versionCheck(answer, { extensionApi = EXTENSION_API, minCompanionApi = MIN_COMPANION_API } = {}) {
  const body = answer && typeof answer === "object" ? answer : {};
  const api = Number.isInteger(body.api) ? body.api : 0;  // a companion from before the levels were told
  const version = typeof body.version === "string" ? body.version.slice(0, 32) : "";
  const needs = Number.isInteger(body.min_extension_api) ? body.min_extension_api : 0;
  if (api < minCompanionApi) return { problem: "companion-too-old", version };
  if (extensionApi < needs) return { problem: "extension-too-old", version };
  return { problem: null, version };
}
