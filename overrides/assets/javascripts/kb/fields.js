/* What a ticket field accepts. kb_tools/ticket_values.py mirrors these
   patterns (`check` refuses a preset value this would refuse); the unit test
   tests/unit/test_ticket_rules.py runs this module through node and compares.
   A password is not refused here: privacy.js cuts it out of the request. */

import { maskCards, redactSecrets } from "./privacy.js";
import { dict, own, say } from "./util.js";

/* Units and cents of an amount as players write it: « 250 », « 250 € »,
   « 250,50 € », « 1 000 » (any space, the no-break ones too), « 1.000 » and
   « 1.000,50 » (points between groups of three), « 49.9 »; null otherwise. */
export function amountParts(value) {
  let bare = value.replace(/\s/g, "").replace(/^(?:€|eur)/i, "").replace(/(?:€|euros?|eur)$/i, "");
  if (/^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?$/.test(bare)) bare = bare.replace(/\./g, "");
  const m = /^([0-9]+)(?:[.,]([0-9]{1,2}))?$/.exec(bare);
  return m ? { units: m[1], cents: m[2] || "" } : null;
}

/* Why `value` (trimmed) does not fit `field`, as a key of the strings
   catalogue ("" when it does). `today`: "yyyy-mm-dd" in the catalogue's time zone. */
export function problem(field, value, today) {
  if (!value) return field.required ? "error_required" : "";
  if (field.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(value)) return "error_email";
  if (field.type === "date") {
    if (!/^\d{4}-\d\d-\d\d$/.test(value)) return "error_date";
    if (value > today) return "error_future";
  }
  if (field.type === "amount" && !amountParts(value)) return "error_amount";
  return "";
}

/* An amount the French way: « 1 000,50 » (no-break space between groups, two decimals or none). */
function frenchAmount(parts) {
  const units = parts.units.replace(/^0+(?=[0-9])/, "").replace(/\B(?=(?:[0-9]{3})+$)/g, "\u00a0");
  return parts.cents ? units + "," + parts.cents.padEnd(2, "0") : units;
}

/* A valid value as the request shows it: dates in French order, amounts as
   the catalogue writes them (`strings.amount`), passwords cut out (replaced by
   `strings.secret_mark`), card numbers masked. */
export function display(field, value, strings) {
  if (field.type === "date") {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : value;
  }
  const parts = field.type === "amount" && value ? amountParts(value) : null;
  if (parts) return say(strings, "amount", { value: frenchAmount(parts) });
  return maskCards(redactSecrets(value, say(strings, "secret_mark")).text);
}

/* The catalogue's entries of the fields `ids` (all the flow's fields when
   omitted), each with its id. */
export function fieldList(data, ids) {
  const fields = dict(data.fields);
  return (ids || Object.keys(fields)).map((id) => Object.assign({}, own(fields, id), { id }));
}
