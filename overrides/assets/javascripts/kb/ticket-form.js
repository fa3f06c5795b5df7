/* The request form of an outcome: fields prefilled from the answers, checked
   as the player types, the request's text kept up to date (ticket-text.js),
   and the ways to send or keep it. Nothing leaves the device but through the
   player's own click. */

import { today as clockToday } from "./clock.js";
import { deflector } from "./deflect.js";
import { el } from "./dom.js";
import { fieldList, problem } from "./fields.js";
import { chatState, playerZone, reachCard, reachOf } from "./outcome.js";
import { maskCards, redactSecrets, storable } from "./privacy.js";
import { Attachments } from "./attachments.js";
import { fieldControl } from "./field-control.js";
import { ticketText } from "./ticket-text.js";
import { own, say } from "./util.js";
// a sentence that asks to mask data (« Masquez … », not « Ne masquez ni … »)
const MASKING = /(^|[.!?;:]\s*)masquez\b/i;

export class Ticket {
  constructor(flow, node) {
    const data = flow.data, strings = data.strings;
    this.flow = flow;
    this.node = node;
    this.strings = strings;
    this.fields = fieldList(data, node.ticket.fields);
    // what was kept of what the player typed (never a sensitive field's value)
    const saved = flow.saved() || {}, typed = storable(this.fields, saved.values), basis = saved.basis || {};
    this.prefill = Object.create(null);  // what the answers filled in, per field
    this.key = data.id + "--" + node.id;  // ids of its controls: two flows on a page never share one
    const changed = (e) => this.changed(e.target);
    this.form = el("form", { class: "kb-ticket", "data-kb-ticket": node.id, novalidate: true,
      on: { input: changed, change: changed, submit: (e) => e.preventDefault() } });
    this.form.append(el("h3", { text: say(strings, "ticket_title") }), el("p", { class: "kb-ticket__intro", text: say(strings, "ticket_intro") }));
    for (const field of this.fields) {
      const set = typeof own(flow.sets, field.id) === "string" ? own(flow.sets, field.id) : "";
      const kept = own(typed, field.id), was = typeof own(basis, field.id) === "string" ? own(basis, field.id) : "";
      this.prefill[field.id] = set;
      // a value kept from before counts while the answers that filled it in still stand;
      // a newer answer wins, and what the player wrote over an old answer stays if none replaces it
      const value = typeof kept !== "string" ? set : was === set ? kept : set || (kept !== was ? kept : "");
      this.form.appendChild(this.input(field, value));
    }
    // a value kept or preset that does not fit says so from the start, next to its box
    for (const field of this.fields) if (this.form.elements[field.id].value) this.check(this.form.elements[field.id], false);
    // when mediation opens, under the complaint's date (referral.js: loaded by main.js for a flow with a mediation channel)
    this.referral = flow.page.referral ? flow.page.referral.referral(data, node, this.fields, this.form) : null;
    this.deflect = deflector(strings, this.urgent());  // urgent: no pages to read instead
    this.form.appendChild(this.deflect.box);
    this.attachments = new Attachments(flow, node, this.key);
    if (this.attachments.box) this.form.appendChild(this.attachments.box);
    // said once: a warning of the tree's own that asks to mask data takes the place of the attachments' generic hint
    for (const w of node.ticket.warnings) this.form.appendChild(el("p", { class: "kb-ticket__warning", text: w }));
    const hint = node.ticket.warnings.some((w) => MASKING.test(w)) && this.form.querySelector(".kb-ticket__attachments > .kb-ticket__hint");
    if (hint) hint.remove();
    this.subject = el("output", { class: "kb-ticket__subject", "data-kb-ticket-subject": true, id: "kb-subject-" + this.key });
    this.body = el("textarea", { class: "kb-ticket__body", "data-kb-ticket-body": true, readonly: true, rows: 12, id: "kb-body-" + this.key });
    this.form.appendChild(el("div", { class: "kb-ticket__preview" }, [
      el("p", {}, [el("strong", { text: say(strings, "ticket_subject_line", { subject: "" }).trim() }), " ", this.subject]),
      el("label", { for: this.body.id, text: say(strings, "message_label") }), this.body
    ]));
    this.form.appendChild(this.actions());
    this.update();
  }

