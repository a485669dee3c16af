import assert from "node:assert/strict";
import { test } from "node:test";
import { diffInventory, fromInventory, inventorySize, toInventory } from "../../../src/apply/inventory.ts";
import type { ObjectRef } from "../../../src/apply/objects.ts";

const dep = (name: string, namespace = "web"): ObjectRef => ({ group: "apps", version: "v1", kind: "Deployment", namespace, name });
const cm = (name: string, namespace = "web"): ObjectRef => ({ group: "", version: "v1", kind: "ConfigMap", namespace, name });
const ns = (name: string): ObjectRef => ({ group: "", version: "v1", kind: "Namespace", name });

test("compact inventory is grouped by GVK, sorted, and deterministic", () => {
  const a = toInventory([dep("ui"), cm("b"), ns("web"), dep("api"), cm("a", "other")]);
  const b = toInventory([cm("a", "other"), dep("api"), ns("web"), cm("b"), dep("ui")]);
  assert.deepEqual(a, b);
  assert.equal(
    JSON.stringify(a),
    '{"v":1,"entries":[{"g":"","v":"v1","k":"ConfigMap","o":["other/a","web/b"]},{"g":"","v":"v1","k":"Namespace","o":["web"]},{"g":"apps","v":"v1","k":"Deployment","o":["web/api","web/ui"]}]}',
  );
  assert.equal(inventorySize(a), 5);
});

test("compact inventory round-trips (cluster-scoped without namespace) and drops duplicates", () => {
  const refs = [ns("web"), dep("api"), dep("api"), cm("x")];
  const back = fromInventory(JSON.parse(JSON.stringify(toInventory(refs))));
  assert.deepEqual(back.sort((x, y) => x.kind.localeCompare(y.kind)), [cm("x"), dep("api"), ns("web")]);
  assert.equal(Object.hasOwn(back.find((r) => r.kind === "Namespace") ?? {}, "namespace"), false);
});

test("compact inventory stays small for hundreds of objects", () => {
  const refs = Array.from({ length: 300 }, (_, i) => cm(`config-${String(i)}`));
  const json = JSON.stringify(toInventory(refs));
  assert.ok(json.length < 300 * 20, `${String(json.length)} bytes`);
});

test("fromInventory rejects malformed status", () => {
  assert.throws(() => fromInventory({ v: 2, entries: [] }), /unsupported format/);
  assert.throws(() => fromInventory({ v: 1, entries: [{ g: "", v: "v1", k: "ConfigMap", o: [""] }] }), /malformed object/);
});

test("diff: removed, added, kept by identity; a version change is the same object", () => {
  const prev = [dep("api"), cm("a"), ns("web")];
  const next = [{ ...dep("api"), version: "v2" }, cm("b"), ns("web")];
  const d = diffInventory(prev, next);
  assert.deepEqual(d.removed, [cm("a")]);
  assert.deepEqual(d.added, [cm("b")]);
  assert.deepEqual(d.kept, [{ ...dep("api"), version: "v2" }, ns("web")]);
});

test("diff: same name in another namespace is another object", () => {
  const d = diffInventory([cm("a", "x")], [cm("a", "y")]);
  assert.deepEqual(d.removed, [cm("a", "x")]);
  assert.deepEqual(d.added, [cm("a", "y")]);
});
