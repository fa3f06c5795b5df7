import assert from "node:assert/strict";
import { test } from "node:test";

import { attachmentShown, requestText, ticketText } from "../../overrides/assets/javascripts/kb/ticket-text.js";
import { flowData } from "./fixture.js";

const TODAY = "2026-11-24";
const HEADINGS = ["DESCRIPTION", "CHECKED", "ATTACHED"];

function text(values, said = [], attachments = []) {
  const data = flowData();
  return ticketText(data, data.nodes.email, values, said, attachments, TODAY);
}

test("the subject's segments take the valid values and go whole when a value is missing or refused", () => {
  assert.equal(text({ date: "2026-11-20", montant: "50" }).subject, "Retrait du 20/11/2026 (50\u00a0€)");
  assert.equal(text({ date: "2030-01-01", montant: "" }).subject, "Retrait");
  assert.equal(text({ montant: "50" }).subject, "Retrait (50\u00a0€)");
  assert.equal(text({ date: "2026-11-20", montant: "douze" }).subject, "Retrait du 20/11/2026");
});

test("a subject never shows a template's mark nor a password, whatever is missing (every segment shape)", () => {
  const data = flowData();
  data.fields.note = { label: "Note", type: "text", role: null, sensitive: false };
  data.nodes.email.ticket.fields.push("note");
  const subjects = ["Retrait[ du {date}][ ({montant})]", "Question[ du {date}][ : {note}]",
    "Retrait en attente[ depuis le {date}][ ({methode})]", "Accès soupçonné[ le {date}][ vers {note}] : demande",
    "Code[ {note}] refusé[ le {date}]", "Contestation[ du {date}][ : {methode}][ (ticket {note})]"];
  const states = { date: [undefined, "", "2030-01-01", "15/11/2026", "2026-11-02"], montant: [undefined, "douze", "250,50"],
    methode: [undefined, "", "Virement"], note: [undefined, "   ", "mot de passe : hunter22", "Ligne un\nligne deux", "T-42"] };
  let count = 0;
  for (const subject of subjects) {
    data.nodes.email.ticket.subject = subject;
    for (const date of states.date) for (const montant of states.montant) for (const methode of states.methode) {
      for (const note of states.note) {
        const values = Object.fromEntries(Object.entries({ date, montant, methode, note }).filter(([, v]) => v !== undefined));
        const got = ticketText(data, data.nodes.email, values, [], [], TODAY).subject;
        const where = JSON.stringify([subject, values, got]);
        assert.doesNotMatch(got, /[[\]{}]|undefined|null|hunter22|\n/, where);
        assert.doesNotMatch(got, / {2}| [,.):]$|^ | $|\(\s*\)/, where);
        assert.ok(got.startsWith(subject.split("[")[0]), where);  // the words outside the segments stay
        if (date === "2026-11-02") assert.match(got, /02\/11\/2026/, where);
        if (note === "T-42" && subject.includes("{note}")) assert.match(got, /T-42/, where);
        count += 1;
      }
    }
  }
  assert.equal(count, subjects.length * 5 * 3 * 3 * 5);
});

test("the body: greeting, request, facts, description, what was checked, attachments, earlier ticket, sign-off", () => {
  const body = text({ email: "a@b.fr", date: "2026-11-20", methode: "Virement", description: "Bloqué depuis lundi",
    etapes: "Relancé\nAttendu", ticket: "T-42" }, ["SAID Virement"], [{ label: "Relevé", checked: true }, { label: "RIB", checked: false }]).body;
  assert.deepEqual(body.split("\n"), ["HELLO", "",
    "Mon retrait par virement du 20/11/2026 est en attente\u00a0; je demande son traitement.", "",
    "E-mail: a@b.fr", "Date: 20/11/2026", "Méthode: Virement", "",
    "DESCRIPTION", "Bloqué depuis lundi", "",
    "CHECKED", "- SAID Virement", "- Relancé", "- Attendu", "",
    "ATTACHED", "- Relevé", "",
    "EARLIER T-42", "",
    "THANKS"]);
});

test("a request segment goes whole when a value inside is missing or refused, and only then", () => {
  const request = (values) => text(values).body.split("\n")[2];
  assert.equal(request({}), "Mon retrait est en attente\u00a0; je demande son traitement.");
  assert.equal(request({ montant: "250", date: "2030-01-01" }), "Mon retrait (250\u00a0€) est en attente\u00a0; je demande son traitement.");
  assert.equal(request({ methode: "Carte bancaire", date: "2026-11-15", montant: "abc" }),
    "Mon retrait par carte bancaire du 15/11/2026 est en attente\u00a0; je demande son traitement.");
});

test("a segment with two placeholders needs both; names keep their capitals", () => {
  const data = flowData();
  const value = (map) => (id) => (id in map ? map[id] : null);
  assert.equal(requestText(data, "Code[ {a} pour {b}] refusé.", value({ a: "X" })), "Code refusé.");
  assert.equal(requestText(data, "Code[ {a} pour {b}] refusé.", value({ a: "X", b: "Y" })), "Code X pour Y refusé.");
  const body = (methode) => {
    data.fields.methode.options = [methode];
    return ticketText(data, data.nodes.email, { methode }, [], [], TODAY).body.split("\n")[2];
  };
  assert.match(body("KYC validé"), /par KYC validé/);
  assert.match(body("3D Secure"), /par 3D Secure/);
  assert.match(body("E-wallet"), /par e-wallet/);
});

