// src/apply on the real test cluster: server-side apply in install order
// (CRD Established before its custom resource), request counts, conflicts and
// force, unknown kinds, immutable fields, and prune with its protections.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Applier,
  ApplyConflictError,
  ApplySetError,
  countingTransport,
  ImmutableFieldError,
  kubeTransport,
  PruneAllRefusedError,
  type KubeObject,
  type ObjectRef,
} from "../../src/apply/index.ts";
import { eventually, kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("apply");
const group = `${uniqueName("g")}.bosun.test`;
const crdName = `widgets.${group}`;
const release = { namespace: ns, name: "rel" };
const opts = { release, targetNamespace: ns };

async function k(args: string[]): Promise<string> {
  const r = await kubectl(args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
async function getJson(args: string[]): Promise<Record<string, unknown> & { metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; namespace?: string; ownerReferences?: unknown[] } }> {
  return JSON.parse(await k(["get", ...args, "-o", "json"])) as never;
}
async function exists(args: string[]): Promise<boolean> {
  const r = await kubectl(["get", ...args, "--ignore-not-found", "-o", "name"]);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout.trim() !== "";
}

const crd: KubeObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: crdName },
  spec: {
    group,
    scope: "Namespaced",
    names: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
    versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
  },
};
const widget: KubeObject = { apiVersion: `${group}/v1`, kind: "Widget", metadata: { name: "w1" }, spec: { size: 3 } };
const namespace: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } };
const deployment = (name: string, app = name): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app } },
    template: { metadata: { labels: { app } }, spec: { containers: [{ name: "c", image: "registry.invalid/app:1" }] } },
  },
});
const service: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } };
const configMap = (name: string, data: Record<string, string> = { mode: "fast" }): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });

/** The first set, deliberately out of install order. */
const firstSet = [widget, service, deployment("web"), configMap("settings"), namespace, crd];

before(() => {
  kubeConfig(); // fails early when the environment is not up
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
  await kubectl(["delete", "customresourcedefinition", crdName, "--ignore-not-found", "--wait=false"]);
});

const counter = countingTransport(kubeTransport(kubeConfig()));
const applier = new Applier(counter.transport);
let firstRefs: ObjectRef[] = [];

test("applies CRD + CR, Namespace, Deployment, Service, ConfigMap in one call, ≤ 1 request per object + discovery", async () => {
  const before = counter.count();
  const result = await applier.apply(firstSet, opts);
  const log = counter.log.slice(before);
  firstRefs = result.refs;

  assert.deepEqual(
    result.applied.map((a) => a.desired.kind),
    ["CustomResourceDefinition", "Namespace", "ConfigMap", "Service", "Deployment", "Widget"],
    "install order",
  );
  const patches = log.filter((l) => l.startsWith("PATCH "));
  const discovery = log.filter((l) => /^GET \/apis?\/[^/]+(\/[^/]+)?$/.test(l));
  const crdPolls = log.filter((l) => l.startsWith("GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions"));
  assert.equal(patches.length, 6, log.join("\n"));
  assert.deepEqual(discovery.sort(), ["GET /api/v1", "GET /apis/apiextensions.k8s.io/v1", "GET /apis/apps/v1"], "one discovery GET per apiVersion; the CR's comes from its CRD");
  assert.equal(log.length, patches.length + discovery.length + crdPolls.length, log.join("\n"));
  process.stderr.write(`[apply] first apply: ${String(log.length)} requests (${String(patches.length)} applies, ${String(discovery.length)} discovery, ${String(crdPolls.length)} CRD Established polls)\n`);

  // The CR landed after its CRD was Established, in the target namespace, with tracking metadata.
  const w = await getJson([`widgets.${group}`, "w1", "-n", ns]);
  assert.equal(w.metadata.namespace, ns);
  assert.equal(w.metadata.labels?.["bosun.dev/release"], `${ns}.rel`);
  assert.deepEqual(
    [w.metadata.annotations?.["bosun.dev/owner-namespace"], w.metadata.annotations?.["bosun.dev/owner-name"]],
    [ns, "rel"],
  );
  const c = await getJson(["customresourcedefinition", crdName]);
  assert.equal(c.metadata.namespace, undefined, "cluster-scoped objects get no namespace");
  assert.equal(c.metadata.labels?.["bosun.dev/release"], `${ns}.rel`);
  const cm = await getJson(["configmap", "settings", "-n", ns, "--show-managed-fields"]);
  const managers = (cm.metadata as { managedFields?: { manager: string; operation: string }[] }).managedFields ?? [];
  assert.ok(managers.some((m) => m.manager === "bosun" && m.operation === "Apply"), JSON.stringify(managers));
});

