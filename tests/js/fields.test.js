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
  for (const wrong of ["cinquante", "49,999", "-5", "1,000", "12 €50", "€"]) assert.notEqual(problem(amount, wrong, TODAY), "", wrong);
});

// The ways players write one amount: each is accepted, and the request shows the one French form.
const SPACES = [" ", "\u00a0", "\u202f", "\u2009", ""];
const CURRENCY = ["", "€", " €", "\u00a0€", " EUR", " euros", "€ "];
const STRINGS = { amount: "{value}\u00a0€", secret_mark: "[retiré]" };

test("amounts as players write them are accepted and shown the French way", () => {
  const cases = [["250", "250"], ["250,50", "250,50"], ["250.5", "250,50"], ["1{s}000", "1\u00a0000"],
    ["1{s}000,50", "1\u00a0000,50"], ["1.000", "1\u00a0000"], ["1.000,50", "1\u00a0000,50"], ["12{s}345{s}678", "12\u00a0345\u00a0678"]];
  for (const [written, shown] of cases) {
    for (const space of SPACES) {
      for (const currency of CURRENCY) {
        const value = (currency.trim() === "€" && currency.endsWith(" ") ? currency : "") + written.replaceAll("{s}", space)
          + (currency.endsWith(" ") ? "" : currency);
        assert.equal(problem({ type: "amount" }, value.trim(), TODAY), "", JSON.stringify(value));
        assert.equal(display({ type: "amount" }, value.trim(), STRINGS), shown + "\u00a0€", JSON.stringify(value));
      }
    }
  }
});

test("a password is not a reason to refuse a field: the request shows the text without it", () => {
  for (const type of ["text", "textarea", "email", "amount", "date"]) {
    assert.equal(problem({ type }, "", TODAY), "", type);
  }
  for (const type of ["text", "textarea"]) {
    assert.equal(problem({ type }, "mot de passe : secret123", TODAY), "");
    const shown = display({ type }, "Mon id J-1234, mdp=azerty12, merci", STRINGS);
    assert.doesNotMatch(shown, /azerty12/);
    assert.match(shown, /J-1234/);
    assert.match(shown, /merci$/);
    assert.match(shown, /\[retiré\]/);
  }
});

test("values are shown the French way, card numbers masked", () => {
  assert.equal(display({ type: "date" }, "2026-11-24"), "24/11/2026");
  assert.equal(display({ type: "amount" }, "49.90", { amount: "{value} EUR" }), "49,90 EUR");
  assert.doesNotMatch(display({ type: "textarea" }, "carte 4111 1111 1111 1111", STRINGS), /4111 1111 1111 1111/);
});

test("the flow's fields, each with its id, and what of them may be kept", () => {
  const data = flowData();
  assert.deepEqual(fieldList(data, ["date", "email"]).map((f) => [f.id, f.type, f.sensitive]), [["date", "date", false], ["email", "email", true]]);
  assert.deepEqual(fieldList(data).map((f) => f.id), Object.keys(data.fields));
  const typed = { email: "zoe@exemple.fr", date: "2026-11-01", description: "bloqué", etapes: "cache vidé" };
  assert.deepEqual({ ...storable(fieldList(data), typed) }, { date: "2026-11-01", description: "bloqué", etapes: "cache vidé" });
});

// F1: amounts in another currency (crypto too): up to eight decimals, shown with their unit as typed.
const OTHER_UNITS = [["BTC", "BTC"], ["btc", "BTC"], ["ETH", "ETH"], ["usdt", "USDT"], ["USDC", "USDC"], ["LTC", "LTC"],
  ["$", "$"], ["USD", "USD"], ["£", "£"], ["GBP", "GBP"], ["XMR", "XMR"]];
const NUMBERS = [["0,015", "0,015"], ["0.015", "0,015"], ["0,00000001", "0,00000001"], ["250", "250"], ["12,5", "12,5"],
  ["1 000,25", "1\u00a0000,25"]];

test("an amount in another currency is accepted and shown with its unit", () => {
  for (const [typed, unit] of OTHER_UNITS) for (const [number, shown] of NUMBERS) for (const space of [" ", "", "\u00a0"]) {
    for (const value of [number + space + typed, ...(typed.length === 1 ? [typed + space + number] : [])]) {
      assert.equal(problem({ type: "amount" }, value, TODAY), "", JSON.stringify(value));
      assert.equal(display({ type: "amount" }, value, STRINGS), shown + "\u00a0" + unit, JSON.stringify(value));
    }
  }
});

test("words, negative amounts, too many decimals and garbage are still refused, in any currency", () => {
  for (const unit of ["", " €", " BTC", " $"]) {
    for (const wrong of ["cinquante", "-5", "-0,015", "1,000.50", "12 €50", "0,000000001", "1e3", "50,", ",50", "--"]) {
      const value = wrong + unit;
      assert.notEqual(problem({ type: "amount" }, value, TODAY), "", JSON.stringify(value));
    }
  }
  for (const wrong of ["12 mars", "50 dollars", "49,999 €", "20 $ BTC", "BTC", "12 abc"]) {
    assert.notEqual(problem({ type: "amount" }, wrong, TODAY), "", wrong);
  }
});