// every field in each of its states (missing, refused, valid), with and without
// sentences and ticks: the text never shows a template's mark and never a heading alone
const STATES = {
  email: [undefined, "pas une adresse", "joueur@exemple.fr"],
  date: [undefined, "2030-01-01", "2026-11-02"],
  montant: [undefined, "douze", "250,50"],
  methode: [undefined, "", "Virement"],
  description: [undefined, "mot de passe : hunter22", "Le retrait est bloqué.\nDepuis lundi."],
  etapes: [undefined, "   ", "Cache vidé\n\nAutre navigateur"],
  ticket: [undefined, "", "T-42"],
};

function* combinations(ids, at = 0, values = {}) {
  if (at === ids.length) {
    yield values;
    return;
  }
  for (const v of STATES[ids[at]]) yield* combinations(ids, at + 1, v === undefined ? values : { ...values, [ids[at]]: v });
}

test("whatever is filled in: no template mark, no lone heading, the request first after the greeting", () => {
  let count = 0;
  for (const values of combinations(Object.keys(STATES))) {
    for (const [said, ticks] of [[[], []], [["SAID x", null, ""], [{ label: "Relevé", checked: true }]], [["SAID y"], [{ label: "Relevé", checked: false }]]]) {
      const { subject, body } = text(values, said, ticks);
      const lines = body.split("\n");
      const where = JSON.stringify([values, said, ticks]);
      assert.doesNotMatch(body, /[[\]{}]|undefined|null|hunter22/, where);
      assert.doesNotMatch(subject, /undefined|null|hunter22|[[\]{}]/, where);
      assert.match(subject, /^Retrait/, where);
      assert.deepEqual(lines.slice(0, 2), ["HELLO", ""], where);
      assert.match(lines[2], /^Mon retrait/, where);
      assert.equal(lines[3], "", where);
      assert.equal(lines.at(-1), "THANKS", where);
      assert.doesNotMatch(body, /\n\n\n/, where);
      assert.ok(lines.every((l) => l === l.trim()), where);
      lines.forEach((line, i) => {
        if (HEADINGS.includes(line) || /:$/.test(line)) assert.ok(lines[i + 1], where + " heading alone: " + line);
      });
      const earlier = lines.findIndex((l) => l.startsWith("EARLIER"));
      if (earlier >= 0) assert.equal(earlier, lines.length - 3, where);
      count += 1;
    }
  }
  assert.equal(count, 3 ** 7 * 3);
});

test("invalid values and passwords stay out of the request", () => {
  const { subject, body } = text({ email: "pas une adresse", description: "mot de passe : secret123" });
  assert.doesNotMatch(body, /pas une adresse|secret123/);
  assert.doesNotMatch(subject, /secret123/);
});

test("card numbers are masked in the subject, the request and the body", () => {
  const data = flowData();
  data.nodes.email.ticket.subject = "Carte[ {description}]";
  data.nodes.email.ticket.request = "Ma carte[ {description}] est refusée.";
  data.fields.description.role = null;
  const t = ticketText(data, data.nodes.email, { description: "4111 1111 1111 1111" }, [], [], TODAY);
  assert.doesNotMatch(t.subject + t.body, /4111 1111 1111 1111/);
  assert.match(t.subject, /1111$/);
  assert.match(t.body.split("\n")[2], /^Ma carte \S.*1111 est refusée\.$/);
});

test("the field roles come from the data, not from field ids", () => {
  const data = flowData();
  data.fields.description.role = "steps";
  data.fields.etapes.role = "free-text";
  const body = ticketText(data, data.nodes.email, { description: "A", etapes: "B" }, [], [], TODAY).body.split("\n");
  assert.deepEqual(body.slice(4, -2), ["DESCRIPTION", "B", "", "CHECKED", "- A"]);
});

test("an attachment with `when` is asked for only while a field holds one of its values", () => {
  const rib = { label: "RIB", when: { methode: ["Virement"] } };
  assert.equal(attachmentShown({ label: "Relevé", when: null }, {}), true);
  assert.equal(attachmentShown(rib, { methode: "Virement" }), true);
  assert.equal(attachmentShown(rib, { methode: " Virement " }), true);
  for (const methode of [undefined, "", "Carte bancaire", "virement"]) assert.equal(attachmentShown(rib, { methode }), false, methode);
  const both = { label: "X", when: { methode: ["Virement", "Carte bancaire"], date: "2026-11-02" } };
  assert.equal(attachmentShown(both, { methode: "Carte bancaire", date: "2026-11-02" }), true);
  assert.equal(attachmentShown(both, { methode: "Carte bancaire" }), false);
  assert.equal(attachmentShown({ label: "Y", when: { constructor: ["x"] } }, {}), false);  // own properties only
});

test("the same input gives the same text (a pure function)", () => {
  const values = { email: "a@b.fr", date: "2026-11-20" };
  assert.deepEqual(text(values, ["SAID x"]), text(values, ["SAID x"]));
});

test("what the player typed is written as typed: never filled in again, never tidied", () => {
  const data = flowData();
  const value = (map) => (id) => (id in map ? map[id] : null);
  // typed text that looks like a placeholder, spaces, brackets and punctuation the tidying would touch
  const typed = ["CODE{a}(  )X {inconnu} Y", "{b}", "a  ,  b", "( )", " x .", "[ {a} ]", "\uE0000\uE001"];
  for (const t of typed) {
    for (const template of ["Code[ {a}] refusé.", "Code[ {a} pour {b}] refusé.", "[{a} ]ok"]) {
      const out = requestText(data, template, value({ a: t, b: "SECRET-B" }));
      assert.ok(out.includes(t), JSON.stringify([template, t, out]));
      if (!template.includes("{b}")) assert.ok(!out.includes("SECRET-B"), out);
    }
  }
});
