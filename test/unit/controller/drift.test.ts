// Drift bookkeeping: self-heal's backoff arithmetic, what counts as a fight,
// and which watch reports become suspects (not bosun's own writes, not
// objects it did not apply, not what a sync in progress writes).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AppliedObject, KubeObject, ObjectRef } from "../../../src/apply/index.ts";
import { decodeApplied, encodeApplied, appliedSecretName } from "../../../src/controller/applied-store.ts";
import { DriftTracker, FIGHT_WINDOW_MS, planSelfHeal, selfHealDelay } from "../../../src/controller/drift.ts";
import { fingerprint } from "../../../src/controller/object-watches.ts";

const cmRef: ObjectRef = { group: "", version: "v1", kind: "ConfigMap", namespace: "ns", name: "a" };
const depRef: ObjectRef = { group: "apps", version: "v1", kind: "Deployment", namespace: "ns", name: "web" };
const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } };
const dep: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } };

function appliedObj(obj: KubeObject, uid: string, rv: string): AppliedObject {
  return { desired: { ...obj, metadata: { ...obj.metadata, namespace: "ns" } }, live: { ...obj, metadata: { ...obj.metadata, namespace: "ns", uid, resourceVersion: rv } }, mapping: { group: "", version: "v1", resource: "x", kind: obj.kind, namespaced: true }, replaced: false };
}

test("selfHealDelay is Argo CD's 2s × 3ⁿ capped at 5 minutes", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 20].map(selfHealDelay), [0, 2000, 6000, 18000, 54000, 162000, 300000, 300000, 300000]);
});

test("planSelfHeal: the first heal and a drift outside the fight window are immediate; inside it the backoff applies", () => {
  assert.deepEqual(planSelfHeal(undefined, 100, 100), { healNow: true, at: 100, heals: 0 });
  const fight = { heals: 2, lastHealAt: 10_000 };
  // Seen 1 s after the last heal: a fight; the next heal waits 6 s after the last one.
  assert.deepEqual(planSelfHeal(fight, 11_000, 11_500), { healNow: false, at: 16_000, heals: 2 });
  assert.deepEqual(planSelfHeal(fight, 11_000, 16_000), { healNow: true, at: 16_000, heals: 2 });
  // Seen after the window: a new edit, healed at once and counted from zero.
  assert.deepEqual(planSelfHeal(fight, 10_000 + FIGHT_WINDOW_MS, 10_000 + FIGHT_WINDOW_MS), { healNow: true, at: 10_000 + FIGHT_WINDOW_MS, heals: 0 });
});

test("DriftTracker: own writes, unknown objects and unknown releases are no suspects", () => {
  const t = new DriftTracker();
  const tracked: (string | undefined)[] = [];
  t.onTrack = (_r, refs) => tracked.push(refs?.map((r) => r.name).join(","));
  assert.equal(t.note("ns/r", cmRef, { deleted: false }, 1), false, "release unknown");
  t.setApplied("ns/r", { objects: [cm, dep], refs: [cmRef, depRef], targetNamespace: "ns" }, [appliedObj(cm, "u1", "5")]);
  assert.deepEqual(tracked, ["a,web"]);
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "5", deleted: false }, 1), false, "bosun's own write");
  assert.equal(t.note("ns/r", { ...cmRef, name: "other" }, { deleted: false }, 1), false, "not applied by bosun");
  assert.equal(t.hasSuspects("ns/r"), false);
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "6", deleted: false }, 1), true);
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "5", deleted: true }, 1), true, "a deletion is always a suspect");
  assert.deepEqual(t.takeSuspects("ns/r"), [cmRef]);
  assert.deepEqual(t.takeSuspects("ns/r"), [], "taken once");
  assert.equal(t.desired("ns/r", depRef), dep);
  t.forget("ns/r");
  assert.deepEqual(tracked, ["a,web", undefined]);
  assert.equal(t.has("ns/r"), false);
});

