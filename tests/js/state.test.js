import assert from "node:assert/strict";
import { test } from "node:test";

import { anchorNode, answered, formatHash, legacyIds, nodeAnchor, parseHash, readStored, replay, writeStored } from "../../overrides/assets/javascripts/kb/state.js";
import { flowData } from "./fixture.js";

test("the hash holds answer ids per flow", () => {
  const hash = parseHash("#retrait=virement/bloque&autre=x");
  assert.deepEqual(hash.paths.retrait, { ids: ["virement", "bloque"] });
  assert.deepEqual(hash.paths.autre, { ids: ["x"] });
  assert.equal(hash.anchor, null);
  assert.equal(formatHash([["retrait", ["virement", "bloque"]], ["autre", []]]), "retrait=virement/bloque&autre=");
});

test("old index links are read as indexes, a hash without '=' as an anchor", () => {
  assert.deepEqual(parseHash("#p=0.1").paths.p, { indexes: [0, 1] });
  assert.deepEqual(parseHash("#retrait=1").paths.retrait, { indexes: [1] });
  assert.deepEqual(parseHash("#retrait--delai"), { paths: Object.create(null), anchor: "retrait--delai" });
});

test("hostile hashes name no flow", () => {
  assert.equal(Object.keys(parseHash("#constructor=0&__proto__=x&Retrait=a").paths).length, 1);  // only "constructor" fits the key pattern
  assert.equal(parseHash("#" + "a".repeat(3000)).anchor, "");
  assert.equal(parseHash("#retrait=" + "a/".repeat(900)).paths.retrait.ids.length, 500);
});

test("replay follows the answers by id, whatever their order in the tree", () => {
  const data = flowData();
  const at = replay(data, ["virement", "bloque"]);
  assert.deepEqual([at.node, at.valid, at.ids], ["email", 2, ["virement", "bloque"]]);
  assert.equal(at.sets.methode, "Virement");
  assert.deepEqual(at.trail, ["SAID Virement", "SAID Toujours bloqué"]);
  assert.deepEqual(replay(data, ["carte", "bloque"]).trail, ["SAID Toujours bloqué"]);  // an answer that says nothing adds nothing
  data.nodes.methode.answers.reverse();
  data.nodes.methode.answers.splice(1, 0, { id: "crypto", label: "Crypto", set: {}, target: { tree: "retrait", node: "fini" }, trail: "" });
  assert.equal(replay(data, ["virement", "bloque"]).node, "email");
});

test("replay stops at the last valid node on a step that no longer exists", () => {
  const data = flowData();
  for (const [ids, node, valid] of [[["virement", "disparu", "bloque"], "delai", 1], [["nope"], "methode", 0],
    [["kyc"], "methode", 0], [["virement", "bloque", "encore"], "email", 2], [["Virement"], "methode", 0],
    [["constructor"], "methode", 0]]) {
    const at = replay(data, ids);
    assert.deepEqual([at.node, at.valid], [node, valid], ids.join("/"));
  }
});

test("old indexes map onto ids while the order is the recorded one", () => {
  const data = flowData();
  assert.deepEqual(legacyIds(data, [1, 1]), ["virement", "bloque"]);
  // an index that fits no answer: the replay stops before it, as for a vanished step
  for (const indexes of [[7], [1, 9, 0], [2]]) {  // [2]: an answer into another tree is not a step of this flow
    const at = replay(data, legacyIds(data, indexes));
    assert.equal(at.valid, indexes.length === 3 ? 1 : 0, indexes.join("."));
    assert.ok(at.valid < legacyIds(data, indexes).length);
  }
  data.legacy = false;
  assert.equal(legacyIds(data, [1, 1]), null);
});

test("a path entered by an anchor starts at its node and invents no answer", () => {
  const data = flowData();
  const at = replay(data, ["--email"]);
  assert.deepEqual([at.node, at.valid, Object.keys(at.sets), at.trail], ["email", 1, [], []]);
  const on = replay(data, ["--delai", "bloque"]);
  assert.deepEqual([on.node, on.valid, on.trail, answered(on.ids)], ["email", 2, ["SAID Toujours bloqué"], ["bloque"]]);
  assert.equal(on.sets.methode, undefined);
  // an entry that names no node, or not first: a step no answer has
  for (const ids of [["--nope"], ["--constructor"], ["virement", "--email"], ["--"]]) {
    assert.ok(replay(data, ids).valid < ids.length, ids.join("/"));
  }
  assert.deepEqual(answered(["virement", "bloque"]), ["virement", "bloque"]);
});

test("the anchors a flow takes", () => {
  const data = flowData();
  assert.equal(anchorNode(data, "retrait--email"), "email");
  assert.equal(anchorNode(data, "email"), "email");
  assert.equal(anchorNode(data, "autre--email"), null);
  assert.equal(anchorNode(data, "retrait--constructor"), null);
});

test("storage keeps ids and refuses what is not its own", () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  writeStored(storage, "retrait", { path: ["virement", "bloque"], values: { email: "a@b.fr" } });
  const kept = readStored(storage, "retrait");
  assert.deepEqual(kept.path, ["virement", "bloque"]);
  assert.equal(kept.values.email, "a@b.fr");
  store.set("kb-flow:autre", JSON.stringify({ tree: "retrait", path: ["x"] }));
  assert.equal(readStored(storage, "autre"), null);
  store.set("kb-flow:bad", "{not json");
  assert.equal(readStored(storage, "bad"), null);
  assert.equal(readStored(null, "retrait"), null);
  assert.doesNotThrow(() => writeStored({ setItem() { throw new Error("quota"); } }, "retrait", {}));
});

test("a sensitive flow's address: the node's anchor, which anchorNode reads back, and no answer", () => {
  const data = { id: "jeu-responsable", nodes: { besoin: {}, contact: {} } };
  for (const node of Object.keys(data.nodes)) {
    const anchor = nodeAnchor(data, node);
    assert.equal(anchorNode(data, anchor), node);
    assert.ok(!/[=/&]/.test(anchor), anchor);
  }
  assert.equal(nodeAnchor({ ...data, anchor_prefix: "jr--" }, "contact"), "jr--contact");
});
