import assert from "node:assert/strict";
import { test } from "node:test";

import { looksLikePassword, luhn, maskCards } from "../../overrides/assets/javascripts/kb/privacy.js";

test("the Luhn check", () => {
  assert.equal(luhn("4111111111111111"), true);
  assert.equal(luhn("4111111111111112"), false);
  assert.equal(luhn("79927398713"), true);
});

test("a Luhn-valid card number keeps its last four digits, spaced or not", () => {
  for (const card of ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111"]) {
    const masked = maskCards(`carte ${card} débitée`);
    assert.doesNotMatch(masked.replace(/\D/g, ""), /4111111111111111/);
    assert.match(masked, /\*{4}.*1111 débitée$/);
  }
});

test("other numbers are left alone", () => {
  for (const text of ["référence 4111 1111 1111 1112", "montant 123456789012", "tél. 06 12 34 56 78", "1234567890123456789012"]) {
    assert.equal(maskCards(text), text);
  }
});

test("a password typed in clear is spotted", () => {
  assert.equal(looksLikePassword("mon mot de passe est secret123"), true);
  assert.equal(looksLikePassword("MDP: hunter22"), true);
  assert.equal(looksLikePassword("password=abcd"), true);
  assert.equal(looksLikePassword("je ne peux plus me connecter"), false);
  assert.equal(looksLikePassword("pwd"), false);
});
