// The controller end to end against the real cluster and registry: install,
// upgrade by values and by semver, prune, metrics, uninstall by finalizer,
// invalid specs, template errors, retries while the registry is down.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pickPort } from "../env/ports.ts";
import { startRegistry } from "../env/registry.ts";
import { ensureTools } from "../env/tools.ts";
import { stopPid } from "../env/procs.ts";
import { eventually, helm, kubectl, testEnv, uniqueName } from "../env/testenv.ts";
import { join } from "node:path";
import type { HelmRelease } from "../../src/api/index.ts";
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
  startController,
  work,
  type RunningController,
} from "./controller-harness.ts";

const ns = uniqueName("ctrl");
let repo: string;
let ctl: RunningController;

const infoCm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-info
data:
  greeting: {{ .Values.greeting | quote }}
  isUpgrade: {{ .Release.IsUpgrade | quote }}
  revision: {{ .Release.Revision | quote }}
  chartVersion: {{ .Chart.Version | quote }}
`;
const deployment = `apiVersion: apps/v1
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
`;

before(async () => {
  await applyCrd();
  await createNamespace(ns);
  repo = `oci://${testEnv().registry}/${uniqueName("ctrl")}`;
  await pushChart(repo, { name: "app", version: "1.0.0", templates: { "info.yaml": infoCm, "deploy.yaml": deployment }, values: "greeting: hello\nreplicas: 1\n" });
  ctl = await startController({ name: "controller-e2e", namespaces: [ns], probeAddress: "127.0.0.1:0" });
});

after(async () => {
  await ctl.stop();
  await deleteNamespace(ns);
});

async function readyAt(name: string, generation: number, timeoutMs = 90_000): Promise<HelmRelease> {
  return eventually<HelmRelease>(
    `HelmRelease ${name} Ready for generation ${String(generation)}`,
    async () => {
      const hr = await getRelease(ns, name);
      const ready = condition(hr, "Ready");
      return hr && ready?.status === "True" && hr.status?.observedGeneration === generation ? hr : undefined;
    },
    { timeoutMs, describe: () => describeRelease(ns, name) },
  );
}

