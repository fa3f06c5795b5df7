import assert from "node:assert/strict";
import { test } from "node:test";

import { display, fieldList, problem } from "../../overrides/assets/javascripts/kb/fields.js";
import { storable } from "../../overrides/assets/javascripts/kb/privacy.js";
import { flowData } from "./fixture.js";

const TODAY = "2026-11-24";

test("a required field left empty is refused, an optional one is not", () => {
  assert.notEqual(problem({ type: "text", required: true }, "", TODAY), "");
  assert.equal(problem({ type: "text" }, "", TODAY), "");
});

test("e-mail addresses need a user, a domain and an extension", () => {
  const email = { type: "email" };
  assert.equal(problem(email, "nom@exemple.fr", TODAY), "");
  for (const wrong of ["nom", "nom@exemple", "nom@exemple.f", "n om@exemple.fr", "@exemple.fr"]) {
    assert.notEqual(problem(email, wrong, TODAY), "", wrong);
  }
});

test("dates: the right format, never after today in the catalogue's zone", () => {
  const date = { type: "date" };
  assert.equal(problem(date, "2026-11-24", TODAY), "");
  assert.equal(problem(date, "2025-01-31", TODAY), "");
  assert.notEqual(problem(date, "2026-11-25", TODAY), "");
  assert.notEqual(problem(date, "24/11/2026", TODAY), "");
  assert.notEqual(problem(date, "2026-11-25", TODAY), problem(date, "24/11/2026", TODAY), "two different reasons");
});

test("amounts: digits with at most two decimals, comma or point", () => {
  const amount = { type: "amount" };
  for (const ok of ["50", "49,90", "49.9", "1 200"]) assert.equal(problem(amount, ok, TODAY), "", ok);
  for (const wrong of ["50 €", "cinquante", "49,999", "-5"]) assert.notEqual(problem(amount, wrong, TODAY), "", wrong);
});

test("a password is refused in any field", () => {
  assert.notEqual(problem({ type: "textarea" }, "mot de passe : secret123", TODAY), "");
  assert.notEqual(problem({ type: "text" }, "mdp=azerty12", TODAY), "");
});

test("values are shown the French way, card numbers masked", () => {
  assert.equal(display({ type: "date" }, "2026-11-24"), "24/11/2026");
  assert.equal(display({ type: "amount" }, "49.90", { amount: "{value} EUR" }), "49,90 EUR");
  assert.doesNotMatch(display({ type: "textarea" }, "carte 4111 1111 1111 1111"), /4111 1111 1111 1111/);
});

test("the flow's fields, each with its id, and what of them may be kept", () => {
  const data = flowData();
  assert.deepEqual(fieldList(data, ["date", "email"]).map((f) => [f.id, f.type, f.sensitive]), [["date", "date", false], ["email", "email", true]]);
  assert.deepEqual(fieldList(data).map((f) => f.id), Object.keys(data.fields));
  const typed = { email: "zoe@exemple.fr", date: "2026-11-01", description: "bloqué", etapes: "cache vidé" };
  assert.deepEqual({ ...storable(fieldList(data), typed) }, { date: "2026-11-01", description: "bloqué", etapes: "cache vidé" });
});
