import assert from "node:assert/strict";
import { test } from "node:test";
import { appliedFieldSet, diffOnFields, fieldSetPaths, formatPath, mergeFieldSets, parsePathElement, valueAt } from "../../../src/apply/fields.ts";

// What the API server records for bosun's apply of a Deployment (trimmed from a real answer).
const deploymentFields = {
  "f:metadata": {
    "f:annotations": { "f:bosun.dev/owner-name": {}, "f:bosun.dev/owner-namespace": {} },
    "f:labels": { "f:bosun.dev/release": {} },
  },
  "f:spec": {
    "f:replicas": {},
    "f:selector": {},
    "f:template": {
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"c"}': {
            ".": {},
            "f:image": {},
            "f:name": {},
            "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
            "f:env": { 'k:{"name":"A"}': { ".": {}, "f:name": {}, "f:value": {} } },
          },
        },
      },
    },
  },
};

const deployment = (patch: (d: { spec: { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } }; metadata: Record<string, unknown> }) => void = () => undefined): unknown => {
  const d = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "ns",
      uid: "u1",
      resourceVersion: "10",
      generation: 1,
      labels: { "bosun.dev/release": "ns.rel" },
      annotations: { "bosun.dev/owner-name": "rel", "bosun.dev/owner-namespace": "ns", "deployment.kubernetes.io/revision": "1" },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "sidecar", image: "other:1" },
            { name: "c", image: "app:1", ports: [{ containerPort: 8080, protocol: "TCP" }], env: [{ name: "A", value: "1" }], imagePullPolicy: "IfNotPresent" },
          ],
        },
      },
    },
    status: { replicas: 1 },
  };
  patch(d);
  return d;
};

test("parsePathElement: f:, k:, v:, i:", () => {
  assert.deepEqual(parsePathElement("f:spec"), { field: "spec" });
  assert.deepEqual(parsePathElement("f:bosun.dev/owner-name"), { field: "bosun.dev/owner-name" });
  assert.deepEqual(parsePathElement('k:{"containerPort":8080,"protocol":"TCP"}'), { key: { containerPort: 8080, protocol: "TCP" } });
  assert.deepEqual(parsePathElement('v:"kubernetes.io/pvc-protection"'), { value: "kubernetes.io/pvc-protection" });
  assert.deepEqual(parsePathElement("v:3"), { value: 3 });
  assert.deepEqual(parsePathElement("i:2"), { index: 2 });
  assert.throws(() => parsePathElement("x:y"), /invalid fieldsV1 key/);
  assert.throws(() => parsePathElement("spec"), /invalid fieldsV1 key/);
  assert.throws(() => parsePathElement("i:-1"), /invalid fieldsV1 key/);
  assert.throws(() => parsePathElement('k:"a"'), /not an object/);
});

test("fieldSetPaths: leaves and '.' members, formatted as JSON-pointer-like paths", () => {
  const paths = fieldSetPaths(deploymentFields).map(formatPath);
  assert.deepEqual(paths, [
    "/metadata/annotations/bosun.dev~1owner-name",
    "/metadata/annotations/bosun.dev~1owner-namespace",
    "/metadata/labels/bosun.dev~1release",
    "/spec/replicas",
    "/spec/selector",
    "/spec/template/metadata/labels/app",
    "/spec/template/spec/containers/[name=c]",
    "/spec/template/spec/containers/[name=c]/image",
    "/spec/template/spec/containers/[name=c]/name",
    "/spec/template/spec/containers/[name=c]/ports/[containerPort=8080,protocol=TCP]",
    "/spec/template/spec/containers/[name=c]/ports/[containerPort=8080,protocol=TCP]/containerPort",
    "/spec/template/spec/containers/[name=c]/env/[name=A]",
    "/spec/template/spec/containers/[name=c]/env/[name=A]/name",
    "/spec/template/spec/containers/[name=c]/env/[name=A]/value",
  ]);
  assert.deepEqual(fieldSetPaths({ "f:metadata": { "f:finalizers": { 'v:"a/b"': {}, "v:7": {} } }, "f:args": { "i:0": {} } }).map(formatPath), [
    '/metadata/finalizers/["a~1b"]',
    "/metadata/finalizers/[7]",
    "/args/0",
  ]);
  assert.throws(() => fieldSetPaths({ "f:a": "x" }), /invalid fieldsV1 at \/a/);
});

test("valueAt follows fields, list keys, set values and indexes", () => {
  const d = deployment();
  assert.equal(valueAt(d, [{ field: "spec" }, { field: "template" }, { field: "spec" }, { field: "containers" }, { key: { name: "c" } }, { field: "image" }]), "app:1");
  assert.equal(valueAt(d, [{ field: "spec" }, { field: "template" }, { field: "spec" }, { field: "containers" }, { index: 0 }, { field: "name" }]), "sidecar");
  assert.equal(valueAt({ f: ["x", "y"] }, [{ field: "f" }, { value: "y" }]), "y");
  assert.equal(valueAt({ f: ["x"] }, [{ field: "f" }, { value: "z" }]), undefined);
  assert.equal(valueAt({ a: 1 }, [{ field: "a" }, { field: "b" }]), undefined);
});

