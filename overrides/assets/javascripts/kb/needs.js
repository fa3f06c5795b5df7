/* Which of the optional modules a page needs, from what the build wrote in
   it (pure, tests/js/needs.test.js); main.js loads only those:
   - "flow" (flow.js and what it imports): a guided flow;
   - "incidents" (incident-view.js): an incident box, or a flow an incident affects (its outcome notes);
   - "referral" (referral.js, mediation.js): a flow with a request form and a mediation channel
     (the complaint ladder under the complaint's date);
   - "feedback" (page-feedback.js): the article's « Cette page vous a-t-elle aidé ? ».
   `flows`: the data of the page's flows; `page`: {incidents, feedback} (whether the page holds them). */

const some = (list, test) => Array.isArray(list) && list.some(test);
const values = (map) => (map && typeof map === "object" ? Object.values(map) : []);

export function pageNeeds(flows, page) {
  const needs = [];
  if (flows.length) needs.push("flow");
  if (page.incidents || flows.some((data) => some(data.incidents, Boolean))) needs.push("incidents");
  if (flows.some((data) => some(values(data.channels), (c) => c && c.kind === "mediation") &&
    some(values(data.nodes), (n) => n && n.type === "outcome" && Boolean(n.ticket)))) needs.push("referral");
  if (page.feedback) needs.push("feedback");
  return needs;
}
