// The golden messages (tests/content/test_golden_messages.py): reads the JSON
// file named on the command line, {trees: {tree id: browser data}, cases: [{name, tree, node, values, said}], today}
// and writes {name: "Objet : …\n\nbody"}, each the text the player copies
// (ticket-form.js « Copier la demande »), every attachment asked for ticked.
import { readFileSync } from "node:fs";
import process from "node:process";

import { attachmentShown, ticketText } from "../../overrides/assets/javascripts/kb/ticket-text.js";
import { say } from "../../overrides/assets/javascripts/kb/util.js";

const input = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const out = {};
for (const c of input.cases) {
  const data = input.trees[c.tree], node = data.nodes[c.node];
  const attachments = node.ticket.attachments.filter((item) => attachmentShown(item, c.values))
    .map((item) => ({ label: item.label, checked: true }));
  const t = ticketText(data, node, c.values, c.said, attachments, input.today);
  out[c.name] = say(data.strings, "ticket_subject_line", { subject: t.subject }) + "\n\n" + t.body + "\n";
}
process.stdout.write(JSON.stringify(out));
