/* « Avant de nous contacter »: the page's entry point (a module, loaded by
   overrides/main.html). Turns every generated tree article of the page into
   a guided flow (flow.js), after every page Material shows. */

import { warmOnSearch } from "./deflect.js";
import { Flow, staticArticle } from "./flow.js";
import { isActive } from "./incidents.js";
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

/* The known incidents' boxes the build wrote hidden: shown while the clock is
   inside their window, each once per page (two embedded flows may share one). */
function showIncidents() {
  const shown = new Set(), now = Date.now();
  document.querySelectorAll("[data-kb-incident]").forEach((box) => {
    const id = box.getAttribute("data-kb-incident");
    box.hidden = shown.has(id) || !isActive(box.getAttribute("data-kb-start"), box.getAttribute("data-kb-end"), now);
    if (!box.hidden) shown.add(id);
  });
}

function boot() {
  try { enhanceMaterial(pageStrings()); } catch (error) { console.error(error); }
  try { showIncidents(); } catch (error) { console.error(error); }
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
// a page left open shows an incident at its start, and hides it at its end
window.setInterval(() => { try { showIncidents(); } catch (error) { console.error(error); } }, 30000);
// The flows will start (or each fall back on its own): kb-history.js leaves the
// page to them. Without this mark by the window's load, it shows every article
// whole, as without JavaScript.
document.documentElement.setAttribute("data-kb-ready", "");
warmOnSearch();
