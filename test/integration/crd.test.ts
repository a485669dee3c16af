// A CustomResourceDefinition becomes Established and serves custom resources.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { eventually, kubeConfig, uniqueName } from "../env/testenv.ts";

// A unique group per run, so a leftover CRD from a crashed run never interferes.
const group = `${uniqueName("t")}.test.bosun.dev`;
const crdName = `widgets.${group}`;
const ns = uniqueName("crd");
let ext: k8s.ApiextensionsV1Api;
let core: k8s.CoreV1Api;
let custom: k8s.CustomObjectsApi;

before(async () => {
  const kc = kubeConfig();
  ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
  core = kc.makeApiClient(k8s.CoreV1Api);
  custom = kc.makeApiClient(k8s.CustomObjectsApi);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

after(async () => {
  await core.deleteNamespace({ name: ns });
  await ext.deleteCustomResourceDefinition({ name: crdName });
});

test("a CRD becomes Established and a custom resource round-trips", async () => {
  await ext.createCustomResourceDefinition({
    body: {
      metadata: { name: crdName },
      spec: {
        group,
        scope: "Namespaced",
        names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: { type: "object", properties: { size: { type: "integer", minimum: 1 } }, required: ["size"] },
                },
              },
            },
          },
        ],
      },
    },
  });

  await eventually("CRD to be Established", async () => {
    const crd = await ext.readCustomResourceDefinition({ name: crdName });
    return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") ? true : undefined;
  });

  const created = (await custom.createNamespacedCustomObject({
    group,
    version: "v1",
    namespace: ns,
    plural: "widgets",
    body: { apiVersion: `${group}/v1`, kind: "Widget", metadata: { name: "w1" }, spec: { size: 3 } },
  })) as { metadata: { uid: string } };
  assert.ok(created.metadata.uid);

  const read = (await custom.getNamespacedCustomObject({ group, version: "v1", namespace: ns, plural: "widgets", name: "w1" })) as {
    kind: string;
    spec: { size: number };
    metadata: { uid: string };
  };
  assert.equal(read.kind, "Widget");
  assert.equal(read.spec.size, 3);
  assert.equal(read.metadata.uid, created.metadata.uid);

  // The schema is enforced by the real apiserver: size below its minimum is rejected.
  await assert.rejects(
    custom.createNamespacedCustomObject({
      group,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: { apiVersion: `${group}/v1`, kind: "Widget", metadata: { name: "w2" }, spec: { size: 0 } },
    }),
    (err: unknown) => err instanceof k8s.ApiException && err.code === 422,
  );
});
