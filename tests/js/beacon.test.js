// The beacon format (overrides/assets/javascripts/kb/beacon.js, README « Balises et
// statistiques »): only the allowed fields leave the page, ids are slugs, the page
// is a path without its query or hash, and nothing is sent without an endpoint
// or from a sensitive page. Inputs are generated (a seeded generator: the same
// cases on every run) and mixed with hostile values.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as pause } from "node:timers/promises";

import { beacon, pagePath, requestOptions, send } from "../../overrides/assets/javascripts/kb/beacon.js";

const ALLOWED = {
  step: ["event", "page", "tree", "node", "from"],
  outcome: ["event", "page", "tree", "node", "from", "channel"],
  feedback: ["event", "page", "tree", "node", "helpful"]
};
const ORDER = ["event", "page", "tree", "node", "from", "channel", "helpful"];

// a small seeded generator (mulberry32)
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

function slugOf(rnd) {
  const parts = [];
  for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n; i += 1) {
    let part = "";
    for (let j = 0, m = 1 + Math.floor(rnd() * 8); j < m; j += 1) part += pick(rnd, "abcdefghijklmnopqrstuvwxyz0123456789".split(""));
    parts.push(part);
  }
  return parts.join("-");
}

function pathOf(rnd) {
  const segments = [];
  for (let i = 0, n = Math.floor(rnd() * 3); i < n; i += 1) segments.push(pick(rnd, [slugOf(rnd), "%C3%A9t%C3%A9", "a.b", "x_y"]));
  return "/" + segments.map((s) => s + "/").join("");
}

// what a page may add after its path: a query, a hash, both, with what a player could put there
const TAILS = ["", "?", "#", "?q=mot+de+passe", "#retrait=carte/delai", "?email=nom%40exemple.fr#x", "?a=1&b=2#c?d", "#?x"];

/* A valid beacon's fields, of the given event. */
function validFields(rnd, event) {
  const fields = { event, page: pathOf(rnd) };
  if (event === "feedback") {
    fields.helpful = rnd() < 0.5;
    if (rnd() < 0.5) Object.assign(fields, { tree: slugOf(rnd), node: slugOf(rnd) });
    return fields;
  }
  Object.assign(fields, { tree: slugOf(rnd), node: slugOf(rnd) });
  if (rnd() < 0.6) fields.from = slugOf(rnd);
  if (event === "outcome" && rnd() < 0.8) fields.channel = slugOf(rnd);
  return fields;
}

function* generated(seed, count) {
  const rnd = random(seed);
  for (let i = 0; i < count; i += 1) yield { rnd, fields: validFields(rnd, pick(rnd, Object.keys(ALLOWED))) };
}

// values no id may take: not slugs, too long, not strings
const HOSTILE = ["", " ", "A", "Retrait", "a_b", "a--b", "-a", "a-", "a b", "é", "a/b", "a.b", "<script>", "javascript:alert(1)",
  "__proto__", "a".repeat(61), "a\n", "\u0000", "x\u202e", 0, 1, true, null, [], {}, ["a"], { toString: () => "a" }];
// fields outside the format: what typed text, an identifier, a time or a referrer would be sent as
const EXTRA = ["email", "value", "values", "text", "id", "user", "session", "time", "timestamp", "ts", "referrer", "referer", "cookie",
  "hash", "query", "url", "fields", "label", "constructor", "toString", "__proto__"];

test("a valid beacon keeps its fields, in the format's order, and only those", () => {
  for (const { fields } of generated(1, 2000)) {
    const out = beacon(fields);
    assert.ok(out, JSON.stringify(fields));
    assert.deepEqual(out, fields);
    const keys = Object.keys(out);
    assert.ok(keys.every((k) => ALLOWED[out.event].includes(k)), keys.join());
    assert.deepEqual(keys, ORDER.filter((k) => keys.includes(k)));
    assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
  }
});

