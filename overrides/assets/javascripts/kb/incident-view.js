/* Everything incident-related on the page, shown by one clock (kb/incidents.js):
   the boxes the build wrote hidden (the home page, atop an affected flow) and
   the note atop each outcome of an affected flow. main.js refreshes them all
   at each page shown and every 30 s; a flow, the note it has just added. */

import { articleHooks, el } from "./dom.js";
import { isActive } from "./incidents.js";
import { say } from "./util.js";

/* Each incident box and note of `root` shown while `now` is inside its window;
   a box once per page (two embedded flows may share one) and not atop a flow
   at an outcome, a note in every outcome. */
export function refreshIncidents(root = document, now = Date.now()) {
  const shown = new Set();
  // the boxes the build wrote (children of the article), never one the content holds (dom.js)
  const boxes = root === document ? articleHooks("[data-kb-incident]") : [...root.querySelectorAll("[data-kb-incident]")];
  boxes.forEach((box) => {
    const id = box.getAttribute("data-kb-incident");
    box.hidden = shown.has(id) || atOutcome(box) || !isActive(box.getAttribute("data-kb-start"), box.getAttribute("data-kb-end"), now);
    if (!box.hidden) shown.add(id);
  });
  // the notes the flows added (inside the flows the build wrote), never one the content holds
  const flows = root === document ? articleHooks("[data-kb-flow]") : [root];
  flows.flatMap((flow) => [...flow.querySelectorAll("[data-kb-incident-note][data-kb-added]")]).forEach((note) => {
    note.hidden = !isActive(note.getAttribute("data-kb-start"), note.getAttribute("data-kb-end"), now);
  });
}

/* Whether the flow a box stands atop (the boxes, then the flow: flow.md.j2) shows an
   outcome, whose note says it instead (a box of the home page stands atop none). */
function atOutcome(box) {
  let next = box.nextElementSibling;
  while (next && next.hasAttribute("data-kb-incident")) next = next.nextElementSibling;
  return Boolean(next && next.hasAttribute("data-kb-flow") && next.hasAttribute("data-kb-at-outcome"));
}

/* The notes that open an outcome of the flow `data`, one per incident that
   affects it, whatever the time (refreshIncidents shows them): the player
   judges whether the request is about it before the channel and the form. */
export function incidentNotes(data) {
  const strings = data.strings;
  return (Array.isArray(data.incidents) ? data.incidents : []).map((known) => el("div", {
    class: "kb-incident kb-incident-note", role: "note", "data-kb-incident-note": known.id, "data-kb-added": true,
    "data-kb-start": known.start, "data-kb-end": known.end || "", hidden: true
  }, [
    el("p", { class: "kb-incident__title" }, [el("strong", { text: say(strings, "known_issue", known) })]),
    el("p", { text: known.text }),
    el("p", { class: "kb-incident-note__ask", text: say(strings, "known_issue_relevance") })
  ]));
}
