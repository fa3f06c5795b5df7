/* Beacons: what a page tells the deployment's KB_FEEDBACK_ENDPOINT (README,
   « Signaux de mesure et `python -m kb_tools stats` »), and nothing else. One JSON object per
   request, with only these fields:
     event    "step" | "outcome" | "feedback"
     page     the path of the page (never its query or its hash)
     tree     node   ids (slugs): step and outcome, feedback on a flow's outcome
     from     the node the answer was taken on (step, outcome; not on a first showing)
     channel  the outcome's channel id (outcome)
     helpful  true | false (feedback)
   Never anything typed, no identifier, no cookie, no time, no referrer.

   `beacon` and `send` are pure (node-tested in tests/js/beacon.test.js);
   emit.js is the page's sender: it reads the endpoint, the page's path and
   whether the page is sensitive, and loads this module only where an
   endpoint is set, to hand them to `send`. */

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SLUG = 60;
const MAX_PAGE = 1000;
// a path as browsers give it: percent-encoded, no space, quote or control character (nor "//", a host)
const PATH = /^\/(?!\/)[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

const slug = (value) => typeof value === "string" && value.length <= MAX_SLUG && SLUG.test(value);

/* The page's path alone: what comes before any "?" or "#"; null if it is no path. */
export function pagePath(value) {
  if (typeof value !== "string") return null;
  const path = value.split(/[?#]/, 1)[0];
  return path.length <= MAX_PAGE && PATH.test(path) ? path : null;
}

/* The beacon for `fields`, checked and in the order of the format, or null
   when it is not one: an unknown event, a field the event does not take or
   lacks, an id that is no slug, a page that is no path. Fields that are
   undefined count as absent; anything else not in the format refuses it. */
export function beacon(fields) {
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) return null;
  const given = Object.keys(fields).filter((k) => fields[k] !== undefined);
  const has = (k) => given.includes(k);
  const event = fields.event, page = pagePath(fields.page);
  if (page === null) return null;
  const out = { event, page };
  let allowed;
  if (event === "step" || event === "outcome") {
    allowed = event === "outcome" ? ["event", "page", "tree", "node", "from", "channel"] : ["event", "page", "tree", "node", "from"];
    if (!slug(fields.tree) || !slug(fields.node)) return null;
    out.tree = fields.tree;
    out.node = fields.node;
    if (has("from")) {
      if (!slug(fields.from)) return null;
      out.from = fields.from;
    }
    if (has("channel")) {
      if (!slug(fields.channel)) return null;
      out.channel = fields.channel;
    }
  } else if (event === "feedback") {
    allowed = ["event", "page", "tree", "node", "helpful"];
    if (typeof fields.helpful !== "boolean" || has("tree") !== has("node")) return null;
    if (has("tree")) {
      if (!slug(fields.tree) || !slug(fields.node)) return null;
      out.tree = fields.tree;
      out.node = fields.node;
    }
    out.helpful = fields.helpful;
  } else {
    return null;
  }
  return given.every((k) => allowed.includes(k)) ? out : null;
}

/* The request's options: no cookie, no referrer, no cache, and it outlives the page. */
export function requestOptions(body) {
  return { method: "POST", body, keepalive: true, credentials: "omit", mode: "no-cors", referrerPolicy: "no-referrer",
    cache: "no-store" };
}

/* Send `fields` as a beacon with `fetch` to `endpoint`; true if a request was
   made. Nothing without an endpoint, on a sensitive page, or for fields
   that are no beacon. A failed request is dropped: a beacon never stops the page. */
export function send(fields, { endpoint, sensitive, fetch }) {
  if (!endpoint || typeof endpoint !== "string" || sensitive || typeof fetch !== "function") return false;
  const checked = beacon(fields);
  if (!checked) return false;
  try {
    Promise.resolve(fetch(endpoint, requestOptions(JSON.stringify(checked)))).catch(() => {});
  } catch {
    return false;
  }
  return true;
}
