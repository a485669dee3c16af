// The controller's inputs and outputs beyond the main path, on the real
// cluster: valuesFrom (ConfigMap, Secret, targetPath, missing), registry
// credentials from a Secret (and a wrong password kept out of status),
// createNamespace, the chart's crds/ outside the inventory, live lookup,
// and a health timeout.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { HelmRelease } from "../../src/api/index.ts";
import { eventually, kubectl, testEnv, uniqueName } from "../env/testenv.ts";
import {
  apply,
  applyCrd,
  condition,
  createNamespace,
  deleteNamespace,
  describeRelease,
  getRelease,
  pushChart,
  releaseYaml,
  startController,
  type RunningController,
} from "./controller-harness.ts";

const ns = uniqueName("inputs");
const created = uniqueName("created");
let repo: string;
let ctl: RunningController;

const valuesCm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-values
data:
  rendered: {{ toJson .Values | quote }}
`;

before(async () => {
  await applyCrd();
  await createNamespace(ns);
  repo = `oci://${testEnv().registry}/${uniqueName("inputs")}`;
  await pushChart(repo, { name: "vals", version: "1.0.0", templates: { "cm.yaml": valuesCm }, values: "fromChart: 1\n" });
  ctl = await startController({ name: "controller-inputs", namespaces: [ns] });
});

after(async () => {
  await ctl.stop();
  await deleteNamespace(ns);
  await deleteNamespace(created);
});

async function waitReady(name: string, generation = 1): Promise<HelmRelease> {
  return eventually<HelmRelease>(`${name} Ready`, async () => {
    const x = await getRelease(ns, name);
    return condition(x, "Ready")?.status === "True" && x?.status?.observedGeneration === generation ? x : undefined;
  }, { timeoutMs: 90_000, describe: () => describeRelease(ns, name) });
}

async function waitNotReady(name: string, reason: string): Promise<{ message: string }> {
  return eventually(`${name} Ready=False ${reason}`, async () => {
    const ready = condition(await getRelease(ns, name), "Ready");
    return ready?.status === "False" && ready.reason === reason ? ready : undefined;
  }, { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
}

async function renderedValues(name: string, namespace = ns): Promise<unknown> {
  const r = await kubectl(["get", "configmap", "-n", namespace, `${name}-values`, "-o", "jsonpath={.data.rendered}"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test("valuesFrom: ConfigMap and Secret in order, inline values on top, targetPath as a string; changes upgrade the release; a missing one names itself", async () => {
  const setup = await apply(
    [
      JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "base", namespace: ns }, data: { "values.yaml": "a: from-configmap\nb: from-configmap\nlist: [1, 2]\n" } }),
      JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "over", namespace: ns }, stringData: { "values.yaml": "b: from-secret\n", token: "12345" } }),
    ].join("\n---\n"),
  );
  assert.equal(setup.code, 0, setup.stderr);
  const r = await apply(
    releaseYaml(ns, "vf", {
      chart: { repository: `${repo}/vals`, version: "1.0.0", plainHTTP: true },
      valuesFrom: [
        { kind: "ConfigMap", name: "base" },
        { kind: "Secret", name: "over" },
        { kind: "Secret", name: "over", key: "token", targetPath: "auth.token" },
        { kind: "ConfigMap", name: "absent", optional: true },
      ],
      values: { list: [3] },
    }),
  );
  assert.equal(r.code, 0, r.stderr);
  await waitReady("vf");
  assert.deepEqual(await renderedValues("vf"), { a: "from-configmap", auth: { token: "12345" }, b: "from-secret", fromChart: 1, list: [3] });

  // A change to a referenced ConfigMap or Secret upgrades the release, with no edit of the HelmRelease.
  const edited = await kubectl(["patch", "configmap", "base", "-n", ns, "--type=merge", "-p", JSON.stringify({ data: { "values.yaml": "a: edited\nb: from-configmap\n" } })]);
  assert.equal(edited.code, 0, edited.stderr);
  await eventually("the edited ConfigMap rendered", async () => ((await renderedValues("vf")) as { a?: string }).a === "edited" ? true : undefined, { timeoutMs: 30_000, describe: () => describeRelease(ns, "vf") });
  const rotated = await kubectl(["patch", "secret", "over", "-n", ns, "--type=merge", "-p", JSON.stringify({ stringData: { token: "67890" } })]);
  assert.equal(rotated.code, 0, rotated.stderr);
  await eventually("the rotated Secret rendered", async () => ((await renderedValues("vf")) as { auth?: { token?: string } }).auth?.token === "67890" ? true : undefined, { timeoutMs: 30_000, describe: () => describeRelease(ns, "vf") });
  const upgraded = await getRelease(ns, "vf");
  assert.equal(upgraded?.metadata.generation, 1, "the HelmRelease itself was not edited");
  assert.equal(upgraded.status?.releaseRevision, 3);

  // A missing source: Ready=False naming it; with no retries it stalls, and
  // creating the Secret (seen by the watch, not by a retry) installs it.
  const missing = await apply(releaseYaml(ns, "vf-missing", { chart: { repository: `${repo}/vals`, version: "1.0.0", plainHTTP: true }, valuesFrom: [{ kind: "Secret", name: "nowhere" }], syncPolicy: { retry: { limit: 0 } } }));
  assert.equal(missing.code, 0, missing.stderr);
  const ready = await waitNotReady("vf-missing", "RetriesExceeded");
  assert.match(ready.message, /Secret nowhere not found/);
  const made = await kubectl(["create", "secret", "generic", "nowhere", "-n", ns, "--from-literal=values.yaml=late: true"]);
  assert.equal(made.code, 0, made.stderr);
  await waitReady("vf-missing");
  assert.deepEqual(await renderedValues("vf-missing"), { fromChart: 1, late: true });
});

