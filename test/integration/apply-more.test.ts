// src/apply on the real test cluster, continued: dry-run drift diff on the
// fields bosun owns, a StatefulSet + Job + Service applied and waited for
// with the health waiter, and immutable-field errors / replace for a Service
// clusterIP, a Job template and StatefulSet volumeClaimTemplates.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Applier, ApplySetError, countingTransport, ImmutableFieldError, kubeTransport, type KubeObject } from "../../src/apply/index.ts";
import { waitForCurrent } from "../../src/health/index.ts";
import { kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("apply-more");
const release = { namespace: ns, name: "rel" };
const opts = { release, targetNamespace: ns };

async function k(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
interface Live {
  metadata: { uid: string; managedFields?: { manager: string; operation: string }[] };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
async function getJson(args: string[]): Promise<Live> {
  return JSON.parse(await k(["get", ...args, "-n", ns, "-o", "json"])) as Live;
}

const namespace: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } };
const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
const deployment = (name: string): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "registry.invalid/app:1" }] } },
  },
});
const service = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});
const job = (name: string, image = "registry.invalid/job:1"): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name },
  spec: {
    backoffLimit: 0,
    template: { metadata: { labels: { job: name } }, spec: { restartPolicy: "Never", containers: [{ name: "run", image }] } },
  },
});
const statefulSet = (name: string, storage?: string): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name },
  spec: {
    serviceName: name,
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "db", image: "registry.invalid/db:1" }] } },
    ...(storage === undefined
      ? {}
      : { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } }] }),
  },
});

before(() => {
  kubeConfig(); // fails early when the environment is not up
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
});

const counter = countingTransport(kubeTransport(kubeConfig()));
const applier = new Applier(counter.transport);

