import test from "node:test";
import assert from "node:assert/strict";
import { helloProof, newChallenge, pairingCode, sameProof } from "../../extension/background/proof.js";

// The same vectors as tests/api/test_dashboard_session.py: the worker and companion/config.py agree.
const TOKEN = "t".repeat(43);
const CHALLENGE = "c".repeat(43);

test("the pairing code is the companion's", async () => {
  assert.equal(await pairingCode(TOKEN), "RDN-D4A");
  assert.notEqual(await pairingCode("u".repeat(43)), "RDN-D4A");
  assert.match(await pairingCode(newChallenge()), /^[A-Z2-7]{3}-[A-Z2-7]{3}$/);
});

test("the hello proof is the companion's and bound to the port", async () => {
  const proof = await helloProof(TOKEN, 8778, CHALLENGE);
  assert.equal(proof, "0962a85a1aec93961de02e7222db070c8e6c36d274e38975fdfff6e0a2c25a13");
  assert.notEqual(await helloProof(TOKEN, 8779, CHALLENGE), proof);
  assert.ok(sameProof(proof, proof.slice()));
  assert.ok(!sameProof(proof, "0".repeat(64)) && !sameProof(proof, null) && !sameProof(proof, proof.slice(1)));
});

test("challenges are fresh and URL-safe", () => {
  const a = newChallenge();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newChallenge());
});
