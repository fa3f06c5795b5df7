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

export function enhanceMaterial(strings) {
  searchTriggers();
  searchDialogName(strings);
  menuButton(strings);
}
