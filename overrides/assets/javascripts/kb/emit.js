/* The page's sender of beacons (beacon.js says what one holds): without an
   endpoint (KB_FEEDBACK_ENDPOINT), nothing is sent and beacon.js is never
   loaded; with one, it is loaded on the first beacon and hands each to `send`. */

import { chrome } from "./dom.js";
import { own } from "./util.js";

let sender = null;

/* The fields of a flow's beacon when it shows `nodeId`: after an answer taken
   on `from`, or first shown (`from` undefined). */
export function flowFields(data, nodeId, from) {
  const node = own(data.nodes, nodeId), outcome = Boolean(node) && node.type === "outcome";
  return { event: outcome ? "outcome" : "step", tree: data.id, node: nodeId, from, channel: outcome ? node.channel : undefined };
}

/* `fields` with the page's path, to the endpoint the build announced (<meta
   name="kb-feedback-endpoint"> in <head>, where no content goes), unless the page is
   sensitive (a quick exit in it, or `sensitive` from the flow's data); true if it goes. */
export function emit(fields, sensitive) {
  const meta = document.head.querySelector('meta[name="kb-feedback-endpoint"]');
  if (!meta) return false;
  // what the page is now: the beacon leaves once beacon.js is there
  const page = location.pathname, options = {
    endpoint: meta.getAttribute("content"),
    sensitive: sensitive === true || chrome("a[data-kb-quick-exit]") !== null,
    fetch: typeof window.fetch === "function" ? window.fetch.bind(window) : null
  };
  if (options.sensitive) return false;
  sender = sender || import("./beacon.js");
  sender.then((b) => b.send(Object.assign({}, fields, { page }), options)).catch((error) => console.error(error));
  return true;
}
