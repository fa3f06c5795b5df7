// « Ces pages peuvent aider »: the pages the box leaves out, whatever the
// address looks like (anchor, query, « index.html »).
import assert from "node:assert/strict";
import { test } from "node:test";
globalThis.self = globalThis;  // kb-material.js, a classic script, names the global `self`
const { pagePath, worthShowing } = await import("../../overrides/assets/javascripts/kb/deflect.js");

const SITE = "https://aide.example/";
const page = (path) => ({ href: SITE + path, title: path });

test("an address names the same page with or without its anchor, query or index.html", () => {
  for (const variant of ["parcours/x/", "parcours/x/index.html", "parcours/x/#noeud", "parcours/x/?q=1#a", "parcours/x/index.html#b"]) {
    assert.equal(pagePath(SITE + variant), SITE + "parcours/x/");
  }
});

test("the page the player is on, the page they came from and the outcome's own links are never proposed", () => {
  const pages = ["parcours/connexion-acces/", "parcours/securite-compte/", "faq/escalade/", "faq/kyc/", "faq/bonus/"].map(page);
  for (const avoid of [
    [SITE + "parcours/securite-compte/#acces"],
    [SITE + "parcours/securite-compte/index.html", SITE + "parcours/connexion-acces/"],
    [SITE + "parcours/retrait/", SITE + "faq/escalade/#superviseur", SITE + "faq/kyc/index.html?x=1"]
  ]) {
    const shown = worthShowing(pages, avoid).map((p) => pagePath(p.href));
    const left = new Set(avoid.map((href) => pagePath(href)));
    assert.ok(shown.every((href) => !left.has(href)), JSON.stringify({ shown, avoid }));
    // and nothing else is lost
    assert.equal(shown.length, pages.filter((p) => !left.has(pagePath(p.href))).length);
  }
});

test("no address to avoid (no referrer) leaves every page", () => {
  const pages = ["a/", "b/"].map(page);
  assert.deepEqual(worthShowing(pages, [null, "", undefined]), pages);
});
