/* What an outcome shows live: the channel card (from the build-time data),
   with the chat's opening status and the reply deadline on the catalogue's
   clock, and « Cela vous a-t-il aidé ? » where no request is prepared. */

import { dateText, dayText, dueText, hourText, openingState, replyDeadline, sameClock } from "./clock.js";
import { el } from "./dom.js";
import { emit } from "./emit.js";
import { own, say } from "./util.js";

/* The channel the player actually uses (an escalation goes through the chat). */
export function reachOf(data, channelId) {
  const channel = own(data.channels, channelId);
  return channel.via ? own(data.channels, channel.via) : channel;
}

/* The card of the outcome's channel (its `open`: the label of the button to the channel reached). */
export function reachCard(data, channelId) {
  return own(data.channels, channelId).card;
}

/* The channel that sends a written reply: the one reached, or its fallback. */
export function replyChannel(data, reach) {
  if (reach.kind === "email" || reach.kind === "form") return reach;
  return reach.fallback ? own(data.channels, reach.fallback) : null;
}

/* The player's own time zone (the browser's), or the catalogue's if it cannot tell. */
export function playerZone(data) {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || data.timezone;
  } catch {
    return data.timezone;
  }
}

/* A time said on the catalogue's clock, naming its zone when the player's clock differs. */
function zoneSaid(data, text, now, player) {
  return sameClock(now, data.timezone, player) ? text : say(data.strings, "in_zone", { text, zone: data.strings.zone });
}

/* The chat of `reach` now, on the catalogue's clock: {open, status (the card's
   sentence), reopens (when it opens again; null if open or never)}. A player
   whose clock differs reads the weekday, the date and the hour in the
   catalogue's zone, never « aujourd'hui » or « demain » (whose day?). Closed
   on public holidays unless the catalogue says `closed_on_holidays: false`. */
export function chatState(data, reach, now, player) {
  const strings = data.strings, zone = data.timezone, abroad = !sameClock(now, zone, player);
  const state = openingState(reach.hours, now, zone, reach.closed_on_holidays === false ? [] : data.holidays);
  if (state.open) {
    const time = abroad ? say(strings, "due_at", { day: dateText(state, strings), time: hourText(state.until) }) : hourText(state.until);
    return { open: true, status: say(strings, "chat_open", { time, zone: strings.zone }), reopens: null };
  }
  if (state.day === undefined) return { open: false, status: say(strings, "chat_closed"), reopens: null };
  const when = zoneSaid(data, say(strings, "due_at", { day: dayText(state, strings, abroad), time: hourText(state.at) }),
    now, player);
  return { open: false, status: say(strings, "chat_closed_until", { when }), reopens: when };
}

/* When the written reply is due, in words ("la fin de lundi 14 décembre"); null without a reply window. */
export function replyDue(data, reach, now, player) {
  const mail = replyChannel(data, reach);
  if (!mail || !mail.reply_business_hours || (reach.kind !== "email" && reach.kind !== "form")) return null;
  const [min, max] = mail.reply_business_hours;
  const due = replyDeadline(data.business_hours, max, now, data.timezone, data.holidays);
  return due && say(data.strings, "reply_due", { min, max, due: zoneSaid(data, dueText(due, data.strings), now, player) });
}

/* The button to an outcome's own channel when it has an address and no
   request form shows it (the responsible-gambling tools, the helpline, the
   mediation terms), as the article shows it; or null. */
export function channelLink(data, node) {
  const reach = reachOf(data, node.channel), card = reachCard(data, node.channel);
  if (!["self_help", "mediation"].includes(reach.kind) || !reach.url || !card || !card.open) return null;
  return el("p", { class: "kb-channel__link" }, [
    el("a", { class: "md-button", href: reach.url, target: "_blank", rel: "noopener", "data-kb-channel-link": true, text: card.open })
  ]);
}

export function channelCard(data, node, now) {
  const channel = own(data.channels, node.channel), player = playerZone(data);
  const reach = reachOf(data, node.channel), card = channel.card;
  const box = el("div", { class: "kb-channel kb-channel--" + channel.kind, "data-kb-channel-card": node.channel }, [
    el("p", { class: "kb-channel__name" }, [el("strong", { text: card.title })]),
    el("p", { text: card.purpose }),
    el("p", { text: card.delay }),
    card.body ? el("p", { "data-kb-body": true, text: card.body }) : null,
    card.body_link ? el("p", {}, [el("a", { href: channel.body_url, target: "_blank", rel: "noopener", "data-kb-body-link": true,
      text: card.body_link })]) : null,
    card.complaint ? el("p", { "data-kb-complaint": true, text: card.complaint }) : null
  ]);
  if (reach.kind === "chat" && reach.hours) {
    const chat = chatState(data, reach, now, player);
    box.appendChild(el("p", { class: "kb-channel__status", "data-kb-chat-status": chat.open ? "open" : "closed", text: chat.status }));
    if (!chat.open && card.while_closed) box.appendChild(el("p", { "data-kb-while-closed": true, text: card.while_closed }));
  }
  const due = replyDue(data, reach, now, player);
  if (due) box.appendChild(el("p", { "data-kb-reply-due": true, text: due }));
  return box;
}

/* « Cela vous a-t-il aidé ? ». `wayOn`: the outcome's « Toujours bloqué ? »
   link (its still_stuck answer, in the article), or null. « Non » leads on
   with a link to the same place, through the flow's answer machinery, in its
   place: after « Non », one sentence and one way on (the article's
   « Toujours bloqué ? » block is hidden meanwhile). The focus goes to what
   the answer showed (the buttons it leaves are disabled). */
export function feedback(data, node, wayOn) {
  const strings = data.strings, holder = wayOn && wayOn.closest(".kb-still-stuck");
  if (holder) holder.hidden = false;  // shown again when the outcome is shown again
  const thanks = el("p", { class: "kb-feedback__thanks", "aria-live": "polite", tabindex: "-1" });
  const next = el("p", { class: "kb-feedback__next" });
  const answer = (helpful) => () => {
    const detail = { tree: data.id, node: node.id, helpful };
    document.dispatchEvent(new CustomEvent("kb:feedback", { detail }));
    // a beacon only where the deployment set an endpoint, and never from a sensitive flow (beacon.js)
    emit(Object.assign({ event: "feedback" }, detail), data.sensitive === true);
    thanks.textContent = say(strings, helpful ? "feedback_thanks_yes" : "feedback_thanks_no");
    box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    let focus = thanks;
    if (!helpful && wayOn) {
      focus = el("a", { class: "md-button md-button--primary", href: wayOn.getAttribute("href"), "data-kb-feedback-next": true,
        "data-kb-answer": wayOn.getAttribute("data-kb-answer"), text: say(strings, "feedback_next") });
      next.replaceChildren(focus);
      if (holder) holder.hidden = true;
    }
    focus.focus();
  };
  const box = el("div", { class: "kb-feedback", "data-kb-feedback": true }, [
    el("p", { text: say(strings, "feedback_question") }),
    el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "yes", text: say(strings, "feedback_yes"), on: { click: answer(true) } }),
    el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "no", text: say(strings, "feedback_no"), on: { click: answer(false) } }),
    thanks, next
  ]);
  return box;
}