async function configMapData(name: string): Promise<Record<string, string>> {
  const r = await kubectl(["get", "configmap", "-n", ns, name, "-o", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { data: Record<string, string> }).data;
}

test("install → Ready with every object Current; values change → upgrade; new semver version → new digest; prune; uninstall", async (t) => {
  const name = "web";
  const applied = await apply(
    releaseYaml(ns, name, {
      chart: { repository: `${repo}/app`, version: ">=1.0.0 <2", plainHTTP: true },
      values: { greeting: "hi", replicas: 2 },
      timeout: "2m",
      syncPolicy: { automated: { prune: true } },
    }),
  );
  assert.equal(applied.code, 0, applied.stderr);

  // kubectl wait works on the kstatus conditions.
  const waited = await kubectl(["wait", "--for=condition=Ready", `helmrelease/${name}`, "-n", ns, "--timeout=90s"]);
  assert.equal(waited.code, 0, `${waited.stderr}\n${await describeRelease(ns, name)}`);
  let hr = await readyAt(name, 1);
  assert.equal(hr.status?.lastAppliedRevision?.version, "1.0.0");
  assert.match(hr.status.lastAppliedRevision.digest ?? "", /^sha256:[0-9a-f]{64}$/);
  assert.equal(hr.status.releaseRevision, 1);
  assert.equal(hr.status.sync?.status, "Synced");
  assert.equal(hr.status.health?.status, "Healthy");
  assert.equal(hr.status.history?.[0]?.result, "Succeeded");
  assert.equal(condition(hr, "Reconciling"), undefined);
  assert.equal(condition(hr, "Stalled"), undefined);
  assert.deepEqual(hr.status.inventory?.entries.map((e) => `${e.g}/${e.k}:${e.o.join(",")}`).sort(), [`/ConfigMap:${ns}/web-info`, `apps/Deployment:${ns}/web-web`]);
  assert.equal((await configMapData("web-info")).isUpgrade, "false");
  const deploy = await kubectl(["get", "deployment", "-n", ns, "web-web", "-o", "jsonpath={.status.availableReplicas}"]);
  assert.equal(deploy.stdout, "2");
  const firstDigest = hr.status.lastAppliedRevision.digest;

  // A values change is an upgrade: IsUpgrade true, revision 2.
  // (a merge patch: null removes replicas from the inline values)
  const patched = await kubectl(["patch", "helmrelease", name, "-n", ns, "--type=merge", "-p", JSON.stringify({ spec: { values: { greeting: "bonjour", replicas: null } } })]);
  assert.equal(patched.code, 0, patched.stderr);
  hr = await readyAt(name, 2);
  assert.equal(hr.status?.releaseRevision, 2);
  assert.deepEqual(await configMapData("web-info"), { greeting: "bonjour", isUpgrade: "true", revision: "2", chartVersion: "1.0.0" });
  // replicas fell back to the chart default when the inline values lost them.
  const replicas = await kubectl(["get", "deployment", "-n", ns, "web-web", "-o", "jsonpath={.spec.replicas}"]);
  assert.equal(replicas.stdout, "1");

  // A new version in the semver range, noticed on a requested reconcile.
  const d2 = await pushChart(repo, { name: "app", version: "1.1.0", templates: { "info.yaml": infoCm, "deploy.yaml": deployment }, values: "greeting: hello\nreplicas: 1\n" });
  await kubectl(["annotate", "helmrelease", name, "-n", ns, "--overwrite", `bosun.dev/reconcile-requested-at=${new Date().toISOString()}`]);
  hr = await eventually<HelmRelease>("upgrade to 1.1.0", async () => {
    const x = await getRelease(ns, name);
    return x?.status?.lastAppliedRevision?.digest === d2 && condition(x, "Ready")?.status === "True" ? x : undefined;
  }, { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
  assert.notEqual(d2, firstDigest);
  assert.equal(hr.status?.lastAppliedRevision?.version, "1.1.0");
  assert.equal((await configMapData("web-info")).chartVersion, "1.1.0");
  assert.equal(hr.status.lastHandledReconcileAt, hr.metadata.annotations?.["bosun.dev/reconcile-requested-at"]);

  // 1.2.0 drops the Deployment: pruned.
  const d3 = await pushChart(repo, { name: "app", version: "1.2.0", templates: { "info.yaml": infoCm }, values: "greeting: hello\n" });
  await kubectl(["annotate", "helmrelease", name, "-n", ns, "--overwrite", `bosun.dev/reconcile-requested-at=${new Date().toISOString()}x`]);
  await eventually("upgrade to 1.2.0 with the Deployment pruned", async () => {
    const x = await getRelease(ns, name);
    if (x?.status?.lastAppliedRevision?.digest !== d3 || condition(x, "Ready")?.status !== "True") return undefined;
    const objs = await labelledObjects(ns, name);
    return objs.length === 1 ? objs : undefined;
  }, { timeoutMs: 60_000, describe: () => describeRelease(ns, name) });
  const events = await kubectl(["get", "events.events.k8s.io", "-n", ns, "--field-selector", `regarding.name=${name}`, "-o", "json"]);
  const reasons = (JSON.parse(events.stdout) as { items: { reason: string; note: string }[] }).items.map((e) => e.reason);
  for (const r of ["Progressing", "Applied", "Ready", "Pruned"]) assert.ok(reasons.includes(r), `Event ${r} missing from ${reasons.join(", ")}`);

  // Metrics of this release.
  const url = ctl.controller.probeUrl();
  assert.ok(url);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  assert.match(metrics, new RegExp(`bosun_release_info\\{[^}]*namespace="${ns}",name="web",chart="app",version="1.2.0"`));
  assert.match(metrics, new RegExp(`bosun_release_ready\\{namespace="${ns}",name="web"\\} 1`));
  assert.match(metrics, /bosun_reconcile_total\{result="success"\} [1-9]/);
  assert.equal((await fetch(`${url}/readyz`)).status, 200);
  t.diagnostic(`API requests so far: ${String(ctl.requests())}`);

  // Delete: objects removed, then the finalizer released.
  const del = await kubectl(["delete", "helmrelease", name, "-n", ns, "--timeout=60s"]);
  assert.equal(del.code, 0, del.stderr);
  assert.equal(await getRelease(ns, name), undefined);
  assert.deepEqual(await labelledObjects(ns, name), []);
});

test("an invalid spec is rejected by the API server or Stalled with the reason", async () => {
  const bad = await apply(releaseYaml(ns, "bad-digest", { chart: { repository: `${repo}/app`, digest: "sha256:nothex" } }));
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /digest/);

  const rejected = await apply(releaseYaml(ns, "bad-ca", { chart: { repository: `${repo}/app`, version: "1.0.0", plainHTTP: true, caSecretRef: { name: "ca" } } }));
  assert.notEqual(rejected.code, 0);
  assert.match(rejected.stderr, /caSecretRef has no effect with plainHTTP/);

  // Valid for the schema (a semver constraint is beyond CEL), refused by bosun's own validation.
  const r = await apply(releaseYaml(ns, "bad-range", { chart: { repository: `${repo}/app`, version: ">=1.0.0 <<2", plainHTTP: true } }));
  assert.equal(r.code, 0, r.stderr);
  const hr = await eventually("Stalled InvalidSpec", async () => {
    const x = await getRelease(ns, "bad-range");
    return condition(x, "Stalled")?.status === "True" ? x : undefined;
  }, { describe: () => describeRelease(ns, "bad-range") });
  assert.equal(condition(hr, "Stalled")?.reason, "InvalidSpec");
  assert.equal(condition(hr, "Ready")?.status, "False");
  assert.match(condition(hr, "Ready")?.message ?? "", /spec\.chart\.version: ">=1\.0\.0 <<2" is neither a tag nor a valid semver constraint/);
  assert.equal(condition(hr, "Reconciling"), undefined);
  assert.equal(hr.status?.observedGeneration, 1);
});

test("a template error → Ready=False with Helm's message, then Stalled when retries run out", async () => {
  const broken = { name: "broken", version: "0.1.0", templates: { "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ required \"value 'must' is required\" .Values.must }}\n" } };
  await pushChart(repo, broken);
  // What helm itself says for this chart.
  const helmSays = await helm(["template", "rel", `${repo}/broken`, "--version", "0.1.0", "--plain-http"]);
  assert.notEqual(helmSays.code, 0);
  const helmMessage = (helmSays.stderr.split("\n").find((l) => l.startsWith("Error: ")) ?? "").replace(/^Error: /, "");
  assert.match(helmMessage, /execution error at \(broken\/templates\/cm\.yaml:6:\d+\)/);

  const r = await apply(releaseYaml(ns, "broken", { chart: { repository: `${repo}/broken`, version: "0.1.0", plainHTTP: true }, syncPolicy: { retry: { limit: 1, backoff: { duration: "1s" } } } }));
  assert.equal(r.code, 0, r.stderr);
  const failed = await eventually("Ready=False RenderFailed", async () => {
    const x = await getRelease(ns, "broken");
    const ready = condition(x, "Ready");
    return ready?.status === "False" && ready.reason === "RenderFailed" ? ready : undefined;
  }, { describe: () => describeRelease(ns, "broken") });
  assert.ok(failed.message.includes(helmMessage), `"${failed.message}" does not contain helm's "${helmMessage}"`);

  const hr = await eventually("Stalled RetriesExceeded", async () => {
    const x = await getRelease(ns, "broken");
    return condition(x, "Stalled")?.reason === "RetriesExceeded" ? x : undefined;
  }, { describe: () => describeRelease(ns, "broken") });
  assert.equal(hr.status?.retry?.attempts, 2);
  assert.ok(condition(hr, "Ready")?.message.includes(helmMessage));
  assert.equal(condition(hr, "Reconciling"), undefined);

  // Stalled means no more attempts on these inputs... until a reconcile is requested.
  const attemptsBefore = hr.status.history?.length ?? 0;
  const requested = new Date().toISOString();
  await kubectl(["annotate", "helmrelease", "broken", "-n", ns, "--overwrite", `bosun.dev/reconcile-requested-at=${requested}`]);
  const again = await eventually("a requested attempt", async () => {
    const x = await getRelease(ns, "broken");
    return x?.status?.lastHandledReconcileAt === requested && condition(x, "Stalled")?.status === "True" ? x : undefined;
  }, { describe: () => describeRelease(ns, "broken") });
  assert.ok((again.status?.history?.length ?? 0) > attemptsBefore, "the request ran a new attempt");
});

test("registry down → retries with growing delays in status, then recovers", async (t) => {
  const port = await pickPort(0);
  const registryHost = `127.0.0.1:${String(port)}`;
  const r = await apply(
    releaseYaml(ns, "flaky", {
      chart: { repository: `oci://${registryHost}/charts/app`, version: "1.0.0", plainHTTP: true },
      syncPolicy: { retry: { limit: -1, backoff: { duration: "2s", factor: 2, maxDuration: "8s" } } },
    }),
  );
  assert.equal(r.code, 0, r.stderr);
  // Each failure schedules the next attempt: the gaps between consecutive
  // nextAttemptAt values are the backoff delays (2 s, 4 s, 8 s, capped at 8 s).
  const nextByAttempt = new Map<number, number>();
  await eventually("four failed attempts", async () => {
    const x = await getRelease(ns, "flaky");
    const attempts = x?.status?.retry?.attempts;
    const next = x?.status?.retry?.nextAttemptAt;
    if (attempts !== undefined && next !== undefined) nextByAttempt.set(attempts, Date.parse(next));
    return attempts !== undefined && attempts >= 4 ? true : undefined;
  }, { timeoutMs: 60_000, describe: () => describeRelease(ns, "flaky") });
  const hr = await getRelease(ns, "flaky");
  assert.equal(condition(hr, "Ready")?.reason, "ChartPullFailed");
  assert.match(condition(hr, "Ready")?.message ?? "", new RegExp(registryHost.replaceAll(".", "\\.")));
  t.diagnostic(`nextAttemptAt by attempt: ${JSON.stringify([...nextByAttempt].map(([a, at]) => [a, new Date(at).toISOString()]))}`);
  const gap = (a: number): number | undefined => {
    const x = nextByAttempt.get(a);
    const y = nextByAttempt.get(a + 1);
    return x === undefined || y === undefined ? undefined : y - x;
  };
  // Attempts are seen by polling; at least one consecutive pair among the
  // first three must be seen, and every seen gap must grow with the attempt.
  const gaps = [1, 2, 3].map((a) => [a, gap(a)] as const).filter((g): g is readonly [number, number] => g[1] !== undefined);
  assert.ok(gaps.length >= 1, `no consecutive attempts observed: ${JSON.stringify([...nextByAttempt])}`);
  for (const [a, g] of gaps) {
    const expected = Math.min(2000 * 2 ** a, 8000);
    // nextAttemptAt has second precision.
    assert.ok(g >= expected - 1000 && g <= expected + 2000, `gap after attempt ${String(a)} is ${String(g)} ms, want about ${String(expected)}`);
  }
  // The registry comes up with the chart: the next retry succeeds.
  const tools = await ensureTools(() => undefined);
  const reg = await startRegistry({ name: "flaky", binary: tools.registry, dir: join(work, "flaky-registry"), preferredPort: port, log: () => undefined });
  try {
    assert.equal(reg.host, registryHost, "the registry took another port");
    await pushChart(`oci://${registryHost}/charts`, { name: "app", version: "1.0.0", templates: { "info.yaml": infoCm }, values: "greeting: back\n" });
    const ok = await readyAt("flaky", 1, 60_000);
    assert.equal(ok.status?.retry, undefined);
    assert.equal((await configMapData("flaky-info")).greeting, "back");
  } finally {
    await stopPid(reg.pid);
  }
});

test("suspend: a suspended release is not reconciled, and deleting it keeps its objects", async () => {
  const r = await apply(releaseYaml(ns, "held", { chart: { repository: `${repo}/app`, version: "1.0.0", plainHTTP: true }, values: { replicas: 1 } }));
  assert.equal(r.code, 0, r.stderr);
  await readyAt("held", 1);
  const suspended = await kubectl(["patch", "helmrelease", "held", "-n", ns, "--type=merge", "-p", JSON.stringify({ spec: { suspend: true, values: { greeting: "ignored" } } })]);
  assert.equal(suspended.code, 0, suspended.stderr);
  // The change is not applied while suspended: the status keeps describing generation 1.
  await new Promise((res) => setTimeout(res, 3000));
  const hr = await getRelease(ns, "held");
  assert.equal(hr?.status?.observedGeneration, 1);
  assert.equal((await configMapData("held-info")).greeting, "hello");

  const del = await kubectl(["delete", "helmrelease", "held", "-n", ns, "--timeout=60s"]);
  assert.equal(del.code, 0, del.stderr);
  assert.equal(await getRelease(ns, "held"), undefined);
  assert.deepEqual(await labelledObjects(ns, "held"), [`ConfigMap/${ns}/held-info`, `Deployment/${ns}/held-web`]);
});
