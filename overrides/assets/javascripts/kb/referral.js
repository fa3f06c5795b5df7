/* The complaint ladder on the page (DOM text only): under the date of the
   written complaint, on an outcome of a mediation channel with complaint
   settings, from when the case can go to the mediation body (or that it can
   now, or that a written complaint comes first, with the way to the outcome
   that writes it); under that written complaint (ticket.complaint), from
   when mediation opens if support does not answer. The wait is the time
   support has to answer: once it has answered (the ticket's complaint-answer
   field holds its first option, set by the answer the player took) and the
   player still disagrees, mediation opens at once; without an answer, or not
   knowing, the day is given with the answer that would open it sooner.
   mediation.js counts, on the player's own calendar day (`today`). */

import { dayWords } from "./clock.js";
import { el } from "./dom.js";
import { referralDate, referralState } from "./mediation.js";
import { own, say } from "./util.js";

/* The flow's mediation channel with complaint settings, or null. */
function mediationOf(data) {
  const channels = data.channels || {};
  return Object.keys(channels).map((id) => own(channels, id))
    .find((c) => c && c.kind === "mediation" && typeof c.complaint_required === "boolean" && Number.isInteger(c.complaint_wait_days)) || null;
}

/* The sentence `key`, its {name} the body's link (or its name). */
function sentence(strings, key, vars, channel) {
  const name = channel.body_name || channel.name;
  const [before, after] = say(strings, key, Object.assign({}, vars, { name: "\uE000" })).split("\uE000");
  const body = channel.body_url
    ? el("a", { href: channel.body_url, target: "_blank", rel: "noopener", "data-kb-referral-body": true, text: name }) : name;
  return after === undefined ? [before] : [before, body, after];
}

/* null, or {box, update(form, today)}, its box put in `form`
   under the complaint's date field (at the end of what is there otherwise). */
export function referral(data, node, fields, form) {
  const strings = data.strings, channel = mediationOf(data);
  if (!channel) return null;
  const mine = own(data.channels, node.channel), field = fields.find((f) => f.role === "complaint-date") || null;
  const answer = fields.find((f) => f.role === "complaint-answer" && Array.isArray(f.options)) || null;
  const writes = node.ticket.complaint === true && channel.complaint_required;
  if (!writes && (mine !== channel || (channel.complaint_required && !field))) return null;
  const writer = Object.values(data.nodes).find((n) => n.type === "outcome" && n.ticket && n.ticket.complaint && n.id !== node.id);
  const box = el("p", { class: "kb-ticket__referral", "data-kb-referral": "", "aria-live": "polite" });
  const show = (state, key, when, extra) => {
    box.setAttribute("data-kb-referral", state);
    if (when) box.setAttribute("data-kb-referral-date", when.from.iso); else box.removeAttribute("data-kb-referral-date");
    box.replaceChildren(...sentence(strings, key, when ? { date: dayWords(when.from, strings) } : {}, channel), ...(extra || []));
  };
  const update = (form, today) => {
    const wait = channel.complaint_wait_days;
    if (writes) {
      const when = referralDate(today, wait, today);
      box.hidden = !when;
      return when ? show("after", "referral_after", when) : null;
    }
    if (!channel.complaint_required) return show("free", "referral_free");
    const answered = !!answer && form.elements[answer.id].value === answer.options[0];
    const { state, when } = referralState((form.elements[field.id].value || "").trim(), wait, today, answered);
    if (state === "missing") {
      const link = writer && el("a", { class: "md-button", href: "#" + writer.anchor, "data-kb-referral-write": writer.id,
        text: say(strings, "referral_write") });
      return show("missing", "referral_missing", null, link ? [" ", link] : []);
    }
    const key = { answered: "referral_now", invalid: "referral_invalid", now: "referral_now", from: "referral_from" }[state];
    return show(state, key, when);
  };
  form.insertBefore(box, writes || !field ? null : form.elements[field.id].closest(".kb-ticket__field").nextSibling);
  return { box, update };
}
