/* Nothing the player typed disappears silently: generated inputs over every
   field type and every class of payload (ordinary French, passwords, card
   numbers, amounts), through what the request shows (fields.js display)
   and what the storage keeps (privacy.js storable). */
import assert from "node:assert/strict";
import { test } from "node:test";

import { display, problem } from "../../overrides/assets/javascripts/kb/fields.js";
import { looksLikePassword, redactSecrets, storable } from "../../overrides/assets/javascripts/kb/privacy.js";

const TODAY = "2026-11-24";
const STRINGS = { amount: "{value}\u00a0€", secret_mark: "[mot de passe retiré]" };
const TEXT_TYPES = ["text", "textarea"];

// Ordinary French about passwords: to be sent as written.
const FRENCH = [
  "Quelqu'un a changé mon mot de passe sans mon accord",
  "J'ai oublié mon mot de passe et je ne peux plus me connecter",
  "Mon mot de passe ne fonctionne plus depuis hier",
  "mon mdp est bloqué",
  "Le mot de passe a été réinitialisé par quelqu'un d'autre.",
  "Problème de mot de passe : impossible de me connecter",
  "J'ai reçu un e-mail de changement de mot de passe (pas moi).",
  "mot de passe oublié, lien de réinitialisation jamais reçu",
  "Password reset demandé deux fois",
  "On m'a demandé mon mot de passe par téléphone, je ne l'ai pas donné",
  "mot de passe à changer",
  "Mot de passe réinitialisé.",
];
// Passwords in clear: the value after the keyword, to be cut out.
const SECRETS = [
  ["motdepasse: Azerty123!", "Azerty123"], ["mdp=Hunter2", "Hunter2"], ["MDP: hunter22", "hunter22"],
  ["mot de passe : hunter2", "hunter2"], ["Password = abcd1234", "abcd1234"], ["mon mot de passe est secret123", "secret123"],
  ["pwd:Soleil", "Soleil"], ["mot de passe -> Azerty", "Azerty"], ["mon mdp Hunter2 ne marche plus", "Hunter2"],
  ["passwd = «P@ssw0rd»", "P@ssw0rd"],
];
const BEFORE = ["", "Mon identifiant est J-48213. ", "Bonjour,\n", "Compte piraté hier ; "];
const AFTER = ["", " Merci de m'aider.", "\nJ'attends votre réponse", ", le reste est exact"];

test("ordinary French that mentions a password is sent as written, in every text field", () => {
  for (const sentence of FRENCH) {
    for (const before of BEFORE) {
      for (const after of AFTER) {
        const value = before + sentence + after;
        assert.equal(looksLikePassword(value), false, value);
        for (const type of TEXT_TYPES) {
          assert.equal(problem({ type }, value.trim(), TODAY), "", value);
          assert.equal(display({ type }, value.trim(), STRINGS), value.trim(), value);
        }
      }
    }
  }
});

test("a password in clear is cut out, the rest of the text stays, and the cut is marked", () => {
  for (const [secret, token] of SECRETS) {
    for (const before of BEFORE) {
      for (const after of AFTER) {
        const value = (before + secret + after).trim();
        for (const type of TEXT_TYPES) {
          const shown = display({ type }, value, STRINGS);
          assert.equal(shown.includes(token), false, value + " → " + shown);
          assert.ok(shown.includes(STRINGS.secret_mark), shown);
          for (const kept of [before.trim(), after.replace(/^[\s,]+/, "").trim()]) assert.ok(shown.includes(kept), kept + " in " + shown);
        }
        assert.equal(redactSecrets(value, "[x]").count, 1, value);
        const stored = storable([{ id: "f", sensitive: false }], { f: value }).f;
        assert.equal(stored.includes(token), false, stored);
        assert.ok(stored.startsWith(before.trim()), stored);
      }
    }
  }
});

test("cutting a password out twice changes nothing more", () => {
  for (const [secret] of SECRETS) {
    const once = redactSecrets(secret, STRINGS.secret_mark).text;
    assert.equal(redactSecrets(once, STRINGS.secret_mark).text, once);
  }
});

test("every field type: a card number never reaches the request whole, and the rest does", () => {
  for (const type of TEXT_TYPES) {
    for (const card of ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5555555555554444"]) {
      for (const before of BEFORE) {
        const value = (before + "carte " + card + " débitée deux fois").trim();
        const shown = display({ type }, value, STRINGS);
        assert.equal(shown.replace(/\D/g, "").includes(card.replace(/\D/g, "")), false, shown);
        assert.ok(shown.endsWith(card.slice(-4) + " débitée deux fois"), shown);
        assert.ok(shown.startsWith(before.trim()), shown);
      }
    }
  }
});

test("every payload class in every field type: refused with a reason, or shown with nothing typed lost", () => {
  const payloads = [...FRENCH, ...SECRETS.map(([s]) => s), "250 €", "1 000,50", "nom@exemple.fr", "2026-11-01", "J-48213",
    "carte 4111 1111 1111 1111", "<script>alert(1)</script>", "", " "];
  for (const type of ["email", "date", "amount", "text", "textarea"]) {
    for (const value of payloads) {
      const why = problem({ type }, value.trim(), TODAY);
      if (why) { assert.match(why, /^error_/); continue; }
      if (!value.trim()) continue;
      const shown = display({ type }, value.trim(), STRINGS);
      assert.ok(shown.length > 0, type + " " + value);
      // what is shown is the text typed, but for the password and card cut out (dates and amounts: reformatted)
      if (TEXT_TYPES.includes(type) && !looksLikePassword(value) && !/\d{4}[ -]?\d{4}/.test(value)) assert.equal(shown, value.trim());
    }
  }
});
