/* The page's glue to Material for MkDocs: every Material name comes from
   kb-material.js (self.kbMaterial). */

import "../kb-material.js";
import { el } from "./dom.js";
import { say } from "./util.js";

const names = () => self.kbMaterial;

/* Where the site is served, from Material's config block. */
export function siteBase() {
  try {
    return new URL(JSON.parse(document.querySelector(names().configScript).textContent).base, location.href);
  } catch {
    return new URL("/", location.href);
  }
}

/* `fn` after every page Material shows (instant navigation), or once. */
export function onEveryPage(fn) {
  const documents = window[names().documentObservable];
  if (documents) documents.subscribe(fn);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
  else fn();
}

/* Material's toggles (menu, search) are opened by labels, and a label cannot
   take a button's role (ARIA in HTML). For the keyboard and screen readers,
   a real button takes the label's place, with the label's own content, and
   clicks the hidden label: Material sees the same click. */
function buttonFor(label, attrs) {
  if (label.hasAttribute("data-kb-replaced")) return null;
  const button = el("button", Object.assign({ type: "button", class: label.className + " kb-toggle-button" }, attrs));
  while (label.firstChild) button.appendChild(label.firstChild);
  label.setAttribute("data-kb-replaced", "");
  label.parentNode.insertBefore(button, label);
  button.addEventListener("click", () => label.click());
  return button;
}

/* The home page's large search field opens Material's search, the cursor in
   the search box. Without JavaScript it stays a label. */
function searchTriggers() {
  document.querySelectorAll("label[data-kb-open-search]").forEach((label) => {
    const button = buttonFor(label, {});
    if (!button) return;
    button.addEventListener("click", () => {
      const input = document.querySelector(names().searchInput);
      if (input) setTimeout(() => input.focus(), 0);
    });
  });
}

/* Material reads the search box on key release only: a word finished without
   one (an accent from the keyboard's long press, autocorrect, dictation, a
   paste) left the results of the query before it (« crédit » for « crédité »).
   Every change of the box is passed on as a key release. */
let typing = false;
function searchFollowsEveryInput() {
  if (typing) return;
  typing = true;
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (box && box.matches && box.matches(names().searchInput)) box.dispatchEvent(new window.KeyboardEvent("keyup", { bubbles: true }));
  }, true);
}

/* Material's search dialog has the role but no name: give it one (WCAG 4.1.2). */
function searchDialogName(strings) {
  document.querySelectorAll(names().searchDialog + ":not([aria-label])").forEach((dialog) => {
    dialog.setAttribute("aria-label", say(strings, "search_dialog"));
  });
}

/* On a narrow screen the closed menu is hidden (kb-flow.css): its button says
   whether it is open. */
function menuButton(strings) {
  const toggle = document.querySelector(names().drawerToggle);
  document.querySelectorAll(names().menuButton).forEach((label) => {
    const button = buttonFor(label, { "aria-label": say(strings, "menu") });
    if (!button) return;
    button.classList.add("kb-menu-button");
    const sync = () => button.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false");
    if (toggle) toggle.addEventListener("change", sync);
    sync();
  });
}

/* Arriving from a search result, Material (`search.highlight`) marks every
   match of the words found (?h=, stems from our worker), inside words and
   inside buttons (« Identi/fi/ant/s »). Its marks are taken away as they come
   and the page is marked again: whole words that begin with a word found,
   never inside a control (an answer, a link, a form), never a word cut. */
const CONTROLS = "a, button, label, summary, input, select, textarea, form, [role='button'], [data-kb-answer], " +
  "script, style, mark";
const WORD = /[\p{L}\p{N}]+/gu;
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

function searchedWords() {
  const value = new URL(location.href).searchParams.get(names().highlight.param) || "";
  return [...new Set(fold(value).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3))];
}

function markWords(text, words) {
  const parts = [];
  let at = 0;
  for (const found of text.matchAll(WORD)) {
    if (!words.some((w) => fold(found[0]).startsWith(w))) continue;
    parts.push(text.slice(at, found.index), el("mark", { class: "kb-highlight", "data-kb-highlight": true, text: found[0] }));
    at = found.index + found[0].length;
  }
  if (!parts.length) return null;
  parts.push(text.slice(at));
  return parts.filter((p) => p !== "");
}

export function highlight(root, words) {
  root.querySelectorAll(names().highlight.mark).forEach((m) => {
    const parent = m.parentNode;
    m.replaceWith(document.createTextNode(m.textContent));
    parent.normalize();
  });
  if (!words.length) return;
  const walker = document.createTreeWalker(root, window.NodeFilter.SHOW_TEXT, {
    acceptNode: (t) => (t.parentElement.closest(CONTROLS) ? window.NodeFilter.FILTER_REJECT : window.NodeFilter.FILTER_ACCEPT)
  });
  const texts = [];
  for (let t = walker.nextNode(); t; t = walker.nextNode()) texts.push(t);
  for (const t of texts) {
    const parts = markWords(t.data, words);
    if (parts) t.replaceWith(...parts);
  }
}

let watching = false;
function searchHighlight() {
  const rehighlight = () => {
    const content = document.querySelector(names().content);
    if (content) highlight(content, searchedWords());
  };
  rehighlight();
  if (watching || !window.MutationObserver) return;
  watching = true;
  const selector = names().highlight.mark;
  new window.MutationObserver((records) => {
    const theirs = records.some((r) => [...r.addedNodes].some((n) => n.nodeType === 1 &&
      (n.matches(selector) || n.querySelector(selector))));
    if (theirs) rehighlight();
  }).observe(document.body, { childList: true, subtree: true });
}

export function enhanceMaterial(strings) {
  searchTriggers();
  searchFollowsEveryInput();
  searchDialogName(strings);
  menuButton(strings);
  searchHighlight();
}