test("the page is its path alone: the query and the hash never leave", () => {
  const rnd = random(2);
  for (const { fields } of generated(3, 500)) {
    const tail = pick(rnd, TAILS);
    const out = beacon(Object.assign({}, fields, { page: fields.page + tail }));
    assert.equal(out.page, fields.page);
    assert.doesNotMatch(JSON.stringify(out), /[?#]|%40|passe|email/);
  }
  for (const bad of ["", "relative/path", "https://aide.example/x/", "//evil.example/", "/a b/", '/a"b/', "/a<b/", "/a\nb", "/\u00e9/",
    "/" + "a".repeat(1000), null, 3, ["/"], { toString: () => "/" }]) {
    assert.equal(pagePath(bad), null, JSON.stringify(bad));
    assert.equal(beacon({ event: "feedback", page: bad, helpful: true }), null, JSON.stringify(bad));
  }
});

test("a field outside the format refuses the beacon, whatever its value", () => {
  const rnd = random(4);
  for (const { fields } of generated(5, 500)) {
    for (const name of EXTRA) {
      const tainted = JSON.parse(JSON.stringify(fields));
      Object.defineProperty(tainted, name, { value: pick(rnd, ["a", "nom@exemple.fr", 1, true, "x".repeat(10)]), enumerable: true });
      assert.equal(beacon(tainted), null, name);
    }
  }
  // JSON's "__proto__" is an own key
  assert.equal(beacon(JSON.parse('{"event":"feedback","page":"/","helpful":true,"__proto__":{"email":"a@b.fr"}}')), null);
});

test("a field of another event refuses the beacon", () => {
  for (const { fields } of generated(6, 1000)) {
    const others = ORDER.filter((k) => !ALLOWED[fields.event].includes(k));
    for (const name of others) {
      const value = name === "helpful" ? true : "autre";
      assert.equal(beacon(Object.assign({}, fields, { [name]: value })), null, `${fields.event} with ${name}`);
    }
  }
});

test("every id is a slug; every value of the wrong kind refuses the beacon", () => {
  for (const { fields } of generated(7, 300)) {
    const ids = ["tree", "node", "from", "channel"].filter((k) => k in fields);
    for (const name of ids) {
      for (const bad of HOSTILE) assert.equal(beacon(Object.assign({}, fields, { [name]: bad })), null, `${name}=${String(bad)}`);
    }
    for (const bad of ["step ", "Step", "click", "", null, 1, "__proto__"]) {
      assert.equal(beacon(Object.assign({}, fields, { event: bad })), null, String(bad));
    }
    if (fields.event === "feedback") {
      for (const bad of ["true", "oui", 1, 0, null, [], {}]) assert.equal(beacon(Object.assign({}, fields, { helpful: bad })), null);
      // a tree without its node (or the reverse) says nothing
      assert.equal(beacon(Object.assign({}, fields, { tree: "retrait", node: undefined })), null);
      assert.equal(beacon(Object.assign({}, fields, { tree: undefined, node: "attendre" })), null);
    } else {
      assert.equal(beacon(Object.assign({}, fields, { tree: undefined })), null);
      assert.equal(beacon(Object.assign({}, fields, { node: undefined })), null);
    }
  }
  for (const bad of [null, undefined, "x", 1, [], [["event", "feedback"]]]) assert.equal(beacon(bad), null);
});

test("the contract's examples are beacons, unchanged", () => {
  const examples = [
    '{"event":"step","page":"/parcours/depot-non-credite/","tree":"depot-non-credite","node":"methode"}',
    '{"event":"step","page":"/parcours/depot-non-credite/","tree":"depot-non-credite","node":"delai","from":"methode"}',
    '{"event":"outcome","page":"/parcours/depot-non-credite/","tree":"depot-non-credite","node":"contact-chat","from":"delai","channel":"chat"}',
    '{"event":"feedback","page":"/parcours/depot-non-credite/","tree":"depot-non-credite","node":"attendre","helpful":true}',
    '{"event":"feedback","page":"/canaux-de-contact/","helpful":false}'
  ];
  for (const line of examples) assert.equal(JSON.stringify(beacon(JSON.parse(line))), line);
});

/* A fetch that records its calls. */
function recorder(result) {
  const calls = [];
  const fetch = (url, options) => {
    calls.push({ url, options });
    if (result instanceof Error) throw result;
    return result;
  };
  return { calls, fetch };
}

test("send: one request, without cookie, referrer or cache, whose body is the checked beacon", () => {
  for (const { fields } of generated(8, 300)) {
    const { calls, fetch } = recorder(Promise.resolve({}));
    assert.equal(send(Object.assign({}, fields, { page: fields.page + "?x=1#y" }), { endpoint: "https://b.example/r?s=1", fetch }), true);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, "https://b.example/r?s=1");
    const { body, ...options } = calls[0].options;
    assert.deepEqual(options, { method: "POST", keepalive: true, credentials: "omit", mode: "no-cors", referrerPolicy: "no-referrer",
      cache: "no-store" });
    assert.equal(typeof body, "string");
    assert.deepEqual(JSON.parse(body), beacon(fields));
    assert.deepEqual(requestOptions(body), calls[0].options);
  }
});

test("send: no endpoint, a sensitive page or no beacon: no request at all", () => {
  for (const { fields } of generated(9, 200)) {
    for (const endpoint of [undefined, null, "", 0, false]) {
      const { calls, fetch } = recorder(Promise.resolve({}));
      assert.equal(send(fields, { endpoint, fetch }), false);
      assert.equal(calls.length, 0);
    }
    const { calls, fetch } = recorder(Promise.resolve({}));
    assert.equal(send(fields, { endpoint: "https://b.example/", sensitive: true, fetch }), false);
    assert.equal(send(Object.assign({}, fields, { email: "nom@exemple.fr" }), { endpoint: "https://b.example/", fetch }), false);
    assert.equal(send(fields, { endpoint: "https://b.example/", fetch: null }), false);
    assert.equal(calls.length, 0);
  }
});

test("send: a failed request never reaches the page", async () => {
  const fields = { event: "feedback", page: "/", helpful: true };
  let unhandled = 0;
  const count = () => { unhandled += 1; };
  process.on("unhandledRejection", count);
  try {
    assert.equal(send(fields, { endpoint: "https://b.example/", fetch: recorder(new Error("offline")).fetch }), false);
    assert.equal(send(fields, { endpoint: "https://b.example/", fetch: recorder(Promise.reject(new Error("blocked"))).fetch }), true);
    await pause(20);
  } finally {
    process.off("unhandledRejection", count);
  }
  assert.equal(unhandled, 0);
});
