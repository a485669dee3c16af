// Drift detection and self-heal against the real cluster: edits, scales and
// deletions of managed objects are reverted at once with selfHeal and only
// reported without it; a chart with randAlphaNum never flaps; Secret values
// never appear in status or Events; a controller that keeps changing an
// object back meets Argo CD's backoff; after a controller restart, drift is
// still measured against what was applied (the stored state), not a render.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eventually, kubectl, testEnv, uniqueName } from "../env/testenv.ts";
import type { HelmRelease } from "../../src/api/index.ts";
import { selfHealDelay } from "../../src/controller/drift.ts";
import { apply, applyCrd, condition, createNamespace, deleteNamespace, describeRelease, getRelease, pushChart, releaseYaml, startController, type RunningController } from "./controller-harness.ts";

const ns = uniqueName("drift");
let repo: string;
let ctl: RunningController;

const templates = {
  "cm.yaml": `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  mode: {{ .Values.mode | quote }}
  level: "3"
`,
  "secret.yaml": `apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-creds
type: Opaque
data:
  password: {{ randAlphaNum 24 | b64enc | quote }}
`,
  "deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }}-web }
  template:
    metadata:
      labels: { app: {{ .Release.Name }}-web }
    spec:
      containers:
        - name: web
          image: example.invalid/web:1
`,
};

before(async () => {
  await applyCrd();
  await createNamespace(ns);
  repo = `oci://${testEnv().registry}/${uniqueName("drift")}`;
  await pushChart(repo, { name: "app", version: "1.0.0", templates, values: "mode: calm\nreplicas: 2\n" });
  ctl = await startController({ name: "controller-drift", namespaces: [ns], probeAddress: "127.0.0.1:0" });
});

after(async () => {
  await ctl.stop();
  await deleteNamespace(ns);
});

async function install(name: string, selfHeal: boolean, extra: Record<string, unknown> = {}): Promise<HelmRelease> {
  const r = await apply(releaseYaml(ns, name, { chart: { repository: `${repo}/app`, version: "1.0.0", plainHTTP: true }, timeout: "2m", syncPolicy: { automated: { selfHeal } }, ...extra }));
  assert.equal(r.code, 0, r.stderr);
  return eventually(`${name} Ready`, async () => {
    const hr = await getRelease(ns, name);
    return condition(hr, "Ready")?.status === "True" && hr?.status?.observedGeneration === 1 ? hr : undefined;
  }, { timeoutMs: 90_000, describe: () => describeRelease(ns, name) });
}

