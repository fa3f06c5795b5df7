/* One guided flow: a generated tree article shown one step at a time.

   The article stays complete without JavaScript; this only enhances it. The
   state lives in the URL hash (state.js), one entry per flow on the page;
   sessionStorage keeps each flow's answers and what the player typed
   (« Recommencer » clears it). A sensitive flow (data.sensitive, or a page with « Quitter ce
   site ») leaves no trail: no history entry (main.js moveHash), its state in memory only. */

import { el } from "./dom.js";
import { emit, flowFields } from "./emit.js";
import { fieldList } from "./fields.js";
import { channelCard, channelLink, feedback } from "./outcome.js";
import { storable } from "./privacy.js";
import { ENTRY, anchorNode, answered, answersOf, clearStored, formatHash, legacyIds, memoryStorage, nodeAnchor, parseHash, readStored, replay, writeStored } from "./state.js";
import { Ticket } from "./ticket-form.js";
import { dict, own, say } from "./util.js";

export class Flow {
  /* `page`: what the flows of one page share ({flows, storage, memory, sensitive, moveHash},
     and the modules main.js loaded for it: incidents, referral, or null). */
  constructor(root, data, page) {
    Object.assign(this, { root, data, page });
    this.sensitive = data.sensitive === true || page.sensitive === true;
    this.storage = this.sensitive ? (page.memory = page.memory || memoryStorage()) : page.storage;
    if (this.sensitive) clearStored(page.storage, data.id);  // what an older page kept goes
    this.sections = Object.create(null);
    root.querySelectorAll("[data-kb-node]").forEach((s) => { this.sections[s.getAttribute("data-kb-node")] = s; });
    root.classList.add("kb-flow--live");
    this.live = el("p", { class: "kb-visually-hidden", "aria-live": "polite", role: "status", "data-kb-added": true });
    // the bar is in the page from the start (flow.md.j2): nothing moves
    [this.step, this.back, this.restart] = ["step", "back", "restart"].map((hook) => root.querySelector(`[data-kb-${hook}]`));
    this.notice = el("p", { class: "kb-flow__notice", role: "status", "data-kb-notice": true, "data-kb-added": true });
    this.step.parentNode.after(this.notice);
    this.back.addEventListener("click", () => { if (answered(this.path).length) this.go(this.path.slice(0, -1)); });
    this.restart.addEventListener("click", () => this.reset());
    root.appendChild(this.live);
  }

  /* Once every flow of the page exists (the hash names them all). */
  start() {
    // arriving from another tree's answer: the focus goes on, to this step's heading (a sensitive
    // flow is told nothing in storage: opened on one of its nodes by an anchor, it arrives)
    const anchor = parseHash(location.hash).anchor;
    this.render((this.saved() || {}).arriving === true || (this.sensitive && Boolean(anchor && this.takes(anchor))));
    emit(flowFields(this.data, this.current), this.sensitive === true);  // first shown: no `from`
  }

  saved() { return readStored(this.storage, this.data.id); }

  save(extra) {
    const before = this.saved() || {};
    // what an older page kept of a sensitive field goes now (privacy.js)
    const values = storable(fieldList(this.data), before.values);
    const state = { path: this.path, carried: dict(this.carried), values, basis: dict(before.basis) };
    writeStored(this.storage, this.data.id, Object.assign(state, extra));
  }

  /* The hash for every flow of the page, this one at `path` (null: left
     out): the flows away from their start, and this one always. */
  hashWith(path) {
    // the others where the hash puts them: during a hash change, a flow not drawn
    // again yet is already where it is going (a sensitive flow's answers: never, state.js nodeAnchor)
    const where = (f) => (f === this ? path : f.sensitive ? null : f.state().path);
    return formatHash(this.page.flows.map((f) => [f, where(f)])
      .filter(([f, p]) => p && (f === this || p.length)).map(([f, p]) => [f.data.id, p]));
  }

  // a sensitive flow: the address names the node only; its answers stay in memory (`kept`: « Retour », what they set)
  go(path) { this.kept = path; this.page.moveHash(this.sensitive ? nodeAnchor(this.data, replay(this.data, path).node) : this.hashWith(path), this.sensitive); }

  reset() {
    clearStored(this.storage, this.data.id);
    this.carried = dict();
    const others = this.hashWith(null);
    history[this.sensitive ? "replaceState" : "pushState"](null, "", location.pathname + location.search + (others ? "#" + others : ""));
    this.render(true);
  }

