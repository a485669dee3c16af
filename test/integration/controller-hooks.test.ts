// Helm hooks run by the controller, on the real cluster: order and weights,
// install vs upgrade, each delete policy, a failing hook, disableHooks, test
// hooks only with spec.test.enable, and pre-delete/post-delete when a
// HelmRelease is deleted.
//
// What the kwok cluster does with hook kinds (checked against kwok v0.8.0's
// stages in .env/kwok/clusters/bosun/kwok.yaml): a Pod owned by a Job goes
// Running, then Succeeded ("pod-complete" stage), so the Job controller marks
// the Job Complete; a bare Pod stays Running for good, so a Pod hook never
// succeeds and fails by the release's timeout. A Job whose Pod cannot be
// scheduled (a nodeSelector no node has) with activeDeadlineSeconds: 1 is
// marked Failed (DeadlineExceeded) by the Job controller: a real failed Job.
//
// Order is read from metadata.resourceVersion: each hook is created only
// after the previous one is ready, and a create takes a higher etcd revision
// than every write before it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { HelmRelease } from "../../src/api/index.ts";
import { fromInventory } from "../../src/apply/index.ts";
import { eventually, kubectl, testEnv, uniqueName } from "../env/testenv.ts";
import { apply, applyCrd, condition, createNamespace, deleteNamespace, describeRelease, getRelease, pushChart, releaseYaml, startController, type RunningController } from "./controller-harness.ts";

const ns = uniqueName("hooks");
let repo: string;
let ctl: RunningController;

/** A hook document; `name` is prefixed with the release name so releases sharing a chart do not share hooks. */
function hook(kind: "ConfigMap" | "Job" | "Pod", name: string, events: string, opts: { weight?: number; policy?: string; failing?: boolean } = {}): string {
  const annotations = [`    "helm.sh/hook": ${JSON.stringify(events)}`];
  if (opts.weight !== undefined) annotations.push(`    "helm.sh/hook-weight": "${String(opts.weight)}"`);
  if (opts.policy !== undefined) annotations.push(`    "helm.sh/hook-delete-policy": ${JSON.stringify(opts.policy)}`);
  const meta = `metadata:\n  name: {{ .Release.Name }}-${name}\n  annotations:\n${annotations.join("\n")}\n`;
  const container = "containers: [{name: main, image: busybox}]";
  if (kind === "ConfigMap") return `apiVersion: v1\nkind: ConfigMap\n${meta}data:\n  revision: "{{ .Release.Revision }}"\n`;
  if (kind === "Pod") return `apiVersion: v1\nkind: Pod\n${meta}spec:\n  restartPolicy: Never\n  ${container}\n`;
  const failing = opts.failing ? "  activeDeadlineSeconds: 1\n" : "";
  const selector = opts.failing ? "      nodeSelector: {bosun.dev/no-such-node: \"true\"}\n" : "";
  return `apiVersion: batch/v1\nkind: Job\n${meta}spec:\n  backoffLimit: 0\n${failing}  template:\n    spec:\n      restartPolicy: Never\n${selector}      ${container}\n`;
}

const mainCm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-main
data:
  value: {{ .Values.value | quote }}
`;

async function push(name: string, hooks: string[]): Promise<void> {
  await pushChart(repo, { name, version: "1.0.0", templates: { "main.yaml": mainCm, "hooks.yaml": hooks.join("---\n") }, values: "value: one\n" });
}

function spec(chart: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { chart: { repository: `${repo}/${chart}`, version: "1.0.0", plainHTTP: true }, timeout: "60s", ...extra };
}

before(async () => {
  await applyCrd();
  await createNamespace(ns);
  repo = `oci://${testEnv().registry}/${uniqueName("hooks")}`;
  await push("lifecycle", [
    hook("ConfigMap", "pre-b", "pre-install", { weight: 5 }),
    hook("ConfigMap", "pre-a", "pre-install", { weight: 5 }),
    hook("Job", "pre-job", "pre-install", { weight: -1 }),
    hook("ConfigMap", "pre-first", "pre-install", { weight: -10 }),
    hook("ConfigMap", "post-inst", "post-install"),
    hook("ConfigMap", "upg-pre", "pre-upgrade"),
    hook("ConfigMap", "upg-post", "post-upgrade"),
  ]);
  await push("policies", [
    hook("Job", "job-succeeded", "pre-install,pre-upgrade", { weight: 1, policy: "hook-succeeded" }),
    hook("ConfigMap", "cm-default", "pre-install,pre-upgrade", { weight: 2 }),
    hook("ConfigMap", "cm-failed-only", "pre-install,pre-upgrade", { weight: 3, policy: "hook-failed" }),
  ]);
  await push("failing", [
    hook("ConfigMap", "before-fail", "pre-install", { weight: -1, policy: "hook-succeeded" }),
    hook("ConfigMap", "before-fail-kept", "pre-install", { weight: -1 }),
    hook("Job", "doomed", "pre-install", { weight: 0, policy: "hook-failed", failing: true }),
    hook("ConfigMap", "after-fail", "pre-install", { weight: 1 }),
  ]);
  await push("tested", [hook("ConfigMap", "pre", "pre-install"), hook("Job", "t-job", "test", { policy: "before-hook-creation" })]);
  await push("test-fails", [hook("Pod", "t-pod", "test")]);
  await push("deletable", [hook("ConfigMap", "pre-del", "pre-delete"), hook("ConfigMap", "post-del", "post-delete"), hook("ConfigMap", "pre", "pre-install")]);
  ctl = await startController({ name: "controller-hooks", namespaces: [ns] });
});

