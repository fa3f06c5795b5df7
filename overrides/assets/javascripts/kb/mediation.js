/* When a player may refer a dispute to the mediation body: a number of days
   after their written complaint to support (trees/_channels.yml
   complaint_wait_days), counted in calendar days and compared with today on
   the wall clock of the catalogue's time zone. Pure: no DOM. */

import { today } from "./clock.js";

const DAY_MS = 864e5;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/* {year, month, day, weekday (0 = Sunday), iso} of a "yyyy-mm-dd" that names a real day; null otherwise. */
export function dayParts(iso) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(iso || ""));
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  if (date.toISOString().slice(0, 10) !== m[0]) return null;  // 2027-02-30 is no day
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay(), iso: m[0] };
}

/* Whether the case can go to the mediation body `now` (a Date), and from
   which day: {now, from (dayParts), future (the complaint is after today)};
   null if the complaint's date is unreadable or the wait is not a number of days. */
export function referralDate(complaintISO, waitDays, now, zone) {
  const complaint = dayParts(complaintISO);
  if (!complaint || !Number.isInteger(waitDays) || waitDays < 0) return null;
  const from = dayParts(new Date(Date.UTC(complaint.year, complaint.month - 1, complaint.day, 12) + waitDays * DAY_MS)
    .toISOString().slice(0, 10));
  const current = today(now, zone);
  return { now: from.iso <= current, from, future: complaint.iso > current };
}

/* "lundi 4 janvier 2027", "vendredi 1er janvier 2027": a day in words, the
   weekday from the catalogue (`day_mon`...), numbers held to their words. */
export function dayWords(parts, words) {
  const month = new Date(Date.UTC(parts.year, parts.month - 1, 1, 12)).toLocaleDateString("fr-FR", { timeZone: "UTC", month: "long" });
  const weekday = words && words["day_" + DAYS[parts.weekday]];
  return (weekday ? weekday + " " : "") + (parts.day === 1 ? "1er" : parts.day) + "\u00a0" + month + "\u00a0" + parts.year;
}