test("re-applying the same set costs exactly one request per object", async () => {
  const before = counter.count();
  await applier.apply(firstSet, opts);
  const log = counter.log.slice(before);
  assert.equal(log.length, firstSet.length, log.join("\n"));
  assert.ok(log.every((l) => l.startsWith("PATCH ")));
  process.stderr.write(`[apply] re-apply: ${String(log.length)} requests for ${String(firstSet.length)} objects\n`);
});

test("a fresh discovery resolves the just-created CRD's kind", async () => {
  const fresh = new Applier(kubeTransport(kubeConfig()));
  const m = await fresh.discovery.resolve(`${group}/v1`, "Widget");
  assert.deepEqual(m, { group, version: "v1", kind: "Widget", resource: "widgets", namespaced: true });
});

test("unknown kinds fail with an error naming apiVersion and kind", async () => {
  await assert.rejects(applier.apply([{ apiVersion: "nope.bosun.test/v1", kind: "Thing", metadata: { name: "t" } }], opts), (e: unknown) => {
    assert.ok(e instanceof ApplySetError);
    assert.match(e.message, /apiVersion "nope\.bosun\.test\/v1" kind "Thing"/);
    return true;
  });
});

test("a conflict with another manager names it and the fields; force takes ownership", async () => {
  await k(["patch", "configmap", "settings", "-n", ns, "--type=merge", "-p", '{"data":{"mode":"slow"}}', "--field-manager=intruder"]);
  await assert.rejects(applier.apply([configMap("settings")], opts), (e: unknown) => {
    assert.ok(e instanceof ApplySetError, String(e));
    const err = e.errors[0];
    assert.ok(err instanceof ApplyConflictError, String(err));
    assert.deepEqual(
      err.conflicts.map((c) => [c.manager, c.field]),
      [["intruder", ".data.mode"]],
    );
    assert.match(err.message, new RegExp(`v1 ConfigMap ${ns}/settings: conflict with field manager "intruder" on \\.data\\.mode`));
    return true;
  });
  assert.deepEqual((await getJson(["configmap", "settings", "-n", ns])).data, { mode: "slow" }, "the conflicting apply changed nothing");
  await applier.apply([configMap("settings")], { ...opts, force: true });
  assert.deepEqual((await getJson(["configmap", "settings", "-n", ns])).data, { mode: "fast" });
});

test("an immutable field change is reported with object and field; replace recreates", async () => {
  await assert.rejects(applier.apply([deployment("web", "web2")], opts), (e: unknown) => {
    assert.ok(e instanceof ApplySetError);
    const err = e.errors[0];
    assert.ok(err instanceof ImmutableFieldError, String(err));
    assert.ok(err.fields.includes("spec.selector"), err.fields.join());
    assert.match(err.message, new RegExp(`apps/v1 Deployment ${ns}/web: immutable field`));
    return true;
  });
  const uid = (await getJson(["deployment", "web", "-n", ns])).metadata as { uid: string };
  const r = await applier.apply([deployment("web", "web2")], { ...opts, replaceOnImmutable: true });
  assert.equal(r.applied[0]?.replaced, true);
  const live = await getJson(["deployment", "web", "-n", ns]);
  assert.notEqual((live.metadata as { uid: string }).uid, uid.uid);
  assert.deepEqual((live.spec as { selector: unknown }).selector, { matchLabels: { app: "web2" } });
});

async function replicaSetsOf(app: string): Promise<{ metadata: { name: string; ownerReferences?: unknown[] } }[]> {
  const list = JSON.parse(await k(["get", "replicasets", "-n", ns, "-l", `app=${app}`, "-o", "json"])) as { items: { metadata: { name: string; ownerReferences?: unknown[] } }[] };
  return list.items;
}

