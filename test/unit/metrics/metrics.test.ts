// src/metrics: metric names, labels and HELP texts in the exposition, per-release series lifecycle.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Registry } from "prom-client";
import { Metrics } from "../../../src/metrics/index.ts";

/** The exposition lines of one metric family's samples (not its # HELP/# TYPE lines). */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

const FAMILIES = {
  bosun_reconcile_duration_seconds: "histogram",
  bosun_reconcile_total: "counter",
  bosun_release_ready: "gauge",
  bosun_release_info: "gauge",
  bosun_release_retries_total: "counter",
  bosun_pruned_objects_total: "counter",
  bosun_oci_pull_duration_seconds: "histogram",
  bosun_render_duration_seconds: "histogram",
  bosun_workqueue_depth: "gauge",
  bosun_drift_detected_total: "counter",
} as const;

test("every metric is exposed with its type and a HELP text", async () => {
  const text = await new Metrics({ collectProcess: false }).registry.metrics();
  for (const [name, type] of Object.entries(FAMILIES)) {
    assert.match(text, new RegExp(`^# HELP ${name} \\S.{20,}$`, "m"), name);
    assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, "m"), name);
  }
});

test("recorded values appear with their labels", async () => {
  const m = new Metrics({ collectProcess: false });
  m.reconcileDuration.observe({ result: "success" }, 0.2);
  m.reconcileTotal.inc({ result: "failure" });
  m.releaseReady.set({ namespace: "apps", name: "podinfo" }, 1);
  m.retries.inc({ namespace: "apps", name: "podinfo" });
  m.prunedObjects.inc({ namespace: "apps", name: "podinfo" }, 3);
  m.ociPullDuration.observe({ result: "cached" }, 0.004);
  m.renderDuration.observe({ result: "error" }, 0.3);
  m.queueDepth.set(7);
  m.driftDetected.inc({ namespace: "apps", name: "podinfo" });
  const text = await m.registry.metrics();

  assert.ok(samples(text, "bosun_reconcile_duration_seconds_bucket").includes('bosun_reconcile_duration_seconds_bucket{le="0.25",result="success"} 1'));
  assert.ok(samples(text, "bosun_reconcile_duration_seconds_bucket").includes('bosun_reconcile_duration_seconds_bucket{le="600",result="success"} 1'));
  assert.ok(samples(text, "bosun_reconcile_total").includes('bosun_reconcile_total{result="failure"} 1'));
  assert.deepEqual(samples(text, "bosun_release_ready"), ['bosun_release_ready{namespace="apps",name="podinfo"} 1']);
  assert.deepEqual(samples(text, "bosun_release_retries_total"), ['bosun_release_retries_total{namespace="apps",name="podinfo"} 1']);
  assert.deepEqual(samples(text, "bosun_pruned_objects_total"), ['bosun_pruned_objects_total{namespace="apps",name="podinfo"} 3']);
  assert.ok(samples(text, "bosun_oci_pull_duration_seconds_bucket").includes('bosun_oci_pull_duration_seconds_bucket{le="0.005",result="cached"} 1'));
  assert.ok(samples(text, "bosun_render_duration_seconds_count").includes('bosun_render_duration_seconds_count{result="error"} 1'));
  assert.deepEqual(samples(text, "bosun_workqueue_depth"), ["bosun_workqueue_depth 7"]);
  assert.deepEqual(samples(text, "bosun_drift_detected_total"), ['bosun_drift_detected_total{namespace="apps",name="podinfo"} 1']);
});

test("every result of the fixed-label metrics is exported as 0 before its first event", async () => {
  const text = await new Metrics({ collectProcess: false }).registry.metrics();
  assert.deepEqual(samples(text, "bosun_reconcile_total"), ["success", "unchanged", "failure", "stalled", "skipped", "deleted"].map((r) => `bosun_reconcile_total{result="${r}"} 0`));
  assert.deepEqual(samples(text, "bosun_oci_pull_duration_seconds_count"), ["pulled", "cached", "error"].map((r) => `bosun_oci_pull_duration_seconds_count{result="${r}"} 0`));
  assert.deepEqual(samples(text, "bosun_render_duration_seconds_count"), ["success", "error"].map((r) => `bosun_render_duration_seconds_count{result="${r}"} 0`));
  assert.equal(samples(text, "bosun_reconcile_duration_seconds_count").length, 6);
});

