/*
 * Search worker of the help centre. It runs Material's own worker, and makes
 * search find what players mean:
 *
 * 1. French stemming while typing: Material appends "*" to every term, and
 *    lunr then skips the stemmer ("attente*" never meets "attent"); prefix
 *    terms here go through it, the stemmer stems the word before the "*".
 * 2. Accents and case do not matter: words are folded before stemming.
 * 3. One typo is forgiven in stems of five letters or more, two from eight.
 * 4. Material weighs a result by the share of the query's words it holds,
 *    comparing them with the index's folded stems: the query is parsed to
 *    folded stems (punctuation dropped: « connecter, »), so that it works.
 * 5. Material's completion of the word being typed is a word of the site
 *    (« attente »), never a stem (« attent »).
 * 6. Other scripts (the request builder's suggestions) ask this index
 *    through a BroadcastChannel: nothing leaves the browser.
 * 7. « Non trouvé » lists the words as typed (« changé », not « chang »),
 *    and never a word the page holds anywhere, even with a typo; the words
 *    found stay stems, for the page's highlighting (../kb/material.js).
 * 8. A page loads no index until the player opens the search or types.
 * 9. Ranking (kb-search-rank.js): a page that holds more of the words, in
 *    its title, first; reference pages by the terms they define only.
 * 10. The list is redrawn no more than needed: of the queries waiting, only
 *    the newest is answered (the box's value, the others are typed past),
 *    and an answer that would redraw the same list is not sent.
 *
 * Keywords, synonyms and boosts come from the build (kb_tools/search_index.py).
 * Every name of Material used here comes from ../kb-material.js, checked by
 * tests/unit/test_material_boundary.py; why: docs-dev/adr/0002-worker-de-recherche.md.
 */
