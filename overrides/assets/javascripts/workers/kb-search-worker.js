/*
 * Search worker of the help centre. It runs Material's own worker, and makes
 * search find what players mean:
 *
 * 1. French stemming while typing. Material appends "*" to every term typed
 *    ("attente*"); lunr's query parser then skips the query pipeline for it,
 *    so "attente*" never meets the stemmed index term "attent". Material
 *    avoids this by dropping the stemmer for French. We keep it: prefix
 *    terms go through the pipeline, and the stemmer stems the word before
 *    its wildcard.
 * 2. Accents and case do not matter: words are folded before stemming
 *    ("identité" and "identite" both index and search as "identit").
 * 3. One typo is forgiven in words whose stem has five letters or more,
 *    two from eight.
 * 4. Other scripts of the site (the request builder's « ces pages peuvent
 *    résoudre votre problème ») ask this same index through a
 *    BroadcastChannel: nothing leaves the browser.
 *
 * Keywords, synonyms and boosts are added to the index at build time
 * (kb_tools/search_index.py). tests/browser/test_smoke.py and the search
 * evaluation fail if lunr or Material change what this relies on.
 */
(function () {
  "use strict";

  var name = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("kb-search-worker: unexpected Material worker name " + name);
  }
  var material = new URL(name, self.location.href).href;
  var load = self.importScripts.bind(self);
  var FUZZY_MIN = 5;
  // Material highlights every result it gets: on a large site, keep the best.
  var MAX_RESULTS = 80;

  var index = null;   // the lunr index Material builds
  var titles = {};    // page location -> page title, for the builder's suggestions

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The French stemmer, wildcard-safe, on the folded word. */
  function foldingStemmer(stemmer, lunr) {
    var safe = function (token, i, tokens) {
      var word = token.toString();
      var star = word.slice(-1) === "*";
      var base = star ? word.slice(0, -1) : word;
      var stemmed = stemmer(new lunr.Token(fold(base), {}), i, tokens).toString();
      return token.update(function () { return stemmed + (star ? "*" : ""); });
    };
    safe.label = stemmer.label;
    safe.kbPatched = true;
    lunr.Pipeline.registeredFunctions[stemmer.label] = safe;
    return safe;
  }

  /* Queries read as players type them:
     - only the last word, the one being typed, is a prefix; the others are
       whole words (Material makes every word a prefix);
     - small words (« de », « mon », « pour ») are dropped unless alone;
     - words whose stem has five letters or more also match with one typo
       (two from eight);
     - every term goes through the pipeline (folding, stemming). */
  function patchQuery(lunr) {
    var query = lunr.Index.prototype.query;
    var stop = lunr.fr.stopWordFilter;
    function isStop(word) {
      return word.length < 2 || !stop(new lunr.Token(word, {}));
    }
    lunr.Index.prototype.query = function (fn) {
      return query.call(this, function (q) {
        fn.call(this, q);
        var clauses = q.clauses;
        var last = clauses.length - 1;
        var kept = clauses.filter(function (clause, i) {
          var base = clause.term.replace(/\*$/, "");
          return clauses.length === 1 || !isStop(fold(base)) || (i === last && base.length > 2);
        });
        if (!kept.length) kept = clauses.slice(-1);
        var extra = [];
        kept.forEach(function (clause) {
          var star = /\*$/.test(clause.term);
          var base = clause.term.replace(/\*$/, "");
          clause.usePipeline = true;
          if (star && clause !== clauses[last]) clause.term = base;
          // typos: measured on the stem, so short stems do not match everything
          var stem = lunr.fr.stemmer(new lunr.Token(base, {})).toString();
          if (stem.length >= FUZZY_MIN && !clause.editDistance && base.indexOf("*") === -1) {
            extra.push({ term: stem, fields: clause.fields, editDistance: stem.length >= 8 ? 2 : 1, boost: 0.3,
                         usePipeline: false, presence: lunr.Query.presence.OPTIONAL });
          }
        });
        q.clauses = kept;
        extra.forEach(function (clause) { q.clause(clause); });
      }).slice(0, MAX_RESULTS);
    };
    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      index = self.kbSearchIndex = build.call(this);
      return index;
    };
  }

  function patch() {
    var lunr = self.lunr;
    if (lunr && lunr.fr && lunr.fr.stemmer && !lunr.fr.stemmer.kbPatched) {
      lunr.fr.stemmer = foldingStemmer(lunr.fr.stemmer, lunr);
      patchQuery(lunr);
    }
  }

  // Material loads lunr's language files with importScripts when the index
  // arrives; patch right after each load, before the index is built.
  self.importScripts = function () {
    load.apply(self, arguments);
    patch();
  };

  // Keep the page titles of the index Material receives (listener added first).
  self.addEventListener("message", function (event) {
    var data = event.data && event.data.data;
    if (!data || !data.docs) return;
    titles = {};
    data.docs.forEach(function (doc) {
      if (doc.location.indexOf("#") === -1) titles[doc.location] = doc.title.replace(/<[^>]*>/g, "");
    });
  });

  /* Pages that may answer a free text, best first, at most `limit`. */
  function suggest(text, limit) {
    if (!index) return [];
    var words = fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 2; }).slice(-12);
    if (!words.length) return [];
    var pages = [];
    index.query(function (q) {
      words.forEach(function (w) {
        q.term(w, { wildcard: self.lunr.Query.wildcard.TRAILING, usePipeline: true });
      });
    }).forEach(function (result) {
      var page = result.ref.split("#")[0];
      if (pages.indexOf(page) === -1 && titles[page] !== undefined) pages.push(page);
    });
    return pages.slice(0, limit).map(function (page) { return { location: page, title: titles[page] }; });
  }

  if (self.BroadcastChannel) {
    var channel = new BroadcastChannel("kb-search");
    channel.onmessage = function (event) {
      var ask = event.data || {};
      if (ask.kb !== "suggest" || typeof ask.text !== "string") return;
      channel.postMessage({ kb: "suggestions", id: ask.id, pages: suggest(ask.text.slice(0, 500), 3) });
    };
  }

  load(material);
  if (!self.lunr) {
    throw new Error("kb-search-worker: Material's worker no longer exposes self.lunr");
  }
})();
