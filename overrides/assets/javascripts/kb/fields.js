/* What a ticket field accepts. kb_tools/ticket_values.py mirrors these
   patterns (`check` refuses a preset value this would refuse); the unit test
   tests/unit/test_ticket_rules.py runs this module through node and compares.
   A password is not refused here: privacy.js cuts it out of the request. */

import { maskCards, redactSecrets } from "./privacy.js";
import { dict, own, say } from "./util.js";

/* Units, decimals and unit of an amount as players write it: « 250 »,
   « 250 € », « 250,50 € », « 1 000 » (any space, the no-break ones too),
   « 1.000 » and « 1.000,50 » (points between groups of three), « 49.9 »;
   in another currency, up to eight decimals: « 0,015 BTC », « 20 $ »,
   « 12.5 usd » (a code of the list in any case, another one in capitals:
   « 12 mars » is not an amount). `unit`: "" for euros; null otherwise. */
const EURO = /^(?:€|eur)|(?:€|euros?|eur)$/i;
const CURRENCY = /^(?:[$£¥₿]|usd|gbp|chf|cad|jpy|btc|eth|usdt|usdc|ltc|xrp|sol|doge|bnb|ada|dai)$/i, CAPITALS = /^[A-Z]{3,5}$/;
export function amountParts(value) {
  let bare = value.replace(/\s/g, "");
  let unit = "";
  if (EURO.test(bare)) bare = bare.replace(/^(?:€|eur)/i, "").replace(/(?:€|euros?|eur)$/i, "");
  else {
    const m = /^([^0-9.,]+)?([0-9.,]+)([^0-9.,]+)?$/.exec(bare);
    const code = m && !(m[1] && m[3]) ? m[1] || m[3] : "";
    if (code && (CURRENCY.test(code) || CAPITALS.test(code))) {
      unit = code.length > 1 ? code.toUpperCase() : code;
      bare = m[2];
    }
  }
  const places = unit ? 8 : 2;
  if (new RegExp("^[0-9]{1,3}(?:\\.[0-9]{3})+(?:,[0-9]{1," + places + "})?$").test(bare) && !(unit && /^[0-9]+\.[0-9]{3}$/.test(bare))) {
    bare = bare.replace(/\./g, "");
  }
  const m = new RegExp("^([0-9]+)(?:[.,]([0-9]{1," + places + "}))?$").exec(bare);
  return m ? { units: m[1], cents: m[2] || "", unit } : null;
}

/* The earliest day a date field takes: an earlier year is a typo. */
export const EARLIEST = "2000-01-01";

/* Why `value` (trimmed) does not fit `field`, as a key of the strings
   catalogue ("" when it does). `today`: the player's own "yyyy-mm-dd" (mediation.js). A date
   before 2000 is a typo (« 0201 », « 1999 »): kb_tools/ticket_values.py EARLIEST mirrors it. */
export function problem(field, value, today) {
  if (!value) return field.required ? "error_required" : "";
  if (field.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(value)) return "error_email";
  if (field.type === "date") {
    if (!/^\d{4}-\d\d-\d\d$/.test(value)) return "error_date";
    if (value > today) return "error_future";
    if (value < EARLIEST) return "error_date_old";
  }
  if (field.type === "amount" && !amountParts(value)) return "error_amount";
  return "";
}

/* An amount the French way: « 1 000,50 » (no-break space between groups; in euros two decimals or none,
   in another currency the decimals typed). */
function frenchAmount(parts) {
  const units = parts.units.replace(/^0+(?=[0-9])/, "").replace(/\B(?=(?:[0-9]{3})+$)/g, "\u00a0");
  if (!parts.cents) return units;
  return units + "," + (parts.unit ? parts.cents : parts.cents.padEnd(2, "0"));
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
  if (parts && parts.unit) return frenchAmount(parts) + "\u00a0" + parts.unit;
  if (parts) return say(strings, "amount", { value: frenchAmount(parts) });
  return maskCards(redactSecrets(value, say(strings, "secret_mark")).text);
}

/* The catalogue's entries of the fields `ids` (all the flow's fields when
   omitted), each with its id. */
export function fieldList(data, ids) {
  const fields = dict(data.fields);
  return (ids || Object.keys(fields)).map((id) => Object.assign({}, own(fields, id), { id }));
}
