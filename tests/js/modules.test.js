// Every module of the flow but its entry point (main.js) can be imported with
// no page at all: nothing touches `document` or `window` at import time.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";

const DIR = new URL("../../overrides/assets/javascripts/kb/", import.meta.url);
const MODULES = readdirSync(DIR).filter((name) => name.endsWith(".js") && name !== "main.js");

test("the flow is split into small modules", () => {
  assert.ok(MODULES.length >= 10, MODULES.join(", "));
});

for (const name of MODULES) {
  test(`${name} imports without a page`, async () => {
    assert.equal(typeof globalThis.document, "undefined");
    assert.equal(typeof globalThis.window, "undefined");
    globalThis.self = globalThis;  // kb-material.js, a classic script, names the global `self`
    const module = await import(new URL(name, DIR));
    assert.ok(Object.keys(module).length > 0, `${name} exports nothing`);
  });
}
