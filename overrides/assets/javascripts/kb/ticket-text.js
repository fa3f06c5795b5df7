/* The request's text: a pure function of the flow data, the outcome, what the
   player typed, the sentences of the answers taken and the attachments ticked.

   The body, as support reads it: the greeting, the player's request (the
   outcome's `request`, its [ … ] segments dropped when a value inside is
   missing), the facts « Libellé : valeur », the description, « Ce que j'ai
   déjà fait » (the answers' `said` and the steps field), the attachments
   ticked, the reference of an earlier ticket, the sign-off. A heading is
   never written without something under it. The subject drops its [ … ]
   segments the same way: no « [Date] » ever reaches support. */

import { dayParts, dayWords } from "./clock.js";
import { display, problem } from "./fields.js";
import { looksLikePassword, maskCards } from "./privacy.js";
import { own, say } from "./util.js";

const SEGMENT = "\\[([^\\[\\]]*)\\]";  // kb_tools/ticket_values.py SEGMENT, also in the data

/* « Carte bancaire » -> « carte bancaire » inside a sentence; a first word with
   another capital or a digit (« KYC », « 3D Secure ») is a name (text.py lcfirst). */
function lcfirst(value) {
  const first = value.split(" ", 1)[0];
  if (/^\d/.test(first) || [...first.slice(1)].some((c) => /\d/.test(c) || c !== c.toLowerCase())) return value;
  return value.charAt(0).toLowerCase() + value.slice(1);
}

/* The request sentence, or the subject: each [ … ] segment kept, its
   placeholders filled, when every value inside is valid and not blank; dropped whole otherwise. `value(id)`: the text
   shown for a field, or null. */
export function requestText(data, request, value) {
  const placeholder = new RegExp(data.placeholder, "g");
  // each value stands as a private mark while the sentence is put together and
  // tidied, so that neither touches what the player typed (« {email} », « (  ) »)
  const values = [];
  const mark = (v) => "\uE000" + (values.push(v) - 1) + "\uE001";
  const fill = (text) => {
    let whole = true;
    const out = text.replace(placeholder, (all, id) => {
      const v = value(id);
      if (v === null || !v.trim()) { whole = false; return ""; }  // a blank value is a missing one
      return mark(v);
    });
    return whole ? out : null;
  };
  const kept = String(request || "").replace(new RegExp(data.segment || SEGMENT, "g"), (all, inner) => {
    const out = fill(inner);
    return out === null ? "" : out;
  });
  const filled = kept.replace(placeholder, (all, id) => {  // outside a segment: refused by the rules (bad-request)
    const v = value(id);
    return v === null ? "" : mark(v);
  });
  const tidy = filled.replace(/ {2,}/g, " ").replace(/ +([,.)])/g, "$1").replace(/\( *\)/g, "").trim();
  return tidy.replace(/\uE000(\d+)\uE001/g, (all, i) => values[Number(i)]);
}

/* Whether an attachment item is asked for with these values: no `when`, or
   every field it names holds one of its values. */
export function attachmentShown(item, values) {
  const when = item && item.when;
  if (!when || typeof when !== "object") return true;
  return Object.keys(when).every((id) => {
    const v = own(values, id);
    const wanted = Array.isArray(when[id]) ? when[id] : [when[id]];
    return typeof v === "string" && wanted.includes(v.trim());
  });
}

/* {subject, body} of the request for `node` (an outcome with a ticket).
   values: {field id: text typed}; said: the first-person sentences of the
   answers taken; attachments: [{label, checked}] of the items shown;
   today: the player's own "yyyy-mm-dd" (mediation.js: one clock for every date);
   written: the date a written complaint (ticket.complaint) carries (`today` when omitted). */
export function ticketText(data, node, values, said, attachments, today, written) {
  const strings = data.strings;
  const fields = node.ticket.fields.map((id) => Object.assign({ id }, own(data.fields, id)));
  const shown = (f) => {
    const v = own(values, f.id);
    return typeof v === "string" && v && !problem(f, v, today) ? display(f, v, strings) : null;
  };
  const byId = new Map(fields.map((f) => [f.id, f]));
  // in the subject and the request sentence, a segment whose value is missing, refused or holds a
  // password is dropped (the facts below show it with the password cut out)
  const inText = (id) => {
    const f = byId.get(id), text = f ? shown(f) : null;
    return text === null || looksLikePassword(own(values, id)) ? null : text.replace(/\s*\n\s*/g, " ");
  };
  const subject = requestText(data, node.ticket.subject, inText);
  const inSentence = (id) => {
    const text = inText(id);
    return text !== null && byId.get(id).type === "choice" ? lcfirst(text) : text;
  };
  const role = (name) => fields.find((f) => f.role === name);
  const valueOf = (f) => (f ? shown(f) : null);
  const blocks = [[say(strings, "ticket_hello")]];
  const request = requestText(data, node.ticket.request, inSentence);
  if (request) blocks.push([request]);
  const dated = node.ticket.complaint && dayParts(written || today);
  if (dated) blocks.push([say(strings, "ticket_complaint_dated", { date: dayWords(dated) })]);
  const facts = [];
  for (const f of fields) {
    const text = f.role ? null : shown(f);
    if (text === null) continue;
    if (text.includes("\n")) facts.push(say(strings, "ticket_field_block", { label: f.label }), text);
    else facts.push(say(strings, "ticket_field_line", { label: f.label, value: text }));
  }
  if (facts.length) blocks.push(facts);
  const description = valueOf(role("free-text"));
  if (description !== null) blocks.push([say(strings, "ticket_description"), description]);  // as typed, blank lines kept
  const checked = (said || []).filter((s) => typeof s === "string" && s.trim()).map((s) => "- " + s.trim());
  const steps = valueOf(role("steps"));
  if (steps !== null) checked.push(...lines(steps).map((s) => "- " + s));
  if (checked.length) blocks.push([say(strings, "ticket_checked"), ...checked]);
  const ticked = attachments.filter((a) => a.checked).map((a) => "- " + a.label);
  if (ticked.length) blocks.push([say(strings, "ticket_attachments"), ...ticked]);
  const earlier = valueOf(role("earlier-ticket"));
  if (earlier !== null) blocks.push([say(strings, "ticket_earlier", { value: earlier.replace(/\s*\n\s*/g, " ") })]);
  blocks.push([say(strings, "ticket_thanks")]);
  return { subject: maskCards(subject), body: blocks.map((b) => b.join("\n")).join("\n\n") };
}

/* The non-blank lines of a typed text, trimmed. */
function lines(text) {
  return text.split(/\n+/).map((s) => s.trim()).filter(Boolean);
}
