// The complaint ladder's dates (kb/mediation.js): the day mediation opens is
// the complaint's day plus the wait, in calendar days, whatever the clocks
// change; « now » is judged on the player's own calendar day (`today`), the
// day the field takes and the written complaint carries; an answer from
// support opens mediation at once. Generated over
// every day of several years (month ends, leap years, DST changes in Paris).
// `make test` runs this file with TZ=America/New_York as well as UTC.
import assert from "node:assert/strict";
import { test } from "node:test";

import { dayParts, dayWords } from "../../overrides/assets/javascripts/kb/clock.js";
import { referralDate, referralState } from "../../overrides/assets/javascripts/kb/mediation.js";
import { problem } from "../../overrides/assets/javascripts/kb/fields.js";
import { ticketText } from "../../overrides/assets/javascripts/kb/ticket-text.js";
import { flowData } from "./fixture.js";

const WAITS = [0, 1, 28, 29, 30, 31, 59, 60, 61, 365];
const WORDS = { day_mon: "lundi", day_tue: "mardi", day_wed: "mercredi", day_thu: "jeudi", day_fri: "vendredi", day_sat: "samedi", day_sun: "dimanche" };

// An oracle that knows nothing of Date: days of each month, leap years by rule.
const leap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y, m) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
const pad = (n, w = 2) => String(n).padStart(w, "0");
const isoOf = ({ y, m, d }) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
function next({ y, m, d }) {
  if (d < monthDays(y, m)) return { y, m, d: d + 1 };
  return m < 12 ? { y, m: m + 1, d: 1 } : { y: y + 1, m: 1, d: 1 };
}
function* days(from, to) {
  for (let day = from; isoOf(day) <= to; day = next(day)) yield day;
}

test("the day mediation opens is the complaint's day plus the wait, over every day of 2027 and 2028 (a leap year)", () => {
  let checked = 0;
  const later = "2035-01-01";
  for (const day of days({ y: 2027, m: 1, d: 1 }, "2028-12-31")) {
    const iso = isoOf(day);
    let expected = day, waited = 0;
    for (const wait of WAITS) {
      while (waited < wait) { expected = next(expected); waited += 1; }
      const got = referralDate(iso, wait, later);
      assert.equal(got.from.iso, isoOf(expected), `${iso} + ${wait}`);
      assert.deepEqual([got.from.year, got.from.month, got.from.day], [expected.y, expected.m, expected.d]);
      assert.equal(got.now, true);
      checked += 1;
    }
  }
  assert.equal(checked, 731 * WAITS.length);
});

test("« now » turns on the day it opens, not the day before, on the day given (month ends, DST changes, 29 February)", () => {
  const cases = [["2027-01-27", 60], ["2027-03-27", 1], ["2027-03-28", 0], ["2027-10-30", 1], ["2027-08-31", 60],
    ["2027-12-31", 60], ["2028-02-28", 1], ["2027-12-31", 60], ["2028-01-30", 30], ["2026-12-06", 0], ["2026-11-05", 60]];
  for (const [iso, wait] of cases) {
    const from = referralDate(iso, wait, "2000-01-01").from.iso;
    const before = new Date(Date.parse(from + "T12:00:00Z") - 864e5).toISOString().slice(0, 10);
    assert.equal(referralDate(iso, wait, before).now, false, `${iso} + ${wait} before ${from}`);
    assert.equal(referralDate(iso, wait, from).now, true, `${iso} + ${wait} on ${from}`);
  }
});

test("the worked example: 60 days after 5 November 2026 is Monday 4 January 2027", () => {
  const got = referralDate("2026-11-05", 60, "2026-11-15");
  assert.deepEqual([got.now, got.from.iso, got.future], [false, "2027-01-04", false]);
  assert.equal(dayWords(got.from, WORDS), "lundi 4\u00a0janvier\u00a02027");
  assert.equal(dayWords(dayParts("2027-01-01"), WORDS), "vendredi 1er\u00a0janvier\u00a02027");
  assert.equal(dayWords(dayParts("2028-02-29"), WORDS), "mardi 29\u00a0février\u00a02028");
});

test("a complaint after today says so; the wait still counts from it", () => {
  const got = referralDate("2026-12-20", 0, "2026-12-06");
  assert.deepEqual([got.future, got.now, got.from.iso], [true, false, "2026-12-20"]);
  assert.equal(referralDate("2026-12-06", 0, "2026-12-06").future, false);
});

test("an unreadable date or wait gives null, never NaN or undefined", () => {
  const now = "2026-12-06";
  for (const bad of ["", "abc", "2027-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "05/11/2026",
    " 2026-11-05", "2026-11-05\n", "2026-11-05T00:00", null, undefined, 20261105, {}, "NaN-NaN-NaN"]) {
    assert.equal(referralDate(bad, 60, now), null, String(bad));
  }
  for (const wait of [-1, 1.5, "60", NaN, Infinity, null, undefined]) assert.equal(referralDate("2026-11-05", wait, now), null, String(wait));
  for (const day of days({ y: 2027, m: 1, d: 1 }, "2028-12-31")) {
    const words = dayWords(dayParts(isoOf(day)), WORDS);
    assert.ok(!/NaN|undefined|null/.test(words), words);
  }
});