after(async () => {
  await ctl.stop();
  await deleteNamespace(ns);
});

async function waitReady(name: string, generation = 1): Promise<HelmRelease> {
  return eventually<HelmRelease>(`${name} Ready`, async () => {
    const x = await getRelease(ns, name);
    const ready = condition(x, "Ready");
    return ready?.status === "True" && ready.observedGeneration === generation && x?.status?.observedGeneration === generation ? x : undefined;
  }, { timeoutMs: 90_000, describe: () => describeRelease(ns, name) });
}

async function waitNotReady(name: string, reason: string): Promise<HelmRelease> {
  return eventually(`${name} Ready=False ${reason}`, async () => {
    const x = await getRelease(ns, name);
    const ready = condition(x, "Ready");
    return ready?.status === "False" && ready.reason === reason ? x : undefined;
  }, { timeoutMs: 90_000, describe: () => describeRelease(ns, name) });
}

interface Live {
  uid: string;
  rv: number;
  status?: { conditions?: { type: string; status: string }[] };
}

/** The live object, or undefined when it does not exist (or is being deleted). */
async function live(kind: string, name: string): Promise<Live | undefined> {
  const r = await kubectl(["get", kind, "-n", ns, name, "-o", "json", "--ignore-not-found"]);
  assert.equal(r.code, 0, r.stderr);
  if (r.stdout.trim() === "") return undefined;
  const o = JSON.parse(r.stdout) as { metadata: { uid: string; resourceVersion: string; deletionTimestamp?: string }; status?: Live["status"] };
  if (o.metadata.deletionTimestamp !== undefined) return undefined;
  return { uid: o.metadata.uid, rv: Number(o.metadata.resourceVersion), ...(o.status ? { status: o.status } : {}) };
}

async function mustExist(kind: string, name: string): Promise<Live> {
  const o = await live(kind, name);
  assert.ok(o, `${kind} ${ns}/${name} should exist`);
  return o;
}

function inventoryNames(hr: HelmRelease | undefined): string[] {
  return hr?.status?.inventory ? fromInventory(hr.status.inventory).map((r) => `${r.kind}/${r.name}`) : [];
}

