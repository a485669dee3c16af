// The controller as a process: `bosun run` killed (SIGKILL) in the middle of
// a reconcile and restarted converges with no orphaned objects; two
// controllers with leader election → one leader, and the standby takes over.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { kubectl, eventually, testEnv, uniqueName } from "../env/testenv.ts";
import {
  apply,
  applyCrd,
  condition,
  createNamespace,
  deleteNamespace,
  describeRelease,
  getRelease,
  labelledObjects,
  pushChart,
  releaseYaml,
  spawnBosunRun,
  startController,
} from "./controller-harness.ts";

const ns = uniqueName("ha");
let repo: string;

// `count` ConfigMaps, and a Deployment that can never become Available
// while `block` is set (its pods select no node), which holds the reconcile
// in its health wait.
const chart = {
  name: "many",
  version: "1.0.0",
  values: "count: 3\nblock: false\n",
  templates: {
    "cms.yaml": `{{- range $i := until (int .Values.count) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: item-{{ $i }}
data:
  i: "{{ $i }}"
{{- end }}
`,
    "deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gate
spec:
  replicas: 1
  selector: { matchLabels: { app: gate } }
  template:
    metadata: { labels: { app: gate } }
    spec:
      {{- if .Values.block }}
      nodeSelector: { bosun.dev/no-such-node: "true" }
      {{- end }}
      containers: [{ name: c, image: example.invalid/c:1 }]
`,
  },
};

before(async () => {
  await applyCrd();
  await createNamespace(ns);
  repo = `oci://${testEnv().registry}/${uniqueName("ha")}`;
  await pushChart(repo, chart);
});

after(async () => {
  await deleteNamespace(ns);
});

test("killed mid-reconcile and restarted: converges with no orphaned objects", async (t) => {
  const first = spawnBosunRun("ha-first", ["--namespaces", ns]);
  try {
    const r = await apply(
      releaseYaml(ns, "big", {
        chart: { repository: `${repo}/many`, version: "1.0.0", plainHTTP: true },
        values: { count: 120, block: true },
        timeout: "10m",
        syncPolicy: { automated: { prune: true } },
      }),
    );
    assert.equal(r.code, 0, r.stderr);
    // Kill as soon as the first objects exist: the apply is under way (or, at
    // the latest, the reconcile waits for the gate that never opens).
    await eventually("the first objects applied", async () => ((await labelledObjects(ns, "big", "configmaps")).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      describe: () => describeRelease(ns, "big"),
    });
  } finally {
    first.child.kill("SIGKILL");
    await first.exited;
  }
  const killedAt = await getRelease(ns, "big");
  assert.notEqual(condition(killedAt, "Ready")?.status, "True", "the reconcile was not in progress when killed");
  const beforeRestart = await labelledObjects(ns, "big", "configmaps,deployments");
  t.diagnostic(`objects present when killed: ${String(beforeRestart.length)}`);

  // While no controller runs, the chart's output shrinks: 30 ConfigMaps, gate open.
  const patched = await kubectl(["patch", "helmrelease", "big", "-n", ns, "--type=merge", "-p", JSON.stringify({ spec: { values: { count: 30, block: false } } })]);
  assert.equal(patched.code, 0, patched.stderr);

  const second = spawnBosunRun("ha-second", ["--namespaces", ns]);
  try {
    const hr = await eventually("Ready after the restart", async () => {
      const x = await getRelease(ns, "big");
      return condition(x, "Ready")?.status === "True" && x?.status?.observedGeneration === 2 ? x : undefined;
    }, { timeoutMs: 120_000, describe: () => describeRelease(ns, "big") });
    const expected = [...Array.from({ length: 30 }, (_, i) => `ConfigMap/${ns}/item-${String(i)}`), `Deployment/${ns}/gate`].sort();
    // Everything labelled for the release is exactly what the chart renders
    // now and what the inventory lists: nothing applied before the kill is left.
    const inventory = (hr.status?.inventory?.entries ?? []).flatMap((e) => e.o.map((o) => `${e.k}/${o}`)).sort();
    assert.deepEqual(inventory, expected);
    await eventually("pruned objects gone", async () => {
      const live = await labelledObjects(ns, "big", "configmaps,deployments");
      return JSON.stringify(live) === JSON.stringify(expected) ? true : undefined;
    }, { timeoutMs: 60_000, describe: async () => (await labelledObjects(ns, "big", "configmaps,deployments")).join(" ") });
  } finally {
    second.child.kill("SIGTERM");
    const code = await second.exited;
    assert.equal(code, 0, "SIGTERM is a clean shutdown");
  }
});