  /* The node a plain anchor shows in this flow: the node holding the element
     it names (its heading "TREE--NODE", a heading inside it), or an old
     "NODE" (two flows may share a node id: the first one of the page holding
     it takes it; a heading of the page with that id keeps it). */
  takes(anchor) {
    const section = this.targetOf(anchor)?.closest("[data-kb-node]");
    if (section && this.root.contains(section)) return section.getAttribute("data-kb-node");
    const id = anchorNode(this.data, anchor);
    if (!id || anchor !== id) return id;
    const element = document.getElementById(anchor);
    if (element && !this.root.contains(element)) return null;
    return this.page.flows.find((f) => anchorNode(f.data, anchor) === anchor) === this ? id : null;
  }

  /* The element of this flow an anchor names, or null. */
  targetOf(anchor) {
    const element = anchor ? document.getElementById(anchor) : null;
    return element && this.root.contains(element) ? element : null;
  }

  /* Where the hash puts this flow: {path (answer ids), at (replayed),
     changed (the notice), rewrite (the address must say it otherwise)}. */
  state() {
    const hash = parseHash(location.hash), data = this.data;
    const kept = this.sensitive && this.kept ? replay(data, this.kept) : null;  // the node named, by the answers in memory
    if (kept && hash.anchor && this.takes(hash.anchor) === kept.node) return { path: kept.ids, at: kept };
    let entry = own(hash.paths, data.id);
    // an old "#p=" link: the page's first flow, unless a flow is named "p"
    if (entry === undefined && this.page.flows[0] === this && !this.page.flows.some((f) => f.data.id === "p")) {
      entry = own(hash.paths, "p");
    }
    if (entry !== undefined) {
      const ids = entry.ids || legacyIds(data, entry.indexes);
      if (ids === null) return { path: [], at: replay(data, []), changed: entry.indexes.length > 0 ? "old_link" : "", rewrite: true };
      const at = replay(data, ids);
      // nothing of the link holds: the flow starts again, and says so
      const changed = at.valid === ids.length ? "" : at.valid === 0 ? "old_link" : "guide_changed";
      return { path: at.ids, at, changed, rewrite: Boolean(changed || entry.indexes) || this.sensitive };  // sensitive: node only
    }
    const anchored = hash.anchor ? this.takes(hash.anchor) : null;
    if (anchored) {
      // already there (a heading of the node shown): the player's own answers stay
      if (this.path && this.current === anchored) return { path: this.path, at: replay(data, this.path) };
      // a plain anchor (another tree's answer, a shared link): that node, and no
      // answer the player never gave (no field set, nothing in the trail)
      const path = [ENTRY + anchored];
      return { path, at: replay(data, path) };
    }
    // an anchor in this flow's own form that names no node of it: the start, said
    if (hash.anchor && hash.anchor.startsWith(data.anchor_prefix || data.id + "--") && !document.getElementById(hash.anchor)) {
      return { path: [], at: replay(data, []), changed: "old_link", rewrite: true };
    }
    // an anchor elsewhere in the page (a heading, another flow's node) leaves this flow where it is
    if (hash.anchor && this.path) return { path: this.path, at: replay(data, this.path) };
    return { path: [], at: replay(data, []) };
  }

  onClick(event) {
    const link = event.target.closest && event.target.closest("a[data-kb-answer]");
    const section = this.sections[this.current];
    if (!link || !section || !section.contains(link)) return;
    const which = link.getAttribute("data-kb-answer");
    const answer = answersOf(own(this.data.nodes, this.current)).find((a) => a.id === which);
    if (!answer) return;  // the link itself leads on: its anchor shows its node
    // Material's instant navigation must not handle this click as well.
    event.preventDefault();
    event.stopPropagation();
    if (answer.target.tree === this.data.id) {
      // a forward answer: its beacon once the step it leads to is shown (render)
      this.forward = { from: this.current, path: (this.path || []).concat([answer.id]).join("/") };
      this.go((this.path || []).concat([answer.id]));
      return;
    }
    // Another tree: carry what the player already told us, then follow the article's link.
    const carried = dict(this.sets, answer.set);
    // what the player typed there before stays; what answers filled in is judged again (Ticket);
    // into or out of a sensitive flow, nothing is written
    const tree = answer.target.tree, before = readStored(this.page.storage, tree) || {};
    const state = { path: [], carried, values: dict(before.values), basis: dict(before.basis), arriving: true };
    if (!this.sensitive && answer.target.sensitive !== true) writeStored(this.page.storage, tree, state);
    location.href = link.href;
  }

