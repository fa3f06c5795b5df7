/* What must not leave the player's device as typed: passwords (the token
   cut out, the rest of the text kept) and card numbers (masked).
   kb_tools/ticket_values.py holds the same password rule; tests/unit/
   test_ticket_rules.py compares them. */

import { own } from "./util.js";

/* A password written in clear: a keyword, what joins it to its value, the
   value (one token). Matched without the u flag (ASCII case folding), as
   kb_tools/ticket_values.py reads it. */
const SECRET = /(mot\s*de\s*passe|\bmdp\b|pass\s*word|passwd|\bpwd\b)((?:\s*(?:est\b|:|=|->))*)(\s*)(\S+)/gi;
const QUOTE_BEFORE = /^["'«“([]+/, PUNCT_AFTER = /[.,;:!?…)»"”'\]]+$/;
const SYMBOL = /[0-9!"#$%&()*+,./:;<=>?@[\\\]^_`{|}~]/;

/* Whether `token`, the word right after a password keyword, is a password
   rather than French: the keyword is tied to it (« mdp=… », « motdepasse: … »,
   « mot de passe -> … »), or it holds a digit or a symbol (« Azerty123! »).
   « mot de passe sans mon accord », « mdp est bloqué » stay. */
function isSecret(keyword, joint, token) {
  if (/=|->/.test(joint)) return true;
  if (joint.includes(":") && !/\s/.test(keyword)) return true;
  const core = token.replace(QUOTE_BEFORE, "").replace(PUNCT_AFTER, "");
  return [...core].length >= 4 && SYMBOL.test(core);
}

/* A mark left where a password was cut out (« [mot de passe retiré] », « […] »). */
const MARK = /^\[[^\]\n]{1,40}\]/;

/* `text` with each password token replaced by `mark`, and how many were.
   A mark already there stays (cutting twice changes nothing more). */
export function redactSecrets(text, mark) {
  let count = 0;
  const out = text.replace(SECRET, (whole, keyword, joint, space, token, offset) => {
    const at = offset + keyword.length + joint.length + space.length;
    if (MARK.test(text.slice(at)) || !isSecret(keyword, joint, token)) return whole;
    count += 1;
    // a comma or a semicolon after it goes on the sentence, not the password
    const after = /^[^,;]+[,;]$/.test(token) ? token.slice(-1) : "";
    return keyword + joint + space + mark + after;
  });
  return { text: out, count };
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

/* Card numbers (13 to 19 digits, Luhn-valid) keep their last four digits. */
export function maskCards(text) {
  return text.replace(/\b\d(?:[ -]?\d){12,18}\b/g, (match) => {
    const digits = match.replace(/\D/g, "");
    if (digits.length < 13 || digits.length > 19 || !luhn(digits)) return match;
    return "**** **** **** " + digits.slice(-4);
  });
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
