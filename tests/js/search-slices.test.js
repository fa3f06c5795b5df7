// A large site's first answer (overrides/assets/javascripts/workers/kb-search-slices.js)
// and the index's pages (workers/kb-search-pages.js), classic scripts the worker
// loads with importScripts: run here in a sandbox, with a clock of our own.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

let now = 0;
const box = { performance: { now: () => now } };
box.self = box;
for (const name of ["kb-search-slices.js", "kb-search-pages.js"]) {
  vm.runInNewContext(readFileSync(new URL(`../../overrides/assets/javascripts/workers/${name}`, import.meta.url), "utf8"), box);
}
const S = box.kbSearchSlices;
const P = box.kbSearchPages;
const plain = (value) => JSON.parse(JSON.stringify(value));  // the sandbox's arrays, as ours

const docs = (count, sections) => Array.from({ length: count }, (_, i) => ({
  location: sections && i % 3 ? `p${Math.floor(i / 3)}/#s${i % 3}` : `p${Math.floor(i / 3)}/`, title: `Page ${i}`, text: "…",
}));

test("the index is built in slices from the build's threshold (else 400 documents), only if it holds sections", () => {
  for (const count of [0, 1, 399, 400, 401, 1000]) {
    assert.equal(S.sliced(docs(count, true)), count >= S.SLICES_FROM);
    assert.equal(S.sliced(docs(count, false)), false, "pages without sections: titles are the whole index");
    for (const from of [0, 1, 10, 500]) assert.equal(S.sliced(docs(count, true), from), count >= from && count > 1);
  }
});

test("the first index holds each page's title only", () => {
  const doc = { location: "a/", title: "Retrait", text: "long", keywords: "crypto", kind: "flow" };
  assert.deepEqual({ ...S.titleOnly(doc, { title: 1, text: 1, keywords: 1 }) },
    { location: "a/", title: "Retrait", text: "", keywords: "", kind: "flow" });
});

test("every document is added whole, in order, a slice at a time, to a builder set as Material's, then built", () => {
  for (const [count, perDoc] of [[0, 1], [1, 1], [50, 1], [50, 5], [1000, 0.5]]) {
    const added = [];
    let built = 0, done = 0;
    class Builder {
      add(doc, attributes) { added.push([doc, attributes]); now += perDoc; }
      build() { built += 1; assert.equal(added.length, count, "built once every document is in"); }
    }
    const settings = { _ref: "location", _fields: { title: {} }, tokenizer: 1, pipeline: 2, searchPipeline: 3,
                       metadataWhitelist: 4, _b: 0.75, _k1: 1.2 };
    const all = docs(count, true).map((doc, i) => [doc, { boost: i }]);
    const tasks = [];
    let builder = null;
    S.addInSlices({ Builder: class extends Builder { constructor() { super(); builder = this; } } }, settings, all,
      () => { done += 1; }, (run) => tasks.push(run));
    assert.equal(added.length, 0, "nothing before the first answer: the first slice is a later task");
    assert.deepEqual({ ...builder }, settings);
    let slices = 0;
    while (tasks.length) { tasks.shift()(); slices += 1; assert.ok(slices <= count + 1); }
    assert.deepEqual(added, all);
    assert.equal(built, 1);
    assert.equal(done, 1);
    if (count * perDoc > 3 * S.SLICE_MS) assert.ok(slices > 2, `${count} documents: in several slices`);
  }
});

test("the index's pages: titles of pages (not sections, no markup), reference pages, every title", () => {
  const pages = P.pagesOf([
    { location: "glossaire/", title: "Glossaire", kind: "reference" },
    { location: "glossaire/#kyc", title: "<code>KYC</code>", kind: "reference" },
    { location: "retrait/", title: "Retrait <em>refusé</em>" },
  ]);
  assert.deepEqual({ ...pages.titles }, { "glossaire/": "Glossaire", "retrait/": "Retrait refusé" });
  assert.deepEqual({ ...pages.reference }, { "glossaire/": true });
  assert.deepEqual([...pages.all], ["Glossaire", "KYC", "Retrait refusé"]);
});

