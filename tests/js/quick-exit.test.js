// « Quitter ce site »: Escape pressed three times within five seconds leaves;
// any other key, a pause, or a key held down does not count towards it.
import assert from "node:assert/strict";
import { test } from "node:test";
globalThis.self = globalThis;  // kb-material.js, a classic script, names the global `self`
const { PRESSES, WINDOW_MS, pressed } = await import("../../overrides/assets/javascripts/kb/quick-exit.js");
const { memoryStorage } = await import("../../overrides/assets/javascripts/kb/state.js");

/* Feed [key, repeat, time] presses; the index of the press that leaves, or -1. */
function run(keys) {
  let state = { count: 0, first: 0 };
  for (const [i, [key, repeat, now]] of keys.entries()) {
    const next = pressed(state, key, repeat, now);
    if (next.exit) return i;
    state = next;
  }
  return -1;
}

const esc = (now, repeat = false) => ["Escape", repeat, now];

test("three presses within the window leave, on the third", () => {
  assert.equal(PRESSES, 3);
  for (const start of [0, 1_000, 1_700_000_000_000]) {
    for (const gap of [0, 1, 100, Math.floor(WINDOW_MS / 2)]) {
      assert.equal(run([esc(start), esc(start + gap), esc(start + 2 * gap)]), 2, JSON.stringify({ start, gap }));
    }
  }
});

test("two presses then a pause longer than the window start again", () => {
  for (const pause of [WINDOW_MS + 1, WINDOW_MS + 100, 60_000]) {
    assert.equal(run([esc(0), esc(10), esc(pause)]), -1);
    // the late press is a first one: two more leave
    assert.equal(run([esc(0), esc(10), esc(pause), esc(pause + 10), esc(pause + 20)]), 4);
  }
  // the window counts from the first press of the series
  assert.equal(run([esc(0), esc(WINDOW_MS - 1), esc(WINDOW_MS + 1)]), -1);
  assert.equal(run([esc(0), esc(WINDOW_MS - 1), esc(WINDOW_MS)]), 2);
});

test("a key held down is one press", () => {
  const held = [esc(0), esc(30, true), esc(60, true), esc(90, true)];
  assert.equal(run(held), -1);
  assert.equal(run([...held, esc(500)]), -1);
  assert.equal(run([...held, esc(500), esc(600)]), 5);
});

test("any other key between the presses breaks the series", () => {
  for (const other of ["Enter", "Tab", "Shift", "a", " ", "Esc", "escape", ""]) {
    assert.equal(run([esc(0), esc(10), [other, false, 20], esc(30)]), -1, other);
    assert.equal(run([esc(0), [other, false, 5], esc(10), esc(20), esc(30)]), 4, other);
  }
});

test("the count is what a screen reader is told after the first and second press", () => {
  let state = { count: 0, first: 0 };
  const counts = [];
  for (const now of [0, 10, 20]) {
    state = pressed(state, "Escape", false, now);
    counts.push(state.count);
  }
  assert.deepEqual(counts, [1, 2, 0]);
  assert.equal(state.exit, true);
});

test("the memory storage keeps strings, like sessionStorage, and nothing else sees them", () => {
  const a = memoryStorage(), b = memoryStorage();
  assert.equal(a.getItem("kb-flow:x"), null);
  a.setItem("kb-flow:x", { toString: () => "v" });
  assert.equal(a.getItem("kb-flow:x"), "v");
  assert.equal(b.getItem("kb-flow:x"), null);
  a.removeItem("kb-flow:x");
  assert.equal(a.getItem("kb-flow:x"), null);
  assert.equal(a.getItem("__proto__"), null);
});

test("the exit address: a whole http(s) address as given, anything else the neutral page", async () => {
  const { NEUTRAL, exitUrl } = await import("../../overrides/assets/javascripts/kb/quick-exit.js");
  assert.equal(new URL(NEUTRAL).protocol, "https:");
  for (const good of ["https://www.service-public.fr/", "http://meteo.example/ville?x=1", "https://x.fr:8443/a"]) {
    assert.equal(exitUrl(good), new URL(good).href, good);
  }
  // what a browser cannot open, or a link to no page: never thrown, never blank
  for (const bad of ["https://x.fr:99999/", "http://[::1/", "", "not a url", "/relatif", "javascript:alert(1)",
    "data:text/html,x", "mailto:a@b.fr", "https://", null, undefined, 42]) {
    assert.equal(exitUrl(bad), NEUTRAL, String(bad));
  }
});