test("diffOnFields: equal on owned fields → no paths, whatever else differs", () => {
  const a = deployment();
  const b = deployment((d) => {
    d.metadata.resourceVersion = "99";
    d.metadata.generation = 7;
    (d.metadata.annotations as Record<string, string>)["deployment.kubernetes.io/revision"] = "3"; // not owned
    const sidecar = d.spec.template.spec.containers[0];
    if (sidecar) sidecar.image = "other:2"; // another container, not owned
  });
  assert.deepEqual(diffOnFields(deploymentFields, a, b), []);
});

test("diffOnFields: a changed scalar, a changed list item field, an atomic field", () => {
  const a = deployment();
  const b = deployment((d) => {
    d.spec.replicas = 5;
    const c = d.spec.template.spec.containers[1];
    if (c) c.image = "app:2";
    (d.spec as unknown as { selector: unknown }).selector = { matchLabels: { app: "web" }, matchExpressions: [] };
  });
  assert.deepEqual(diffOnFields(deploymentFields, a, b), ["/spec/replicas", "/spec/selector", "/spec/template/spec/containers/[name=c]/image"]);
});

test("diffOnFields: a list item missing on one side is one path; the item's order does not matter", () => {
  const a = deployment();
  const b = deployment((d) => {
    const c = d.spec.template.spec.containers[1];
    if (c) c.env = [];
    d.spec.template.spec.containers.reverse();
  });
  assert.deepEqual(diffOnFields(deploymentFields, a, b), ["/spec/template/spec/containers/[name=c]/env/[name=A]"]);
  const noContainer = deployment((d) => {
    d.spec.template.spec.containers = [];
  });
  assert.deepEqual(diffOnFields(deploymentFields, a, noContainer), ["/spec/template/spec/containers/[name=c]"]);
});

test("diffOnFields: a removed owned map key; set values", () => {
  const fields = { "f:data": { "f:mode": {}, "f:level": {} }, "f:metadata": { "f:finalizers": { 'v:"x"': {} } } };
  assert.deepEqual(diffOnFields(fields, { data: { mode: "fast", level: "1" } }, { data: { mode: "fast" } }), ["/data/level"]);
  assert.deepEqual(diffOnFields(fields, { data: { mode: "fast", level: "1" } }, { data: { mode: "slow", level: "1" } }), ["/data/mode"]);
  assert.deepEqual(diffOnFields(fields, { metadata: { finalizers: ["x"] } }, { metadata: { finalizers: ["y"] } }), ['/metadata/finalizers/["x"]']);
});

test("diffOnFields never compares status or server bookkeeping, even when listed", () => {
  const fields = { "f:status": { "f:phase": {} }, "f:metadata": { "f:uid": {}, "f:resourceVersion": {}, "f:generation": {}, "f:creationTimestamp": {}, "f:managedFields": {}, "f:name": {} } };
  const a = { status: { phase: "A" }, metadata: { uid: "1", resourceVersion: "1", generation: 1, creationTimestamp: "t1", managedFields: [], name: "n" } };
  const b = { status: { phase: "B" }, metadata: { uid: "2", resourceVersion: "2", generation: 2, creationTimestamp: "t2", managedFields: [{}], name: "n" } };
  assert.deepEqual(diffOnFields(fields, a, b), []);
  assert.deepEqual(diffOnFields(fields, a, { ...b, metadata: { ...b.metadata, name: "m" } }), ["/metadata/name"]);
});

test("appliedFieldSet: bosun's Apply entries of the main resource only, merged across apiVersions", () => {
  const obj = {
    metadata: {
      managedFields: [
        { manager: "bosun", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:a": {} } } },
        { manager: "bosun", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:u": {} } } },
        { manager: "bosun", operation: "Apply", apiVersion: "v1", subresource: "status", fieldsType: "FieldsV1", fieldsV1: { "f:status": {} } },
        { manager: "kubectl", operation: "Apply", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:k": {} } } },
        { manager: "bosun", operation: "Apply", apiVersion: "v2", fieldsType: "FieldsV1", fieldsV1: { "f:data": { "f:b": {} }, "f:spec": {} } },
      ],
    },
  };
  assert.deepEqual(appliedFieldSet(obj, "bosun"), { "f:data": { "f:a": {}, "f:b": {} }, "f:spec": {} });
  assert.equal(appliedFieldSet(obj, "nobody"), undefined);
  assert.equal(appliedFieldSet({ metadata: {} }, "bosun"), undefined);
  assert.deepEqual(mergeFieldSets({ "f:a": { "f:x": {} } }, { "f:a": { "f:y": {} }, "f:b": {} }), { "f:a": { "f:x": {}, "f:y": {} }, "f:b": {} });
});
