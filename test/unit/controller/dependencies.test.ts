import assert from "node:assert/strict";
import { test } from "node:test";
import type { HelmRelease } from "../../../src/api/index.ts";
import { checkDependencies, Dependents } from "../../../src/controller/dependencies.ts";

const ready = { observedGeneration: 1, conditions: [{ type: "Ready", status: "True" as const, observedGeneration: 1, lastTransitionTime: "2026-11-21T00:00:00Z", reason: "Succeeded", message: "ok" }] };
function hr(name: string, dependsOn: string[], status?: object, namespace = "ns"): HelmRelease {
  return {
    apiVersion: "bosun.dev/v1alpha1",
    kind: "HelmRelease",
    metadata: { name, namespace, generation: 1 },
    spec: { chart: { repository: "oci://r/c", version: "1" }, dependsOn: dependsOn.map((d) => (d.includes("/") ? { namespace: d.split("/")[0] ?? "", name: d.split("/")[1] ?? "" } : { name: d })) },
    ...(status ? { status } : {}),
  };
}
function getter(all: HelmRelease[]) {
  return (ns: string, name: string): Promise<HelmRelease | undefined> => Promise.resolve(all.find((h) => h.metadata.namespace === ns && h.metadata.name === name));
}

test("ready only when every dependency is Ready for its generation", async () => {
  const a = hr("a", [], ready);
  const b = hr("b", [], { ...ready, observedGeneration: 0 });
  assert.deepEqual(await checkDependencies(hr("x", ["a"]), getter([a])), { state: "ready" });
  const w = await checkDependencies(hr("x", ["a", "b"]), getter([a, b]));
  assert.ok(w.state === "waiting" && w.message.startsWith("waiting for HelmRelease ns/b to be Ready"), JSON.stringify(w));
  assert.deepEqual(await checkDependencies(hr("x", ["other/a"]), getter([a])), { state: "waiting", message: "waiting for HelmRelease other/a: not found" });
});

test("a cycle through the release is found, however long; a cycle elsewhere is not this release's", async () => {
  const all = [hr("a", ["b"]), hr("b", ["c"]), hr("c", ["a"]), hr("d", ["e"]), hr("e", ["d"]), hr("f", ["d"])];
  assert.deepEqual(await checkDependencies(all[0] as HelmRelease, getter(all)), { state: "cycle", cycle: ["ns/a", "ns/b", "ns/c", "ns/a"] });
  const f = await checkDependencies(all[5] as HelmRelease, getter(all));
  assert.equal(f.state, "waiting", "f waits on d, which is stuck in its own cycle");
});

test("Dependents follows spec changes", () => {
  const d = new Dependents();
  d.set(hr("b", ["a"]));
  d.set(hr("c", ["a", "other/z"]));
  assert.deepEqual(d.of("ns/a").sort(), ["ns/b", "ns/c"]);
  assert.deepEqual(d.of("other/z"), ["ns/c"]);
  d.set(hr("c", []));
  assert.deepEqual(d.of("ns/a"), ["ns/b"]);
  d.delete(hr("b", []));
  assert.deepEqual(d.of("ns/a"), []);
});
