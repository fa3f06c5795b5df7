/* « Quitter ce site » on a sensitive page (GOV.UK's « Exit this page »).

   overrides/main.html writes the link, first after the skip link; without
   JavaScript it is a plain link to a neutral page. Here (imported by main.js
   only where the link is): a click, or Escape pressed three times within five
   seconds, blanks the page at once and replaces it with the neutral one
   (location.replace: Back does not come back here). The count is told to
   screen readers after the first and second press. */

import { chrome, el } from "./dom.js";
import { say } from "./util.js";

export const PRESSES = 3;
export const WINDOW_MS = 5000;

/* The Escape counter (pure): `state` {count, first} after a key, and whether
   to leave. Any other key breaks the series; a key held down (auto-repeat)
   is one press; a series older than WINDOW_MS starts again. */
export function pressed(state, key, repeat, now) {
  if (key !== "Escape") return { count: 0, first: 0, exit: false };
  if (repeat) return { count: state.count, first: state.first, exit: false };
  const fresh = !state.count || now - state.first > WINDOW_MS;
  const count = fresh ? 1 : state.count + 1, first = fresh ? now : state.first;
  return count >= PRESSES ? { count: 0, first: 0, exit: true } : { count, first, exit: false };
}

let state = { count: 0, first: 0 }, timer = 0, listening = false;

// the template's link (announce block), never one a page's content wrote (dom.js chrome)
const link = () => chrome("a[data-kb-quick-exit]");

function strings(a) {
  try { return JSON.parse(a.getAttribute("data-kb-strings")) || {}; } catch { return {}; }
}

function tell(text) {
  const a = link(), live = a && a.parentNode.querySelector("[data-kb-quick-exit-live]");
  if (live) live.textContent = text;
}

function forget() {
  clearTimeout(timer);
  state = { count: 0, first: 0 };
  tell("");
}

/* The neutral page when the link's address is none a browser can open. */
export const NEUTRAL = "https://www.google.fr/";

/* Where to go (pure): the link's address if it is a whole http(s) one, else NEUTRAL. */
export function exitUrl(href) {
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : NEUTRAL;
  } catch {
    return NEUTRAL;
  }
}

/* Blank the page before the neutral one loads (kb-flow.css), then replace this
   entry; if the browser refuses the address, the neutral page; if it refuses
   that too, the page shown again (never left blank). */
export function leave(href) {
  forget();
  document.documentElement.classList.add("kb-leaving");
  for (const url of [exitUrl(href), NEUTRAL]) {
    try {
      location.replace(url);
      return;
    } catch (error) {
      console.error(error);
    }
  }
  document.documentElement.classList.remove("kb-leaving");
}

function onKey(event) {
  const a = link();
  if (!a) return forget();  // a page without the link (Material's instant navigation)
  if (event.isComposing) return;  // Escape that ends a composition (an input method) is not for us
  const before = state.count;
  const next = pressed(state, event.key, event.repeat, Date.now());
  state = { count: next.count, first: next.first };
  if (next.exit) return leave(a.href);
  if (next.count === before) return;
  clearTimeout(timer);
  if (!next.count) return tell("");
  tell(say(strings(a), next.count === 1 ? "two_more" : "one_more"));
  timer = setTimeout(forget, WINDOW_MS - (Date.now() - next.first));
}

/* On every page that has the link (main.js). */
export function quickExit() {
  const a = link();
  if (!a || a.hasAttribute("data-kb-live")) return;
  a.setAttribute("data-kb-live", "");
  a.after(el("span", { class: "kb-visually-hidden", role: "status", "data-kb-quick-exit-live": true }));
  a.addEventListener("click", (event) => {
    // a new tab asked for (Ctrl, Cmd, Shift, middle button): the browser's own way
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    event.preventDefault();
    event.stopPropagation();  // not Material's instant navigation
    leave(a.href);
  });
  forget();
  if (listening) return;
  listening = true;
  window.addEventListener("keydown", onKey, true);
  // back from the bfcache: the page shown again, not blank
  window.addEventListener("pageshow", () => document.documentElement.classList.remove("kb-leaving"));
}
