/*
 * Ranking of the help centre's search, loaded by kb-search-worker.js with
 * importScripts (a classic script: it sets self.kbSearchRank).
 *
 * A page that holds more of the player's words, in any of its documents
 * (its main entry or the sections of a flow), comes before a page that
 * merely holds one of them, however rare: « ticket clôturé je ne suis pas
 * d'accord » finds the dispute flow (ticket, accord) before the responsible
 * gambling flow, whose keywords hold « clôturer » only. Each result's score
 * is multiplied by (1 + share of the query's words its page holds) ^ POWER,
 * and by (1 + share of them in the page's own title) ^ TITLE_POWER: the page
 * about the problem (« Retrait … refusé ») before a page whose keywords
 * merely hold the words (« crypto », « refusé » of a deposit). Then
 * Material's own weighting. tests/search/lunr_eval.py does the same.
 */
self.kbSearchRank = (function () {
  "use strict";

  var POWER = 3;
  var TITLE_POWER = 1;

  function wordsIn(stems, terms) {
    return stems.filter(function (s) {
      return terms.some(function (t) { return t.indexOf(s) === 0 || s.indexOf(t) === 0; });
    });
  }

  /* The results (lunr's, best first), re-scored by page coverage and sorted again. */
  function byPageCover(results, stems) {
    if (stems.length < 2) return results;
    var held = {}, titled = {};
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var words = held[page] || (held[page] = {});
      var metadata = r.matchData.metadata;
      wordsIn(stems, Object.keys(metadata)).forEach(function (s) { words[s] = true; });
      if (page === r.ref) {
        titled[page] = wordsIn(stems, Object.keys(metadata).filter(function (t) { return metadata[t].title; })).length;
      }
    });
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var cover = Object.keys(held[page]).length / stems.length;
      r.score *= Math.pow(1 + cover, POWER) * Math.pow(1 + (titled[page] || 0) / stems.length, TITLE_POWER);
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  }

  return Object.freeze({ POWER: POWER, TITLE_POWER: TITLE_POWER, byPageCover: byPageCover });
})();
