/* « Cette page vous a-t-elle aidé ? » under an article, as the build wrote it
   (overrides/partials/kb-page-feedback.html): shown once this runs, Oui / Non
   answered once. After an answer: the thanks in its live region, which takes
   the focus; the buttons disabled, the one chosen marked pressed; after
   « Non », the link to « Avant de nous contacter » too. The answer is a
   beacon (beacon.js): only where the deployment set an endpoint, never from a
   sensitive page, and nothing but the page's path and yes or no. */

import { articleHooks } from "./dom.js";
import { emit } from "./emit.js";

/* The template's form: the last block of the article, after its text (never one nested in a text). */
export function pageFeedback() {
  const box = articleHooks("form[data-kb-page-feedback]").pop();
  if (!box || box.hasAttribute("data-kb-live")) return;
  const thanks = box.querySelector(".kb-feedback__thanks"), next = box.querySelector(".kb-feedback__next");
  const buttons = [...box.querySelectorAll("button[data-kb-feedback-answer]")];
  const answer = (chosen) => {
    const helpful = chosen.getAttribute("data-kb-feedback-answer") === "yes";
    const which = helpful ? "data-kb-thanks-yes" : "data-kb-thanks-no";
    thanks.textContent = thanks.getAttribute(which);
    thanks.setAttribute("data-kb-thanks-key", thanks.getAttribute(which + "-key") || "");  // which string, for the tests
    if (next && !helpful) next.hidden = false;
    for (const b of buttons) {
      b.setAttribute("aria-pressed", String(b === chosen));
      b.disabled = true;
    }
    thanks.focus();
    emit({ event: "feedback", helpful });
  };
  for (const b of buttons) b.addEventListener("click", () => answer(b));
  box.addEventListener("submit", (event) => event.preventDefault());  // nothing to submit: Enter on a button is a click
  box.setAttribute("data-kb-live", "");
  box.hidden = false;
}
