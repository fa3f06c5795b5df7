/* Known incidents (trees/_incidents.yml): which are on at a given time. Pure:
   the build writes every incident not yet over into the page, hidden, with
   its window; the browser's clock decides, so a page built before an incident
   ended never shows it afterwards, and one scheduled ahead appears at its start. */

import { own } from "./util.js";

/* The time `text` names (ISO 8601 with its UTC offset), in ms, or null. */
export function moment(text) {
  if (typeof text !== "string" || !/(Z|[+-]\d\d:\d\d)$/.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : ms;
}

/* Whether [start, end) holds `nowMs`; no end (or an empty one): until removed. */
export function isActive(start, end, nowMs) {
  const from = moment(start);
  if (from === null || !(nowMs >= from)) return false;
  if (end === null || end === undefined || end === "") return true;
  const to = moment(end);
  return to !== null && nowMs < to;
}

/* The incidents of `list` on at `nowMs` (anything malformed left out). */
export function activeIncidents(list, nowMs) {
  return (Array.isArray(list) ? list : []).filter((incident) =>
    incident !== null && typeof incident === "object" && typeof own(incident, "id") === "string" &&
    isActive(own(incident, "start"), own(incident, "end"), nowMs));
}
