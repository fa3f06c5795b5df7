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
 * 8. A page loads no index until the player reaches for the search (a
 *    press on its button, ../kb/deflect.js) or types; on a large site the
 *    page titles answer first while the whole index is built in slices.
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
  var display = Object.create(null);   // stem -> word shown (or null), as asked
  var parsed = Object.create(null);    // stems of the query being run -> words typed, folded
  var typed = "";     // the last word typed, as typed
  var asked = "";     // the query as the player typed it
  var reference = Object.create(null); // pages of kind « reference » (kb_tools/search_index.py)
  var held = Object.create(null);      // page -> stems of the query it holds, for « Non trouvé »

  /* Timing probes (benchmarks/search.py reads them): nothing else reads them. */
  function mark(name) {
    if (self.performance && performance.mark) performance.mark(name);
  }

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
      var results = query.call(current(this), function (q) {
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
    hook(lunr, M.lunrHooks.add, function (add) { return function (doc, attributes) {
      if (!rest) return add.call(this, doc, attributes);
      rest.push([doc, attributes]);  // all of it, in slices once the first index answers
      if (String(doc[this._ref]).indexOf("#") === -1) add.call(this, titleOnly(doc, this._fields), attributes);
    }; });
    hook(lunr, M.lunrHooks.build, function (build) { return function () {
      mark("kb-index-added");
      var built = build.call(this);
      mark("kb-index-built");
      if (rest) {  // Material's build of a large site: the first index
        var docs = rest;
        rest = null;
        first = built;
        addInSlices(lunr, this, docs);
      } else if (first) {
        whole = built;
        return built;
      }
      index = self.kbSearchIndex = built;
      return built;
    }; });
  }

  /* A large site's first answer. Building the index of every section of a
     site of 1,000 pages takes a second or more, while the player has just
     opened the search. Material's build then indexes the title of each page
     only (the first index: with its keywords too, its first results came
     three times later, measured); the worker then adds every document
     whole to a second builder, a slice at a time between the messages of
     the page, and answers from that whole index once it is built: the first
     results come within a few hundred milliseconds, the complete ones
     seconds later on a site of thousands of pages, and the player's typing
     is never held up for long. The
     same builder settings, stemmer and positions: the same index Material
     would have built. */
  var SLICES_FROM = 400;  // documents; below, the whole index is built at once
  var SLICE_MS = 12;
  var rest = null;      // while Material builds the first index: every document, to add later
  var first = null;     // the first index, titles of the pages
  var whole = null;     // the whole index, once built

  function titleOnly(doc, fields) {
    var out = {};
    Object.keys(doc).forEach(function (name) { out[name] = name in fields && name !== "title" ? "" : doc[name]; });
    return out;
  }

  function addInSlices(lunr, builder, docs) {
    var next = new lunr.Builder();
    ["_ref", "_fields", "tokenizer", "pipeline", "searchPipeline", "metadataWhitelist", "_b", "_k1"]
      .forEach(function (name) { next[name] = builder[name]; });
    var at = 0;
    mark("kb-index-sliced");
    // the first slice after the first answer: the query typed meanwhile goes first
    setTimeout(function slice() {
      var until = performance.now() + SLICE_MS;
      while (at < docs.length && performance.now() < until) { next.add(docs[at][0], docs[at][1]); at += 1; }
      if (at < docs.length) { setTimeout(slice, 0); return; }
      next.build();
      mark("kb-index-whole");
      waiting.splice(0).forEach(function (run) { run(); });
      // the list on screen came from the first index: show the complete one
      if (asked.trim()) deliver({ type: MSG.query, data: asked });
    }, 0);
  }

  /* The index to ask: the whole one as soon as it is there. */
  function current(target) {
    return target === first && whole ? whole : target;
  }

  /* The form of the word the site uses most in its titles for a stem, found
     when first asked: stemming every word of the titles of a large site
     would hold up its first answer (benchmarks/search.py, first_search). */
  var titleWords = null;  // word of the titles -> [times, folded], in the order first seen
  function displayWord(stem) {
    if (stem in display) return display[stem];
    if (!titleWords) {
      titleWords = new Map();
      allTitles.forEach(function (title) {
        title.toLowerCase().split(/[^0-9a-z\u00c0-\u024f]+/).forEach(function (word) {
          if (word.length < 3) return;
          var seen = titleWords.get(word);
          if (seen) seen[0] += 1; else titleWords.set(word, [1, fold(word)]);
        });
      });
    }
    var lunr = lunrOf(), head = stem.slice(0, 3), best = null, most = 0;
    titleWords.forEach(function (seen, word) {
      if (seen[1].indexOf(head) !== 0 || frStem(lunr, word) !== stem) return;
      if (seen[0] > most || (seen[0] === most && word.length < best.length)) { best = word; most = seen[0]; }
    });
    display[stem] = best;
    return best;
  }

  /* The word that completes what the player is typing, accented as the site
     writes it, or without accents if the player types without them. */
  function completion(term) {
    var word = displayWord(term) || term;
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
  var answered = false; // a first answer with results was sent (a timing probe)

  function deliver(message) {
    self.dispatchEvent(new MessageEvent("message", { data: message }));
  }

  function whenReady() {
    mark("kb-index-ready");
    ready = true;
    if (pending) { deliver(pending); pending = null; }
    if (!first) waiting.splice(0).forEach(function (run) { run(); });  // else once the whole index is there
  }

  function start() {
    if (loading || !setup) return;
    loading = true;
    mark("kb-index-fetch");
    var url = new URL("../../../search/" + setup.config.kb_index, self.location.href).href;
    var fetched = fetch(url, { credentials: "same-origin" });
    // Material's worker loads while the index is on its way
    Promise.resolve().then(boot).then(function () {
      mark("kb-material-loaded");
      return fetched;
    }).then(function (response) {
      if (!response.ok) throw new Error(url + " " + response.status);
      return response.json();
    }).then(function (full) {
      mark("kb-index-parsed");
      var from = typeof setup.config.kb_slices_from === "number" ? setup.config.kb_slices_from : SLICES_FROM;
      if (full.docs.length >= from && full.docs.some(function (doc) { return doc.location.indexOf("#") !== -1; })) rest = [];
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
      // nothing in the titles: the whole index answers in a moment
      if (first && !whole && !message.data.items.length && asked.trim()) return;
      if (!answered && message.data.items.length) { answered = true; mark("kb-first-answer"); }
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
    if (message.type === MSG.query && ready && !answered) mark("kb-query");
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
      display = Object.create(null);
      titleWords = null;
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
      if ((setup && !ready) || (first && !whole)) { waiting.push(answer); start(); } else answer();
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