test("registry credentials from a Secret; a wrong password fails without appearing in status", async () => {
  const env = testEnv();
  const authRepo = `oci://${env.registryAuth}/${uniqueName("auth")}`;
  const login = await kubectl(["create", "secret", "generic", "reg-creds", "-n", ns, `--from-literal=username=${env.registryAuthUsername}`, `--from-literal=password=${env.registryAuthPassword}`]);
  assert.equal(login.code, 0, login.stderr);
  const wrong = "wrong-password-d41d8cd9";
  const bad = await kubectl(["create", "secret", "generic", "reg-bad", "-n", ns, `--from-literal=username=${env.registryAuthUsername}`, `--from-literal=password=${wrong}`]);
  assert.equal(bad.code, 0, bad.stderr);
  await pushChart(authRepo, { name: "vals", version: "1.0.0", templates: { "cm.yaml": valuesCm } }, ["--plain-http", "--username", env.registryAuthUsername, "--password", env.registryAuthPassword]);

  const ok = await apply(releaseYaml(ns, "private", { chart: { repository: `${authRepo}/vals`, version: "1.0.0", plainHTTP: true, credentialsSecretRef: { name: "reg-creds" } } }));
  assert.equal(ok.code, 0, ok.stderr);
  await waitReady("private");

  const denied = await apply(releaseYaml(ns, "private-bad", { chart: { repository: `${authRepo}/vals`, version: "1.0.0", plainHTTP: true, credentialsSecretRef: { name: "reg-bad" } } }));
  assert.equal(denied.code, 0, denied.stderr);
  const ready = await waitNotReady("private-bad", "ChartPullFailed");
  assert.match(ready.message, /401|unauthorized|authentication/i);
  const everything = JSON.stringify(await getRelease(ns, "private-bad"));
  assert.ok(!everything.includes(wrong) && !everything.includes(Buffer.from(wrong).toString("base64")), "the password leaked into the HelmRelease");
  const events = await kubectl(["get", "events.events.k8s.io", "-n", ns, "-o", "json"]);
  assert.ok(!events.stdout.includes(wrong), "the password leaked into an Event");
});

test("createNamespace creates the target namespace, outside the release's inventory", async () => {
  const r = await apply(releaseYaml(ns, "elsewhere", { chart: { repository: `${repo}/vals`, version: "1.0.0", plainHTTP: true }, targetNamespace: created, createNamespace: true }));
  assert.equal(r.code, 0, r.stderr);
  const hr = await waitReady("elsewhere");
  assert.deepEqual(hr.status?.inventory?.entries.map((e) => `${e.k}:${e.o.join(",")}`), [`ConfigMap:${created}/elsewhere-values`]);
  assert.deepEqual(await renderedValues("elsewhere", created), { fromChart: 1 });
});

