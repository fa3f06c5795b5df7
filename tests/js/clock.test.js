// The clock runs on the catalogue's time zone, never on the player's
// (`make test` runs this file with TZ=America/New_York as well as UTC).
import assert from "node:assert/strict";
import { test } from "node:test";

import { dateText, dayText, dueText, hourText, openingState, replyDeadline, sameClock, today, zoned } from "../../overrides/assets/javascripts/kb/clock.js";

const PARIS = "Europe/Paris";
const CHAT = { mon: ["09:00-22:00"], tue: ["09:00-22:00"], wed: ["09:00-22:00"], thu: ["09:00-22:00"], fri: ["09:00-22:00"], sat: ["10:00-20:00"] };
const OFFICE = { mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"] };
const WORDS = { today: "TODAY", tomorrow: "TOMORROW", day_mon: "MON", day_tue: "TUE", day_wed: "WED", day_thu: "THU", day_fri: "FRI", day_sat: "SAT", day_sun: "SUN" };

test("a moment is read on the wall clock of the catalogue's zone", () => {
  // 23:30 UTC on Friday 27 November 2026 is already Saturday 00:30 in Paris
  const t = zoned(new Date("2026-11-27T23:30:00Z"), PARIS);
  assert.equal(t.day, 6);
  assert.equal(t.minutes, 30);
  assert.equal(today(new Date("2026-11-27T23:30:00Z"), PARIS), "2026-11-28");
  assert.equal(today(new Date("2026-11-27T23:30:00Z"), "America/New_York"), "2026-11-27");
});

test("the chat is open inside a slot and says until when", () => {
  const state = openingState(CHAT, new Date("2026-11-24T09:00:00Z"), PARIS);  // Tuesday 10:00 Paris
  assert.deepEqual([state.open, state.until, state.day], [true, 22 * 60, 2]);
});

test("closed on Sunday night: it opens again on Monday morning", () => {
  const state = openingState(CHAT, new Date("2026-11-29T22:00:00Z"), PARIS);  // Sunday 23:00 Paris
  assert.equal(state.open, false);
  assert.deepEqual([state.offset, state.day, state.at], [1, 1, 9 * 60]);
  assert.equal(dayText(state, WORDS), "TOMORROW");
});

test("closed after hours: it opens again the next morning, Saturday later", () => {
  const friday = openingState(CHAT, new Date("2026-11-27T21:30:00Z"), PARIS);  // Friday 22:30 Paris
  assert.deepEqual([friday.open, friday.day, friday.at], [false, 6, 10 * 60]);
  const early = openingState(CHAT, new Date("2026-11-24T06:00:00Z"), PARIS);  // Tuesday 07:00 Paris
  assert.deepEqual([early.offset, early.at], [0, 9 * 60]);
  assert.equal(dayText(early, WORDS), "TODAY");
  assert.equal(dayText(friday, WORDS), "TOMORROW");
  assert.equal(dayText(openingState(CHAT, new Date("2026-11-28T19:30:00Z"), PARIS), WORDS), "MON");  // Saturday 20:30: Monday
});

test("a slot's end is not open any more", () => {
  assert.equal(openingState(CHAT, new Date("2026-11-24T21:00:00Z"), PARIS).open, false);  // Tuesday 22:00 Paris
});

test("the zone decides: the same instant is open in Paris, closed in New York's hours", () => {
  const now = new Date("2026-11-24T20:00:00Z");  // 21:00 Paris, 15:00 New York
  assert.equal(openingState({ tue: ["16:00-22:00"] }, now, PARIS).open, true);
  assert.equal(openingState({ tue: ["16:00-22:00"] }, now, "America/New_York").open, false);
});

test("a week with no hours never opens", () => {
  assert.deepEqual(openingState({}, new Date(), PARIS), { open: false });
  assert.equal(replyDeadline({}, 24, new Date(), PARIS), null);
});

// French public holidays, as the build writes them (kb_tools/hours.py, from the `holidays` package)
const HOLIDAYS = ["2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15",
  "2026-11-01", "2026-11-11", "2026-12-25", "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17"];
const WORDS_DUE = Object.assign({ due_at: "{day} AT {time}", due_end: "END OF {day}" }, WORDS);
const paris = (due) => new Date(due.date).toISOString().slice(0, 10);

/* Paris wall-clock time of a due {date, at}: "yyyy-mm-dd hh:mm" (24:00 for the end of a day). */
const wall = (due) => paris(due) + " " + String(Math.floor(due.at / 60)).padStart(2, "0") + ":" + String(due.at % 60).padStart(2, "0");

test("24 h ouvrées is one whole working day, promised by the end of the day it ends on", () => {
  // Friday 27 November 17:00 Paris: 7 h on Friday, the weekend skipped, 17 h on Monday: by the end of Monday
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2026-11-27T16:00:00Z"), PARIS, HOLIDAYS)), "2026-11-30 24:00");
  assert.equal(wall(replyDeadline(OFFICE, 48, new Date("2026-11-27T16:00:00Z"), PARIS, HOLIDAYS)), "2026-12-01 24:00");
  // the slots of a working day do not matter, only that it has some
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2026-11-24T06:00:00Z"), PARIS, HOLIDAYS)), "2026-11-25 24:00");
});

test("sent on Sunday at 23:00: due by the end of Monday, not a week away", () => {
  const due = replyDeadline(OFFICE, 24, new Date("2026-12-06T22:00:00Z"), PARIS, HOLIDAYS);
  assert.equal(wall(due), "2026-12-07 24:00");
  assert.equal(dueText(due, WORDS_DUE), "END OF MON 7\u00a0décembre");
  assert.equal(wall(replyDeadline(OFFICE, 48, new Date("2026-12-06T22:00:00Z"), PARIS, HOLIDAYS)), "2026-12-08 24:00");
});

test("24 December at 17:00: Christmas and the weekend do not count", () => {
  const due = replyDeadline(OFFICE, 24, new Date("2026-12-24T16:00:00Z"), PARIS, HOLIDAYS);
  assert.equal(wall(due), "2026-12-28 24:00");
  assert.equal(dueText(due, WORDS_DUE), "END OF MON 28\u00a0décembre");
  // without the holiday, Friday 25 would have been the day
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2026-12-24T16:00:00Z"), PARIS, [])), "2026-12-25 24:00");
});

test("30 April at 17:00: 1 May does not count", () => {
  // Thursday 30 April 2026 17:00 (summer time): Friday 1 May off, then the weekend
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2026-04-30T15:00:00Z"), PARIS, HOLIDAYS)), "2026-05-04 24:00");
  assert.equal(wall(replyDeadline(OFFICE, 48, new Date("2026-04-30T15:00:00Z"), PARIS, HOLIDAYS)), "2026-05-05 24:00");
});

test("a holiday Monday is skipped like a Sunday", () => {
  // Friday 14 May 2027 10:00, Whit Monday 17 May off: 14 h Friday + 10 h Tuesday
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2027-05-14T08:00:00Z"), PARIS, HOLIDAYS)), "2027-05-18 24:00");
  // sent on the holiday itself: it starts on Tuesday morning
  assert.equal(wall(replyDeadline(OFFICE, 24, new Date("2027-03-29T10:00:00Z"), PARIS, HOLIDAYS)), "2027-03-30 24:00");
});

test("the player's zone never moves the deadline: Nouméa's Monday morning is Paris's Sunday night", () => {
  const now = new Date("2026-12-06T22:00:00Z");  // Sunday 23:00 Paris, Monday 09:00 Nouméa, Sunday 17:00 New York
  assert.equal(today(now, "Pacific/Noumea"), "2026-12-07");
  assert.equal(wall(replyDeadline(OFFICE, 24, now, PARIS, HOLIDAYS)), "2026-12-07 24:00");
  assert.equal(sameClock(now, PARIS, "Pacific/Noumea"), false);
  assert.equal(sameClock(now, PARIS, "Europe/Brussels"), true);
});

test("a deadline is written as the end of its weekday and date, never to the minute, never broken across lines", () => {
  const due = replyDeadline(OFFICE, 24, new Date("2026-12-11T11:00:00Z"), PARIS, HOLIDAYS);  // Friday 11 December 12:00
  assert.equal(dueText(due, WORDS_DUE), "END OF MON 14\u00a0décembre");
  assert.equal(dateText(due, WORDS), "MON 14\u00a0décembre");
});

test("a player whose clock is not the catalogue's never reads a relative day", () => {
  const now = new Date("2026-11-29T22:30:00Z");  // Sunday 23:30 Paris; Monday 09:30 in Nouméa
  const state = openingState(CHAT, now, PARIS);
  assert.equal(dayText(state, WORDS), "TOMORROW");  // the same clock as Paris
  assert.equal(dayText(state, WORDS, true), "MON 30\u00a0novembre");  // abroad: the weekday and the date, Paris's
  // whatever the distance, abroad is never « today », « tomorrow » or a weekday alone
  for (let hours = 0; hours < 24 * 14; hours += 5) {
    const then = openingState({ wed: ["09:00-10:00"] }, new Date(Date.UTC(2026, 11, 1) + hours * 36e5), PARIS);
    assert.match(dayText(then, WORDS, true), /^WED \d+\u00a0(novembre|décembre)$/, String(hours));
  }
});

test("a chat closed on public holidays never reopens on one", () => {
  // Thursday 31 December 2026, 23:00 Paris: Friday 1 January is off, Saturday 10:00 it is
  const state = openingState(CHAT, new Date("2026-12-31T22:00:00Z"), PARIS, HOLIDAYS);
  assert.deepEqual([state.open, state.day, state.at, paris(state)], [false, 6, 10 * 60, "2027-01-02"]);
  assert.equal(dayText(state, WORDS), "SAT");
  // without holidays it would be tomorrow
  assert.equal(paris(openingState(CHAT, new Date("2026-12-31T22:00:00Z"), PARIS)), "2027-01-01");
  // on the holiday itself, in the middle of its hours: closed
  assert.equal(openingState(CHAT, new Date("2026-12-25T10:00:00Z"), PARIS, HOLIDAYS).open, false);
  // every holiday, asked the night before and at noon on the day: the reopening is never a holiday
  for (const day of HOLIDAYS) {
    for (const at of [new Date(Date.parse(day + "T12:00:00Z") - 13 * 36e5), new Date(day + "T10:00:00Z")]) {
      const s = openingState(CHAT, at, PARIS, HOLIDAYS);
      assert.equal(s.open, false, day);
      assert.ok(!HOLIDAYS.includes(paris(s)), day + " -> " + paris(s));
    }
  }
});

test("hours are written the French way", () => {
  assert.equal(hourText(9 * 60), "9\u00a0h");
  assert.equal(hourText(13 * 60 + 5), "13\u00a0h\u00a005");
  assert.equal(hourText(11 * 60 + 55), "11\u00a0h\u00a055");
  assert.doesNotMatch(hourText(21 * 60 + 30), / /);
});

test("a reopening a week away is named with its date", () => {
  const state = openingState({ mon: ["09:00-10:00"] }, new Date("2026-12-07T10:00:00Z"), PARIS);  // Monday 11:00, after the slot
  assert.deepEqual([state.offset, state.day], [7, 1]);
  assert.equal(dayText(state, WORDS), "MON 14\u00a0décembre");
});
