/* Opening hours and reply deadlines, on the wall clock of the catalogue's
   time zone (trees/_channels.yml `timezone`), whatever the player's own.
   A week is {mon: ["09:00-18:00"], ...}; a day without slots is closed. */

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const NB = "\u00a0";
const DAY_MS = 864e5;

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
   {open: true, until} | {open: false, offset (days from today), day, at} | {open: false}. */
export function openingState(week, now, timeZone) {
  const t = zoned(now, timeZone);
  for (const [start, end] of slots(week, t.day)) {
    if (t.minutes >= start && t.minutes < end) return { open: true, until: end };
  }
  for (let offset = 0; offset < 8; offset++) {
    const day = (t.day + offset) % 7;
    const found = slots(week, day).find((s) => offset > 0 || s[0] > t.minutes);
    if (found) return { open: false, offset, day, at: found[0], date: t.date + offset * DAY_MS };
  }
  return { open: false };
}

/* When a reply is due: `hours` business hours from `now`, as
   {offset (days from today), day, date, at (minutes)}; null if the week has no hours. */
export function replyDeadline(week, hours, now, timeZone) {
  const t = zoned(now, timeZone);
  let left = hours * 60;
  for (let offset = 0; offset < 60; offset++) {
    const day = (t.day + offset) % 7;
    for (const [from, end] of slots(week, day)) {
      const start = offset === 0 ? Math.max(from, t.minutes) : from;
      const span = end - start;
      if (span <= 0) continue;
      if (left <= span) return { offset, day, date: t.date + offset * DAY_MS, at: start + left };
      left -= span;
    }
  }
  return null;
}

/* "9 h", "13 h 05", as French writes hours. */
export function hourText(minutes) {
  const h = Math.floor(minutes / 60), m = minutes % 60;
  return h + NB + "h" + (m ? (m < 10 ? " 0" : " ") + m : "");
}

/* The day of a moment from openingState or replyDeadline, seen from today,
   in the catalogue's words (`today`, `tomorrow`, `day_mon`...), with its date
   when it is a week or more away. */
export function dayText(when, words) {
  if (when.offset === 0) return words.today;
  if (when.offset === 1) return words.tomorrow;
  const name = words["day_" + DAYS[when.day]];
  if (when.offset < 7) return name;
  return name + " " + new Date(when.date).toLocaleDateString("fr-FR", { timeZone: "UTC", day: "numeric", month: "long" });
}
