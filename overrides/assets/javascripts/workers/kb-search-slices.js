/*
 * A large site's first answer, loaded by kb-search-worker.js with
 * importScripts (a classic script: it sets self.kbSearchSlices).
 *
 * Building the index of every section of a site of 1,000 pages takes a
 * second or more, while the player has just opened the search. Material's
 * build then indexes the title of each page only (the first index: with its
 * keywords too, its first results came three times later, measured); the
 * worker then adds every document whole to a second builder, a slice at a
 * time between the messages of the page, and answers from that whole index
 * once it is built: the first results come within a few hundred
 * milliseconds, the complete ones seconds later on a site of thousands of
 * pages, and the player's typing is never held up for long. The same
 * builder settings, stemmer and positions: the same index Material would
 * have built.
 */
self.kbSearchSlices = (function () {
  "use strict";

  var SLICES_FROM = 400;  // documents; below, the whole index is built at once
  var SLICE_MS = 12;
  var SETTINGS = ["_ref", "_fields", "tokenizer", "pipeline", "searchPipeline", "metadataWhitelist", "_b", "_k1"];

  /* Is the index built in slices? Of `from` documents or more (the build's
     kb_slices_from, else SLICES_FROM), and only if it holds sections. */
  function sliced(docs, from) {
    if (typeof from !== "number") from = SLICES_FROM;
    return docs.length >= from && docs.some(function (doc) { return doc.location.indexOf("#") !== -1; });
  }

  /* The document with its title only: its other indexed fields empty. */
  function titleOnly(doc, fields) {
    var out = {};
    Object.keys(doc).forEach(function (name) { out[name] = name in fields && name !== "title" ? "" : doc[name]; });
    return out;
  }

  /* Every document ([doc, attributes]) added to a new builder with the
     settings of `builder`, SLICE_MS at a time in later tasks (`later`,
     setTimeout by default), the first slice after the first answer; then
     that builder builds, and `done` runs. */
  function addInSlices(lunr, builder, docs, done, later) {
    later = later || function (run) { setTimeout(run, 0); };
    var next = new lunr.Builder();
    SETTINGS.forEach(function (name) { next[name] = builder[name]; });
    var at = 0;
    later(function slice() {
      var until = performance.now() + SLICE_MS;
      while (at < docs.length && performance.now() < until) { next.add(docs[at][0], docs[at][1]); at += 1; }
      if (at < docs.length) { later(slice); return; }
      next.build();
      done();
    });
  }

  /* Which answers reach the page while the index grows: the list never goes
     back to the titles once the whole index is there, and always matches the
     box. `asked(query)`: the box's value; `built()`: the whole index is there;
     `ask(query)`: a query goes to the index, its tag; `answer(tag)` once its
     answer comes: "post" it, "drop" it (typed past: the box's query is on its
     way), or "again" (from the titles, the whole index is there: ask the box's
     value again). An empty answer from the titles is posted: never the list
     of the query before under the box. */
  function answers() {
    var box = "", whole = false;
    return Object.freeze({
      asked: function (query) { box = query; },
      built: function () { whole = true; },
      ask: function (query) { return { query: query, whole: whole }; },
      answer: function (tag) {
        if (tag.query !== box) return "drop";
        return !tag.whole && whole ? "again" : "post";
      }
    });
  }

  return Object.freeze({ SLICES_FROM: SLICES_FROM, SLICE_MS: SLICE_MS, sliced: sliced, titleOnly: titleOnly,
                         addInSlices: addInSlices, answers: answers });
})();