(function () {
  "use strict";

  var load = self.importScripts.bind(self);
  load("../kb-material.js");
  load("kb-search-rank.js");
  var M = self.kbMaterial;
  var MSG = M.messages;
  var material = new URL(M.searchWorker, self.location.href).href;
  var FUZZY_MIN = 5;
  // Material highlights every result it gets: on a large site, keep the best.
  var MAX_RESULTS = 80;

  var index = null;   // the lunr index Material builds
  var titles = Object.create(null);    // page location -> page title, for the builder's suggestions
  var allTitles = []; // every document's title, for the words shown as completions
  var display = Object.create(null);   // stem -> word shown
  var parsed = Object.create(null);    // stems of the query being run -> words typed, folded
  var typed = "";     // the last word typed, as typed
  var asked = "";     // the query as the player typed it
  var reference = Object.create(null); // pages of kind « reference » (kb_tools/search_index.py)
  var held = Object.create(null);      // page -> stems of the query it holds, for « Non trouvé »

  /* lunr as Material's worker exposes it; a hook is a path in it ("Index.prototype.query"). */
  function lunrOf() { return self[M.lunrGlobal]; }
  function find(lunr, path) {
    var names = path.split(".");
    var last = names.pop();
    var owner = names.reduce(function (o, n) { return o && o[n]; }, lunr);
    return { owner: owner, name: last, value: owner ? owner[last] : undefined };
  }
  function hook(lunr, path, wrap) {
    var found = find(lunr, path);
    if (typeof found.value !== "function") {
      throw new Error("kb-search-worker: lunr." + path + " is gone (names checked with Material " + M.checkedWith + ")");
    }
    found.owner[found.name] = wrap(found.value);
  }
  /* The French stemmer (ours once patched) on one word. */
  function frStem(lunr, word) {
    return find(lunr, M.lunrHooks.stemmer).value(new lunr.Token(word, {})).toString();
  }

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
    var safe = function (token) {
      var word = token.toString();
      var star = word.slice(-1) === "*";
      var base = star ? word.slice(0, -1) : word;
      var stemmed = stem(fold(base));
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
     - every term is folded and stemmed once. */
  function patchQuery(lunr) {
    var stop = find(lunr, M.lunrHooks.stopWordFilter).value;
    function isStop(word) {
      return word.length < 2 || !stop(new lunr.Token(word, {}));
    }
    /* The clauses without small words, unless alone or being typed. */
    function withoutSmallWords(clauses) {
      var last = clauses.length - 1;
      var kept = clauses.filter(function (clause, i) {
        var word = clause.kbWord !== undefined ? clause.kbWord : fold(clause.term.replace(/\*$/, ""));
        return clauses.length === 1 || !isStop(word) || (i === last && word.length > 2);
      });
      return kept.length ? kept : clauses.slice(-1);
    }
    // Material parses the query a second time to weigh each result by the
    // share of the query's words it contains; it compares those words with
    // the index's terms, which are folded stems. Parse to folded stems, and
    // keep the word typed for the stop-word and typo rules.
    hook(lunr, M.lunrHooks.parse, function (parse) { return function () {
      var q = parse.call(this);
      parsed = Object.create(null);
      q.clauses.forEach(function (clause) {
        if (clause.kbWord !== undefined) return;
        var star = /\*$/.test(clause.term);
        // punctuation typed next to a word (« connecter, ») is no part of it
        clause.kbTyped = bare(clause.term.replace(/\*$/, ""));
        clause.kbWord = fold(clause.kbTyped);
        clause.term = frStem(lunr, clause.kbTyped) + (star ? "*" : "");
        parsed[clause.term.replace(/\*$/, "")] = clause.kbWord;
        typed = clause.kbTyped;
      });
      // small words are dropped here, so Material never lists them as « non trouvé »
      q.clauses = withoutSmallWords(q.clauses);
      return q;
    }; });
    // Material's suggestion query: the parsed stems again, in titles only.
    function isSuggestion(clauses) {
      return clauses.length > 0 && clauses.every(function (clause) {
        return clause.kbWord === undefined && clause.fields.length === 1 && clause.fields[0] === "title" &&
          parsed[clause.term.replace(/\*$/, "")] !== undefined;
      });
    }
    hook(lunr, M.lunrHooks.query, function (query) { return function (fn) {
      var suggestion = false;
      var stems = [];  // the query's words, stemmed, for the page coverage (kb-search-rank.js)
      var results = query.call(this, function (q) {
        fn.call(this, q);
        var clauses = q.clauses;
        suggestion = isSuggestion(clauses);
        var last = clauses.length - 1;
        var kept = withoutSmallWords(clauses);
        var extra = [];
        kept.forEach(function (clause) {
          var star = /\*$/.test(clause.term);
          var base = clause.term.replace(/\*$/, "");
          var stemmed = clause.kbWord !== undefined || suggestion;
          clause.usePipeline = !stemmed;
          if (star && clause !== clauses[last]) clause.term = base;
          // typos: measured on the stem, so short stems do not match everything
          var stem = stemmed ? base : frStem(lunr, base);
          if (stems.indexOf(stem) === -1) stems.push(stem);
          if (stem.length >= FUZZY_MIN && !clause.editDistance && base.indexOf("*") === -1) {
            extra.push({ term: stem, fields: clause.fields, editDistance: stem.length >= 8 ? 2 : 1, boost: 0.3,
                         usePipeline: false, presence: lunr.Query.presence.OPTIONAL });
          }
        });
        q.clauses = kept;
        extra.forEach(function (clause) { q.clause(clause); });
      });
      if (!suggestion) {
        results = self.kbSearchRank.withoutStrayReference(results, reference);
        held = self.kbSearchRank.heldByPage(results, stems);
      }
      results = (suggestion ? results : self.kbSearchRank.byPageCover(results, stems, reference)).slice(0, MAX_RESULTS);
      // Material completes the word being typed with an index term of the best
      // title: show the word of the site, not its stem (« attente », not « attent »).
      if (suggestion && results.length) {
        var metadata = results[0].matchData.metadata;
        var words = Object.create(null);
        Object.keys(metadata).forEach(function (term) { words[completion(term)] = metadata[term]; });
        results[0].matchData.metadata = words;
      }
      return results;
    }; });
    hook(lunr, M.lunrHooks.build, function (build) { return function () {
      index = self.kbSearchIndex = build.call(this);
      display = displayWords(lunr);
      return index;
    }; });
  }

  /* For each stem of the titles, the form of the word the site uses most. */
  function displayWords(lunr) {
    var counts = Object.create(null);
    allTitles.forEach(function (title) {
      title.toLowerCase().split(/[^0-9a-z\u00c0-\u024f]+/).forEach(function (word) {
        if (word.length < 3) return;
        var stem = frStem(lunr, word);
        var forms = counts[stem] || (counts[stem] = Object.create(null));
        forms[word] = (forms[word] || 0) + 1;
      });
    });
    var words = Object.create(null);
    Object.keys(counts).forEach(function (stem) {
      var forms = counts[stem];
      words[stem] = Object.keys(forms).sort(function (a, b) { return forms[b] - forms[a] || a.length - b.length; })[0];
    });
    return words;
  }

  /* The word that completes what the player is typing, accented as the site
     writes it, or without accents if the player types without them. */
  function completion(term) {
    var word = display[term] || term;
    if (word.indexOf(typed) === 0) return word;
    var folded = fold(word);
    return folded.indexOf(typed) === 0 ? folded : word;
  }

  function patch() {
    var lunr = lunrOf();
    var stemmer = lunr && find(lunr, M.lunrHooks.stemmer).value;
    if (stemmer && !stemmer.kbPatched) {
      hook(lunr, M.lunrHooks.stemmer, function (original) { return foldingStemmer(original, lunr); });
      patchQuery(lunr);
    }
  }

  // Material loads lunr's language files with importScripts when the index
  // arrives; patch right after each load, before the index is built.
  self[M.lunrLoader] = function () {
    load.apply(self, arguments);
    patch();
  };

  /* The index is loaded when the player first needs it. Material's page
     script sends search_index.json at once on every page; the build leaves in
     it the config only, naming the full index (kb_tools/search_index.py).
     This worker answers « ready » at once, and fetches the full index, then
     Material's worker, the first time the player opens the search, types,
     or the request builder asks for suggestions. Listener added before
     Material's, so that it sees each message first. */
  var setup = null;      // Material's setup message, while the index waits
  var loading = false;
  var ready = false;
  var pending = null;    // the last query typed before the index was there
  var waiting = [];      // suggestions asked before the index was there
  var post = self.postMessage.bind(self);

  function deliver(message) {
    self.dispatchEvent(new MessageEvent("message", { data: message }));
  }

  function whenReady() {
    ready = true;
    if (pending) { deliver(pending); pending = null; }
    waiting.splice(0).forEach(function (run) { run(); });
  }

  function start() {
    if (loading || !setup) return;
    loading = true;
    var url = new URL("../../../search/" + setup.config.kb_index, self.location.href).href;
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + " " + response.status);
      return response.json();
    }).then(function (full) {
      boot();
      deliver({ type: MSG.setup, data: { config: full.config, docs: full.docs, options: setup.options } });
    }).catch(function (error) {
      loading = false;  // offline: the next keystroke tries again
      if (pending) { post({ type: MSG.result, data: { items: [] } }); pending = null; }
      setTimeout(function () { throw error; }, 0);  // in the console, not swallowed
    });
  }

  /* A word not found, as the player typed it: the word of the query that
     holds it (« quelqu'un » for « quelqu »), or nothing. */
  function asTyped(stem) {
    var word = fold(parsed[stem] || "");
    if (!word) return null;
    return asked.split(/\s+/).map(bare).filter(function (w) { return fold(w).indexOf(word) !== -1; })[0] || null;
  }
  /* The words of a result, stems found and words typed not found: a word its
     page holds anywhere, even with a typo, is never listed as not found. */
  function typedTerms(terms, page) {
    var out = Object.create(null);
    var holds = held[page] || {};
    Object.keys(terms || {}).forEach(function (term) {
      var found = terms[term] || holds[term] === true;
      var key = found ? term : asTyped(term);
      if (key !== null) out[key] = out[key] || found;
    });
    return out;
  }

  var changed = self.kbSearchRank.changedOnly();
  // Material answers its setup with « ready »: the page already had it.
  self.postMessage = function (message) {
    if (setup && message && message.type === MSG.ready) { whenReady(); return; }
    if (message && message.type === MSG.result && message.data && Array.isArray(message.data.items)) {
      message.data.items.forEach(function (group) {
        group.forEach(function (doc) { doc.terms = typedTerms(doc.terms, doc.location.split("#")[0]); });
      });
      if (!changed(JSON.stringify(message.data), !message.data.items.length)) return;
    }
    post.apply(self, arguments);
  };

  // Queries go to Material's worker one task later, the newest only.
  var passing = new WeakSet();  // the queries let through to Material
  var toMaterial = self.kbSearchRank.latestOnly(function (message) {
    passing.add(message);
    deliver(message);
  }, function (run) { setTimeout(run, 0); });

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    var data = message.data;
    if (message.type === MSG.query) asked = String(data || "");
    if (message.type === MSG.setup && data && data.config && data.config.kb_index && !loading) {
      event.stopImmediatePropagation();
      setup = data;
      post({ type: MSG.ready });
      return;
    }
    if (message.type === MSG.query && setup && !ready) {
      event.stopImmediatePropagation();
      // Material sends the empty box once ready: nothing to search yet
      if (!String(message.data || "").trim()) { post({ type: MSG.result, data: { items: [] } }); return; }
      pending = message;
      start();
      return;
    }
    if (message.type === MSG.query && booted && !passing.has(message)) {
      event.stopImmediatePropagation();
      toMaterial(message);
      return;
    }
    // Keep the page titles of the index Material receives.
    if (message.type === MSG.setup && data && data.docs) {
      titles = Object.create(null);
      reference = Object.create(null);
      allTitles = data.docs.map(function (doc) {
        if (doc.kind === "reference") reference[doc.location.split("#")[0]] = true;
        var title = doc.title.replace(/<[^>]*>/g, "");
        if (doc.location.indexOf("#") === -1) titles[doc.location] = title;
        return title;
      });
    }
  });

  /* Pages that may answer a free text, best first, at most `limit`. */
  function suggest(text, limit) {
    if (!index) return [];
    var words = fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 2; }).slice(-12);
    if (!words.length) return [];
    var pages = [];
    index.query(function (q) {
      words.forEach(function (w) {
        q.term(w, { wildcard: lunrOf().Query.wildcard.TRAILING, usePipeline: true });
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
      if (ask.kb === "warm") { start(); return; }  // the player opened the search
      if (ask.kb !== "suggest" || typeof ask.text !== "string") return;
      var answer = function () {
        channel.postMessage({ kb: "suggestions", id: ask.id, pages: suggest(ask.text.slice(0, 500), 3) });
      };
      if (setup && !ready) { waiting.push(answer); start(); } else answer();
    };
  }

  /* Material's worker: at once when the page sends a full index (search
     tuning off), else with the full index. */
  var booted = false;
  function boot() {
    if (booted) return;
    booted = true;
    load(material);
    if (!lunrOf()) {
      throw new Error("kb-search-worker: Material's worker no longer exposes self." + M.lunrGlobal);
    }
  }
  // Search tuning off: the page sends the full index at once, and Material's
  // worker, loaded now, gets it (listeners added during a dispatch miss it).
  self.addEventListener("message", function (event) {
    if (setup || booted) return;
    boot();
    event.stopImmediatePropagation();
    deliver(event.data);
  }, { once: true });
})();