  /* The player's own calendar day: the latest date a date field takes, the
     day a written complaint carries and the day mediation.js counts from
     (one clock for all three; Nouméa's day may be ahead of Paris's, Martinique's behind). */
  today() {
    return clockToday(new Date(), playerZone(this.flow.data));
  }

  input(field, value) {
    return fieldControl(field, value, "kb-f-" + this.key + "-" + field.id, this.strings, this.today());
  }

  /* What the request carries of each field: as typed, but for a password
     (cut out, its place marked) and card numbers (masked). */
  values() {
    const out = Object.create(null), mark = say(this.strings, "secret_mark");
    for (const f of this.fields) out[f.id] = maskCards(redactSecrets((this.form.elements[f.id].value || "").trim(), mark).text);
    return out;
  }

  changed(target) {
    if (target && target.tagName === "TEXTAREA" && target.name) this.deflect.ask(target.value);
    if (target && target.name && !/^attachment-/.test(target.name)) this.check(target, true);
    this.update();
  }

  /* The reason a value does not fit, next to its box (the value stays there,
     and the reason says the message leaves it out), and the note of what
     was cut out or masked. Card numbers are masked in the box itself once
     the player has left it. Returns the reason ("" when none). */
  check(control, showEmpty) {
    const field = this.fields.find((f) => f.id === control.name);
    if (!field) return "";
    if (control.tagName !== "SELECT" && document.activeElement !== control) {
      const masked = maskCards(control.value);
      if (masked !== control.value) {
        control.value = masked;
        control.setAttribute("data-kb-card-masked", "");
      }
    }
    const value = control.value.trim();
    let message = problem(field, value, this.today());
    if (!showEmpty && !control.value) message = "";
    const text = message ? say(this.strings, message) : "";
    const find = (suffix) => this.form.querySelector("[id='" + control.id + suffix + "']");
    find("-error").textContent = text && value ? text + " " + say(this.strings, "error_left_out") : text;
    if (message) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
    const notes = [];
    if (redactSecrets(value, "").count) notes.push(say(this.strings, "note_secret"));
    if (control.hasAttribute("data-kb-card-masked")) notes.push(say(this.strings, "note_card"));
    const note = find("-note");
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
    return text;
  }

  text() {
    const values = this.values();
    return ticketText(this.flow.data, this.node, values, this.flow.trail, this.attachments.show(values), this.today());
  }

  mailChannel(reach) {
    const channels = this.flow.data.channels;
    if (reach.kind === "email") return reach;
    const fallback = reach.fallback ? own(channels, reach.fallback) : null;
    return fallback && fallback.kind === "email" ? fallback : null;
  }

  update() {
    const t = this.text(), flow = this.flow;
    this.subject.value = t.subject;
    this.subject.textContent = t.subject;
    this.body.value = t.body;
    const before = flow.saved() || {};
    flow.save({ values: storable(this.fields, this.values()), basis: this.prefill, carried: before.carried || flow.carried });
    const reach = reachOf(flow.data, this.node.channel), mail = this.mailChannel(reach);
    const crlf = (s) => encodeURIComponent(s.replace(/\n/g, "\r\n"));
    if (mail && this.mailto) this.mailto.href = "mailto:" + mail.address + "?subject=" + crlf(t.subject) + "&body=" + crlf(t.body);
    if (this.formLink && reach.kind === "form") {
      const url = new URL(reach.url, location.href);
      if (reach.prefill) {
        url.searchParams.set(reach.prefill.subject, t.subject);
        url.searchParams.set(reach.prefill.body, t.body);
      }
      this.formLink.href = url.href;
    }
    const today = this.today();
    if (this.referral) this.referral.update(this.form, today);
    const invalid = this.fields.some((f) => {
      const v = this.form.elements[f.id].value.trim();
      return v && problem(f, v, today);
    });
    for (const a of [this.mailto, this.formLink]) if (a) a.setAttribute("aria-disabled", invalid ? "true" : "false");
  }

  /* Blocks an action while a field is wrong (its reason shown); sending
     (e-mail, form, chat) also needs the required fields, a copy does not. */
  guard(event, sending) {
    let first = null;
    this.wrong = 0;
    for (const f of this.fields) {
      const control = this.form.elements[f.id];
      const wrong = control.value.trim() || sending ? this.check(control, true) : "";
      if (wrong) this.wrong += 1;
      if (wrong && !first) first = control;
    }
    if (!first) return true;
    event.preventDefault();
    first.focus();
    return false;
  }

