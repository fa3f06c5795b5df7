/* « Ces pages peuvent aider »: while the player describes the problem, the
   site's search worker (workers/kb-search-worker.js) suggests pages, through
   a BroadcastChannel: the text never leaves the browser. None on an urgent
   outcome; never a page the player has seen or is sent to. */

import { el } from "./dom.js";
import { siteBase } from "./material.js";
import { say } from "./util.js";

let channel = null, asked = 0;

export function searchChannel() {
  if (!channel && typeof BroadcastChannel === "function") channel = new BroadcastChannel("kb-search");
  return channel;
}

/* A page's address without its query, anchor and « index.html ». */
export function pagePath(href, base) {
  const url = new URL(href, base);
  return url.origin + url.pathname.replace(/\/index\.html$/, "/");
}

/* The suggestions worth showing: `pages` ({href, title}) but those in
   `avoid` (addresses): the page the player is on, the page they came from
   (a tree earlier on their path) and the pages the outcome itself points to. */
export function worthShowing(pages, avoid) {
  const known = new Set(avoid.filter(Boolean).map((href) => pagePath(href)));
  return pages.filter((page) => !known.has(pagePath(page.href)));
}

/* The addresses never to suggest from inside `box`: this page, the page the
   player came from on this site, and every link of the outcome around it. */
function avoided(box) {
  const here = location.href, out = [here];
  try {
    if (document.referrer && new URL(document.referrer).origin === location.origin) out.push(document.referrer);
  } catch { /* no readable referrer */ }
  const section = box.closest("[data-kb-node]") || box.parentNode;
  if (section) {
    for (const a of section.querySelectorAll("a[href]")) {
      if (box.contains(a)) continue;
      try {
        const url = new URL(a.getAttribute("href"), here);
        if (url.origin === location.origin) out.push(url.href);
      } catch { /* not an address */ }
    }
  }
  return out;
}

/* The box of suggestions while the player types. `quiet`: an urgent outcome
   (urgent, escalation), where the player must contact us now: no pages to
   read instead. */
export function deflector(strings, quiet = false) {
  const list = el("ul");
  const box = el("div", { class: "kb-deflect", "data-kb-deflect": true, "aria-live": "polite", hidden: true }, [
    el("p", { class: "kb-deflect__title", text: say(strings, "deflect_title") }), list
  ]);
  const bus = quiet ? null : searchChannel();
  let timer = null, mine = 0;
  if (bus) {
    bus.addEventListener("message", (event) => {
      const answer = event.data || {};
      if (answer.kb !== "suggestions" || answer.id !== mine) return;
      list.textContent = "";
      const base = siteBase();
      const pages = answer.pages.map((page) => ({ href: new URL(page.location, base).href, title: page.title }));
      const others = worthShowing(pages, avoided(box));
      for (const page of others) list.appendChild(el("li", {}, [el("a", { href: page.href, text: page.title })]));
      box.hidden = !others.length;
    });
  }
  return {
    box,
    ask(text) {
      if (!bus) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        mine = "kb" + (++asked) + Math.random().toString(36).slice(2);
        bus.postMessage({ kb: "suggest", id: mine, text });
      }, 250);
    }
  };
}

/* The worker fetches its index when the player first reaches for the
   search: a finger or a pointer down on its button (the click comes a
   tenth of a second later on a phone), or the focus in its box. */
export function warmOnSearch() {
  const names = self.kbMaterial;
  const warm = (event, selector) => {
    const bus = searchChannel();
    if (bus && event.target.closest && event.target.closest(selector)) bus.postMessage({ kb: "warm" });
  };
  document.addEventListener("pointerdown", (event) => warm(event, names.searchButton), { capture: true, passive: true });
  document.addEventListener("focusin", (event) => warm(event, names.searchInput));
}