async function get(kind: string, name: string): Promise<Record<string, unknown> & { metadata: { resourceVersion: string; uid: string } }> {
  const r = await kubectl(["get", kind, "-n", ns, name, "-o", "json", "--show-managed-fields"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown> & { metadata: { resourceVersion: string; uid: string } };
}

async function events(name: string): Promise<{ reason: string; note: string }[]> {
  const r = await kubectl(["get", "events.events.k8s.io", "-n", ns, "--field-selector", `regarding.name=${name}`, "-o", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { items: { reason: string; note: string }[] }).items;
}

async function metric(name: string, release: string): Promise<number> {
  const text = await (await fetch(`${ctl.controller.probeUrl() ?? ""}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(`name="${release}"`) && l.includes(`namespace="${ns}"`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

function replicas(d: Record<string, unknown>): unknown {
  return (d["spec"] as { replicas?: number }).replicas;
}

function dataOf(o: Record<string, unknown>): Record<string, string> {
  return o["data"] as Record<string, string>;
}

test("selfHeal reverts a scale, an edit and a deletion; the randAlphaNum Secret never changes", async () => {
  const name = "healed";
  await install(name, true);
  const password = dataOf(await get("secret", `${name}-creds`))["password"];
  assert.ok(password);

  // kubectl scale (the scale subresource, manager "kubectl") → back to 2.
  const scaled = await kubectl(["scale", "deployment", "-n", ns, `${name}-web`, "--replicas=5"]);
  assert.equal(scaled.code, 0, scaled.stderr);
  await eventually("replicas back to 2", async () => (replicas(await get("deployment", `${name}-web`)) === 2 ? true : undefined), { describe: () => describeRelease(ns, name) });

  // An edit of a field bosun owns → reverted; a field bosun does not own → kept.
  const edited = await kubectl(["patch", "configmap", "-n", ns, `${name}-settings`, "--type=merge", "-p", '{"data":{"mode":"hacked","extra":"mine"}}']);
  assert.equal(edited.code, 0, edited.stderr);
  const cm = await eventually("mode back to calm", async () => {
    const c = await get("configmap", `${name}-settings`);
    return dataOf(c)["mode"] === "calm" ? c : undefined;
  }, { describe: () => describeRelease(ns, name) });
  assert.equal(dataOf(cm)["extra"], "mine", "a field bosun never applied is not drift");

  // A deletion → recreated (a new uid) with the value applied before, not a new random one.
  const before = await get("secret", `${name}-creds`);
  const deleted = await kubectl(["delete", "secret", "-n", ns, `${name}-creds`]);
  assert.equal(deleted.code, 0, deleted.stderr);
  await eventually("Secret recreated", async () => {
    const r = await kubectl(["get", "secret", "-n", ns, `${name}-creds`, "-o", "json"]);
    if (r.code !== 0) return undefined;
    const c = JSON.parse(r.stdout) as { metadata: { uid: string }; data: Record<string, string> };
    return c.metadata.uid !== before.metadata.uid ? c : undefined;
  }, { describe: () => describeRelease(ns, name) });
  assert.equal(dataOf(await get("secret", `${name}-creds`))["password"], password, "the recreated Secret has a new random value");

  const hr = await eventually("status Synced after the heals", async () => {
    const h = await getRelease(ns, name);
    return condition(h, "Drifted")?.reason === "SelfHealed" && h?.status?.sync?.status === "Synced" ? h : undefined;
  }, { describe: () => describeRelease(ns, name) });
  assert.equal(condition(hr, "Drifted")?.status, "False");
  assert.equal(condition(hr, "Ready")?.status, "True");
  assert.equal(hr.status?.releaseRevision, 1, "self-heal is not an upgrade");

  const evs = await events(name);
  const detected = evs.filter((e) => e.reason === "DriftDetected").map((e) => e.note).join("\n");
  assert.match(detected, new RegExp(`Deployment ${ns}/${name}-web: /spec/replicas`));
  assert.match(detected, new RegExp(`ConfigMap ${ns}/${name}-settings: /data/mode`));
  assert.match(detected, new RegExp(`Secret ${ns}/${name}-creds: deleted`));
  assert.ok(!evs.some((e) => e.reason === "SelfHealBackoff"), "edits of different objects are no fight");
  assert.ok(evs.some((e) => e.reason === "SelfHealed"), JSON.stringify(evs));
  assert.ok((await metric("bosun_drift_detected_total", name)) >= 3);
  assert.ok((await metric("bosun_drift_corrected_total", name)) >= 3);

  // The randAlphaNum Secret was never re-rendered: requested reconciles and
  // drift checks compare with what was applied.
  for (let i = 0; i < 3; i++) {
    const at = `t${String(i)}-${String(Date.now())}`;
    const r = await kubectl(["annotate", "helmrelease", "-n", ns, name, `bosun.dev/reconcile-requested-at=${at}`, "--overwrite"]);
    assert.equal(r.code, 0, r.stderr);
    await eventually("reconcile handled", async () => ((await getRelease(ns, name))?.status?.lastHandledReconcileAt === at ? true : undefined));
  }
  const after = await getRelease(ns, name);
  assert.equal(after?.status?.sync?.status, "Synced");
  assert.notEqual(condition(after, "Drifted")?.status, "True");

  // bosun.dev/drift: disabled on the live object opts it out: its edit stays. (Checked in order: a later
  // scale of the Deployment is reverted, so the ConfigMap's change was seen and left alone.)
  const optOut = await kubectl(["annotate", "configmap", "-n", ns, `${name}-settings`, "bosun.dev/drift=disabled"]);
  assert.equal(optOut.code, 0, optOut.stderr);
  const edit2 = await kubectl(["patch", "configmap", "-n", ns, `${name}-settings`, "--type=merge", "-p", '{"data":{"mode":"theirs-now"}}']);
  assert.equal(edit2.code, 0, edit2.stderr);
  const healedBefore = await metric("bosun_drift_corrected_total", name);
  const scaled2 = await kubectl(["scale", "deployment", "-n", ns, `${name}-web`, "--replicas=6"]);
  assert.equal(scaled2.code, 0, scaled2.stderr);
  await eventually("the later scale reverted", async () => (replicas(await get("deployment", `${name}-web`)) === 2 && (await metric("bosun_drift_corrected_total", name)) > healedBefore ? true : undefined), { describe: () => describeRelease(ns, name) });
  assert.equal(dataOf(await get("configmap", `${name}-settings`))["mode"], "theirs-now");
});

test("without selfHeal drift is reported (paths, never Secret values) and cleared when reverted by hand", async () => {
  const name = "watched";
  await install(name, false);
  const scaled = await kubectl(["scale", "deployment", "-n", ns, `${name}-web`, "--replicas=4"]);
  assert.equal(scaled.code, 0, scaled.stderr);
  const secretValue = Buffer.from("hunter2-very-secret").toString("base64");
  const edited = await kubectl(["patch", "secret", "-n", ns, `${name}-creds`, "--type=merge", "-p", JSON.stringify({ data: { password: secretValue } })]);
  assert.equal(edited.code, 0, edited.stderr);

  const hr = await eventually("Drifted=True with both objects", async () => {
    const h = await getRelease(ns, name);
    const objects = h?.status?.drift?.objects ?? [];
    return condition(h, "Drifted")?.status === "True" && objects.length === 2 ? h : undefined;
  }, { describe: () => describeRelease(ns, name) });
  assert.equal(hr.status?.sync?.status, "OutOfSync");
  assert.equal(condition(hr, "Drifted")?.reason, "DriftDetected");
  assert.equal(condition(hr, "Ready")?.status, "True", "drifted objects may well be healthy");
  assert.deepEqual(hr.status.drift?.objects?.slice().sort(), [`Deployment ${ns}/${name}-web: /spec/replicas`, `Secret ${ns}/${name}-creds: /data/password`]);
  assert.match(hr.status.drift.detectedAt ?? "", /^\d{4}-\d\d-\d\dT/);
  // Reported only: nothing was reverted.
  assert.equal(replicas(await get("deployment", `${name}-web`)), 4);
  assert.equal(dataOf(await get("secret", `${name}-creds`))["password"], secretValue);

  const everything = JSON.stringify(await getRelease(ns, name)) + JSON.stringify(await events(name));
  assert.ok(!everything.includes(secretValue) && !everything.includes("hunter2"), "the Secret's value is in status or Events");
  assert.ok(everything.includes("/data/password"));

  // Reverted by hand → Drifted=False, Synced.
  const back = await kubectl(["scale", "deployment", "-n", ns, `${name}-web`, "--replicas=2"]);
  assert.equal(back.code, 0, back.stderr);
  const h2 = await eventually("one object left", async () => {
    const h = await getRelease(ns, name);
    return h?.status?.drift?.objects?.length === 1 ? h : undefined;
  }, { describe: () => describeRelease(ns, name) });
  assert.deepEqual(h2.status?.drift?.objects, [`Secret ${ns}/${name}-creds: /data/password`]);
});

test("a writer that keeps changing an object back meets self-heal's backoff (2s × 3ⁿ)", async () => {
  const name = "fought";
  await install(name, true);
  // The "other controller": sets mode=theirs whenever it is not.
  const stop = new AbortController();
  let writes = 0;
  const fighter = (async () => {
    while (!stop.signal.aborted) {
      const r = await kubectl(["get", "configmap", "-n", ns, `${name}-settings`, "-o", "jsonpath={.data.mode}"]);
      if (r.code === 0 && r.stdout !== "theirs") {
        await kubectl(["patch", "configmap", "-n", ns, `${name}-settings`, "--type=merge", "-p", '{"data":{"mode":"theirs"}}']);
        writes++;
      }
      await new Promise((r2) => setTimeout(r2, 100));
    }
  })();
  try {
    const hr = await eventually("self-heal backing off after 3 heals", async () => {
      const h = await getRelease(ns, name);
      const sh = h?.status?.drift?.selfHeal;
      return condition(h, "Drifted")?.reason === "SelfHealBackoff" && (sh?.attempts ?? 0) >= 3 ? h : undefined;
    }, { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
    const sh = hr.status?.drift?.selfHeal;
    assert.ok(sh?.lastAttemptAt !== undefined && sh.nextAttemptAt !== undefined, JSON.stringify(sh));
    // The scheduled gap is the backoff of the heals so far (timestamps have second precision).
    const gap = Date.parse(sh.nextAttemptAt) - Date.parse(sh.lastAttemptAt);
    const want = selfHealDelay(sh.attempts ?? 0);
    assert.ok(Math.abs(gap - want) <= 1000, `gap ${String(gap)} ms, want ${String(want)} ms after ${String(sh.attempts)} heals`);
    assert.match(condition(hr, "Drifted")?.message ?? "", /another writer keeps changing objects back/);
    assert.ok((await events(name)).some((e) => e.reason === "SelfHealBackoff"));
  } finally {
    stop.abort();
    await fighter;
  }
  assert.ok(writes >= 3, `the fighter wrote ${String(writes)} times`);
  // Once the fight stops, the last heal wins.
  await eventually("mode calm again", async () => (dataOf(await get("configmap", `${name}-settings`))["mode"] === "calm" ? true : undefined), { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
});

test("after a controller restart drift is measured against the stored applied objects", async () => {
  const name = "restarted";
  await install(name, true);
  const password = dataOf(await get("secret", `${name}-creds`))["password"];
  const stored = await kubectl(["get", "secret", "-n", ns, `bosun-applied.${name}`, "-o", "json"]);
  assert.equal(stored.code, 0, stored.stderr);
  const secret = JSON.parse(stored.stdout) as { type: string; metadata: { ownerReferences?: { kind: string; name: string }[] } };
  assert.equal(secret.type, "bosun.dev/applied-state");
  assert.deepEqual(secret.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`), [`HelmRelease/${name}`]);

  await ctl.stop();
  ctl = await startController({ name: "controller-drift-2", namespaces: [ns], probeAddress: "127.0.0.1:0" });
  await eventually("the new controller watches Deployments", () => Promise.resolve(ctl.controller.watchedKinds().includes("apps/v1|Deployment") ? true : undefined), { timeoutMs: 60_000 });
  const scaled = await kubectl(["scale", "deployment", "-n", ns, `${name}-web`, "--replicas=7"]);
  assert.equal(scaled.code, 0, scaled.stderr);
  await eventually("replicas back to 2 after the restart", async () => (replicas(await get("deployment", `${name}-web`)) === 2 ? true : undefined), { describe: () => describeRelease(ns, name) });
  assert.equal(dataOf(await get("secret", `${name}-creds`))["password"], password, "the restart re-rendered randAlphaNum");
  assert.equal((await getRelease(ns, name))?.status?.releaseRevision, 1);
});

test("ignoreDifferences: replicas owned by an HPA (kube-controller-manager) are neither drift nor taken back, also on upgrade", async () => {
  const chart = {
    name: "scaled",
    version: "1.0.0",
    values: "replicas: 2\ntier: a\n",
    templates: {
      "deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  annotations: { tier: {{ .Values.tier | quote }} }
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }}-web }
  template:
    metadata:
      labels: { app: {{ .Release.Name }}-web }
    spec:
      containers:
        - name: web
          image: example.invalid/web:1
          resources: { requests: { cpu: 10m } }
`,
      "hpa.yaml": `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .Release.Name }}-web
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: {{ .Release.Name }}-web }
  minReplicas: 3
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }
`,
    },
  };
  await pushChart(repo, chart);
  const spec = (ignore: boolean): Record<string, unknown> => ({
    chart: { repository: `${repo}/scaled`, version: "1.0.0", plainHTTP: true },
    timeout: "2m",
    syncPolicy: { automated: { selfHeal: true }, respectIgnoreDifferences: ignore },
    ...(ignore ? { ignoreDifferences: [{ group: "apps", kind: "Deployment", managedFieldsManagers: ["kube-controller-manager"] }] } : {}),
  });
  for (const [name, ignore] of [["hpa-ignored", true], ["hpa-fought", false]] as const) {
    const r = await apply(releaseYaml(ns, name, spec(ignore)));
    assert.equal(r.code, 0, r.stderr);
  }

  // Without ignoreDifferences bosun and the HPA fight over /spec/replicas (a heal, the HPA scales again, another heal).
  await eventually("the un-ignored release fights the HPA", async () => {
    const h = await getRelease(ns, "hpa-fought");
    return (h?.status?.drift?.selfHeal?.attempts ?? 0) >= 2 ? true : undefined;
  }, { timeoutMs: 120_000, describe: () => describeRelease(ns, "hpa-fought") });
  assert.match((await events("hpa-fought")).filter((e) => e.reason === "DriftDetected").map((e) => e.note).join("\n"), /Deployment \S+\/hpa-fought-web: \/spec\/replicas/);

  // With it, the HPA's 3 replicas stand and nothing is reported.
  const d = await get("deployment", "hpa-ignored-web");
  assert.equal(replicas(d), 3, "the HPA scaled to its minimum");
  const managers = ((d["metadata"] as unknown as { managedFields: { manager: string; subresource?: string }[] }).managedFields).map((m) => `${m.manager}${m.subresource ? `/${m.subresource}` : ""}`);
  assert.ok(managers.includes("kube-controller-manager/scale"), managers.join(", "));
  let hr = await getRelease(ns, "hpa-ignored");
  assert.notEqual(condition(hr, "Drifted")?.status, "True", await describeRelease(ns, "hpa-ignored"));
  assert.equal((await events("hpa-ignored")).filter((e) => e.reason === "DriftDetected" || e.reason === "SelfHealed").length, 0);

  // An upgrade leaves the field to the HPA (no conflict, no reset to 2).
  const up = await kubectl(["patch", "helmrelease", "-n", ns, "hpa-ignored", "--type=merge", "-p", '{"spec":{"values":{"tier":"b"}}}']);
  assert.equal(up.code, 0, up.stderr);
  hr = await eventually("upgraded", async () => {
    const h = await getRelease(ns, "hpa-ignored");
    return condition(h, "Ready")?.status === "True" && h?.status?.observedGeneration === 2 ? h : undefined;
  }, { timeoutMs: 90_000, describe: () => describeRelease(ns, "hpa-ignored") });
  assert.equal(hr.status?.releaseRevision, 2);
  const after = await get("deployment", "hpa-ignored-web");
  assert.equal((after["metadata"] as unknown as { annotations: Record<string, string> }).annotations["tier"], "b");
  assert.equal(replicas(after), 3);
});
