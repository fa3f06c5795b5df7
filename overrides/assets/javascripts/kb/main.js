/* « Avant de nous contacter »: the page's entry point (a module, loaded by
   overrides/main.html). Turns every generated tree article of the page into
   a guided flow (flow.js), after every page Material shows. What only some
   pages need (the flow, incidents, the complaint ladder, the page's
   feedback, the quick exit) is loaded only where the build wrote it (needs.js). */

import { warmOnSearch } from "./deflect.js";
import { articleHooks, chrome, staticArticle } from "./dom.js";
import { enhanceMaterial, onEveryPage } from "./material.js";
import { pageNeeds } from "./needs.js";

// `memory`: the state of sensitive flows (flow.js), never in the browser's storage;
// `incidents`, `referral`: their modules, where the page needs them
const page = { flows: [], storage: null, memory: null, sensitive: false, moveHash, incidents: null, referral: null };
const LOAD = {
  flow: () => import("./flow.js"),
  incidents: () => import("./incident-view.js"),
  referral: () => import("./referral.js"),
  feedback: () => import("./page-feedback.js")
};
let shown = 0;  // the page Material shows now (instant navigation): an older page's modules arrive too late

function pageStrings() {
  try { return JSON.parse(document.head.querySelector("#kb-page-strings").textContent); } catch { return {}; }
}

/* `fn(flow)` for each flow of the page; a flow that fails is dropped, its
   article shown whole (dom.js staticArticle), and the others go on. */
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

function refreshIncidents() {
  try { if (page.incidents) page.incidents.refreshIncidents(); } catch (error) { console.error(error); }
}

/* Once the modules the page needs are there: its incidents, its feedback, its flows. */
function start(roots, modules) {
  page.incidents = modules.incidents || null;
  page.referral = modules.referral || null;
  refreshIncidents();
  try { if (modules.feedback) modules.feedback.pageFeedback(); } catch (error) { console.error(error); }
  for (const [root, data] of roots) {
    try {
      if (!modules.flow) throw new Error("flow.js not loaded");
      page.flows.push(new modules.flow.Flow(root, data, page));
    } catch (error) {
      staticArticle(root, error);
    }
  }
  eachFlow((f) => f.start());
}

function boot() {
  const mine = ++shown;
  try { enhanceMaterial(pageStrings()); } catch (error) { console.error(error); }
  try { page.storage = window.sessionStorage; } catch { page.storage = null; }
  // a sensitive page (overrides/main.html: its link in the announce block, never one in the content): « Quitter ce site » and Escape three times, its module only there
  page.sensitive = Boolean(chrome("a[data-kb-quick-exit]"));
  if (page.sensitive) import("./quick-exit.js").then((m) => m.quickExit()).catch((error) => console.error(error));
  page.flows = [];
  // the build's flows only: a direct child of the article, never markup nested in a text
  const roots = [];
  articleHooks("[data-kb-flow]").forEach((root) => {
    try {
      roots.push([root, JSON.parse(root.getAttribute("data-kb-flow-data"))]);
    } catch (error) {
      staticArticle(root, error);
    }
  });
  const needs = pageNeeds(roots.map(([, data]) => data), {
    incidents: articleHooks("[data-kb-incident]").length > 0, feedback: articleHooks("form[data-kb-page-feedback]").length > 0
  });
  // a module that fails to load leaves out what it does (a flow: its article shown whole)
  const loads = needs.map((name) => LOAD[name]().then((m) => [name, m], (error) => { console.error(error); return [name, null]; }));
  Promise.all(loads).then((loaded) => { if (mine === shown) start(roots, Object.fromEntries(loaded)); });
}

// Capture on window, before Material's instant navigation sees the click.
window.addEventListener("click", (event) => eachFlow((f) => f.onClick(event)), true);
// another flow's move changes the hash too: each flow shows only a change of its own state
window.addEventListener("hashchange", followHash);
onEveryPage(boot);
// a page left open shows an incident (its boxes, its outcome notes) at its start, and hides it at its end
window.setInterval(refreshIncidents, 30000);
// The flows will start (or each fall back on its own): kb-history.js leaves the
// page to them. Without this mark by the window's load, it shows every article
// whole, as without JavaScript.
document.documentElement.setAttribute("data-kb-ready", "");
warmOnSearch();
