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

// Queries typed faster than answered (kb-search-worker.js): the newest only, in a later task.
const { latestOnly, changedOnly } = box.kbSearchRank;

test("of the queries typed while the worker is busy, only the newest is run, and the last always is", () => {
  // every way of interleaving typed queries and the worker's free moments
  for (let seed = 0; seed < 500; seed++) {
    const tasks = [];
    const ran = [];
    const push = latestOnly((q) => ran.push(q), (fn) => tasks.push(fn));
    let typed = 0;
    let random = seed * 7919 + 1;
    const next = () => (random = (random * 48271) % 2147483647) / 2147483647;
    for (let step = 0; step < 30; step++) {
      if (next() < 0.6) push(++typed);
      else if (tasks.length) tasks.shift()();
    }
    while (tasks.length) tasks.shift()();
    if (!typed) continue;
    assert.equal(ran.at(-1), typed, `seed ${seed}: the last query typed is answered`);
    assert.deepEqual(ran, [...ran].sort((a, b) => a - b), `seed ${seed}: never an older query after a newer one`);
    assert.equal(new Set(ran).size, ran.length, `seed ${seed}: no query answered twice`);
  }
});

test("a query typed past before the worker is free is never run", () => {
  const tasks = [];
  const ran = [];
  const push = latestOnly((q) => ran.push(q), (fn) => tasks.push(fn));
  push("r"); push("re"); push("ret");
  assert.equal(tasks.length, 1);
  tasks.shift()();
  assert.deepEqual(ran, ["ret"]);
});

test("an answer that would redraw the same list is not sent; an empty one always is", () => {
  const send = changedOnly();
  assert.equal(send("A", false), true);
  assert.equal(send("A", false), false, "the same list again (« retrait » then « retrait  »)");
  assert.equal(send("B", false), true);
  assert.equal(send("A", false), true, "back to the list before");
  assert.equal(send("[]", true), true);
  assert.equal(send("[]", true), true, "« no result » or « type »: Material reads the box");
  assert.equal(send("A", false), true, "after an empty list, the list is drawn again");
});
