/* One field of a request form: its label, hint, control, the reason a value
   does not fit and the note of what was cut out or masked, all tied to the
   control for screen readers. `id`: the control's id, unique on the page;
   `maxDate`: the latest date a date field takes (the player's today), EARLIEST the first. */

import { el } from "./dom.js";
import { EARLIEST } from "./fields.js";
import { own, say } from "./util.js";

const CONTROL = { email: "email", date: "date", amount: "text", text: "text" };

export function fieldControl(field, value, id, strings, maxDate) {
  // a sensitive value (the e-mail, the player id) is not kept when the page reloads (privacy.js storable): said here
  const hintText = [field.hint, field.sensitive !== false ? say(strings, "sensitive_not_kept") : ""].filter(Boolean).join(" ");
  const hint = hintText ? el("p", { class: "kb-ticket__hint", id: id + "-hint", text: hintText }) : null;
  const error = el("p", { class: "kb-ticket__error", id: id + "-error", "aria-live": "polite" });
  // what was cut out of the message or masked in the box (a password, a card number)
  const note = el("p", { class: "kb-ticket__note", id: id + "-note", "aria-live": "polite", "data-kb-field-note": true, hidden: true });
  const common = { id, name: field.id, "aria-describedby": (hint ? id + "-hint " : "") + id + "-error " + id + "-note", required: field.required,
    autocomplete: field.type === "email" ? "email" : "off" };
  let control;
  if (field.type === "choice") {
    control = el("select", common, [el("option", { value: "", text: say(strings, "choose") }),
      ...field.options.map((o) => el("option", { value: o, text: o }))]);
  } else if (field.type === "textarea") {
    control = el("textarea", Object.assign({ rows: 3 }, common));
  } else {
    control = el("input", Object.assign({ type: own(CONTROL, field.type) || "text", inputmode: field.type === "amount" ? "decimal" : null,
      min: field.type === "date" ? EARLIEST : null, max: field.type === "date" ? maxDate : null }, common));
  }
  control.value = value;
  return el("div", { class: "kb-ticket__field" }, [
    el("label", { for: id, text: field.required ? say(strings, "required_label", { label: field.label }) : field.label }), hint, control, error, note
  ]);
}
