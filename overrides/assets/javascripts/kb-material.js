/*
 * Every name of Material for MkDocs that the site's own scripts use, in one
 * place, checked against the Material version below (tests/unit: a test reads
 * the installed Material's files and confirms each one). A classic script
 * without `export`: the search worker can importScripts() it, the page's
 * ES modules import it for its effect and read self.kbMaterial.
 */
self.kbMaterial = Object.freeze({
  CHECKED_WITH: "9.8.2",
  // page: elements and globals of Material's templates and bundle
  config: "#__config",                                   // <script type="application/json">: {"base", ...}
  drawer: "#__drawer",                                   // the navigation drawer's checkbox
  drawerButton: "label.md-header__button[for='__drawer']",
  searchInput: ".md-search__input",
  searchDialog: ".md-search[role='dialog']",
  document$: "document$",                                // window.document$: emits after each (instant) page load
  location$: "location$"                                 // window.location$: emits on each navigation
});
