import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConflicts, parseImmutableFields, prepareObject } from "../../../src/apply/apply.ts";
import { ownedBy, releaseLabelValue, withTracking } from "../../../src/apply/tracking.ts";
import type { KubeObject } from "../../../src/apply/objects.ts";

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const release = { namespace: "team-a", name: "web" };

test("release label value is <ns>.<name> when valid", () => {
  assert.equal(releaseLabelValue(release), "team-a.web");
});

test("long release names hash to a stable valid label value of at most 63 characters", () => {
  const long = { namespace: "n".repeat(63), name: `${"x".repeat(200)}.y` };
  const v = releaseLabelValue(long);
  assert.ok(v.length <= 63, v);
  assert.match(v, LABEL_VALUE);
  assert.equal(v, releaseLabelValue({ ...long }));
  assert.notEqual(v, releaseLabelValue({ ...long, name: `${"x".repeat(200)}.z` }));
});

test("withTracking adds the label and owner annotations and keeps the object's own", () => {
  const obj: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", labels: { app: "x" }, annotations: { note: "n" } } };
  const t = withTracking(obj, release);
  assert.deepEqual(t.metadata.labels, { app: "x", "bosun.dev/release": "team-a.web" });
  assert.deepEqual(t.metadata.annotations, { note: "n", "bosun.dev/owner-namespace": "team-a", "bosun.dev/owner-name": "web" });
  assert.equal(obj.metadata.labels?.["bosun.dev/release"], undefined, "input not mutated");
  assert.equal(ownedBy(t, release), true);
  assert.equal(ownedBy(t, { namespace: "team-a", name: "other" }), false);
  assert.equal(ownedBy({ metadata: { labels: t.metadata.labels } }, release), false, "the label alone is not ownership");
});

test("prepareObject: namespaced get the target namespace, cluster-scoped never get one", () => {
  const opts = { release, targetNamespace: "apps" };
  const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
  assert.equal(prepareObject(cm, { namespaced: true }, opts).metadata.namespace, "apps");
  assert.equal(prepareObject({ ...cm, metadata: { name: "c", namespace: "own" } }, { namespaced: true }, opts).metadata.namespace, "own");
  const cr: KubeObject = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "r", namespace: "stray" } };
  assert.equal(Object.hasOwn(prepareObject(cr, { namespaced: false }, opts).metadata, "namespace"), false);
});

test("parseConflicts reads manager and field of every cause", () => {
  const conflicts = parseConflicts({
    reason: "Conflict",
    details: {
      causes: [
        { reason: "FieldManagerConflict", message: 'conflict with "kubectl-edit" using apps/v1', field: ".spec.replicas" },
        { reason: "FieldManagerConflict", message: 'conflict with "helm"', field: ".data.mode" },
      ],
    },
  });
  assert.deepEqual(
    conflicts.map((c) => [c.manager, c.field]),
    [["kubectl-edit", ".spec.replicas"], ["helm", ".data.mode"]],
  );
});

test("parseImmutableFields finds immutable causes only", () => {
  assert.deepEqual(
    parseImmutableFields({ reason: "Invalid", details: { causes: [{ reason: "FieldValueInvalid", message: "Invalid value: ...: field is immutable", field: "spec.selector" }] } }),
    ["spec.selector"],
  );
  assert.deepEqual(parseImmutableFields({ reason: "Invalid", details: { causes: [{ reason: "FieldValueRequired", message: "Required value", field: "spec.x" }] } }), []);
});
