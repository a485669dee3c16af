// Proof that the test cluster is a real one: controller-manager creates the
// ReplicaSet, the scheduler binds Pods to kwok's fake nodes, kwok marks them
// Ready, and the Deployment controller reports Available.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { eventually, kubeConfig, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("deploy");
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;

before(async () => {
  const kc = kubeConfig();
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

after(async () => {
  await core.deleteNamespace({ name: ns });
});

test("a Deployment with 2 replicas becomes Available with 2 Ready pods on kwok nodes", async () => {
  await apps.createNamespacedDeployment({
    namespace: ns,
    body: {
      metadata: { name: "web" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "registry.invalid/web:1" }] },
        },
      },
    },
  });

  const status = await eventually(
    "Deployment web to be Available with 2 ready replicas",
    async () => {
      const d = await apps.readNamespacedDeployment({ name: "web", namespace: ns });
      const available = d.status?.conditions?.find((c) => c.type === "Available");
      return available?.status === "True" && d.status?.readyReplicas === 2 ? d.status : undefined;
    },
    {
      timeoutMs: 120_000,
      describe: async () => JSON.stringify((await apps.readNamespacedDeployment({ name: "web", namespace: ns })).status),
    },
  );
  assert.equal(status.availableReplicas, 2);
  assert.equal(status.updatedReplicas, 2);

  const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: "app=web" });
  assert.equal(pods.items.length, 2);
  for (const pod of pods.items) {
    assert.match(pod.spec?.nodeName ?? "", /^kwok-node-/, "the scheduler bound the pod to a fake node");
    assert.equal(pod.status?.phase, "Running");
    assert.equal(pod.status.conditions?.find((c) => c.type === "Ready")?.status, "True");
  }
});
