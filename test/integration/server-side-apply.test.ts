// Server-side apply through @kubernetes/client-node with field manager
// `bosun`, and the conflict another manager gets when it claims the field.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { kubeConfig, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("ssa");
let core: k8s.CoreV1Api;
let objects: k8s.KubernetesObjectApi;

const configMap = (data: Record<string, string>): k8s.V1ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "settings", namespace: ns },
  data,
});

before(async () => {
  const kc = kubeConfig();
  core = kc.makeApiClient(k8s.CoreV1Api);
  objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

after(async () => {
  await core.deleteNamespace({ name: ns });
});

test("server-side apply records field manager bosun in managedFields", async () => {
  const applied = await objects.patch(configMap({ mode: "fast" }), undefined, undefined, "bosun", false, k8s.PatchStrategy.ServerSideApply);
  assert.equal(applied.metadata?.name, "settings");

  const live = await core.readNamespacedConfigMap({ name: "settings", namespace: ns });
  assert.deepEqual(live.data, { mode: "fast" });
  const entry = live.metadata?.managedFields?.find((f) => f.manager === "bosun");
  assert.ok(entry, `managedFields: ${JSON.stringify(live.metadata?.managedFields)}`);
  assert.equal(entry.operation, "Apply");
  assert.ok(JSON.stringify(entry.fieldsV1).includes("f:mode"), "bosun owns data.mode");
});

test("another manager applying the same field gets 409 Conflict naming bosun", async () => {
  await assert.rejects(
    objects.patch(configMap({ mode: "slow" }), undefined, undefined, "someone-else", false, k8s.PatchStrategy.ServerSideApply),
    (err: unknown) => {
      assert.ok(err instanceof k8s.ApiException, `expected ApiException, got ${String(err)}`);
      assert.equal(err.code, 409);
      const status = JSON.parse(String(err.body)) as { reason: string; details: { causes: { reason: string; message: string; field: string }[] } };
      assert.equal(status.reason, "Conflict");
      assert.deepEqual(status.details.causes, [{ reason: "FieldManagerConflict", message: 'conflict with "bosun"', field: ".data.mode" }]);
      return true;
    },
  );
  const live = await core.readNamespacedConfigMap({ name: "settings", namespace: ns });
  assert.deepEqual(live.data, { mode: "fast" }, "the conflicting apply changed nothing");
});
