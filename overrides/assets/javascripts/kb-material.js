/*
 * Every name of Material for MkDocs the site's scripts use, in one place,
 * checked against Material 9.8.2 (checkedWith). The same names as BROWSER in
 * kb_tools/material.py: tests/unit/test_material_boundary.py compares the two
 * and finds each name in the installed Material's files.
 *
 * A classic script, no export: the search worker loads it with importScripts,
 * the page's modules with import "./kb-material.js"; both then read
 * self.kbMaterial. One object literal, keys sorted.
 */
self.kbMaterial = Object.freeze({
  checkedWith: "9.8.2",
  configScript: "#__config",
  content: "[data-md-component='content']",
  documentObservable: "document$",
  drawerToggle: "#__drawer",
  highlight: Object.freeze({ mark: "mark[data-md-highlight]", param: "h" }),
  locationObservable: "location$",
  lunrGlobal: "lunr",
  lunrHooks: Object.freeze({
    add: "Builder.prototype.add",
    build: "Builder.prototype.build",
    parse: "QueryParser.prototype.parse",
    query: "Index.prototype.query",
    stemmer: "fr.stemmer",
    stopWordFilter: "fr.stopWordFilter"
  }),
  lunrLoader: "importScripts",
  menuButton: "label.md-header__button[for='__drawer']",
  messages: Object.freeze({ query: 2, ready: 1, result: 3, setup: 0 }),
  searchButton: "label.md-header__button[for='__search']",
  searchDialog: ".md-search[role='dialog']",
  searchInput: ".md-search__input",
  searchWorker: "search.a7633da7.min.js"
});