test("prune deletes removed objects with each propagation policy", async () => {
  const set = [deployment("bg"), deployment("fg"), deployment("orphan"), configMap("stays")];
  const { refs: all } = await applier.apply(set, opts);
  for (const app of ["bg", "fg", "orphan"]) await eventually(`ReplicaSet of ${app}`, async () => ((await replicaSetsOf(app)).length > 0 ? true : undefined));
  const without = (name: string, refs: ObjectRef[]): ObjectRef[] => refs.filter((r) => r.name !== name);

  const afterBg = without("bg", all);
  const bg = await applier.prune(all, afterBg, { release });
  assert.deepEqual(bg.deleted.map((r) => r.name), ["bg"]);
  await eventually("bg and its ReplicaSet gone", async () => (!(await exists(["deployment", "bg", "-n", ns])) && (await replicaSetsOf("bg")).length === 0 ? true : undefined));

  const afterFg = without("fg", afterBg);
  const fg = await applier.prune(afterBg, afterFg, { release, propagationPolicy: "Foreground" });
  assert.deepEqual(fg.deleted.map((r) => r.name), ["fg"]);
  await eventually("fg and its ReplicaSet gone", async () => (!(await exists(["deployment", "fg", "-n", ns])) && (await replicaSetsOf("fg")).length === 0 ? true : undefined));

  const afterOrphan = without("orphan", afterFg);
  const orphan = await applier.prune(afterFg, afterOrphan, { release, propagationPolicy: "Orphan" });
  assert.deepEqual(orphan.deleted.map((r) => r.name), ["orphan"]);
  await eventually("orphan deployment gone", async () => (!(await exists(["deployment", "orphan", "-n", ns])) ? true : undefined));
  const rs = await replicaSetsOf("orphan");
  assert.equal(rs.length, 1, "Orphan keeps the ReplicaSet");
  assert.equal(rs[0]?.metadata.ownerReferences, undefined, "…without its owner reference");
  assert.ok(await exists(["configmap", "stays", "-n", ns]));

  // Already-gone objects are not errors.
  const again = await applier.prune(afterFg, afterOrphan, { release });
  assert.deepEqual(again.gone.map((r) => r.name), ["orphan"]);
  assert.deepEqual(again.errors, []);
});

test("prune keeps Prune=false objects, never deletes objects of another release, refuses an empty inventory", async () => {
  const set = [configMap("argo-keep"), configMap("bosun-keep"), configMap("moved"), configMap("anchor")];
  const { refs } = await applier.apply(set, opts);
  await k(["annotate", "configmap", "argo-keep", "-n", ns, "argocd.argoproj.io/sync-options=Prune=false"]);
  await k(["annotate", "configmap", "bosun-keep", "-n", ns, "bosun.dev/prune=false"]);
  await k(["label", "--overwrite", "configmap", "moved", "-n", ns, "bosun.dev/release=someone.else"]);

  await assert.rejects(applier.prune(refs, [], { release }), PruneAllRefusedError);
  for (const n of ["argo-keep", "bosun-keep", "moved", "anchor"]) assert.ok(await exists(["configmap", n, "-n", ns]), `${n} untouched by the refused prune`);

  const next = refs.filter((r) => r.name === "anchor");
  const r = await applier.prune(refs, next, { release });
  assert.deepEqual(r.deleted, []);
  assert.deepEqual(r.kept.map((s) => s.ref.name).sort(), ["argo-keep", "bosun-keep"]);
  assert.match(r.kept.find((s) => s.ref.name === "argo-keep")?.reason ?? "", /Prune=false/);
  assert.deepEqual(r.notOwned.map((s) => s.ref.name), ["moved"]);
  for (const n of ["argo-keep", "bosun-keep", "moved"]) assert.ok(await exists(["configmap", n, "-n", ns]), `${n} kept`);

  const all = await applier.prune([...refs.filter((x) => x.name === "anchor")], [], { release, allowEmpty: true });
  assert.deepEqual(all.deleted.map((x) => x.name), ["anchor"]);
});

test("prune of the first set removes the CR before its CRD", async () => {
  const before = counter.count();
  const keepNs = firstRefs.filter((r) => r.kind === "Namespace");
  const r = await applier.prune(firstRefs, keepNs, { release });
  const deletes = counter.log.slice(before).filter((l) => l.startsWith("DELETE "));
  assert.ok(deletes[0]?.includes("/widgets/"), deletes.join("\n"));
  assert.ok(deletes.at(-1)?.includes("/customresourcedefinitions/"), deletes.join("\n"));
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.deleted.map((x) => x.kind), ["Widget", "Deployment", "Service", "ConfigMap", "CustomResourceDefinition"]);
});