  /* Why an action was blocked: the one field, or how many, to correct. */
  blocked() {
    return this.wrong > 1 ? say(this.strings, "action_blocked_many", { count: String(this.wrong) }) : say(this.strings, "action_blocked");
  }

  /* Whether the outcome is urgent: the player goes straight to the chat, whatever is still empty. */
  urgent() {
    return this.node.urgency === "urgent" || this.node.urgency === "escalation";
  }

  actions() {
    const strings = this.strings, flow = this.flow, reach = reachOf(flow.data, this.node.channel);
    const status = el("p", { class: "kb-ticket__done", role: "status", "aria-live": "polite" });
    const bar = el("div", { class: "kb-ticket__actions" });
    const primary = "md-button md-button--primary";
    // every action replaces what the status said before: a blocked one says why
    const act = (sending, then) => (e) => {
      status.textContent = "";
      if (!this.guard(e, sending)) { status.textContent = this.blocked(); return; }
      if (then) then(e);
    };
    const copy = (text, done, failed) => {
      if (!navigator.clipboard || !navigator.clipboard.writeText) { status.textContent = failed; return; }
      navigator.clipboard.writeText(text).then(() => { status.textContent = done; }, () => { status.textContent = failed; });
    };
    const file = (t, eol) => say(strings, "ticket_subject_line", { subject: t.subject }) + eol + eol + t.body.replace(/\n/g, eol);
    const chat = reach.kind === "chat" && reach.hours ? chatState(flow.data, reach, new Date(), playerZone(flow.data)) : null;
    let chatLink = null;
    if (reach.kind === "chat") {
      // opening the chat copies the request first (a chat cannot be prefilled); an urgent
      // player is never held back by an empty field, the copy takes what is there
      const open = (e) => {
        status.textContent = "";
        if (!this.urgent() && !this.guard(e, true)) { status.textContent = this.blocked(); return; }
        copy(file(this.text(), "\n"), say(strings, "chat_copied"), say(strings, "chat_copy_by_hand"));
      };
      chatLink = el("a", { class: chat && !chat.open ? "md-button" : primary, href: reach.url, "data-kb-chat": true, target: "_blank",
        rel: "noopener", on: { click: open } }, [reachCard(flow.data, this.node.channel).open,
        chat && chat.reopens ? el("small", { class: "kb-ticket__reopens", "data-kb-reopens": true,
          text: say(strings, "chat_reopens", { when: chat.reopens }) }) : null]);
    }
    if (reach.kind === "form") {
      this.formLink = el("a", { class: primary, href: reach.url, "data-kb-form": true, target: "_blank", rel: "noopener",
        text: reachCard(flow.data, this.node.channel).open, on: { click: act(true) } });
      bar.appendChild(this.formLink);
    }
    const mail = this.mailChannel(reach);
    if (mail) {
      // the e-mail leads when it is the channel, or when the chat is closed
      const first = reach.kind === "email" || (chat && !chat.open);
      this.mailto = el("a", { class: first ? primary : "md-button", "data-kb-mailto": true, href: "mailto:" + mail.address,
        text: say(strings, reach.kind === "email" ? "write_email" : "write_by_email"), on: { click: act(true) } });
      bar.appendChild(this.mailto);
    }
    // the chat comes first while it is open; closed, after its fallback
    if (chatLink) bar.insertBefore(chatLink, chat && !chat.open ? null : bar.firstChild);
    bar.appendChild(el("button", { type: "button", class: "md-button", "data-kb-copy": true, text: say(strings, "copy"), on: {
      click: act(false, () => copy(file(this.text(), "\n"), say(strings, "copied"), say(strings, "copy_failed"))) } }));
    bar.appendChild(el("button", { type: "button", class: "md-button", "data-kb-download": true, text: say(strings, "download"), on: {
      click: act(false, () => {
        const blob = new Blob([file(this.text(), "\r\n")], { type: "text/plain;charset=utf-8" });
        const a = el("a", { href: URL.createObjectURL(blob), download: "demande-" + flow.data.id + ".txt" });
        document.body.appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
        status.textContent = say(strings, "downloaded");
      }) } }));
    return el("div", {}, [bar, status]);
  }
}
