/* « Avant de nous contacter »: the page's entry point (a module, loaded by
   overrides/main.html). Turns every generated tree article of the page into
   a guided flow (flow.js), after every page Material shows. */

import { warmOnSearch } from "./deflect.js";
import { articleHooks, chrome } from "./dom.js";
import { Flow, staticArticle } from "./flow.js";
import { refreshIncidents } from "./incident-view.js";
import { enhanceMaterial, onEveryPage } from "./material.js";
import { pageFeedback } from "./page-feedback.js";
import { memoryStorage } from "./state.js";

// `memory`: the state of sensitive flows (flow.js), never in the browser's storage
const page = { flows: [], storage: null, memory: memoryStorage(), sensitive: false, moveHash };

function pageStrings() {
  try { return JSON.parse(document.head.querySelector("#kb-page-strings").textContent); } catch { return {}; }
}

/* `fn(flow)` for each flow of the page; a flow that fails is dropped, its
   article shown whole (flow.js staticArticle), and the others go on. */
function eachFlow(fn) {
  for (const flow of page.flows.slice()) {
    try {
      fn(flow);
    } catch (error) {
      page.flows = page.flows.filter((f) => f !== flow);
      staticArticle(flow.root, error);
    }
  }
}

/* Each flow shows its state once the hash changed (another flow's move changes it too). */
function followHash() {
  eachFlow((f) => f.render(true, true));
}

/* A step: a new hash, a new history entry; a sensitive page's step takes the
   place of the current entry (no trail), and since replaceState fires no
   hashchange the flows follow it here. */
function moveHash(hash, quietly) {
  if (!quietly) {
    location.hash = hash;
    return;
  }
  history.replaceState(history.state, "", location.pathname + location.search + "#" + hash);
  followHash();
}

function boot() {
  try { enhanceMaterial(pageStrings()); } catch (error) { console.error(error); }
  try { refreshIncidents(); } catch (error) { console.error(error); }
  try { pageFeedback(); } catch (error) { console.error(error); }
  try { page.storage = window.sessionStorage; } catch { page.storage = null; }
  // a sensitive page (overrides/main.html: its link in the announce block, never one in the content): « Quitter ce site » and Escape three times, its module only there
  page.sensitive = Boolean(chrome("a[data-kb-quick-exit]"));
  if (page.sensitive) import("./quick-exit.js").then((m) => m.quickExit()).catch((error) => console.error(error));
  page.flows = [];
  // the build's flows only: a direct child of the article, never markup nested in a text
  articleHooks("[data-kb-flow]").forEach((root) => {
    try {
      page.flows.push(new Flow(root, JSON.parse(root.getAttribute("data-kb-flow-data")), page));
    } catch (error) {
      staticArticle(root, error);
    }
  });
  eachFlow((f) => f.start());
}

// Capture on window, before Material's instant navigation sees the click.
window.addEventListener("click", (event) => eachFlow((f) => f.onClick(event)), true);
// another flow's move changes the hash too: each flow shows only a change of its own state
window.addEventListener("hashchange", followHash);
onEveryPage(boot);
// a page left open shows an incident (its boxes, its outcome notes) at its start, and hides it at its end
window.setInterval(() => { try { refreshIncidents(); } catch (error) { console.error(error); } }, 30000);
// The flows will start (or each fall back on its own): kb-history.js leaves the
// page to them. Without this mark by the window's load, it shows every article
// whole, as without JavaScript.
document.documentElement.setAttribute("data-kb-ready", "");
warmOnSearch();
