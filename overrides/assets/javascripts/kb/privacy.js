/* What must not leave the player's device as typed: passwords (refused) and
   card numbers (masked). kb_tools/ticket_values.py holds the same PASSWORD
   pattern; tests/unit/test_ticket_rules.py compares them. */

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
