const test = require("node:test");
const assert = require("node:assert/strict");
const { debounce } = require("../../extension/lib/debounce.js");

test("debounce collapses a burst into one call with the last arguments", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const calls = [];
  const fn = debounce((x) => calls.push(x), 100);
  fn(1);
  t.mock.timers.tick(50);
  fn(2);
  t.mock.timers.tick(50);
  fn(3);
  assert.deepEqual(calls, []);
  assert.equal(fn.pending(), true);
  t.mock.timers.tick(100);
  assert.deepEqual(calls, [3]);
  assert.equal(fn.pending(), false);
});

test("debounce still fires within maxWait while calls keep coming", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const calls = [];
  const fn = debounce(() => calls.push(Date.now()), 100, { maxWait: 300 });
  for (let i = 0; i < 10; i++) {
    fn();
    t.mock.timers.tick(60);
  }
  assert.ok(calls.length >= 1, "fired during the storm");
  assert.ok(calls[0] <= 300);
});

test("cancel drops a pending call", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"] });
  let called = false;
  const fn = debounce(() => (called = true), 100);
  fn();
  fn.cancel();
  t.mock.timers.tick(500);
  assert.equal(called, false);
});

test("leading debounce runs the first call at once and collapses the rest of the burst", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"] });
  const calls = [];
  const fn = debounce((x) => calls.push(x), 100, { leading: true, maxWait: 400 });
  fn(1);
  assert.deepEqual(calls, [1]);
  fn(2);
  t.mock.timers.tick(50);
  fn(3);
  assert.deepEqual(calls, [1]);
  t.mock.timers.tick(100);
  assert.deepEqual(calls, [1, 3]);
  t.mock.timers.tick(500);
  fn(4); // a new quiet period: at once again
  assert.deepEqual(calls, [1, 3, 4]);
  t.mock.timers.tick(200);
  assert.deepEqual(calls, [1, 3, 4], "no trailing call when nothing came after the leading one");
});
