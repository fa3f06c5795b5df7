/*
 * Loaded in <head>, before Material's bundle, so that this listener runs first.
 *
 * On a page with a guided flow, a change of hash alone is a step of the flow
 * (assets/javascripts/kb/flow.js). Material's instant navigation takes the first popstate on a
 * page for a new page: it fetches the page again and swaps it in, and the
 * focus and the live region the flow had set are lost. Until Material has
 * navigated once (its location observable then compares paths itself), such a popstate
 * is kept from it; the hashchange that follows still reaches the flow.
 */
(function () {
  "use strict";
  // Before the first paint: a guided flow shows its first step only (kb-flow.css),
  // instead of the whole article collapsing once the flow modules run (layout shift).
  var root = document.documentElement;
  root.classList.add("kb-js");
  // Module scripts run before the window's load: if the flow's code has not
  // marked the page by then (a module refused, blocked or broken), the
  // articles are shown whole, as without JavaScript.
  window.addEventListener("load", function () {
    if (!root.hasAttribute("data-kb-ready")) root.classList.remove("kb-js");
  });
  var loaded = location.pathname, navigated = false;
  window.addEventListener("popstate", function (event) {
    if (!navigated && location.pathname === loaded && document.querySelector('[data-md-component="content"] > article > [data-kb-flow]')) {
      event.stopImmediatePropagation();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var locations = window[self.kbMaterial.locationObservable];  // kb-material.js, loaded just before
    if (locations) locations.subscribe(function () { navigated = true; });
  });
})();