test("a chart's crds/ are installed first, kept out of the inventory and kept on uninstall; lookup reads the live cluster", async () => {
  const group = `${uniqueName("g")}.bosun.test`;
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;
  const templates = {
    "widget.yaml": `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  seen: {{ (lookup "v1" "ConfigMap" .Release.Namespace "lookup-source").data.color | default "nothing" | quote }}\n`,
  };
  const crdRepo = `${repo}-crd`;
  await pushChart(crdRepo, { name: "widgets", version: "1.0.0", templates, crds: { "widget.yaml": crd } });
  const src = await kubectl(["create", "configmap", "lookup-source", "-n", ns, "--from-literal=color=teal"]);
  assert.equal(src.code, 0, src.stderr);

  const r = await apply(releaseYaml(ns, "widgets", { chart: { repository: `${crdRepo}/widgets`, version: "1.0.0", plainHTTP: true }, syncPolicy: { automated: { prune: true } } }));
  assert.equal(r.code, 0, r.stderr);
  const hr = await waitReady("widgets");
  assert.deepEqual(hr.status?.inventory?.entries.map((e) => `${e.g}/${e.k}`), [`${group}/Widget`]);
  const widget = await kubectl(["get", `widgets.${group}`, "-n", ns, "widgets", "-o", "jsonpath={.spec.seen}"]);
  assert.equal(widget.stdout, "teal", "lookup did not read the live ConfigMap");

  const del = await kubectl(["delete", "helmrelease", "widgets", "-n", ns, "--timeout=60s"]);
  assert.equal(del.code, 0, del.stderr);
  const gone = await kubectl(["get", `widgets.${group}`, "-n", ns, "widgets"]);
  assert.notEqual(gone.code, 0, "the Widget should be uninstalled");
  const kept = await kubectl(["get", "crd", `widgets.${group}`]);
  assert.equal(kept.code, 0, "the chart's CRD must survive uninstall, as in Helm");
  await kubectl(["delete", "crd", `widgets.${group}`, "--wait=false"]);
});

test("an object that never becomes Current → HealthCheckFailed with the object named, health Progressing", async () => {
  const blocked = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: 1
  selector: { matchLabels: { app: {{ .Release.Name }} } }
  template:
    metadata: { labels: { app: {{ .Release.Name }} } }
    spec:
      nodeSelector: { bosun.dev/no-such-node: "true" }
      containers: [{ name: c, image: example.invalid/c:1 }]
`;
  await pushChart(repo, { name: "stuck", version: "1.0.0", templates: { "d.yaml": blocked } });
  const r = await apply(releaseYaml(ns, "stuck", { chart: { repository: `${repo}/stuck`, version: "1.0.0", plainHTTP: true }, timeout: "3s", syncPolicy: { retry: { limit: 0 } } }));
  assert.equal(r.code, 0, r.stderr);
  const hr = await eventually<HelmRelease>("stuck Stalled", async () => {
    const x = await getRelease(ns, "stuck");
    return condition(x, "Stalled")?.status === "True" ? x : undefined;
  }, { timeoutMs: 60_000, describe: () => describeRelease(ns, "stuck") });
  assert.match(condition(hr, "Ready")?.message ?? "", /Deployment .*stuck/);
  assert.equal(hr.status?.health?.status, "Progressing");
  assert.equal(hr.status.history?.[0]?.result, "Failed");
});

test("dependsOn: a release waits (DependencyNotReady, naming it) until its dependency is Ready; a cycle is Stalled with the cycle", async () => {
  const spec = { chart: { repository: `${repo}/vals`, version: "1.0.0", plainHTTP: true } };
  const b = await apply(releaseYaml(ns, "dep-b", { ...spec, dependsOn: [{ name: "dep-a" }] }));
  assert.equal(b.code, 0, b.stderr);
  const waiting = await waitNotReady("dep-b", "DependencyNotReady");
  assert.equal(waiting.message, `waiting for HelmRelease ${ns}/dep-a: not found`);
  const bObjects = await kubectl(["get", "configmap", "-n", ns, "dep-b-values"]);
  assert.notEqual(bObjects.code, 0, "nothing of dep-b is applied while it waits");

  const a = await apply(releaseYaml(ns, "dep-a", spec));
  assert.equal(a.code, 0, a.stderr);
  const readyA = await waitReady("dep-a");
  const readyB = await waitReady("dep-b");
  const at = (x: HelmRelease): number => Date.parse(condition(x, "Ready")?.status === "True" ? (x.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime ?? "") : "");
  assert.ok(at(readyB) >= at(readyA), "dep-b became Ready after dep-a");
  assert.equal(readyB.status?.retry, undefined, "waiting is not a failure: no retries counted");

  const x = await apply(releaseYaml(ns, "cyc-x", { ...spec, dependsOn: [{ name: "cyc-y" }] }));
  const y = await apply(releaseYaml(ns, "cyc-y", { ...spec, dependsOn: [{ name: "cyc-x" }] }));
  assert.equal(x.code + y.code, 0, x.stderr + y.stderr);
  for (const [name, other] of [["cyc-x", "cyc-y"], ["cyc-y", "cyc-x"]] as const) {
    const hr = await eventually<HelmRelease>(`${name} Stalled`, async () => {
      const h = await getRelease(ns, name);
      return condition(h, "Stalled")?.reason === "DependencyCycle" ? h : undefined;
    }, { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
    assert.equal(condition(hr, "Ready")?.message, `dependsOn forms a cycle: ${ns}/${name} → ${ns}/${other} → ${ns}/${name}`);
  }
});
