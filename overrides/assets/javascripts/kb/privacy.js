/* What must not leave the player's device as typed: passwords and one-time
   codes (the token cut out, the rest of the text kept) and card numbers,
   expiry dates and CVV codes (masked). kb_tools/ticket_values.py holds the
   same password rule; tests/unit/test_ticket_rules.py compares them. */

import { own } from "./util.js";

/* A password written in clear: an optional verb that sets it (« j'ai mis le »),
   a keyword, what joins it to its value, the value (one token). Matched
   without the u flag (ASCII case folding), as kb_tools/ticket_values.py reads
   it; accented letters are spelt in both cases. */
const SECRET = new RegExp("((?:\\b(?:mis|tap[éÉ]|utilis[éÉ]|entr[éÉ]|saisi|essay[éÉ]|choisi)\\s+(?:(?:le|mon|ce|un|comme)\\s+)*)?)" +
  "(mot[\\s-]*de[\\s-]*passe|\\bmdp\\b|pass\\s*word|passwd|\\bpwd\\b)" +
  "((?:\\s*(?:est\\b|c['’]est\\b|[éÉe]tait\\b|:|=|->|actuel(?:le)?\\b|ancien(?:ne)?\\b|nouveau\\b|nouvel(?:le)?\\b|provisoire\\b))*)" +
  "(\\s*(?:[«“\"]\\s*)?)(\\S+)", "gi");
