/*
 * Search worker of the help centre: it runs Material's own worker, then
 * fixes French stemming for search-as-you-type.
 *
 * Material appends "*" to every term typed ("attente*"); lunr's query
 * parser then skips the query pipeline for that term, so "attente*" never
 * meets the stemmed index term "attent". Material avoids this by dropping
 * the stemmer for French. We keep it: such prefix terms go through the
 * pipeline again, and the stemmer stems the word before its wildcard.
 * tests/browser/test_smoke.py fails if lunr or Material change this.
 */
(function () {
  "use strict";

  var name = new URL(self.location.href).searchParams.get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("kb-search-worker: unexpected Material worker name " + name);
  }
  var material = new URL(name, self.location.href).href;
  var load = self.importScripts.bind(self);

  function wildcardSafe(stemmer, lunr) {
    var safe = function (token, i, tokens) {
      var word = token.toString();
      if (word.slice(-1) !== "*") return stemmer(token, i, tokens);
      var stemmed = stemmer(new lunr.Token(word.slice(0, -1), {}), i, tokens).toString();
      return token.update(function () { return stemmed + "*"; });
    };
    safe.label = stemmer.label;
    safe.kbWildcardSafe = true;
    lunr.Pipeline.registeredFunctions[stemmer.label] = safe;
    return safe;
  }

  function stemPrefixTerms(lunr) {
    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (fn) {
      return query.call(this, function (q) {
        fn.call(this, q);
        q.clauses.forEach(function (clause) {
          var term = clause.term;
          if (term.indexOf("*") === term.length - 1 && term.length > 1) clause.usePipeline = true;
        });
      });
    };
  }

  function patch() {
    var lunr = self.lunr;
    if (lunr && lunr.fr && lunr.fr.stemmer && !lunr.fr.stemmer.kbWildcardSafe) {
      lunr.fr.stemmer = wildcardSafe(lunr.fr.stemmer, lunr);
      stemPrefixTerms(lunr);
    }
  }

  // Material loads lunr's language files with importScripts when the index
  // arrives; patch right after each load, before the index is built.
  self.importScripts = function () {
    load.apply(self, arguments);
    patch();
  };

  load(material);
  if (!self.lunr) {
    throw new Error("kb-search-worker: Material's worker no longer exposes self.lunr");
  }
})();