test("suggestions: each page once, best first, at most the limit, from the text's last twelve words as prefixes", () => {
  const titles = { "a/": "A", "b/": "B", "c/": "C" };
  let asked = null;
  const index = {
    query(build) {
      asked = [];
      build({ term: (word, options) => asked.push([word, options.wildcard, options.usePipeline]) });
      return [{ ref: "b/#s" }, { ref: "a/" }, { ref: "b/" }, { ref: "gone/" }, { ref: "c/" }];
    },
  };
  const lunr = { Query: { wildcard: { TRAILING: 2 } } };
  const fold = (text) => text.toLowerCase();
  const text = Array.from({ length: 20 }, (_, i) => `mot${i}`).join(" ") + " de a";
  assert.deepEqual(plain(P.suggest(index, lunr, titles, fold, text, 2)), [{ location: "b/", title: "B" }, { location: "a/", title: "A" }]);
  assert.deepEqual(plain(P.suggest(index, lunr, titles, fold, text, 5)).map((p) => p.location), ["b/", "a/", "c/"]);
  assert.deepEqual(asked.map((a) => a[0]), Array.from({ length: 12 }, (_, i) => `mot${i + 8}`));
  assert.ok(asked.every((a) => a[1] === 2 && a[2] === true));
  assert.deepEqual(plain(P.suggest(index, lunr, titles, fold, "de a !", 3)), [], "no word of three letters: nothing asked");
  assert.deepEqual(plain(P.suggest(null, lunr, titles, fold, text, 3)), [], "no index yet");
});

// The answers' order while the index grows (answers()): random interleavings of
// queries typed, queries run, answers coming back and the whole index being built,
// with the worker's rules (the newest query only; the box's value asked again).
const random = (seed) => () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };

function interleave(rand) {
  const order = S.answers();
  const words = ["r", "re", "ret", "retr", "retra", "retraitzz", "", "zzz", "mot"];
  let box = "";
  let queued = null;          // latestOnly: the newest query waiting
  const inflight = [];        // [tag, fromWhole] Material is answering
  let whole = false;
  const posted = [];          // [query, fromWhole]
  const answer = () => {
    const [tag, fromWhole] = inflight.shift();
    const verdict = order.answer(tag);
    if (verdict === "again") queued = box;
    if (verdict === "post") posted.push([tag.query, fromWhole]);
  };
  const steps = {
    type() { box = words[Math.floor(rand() * words.length)]; order.asked(box); queued = box; },
    run() { if (queued === null) return; inflight.push([order.ask(queued), whole]); queued = null; },
    answer() { if (inflight.length) answer(); },
    built() { if (whole) return; whole = true; order.built(); if (box.trim()) queued = box; },
  };
  const names = Object.keys(steps);
  for (let i = 0; i < 5 + rand() * 40; i += 1) steps[names[Math.floor(rand() * names.length)]]();
  steps.built();
  while (queued !== null || inflight.length) { steps.run(); steps.answer(); }
  return { box, posted };
}

test("once the whole index answered, nothing from the titles is posted; the last answer is the box's", () => {
  for (let seed = 1; seed <= 3000; seed += 1) {
    const { box, posted } = interleave(random(seed));
    const firstWhole = posted.findIndex(([, fromWhole]) => fromWhole);
    if (firstWhole !== -1) {
      assert.deepEqual(posted.slice(firstWhole).filter(([, fromWhole]) => !fromWhole), [], `seed ${seed}`);
    }
    if (box.trim()) {
      assert.ok(posted.length, `seed ${seed}: the box ${box} got no answer`);
      assert.deepEqual(posted.at(-1), [box, true], `seed ${seed}: the last answer is not the box's from the whole index`);
    }
  }
});

test("an answer from the titles, empty or not, is posted while slicing; dropped once typed past", () => {
  const order = S.answers();
  order.asked("zz");
  const tag = order.ask("zz");
  assert.equal(order.answer(tag), "post");
  const old = order.ask("zz");
  order.asked("zzz");
  assert.equal(order.answer(old), "drop");
  const late = order.ask("zzz");
  order.built();
  assert.equal(order.answer(late), "again");
  assert.equal(order.answer(order.ask("zzz")), "post");
});
