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

test("the page titled with the query's first word, holding as many words, comes first, the others' rarer words notwithstanding", () => {
  // « retrait crypto refusé »: the deposit page holds « retrait » in a section and « crypto » in its keywords
  for (const score of [80, 120, 150]) {
    const results = [
      result("depot/", score, { crypto: { keywords: {} }, refus: { title: {} } }),
      result("depot/#s", 5, { retrait: { text: {} } }),
      result("retrait/", 60, { retrait: { title: {} }, refus: { title: {} } }),
      result("retrait/#c", 3, { crypto: { text: {} } }),
    ];
    assert.equal(byPageCover(results, ["retr", "crypto", "refus"])[0].ref, "retrait/", `deposit at ${score}`);
  }
});

test("the first word favours no page that holds fewer of the words", () => {
  // « ticket clôturé je ne suis pas d'accord »: « Préparer un ticket » holds ticket only
  const results = [
    result("preparer/", 90, { ticket: { title: {}, text: {} } }),
    result("contester/", 40, { ticket: { keywords: {} }, clotur: { keywords: {} }, accord: { text: {} } }),
  ];
  assert.equal(byPageCover(results, ["ticket", "clotur", "accord"])[0].ref, "contester/");
});

test("a reference page counts only the terms it defines", () => {
  const reference = { "glossaire/": true };
  const results = [
    result("glossaire/", 60, { bonus: { keywords: {} }, credit: { text: {} }, cod: { text: {} } }),
    result("bonus/", 20, { bonus: { title: {} }, cod: { title: {} } }),
  ];
  assert.equal(byPageCover(results, ["bonus", "credit", "cod"], reference)[0].ref, "bonus/");
});

test("a reference page whose terms hold no word of the query leaves the results; other pages stay", () => {
  const { withoutStrayReference } = box.kbSearchRank;
  const reference = { "glossaire/": true, "": true };
  const results = [
    result("securite/", 9, { vol: { text: {} } }),
    result("glossaire/", 3, { vol: { text: {} } }),
    result("", 2, { mdp: { text: {} } }),
    result("glossaire/#wagering", 1, { wager: { keywords: {} } }),
  ];
  assert.deepEqual(order(withoutStrayReference(results, reference)), ["securite/", "glossaire/#wagering"]);
});

test("a page holds a word typed with the typo the search forgives, never a word it lacks", () => {
  const { heldByPage } = box.kbSearchRank;
  const held = heldByPage([
    result("connexion/", 5, { identifi: { title: {} }, incorrect: { text: {} } }),
    result("connexion/#mdp", 2, { oubli: { text: {} } }),
    result("kyc/", 1, { incorrect: { text: {} } }),
  ], ["identifient", "incorrect", "oubli", "crypto"]);
  assert.deepEqual(Object.keys(held["connexion/"]).sort(), ["identifient", "incorrect", "oubli"]);
  assert.deepEqual(Object.keys(held["kyc/"]), ["incorrect"]);
});
