/* « Avant de nous contacter »: the page's entry point (a module, loaded by
   overrides/main.html). Turns every generated tree article of the page into
   a guided flow (flow.js), after every page Material shows. */

import { warmOnSearch } from "./deflect.js";
import { Flow } from "./flow.js";
import { enhanceMaterial, onEveryPage } from "./material.js";

const page = { flows: [], storage: null };

function pageStrings() {
  try { return JSON.parse(document.getElementById("kb-page-strings").textContent); } catch { return {}; }
}

function boot() {
  enhanceMaterial(pageStrings());
  page.flows.forEach((f) => window.removeEventListener("hashchange", f.onHash));
  try { page.storage = window.sessionStorage; } catch { page.storage = null; }
  page.flows = [];
  document.querySelectorAll("[data-kb-flow]").forEach((root) => {
    const data = root.getAttribute("data-kb-flow-data");
    if (data) page.flows.push(new Flow(root, JSON.parse(data), page));
  });
  page.flows.forEach((f) => f.start());
}

warmOnSearch();
// Capture on window, before Material's instant navigation sees the click.
window.addEventListener("click", (event) => page.flows.forEach((f) => f.onClick(event)), true);
onEveryPage(boot);
