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
  var MAIN = 4;

  function wordsIn(stems, terms) {
    return stems.filter(function (s) {
      return terms.some(function (t) { return t.indexOf(s) === 0 || s.indexOf(t) === 0; });
    });
  }

  /* At most `max` edits between a and b (lunr's typo allowance)? */
  function near(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var prev = row[0], best = row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row[j];
        row[j] = next;
        best = Math.min(best, next);
      }
      if (best > max) return false;
    }
    return row[b.length] <= max;
  }

  /* For each page, the query's stems it holds in any document: as a prefix,
     or with the typo the search forgives (5 letters: one, 8: two). */
  function heldByPage(results, stems) {
    var out = Object.create(null);
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var words = out[page] || (out[page] = Object.create(null));
      var terms = Object.keys(r.matchData.metadata);
      stems.forEach(function (s) {
        var typos = s.length >= 8 ? 2 : s.length >= 5 ? 1 : 0;
        if (terms.some(function (t) { return t.indexOf(s) === 0 || s.indexOf(t) === 0 || (typos && near(s, t, typos)); })) {
          words[s] = true;
        }
      });
    });
    return out;
  }

  /* A word found in a title or in keywords: for a reference page, a term it defines. */
  function byTerm(fields) { return Boolean(fields.title || fields.keywords); }

  /* A reference page (glossary, home) answers a query about a term it
     defines, in its title or keywords: when its text merely holds a word
     (« volé », « oublié »), it is no answer, and leaves the results. */
  function withoutStrayReference(results, reference) {
    return results.filter(function (r) {
      if (!reference[r.ref.split("#")[0]]) return true;
      var metadata = r.matchData.metadata;
      return Object.keys(metadata).some(function (t) { return byTerm(metadata[t]); });
    });
  }

  /* The results (lunr's, best first), re-scored by page coverage and sorted
     again. `reference`: the reference pages (glossary, home), whose text holds
     many words of any query: only the terms they define count for them. */
  function byPageCover(results, stems, reference) {
    if (stems.length < 2) return results;
    reference = reference || {};
    var held = Object.create(null), titled = Object.create(null);
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var words = held[page] || (held[page] = Object.create(null));
      var metadata = r.matchData.metadata;
      var terms = Object.keys(metadata).filter(function (t) { return !reference[page] || byTerm(metadata[t]); });
      wordsIn(stems, terms).forEach(function (s) { words[s] = true; });
      if (page === r.ref) {
        titled[page] = wordsIn(stems, Object.keys(metadata).filter(function (t) { return metadata[t].title; }));
      }
    });
    // the query's first word, when a page is titled with it, names the problem
    // (« retrait » of « retrait crypto refusé »): that page before the others
    // among the pages that hold the most of the words
    var most = Math.max.apply(null, Object.keys(held).map(function (p) { return Object.keys(held[p]).length; }));
    var first = function (p) {
      return !reference[p] && Object.keys(held[p]).length === most && (titled[p] || []).indexOf(stems[0]) !== -1;
    };
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var cover = Object.keys(held[page]).length / stems.length;
      var title = titled[page] || [];
      r.score *= Math.pow(1 + cover, POWER) * Math.pow(1 + title.length / stems.length, TITLE_POWER) *
        (first(page) ? MAIN : 1);
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  }

  /* Queries typed faster than they are answered: `push` keeps the newest
     only, and `run` gets it in a later task (`later`), once. A query the
     player has already typed past is never run, the last one always is. */
  function latestOnly(run, later) {
    var waiting = null, scheduled = false;
    return function push(query) {
      waiting = query;
      if (scheduled) return;
      scheduled = true;
      later(function () {
        var next = waiting;
        waiting = null;
        scheduled = false;
        run(next);
      });
    };
  }

  /* Answers the page gets: `send` returns false for an answer that would
     redraw the same list (its key, e.g. its JSON, as the one before). An
     empty answer is always sent: Material says « no result » or « type »
     from the box, not from the answer. */
  function changedOnly() {
    var last = null;
    return function send(key, empty) {
      if (!empty && key === last) return false;
      last = empty ? null : key;
      return true;
    };
  }

  return Object.freeze({ POWER: POWER, TITLE_POWER: TITLE_POWER, MAIN: MAIN, byPageCover: byPageCover, withoutStrayReference: withoutStrayReference, heldByPage: heldByPage,
                         latestOnly: latestOnly, changedOnly: changedOnly });
})();
