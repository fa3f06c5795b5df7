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
  for (const text of ["montant 123456789012", "tél. 06 12 34 56 78", "1234567890123456789012"]) {
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

// ---------------------------------------------------------------- F1: the phone walk, as classes

import { redactSecrets } from "../../overrides/assets/javascripts/kb/privacy.js";

const MARK = "[X]";
// secrets as players type them: digits, symbols, mixed case, or plain words after « était » / « c'est » / « : »
const SECRETS = ["Marseille13", "Lucas2010", "Lucas2010!", "hunter22", "soLeil", "az!erty", "P@ssw0rd", "Zz9"];
const PLAIN_SECRETS = ["soleil", "marseille", "chocolat"];
const BEFORE = ["", "Bonjour, ", "Je n'arrive plus à me connecter. "];
// what comes after the secret: never cut
const AFTER = ["", ".", " si ça peut aider.", " et je ne peux plus me connecter", ", merci"];
// sentences where the secret follows a password word
const STRONG = ["Mon ancien mot de passe était {s}", "mon mot de passe c'est {s}", "mot de passe actuel : {s}", "MDP: {s}",
  "mdp = {s}", "password: {s}", "mot de passe = {s}", "mon nouveau mot de passe était {s}", "j'ai mis le mot de passe {s}",
  "j'ai tapé mon mot de passe {s}", "Mon mot de passe c’est {s}"];
const WEAK = ["mon mot de passe {s}", "mon mot de passe est {s}", "pwd {s}", "password {s}"];

function cut(template, secret, before, after) {
  const text = before + template.replace("{s}", secret) + after;
  const out = redactSecrets(text, MARK);
  return { text, out };
}

test("a password written naturally is cut out, the rest of the sentence kept", () => {
  let n = 0;
  for (const template of STRONG) for (const secret of [...SECRETS, ...PLAIN_SECRETS]) for (const before of BEFORE) for (const after of AFTER) {
    const { text, out } = cut(template, secret, before, after);
    assert.equal(out.count, 1, text);
    assert.ok(!out.text.includes(secret), text + " → " + out.text);
    assert.ok(out.text.startsWith(before + template.split("{s}")[0]), text + " → " + out.text);
    assert.ok(out.text.includes(MARK), text);
    if (after.length > 1) assert.ok(out.text.endsWith(after.replace(/^[.,]/, "")), text + " → " + out.text);
    n += 1;
  }
  // without a linking word, a token is taken for a password from four characters on (« mot de passe 2 fois » stays)
  for (const template of WEAK) for (const secret of SECRETS.filter((x) => x.length >= 4)) for (const after of AFTER) {
    const { text, out } = cut(template, secret, "", after);
    assert.equal(out.count, 1, text);
    assert.ok(!out.text.includes(secret), text);
  }
  assert.ok(n > 300);
});

// ordinary sentences about a password, and what players say after « mot de passe »
const HARMLESS = ["Quelqu'un a changé mon mot de passe sans mon accord", "Le mot de passe a été changé le 3 décembre",
  "mon mdp est bloqué", "j'ai réinitialisé mon mot de passe hier", "Problème de mot de passe : je ne peux plus me connecter",
  "mon mot de passe était incorrect", "le mot de passe c'est pas le bon", "mot de passe oublié", "j'ai mis le mot de passe hier soir",
  "le mot de passe est refusé 3 fois", "code erreur 5003 au retrait", "j'ai reçu 3 SMS en 2024", "retrait de 1500 € le 12/03/2024",
  "le mot de passe était bloqué depuis le 3 mars", "Mon mot de passe : oublié", "mdp est expiré", "mot de passe provisoire envoyé"];

test("ordinary sentences about a password stay as they are", () => {
  for (const sentence of HARMLESS) for (const before of BEFORE) for (const after of AFTER) {
    const text = before + sentence + after;
    assert.deepEqual(redactSecrets(text, MARK), { text, count: 0 }, text);
    assert.equal(looksLikePassword(text), false, text);
  }
});

// one-time codes: 4 to 8 digits near what names them
const CODES = ["4829", "482913", "48291377"];
const CODE_SENTENCES = ["code 2FA {c} reçu par SMS", "J'ai reçu le code {c} par SMS", "code de vérification : {c}",
  "OTP {c}", "le code d'authentification était {c}", "Code SMS {c}"];

test("a 2FA / SMS code is cut out, the rest kept", () => {
  for (const template of CODE_SENTENCES) for (const code of CODES) for (const after of AFTER) {
    const text = template.replace("{c}", code) + after;
    const out = redactSecrets(text, MARK);
    assert.equal(out.count, 1, text);
    assert.ok(!out.text.includes(code), text + " → " + out.text);
    assert.equal(out.text, text.replace(code, MARK));
  }
});

test("other numbers near « code » or « SMS » stay: error codes, years, dates, amounts, short counts", () => {
  for (const text of ["code erreur 5003", "code promo 123456", "reçu un SMS le 12/03/2024", "SMS reçu en 2024",
    "SMS pour un retrait de 1500,50 €", "2 SMS", "code 2FA 123", "code 2FA 123456789"]) {
    assert.deepEqual(redactSecrets(text, MARK), { text, count: 0 }, text);
  }
});

// card numbers: any 13 to 19 digits, Luhn-valid or not, in groups of 3 or more
const CARDS = ["4970 1012 3456 7890", "4970101234567891", "4970-1012-3456-7890", "3782 822463 10005", "4111 1111 1111 1111 123",
  "4970 1012 3456 789"];

test("a card number is masked whether or not it passes the Luhn check", () => {
  for (const card of CARDS) for (const before of ["", "carte ", "Ma carte n° "]) for (const after of ["", " débitée deux fois", "."]) {
    const text = before + card + after;
    const masked = maskCards(text);
    const digits = card.replace(/\D/g, "");
    assert.ok(!masked.replace(/\D/g, "").includes(digits.slice(0, 8)), text + " → " + masked);
    assert.ok(masked.startsWith(before) && masked.endsWith(after), masked);
    assert.ok(masked.includes(digits.slice(-4)), masked);
  }
});

test("expiry dates and CVV codes next to their word are masked", () => {
  for (const [text, secret] of [["exp 12/27", "12/27"], ["expire 01/2028", "01/2028"], ["date d'expiration : 3/27", "3/27"],
    ["cvv 123", "123"], ["CVC: 4567", "4567"], ["cryptogramme 321", "321"]]) {
    for (const after of ["", " merci", "."]) {
      const masked = maskCards(text + after);
      assert.ok(!masked.includes(secret), text + " → " + masked);
      assert.ok(masked.endsWith(after), masked);
    }
  }
});

test("dates, amounts, phone numbers, transaction ids stay", () => {
  for (const text of ["le 12/03/2024", "2024-03-15", "1 000 000,50 €", "06 12 34 56 78", "+33 6 12 34 56 78", "TX4970101234567891",
    "ref A1B2C3D4E5F6G7H8", "commande 123456789012", "retrait 1500 € le 12/27", "expérience 12/27"]) {
    assert.equal(maskCards(text), text, text);
  }
});

// the second phone walk: a word mixing letters and digits, in a sentence naming a password or a typing
test("a password-like word is cut wherever it stands in a sentence about a password", () => {
  const secrets = ["marseille13", "Lea2024!", "loulou1975"];
  const sentences = ["J'ai remis un nouveau mdp puis essayé avec mon ancien qui était {s}", "j'ai bien tapé {s} comme toujours",
    "mon mot de passe c'est toujours {s} je crois", "mdp=[{s}]", "mot de passe = « {s} »", "mot-de-passe: {s}"];
  for (const template of sentences) for (const secret of secrets) for (const before of BEFORE) for (const after of AFTER) {
    const { text, out } = cut(template, secret, before, after);
    assert.ok(out.count >= 1 && !out.text.includes(secret), text + " → " + out.text);
    assert.ok(out.text.startsWith(before), text + " → " + out.text);
  }
  for (const text of ["J'ai changé mon mot de passe le 12/03/2024 à 10h30", "mon mdp ne marche pas pour jean75@gmail.com",
    "mot de passe refusé pour la transaction TX-2026-118734", "j'ai tapé mon e-mail 2 fois", "mdp: [mot de passe retiré]"]) {
    assert.equal(redactSecrets(text, MARK).text, text);
  }
});