test("setReleaseInfo keeps exactly one info series per release, replacing the old revision's", async () => {
  const m = new Metrics({ collectProcess: false });
  m.setReleaseInfo("apps", "podinfo", { chart: "podinfo", version: "6.5.0", digest: "sha256:aaa" });
  m.setReleaseInfo("apps", "other", { chart: "redis", version: "1.0.0", digest: "sha256:ccc" });
  m.setReleaseInfo("apps", "podinfo", { chart: "podinfo", version: "6.6.0", digest: "sha256:bbb" });
  assert.deepEqual(samples(await m.registry.metrics(), "bosun_release_info").sort(), [
    'bosun_release_info{namespace="apps",name="other",chart="redis",version="1.0.0",digest="sha256:ccc"} 1',
    'bosun_release_info{namespace="apps",name="podinfo",chart="podinfo",version="6.6.0",digest="sha256:bbb"} 1',
  ]);
});

test("forgetRelease removes every series of that release and only that release", async () => {
  const m = new Metrics({ collectProcess: false });
  for (const name of ["gone", "kept"]) {
    const labels = { namespace: "apps", name };
    m.releaseReady.set(labels, 1);
    m.retries.inc(labels);
    m.prunedObjects.inc(labels);
    m.driftDetected.inc(labels);
    m.setReleaseInfo("apps", name, { chart: name, version: "1.0.0", digest: "sha256:abc" });
  }
  m.forgetRelease("apps", "gone");
  const text = await m.registry.metrics();
  assert.doesNotMatch(text, /name="gone"/);
  for (const family of ["bosun_release_ready", "bosun_release_retries_total", "bosun_pruned_objects_total", "bosun_drift_detected_total", "bosun_release_info"]) {
    assert.equal(samples(text, family).length, 1, family);
    assert.match(samples(text, family)[0] ?? "", /name="kept"/, family);
  }
  // Forgetting twice, or a release never seen, is harmless; a re-created release starts afresh.
  m.forgetRelease("apps", "gone");
  m.forgetRelease("apps", "never");
  m.setReleaseInfo("apps", "gone", { chart: "gone", version: "2.0.0", digest: "sha256:def" });
  assert.deepEqual(samples(await m.registry.metrics(), "bosun_release_info").filter((l) => l.includes('name="gone"')), [
    'bosun_release_info{namespace="apps",name="gone",chart="gone",version="2.0.0",digest="sha256:def"} 1',
  ]);
});

test("separate instances have separate registries and do not share values", async () => {
  const a = new Metrics({ collectProcess: false });
  const b = new Metrics({ collectProcess: false });
  assert.notEqual(a.registry, b.registry);
  a.queueDepth.set(3);
  assert.deepEqual(samples(await a.registry.metrics(), "bosun_workqueue_depth"), ["bosun_workqueue_depth 3"]);
  assert.deepEqual(samples(await b.registry.metrics(), "bosun_workqueue_depth"), ["bosun_workqueue_depth 0"]);
});

test("a given registry is used, and registering bosun's metrics twice on it fails", async () => {
  const registry = new Registry();
  const m = new Metrics({ registry, collectProcess: false });
  assert.equal(m.registry, registry);
  assert.match(await registry.metrics(), /^# TYPE bosun_workqueue_depth gauge$/m);
  assert.throws(() => new Metrics({ registry, collectProcess: false }), /already been registered/);
});

test("process metrics use the standard unprefixed names by default", async () => {
  const text = await new Metrics().registry.metrics();
  assert.match(text, /^process_cpu_user_seconds_total \d/m);
  assert.match(text, /^nodejs_heap_size_used_bytes \d/m);
  assert.doesNotMatch(text, /^bosun_process_/m);
});
