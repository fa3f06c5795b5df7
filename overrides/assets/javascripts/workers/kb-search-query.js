/*
 * Queries read as players type them, loaded by kb-search-worker.js with
 * importScripts (a classic script: it sets self.kbSearchQuery). On lunr's
 * query clauses (Material's):
 * - only the last word, the one being typed, is a prefix; the others are
 *   whole words (Material makes every word a prefix);
 * - small words are dropped unless alone (kb-search-words.js);
 * - words whose stem has five letters or more also match with one typo
 *   (two from eight);
 * - every term is folded and stemmed once.
 */
self.kbSearchQuery = (function () {
  "use strict";

  var FUZZY_MIN = 5;
  var W = self.kbSearchWords;

  /* Material parses the query a second time to weigh each result by the
     share of the query's words it contains; it compares those words with
     the index's terms, which are folded stems. The clauses parsed to folded
     stems (`stemOf(word)`), keeping the word typed for the stop-word and
     typo rules. Returns `parsed` (stem -> word typed, folded) and `typed`
     (the last word typed, as typed; undefined if no clause was new). */
  function parseClauses(clauses, stemOf) {
    var parsed = Object.create(null), typed;
    clauses.forEach(function (clause) {
      if (clause.kbWord !== undefined) return;
      var star = /\*$/.test(clause.term);
      // punctuation typed next to a word (« connecter, ») is no part of it
      clause.kbTyped = W.bare(clause.term.replace(/\*$/, ""));
      clause.kbWord = W.fold(clause.kbTyped);
      clause.term = stemOf(clause.kbTyped) + (star ? "*" : "");
      parsed[clause.term.replace(/\*$/, "")] = clause.kbWord;
      typed = clause.kbTyped;
    });
    return { parsed: parsed, typed: typed };
  }

  /* Material's suggestion query: the parsed stems again, in titles only. */
  function isSuggestion(clauses, parsed) {
    return clauses.length > 0 && clauses.every(function (clause) {
      return clause.kbWord === undefined && clause.fields.length === 1 && clause.fields[0] === "title" &&
        parsed[clause.term.replace(/\*$/, "")] !== undefined;
    });
  }

  /* The lunr query `q` as the player means it: `keep(clauses)` drops the
     small words, `stemOf(word)` stems a word not stemmed yet, `optional` is
     lunr's optional presence for the typo clauses. The query's stems are
     added to `stems` (for the page coverage, kb-search-rank.js). */
  function shape(q, suggestion, stems, keep, stemOf, optional) {
    var clauses = q.clauses;
    var last = clauses.length - 1;
    var kept = keep(clauses);
    var extra = [];
    kept.forEach(function (clause) {
      var star = /\*$/.test(clause.term);
      var base = clause.term.replace(/\*$/, "");
      var stemmed = clause.kbWord !== undefined || suggestion;
      clause.usePipeline = !stemmed;
      if (star && clause !== clauses[last]) clause.term = base;
      // typos: measured on the stem, so short stems do not match everything
      var stem = stemmed ? base : stemOf(base);
      if (stems.indexOf(stem) === -1) stems.push(stem);
      if (stem.length >= FUZZY_MIN && !clause.editDistance && base.indexOf("*") === -1) {
        extra.push({ term: stem, fields: clause.fields, editDistance: stem.length >= 8 ? 2 : 1, boost: 0.3,
                     usePipeline: false, presence: optional });
      }
    });
    q.clauses = kept;
    extra.forEach(function (clause) { q.clause(clause); });
  }

  return Object.freeze({ FUZZY_MIN: FUZZY_MIN, parseClauses: parseClauses, isSuggestion: isSuggestion, shape: shape });
})();
