// The search's French words (overrides/assets/javascripts/workers/kb-search-words.js)
// and queries as typed (workers/kb-search-query.js), classic scripts the worker
// loads with importScripts: run here in a sandbox.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const box = {};
box.self = box;
for (const name of ["kb-search-words.js", "kb-search-query.js"]) {
  vm.runInNewContext(readFileSync(new URL(`../../overrides/assets/javascripts/workers/${name}`, import.meta.url), "utf8"), box);
}
const W = box.kbSearchWords;
const Q = box.kbSearchQuery;

// lunr's Token and Pipeline, as much as the scripts use
class Token {
  constructor(word) { this.word = word; }
  toString() { return this.word; }
  update(fn) { this.word = fn(this.word); return this; }
}
const lunr = () => ({ Token, Pipeline: { registeredFunctions: {} } });
// a stand-in for Snowball: a plural loses its « s » only, a singular its ending (« retrait »: « retr »)
const snowball = (calls) => {
  const stemmer = (token) => {
    const word = token.toString();
    calls.push(word);
    return new Token(word.endsWith("s") ? word.slice(0, -1) : word.replace(/(e|ait)$/, ""));
  };
  stemmer.label = "stemmer-fr";
  return stemmer;
};

test("accents and case never matter, punctuation around a word is no part of it", () => {
  for (const [typed, folded] of [["Clôturé", "cloture"], ["ÉTÉ", "ete"], ["dépôt", "depot"], ["Noël", "noel"], ["kyc", "kyc"]]) {
    assert.equal(W.fold(typed), folded);
    for (const around of ["", ",", "« ", "!?", "..."]) {
      assert.equal(W.bare(around + typed + [...around].reverse().join("")), typed);
    }
  }
  assert.equal(W.bare("quelqu'un,"), "quelqu'un");
});

test("the stemmer stems the folded word before the star, each word once, and takes lunr's place", () => {
  const calls = [];
  const L = lunr();
  const safe = W.foldingStemmer(snowball(calls), L);
  assert.equal(L.Pipeline.registeredFunctions["stemmer-fr"], safe);
  assert.equal(safe.kbPatched, true);
  assert.equal(safe(new Token("Attente*")).toString(), "attent*");
  assert.equal(safe(new Token("Attenté")).toString(), "attent");
  const before = calls.length;
  for (let i = 0; i < 5; i++) assert.equal(safe(new Token("Attente*")).toString(), "attent*");
  assert.equal(calls.length, before, "a word said again is not stemmed again");
});

test("a plural the stemmer merely shortens is stemmed as its singular would be", () => {
  const safe = W.foldingStemmer(snowball([]), lunr());
  // « retraits »: the stand-in drops the « s » only, then the singular is stemmed
  const plural = (word) => safe(new Token(word + "s")).toString();
  const singular = (word) => safe(new Token(word)).toString();
  for (const word of ["retrait", "ticket", "attente", "compte"]) {
    assert.equal(plural(word), singular(word), `${word}s is stemmed as ${word}`);
  }
  assert.equal(plural("retrait"), "retr");
  assert.equal(safe(new Token("vus")).toString(), "vu", "short words keep the stemmer's own answer");
});

test("small words are dropped unless alone or being typed, and a query never ends up empty", () => {
  const small = new Set(["de", "mon", "pour", "le", "je"]);
  const isStop = (word) => word.length < 2 || small.has(word);
  const clause = (term) => ({ term });
  const words = ["de", "mon", "retrait", "pour", "compte", "je", "a"];
  for (let mask = 1; mask < 1 << words.length; mask++) {
    const query = words.filter((_, i) => mask & (1 << i));
    const kept = W.withoutSmallWords(query.map(clause), isStop).map((c) => c.term);
    assert.ok(kept.length > 0, `${query}: never empty`);
    if (query.length === 1) assert.deepEqual(kept, query);
    for (const [i, word] of query.entries()) {
      const typing = i === query.length - 1 && word.length > 2;
      if (!isStop(word) || typing || query.length === 1) assert.ok(kept.includes(word), `${query}: keeps ${word}`);
    }
    if (query.some((w) => !isStop(w))) assert.ok(kept.every((w) => !isStop(w) || (w === query.at(-1) && w.length > 2)), `${query}: drops small words`);
  }
});

test("the word shown for a stem is the titles' most frequent form, the shortest of equals, or none", () => {
  const words = W.titleWords(["Retrait en attente", "Retraits refusés", "Mon retrait", "Attentes longues", "Déjà vu"]);
  const stemOf = (word) => W.fold(word).replace(/s$/, "").replace(/e$/, "").replace(/(é|ee?)$/, "");
  assert.equal(W.displayWord(words, "retrait", stemOf), "retrait");
  assert.equal(W.displayWord(words, "attent", stemOf), "attente");
  assert.equal(W.displayWord(words, "refus", stemOf), "refusés");
  assert.equal(W.displayWord(words, "depot", stemOf), null);
  assert.ok(!words.has("en") && !words.has("vu"), "words under three letters are not shown");
});

