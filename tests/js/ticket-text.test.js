import assert from "node:assert/strict";
import { test } from "node:test";

import { ticketText } from "../../overrides/assets/javascripts/kb/ticket-text.js";
import { flowData } from "./fixture.js";

const TODAY = "2026-11-24";

function text(values, trail = [], attachments = []) {
  const data = flowData();
  return ticketText(data, data.nodes.email, values, trail, attachments, TODAY);
}

test("the subject's placeholders take the valid values, the others their field's label", () => {
  assert.equal(text({ date: "2026-11-20", montant: "50" }).subject, "Retrait du 20/11/2026 (50\u00a0€)");
  assert.equal(text({ date: "2030-01-01", montant: "" }).subject, "Retrait du [Date] ([Montant])");
});

test("the body: context lines, the free text, steps tried after the trail", () => {
  const body = text({ email: "a@b.fr", date: "2026-11-20", description: "Bloqué depuis lundi", etapes: "Relancé\nAttendu" },
    ["Q : Virement"], [{ label: "Relevé", checked: true }]).body.split("\n");
  assert.deepEqual(body, ["HELLO", "", "ABOUT Écrivez-nous / Retrait en attente", "", "CONTEXT", "- E-mail: a@b.fr",
    "- Date: 20/11/2026", "", "DESCRIPTION", "Bloqué depuis lundi", "", "TRIED", "- Q : Virement", "- Relancé",
    "- Attendu", "", "ATTACHED", "- [x] Relevé", "", "THANKS"]);
});

test("invalid values and passwords stay out of the request", () => {
  const { subject, body } = text({ email: "pas une adresse", description: "mot de passe : secret123" });
  assert.doesNotMatch(body, /pas une adresse|secret123/);
  assert.doesNotMatch(subject, /secret123/);
});

test("card numbers are masked in the subject and the body", () => {
  const data = flowData();
  data.nodes.email.ticket.subject = "Carte {description}";
  data.fields.description.role = null;
  const t = ticketText(data, data.nodes.email, { description: "4111 1111 1111 1111" }, [], [], TODAY);
  assert.doesNotMatch(t.subject + t.body, /4111 1111 1111 1111/);
  assert.match(t.subject, /1111$/);
});

test("the field roles come from the data, not from field ids", () => {
  const data = flowData();
  data.fields.description.role = "steps";
  data.fields.etapes.role = "free-text";
  const body = ticketText(data, data.nodes.email, { description: "A", etapes: "B" }, [], [], TODAY).body.split("\n");
  assert.deepEqual(body.slice(body.indexOf("CONTEXT") + 1, -2), ["", "DESCRIPTION", "B", "", "TRIED", "- A"]);
});

test("the same input gives the same text (a pure function)", () => {
  const values = { email: "a@b.fr", date: "2026-11-20" };
  assert.deepEqual(text(values, ["Q : x"]), text(values, ["Q : x"]));
});
