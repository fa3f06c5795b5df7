/* The attachments of a request form: each item shown while its `when`
   matches the fields as they are now, ticks kept in the session across a reload. */

import { el } from "./dom.js";
import { readTicks, writeTicks } from "./state.js";
import { attachmentShown } from "./ticket-text.js";
import { say } from "./util.js";

export class Attachments {
  /* `key`: the form's own prefix for control ids (two flows on a page never share one). */
  constructor(flow, node, key) {
    this.flow = flow;
    this.node = node;
    this.rows = [];
    this.box = null;
    const items = node.ticket.attachments, strings = flow.data.strings;
    if (!items.length) return;
    const ticked = readTicks(flow.storage, flow.data.id, node.id);
    this.box = el("fieldset", { class: "kb-ticket__attachments" }, [el("legend", { text: say(strings, "attachments_legend") })]);
    this.rows = items.map((raw, i) => {
      const item = typeof raw === "string" ? { label: raw, when: null } : raw;
      const id = "kb-att-" + key + "-" + i;
      const input = el("input", { type: "checkbox", id, name: "attachment-" + i, "data-kb-attachment": item.label });
      input.checked = ticked.includes(item.label);
      const row = el("div", { class: "kb-check" }, [input, el("label", { for: id, text: item.label })]);
      this.box.appendChild(row);
      return { item, input, row };
    });
    this.box.appendChild(el("p", { class: "kb-ticket__hint", text: say(strings, "attachments_hint") }));
  }

  /* Shows the items the current values ask for (the box too: none, none shown);
     keeps the ticks. Returns [{label, checked}] of those shown. */
  show(values) {
    if (!this.box) return [];
    const shown = [];
    for (const { item, input, row } of this.rows) {
      row.hidden = !attachmentShown(item, values);
      if (!row.hidden) shown.push({ label: item.label, checked: input.checked });
    }
    this.box.hidden = !shown.length;
    writeTicks(this.flow.storage, this.flow.data.id, this.node.id,
      this.rows.filter((r) => r.input.checked).map((r) => r.item.label));
    return shown;
  }
}
