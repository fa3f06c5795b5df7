// Known incidents: shown while the browser's clock is inside [start, end),
// whatever the player's time zone (`make test` runs this file with TZ set too).
import assert from "node:assert/strict";
import { test } from "node:test";

import { activeIncidents, isActive, moment } from "../../overrides/assets/javascripts/kb/incidents.js";

const START = "2026-11-28T08:00:00+01:00", END = "2026-12-03T18:00:00+01:00";
const at = (iso) => Date.parse(iso);
const incident = (over) => Object.assign({ id: "retraits-ewallet-lents", title: "T", text: "X", start: START, end: END }, over);

test("before the start, hidden; from the start to just before the end, shown; at the end and after, hidden", () => {
  assert.equal(isActive(START, END, at("2026-11-28T06:59:59.999Z")), false);
  assert.equal(isActive(START, END, at("2026-11-28T07:00:00Z")), true);  // 08:00 in Paris is 07:00 UTC
  assert.equal(isActive(START, END, at("2026-12-03T16:59:59.999Z")), true);
  assert.equal(isActive(START, END, at("2026-12-03T17:00:00Z")), false);
  assert.equal(isActive(START, END, at("2030-01-01T00:00:00Z")), false);
});

test("no end: on from its start until the file drops it", () => {
  for (const end of [null, undefined, ""]) {
    assert.equal(isActive(START, end, at("2026-11-28T06:00:00Z")), false);
    assert.equal(isActive(START, end, at("2099-01-01T00:00:00Z")), true);
  }
});

test("every UTC offset is honoured, hour by hour around the start", () => {
  for (let hours = -12; hours <= 14; hours += 1) {
    const sign = hours < 0 ? "-" : "+", hh = String(Math.abs(hours)).padStart(2, "0");
    const start = `2026-11-28T08:00:00${sign}${hh}:00`, utc = Date.UTC(2026, 10, 28, 8 - hours);
    assert.equal(isActive(start, "", utc - 1), false, start);
    assert.equal(isActive(start, "", utc), true, start);
  }
});

test("a time without its offset, or no time at all, never shows anything", () => {
  for (const bad of ["2026-11-28T08:00:00", "2026-11-28", "demain", "", null, 42, {}, "2026-13-45T08:00:00+01:00"]) {
    assert.equal(moment(bad), null, String(bad));
    assert.equal(isActive(bad, "", at("2027-01-01T00:00:00Z")), false, String(bad));
  }
  assert.equal(isActive(START, "2026-12-03T18:00:00", at("2026-11-30T00:00:00Z")), false);  // an end unreadable: off
});

test("activeIncidents keeps the incidents on at that time and skips malformed ones", () => {
  const list = [incident(), incident({ id: "later", start: "2026-12-10T00:00:00Z", end: "" }), null, "x",
    incident({ id: 3 }), Object.assign(Object.create({ id: "proto" }), { start: START })];
  assert.deepEqual(activeIncidents(list, at("2026-11-30T12:00:00Z")).map((i) => i.id), ["retraits-ewallet-lents"]);
  assert.deepEqual(activeIncidents(list, at("2026-12-11T12:00:00Z")).map((i) => i.id), ["later"]);
  assert.deepEqual(activeIncidents(undefined, 0), []);
  assert.deepEqual(activeIncidents({ length: 1, 0: incident() }, at("2026-11-30T12:00:00Z")), []);
});
