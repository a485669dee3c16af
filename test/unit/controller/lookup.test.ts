import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_PASSES, renderWithLookups } from "../../../src/controller/lookup.ts";
import type { LookupResolver } from "../../../src/render/index.ts";

const objects: Record<string, Map<string, unknown>> = {
  '["v1","ConfigMap","ns","a"]': new Map<string, unknown>([["data", new Map([["next", "b"]])]]),
  '["v1","ConfigMap","ns","b"]': new Map<string, unknown>([["data", new Map([["value", "found"]])]]),
};
function fetcher(log: string[]) {
  return (apiVersion: string, kind: string, namespace: string, name: string): Promise<Map<string, unknown>> => {
    const k = JSON.stringify([apiVersion, kind, namespace, name]);
    log.push(k);
    return Promise.resolve(objects[k] ?? new Map<string, unknown>());
  };
}
const get = (m: Map<string, unknown>, ...path: string[]): unknown => path.reduce<unknown>((v, p) => (v instanceof Map ? v.get(p) : undefined), m);

test("a render without lookups runs once", async () => {
  const log: string[] = [];
  const r = await renderWithLookups(() => "plain", fetcher(log));
  assert.deepEqual(r, { result: "plain", passes: 1, lookups: 0 });
  assert.deepEqual(log, []);
});

test("chained lookups take one pass each and end with the live answers; each object is fetched once", async () => {
  const log: string[] = [];
  const render = (lookup: LookupResolver): string => {
    const next = get(lookup("v1", "ConfigMap", "ns", "a"), "data", "next");
    if (typeof next !== "string") return "first pass";
    return String(get(lookup("v1", "ConfigMap", "ns", next), "data", "value"));
  };
  const r = await renderWithLookups(render, fetcher(log));
  assert.equal(r.result, "found");
  assert.equal(r.passes, 3);
  assert.equal(log.length, 2);
});

test("an absent object answers an empty map and is not fetched again", async () => {
  const log: string[] = [];
  const r = await renderWithLookups((lookup) => lookup("v1", "Secret", "ns", "missing").size, fetcher(log));
  assert.deepEqual(r, { result: 0, passes: 2, lookups: 1 });
  assert.equal(log.length, 1);
});

test("a failure caused by a not-yet-fetched lookup is retried with the answer", async () => {
  const r = await renderWithLookups((lookup) => {
    const v = get(lookup("v1", "ConfigMap", "ns", "b"), "data", "value");
    if (v === undefined) throw new Error("required value missing");
    return v;
  }, fetcher([]));
  assert.equal(r.result, "found");
});

test("a genuine template error is thrown as is", async () => {
  await assert.rejects(renderWithLookups(() => { throw new Error("boom"); }, fetcher([])), /^Error: boom$/);
});

test("a chart that keeps asking for new objects stops after MAX_PASSES", async () => {
  let n = 0;
  await assert.rejects(renderWithLookups((lookup) => lookup("v1", "ConfigMap", "ns", `n${String(n++)}`), fetcher([])), new RegExp(`after ${String(MAX_PASSES)} render passes`));
});
