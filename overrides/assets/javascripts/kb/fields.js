/* What a ticket field accepts. kb_tools/ticket_values.py mirrors these
   patterns (`check` refuses a preset value this would refuse); the unit test
   tests/unit/test_ticket_rules.py runs this module through node and compares. */

import { PASSWORD, maskCards } from "./privacy.js";
import { dict, own, say } from "./util.js";

/* Why `value` (trimmed) does not fit `field`, as a key of the strings
   catalogue ("" when it does). `today`: "yyyy-mm-dd" in the catalogue's time zone. */
export function problem(field, value, today) {
  if (!value) return field.required ? "error_required" : "";
  if (PASSWORD.test(value)) return "error_password";
  if (field.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(value)) return "error_email";
  if (field.type === "date") {
    if (!/^\d{4}-\d\d-\d\d$/.test(value)) return "error_date";
    if (value > today) return "error_future";
  }
  if (field.type === "amount" && !/^\d+(?:[.,]\d{1,2})?$/.test(value.replace(/\s/g, ""))) return "error_amount";
  return "";
}

/* A valid value as the request shows it: dates in French order, amounts as
   the catalogue writes them (`strings.amount`), card numbers masked. */
export function display(field, value, strings) {
  if (field.type === "date") {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
    return m ? m[3] + "/" + m[2] + "/" + m[1] : value;
  }
  if (field.type === "amount" && value) return say(strings, "amount", { value: value.replace(".", ",") });
  return maskCards(value);
}

/* The catalogue's entries of the fields `ids` (all the flow's fields when
   omitted), each with its id. */
export function fieldList(data, ids) {
  const fields = dict(data.fields);
  return (ids || Object.keys(fields)).map((id) => Object.assign({}, own(fields, id), { id }));
}