test("DriftTracker: reports during a sync wait for its outcome; drifted objects are re-checked until healed", () => {
  const t = new DriftTracker();
  t.setApplied("ns/r", { objects: [cm, dep], refs: [cmRef, depRef], targetNamespace: "ns" }, []);
  t.beginSync("ns/r");
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "9", deleted: false }, 1), false);
  assert.equal(t.note("ns/r", depRef, { uid: "u2", resourceVersion: "7", deleted: false }, 1), false);
  // The sync wrote cm at 9 (its own write) and dep at 8; dep's 7 is someone else's.
  t.setApplied("ns/r", { objects: [cm, dep], refs: [cmRef, depRef], targetNamespace: "ns" }, [appliedObj(cm, "u1", "9"), appliedObj(dep, "u2", "8")]);
  assert.deepEqual(t.takeSuspects("ns/r"), [depRef]);

  t.setDrifted("ns/r", [depRef], [{ ref: depRef, paths: ["/spec/replicas"], missing: false }]);
  assert.deepEqual(t.takeSuspects("ns/r"), [depRef], "still drifted: checked again");
  const plan = t.plan("ns/r", depRef, 1000);
  assert.equal(plan.healNow, true);
  t.healed("ns/r", [{ ref: depRef, plan }], 1000, [appliedObj(dep, "u2", "10")]);
  assert.deepEqual(t.takeSuspects("ns/r"), []);
  // Changed back 500 ms after the heal: a fight, the next heal waits 2 s.
  assert.equal(t.note("ns/r", depRef, { uid: "u2", resourceVersion: "11", deleted: false }, 1500), true);
  assert.deepEqual(t.plan("ns/r", depRef, 1600), { healNow: false, at: 3000, heals: 1 });
  // Another object is not in that fight.
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "12", deleted: false }, 1500), true);
  assert.equal(t.plan("ns/r", cmRef, 1600).healNow, true);

  t.beginSync("ns/r");
  t.endSync("ns/r");
  assert.equal(t.note("ns/r", cmRef, { uid: "u1", resourceVersion: "13", deleted: false }, 2000), true, "a failed sync stops deferring");
});

test("DriftTracker.restore checks every object once", () => {
  const t = new DriftTracker();
  t.restore("ns/r", { objects: [cm, dep], refs: [cmRef, depRef], targetNamespace: "ns" });
  assert.deepEqual(t.takeSuspects("ns/r").map((r) => r.name).sort(), ["a", "web"]);
});

test("fingerprint ignores status and bookkeeping metadata, and sees content, labels and annotations", () => {
  const base = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "ns", uid: "u", resourceVersion: "1", labels: { x: "1" }, annotations: { "bosun.dev/owner-name": "r", "bosun.dev/owner-namespace": "ns" }, managedFields: [{ manager: "a" }] }, data: { k: "v" } };
  const f = fingerprint(base).fingerprint;
  assert.equal(fingerprint({ ...base, status: { ready: true }, metadata: { ...base.metadata, resourceVersion: "2", managedFields: [], generation: 3 } }).fingerprint, f);
  assert.notEqual(fingerprint({ ...base, data: { k: "w" } }).fingerprint, f);
  assert.notEqual(fingerprint({ ...base, metadata: { ...base.metadata, labels: {} } }).fingerprint, f);
  assert.deepEqual(fingerprint(base).metadata, { name: "a", namespace: "ns", uid: "u", resourceVersion: "1", annotations: { "bosun.dev/owner-namespace": "ns", "bosun.dev/owner-name": "r" } });
  assert.equal(JSON.stringify(fingerprint(base)).includes('"v"'), false, "no content is stored");
});

test("applied state round-trips; damaged or foreign data is refused", () => {
  const state = { objects: [cm, dep], refs: [cmRef, depRef], targetNamespace: "ns" };
  const { data } = encodeApplied(state, 4);
  assert.deepEqual(decodeApplied(data), { state, releaseRevision: 4 });
  assert.equal(decodeApplied("not base64 gzip"), undefined);
  assert.equal(decodeApplied(Buffer.from("{}").toString("base64")), undefined);
  const { data: other } = encodeApplied({ ...state, refs: [cmRef] }, 1);
  assert.equal(decodeApplied(other), undefined, "refs and objects must pair up");
  assert.equal(appliedSecretName("web"), "bosun-applied.web");
  const long = appliedSecretName("x".repeat(253));
  assert.ok(long.length <= 253 && long !== appliedSecretName(`${"x".repeat(252)}y`));
});