  /* `onlyIfMoved` (a hash change): the step is drawn again only if it is
     another one; the notice follows every hash change all the same. */
  render(moveFocus, onlyIfMoved) {
    const state = this.state(), saved = this.saved(), strings = this.data.strings, forward = this.forward;
    this.forward = null;  // only the render that follows the answer shows where it led
    // the step: everything drawn but the notice follows from the path and the node
    const shown = state.path.join("/") + "@" + state.at.node;
    if (onlyIfMoved && shown === this.shown) {
      this.tell(state);
      return;
    }
    this.shown = shown;
    this.path = state.path;
    this.current = state.at.node;
    if (this.sensitive) this.kept = this.path;
    this.carried = saved ? saved.carried : dict();
    this.sets = dict(this.carried, state.at.sets);
    this.trail = state.at.trail;
    this.tell(state);
    for (const [id, s] of Object.entries(this.sections)) s.hidden = id !== this.current;
    const section = this.sections[this.current], node = own(this.data.nodes, this.current);
    const outcome = node.type === "outcome";
    const steps = answered(this.path).length;
    this.step.textContent = outcome ? say(strings, "solution") : say(strings, "step", { n: steps + 1 });
    // opened by an anchor: no answer to go back to (« Recommencer » goes to the start)
    this.back.disabled = steps === 0;
    this.save();
    if (outcome) this.outcome(section, node);
    // at an outcome, its own note asks about the incident: the box atop the flow steps aside
    this.root.toggleAttribute("data-kb-at-outcome", outcome);
    if (this.page.incidents) this.page.incidents.refreshIncidents();
    if (forward && forward.path === this.path.join("/")) emit(flowFields(this.data, this.current, forward.from), this.data.sensitive === true);
    const heading = section.querySelector("h2");
    // an anchor to an element inside the node (a heading of the page's contents): shown, then scrolled to
    const hash = parseHash(location.hash), target = hash.anchor ? this.targetOf(hash.anchor) : null;
    const aimed = target && section.contains(target) ? this.inView(section, target) : null;
    if (moveFocus && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: Boolean(aimed) });
    }
    if (aimed) aimed.scrollIntoView();
    this.live.textContent = say(strings, outcome ? "live_solution" : "live_question", { title: heading ? heading.textContent : "" });
  }

  /* What shows `target`: itself, or for a part the flow replaced (the request
     as written without JavaScript), the live one, by its heading if it has one. */
  inView(section, target) {
    if (target.getClientRects().length) return target;
    const live = section.querySelector(".kb-live");
    const same = live && [...live.querySelectorAll("h3")].find((h) => h.textContent.trim() === target.textContent.trim());
    return same || live || section;
  }

  /* The notice of a link that no longer holds (or none), and the hash cut
     to the steps that still hold: the hash says where the flow is. */
  tell(state) {
    this.notice.textContent = state.changed ? say(this.data.strings, state.changed) : "";
    if (!state.rewrite) return;
    // the answer-id form; a flow at its start is left out (no empty "TREE="); a sensitive one: its node only
    const hash = this.sensitive ? (this.path.length ? nodeAnchor(this.data, this.current) : "") : this.hashWith(this.path.length ? this.path : null);
    history.replaceState(history.state, "", location.pathname + location.search + (hash ? "#" + hash : ""));
  }

  outcome(section, node) {
    section.querySelectorAll(".kb-live, [data-kb-incident-note]").forEach((e) => e.remove());
    // a known incident first, before the urgency, the channel and the form: the player judges if it is theirs
    if (this.page.incidents) section.querySelector("h2")?.after(...this.page.incidents.incidentNotes(this.data));
    const box = el("div", { class: "kb-live", "data-kb-added": true });
    box.appendChild(channelCard(this.data, node, new Date()));
    // a self-help outcome's way on: the article's link to its still_stuck answer (node-outcome.md.j2)
    const link = channelLink(this.data, node), wayOn = section.querySelector("a[data-kb-still-stuck]");
    if (link) box.appendChild(link);
    box.appendChild(node.ticket ? new Ticket(this, node).form : feedback(this.data, node, wayOn));
    // the card and the feedback, then the way on (« Toujours bloqué ? »)
    const holder = wayOn && wayOn.closest(".kb-still-stuck");
    if (holder && holder.parentNode === section) section.insertBefore(box, holder);
    else section.appendChild(box);
  }
}