/** Notes of the Events bosun recorded about a HelmRelease with this reason. */
async function eventNotes(release: string, reason: string): Promise<string[]> {
  const r = await kubectl(["get", "events.events.k8s.io", "-n", ns, "-o", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const items = (JSON.parse(r.stdout) as { items: { regarding?: { name?: string }; reason?: string; note?: string }[] }).items;
  return items.filter((e) => e.regarding?.name === release && e.reason === reason).map((e) => e.note ?? "");
}

async function setValue(release: string, chart: string, value: string, extra: Record<string, unknown> = {}): Promise<void> {
  const r = await apply(releaseYaml(ns, release, spec(chart, { values: { value }, ...extra })));
  assert.equal(r.code, 0, r.stderr);
}

test("hooks run in weight-then-name order around the apply; pre-install and post-install on the first sync only, pre-upgrade and post-upgrade on an upgrade; none enters the inventory", async () => {
  const r = "order";
  await setValue(r, "lifecycle", "one");
  const installed = await waitReady(r);
  const [first, job, a, b, main, post] = await Promise.all(
    ["pre-first", "pre-job", "pre-a", "pre-b", "main", "post-inst"].map((n) => mustExist(n === "pre-job" ? "job" : "configmap", `${r}-${n}`)),
  );
  assert.ok(first && job && a && b && main && post);
  assert.ok(first.rv < job.rv && job.rv < a.rv && a.rv < b.rv, "pre-install: weight -10, -1, then weight 5 by name (pre-a before pre-b)");
  assert.ok(b.rv < main.rv, "pre-install hooks before the chart's objects");
  assert.ok(main.rv < post.rv, "post-install after the chart's objects");
  assert.ok(job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True"), "the Job hook ran to completion before the next hook");
  assert.equal(await live("configmap", `${r}-upg-pre`), undefined, "no pre-upgrade hook on install");
  assert.equal(await live("configmap", `${r}-upg-post`), undefined, "no post-upgrade hook on install");
  assert.deepEqual(inventoryNames(installed), [`ConfigMap/${r}-main`]);
  await eventually("a HookSucceeded Event for pre-install", async () => {
    const notes = await eventNotes(r, "HookSucceeded");
    return notes.includes(`pre-install hooks succeeded: ConfigMap ${ns}/${r}-pre-first, Job ${ns}/${r}-pre-job, ConfigMap ${ns}/${r}-pre-a, ConfigMap ${ns}/${r}-pre-b`) ? notes : undefined;
  });

  await setValue(r, "lifecycle", "two");
  const upgraded = await waitReady(r, 2);
  const [upgPre, main2, upgPost] = await Promise.all(["upg-pre", "main", "upg-post"].map((n) => mustExist("configmap", `${r}-${n}`)));
  assert.ok(upgPre && main2 && upgPost);
  assert.ok(upgPre.rv < main2.rv && main2.rv < upgPost.rv, "pre-upgrade, the update, post-upgrade");
  assert.ok(upgPre.rv > post.rv, "pre-upgrade ran in the second sync");
  assert.equal((await mustExist("configmap", `${r}-pre-a`)).uid, a.uid, "pre-install did not run again (its before-hook-creation would have re-created it)");
  assert.equal((await mustExist("configmap", `${r}-post-inst`)).uid, post.uid, "post-install did not run again");
  assert.deepEqual(inventoryNames(upgraded), [`ConfigMap/${r}-main`]);
});

test("delete policies: hook-succeeded deletes after success, the default before-hook-creation re-creates on the next run, hook-failed alone keeps a succeeded hook and updates it in place", async () => {
  const r = "policies";
  await setValue(r, "policies", "one");
  await waitReady(r);
  assert.equal(await live("job", `${r}-job-succeeded`), undefined, "hook-succeeded: deleted once the hooks succeeded");
  const dflt = await mustExist("configmap", `${r}-cm-default`);
  const failedOnly = await mustExist("configmap", `${r}-cm-failed-only`);

  await setValue(r, "policies", "two");
  await waitReady(r, 2);
  assert.equal(await live("job", `${r}-job-succeeded`), undefined);
  const dflt2 = await mustExist("configmap", `${r}-cm-default`);
  const failedOnly2 = await mustExist("configmap", `${r}-cm-failed-only`);
  assert.notEqual(dflt2.uid, dflt.uid, "before-hook-creation (the default): deleted and created again");
  assert.equal(failedOnly2.uid, failedOnly.uid, "no before-hook-creation: the existing object is applied to, not re-created");
  assert.ok(failedOnly2.rv > failedOnly.rv, "…and it was applied again (its revision data changed)");
  const data = await kubectl(["get", "configmap", "-n", ns, `${r}-cm-failed-only`, "-o", "jsonpath={.data.revision}"]);
  assert.equal(data.stdout, "2");
});

test("a failing hook fails the sync with HookFailed naming it, cleans up by policy, stops the hooks after it and the apply, and schedules a retry", async () => {
  const r = "failing";
  await apply(releaseYaml(ns, r, spec("failing", { syncPolicy: { retry: { limit: 3, backoff: { duration: "1m" } } } })));
  const hr = await waitNotReady(r, "HookFailed");
  const ready = condition(hr, "Ready");
  assert.match(ready?.message ?? "", new RegExp(`^pre-install hook Job ${ns}/${r}-doomed failed: job ${r}-doomed failed: DeadlineExceeded`));
  assert.equal(condition(hr, "Reconciling")?.reason, "ProgressingWithRetry");
  assert.equal(hr.status?.retry?.attempts, 1);
  assert.ok(hr.status.retry.nextAttemptAt, "a retry is scheduled");
  // The status is written after the cleanup: no waiting needed.
  assert.equal(await live("job", `${r}-doomed`), undefined, "hook-failed: the failed Job is deleted");
  assert.equal(await live("configmap", `${r}-before-fail`), undefined, "hook-succeeded on an earlier hook: deleted after the failure too");
  await mustExist("configmap", `${r}-before-fail-kept`);
  assert.equal(await live("configmap", `${r}-after-fail`), undefined, "the hooks after the failed one never ran");
  assert.equal(await live("configmap", `${r}-main`), undefined, "the chart's objects were not applied");
  assert.deepEqual(inventoryNames(hr), [`ConfigMap/${r}-main`], "the inventory holds the planned objects only, no hook");
  await eventually("a Warning HookFailed Event from the hook runner", async () => {
    const notes = await eventNotes(r, "HookFailed");
    return notes.some((n) => n.startsWith(`pre-install hook Job ${ns}/${r}-doomed failed`)) ? notes : undefined;
  });
});

test("disableHooks: no hook runs, the release still installs and upgrades", async () => {
  const r = "nohooks";
  await setValue(r, "lifecycle", "one", { disableHooks: true });
  await waitReady(r);
  await setValue(r, "lifecycle", "two", { disableHooks: true });
  await waitReady(r, 2);
  await mustExist("configmap", `${r}-main`);
  for (const n of ["pre-first", "pre-a", "pre-b", "post-inst", "upg-pre", "upg-post"]) assert.equal(await live("configmap", `${r}-${n}`), undefined, n);
  assert.equal(await live("job", `${r}-pre-job`), undefined);
});

test("test hooks run after a successful sync only with spec.test.enable; a failing test is TestFailed", async () => {
  await setValue("untested", "tested", "one");
  await setValue("tested", "tested", "one", { test: { enable: true } });
  await waitReady("untested");
  const tested = await waitReady("tested");
  await mustExist("configmap", "untested-pre");
  assert.equal(await live("job", "untested-t-job"), undefined, "no tests without spec.test.enable");
  const job = await mustExist("job", "tested-t-job");
  assert.ok(job.status?.conditions?.some((c) => c.type === "Complete" && c.status === "True"), "the test Job completed before Ready");
  assert.ok(job.rv > (await mustExist("configmap", "tested-main")).rv, "tests after the chart's objects");
  assert.deepEqual(inventoryNames(tested), ["ConfigMap/tested-main"]);

  // kwok never completes a bare Pod: the test times out.
  await setValue("badtest", "test-fails", "one", { test: { enable: true }, timeout: "3s" });
  const bad = await waitNotReady("badtest", "TestFailed");
  assert.match(condition(bad, "Ready")?.message ?? "", new RegExp(`^test hook Pod ${ns}/badtest-t-pod failed: not ready within 3s: InProgress: Pod is in the Running phase`));
  await mustExist("configmap", "badtest-main");
});

test("deleting a HelmRelease runs pre-delete, deletes its objects, then runs post-delete", async () => {
  const r = "deletable";
  await setValue(r, "deletable", "one");
  await waitReady(r);
  assert.equal(await live("configmap", `${r}-pre-del`), undefined, "delete hooks do not run on install");
  assert.equal(await live("configmap", `${r}-post-del`), undefined);
  const del = await kubectl(["delete", "helmrelease", "-n", ns, r, "--wait=false"]);
  assert.equal(del.code, 0, del.stderr);
  await eventually(`${r} gone`, async () => ((await getRelease(ns, r)) === undefined ? true : undefined), { timeoutMs: 90_000, describe: () => describeRelease(ns, r) });
  assert.equal(await live("configmap", `${r}-main`), undefined, "the release's objects are deleted");
  const pre = await mustExist("configmap", `${r}-pre-del`);
  const post = await mustExist("configmap", `${r}-post-del`);
  assert.ok(pre.rv < post.rv, "pre-delete before post-delete");
  await eventually("a HookSucceeded Event for post-delete", async () => {
    const notes = await eventNotes(r, "HookSucceeded");
    return notes.includes(`post-delete hooks succeeded: ConfigMap ${ns}/${r}-post-del`) ? notes : undefined;
  });
});