test("dry-run diff: no drift after apply; a field changed by another manager is exactly that path; a deleted object is missing", async () => {
  const set = [namespace, deployment("web"), configMap("cfg", { mode: "fast", level: "1" }), configMap("doomed", { a: "1" })];
  await applier.apply(set, opts);

  const clean = await applier.diff(set, opts);
  assert.deepEqual(
    clean.map((d) => [d.ref.kind, d.ref.name, d.drifted, d.paths, d.missing]),
    [
      ["Namespace", ns, false, [], undefined],
      ["Deployment", "web", false, [], undefined],
      ["ConfigMap", "cfg", false, [], undefined],
      ["ConfigMap", "doomed", false, [], undefined],
    ],
  );
  assert.deepEqual(clean[1]?.ref, { group: "apps", version: "v1", kind: "Deployment", namespace: ns, name: "web" });

  // Another manager: kubectl scale (Update through the scale subresource) and a forced SSA by "other".
  await k(["scale", "deployment", "web", "-n", ns, "--replicas=3"]);
  await k(
    ["apply", "--server-side", "--force-conflicts", "--field-manager=other", "-n", ns, "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { mode: "slow" } }),
  );
  await k(["delete", "configmap", "doomed", "-n", ns]);

  const before = counter.count();
  const drift = await applier.diff(set, opts);
  const log = counter.log.slice(before);
  assert.deepEqual(
    drift.map((d) => [d.ref.name, d.drifted, d.paths, d.missing]),
    [
      [ns, false, [], undefined],
      ["web", true, ["/spec/replicas"], undefined],
      ["cfg", true, ["/data/mode"], undefined],
      ["doomed", true, [], true],
    ],
  );
  // GET + dry-run PATCH per existing object, one GET for the missing one; discovery is cached.
  assert.equal(log.filter((l) => l.startsWith("PATCH ")).length, 3, log.join("\n"));
  assert.equal(log.length, 7, log.join("\n"));

  // The dry run persisted nothing, and the other managers keep their fields.
  assert.equal((await getJson(["deployment", "web"])).spec?.replicas, 3);
  assert.deepEqual((await getJson(["configmap", "cfg"])).data, { mode: "slow", level: "1" });
  assert.equal(await kubectl(["get", "configmap", "doomed", "-n", ns, "--ignore-not-found", "-o", "name"]).then((r) => r.stdout.trim()), "");

  // Applying again (force) undoes the drift.
  await applier.apply(set, { ...opts, force: true });
  const healed = await applier.diff(set, opts);
  assert.deepEqual(
    healed.map((d) => [d.ref.name, d.drifted, d.paths]),
    [
      [ns, false, []],
      ["web", false, []],
      ["cfg", false, []],
      ["doomed", false, []],
    ],
  );
});

test("a StatefulSet, a Job and a Service are applied and become Current; the Job completes under kwok", async () => {
  const set = [service("db", { clusterIP: "None" }), statefulSet("db"), job("once")];
  const { refs } = await applier.apply(set, opts);
  assert.deepEqual(refs.map((r) => r.kind), ["Service", "StatefulSet", "Job"]);
  const states = await waitForCurrent(
    kubeConfig(),
    refs.map((r) => ({ apiVersion: r.group === "" ? r.version : `${r.group}/${r.version}`, kind: r.kind, namespace: ns, name: r.name })),
    { timeoutMs: 120_000 },
  );
  assert.deepEqual(
    states.map((s) => [s.ref.kind, s.status]),
    [
      ["Service", "Current"],
      ["StatefulSet", "Current"],
      ["Job", "Current"],
    ],
    JSON.stringify(states.map((s) => s.message)),
  );
  // kstatus calls a running Job Current ("Job in progress"); Helm's hook rule waits for Complete.
  const [jobState] = await waitForCurrent(kubeConfig(), [{ apiVersion: "batch/v1", kind: "Job", namespace: ns, name: "once" }], { timeoutMs: 120_000, hooks: true });
  assert.match(jobState?.message ?? "", /^Job Completed\. succeeded: 1$/);
  const j = (await getJson(["job", "once"])) as Live & { status?: { succeeded?: number } };
  assert.equal(j.status?.succeeded, 1, "the Job really completed");
});

async function immutable(obj: KubeObject, object: string, field: RegExp): Promise<void> {
  await assert.rejects(applier.apply([obj], opts), (e: unknown) => {
    assert.ok(e instanceof ApplySetError, String(e));
    const err = e.errors[0];
    assert.ok(err instanceof ImmutableFieldError, String(err));
    assert.equal(err.object, object);
    assert.ok(err.fields.some((f) => field.test(f)), `fields ${err.fields.join(", ")}`);
    assert.match(err.message, new RegExp(`^apply ${object.replaceAll(".", "\\.").replaceAll("/", "\\/")}: immutable field`));
    return true;
  });
}

async function replaced(obj: KubeObject, resource: string): Promise<Live> {
  const old = await getJson([resource, obj.metadata.name]);
  const r = await applier.apply([obj], { ...opts, replaceOnImmutable: true });
  assert.equal(r.applied[0]?.replaced, true);
  const live = await getJson([resource, obj.metadata.name]);
  assert.notEqual(live.metadata.uid, old.metadata.uid, "recreated: new uid");
  return live;
}

test("Service spec.clusterIP change: immutable error with object and field; replace recreates", async () => {
  await applier.apply([service("fixed")], opts);
  const ip = String((await getJson(["service", "fixed"])).spec?.clusterIP);
  const parts = ip.split(".");
  // Explicit addresses from the low "static" band of the service range (the
  // default 10.0.0.0/24), which dynamic allocation avoids, skipping any in use.
  const used = new Set((await kubectl(["get", "services", "-A", "-o", "jsonpath={.items[*].spec.clusterIP}"])).stdout.split(" "));
  const free = Array.from({ length: 13 }, (_, i) => [...parts.slice(0, 3), String(i + 2)].join(".")).filter((a) => !used.has(a));
  const [first, second] = free as [string, string];
  assert.ok(first && second, `no free static service addresses among ${[...used].join(", ")}`);
  await applier.apply([service("ip", { clusterIP: first })], opts);
  await immutable(service("ip", { clusterIP: second }), `v1 Service ${ns}/ip`, /^spec\.clusterIPs?(\[0\])?$/);
  assert.equal((await getJson(["service", "ip"])).spec?.clusterIP, first, "unchanged after the error");
  const live = await replaced(service("ip", { clusterIP: second }), "service");
  assert.equal(live.spec?.clusterIP, second);
});

test("Job spec.template change: immutable error with object and field; replace recreates", async () => {
  await applier.apply([job("migrate")], opts);
  await immutable(job("migrate", "registry.invalid/job:2"), `batch/v1 Job ${ns}/migrate`, /^spec\.template$/);
  const live = await replaced(job("migrate", "registry.invalid/job:2"), "job");
  const spec = live.spec as { template: { spec: { containers: { image: string }[] } } };
  assert.equal(spec.template.spec.containers[0]?.image, "registry.invalid/job:2");
});

test("StatefulSet volumeClaimTemplates change: immutable error with object and field; replace recreates", async () => {
  await applier.apply([statefulSet("vol", "1Gi")], opts);
  await immutable(statefulSet("vol", "2Gi"), `apps/v1 StatefulSet ${ns}/vol`, /^spec$/);
  const live = await replaced(statefulSet("vol", "2Gi"), "statefulset");
  const spec = live.spec as { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
  assert.equal(spec.volumeClaimTemplates[0]?.spec.resources.requests.storage, "2Gi");
});

test("the transport re-authenticates under concurrent requests without failing any (previous dispatcher closed late)", async () => {
  // authTtlMs 0: every request refreshes credentials and replaces the dispatcher,
  // the situation a long-running controller meets once a minute.
  const t = kubeTransport(kubeConfig(), { authTtlMs: 0 });
  const results = await Promise.allSettled(Array.from({ length: 64 }, () => t({ method: "GET", path: "/api/v1/namespaces/default" })));
  const failures = results.filter((r) => r.status === "rejected").map((r) => String(r.reason));
  assert.deepEqual(failures, []);
  assert.ok(results.every((r) => r.status === "fulfilled" && r.value.status === 200));
});
