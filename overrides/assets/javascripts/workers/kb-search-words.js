/*
 * The French words of the help centre's search, loaded by kb-search-worker.js
 * with importScripts (a classic script: it sets self.kbSearchWords).
 *
 * - Accents and case do not matter: words are folded before stemming.
 * - The French stemmer, wildcard-safe, stems each word once.
 * - Small words (« de », « mon », « pour ») are dropped unless alone.
 * - Material's completion of the word being typed is a word of the site
 *   (« attente »), never a stem (« attent »).
 * - « Non trouvé » lists the words as typed (« changé », not « chang »),
 *   and never a word the page holds anywhere, even with a typo.
 */
self.kbSearchWords = (function () {
  "use strict";

  /* The word without the punctuation around it. */
  function bare(word) {
    return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  }

  function fold(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The French stemmer, wildcard-safe, on the folded word. When Snowball
     only drops a plural "s", the word is stemmed as its singular would be:
     « retraits » gives « retrait », but « retrait » gives « retr ». */
  function foldingStemmer(stemmer, lunr) {
    function stem(word) {
      var stemmed = stemmer(new lunr.Token(word, {})).toString();
      if (word.length > 4 && word.slice(-1) === "s" && stemmed === word.slice(0, -1)) {
        stemmed = stemmer(new lunr.Token(stemmed, {})).toString();
      }
      return stemmed;
    }
    // A site says the same words again and again: each is stemmed once
    // (the index of a large site is built several times faster).
    var stems = new Map();
    var safe = function (token) {
      var word = token.toString();
      var stemmed = stems.get(word);
      if (stemmed === undefined) {
        var star = word.slice(-1) === "*";
        stemmed = stem(fold(star ? word.slice(0, -1) : word)) + (star ? "*" : "");
        stems.set(word, stemmed);
      }
      return token.update(function () { return stemmed; });
    };
    safe.label = stemmer.label;
    safe.kbPatched = true;
    lunr.Pipeline.registeredFunctions[stemmer.label] = safe;
    return safe;
  }

  /* The clauses without small words (`isStop(folded word)`), unless alone
     or being typed (the last one, of three letters or more). */
  function withoutSmallWords(clauses, isStop) {
    var last = clauses.length - 1;
    var kept = clauses.filter(function (clause, i) {
      var word = clause.kbWord !== undefined ? clause.kbWord : fold(clause.term.replace(/\*$/, ""));
      return clauses.length === 1 || !isStop(word) || (i === last && word.length > 2);
    });
    return kept.length ? kept : clauses.slice(-1);
  }

  /* The words of the titles: word -> [times, folded], in the order first
     seen. Made when first asked: stemming every word of the titles of a
     large site would hold up its first answer (benchmarks/search.py). */
  function titleWords(titles) {
    var words = new Map();
    titles.forEach(function (title) {
      title.toLowerCase().split(/[^0-9a-z\u00c0-\u024f]+/).forEach(function (word) {
        if (word.length < 3) return;
        var seen = words.get(word);
        if (seen) seen[0] += 1; else words.set(word, [1, fold(word)]);
      });
    });
    return words;
  }

  /* The form of the word the titles use most for a stem (`stemOf(word)`),
     the shortest of those as frequent, or null. */
  function displayWord(words, stem, stemOf) {
    var head = stem.slice(0, 3), best = null, most = 0;
    words.forEach(function (seen, word) {
      if (seen[1].indexOf(head) !== 0 || stemOf(word) !== stem) return;
      if (seen[0] > most || (seen[0] === most && word.length < best.length)) { best = word; most = seen[0]; }
    });
    return best;
  }

  /* The word that completes what the player is typing (`typed`), accented
     as the site writes it, or without accents if the player types without them. */
  function completion(word, typed) {
    if (word.indexOf(typed) === 0) return word;
    var folded = fold(word);
    return folded.indexOf(typed) === 0 ? folded : word;
  }

  /* A word not found, as the player typed it: the word of the query
     (`asked`) that holds its folded form (« quelqu'un » for « quelqu »), or null. */
  function asTyped(word, asked) {
    word = fold(word || "");
    if (!word) return null;
    return asked.split(/\s+/).map(bare).filter(function (w) { return fold(w).indexOf(word) !== -1; })[0] || null;
  }

  /* The words of a result, stems found and words typed not found
     (`typedOf(stem)`): a word its page holds anywhere (`holds`), even with a
     typo, is never listed as not found. */
  function typedTerms(terms, holds, typedOf) {
    var out = Object.create(null);
    Object.keys(terms || {}).forEach(function (term) {
      var found = terms[term] || holds[term] === true;
      var key = found ? term : typedOf(term);
      if (key !== null) out[key] = out[key] || found;
    });
    return out;
  }

  return Object.freeze({ bare: bare, fold: fold, foldingStemmer: foldingStemmer, withoutSmallWords: withoutSmallWords,
                         titleWords: titleWords, displayWord: displayWord, completion: completion,
                         asTyped: asTyped, typedTerms: typedTerms });
})();
