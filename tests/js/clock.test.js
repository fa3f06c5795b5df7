// The clock runs on the catalogue's time zone, never on the player's
// (`make test` runs this file with TZ=America/New_York as well as UTC).
import assert from "node:assert/strict";
import { test } from "node:test";

import { dayText, hourText, openingState, replyDeadline, today, zoned } from "../../overrides/assets/javascripts/kb/clock.js";

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
  assert.deepEqual(openingState(CHAT, new Date("2026-11-24T09:00:00Z"), PARIS), { open: true, until: 22 * 60 });  // Tuesday 10:00 Paris
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

test("a reply deadline counts business hours only, over the weekend", () => {
  // Friday 17:00 Paris + 24 business hours: 1 h on Friday, 9 on Monday, 9 on Tuesday, 5 on Wednesday
  const due = replyDeadline(OFFICE, 24, new Date("2026-11-27T16:00:00Z"), PARIS);
  assert.deepEqual([due.offset, due.day, due.at], [5, 3, 14 * 60]);
  assert.equal(new Date(due.date).toISOString().slice(0, 10), "2026-12-02");
});

test("a deadline asked on a closed day starts at the next opening", () => {
  const due = replyDeadline(OFFICE, 9, new Date("2026-11-28T11:00:00Z"), PARIS);  // Saturday noon
  assert.deepEqual([due.offset, due.day, due.at], [2, 1, 18 * 60]);
});

test("closed days in the week (a holiday as a day without slots) are skipped", () => {
  const noWednesday = { mon: ["09:00-18:00"], tue: ["09:00-18:00"], thu: ["09:00-18:00"], fri: ["09:00-18:00"] };
  const due = replyDeadline(noWednesday, 10, new Date("2026-11-24T16:00:00Z"), PARIS);  // Tuesday 17:00
  assert.deepEqual([due.day, due.at], [4, 18 * 60]);
});

test("a deadline crossing midnight in Paris is dated on Paris's calendar", () => {
  // Monday 23:30 UTC is Tuesday 00:30 in Paris: 2 business hours end Tuesday 11:00
  const due = replyDeadline(OFFICE, 2, new Date("2026-11-23T23:30:00Z"), PARIS);
  assert.deepEqual([due.offset, due.day, due.at], [0, 2, 11 * 60]);
  assert.equal(dayText(due, WORDS), "TODAY");
});

test("a week or more away, the date is given with the weekday", () => {
  const due = replyDeadline(OFFICE, 48, new Date("2026-11-23T08:00:00Z"), PARIS);  // Monday 09:00 + 48 h: the Monday after, 12:00
  assert.deepEqual([due.offset, due.at], [7, 12 * 60]);
  const text = dayText(due, WORDS);
  assert.match(text, /^MON /);
  assert.match(text, /\b30\b/);
});

test("hours are written the French way", () => {
  assert.equal(hourText(9 * 60), "9\u00a0h");
  assert.equal(hourText(13 * 60 + 5), "13\u00a0h 05");
  assert.equal(hourText(21 * 60 + 30), "21\u00a0h 30");
});
