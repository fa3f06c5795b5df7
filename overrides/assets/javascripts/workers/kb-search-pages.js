/*
 * The pages of the help centre's search index, loaded by kb-search-worker.js
 * with importScripts (a classic script: it sets self.kbSearchPages): their
 * titles and kinds, read from the index Material receives, and the pages
 * other scripts ask for (the request builder's suggestions, through a
 * BroadcastChannel: nothing leaves the browser).
 */
self.kbSearchPages = (function () {
  "use strict";

  /* From the index's documents: `titles` (page location -> title, pages
     only, not their sections), `reference` (pages of kind « reference »,
     kb_tools/search_index.py) and `all` (every document's title, in order). */
  function pagesOf(docs) {
    var titles = Object.create(null);
    var reference = Object.create(null);
    var all = docs.map(function (doc) {
      if (doc.kind === "reference") reference[doc.location.split("#")[0]] = true;
      var title = doc.title.replace(/<[^>]*>/g, "");
      if (doc.location.indexOf("#") === -1) titles[doc.location] = title;
      return title;
    });
    return { titles: titles, reference: reference, all: all };
  }

  /* Pages that may answer a free text, best first, at most `limit`: the
     text's words (folded with `fold`, the last twelve of three letters or
     more) as prefixes, asked of the lunr `index`. */
  function suggest(index, lunr, titles, fold, text, limit) {
    if (!index) return [];
    var words = fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 2; }).slice(-12);
    if (!words.length) return [];
    var pages = [];
    index.query(function (q) {
      words.forEach(function (w) {
        q.term(w, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: true });
      });
    }).forEach(function (result) {
      var page = result.ref.split("#")[0];
      if (pages.indexOf(page) === -1 && titles[page] !== undefined) pages.push(page);
    });
    return pages.slice(0, limit).map(function (page) { return { location: page, title: titles[page] }; });
  }

  return Object.freeze({ pagesOf: pagesOf, suggest: suggest });
})();
