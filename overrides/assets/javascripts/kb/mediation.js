/* When a player may refer a dispute to the mediation body: a number of days
   after their written complaint to support (trees/_channels.yml
   complaint_wait_days), counted in calendar days. One clock for every date
   of the ladder: the player's own calendar day. The written complaint is
   dated with it, a date field takes no day after it, and the referral day is
   compared with it (ticket-form.js passes it as `today`). Pure: no DOM. */

import { dayParts } from "./clock.js";
import { EARLIEST } from "./fields.js";

const DAY_MS = 864e5;

/* Whether the case can go to the mediation body on `today` (the player's
   "yyyy-mm-dd"), and from which day: {now, from (dayParts), future (the
   complaint is after today)}; null if the complaint's date is unreadable or
   before EARLIEST, or the wait is not a number of days. */
export function referralDate(complaintISO, waitDays, today) {
  const complaint = dayParts(complaintISO);
  if (!complaint || complaint.iso < EARLIEST || !Number.isInteger(waitDays) || waitDays < 0) return null;
  const from = dayParts(new Date(Date.UTC(complaint.year, complaint.month - 1, complaint.day, 12) + waitDays * DAY_MS)
    .toISOString().slice(0, 10));
  return { now: from.iso <= today, from, future: complaint.iso > today };
}

/* What the line under the complaint's date says (referral.js), when a
   complaint is required: {state, when (referralDate, or null)}. `answered`:
   support has answered the complaint. The wait is the time support has to
   answer, so an answer opens mediation at once ("answered", no day); without
   one, "from" that day or "now" once it has come; "missing" without a date
   (and no answer), "invalid" for a date that is unreadable, too old or after `today`. */
export function referralState(complaintISO, waitDays, today, answered) {
  if (!complaintISO) return { state: answered ? "answered" : "missing", when: null };
  const when = referralDate(complaintISO, waitDays, today);
  if (!when || when.future) return { state: "invalid", when: null };
  if (answered) return { state: "answered", when: null };
  return { state: when.now ? "now" : "from", when };
}
