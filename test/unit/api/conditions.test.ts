import assert from "node:assert/strict";
import { test } from "node:test";
import { getCondition, isReady, markFailed, markReady, markReconciling, markStalled, READY, Reasons, RECONCILING, setCondition, STALLED } from "../../../src/api/conditions.ts";
import type { HelmReleaseStatus } from "../../../src/api/types.ts";

const t0 = new Date("2025-01-01T00:00:00.123Z");
const t1 = new Date("2025-01-01T00:05:00Z");
const t2 = new Date("2025-01-01T00:10:00Z");

function types(s: HelmReleaseStatus): string[] {
  return (s.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();
}

test("setCondition keeps lastTransitionTime while the status is unchanged", () => {
  const a = setCondition([], { type: READY, status: "False", reason: "ApplyFailed", message: "first" }, t0);
  assert.equal(a[0]?.lastTransitionTime, "2025-01-01T00:00:00Z", "second precision");
  const b = setCondition(a, { type: READY, status: "False", reason: "RenderFailed", message: "second", observedGeneration: 2 }, t1);
  assert.equal(b[0]?.lastTransitionTime, "2025-01-01T00:00:00Z");
  assert.equal(b[0].reason, "RenderFailed");
  assert.equal(b[0].message, "second");
  assert.equal(b[0].observedGeneration, 2);
  const c = setCondition(b, { type: READY, status: "True", reason: "Succeeded", message: "ok" }, t2);
  assert.equal(c[0]?.lastTransitionTime, "2025-01-01T00:10:00Z");
  assert.equal(a.length, 1);
  assert.equal(a[0].message, "first", "input not modified");
  assert.throws(() => setCondition([], { type: READY, status: "True", reason: "not camel", message: "" }), /CamelCase/);
});

test("a reconcile walks Reconciling -> Ready following kstatus", () => {
  let s: HelmReleaseStatus = {};
  s = markReconciling(s, 1, Reasons.Progressing, "Installing chart 1.0.0", t0);
  assert.deepEqual(types(s), ["Ready=Unknown", "Reconciling=True"]);
  assert.equal(s.observedGeneration, 1);
  assert.equal(isReady(s, 1), false);

  s = markReady(s, 1, "Release reconciled at 1.0.0", Reasons.Succeeded, t1);
  assert.deepEqual(types(s), ["Ready=True"]);
  assert.equal(getCondition(s.conditions, READY)?.lastTransitionTime, "2025-01-01T00:05:00Z");
  assert.equal(isReady(s, 1), true);
  assert.equal(isReady(s, 2), false, "a newer generation is not Ready yet");

  // Ready again for the same generation: no transition.
  s = markReady(s, 1, "still fine", Reasons.Succeeded, t2);
  assert.equal(getCondition(s.conditions, READY)?.lastTransitionTime, "2025-01-01T00:05:00Z");
});

test("failures retry with Reconciling=True, then stall with RetriesExceeded", () => {
  let s: HelmReleaseStatus = markReady({}, 1, "ok", Reasons.Succeeded, t0);
  s = markFailed(s, 2, Reasons.ChartPullFailed, "registry unreachable", t1);
  assert.deepEqual(types(s), ["Ready=False", "Reconciling=True"]);
  assert.equal(getCondition(s.conditions, RECONCILING)?.reason, "ProgressingWithRetry");
  assert.equal(getCondition(s.conditions, READY)?.reason, "ChartPullFailed");
  assert.equal(getCondition(s.conditions, READY)?.lastTransitionTime, "2025-01-01T00:05:00Z");

  s = markStalled(s, 2, Reasons.RetriesExceeded, "gave up after 5 retries: registry unreachable", t2);
  assert.deepEqual(types(s), ["Ready=False", "Stalled=True"]);
  assert.equal(getCondition(s.conditions, READY)?.lastTransitionTime, "2025-01-01T00:05:00Z", "Ready stayed False");
  assert.equal(getCondition(s.conditions, STALLED)?.observedGeneration, 2);

  s = markReconciling(s, 3, Reasons.Progressing, "spec changed", t2);
  assert.deepEqual(types(s), ["Ready=Unknown", "Reconciling=True"], "a new generation clears Stalled");
});

test("other status fields are kept", () => {
  const s = markReady({ lastAppliedRevision: { version: "1.0.0", digest: "sha256:x" }, history: [] }, 4, "ok");
  assert.deepEqual(s.lastAppliedRevision, { version: "1.0.0", digest: "sha256:x" });
  assert.deepEqual(s.history, []);
  assert.equal(s.observedGeneration, 4);
});