const QUOTE_BEFORE = /^["'«“([]+/, PUNCT_AFTER = /[.,;:!?…)»"”'\]]+$/;
const SYMBOL = /[0-9!"#$%&()*+,./:;<=>?@[\\\]^_`{|}~]/;
/* Words that follow a password keyword in ordinary French (« mot de passe :
   je ne peux plus… », « le mot de passe était bloqué »): never taken for one. */
const PLAIN = new Set(("a à au aux avec sans de du des d le la les l un une et ou mais donc car ni sur sous pour par dans en " +
  "je j tu il elle on nous vous ils elles me m te se s ce c ça cela qui que qu quand si ne n pas plus jamais rien toujours " +
  "encore déjà aussi très trop bien mal hier aujourd demain ici là mon ma mes ton ta votre vos son sa ses leur leurs " +
  "est était a été faux bon mauvais correct incorrect erroné invalide valide oublié perdu bloqué changé modifié expiré " +
  "refusé réinitialisé piraté volé impossible problème ok oui non inconnu introuvable").split(" "));

/* Whether `token` is a password: it looks like one (a digit, a symbol or
   mixed case: « Azerty123! », « soLeil »), the keyword is tied to it (« mdp=… »,
   « motdepasse: … »), or it follows « : », « était », « c'est » or a verb that
   sets it (« j'ai mis le mot de passe soleil ») and is not ordinary French. */
function isSecret(verb, keyword, joint, token) {
  const core = token.replace(QUOTE_BEFORE, "").replace(PUNCT_AFTER, "");
  if (!core) return false;
  if ([...core].length >= 4 && (SYMBOL.test(core) || /.[A-Z]/.test(core) && /[a-z]/.test(core))) return true;
  if (/=|->/.test(joint)) return true;
  if (joint.includes(":") && !/\s/.test(keyword)) return true;
  const strong = /:|c['’]est|[éÉe]tait/i.test(joint) || (verb !== "" && joint.trim() === "");
  const word = core.toLowerCase().replace(/['’].*$/, "");
  return strong && !PLAIN.has(word) && !/(?:é|ée|és|ées|er|ment)$/.test(word);
}

/* A one-time code (2FA, SMS, OTP): 4 to 8 digits standing alone within a few
   words of what names it. A year (19xx, 20xx) stays. */
const CODE_WORD = /code\s*(?:2fa|a2f|sms|otp|de\s*(?:v[éÉe]rification|validation|s[éÉe]curit[éÉe]|confirmation|connexion))|code\s*d['’]authentification|\b2fa\b|\ba2f\b|\botp\b|\bsms\b|authentification/i;
const CODE = /(^|[^\d/.,:-])(\d{4,8})(?![\d/.,:-]?\d)/g;
const NEAR = 40;

/* A mark left where a password was cut out (« [mot de passe retiré] », « […] »):
   words only, so a password typed in brackets (« [Zq9!secret] ») is no mark. */
const MARK = /^\[[^\]\n0-9!"#$%&()*+,./:;<=>?@\\^_`{|}~]{1,40}\]/;

/* A word that mixes letters and digits (« marseille13 », « Lea2024! »), in a
   sentence that names a password or says one was typed: a password all the
   same, whatever words stand between (« mon ancien qui était marseille13 »).
   Addresses, dates and references (« @ », « / », « - ») stay. */
const CONTEXT = /mot[\s-]*de[\s-]*passe|\bmdp\b|pass\s*word|passwd|\bpwd\b|\btap[éÉ]|\bsaisi/i;
const LETTER = /[A-Za-zÀ-ÖØ-öø-ÿ]/;

function cutInContext(text, mark) {
  let count = 0;
  const out = text.replace(/[^.!?\n]+[.!?\n]*/g, (sentence) => {
    if (!CONTEXT.test(sentence)) return sentence;
    return sentence.replace(/\S+/g, (token) => {
      const core = token.replace(QUOTE_BEFORE, "").replace(PUNCT_AFTER, "");
      if (core.length < 6 || /[-/@]/.test(core) || !LETTER.test(core) || !/[0-9]/.test(core)) return token;
      count += 1;
      return token.replace(core, mark);
    });
  });
  return { text: out, count };
}

/* `text` with each password or one-time code replaced by `mark`, and how
   many were. A mark already there stays (cutting twice changes nothing more). */
export function redactSecrets(text, mark) {
  let count = 0;
  let out = text.replace(SECRET, (whole, verb, keyword, joint, space, token, offset) => {
    const at = offset + verb.length + keyword.length + joint.length + space.length;
    if (MARK.test(text.slice(at)) || !isSecret(verb, keyword, joint, token)) return whole;
    count += 1;
    // a comma or a semicolon after it goes on the sentence, not the password
    const after = /^[^,;]+[,;]$/.test(token) ? token.slice(-1) : "";
    return verb + keyword + joint + space + mark + after;
  });
  const source = out;
  out = source.replace(CODE, (whole, before, digits, offset) => {
    const start = offset + before.length, end = start + digits.length;
    if (/^(?:19|20)\d\d$/.test(digits)) return whole;
    if (!CODE_WORD.test(source.slice(Math.max(0, start - NEAR), start) + " " + source.slice(end, end + NEAR))) return whole;
    count += 1;
    return before + mark;
  });
  const context = cutInContext(out, mark);
  return { text: context.text, count: count + context.count };
}

export function looksLikePassword(text) {
  return redactSecrets(text, "").count > 0;
}

export function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/* Card numbers (13 to 19 digits, in groups of three or more: a phone number's
   pairs are not one) keep their last four digits, Luhn-valid or not; an
   expiry date (« exp 12/27 ») and a CVV code (« cvv 123 ») are masked. */
export function maskCards(text) {
  return text.replace(/\b\d{3,}(?:[ -]\d{3,})*\b/g, (match) => {
    const groups = match.split(/[ -]/);
    // a card number followed by another number (« 4970… 2024 »): the card is what comes first
    for (let n = groups.length; n > 0; n--) {
      const digits = groups.slice(0, n).join("");
      if (digits.length < 13) break;
      if (digits.length > 19) continue;
      const rest = match.slice(groups.slice(0, n).join(" ").length);
      return "**** **** **** " + digits.slice(-4) + rest;
    }
    return match;
  }).replace(/\b(exp(?:ire|iration|\.)?|validit[éÉe])(\s*[:.]?\s*)(?:0?[1-9]|1[0-2])\s*\/\s*(?:\d{4}|\d{2})\b/gi, "$1$2**/**")
    .replace(/\b(cvv2?|cvc2?|cryptogramme(?:\s+visuel)?)(\s*[:=]?\s*)\d{3,4}\b/gi, "$1$2***");
}

/* What sessionStorage may keep of what the player typed, for `fields` (each
   {id, sensitive, ...}, the catalogue's entries): never a sensitive field's
   value (trees/_fields.yml: the e-mail, the player id; a field that does not
   say `sensitive: false` counts as one), never a password (the token goes,
   replaced by `mark`, the rest of the text stays), card numbers masked; only the fields named, and only strings.
   The one place this is decided: what is read back from the storage goes
   through it too (kept by an older page, or tampered with). */
export function storable(fields, values, mark = "[…]") {
  const out = Object.create(null);
  for (const field of Array.isArray(fields) ? fields : []) {
    if (!field || typeof field.id !== "string" || field.sensitive !== false) continue;
    const value = own(values, field.id);
    if (typeof value === "string") out[field.id] = maskCards(redactSecrets(value, mark).text);
  }
  return out;
}
