// The complaint ladder's dates (kb/mediation.js): the day mediation opens is
// the complaint's day plus the wait, in calendar days, whatever the clocks
// change; « now » is judged on the catalogue's wall clock. Generated over
// every day of several years (month ends, leap years, DST changes in Paris).
// `make test` runs this file with TZ=America/New_York as well as UTC.
import assert from "node:assert/strict";
import { test } from "node:test";

import { dayParts, dayWords, referralDate } from "../../overrides/assets/javascripts/kb/mediation.js";
import { ticketText } from "../../overrides/assets/javascripts/kb/ticket-text.js";
import { flowData } from "./fixture.js";

const PARIS = "Europe/Paris";
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

// The instant at `hh:mm` on the wall clock of Paris on day `iso` (+01:00 or +02:00, whichever shows it).
function parisAt(iso, hh, mm) {
  for (const offset of ["+01:00", "+02:00"]) {
    const at = new Date(`${iso}T${pad(hh)}:${pad(mm)}:00${offset}`);
    const shown = new Intl.DateTimeFormat("en-CA", { timeZone: PARIS, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
    if (shown.replace(",", "") === `${iso} ${pad(hh)}:${pad(mm)}`) return at;
  }
  throw new Error(`no ${hh}:${mm} in Paris on ${iso}`);
}

test("the day mediation opens is the complaint's day plus the wait, over every day of 2027 and 2028 (a leap year)", () => {
  let checked = 0;
  const later = parisAt("2035-01-01", 12, 0);
  for (const day of days({ y: 2027, m: 1, d: 1 }, "2028-12-31")) {
    const iso = isoOf(day);
    let expected = day, waited = 0;
    for (const wait of WAITS) {
      while (waited < wait) { expected = next(expected); waited += 1; }
      const got = referralDate(iso, wait, later, PARIS);
      assert.equal(got.from.iso, isoOf(expected), `${iso} + ${wait}`);
      assert.deepEqual([got.from.year, got.from.month, got.from.day], [expected.y, expected.m, expected.d]);
      assert.equal(got.now, true);
      checked += 1;
    }
  }
  assert.equal(checked, 731 * WAITS.length);
});

test("« now » turns at midnight in Paris on the day it opens, not before, DST changes included", () => {
  // complaints whose opening day falls on the DST changes, at month ends and on 29 February
  const cases = [["2027-01-27", 60], ["2027-03-27", 1], ["2027-03-28", 0], ["2027-10-30", 1], ["2027-08-31", 60],
    ["2027-12-31", 60], ["2028-02-28", 1], ["2027-12-31", 60], ["2028-01-30", 30], ["2026-12-06", 0], ["2026-11-05", 60]];
  for (const [iso, wait] of cases) {
    const from = referralDate(iso, wait, new Date(0), PARIS).from.iso;
    const before = new Date(parisAt(from, 0, 0).getTime() - 60e3);  // 23:59 the day before, in Paris
    assert.equal(referralDate(iso, wait, before, PARIS).now, false, `${iso} + ${wait} before ${from}`);
    assert.equal(referralDate(iso, wait, parisAt(from, 0, 0), PARIS).now, true, `${iso} + ${wait} on ${from}`);
    assert.equal(referralDate(iso, wait, parisAt(from, 23, 59), PARIS).now, true);
  }
  // the catalogue's clock, not the player's: 23:30 UTC on 4 January 2027 is already the 5th in Paris
  const late = new Date("2027-01-04T23:30:00Z");
  assert.equal(referralDate("2026-11-06", 60, late, PARIS).now, true);  // opens on 5 January
  assert.equal(referralDate("2026-11-06", 60, late, "America/New_York").now, false);
});

test("the worked example: 60 days after 5 November 2026 is Monday 4 January 2027", () => {
  const got = referralDate("2026-11-05", 60, parisAt("2026-11-15", 10, 0), PARIS);
  assert.deepEqual([got.now, got.from.iso, got.future], [false, "2027-01-04", false]);
  assert.equal(dayWords(got.from, WORDS), "lundi 4\u00a0janvier\u00a02027");
  assert.equal(dayWords(dayParts("2027-01-01"), WORDS), "vendredi 1er\u00a0janvier\u00a02027");
  assert.equal(dayWords(dayParts("2028-02-29"), WORDS), "mardi 29\u00a0février\u00a02028");
});

test("a complaint after today says so; the wait still counts from it", () => {
  const got = referralDate("2026-12-20", 0, parisAt("2026-12-06", 12, 0), PARIS);
  assert.deepEqual([got.future, got.now, got.from.iso], [true, false, "2026-12-20"]);
  assert.equal(referralDate("2026-12-06", 0, parisAt("2026-12-06", 0, 1), PARIS).future, false);
});

test("an unreadable date or wait gives null, never NaN or undefined", () => {
  const now = parisAt("2026-12-06", 12, 0);
  for (const bad of ["", "abc", "2027-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "05/11/2026",
    " 2026-11-05", "2026-11-05\n", "2026-11-05T00:00", null, undefined, 20261105, {}, "NaN-NaN-NaN"]) {
    assert.equal(referralDate(bad, 60, now, PARIS), null, String(bad));
  }
  for (const wait of [-1, 1.5, "60", NaN, Infinity, null, undefined]) assert.equal(referralDate("2026-11-05", wait, now, PARIS), null, String(wait));
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
