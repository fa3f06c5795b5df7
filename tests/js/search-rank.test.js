// The search's page coverage (overrides/assets/javascripts/workers/kb-search-rank.js),
// a classic script the worker loads with importScripts: run here in a sandbox.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const box = {};
box.self = box;
vm.runInNewContext(readFileSync(new URL("../../overrides/assets/javascripts/workers/kb-search-rank.js", import.meta.url), "utf8"), box);
const { byPageCover } = box.kbSearchRank;

const result = (ref, score, terms) => ({ ref, score, matchData: { metadata: terms } });
const order = (results) => results.map((r) => r.ref);

test("a page holding more of the words, in any of its documents, comes before a rarer single match", () => {
  const results = [
    result("jeu/", 50, { clotur: { keywords: {} } }),
    result("contester/", 33, { accord: { keywords: {} } }),
    result("contester/#s", 2, { ticket: { text: {} } }),
  ];
  assert.deepEqual(order(byPageCover(results, ["ticket", "clotur", "accord"])), ["contester/", "jeu/", "contester/#s"]);
});

test("the page whose own title holds the words comes before one whose keywords merely hold them", () => {
  const results = [
    result("depot/", 70, { crypto: { keywords: {} }, refus: { keywords: {}, title: {} } }),
    result("retrait/", 66, { retr: { title: {}, text: {} }, refus: { title: {} } }),
  ];
  assert.deepEqual(order(byPageCover(results, ["retr", "crypto", "refus"])), ["retrait/", "depot/"]);
});

test("a one-word query keeps lunr's order", () => {
  const results = [result("a/", 3, { kyc: { text: {} } }), result("b/", 2, { kyc: { title: {} } })];
  assert.deepEqual(order(byPageCover(results, ["kyc"])), ["a/", "b/"]);
});
