// The per-kind table and the one time-dependent rule (the Pod scheduling
// window), which the kstatus-generated table can only probe far from the edge.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KIND_RULES, SCHEDULE_WINDOW_MS, computeStatus, kindRule, type KubeObject } from "../../../src/health/index.ts";

describe("the kind table", () => {
  test("has exactly kstatus's legacyTypes keys", () => {
    assert.deepEqual([...KIND_RULES.keys()].sort(), [
      "ConfigMap",
      "PersistentVolumeClaim",
      "Pod",
      "Secret",
      "Service",
      "apiextensions.k8s.io/CustomResourceDefinition",
      "apps/DaemonSet",
      "apps/Deployment",
      "apps/ReplicaSet",
      "apps/StatefulSet",
      "batch/CronJob",
      "batch/Job",
      "extensions/DaemonSet",
      "extensions/Deployment",
      "extensions/ReplicaSet",
      "policy/PodDisruptionBudget",
    ]);
  });
  test("keys on the API group, not the version", () => {
    assert.equal(kindRule({ apiVersion: "apps/v1beta2", kind: "Deployment" }), KIND_RULES.get("apps/Deployment"));
    assert.equal(kindRule({ apiVersion: "v1", kind: "Pod" }), KIND_RULES.get("Pod"));
    assert.equal(kindRule({ apiVersion: "example.com/v1", kind: "Pod" }), undefined);
    assert.equal(kindRule({ apiVersion: "a/b/c", kind: "Pod" }), undefined);
  });
});

describe("the Pod scheduling window", () => {
  const created = Date.parse("2024-05-01T10:00:00Z");
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "default", creationTimestamp: "2024-05-01T10:00:00Z" },
    status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: "0/2 nodes are available" }] },
  };
  test("is InProgress (PodNotScheduled) inside the window", () => {
    const r = computeStatus(pod, { now: created + SCHEDULE_WINDOW_MS - 1 });
    assert.equal(r.status, "InProgress");
    assert.equal(r.message, "Pod has not been scheduled");
    assert.deepEqual(r.conditions, [{ type: "Reconciling", status: "True", reason: "PodNotScheduled", message: "Pod has not been scheduled" }]);
  });
  test("is Failed (PodUnschedulable) from the end of the window", () => {
    for (const now of [created + SCHEDULE_WINDOW_MS, new Date(created + 60_000)]) {
      const r = computeStatus(pod, { now });
      assert.equal(r.status, "Failed");
      assert.deepEqual(r.conditions, [{ type: "Stalled", status: "True", reason: "PodUnschedulable", message: "Pod could not be scheduled" }]);
    }
  });
});
