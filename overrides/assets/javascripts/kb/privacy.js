/* What must not leave the player's device as typed: passwords (refused) and
   card numbers (masked). kb_tools/ticket_values.py holds the same PASSWORD
   pattern; tests/unit/test_ticket_rules.py compares them. */

import { own } from "./util.js";

export const PASSWORD = /(mot\s*de\s*passe|\bmdp\b|pass\s*word|passwd|\bpwd\b)\s*(est|:|=|->)?\s*\S{4,}/i;

export function looksLikePassword(text) {
  return PASSWORD.test(text);
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
   say `sensitive: false` counts as one), never text that looks like a
   password, card numbers masked; only the fields named, and only strings.
   The one place this is decided: what is read back from the storage goes
   through it too (kept by an older page, or tampered with). */
export function storable(fields, values) {
  const out = Object.create(null);
  for (const field of Array.isArray(fields) ? fields : []) {
    if (!field || typeof field.id !== "string" || field.sensitive !== false) continue;
    const value = own(values, field.id);
    if (typeof value === "string" && !looksLikePassword(value)) out[field.id] = maskCards(value);
  }
  return out;
}
