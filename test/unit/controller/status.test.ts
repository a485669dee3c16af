import assert from "node:assert/strict";
import { test } from "node:test";
import type { HelmRelease } from "../../../src/api/index.ts";
import { apiVersionsOf } from "../../../src/controller/cluster.ts";
import { needsReconcile } from "../../../src/controller/manager.ts";
import { isStalledFor, retrying, sameInputs, stalled, started, succeeded, type Attempt } from "../../../src/controller/status.ts";

const t0 = new Date("2026-11-21T10:00:00Z");
const t1 = new Date("2026-11-21T10:01:00Z");
const hr = (status = {}): HelmRelease => ({ apiVersion: "bosun.dev/v1alpha1", kind: "HelmRelease", metadata: { name: "a", namespace: "n", generation: 3 }, spec: { chart: { repository: "oci://r/c", version: "1.0.0" } }, status });
const attempt: Attempt = { generation: 3, revision: { version: "1.0.0", digest: `sha256:${"a".repeat(64)}` }, valuesDigest: `sha256:${"b".repeat(64)}`, startedAt: "2026-11-21T10:00:00Z" };
const inventory = { v: 1 as const, entries: [{ g: "", v: "v1", k: "ConfigMap", o: ["n/x"] }] };

test("started: Reconciling=True and Ready=Unknown for the generation, attempted revision recorded", () => {
  const s = started(hr(), attempt, "installing", "req-1", undefined, t0);
  assert.equal(s.observedGeneration, 3);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.observedGeneration]), [["Reconciling", "True", 3], ["Ready", "Unknown", 3]]);
  assert.deepEqual(s.lastAttemptedRevision, attempt.revision);
  assert.equal(s.lastHandledReconcileAt, "req-1");
});

test("succeeded: Ready=True only, Synced/Healthy, history newest first and capped at 10, retry cleared", () => {
  let s = retrying(started(hr(), attempt, "x", undefined, undefined, t0), 3, attempt, { reason: "ApplyFailed", message: "nope" }, 1, t1, t0);
  assert.equal(s.retry?.attempts, 1);
  for (let i = 0; i < 12; i++) s = succeeded(s, attempt, { message: `ok ${String(i)}`, inventory, releaseRevision: i + 1 }, t1);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status]), [["Ready", "True"]]);
  assert.equal(s.retry, undefined);
  assert.equal(s.sync?.status, "Synced");
  assert.equal(s.health?.status, "Healthy");
  assert.equal((s.history ?? []).length, 10);
  assert.equal((s.history ?? [])[0]?.message, "ok 11");
  assert.equal(s.releaseRevision, 12);
  assert.deepEqual(s.lastAppliedRevision, attempt.revision);
});

test("retrying keeps kstatus InProgress (Reconciling=True, Ready=False) and records the next attempt", () => {
  const s = retrying({}, 3, attempt, { reason: "ChartPullFailed", message: "registry down" }, 2, t1, t0);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.reason]), [["Ready", "False", "ChartPullFailed"], ["Reconciling", "True", "ProgressingWithRetry"]]);
  assert.deepEqual(s.retry, { attempts: 2, nextAttemptAt: "2026-11-21T10:01:00Z" });
  assert.equal(s.sync?.status, "OutOfSync");
  assert.equal(s.history?.[0]?.result, "Failed");
});

test("stalled: Stalled=True, no Reconciling, no next attempt", () => {
  const s = stalled({}, 3, attempt, { reason: "RenderFailed", message: "bad" }, 6, t0);
  assert.deepEqual(s.conditions?.map((c) => [c.type, c.status, c.reason]), [["Stalled", "True", "RetriesExceeded"], ["Ready", "False", "RetriesExceeded"]]);
  assert.deepEqual(s.retry, { attempts: 6 });
  assert.ok(isStalledFor(s, "RetriesExceeded"));
  assert.ok(!isStalledFor(s, "InvalidSpec"));
});

test("sameInputs: generation, revision and values digest must all match the newest attempt", () => {
  const s = retrying(started(hr(), attempt, "x", undefined, undefined, t0), 3, attempt, { reason: "ApplyFailed", message: "m" }, 1, t1, t0);
  assert.ok(sameInputs(s, attempt));
  assert.ok(!sameInputs(s, { ...attempt, generation: 4 }));
  assert.ok(!sameInputs(s, { ...attempt, valuesDigest: "sha256:other" }));
  assert.ok(!sameInputs(s, { ...attempt, revision: { digest: "sha256:other" } }));
  assert.ok(!sameInputs(undefined, attempt));
});

test("needsReconcile ignores status-only updates (bosun's own writes)", () => {
  const a = hr();
  assert.equal(needsReconcile(a, { ...a, status: { observedGeneration: 3 } }), false);
  assert.equal(needsReconcile(a, { ...a, metadata: { ...a.metadata, generation: 4 } }), true);
  assert.equal(needsReconcile(a, { ...a, metadata: { ...a.metadata, deletionTimestamp: "2026-11-21T10:00:00Z" } }), true);
  assert.equal(needsReconcile(a, { ...a, metadata: { ...a.metadata, annotations: { "bosun.dev/reconcile-requested-at": "now" } } }), true);
});

test("apiVersionsOf: group-versions and group/version/Kind (subresources too) from aggregated discovery", () => {
  const core = { items: [{ metadata: {}, versions: [{ version: "v1", resources: [{ resource: "pods", responseKind: { kind: "Pod" }, subresources: [{ subresource: "eviction", responseKind: { kind: "Eviction" } }] }] }] }] };
  const groups = { items: [{ metadata: { name: "apps" }, versions: [{ version: "v1", resources: [{ resource: "deployments", responseKind: { kind: "Deployment" } }] }] }] };
  assert.deepEqual(apiVersionsOf(core, true), ["v1", "v1/Pod", "v1/Eviction"]);
  assert.deepEqual(apiVersionsOf(groups, false), ["apps/v1", "apps/v1/Deployment"]);
  assert.deepEqual(apiVersionsOf("garbage", false), []);
});
