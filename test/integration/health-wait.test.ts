// The health waiter against the real test cluster (kube-apiserver,
// controller-manager, scheduler, kwok's fake nodes). kwok marks scheduled Pods
// Ready and completes Pods owned by Jobs (its pod-complete stage), so the
// Deployment and the Job reach their end states on their own; nothing is
// patched by the test.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { WaitError, waitForCurrent, type ObjectRef, type ObjectState } from "../../src/health/index.ts";
import { kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("health");

async function apply(yaml: string): Promise<void> {
  const r = await kubectl(["apply", "-n", ns, "-f", "-"], yaml);
  assert.equal(r.code, 0, r.stderr);
}

function deployment(name: string, replicas: number, nodeSelector?: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image: "registry.invalid/app:1" }], ...(nodeSelector && { nodeSelector }) },
      },
    },
  });
}

before(async () => {
  const r = await kubectl(["create", "namespace", ns]);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("a Deployment (with a Service and a ConfigMap) becomes Current through watch events", async () => {
  const refs: ObjectRef[] = [
    { apiVersion: "apps/v1", kind: "Deployment", namespace: ns, name: "web" },
    { apiVersion: "v1", kind: "Service", namespace: ns, name: "web" },
    { apiVersion: "v1", kind: "ConfigMap", namespace: ns, name: "web" },
  ];
  const seen: string[] = [];
  // Start waiting before the objects exist, so the whole way is observed.
  const waiting = waitForCurrent(kubeConfig(), refs, {
    timeoutMs: 90_000,
    onChange: (s) => seen.push(`${s.ref.kind}: ${s.status}: ${s.message}`),
  });
  await new Promise((r) => setTimeout(r, 500));
  await apply(deployment("web", 2));
  await apply(JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } }));
  await apply(JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" }, data: { a: "1" } }));
  const states = await waiting;
  assert.deepEqual(
    states.map((s) => [s.ref.kind, s.status, s.message]),
    [
      ["Deployment", "Current", "Deployment is available. Replicas: 2"],
      ["Service", "Current", "Service is ready"],
      ["ConfigMap", "Current", "Resource is always ready"],
    ],
  );
  // NotFound first, then InProgress steps from watch events, then Current.
  const steps = seen.filter((s) => s.startsWith("Deployment:"));
  assert.equal(steps[0], "Deployment: NotFound: Resource not found");
  assert.ok(steps.some((s) => s.startsWith("Deployment: InProgress: ")), JSON.stringify(steps));
  assert.equal(steps.at(-1), "Deployment: Current: Deployment is available. Replicas: 2");
});

test("a hook Job completes (kwok completes its Pod) and satisfies Helm's hook rule", async () => {
  await apply(
    JSON.stringify({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "migrate" },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: "Never", containers: [{ name: "m", image: "registry.invalid/migrate:1" }] } } },
    }),
  );
  const seen: ObjectState[] = [];
  const [job] = await waitForCurrent(kubeConfig(), [{ apiVersion: "batch/v1", kind: "Job", namespace: ns, name: "migrate" }], {
    timeoutMs: 90_000,
    hooks: true,
    onChange: (s) => seen.push({ ...s }),
  });
  assert.equal(job?.status, "Current");
  assert.equal(job.message, "Job Completed. succeeded: 1");
  // The live object really carries Complete=True (Helm's rule), not just a start time (kstatus's).
  const complete = await kubectl(["get", "job", "migrate", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Complete\")].status}"]);
  assert.equal(complete.stdout, "True");
  // Before completion it was not Current under the hook rule (kstatus alone would say Current once started).
  assert.ok(seen.length >= 1 && seen.slice(0, -1).every((s) => s.status !== "Current"), JSON.stringify(seen.map((s) => s.message)));
});

test("the waiter fails fast when a Pod is unschedulable past kstatus's 15 s window", async () => {
  await apply(
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "nowhere" },
      spec: { nodeSelector: { "bosun.dev/no-such-node": "true" }, containers: [{ name: "app", image: "registry.invalid/app:1" }] },
    }),
  );
  const t0 = Date.now();
  const err = await waitForCurrent(kubeConfig(), [{ apiVersion: "v1", kind: "Pod", namespace: ns, name: "nowhere" }], { timeoutMs: 90_000 }).then(
    () => assert.fail("the Pod cannot become Current"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WaitError, String(err));
  assert.equal(err.reason, "Failed");
  assert.equal(err.message, `Pod ${ns}/nowhere (v1) is Failed: Pod could not be scheduled`);
  assert.ok(Date.now() - t0 < 45_000, "failed on the Pod's Failed status, long before the timeout");
});

test("on a timeout the waiter names, per object, what is not ready (pods that can never schedule)", async () => {
  await apply(deployment("stuck", 1, { "bosun.dev/no-such-node": "true" }));
  await apply(JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok" }, data: { a: "1" } }));
  const refs: ObjectRef[] = [
    { apiVersion: "apps/v1", kind: "Deployment", namespace: ns, name: "stuck" },
    { apiVersion: "v1", kind: "ConfigMap", namespace: ns, name: "ok" },
    { apiVersion: "v1", kind: "ConfigMap", namespace: ns, name: "never-created" },
  ];
  const err = await waitForCurrent(kubeConfig(), refs, { timeoutMs: 20_000 }).then(
    () => assert.fail("the Deployment cannot become Current"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WaitError, String(err));
  assert.equal(err.reason, "Timeout");
  assert.equal(
    err.message,
    [
      "timed out after 20s waiting for 2 of 3 objects to become Current:",
      `  Deployment ${ns}/stuck (apps/v1): InProgress: Available: 0/1`,
      `  ConfigMap ${ns}/never-created (v1): NotFound: Resource not found`,
    ].join("\n"),
  );
  assert.deepEqual(
    err.objects.map((s) => s.status),
    ["InProgress", "Current", "NotFound"],
  );
});

test("an unknown kind is an error naming the object", async () => {
  const err = await waitForCurrent(kubeConfig(), [{ apiVersion: "example.com/v1", kind: "Nope", namespace: ns, name: "x" }], { timeoutMs: 5_000 }).then(
    () => assert.fail("cannot wait for an unknown kind"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WaitError);
  assert.equal(err.reason, "Error");
  assert.match(err.message, new RegExp(`^cannot wait for Nope ${ns}/x \\(example\\.com/v1\\): the server has no resource for kind Nope in example\\.com/v1$`));
});
