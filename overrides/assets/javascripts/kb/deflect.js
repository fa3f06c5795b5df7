/* « Ces pages peuvent aider »: while the player describes the problem, the
   site's search worker (workers/kb-search-worker.js) suggests pages, through
   a BroadcastChannel: the text never leaves the browser. */

import { el } from "./dom.js";
import { siteBase } from "./material.js";
import { say } from "./util.js";

let channel = null, asked = 0;

export function searchChannel() {
  if (!channel && typeof BroadcastChannel === "function") channel = new BroadcastChannel("kb-search");
  return channel;
}

/* A page's address without its query, anchor and « index.html ». */
function pagePath(href) {
  const url = new URL(href);
  return url.origin + url.pathname.replace(/\/index\.html$/, "/");
}

export function deflector(strings) {
  const list = el("ul");
  const box = el("div", { class: "kb-deflect", "data-kb-deflect": true, "aria-live": "polite", hidden: true }, [
    el("p", { class: "kb-deflect__title", text: say(strings, "deflect_title") }), list
  ]);
  const bus = searchChannel();
  let timer = null, mine = 0;
  if (bus) {
    bus.addEventListener("message", (event) => {
      const answer = event.data || {};
      if (answer.kb !== "suggestions" || answer.id !== mine) return;
      list.textContent = "";
      const base = siteBase();
      // never the page the player is on: they are already reading it
      const others = answer.pages.map((page) => ({ href: new URL(page.location, base).href, title: page.title }))
        .filter((page) => pagePath(page.href) !== pagePath(location.href));
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

/* The worker fetches its index when the player first opens the search. */
export function warmOnSearch() {
  const names = self.kbMaterial;
  document.addEventListener("focusin", (event) => {
    const bus = searchChannel();
    if (bus && event.target.matches && event.target.matches(names.searchInput)) bus.postMessage({ kb: "warm" });
  });
}
