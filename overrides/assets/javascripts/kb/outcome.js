/* What an outcome shows live: the channel card (from the build-time data),
   with the chat's opening status and the reply deadline on the catalogue's
   clock, and « Cela vous a-t-il aidé ? » where no request is prepared. */

import { dayText, hourText, openingState, replyDeadline } from "./clock.js";
import { el } from "./dom.js";
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

export function channelCard(data, node, now) {
  const strings = data.strings, zone = data.timezone, channel = own(data.channels, node.channel);
  const reach = reachOf(data, node.channel), card = channel.card;
  const box = el("div", { class: "kb-channel kb-channel--" + channel.kind, "data-kb-channel-card": node.channel }, [
    el("p", { class: "kb-channel__name" }, [el("strong", { text: card.title })]),
    el("p", { text: card.purpose }),
    el("p", { text: card.delay })
  ]);
  if (reach.kind === "chat" && reach.hours) {
    const open = openingState(reach.hours, now, zone);
    const status = open.open ? say(strings, "chat_open", { time: hourText(open.until), zone: say(strings, "zone") })
      : open.day !== undefined ? say(strings, "chat_closed_until", { day: dayText(open, strings), time: hourText(open.at) })
        : say(strings, "chat_closed");
    box.appendChild(el("p", { class: "kb-channel__status", "data-kb-chat-status": open.open ? "open" : "closed",
      text: status }));
    if (!open.open && card.while_closed) box.appendChild(el("p", { "data-kb-while-closed": true, text: card.while_closed }));
  }
  const mail = replyChannel(data, reach);
  if (mail && mail.reply_business_hours && (reach.kind === "email" || reach.kind === "form")) {
    const [min, max] = mail.reply_business_hours;
    const due = replyDeadline(data.business_hours, max, now, zone);
    if (due) {
      box.appendChild(el("p", { "data-kb-reply-due": true,
        text: say(strings, "reply_due", { min, max, due: dayText(due, strings) + " " + hourText(due.at) }) }));
    }
  }
  return box;
}

export function feedback(data, node) {
  const strings = data.strings;
  const thanks = el("p", { class: "kb-feedback__thanks", "aria-live": "polite" });
  const answer = (helpful) => () => {
    const detail = { tree: data.id, node: node.id, helpful };
    document.dispatchEvent(new CustomEvent("kb:feedback", { detail }));
    // Sent only where a deployment configured an endpoint (plugin option feedback_endpoint);
    // it carries the tree, the node and yes/no, never anything the player typed.
    const endpoint = document.querySelector('meta[name="kb-feedback-endpoint"]');
    if (endpoint && navigator.sendBeacon) navigator.sendBeacon(endpoint.content, JSON.stringify(detail));
    thanks.textContent = say(strings, helpful ? "feedback_thanks_yes" : "feedback_thanks_no");
    box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  };
  const box = el("div", { class: "kb-feedback", "data-kb-feedback": true }, [
    el("p", { text: say(strings, "feedback_question") }),
    el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "yes", text: say(strings, "feedback_yes"), on: { click: answer(true) } }),
    el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "no", text: say(strings, "feedback_no"), on: { click: answer(false) } }),
    thanks
  ]);
  return box;
}