test("two controllers: one leader reconciles; when it stops, the standby takes over", async (t) => {
  const lease = { namespace: ns, name: "bosun-leader", leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 300 };
  const a = await startController({ name: "ha-a", namespaces: [ns], leaderElection: lease, identity: "ha-a" });
  const b = await startController({ name: "ha-b", namespaces: [ns], leaderElection: lease, identity: "ha-b" });
  try {
    const leader = await eventually("a leader", () => Promise.resolve(a.controller.isLeader() ? a : b.controller.isLeader() ? b : undefined), { timeoutMs: 30_000 });
    const standby = leader === a ? b : a;
    for (let i = 0; i < 5; i++) {
      assert.equal(a.controller.isLeader() !== b.controller.isLeader(), true, "exactly one leads");
      await new Promise((r) => setTimeout(r, 200));
    }
    const r1 = await apply(releaseYaml(ns, "led-1", { chart: { repository: `${repo}/many`, version: "1.0.0", plainHTTP: true } }));
    assert.equal(r1.code, 0, r1.stderr);
    await eventually("led-1 Ready", async () => (condition(await getRelease(ns, "led-1"), "Ready")?.status === "True" ? true : undefined), { timeoutMs: 60_000 });
    const holder = await kubectl(["get", "lease", "-n", ns, "bosun-leader", "-o", "jsonpath={.spec.holderIdentity}"]);
    assert.equal(holder.stdout, leader.controller.identity);
    const standbyReconciles = (await standby.controller.metrics.registry.getSingleMetricAsString("bosun_reconcile_total")).match(/\} ([0-9]+)/g)?.map((m) => Number(m.slice(2))).reduce((x, y) => x + y, 0);
    assert.equal(standbyReconciles, 0, "the standby reconciled nothing");

    const stoppedAt = Date.now();
    await leader.stop();
    await eventually("the standby leads", () => Promise.resolve(standby.controller.isLeader() ? true : undefined), { timeoutMs: 30_000 });
    t.diagnostic(`takeover after a graceful stop: ${String(Date.now() - stoppedAt)} ms`);
    const r2 = await apply(releaseYaml(ns, "led-2", { chart: { repository: `${repo}/many`, version: "1.0.0", plainHTTP: true } }));
    assert.equal(r2.code, 0, r2.stderr);
    await eventually("led-2 Ready under the new leader", async () => (condition(await getRelease(ns, "led-2"), "Ready")?.status === "True" ? true : undefined), { timeoutMs: 60_000 });
  } finally {
    await a.stop();
    await b.stop();
  }
});

test("label-selector sharding: a controller reconciles only the releases its selector matches", async () => {
  const shard = await startController({ name: "ha-shard", namespaces: [ns], labelSelector: "bosun.dev/shard=a" });
  try {
    const spec = { chart: { repository: `${repo}/many`, version: "1.0.0", plainHTTP: true } };
    const docs = [
      JSON.stringify({ apiVersion: "bosun.dev/v1alpha1", kind: "HelmRelease", metadata: { name: "shard-a", namespace: ns, labels: { "bosun.dev/shard": "a" } }, spec }),
      JSON.stringify({ apiVersion: "bosun.dev/v1alpha1", kind: "HelmRelease", metadata: { name: "shard-b", namespace: ns, labels: { "bosun.dev/shard": "b" } }, spec }),
    ];
    const r = await apply(docs.join("\n---\n"));
    assert.equal(r.code, 0, r.stderr);
    await eventually("shard-a Ready", async () => (condition(await getRelease(ns, "shard-a"), "Ready")?.status === "True" ? true : undefined), { timeoutMs: 60_000 });
    const b = await getRelease(ns, "shard-b");
    assert.equal(b?.status, undefined, "shard-b belongs to another shard and must not be touched");
    assert.deepEqual(b?.metadata.finalizers, undefined);
  } finally {
    await shard.stop();
    await kubectl(["delete", "helmrelease", "-n", ns, "shard-b", "--wait=false"]);
  }
});
