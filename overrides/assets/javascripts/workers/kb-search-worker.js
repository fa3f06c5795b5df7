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
 *    page titles answer first while the whole index is built in slices;
 *    then never again (the list never goes back to the titles), and a word
 *    the titles lack empties the list at once (never the previous query's).
 * 9. Ranking (kb-search-rank.js): a page that holds more of the words, in
 *    its title, first; reference pages by the terms they define only.
 * 10. The list is redrawn no more than needed: of the queries waiting, only
 *    the newest is answered (the box's value, the others are typed past),
 *    and an answer that would redraw the same list is not sent.
 *
 * Its parts, classic scripts loaded here with importScripts: the French
 * words (kb-search-words.js: 2, 5, 7), the queries as typed
 * (kb-search-query.js: 1, 3, 4), the large site's slices
 * (kb-search-slices.js: 8), the pages and suggestions (kb-search-pages.js:
 * 6), the ranking and the newest query only (kb-search-rank.js: 9, 10).
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
  load("kb-search-words.js");
  load("kb-search-slices.js");
  load("kb-search-pages.js");
  load("kb-search-query.js");
  var M = self.kbMaterial;
  var W = self.kbSearchWords;
  var fold = W.fold;
  var MSG = M.messages;
  var material = new URL(M.searchWorker, self.location.href).href;
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

  /* Queries read as players type them (kb-search-query.js). */
  function patchQuery(lunr) {
    var Q = self.kbSearchQuery;
    var stop = find(lunr, M.lunrHooks.stopWordFilter).value;
    function isStop(word) {
      return word.length < 2 || !stop(new lunr.Token(word, {}));
    }
    function withoutSmallWords(clauses) { return W.withoutSmallWords(clauses, isStop); }
    function stemOf(word) { return frStem(lunr, word); }
    hook(lunr, M.lunrHooks.parse, function (parse) { return function () {
      var q = parse.call(this);
      var read = Q.parseClauses(q.clauses, stemOf);
      parsed = read.parsed;
      if (read.typed !== undefined) typed = read.typed;
      // small words are dropped here, so Material never lists them as « non trouvé »
      q.clauses = withoutSmallWords(q.clauses);
      return q;
    }; });
    hook(lunr, M.lunrHooks.query, function (query) { return function (fn) {
      var suggestion = false;
      var stems = [];  // the query's words, stemmed, for the page coverage (kb-search-rank.js)
      var results = query.call(current(this), function (q) {
        fn.call(this, q);
        suggestion = Q.isSuggestion(q.clauses, parsed);
        Q.shape(q, suggestion, stems, withoutSmallWords, stemOf, lunr.Query.presence.OPTIONAL);
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
      if (String(doc[this._ref]).indexOf("#") === -1) add.call(this, self.kbSearchSlices.titleOnly(doc, this._fields), attributes);
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

  /* A large site's first answer (kb-search-slices.js): Material's build
     indexes the page titles, then every document is added in slices. */
  var rest = null;      // while Material builds the first index: every document, to add later
  var first = null;     // the first index, titles of the pages
  var whole = null;     // the whole index, once built

  function addInSlices(lunr, builder, docs) {
    mark("kb-index-sliced");
    self.kbSearchSlices.addInSlices(lunr, builder, docs, function () {
      mark("kb-index-whole");
      order.built();
      waiting.splice(0).forEach(function (run) { run(); });
      // the list on screen came from the first index: show the complete one
      if (asked.trim()) deliver({ type: MSG.query, data: asked });
    });
  }

  /* The index to ask: the whole one as soon as it is there. */
  function current(target) {
    return target === first && whole ? whole : target;
  }

  /* The form of the word the site uses most in its titles for a stem, found
     when first asked (kb-search-words.js). */
  var titleWords = null;  // word of the titles -> [times, folded], in the order first seen
  function displayWord(stem) {
    if (stem in display) return display[stem];
    if (!titleWords) titleWords = W.titleWords(allTitles);
    var lunr = lunrOf();
    display[stem] = W.displayWord(titleWords, stem, function (word) { return frStem(lunr, word); });
    return display[stem];
  }

  function completion(term) {
    return W.completion(displayWord(term) || term, typed);
  }

  function patch() {
    var lunr = lunrOf();
    var stemmer = lunr && find(lunr, M.lunrHooks.stemmer).value;
    if (stemmer && !stemmer.kbPatched) {
      hook(lunr, M.lunrHooks.stemmer, function (original) { return W.foldingStemmer(original, lunr); });
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
      if (self.kbSearchSlices.sliced(full.docs, setup.config.kb_slices_from)) rest = [];
      deliver({ type: MSG.setup, data: { config: full.config, docs: full.docs, options: setup.options } });
    }).catch(function (error) {
      loading = false;  // offline: the next keystroke tries again
      if (pending) { post({ type: MSG.result, data: { items: [] } }); pending = null; }
      setTimeout(function () { throw error; }, 0);  // in the console, not swallowed
    });
  }

  /* The words of a result as « Non trouvé » lists them (kb-search-words.js). */
  function typedTerms(terms, page) {
    return W.typedTerms(terms, held[page] || {}, function (stem) { return W.asTyped(parsed[stem], asked); });
  }

  var changed = self.kbSearchRank.changedOnly();
  // the answers' order while the index grows (kb-search-slices.js), and the
  // tags of the queries Material is answering, oldest first
  var order = self.kbSearchSlices.answers();
  var inflight = [];
  // Material answers its setup with « ready »: the page already had it.
  self.postMessage = function (message) {
    if (setup && message && message.type === MSG.ready) { whenReady(); return; }
    if (message && message.type === MSG.result && message.data && Array.isArray(message.data.items)) {
      var tag = inflight.shift();
      var verdict = tag ? order.answer(tag) : "post";
      if (verdict === "again") deliver({ type: MSG.query, data: asked });
      if (verdict !== "post") return;
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
    inflight.push(order.ask(String(message.data || "")));
    deliver(message);
  }, function (run) { setTimeout(run, 0); });

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    var data = message.data;
    if (message.type === MSG.query) { asked = String(data || ""); order.asked(asked); }
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
      var pages = self.kbSearchPages.pagesOf(data.docs);
      titles = pages.titles;
      reference = pages.reference;
      allTitles = pages.all;
      display = Object.create(null);
      titleWords = null;
    }
  });

  /* Pages that may answer a free text, best first, at most `limit` (kb-search-pages.js). */
  function suggest(text, limit) {
    return self.kbSearchPages.suggest(index, lunrOf(), titles, fold, text, limit);
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
