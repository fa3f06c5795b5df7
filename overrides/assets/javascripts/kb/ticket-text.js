/* The request's text: a pure function of the flow data, the outcome, what the
   player typed, the answers taken and the attachments ticked. */

import { display, problem } from "./fields.js";
import { maskCards } from "./privacy.js";
import { own, say } from "./util.js";

/* {subject, body} of the request for `node` (an outcome with a ticket).
   values: {field id: text typed}; trail: lines « Question : answer »;
   attachments: [{label, checked}]; today: "yyyy-mm-dd" in the catalogue's zone. */
export function ticketText(data, node, values, trail, attachments, today) {
  const strings = data.strings;
  const fields = node.ticket.fields.map((id) => Object.assign({ id }, own(data.fields, id)));
  const shown = (f) => {
    const v = own(values, f.id);
    return typeof v === "string" && v && !problem(f, v, today) ? display(f, v, strings) : null;
  };
  const byId = new Map(fields.map((f) => [f.id, f]));
  const subject = node.ticket.subject.replace(new RegExp(data.placeholder, "g"), (whole, id) => {
    const f = byId.get(id);
    const text = f ? shown(f) : null;
    return text !== null ? text : "[" + (f ? f.label : id) + "]";
  });
  const lines = [say(strings, "ticket_hello"), "", say(strings, "ticket_context_line", { title: node.title, tree: data.title }), "",
    say(strings, "ticket_context")];
  for (const f of fields) {
    const text = f.role ? null : shown(f);
    if (text !== null) lines.push(say(strings, "ticket_field_line", { label: f.label, value: text }));
  }
  const tried = trail.map((line) => "- " + line);
  for (const f of fields) {
    const text = f.role ? shown(f) : null;
    if (text === null) continue;
    if (f.role === "steps") tried.push("- " + text.replace(/\n+/g, "\n- "));
    else lines.push("", say(strings, "ticket_description"), text);
  }
  if (tried.length) lines.push("", say(strings, "ticket_tried"), ...tried);
  if (attachments.length) {
    lines.push("", say(strings, "ticket_attachments"), ...attachments.map((a) => (a.checked ? "- [x] " : "- [ ] ") + a.label));
  }
  lines.push("", say(strings, "ticket_thanks"));
  return { subject: maskCards(subject), body: lines.join("\n") };
}
