// What a page loads beyond main.js (kb/needs.js): only the modules for what
// the build wrote in it. A page with no flow, incident or feedback form loads
// none; each addition brings its own module, and nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";

import { pageNeeds } from "../../overrides/assets/javascripts/kb/needs.js";
import { flowData } from "./fixture.js";

const NONE = { incidents: false, feedback: false };
const mediation = { kind: "mediation", complaint_required: true, complaint_wait_days: 30 };
const incident = { id: "panne", start: "2027-01-01T00:00:00+01:00", end: "", title: "Panne", text: "..." };

test("a page without flow, incident box or feedback form needs nothing", () => {
  assert.deepEqual(pageNeeds([], NONE), []);
});

test("each thing the build wrote brings its module only", () => {
  assert.deepEqual(pageNeeds([], { incidents: true, feedback: false }), ["incidents"]);
  assert.deepEqual(pageNeeds([], { incidents: false, feedback: true }), ["feedback"]);
  assert.deepEqual(pageNeeds([flowData()], NONE), ["flow"]);
});

test("a flow an incident affects needs the incidents' module for its outcome notes", () => {
  assert.deepEqual(pageNeeds([Object.assign(flowData(), { incidents: [incident] })], NONE), ["flow", "incidents"]);
  assert.deepEqual(pageNeeds([Object.assign(flowData(), { incidents: [] })], NONE), ["flow"]);
});

test("the complaint ladder's module only for a flow with a request form and a mediation channel", () => {
  const withMediation = Object.assign(flowData(), { channels: { mediation } });
  assert.deepEqual(pageNeeds([withMediation], NONE), ["flow", "referral"]);
  // no request form: the ladder has nowhere to go
  const noTicket = Object.assign(withMediation, { nodes: { fini: flowData().nodes.fini } });
  assert.deepEqual(pageNeeds([noTicket], NONE), ["flow"]);
  // two flows on a page: one with mediation is enough
  assert.deepEqual(pageNeeds([flowData(), Object.assign(flowData(), { channels: { mediation } })], NONE), ["flow", "referral"]);
});

test("data that is not what the build writes needs nothing more", () => {
  for (const odd of [{ incidents: "x", channels: null, nodes: null }, { incidents: {}, channels: [1], nodes: [null] }, {}]) {
    assert.deepEqual(pageNeeds([odd], NONE), ["flow"]);
  }
});
