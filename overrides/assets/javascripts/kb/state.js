/* The flow's state, as the URL hash and sessionStorage keep it (pure: the
   caller passes the hash text and the storage).

   "#TREE=ANSWER/ANSWER/..." per flow, flows joined by "&": the answers taken
   from the start, by their stable ids (docs-dev: the hash format). Old links
   held answer indexes ("#p=0.2.1", "#TREE=0.2.1"); they are mapped onto ids
   while the tree's answer order is the one they were written for
   (data.legacy). A hash without "=" is a plain anchor.

   A flow opened on a node by an anchor starts there, not at the start: its
   path begins with "--NODE" (the answers before it were never given, so
   none is invented: no field set, no trail). */

import { dict, decode, own } from "./util.js";

export const MAX_HASH = 2000;  // longer: not one of ours
const MAX_STEPS = 500;
const KEY = /^(p|[a-z0-9]+(-[a-z0-9]+)*)$/;  // "p": the old single-flow links
const LEGACY = /^(\d{1,4}(\.\d{1,4}){0,500})?$/;
const STEP = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/* {paths: {tree: {ids} | {indexes}}, anchor}: the hash as the flows read it. */
export function parseHash(raw) {
  const hash = raw.length > MAX_HASH ? "" : decode(raw.replace(/^#/, ""));
  const paths = dict();
  if (hash.indexOf("=") < 0) return { paths, anchor: hash };
  for (const part of hash.split("&")) {
    const cut = part.indexOf("="), key = part.slice(0, cut), value = part.slice(cut + 1);
    if (!KEY.test(key) || key in paths) continue;
    if (LEGACY.test(value)) paths[key] = { indexes: value ? value.split(".").slice(0, MAX_STEPS).map(Number) : [] };
    else paths[key] = { ids: value.split("/").slice(0, MAX_STEPS) };
  }
  return { paths, anchor: null };
}

/* The hash text for [[tree, ids], ...] (without "#"). */
export function formatHash(entries) {
  return entries.map(([tree, ids]) => tree + "=" + ids.join("/")).join("&");
}

/* The answers of a node: a question's, a checklist's two; an outcome has none. */
export function answersOf(node) {
  return node && Array.isArray(node.answers) ? node.answers : [];
}

/* Replay answer ids from the start: the node reached, the fields set, the
   trail (the first-person sentences, `said`, of the answers taken, for « Ce
   que j'ai déjà vérifié »), and how many steps held (a step that no longer
   exists stops the replay there). */
export function replay(data, ids) {
  const nodes = data.nodes, sets = dict(), trail = [];
  let at = data.start, valid = 0;
  const entry = ids.length ? entryNode(data, ids[0]) : null;
  if (entry) {
    at = entry;
    valid = 1;
  }
  for (const step of ids.slice(valid)) {
    const answer = STEP.test(step) ? answersOf(own(nodes, at)).find((a) => a.id === step) : undefined;
    if (!answer || answer.target.tree !== data.id || !own(nodes, answer.target.node)) break;
    Object.assign(sets, answer.set);
    if (typeof answer.said === "string" && answer.said) trail.push(answer.said);
    at = answer.target.node;
    valid += 1;
  }
  return { node: at, sets, trail, valid, ids: ids.slice(0, valid) };
}

export const ENTRY = "--";

/* The node "--NODE" names as a path's first step, or null. */
function entryNode(data, step) {
  const id = typeof step === "string" && step.startsWith(ENTRY) ? step.slice(ENTRY.length) : "";
  return STEP.test(id) && own(data.nodes, id) ? id : null;
}

/* The answers a path holds (its "--NODE" entry is none). */
export function answered(path) {
  return path.length && path[0].startsWith(ENTRY) ? path.slice(1) : path;
}

/* Old answer indexes as answer ids, or null when the tree's answer order
   changed since (data.legacy false). An index that fits no answer stays a
   step no answer has: the replay stops there, as for any vanished step. */
export function legacyIds(data, indexes) {
  if (!data.legacy) return null;
  const ids = [];
  let at = data.start;
  for (const index of indexes) {
    const answer = answersOf(own(data.nodes, at))[index];
    if (!answer || answer.target.tree !== data.id) return ids.concat([String(index)]);
    ids.push(answer.id);
    at = answer.target.node;
  }
  return ids;
}

/* The anchor of a node ("TREE--NODE"): a sensitive flow's whole address, never its answers. */
export function nodeAnchor(data, node) {
  return (data.anchor_prefix || data.id + "--") + node;
}

/* The node a plain anchor names in this flow: "TREE--NODE", or an old "NODE". */
export function anchorNode(data, anchor) {
  const prefix = data.anchor_prefix || data.id + "--";
  const id = anchor.startsWith(prefix) ? anchor.slice(prefix.length) : anchor;
  return own(data.nodes, id) ? id : null;
}

const STORE = "kb-flow:";  // + the tree id: each flow its own state

/* What `storage` keeps for `tree`, checked: it is input from outside. */
export function readStored(storage, tree) {
  try {
    const state = JSON.parse(storage.getItem(STORE + tree) || "null");
    if (!state || typeof state !== "object" || state.tree !== tree) return null;
    const path = Array.isArray(state.path) ? state.path.filter((s) => typeof s === "string") : [];
    return { tree, path, carried: dict(state.carried), values: dict(state.values), basis: dict(state.basis), arriving: state.arriving === true };
  } catch {
    return null;
  }
}

export function writeStored(storage, tree, state) {
  try { storage.setItem(STORE + tree, JSON.stringify(Object.assign({}, state, { tree }))); } catch { /* private mode: keep going */ }
}

export function clearStored(storage, tree) {
  try {
    storage.removeItem(STORE + tree);
    storage.removeItem(TICKS + tree);
  } catch { /* nothing stored */ }
}

const TICKS = "kb-ticks:";  // + the tree id: {outcome id: [attachment labels ticked]}

/* The attachments ticked on `node` of `tree` (labels), as kept: input from outside. */
export function readTicks(storage, tree, node) {
  try {
    const kept = own(JSON.parse(storage.getItem(TICKS + tree) || "null"), node);
    return Array.isArray(kept) ? kept.filter((s) => typeof s === "string") : [];
  } catch {
    return [];
  }
}

export function writeTicks(storage, tree, node, labels) {
  try {
    let all = null;
    try { all = JSON.parse(storage.getItem(TICKS + tree) || "null"); } catch { /* replaced below */ }
    const next = dict(all && typeof all === "object" && !Array.isArray(all) ? all : null);
    next[node] = labels;
    storage.setItem(TICKS + tree, JSON.stringify(next));
  } catch { /* private mode: keep going */ }
}

/* A storage kept in memory only, for a sensitive flow: nothing of it reaches
   the browser's storage; it goes with the tab (or a reload). */
export function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
    setItem: (key, value) => { items.set(String(key), String(value)); },
    removeItem: (key) => { items.delete(String(key)); }
  };
}
