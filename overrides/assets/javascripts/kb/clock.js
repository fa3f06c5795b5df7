/* Opening hours and reply deadlines, on the wall clock of the catalogue's
   time zone (trees/_channels.yml `timezone`), whatever the player's own.
   A week is {mon: ["09:00-18:00"], ...}; a day without slots is closed.
   And a calendar day in words (the request's dates, the complaint ladder's). */

import { fill } from "./util.js";

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const NB = "\u00a0";
const DAY_MS = 864e5;
const DAY_MINUTES = 24 * 60;

/* `now` (a Date) on the wall clock of `timeZone`: the weekday (0 = Sunday),
   the minutes since midnight, and the day itself (noon UTC of that date). */
export function zoned(now, timeZone) {
  const parts = {};
  new Intl.DateTimeFormat("en-GB", {
    timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  }).formatToParts(now).forEach((p) => { parts[p.type] = p.value; });
  return {
    day: DAYS.indexOf(parts.weekday.slice(0, 3).toLowerCase()),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    date: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), 12)
  };
}

/* Today in `timeZone`, as "yyyy-mm-dd". */
export function today(now, timeZone) {
  return new Date(zoned(now, timeZone).date).toISOString().slice(0, 10);
}

export function slots(week, day) {
  const list = week && Object.prototype.hasOwnProperty.call(week, DAYS[day]) ? week[DAYS[day]] : [];
  return (list || []).map((slot) => {
    const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(slot);
    return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  });
}

/* Open now, and until when; otherwise when it opens again (within the week):
   {open: true, until} | {open: false, offset (days from today), day, at, date} | {open: false}.
   `holidays` (["yyyy-mm-dd"]): days the channel stays closed (a catalogue's
   `closed_on_holidays`), so a reopening never names a public holiday. */
export function openingState(week, now, timeZone, holidays) {
  const t = zoned(now, timeZone), off = new Set(holidays || []);
  const open = (offset) => (off.has(iso(t.date + offset * DAY_MS)) ? [] : slots(week, (t.day + offset) % 7));
  for (const [start, end] of open(0)) {
    if (t.minutes >= start && t.minutes < end) return { open: true, until: end, day: t.day, date: t.date };
  }
  for (let offset = 0; offset < 15; offset++) {
    const found = open(offset).find((s) => offset > 0 || s[0] > t.minutes);
    if (found) return { open: false, offset, day: (t.day + offset) % 7, at: found[0], date: t.date + offset * DAY_MS };
  }
  return { open: false };
}

/* "yyyy-mm-dd" of a day from zoned().date. */
function iso(date) {
  return new Date(date).toISOString().slice(0, 10);
}

/* When a reply is due: `hours` working hours after `now`, counted as whole
   24-hour days on the catalogue's wall clock. A working day is a day with
   business hours in `week` (Monday to Friday) that is not in `holidays`
   (["yyyy-mm-dd"], French public holidays from the build): "24 h ouvrées" is
   one whole working day, so Friday 17:00 falls on Monday. The reply is
   promised by the end of that day, never to the minute: returns
   {offset (days from today), day, date, at: 1440 (the end of that day)};
   null if the week has no working day. */
export function replyDeadline(week, hours, now, timeZone, holidays) {
  const t = zoned(now, timeZone), off = new Set(holidays || []);
  let left = hours * 60;
  for (let offset = 0; offset < 800; offset++) {
    const date = t.date + offset * DAY_MS, day = (t.day + offset) % 7;
    if (!slots(week, day).length || off.has(iso(date))) continue;
    const start = offset === 0 ? t.minutes : 0;
    if (left <= DAY_MINUTES - start) return { offset, day, date, at: DAY_MINUTES };
    left -= DAY_MINUTES - start;
  }
  return null;
}

/* "9 h", "13 h 05", as French writes hours, never broken across lines. */
export function hourText(minutes) {
  const h = Math.floor(minutes / 60), m = minutes % 60;
  return h + NB + "h" + (m ? NB + (m < 10 ? "0" : "") + m : "");
}

/* "lundi 14 décembre" (the number held to its month): the weekday of a moment from openingState or replyDeadline, with its date. */
export function dateText(when, words) {
  const date = new Date(when.date);
  return words["day_" + DAYS[when.day]] + " " + date.getUTCDate() + NB +
    date.toLocaleDateString("fr-FR", { timeZone: "UTC", month: "long" });
}

/* The day of a moment from openingState or replyDeadline, in the catalogue's
   words (`today`, `tomorrow`, `day_mon`...), with its date when it is a week
   or more away. `abroad`: the player's clock is not the catalogue's; then
   never a relative word (Sunday night in Paris is already Monday in
   Nouméa), always the weekday and its date. */
export function dayText(when, words, abroad) {
  const offset = when.offset || 0;
  if (abroad || offset >= 7) return dateText(when, words);
  if (offset === 0) return words.today;
  if (offset === 1) return words.tomorrow;
  return words["day_" + DAYS[when.day]];
}

/* When a reply is due, in words: "la fin de lundi 14 décembre" (`due_end`),
   a whole day, whatever the hour it was counted to. */
export function dueText(due, words) {
  return fill(words.due_end, { day: dateText(due, words) });
}

/* Whether two zones show the same wall clock at `now` (Paris and Brussels do). */
export function sameClock(now, zoneA, zoneB) {
  const a = zoned(now, zoneA), b = zoned(now, zoneB);
  return a.date === b.date && a.minutes === b.minutes;
}

/* {year, month, day, weekday (0 = Sunday), iso} of a "yyyy-mm-dd" that names a real day; null otherwise. */
export function dayParts(iso) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(iso || ""));
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  if (date.toISOString().slice(0, 10) !== m[0]) return null;  // 2027-02-30 is no day
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay(), iso: m[0] };
}

/* "lundi 4 janvier 2027", "vendredi 1er janvier 2027": a day in words, the
   weekday from the catalogue (`day_mon`...), numbers held to their words. */
export function dayWords(parts, words) {
  const month = new Date(Date.UTC(parts.year, parts.month - 1, 1, 12)).toLocaleDateString("fr-FR", { timeZone: "UTC", month: "long" });
  const weekday = words && words["day_" + DAYS[parts.weekday]];
  return (weekday ? weekday + " " : "") + (parts.day === 1 ? "1er" : parts.day) + "\u00a0" + month + "\u00a0" + parts.year;
}