test("a written complaint is dated the day the player writes it; another request is not", () => {
  const data = flowData(), node = data.nodes.email;
  data.strings.ticket_complaint_dated = "DATED {date}";
  const plain = ticketText(data, node, {}, [], [], "2026-12-31", "2026-12-30").body;
  assert.ok(!plain.includes("DATED"), plain);
  const complaint = Object.assign({}, node, { ticket: Object.assign({}, node.ticket, { complaint: true }) });
  const body = ticketText(data, complaint, {}, [], [], "2026-12-31", "2027-01-01").body;
  assert.ok(body.includes("DATED 1er\u00a0janvier\u00a02027"), body);  // the player's own day, not the catalogue's
  const blocks = body.split("\n\n");
  assert.ok(blocks[1].startsWith("Mon retrait") && blocks[2].startsWith("DATED"), body);  // right after the request
  assert.ok(ticketText(data, complaint, {}, [], [], "2026-12-31").body.includes("DATED 31\u00a0décembre\u00a02026"));
});

const shift = (iso, n) => new Date(Date.parse(iso + "T12:00:00Z") + n * 864e5).toISOString().slice(0, 10);

test("an answer from support opens mediation at once; without one, the day the wait ends, over every day of 2027", () => {
  const today = "2027-12-31";
  for (const day of days({ y: 2027, m: 1, d: 1 }, today)) {
    const iso = isoOf(day);
    for (const wait of WAITS) {
      // answered: now, whatever the complaint's day, and no day to wait for
      assert.deepEqual(referralState(iso, wait, today, true), { state: "answered", when: null }, `${iso} + ${wait}`);
      // no answer (or not known): the day the wait ends, « now » once it has come
      const { state, when } = referralState(iso, wait, today, false);
      assert.equal(when.from.iso, shift(iso, wait), `${iso} + ${wait}`);
      assert.equal(state, when.from.iso <= today ? "now" : "from", `${iso} + ${wait}`);
    }
  }
  // the walk's case: a complaint ten days ago, an answer received: no date in the future
  assert.equal(referralState(shift(today, -10), 60, today, true).state, "answered");
  assert.deepEqual([referralState(shift(today, -10), 60, today, false).state,
    referralState(shift(today, -10), 60, today, false).when.from.iso], ["from", shift(today, 50)]);
  // no date: an answer received is enough; otherwise the complaint comes first
  assert.deepEqual(referralState("", 60, today, true), { state: "answered", when: null });
  assert.deepEqual(referralState("", 60, today, false), { state: "missing", when: null });
});

test("an implausible or future date is refused, answered or not, and the field says why", () => {
  const today = "2026-12-07", field = { type: "date" };
  for (const bad of ["1999-01-01", "1999-12-31", "0201-03-04", "0001-01-01", "1900-06-15", "2026-12-08", "2030-01-01"]) {
    for (const answered of [true, false]) {
      assert.deepEqual(referralState(bad, 60, today, answered), { state: "invalid", when: null }, `${bad} ${answered}`);
    }
    assert.ok(["error_date_old", "error_future"].includes(problem(field, bad, today)), bad);
  }
  assert.equal(problem(field, "1999-12-31", today), "error_date_old");
  assert.equal(problem(field, "0201-03-04", today), "error_date_old");
  for (const good of ["2000-01-01", "2026-12-07", "2015-06-30"]) {
    assert.equal(problem(field, good, today), "", good);
    assert.notEqual(referralState(good, 60, today, false).state, "invalid", good);
  }
});

test("one clock: the player's day dates the complaint, bounds the field and counts the wait, wherever they are", async () => {
  const { today: dayIn } = await import("../../overrides/assets/javascripts/kb/clock.js");
  const data = flowData(), node = data.nodes.email, field = { type: "date" };
  data.strings.ticket_complaint_dated = "DATED {date}";
  const complaint = Object.assign({}, node, { ticket: Object.assign({}, node.ticket, { complaint: true }) });
  // 23:30 and 00:30 in Paris, one winter night: Martinique is 5 hours behind, Tokyo 8 ahead
  const instants = [new Date("2026-12-07T22:30:00Z"), new Date("2026-12-07T23:30:00Z")];
  const expected = { "America/Martinique": ["2026-12-07", "2026-12-07"], "Asia/Tokyo": ["2026-12-08", "2026-12-08"],
    "Europe/Paris": ["2026-12-07", "2026-12-08"] };
  for (const [zone, days] of Object.entries(expected)) {
    instants.forEach((now, i) => {
      const today = dayIn(now, zone);
      assert.equal(today, days[i], `${zone} ${now.toISOString()}`);
      const dated = ticketText(data, complaint, {}, [], [], today).body;
      assert.ok(dated.includes("DATED " + dayWords(dayParts(today))), dated);
      assert.equal(problem(field, today, today), "");
      assert.equal(problem(field, shift(today, 1), today), "error_future", `${zone}: the day after the player's is refused`);
      assert.equal(referralState(shift(today, -60), 60, today, false).state, "now");
      assert.equal(referralState(shift(today, -59), 60, today, false).state, "from");
      assert.equal(referralState(shift(today, 1), 60, today, false).state, "invalid");
    });
  }
});