test("the completion follows the player's accents: the site's word, or folded if typed without them", () => {
  assert.equal(W.completion("clôturé", "clô"), "clôturé");
  assert.equal(W.completion("clôturé", "clo"), "cloture");
  assert.equal(W.completion("clôturé", "x"), "clôturé");
});

test("« Non trouvé » lists words as typed, never a word the page holds, and the words found as stems", () => {
  const asked = "Retraits, quelqu'un changé";
  assert.equal(W.asTyped("quelqu'un", asked), "quelqu'un");
  assert.equal(W.asTyped("change", asked), "changé");
  assert.equal(W.asTyped("", asked), null);
  assert.equal(W.asTyped(undefined, asked), null);
  const parsed = { retrait: "retraits", chang: "change" };
  const typedOf = (stem) => W.asTyped(parsed[stem], asked);
  assert.deepEqual({ ...W.typedTerms({ retrait: true, chang: false }, {}, typedOf) }, { retrait: true, "changé": false });
  assert.deepEqual({ ...W.typedTerms({ retrait: true, chang: false }, { chang: true }, typedOf) }, { retrait: true, chang: true },
    "held anywhere in the page, even with a typo: found");
  assert.deepEqual({ ...W.typedTerms({ zzz: false }, {}, typedOf) }, {}, "a word of no query is not listed");
  assert.deepEqual({ ...W.typedTerms(undefined, {}, typedOf) }, {});
});

test("a query is parsed to folded stems, keeping the words typed", () => {
  const clauses = [{ term: "Retraits" }, { term: "refusé,*" }, { term: "x", kbWord: "x" }];
  const read = Q.parseClauses(clauses, (word) => W.fold(word).replace(/s$/, ""));
  assert.deepEqual(clauses.map((c) => c.term), ["retrait", "refuse*", "x"]);
  assert.deepEqual(clauses.map((c) => c.kbWord), ["retraits", "refuse", "x"]);
  assert.deepEqual({ ...read.parsed }, { retrait: "retraits", refuse: "refuse" });
  assert.equal(read.typed, "refusé");
  assert.equal(Q.parseClauses([{ term: "a", kbWord: "a" }], String).typed, undefined, "nothing new: the last word typed stays");
  assert.equal(Q.isSuggestion([{ term: "retrait*", fields: ["title"] }], read.parsed), true);
  assert.equal(Q.isSuggestion([{ term: "retrait", fields: ["title", "text"] }], read.parsed), false);
  assert.equal(Q.isSuggestion(clauses, read.parsed), false);
  assert.equal(Q.isSuggestion([], read.parsed), false);
});

test("only the word being typed is a prefix; stems of five letters forgive one typo, of eight two", () => {
  for (const words of [["retrait", "crypto", "refus"], ["kyc"], ["authentification", "ko"], ["bonus", "bonus"]]) {
    const clauses = words.map((w, i) => ({ term: w + "*", kbWord: w, fields: ["title", "text"], editDistance: 0, i }));
    const q = { clauses, clause(c) { this.clauses.push(c); } };
    const stems = [];
    Q.shape(q, false, stems, (c) => c, (w) => w, "optional");
    const typedClauses = q.clauses.filter((c) => c.i !== undefined);
    assert.deepEqual(typedClauses.map((c) => c.term.endsWith("*")), words.map((_, i) => i === words.length - 1));
    assert.ok(typedClauses.every((c) => c.usePipeline === false), "already stemmed");
    assert.deepEqual(stems, [...new Set(words)]);
    const typos = q.clauses.filter((c) => c.i === undefined);
    const expected = words.filter((w) => w.length >= Q.FUZZY_MIN);
    assert.deepEqual(typos.map((c) => c.term), expected, `${words}: a typo clause for each word of five letters or more`);
    assert.ok(typos.every((c) => c.editDistance === (c.term.length >= 8 ? 2 : 1) && c.presence === "optional" && c.boost < 1));
  }
});

test("the query's small words are dropped and a word not stemmed yet is stemmed once", () => {
  const q = { clauses: [{ term: "de", fields: ["text"] }, { term: "Retraits", fields: ["text"] }], clause(c) { this.clauses.push(c); } };
  const stems = [];
  Q.shape(q, false, stems, (cs) => cs.filter((c) => c.term !== "de"), (w) => w.toLowerCase().replace(/s$/, ""), 1);
  assert.deepEqual(stems, ["retrait"]);
  assert.equal(q.clauses[0].usePipeline, true, "lunr's pipeline stems it");
  assert.deepEqual(q.clauses.map((c) => c.term), ["Retraits", "retrait"]);
});
