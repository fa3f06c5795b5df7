import assert from "node:assert/strict";
import { test } from "node:test";

import { looksLikePassword, luhn, maskCards, storable } from "../../overrides/assets/javascripts/kb/privacy.js";

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

// Every kind of field the catalogue can declare (trees/_fields.yml).
const TYPES = ["email", "date", "amount", "text", "textarea", "choice"];
const ROLES = [null, "free-text", "steps"];
const SENSITIVE = [true, false, undefined];  // undefined: data without the flag
const kinds = () => TYPES.flatMap((type) => ROLES.flatMap((role) => SENSITIVE.map((sensitive) => ({ type, role, sensitive }))));

test("storable: a sensitive field's value is never kept, whatever its type and role", () => {
  for (const kind of kinds()) {
    const field = Object.assign({ id: "champ", label: "Champ", required: true }, kind);
    for (const value of ["joueur@exemple.fr", "2026-12-01", "49,90", "J-1234", "ligne 1\nligne 2", "Virement", ""]) {
      const kept = storable([field], { champ: value });
      if (kind.sensitive === false) assert.deepEqual({ ...kept }, { champ: value }, JSON.stringify(kind));
      else assert.deepEqual({ ...kept }, {}, JSON.stringify(kind));
    }
  }
});

test("storable: a password is never kept, in any field, and the rest of the text is", () => {
  for (const kind of kinds()) {
    const field = Object.assign({ id: "champ" }, kind);
    for (const [value, secret] of [["mon mot de passe est secret123", "secret123"], ["mdp: hunter22 et J-1234", "hunter22"],
      ["Password = abcd1234", "abcd1234"]]) {
      const kept = storable([field], { champ: value });
      if (kind.sensitive !== false) { assert.deepEqual({ ...kept }, {}); continue; }
      assert.doesNotMatch(kept.champ, new RegExp(secret), JSON.stringify(kind) + " " + value);
      assert.equal(kept.champ.split(" ")[0], value.split(" ")[0]);
    }
  }
});

test("storable: card numbers are masked in what is kept", () => {
  for (const kind of kinds()) {
    const kept = storable([Object.assign({ id: "champ" }, kind)], { champ: "carte 4111 1111 1111 1111 débitée" });
    if (kind.sensitive !== false) { assert.equal(kept.champ, undefined); continue; }
    assert.doesNotMatch(kept.champ.replace(/\D/g, ""), /4111111111111111/);
    assert.match(kept.champ, /1111 débitée$/);
  }
});

test("storable: only the fields named, only text, nothing from the prototype", () => {
  const fields = [{ id: "a", sensitive: false }, { id: "b", sensitive: false }, { id: "__proto__", sensitive: false },
    { id: "toString", sensitive: false }, null, { sensitive: false }];
  const values = JSON.parse('{"a": "garde", "b": 42, "c": "pas un champ", "__proto__": {"x": 1}}');
  const kept = storable(fields, values);
  assert.deepEqual(Object.keys(kept), ["a"]);
  assert.equal(Object.getPrototypeOf(kept), null);
  for (const junk of [null, undefined, "texte", 7, []]) {
    assert.deepEqual({ ...storable(fields, junk) }, {});
    assert.deepEqual({ ...storable(junk, { a: "x" }) }, {});
  }
});
