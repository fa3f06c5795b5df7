/* « Avant de nous contacter »: the page's entry point (a module, loaded by
   overrides/main.html). Turns every generated tree article of the page into
   a guided flow (flow.js), after every page Material shows. */

import { warmOnSearch } from "./deflect.js";
import { Flow, staticArticle } from "./flow.js";
import { enhanceMaterial, onEveryPage } from "./material.js";
import { pageFeedback } from "./page-feedback.js";

const page = { flows: [], storage: null };

function pageStrings() {
  try { return JSON.parse(document.getElementById("kb-page-strings").textContent); } catch { return {}; }
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

function boot() {
  try { enhanceMaterial(pageStrings()); } catch (error) { console.error(error); }
  try { pageFeedback(document); } catch (error) { console.error(error); }
  try { page.storage = window.sessionStorage; } catch { page.storage = null; }
  page.flows = [];
  document.querySelectorAll("[data-kb-flow]").forEach((root) => {
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
window.addEventListener("hashchange", () => eachFlow((f) => f.render(true, true)));
onEveryPage(boot);
// The flows will start (or each fall back on its own): kb-history.js leaves the
// page to them. Without this mark by the window's load, it shows every article
// whole, as without JavaScript.
document.documentElement.setAttribute("data-kb-ready", "");
warmOnSearch();
