import assert from "node:assert/strict";
import { test } from "node:test";
import type { ObjectRef } from "../../../src/apply/objects.ts";
import { planPrune, PruneAllRefusedError, pruneDecision } from "../../../src/apply/prune.ts";
import { withTracking } from "../../../src/apply/tracking.ts";

const release = { namespace: "flux", name: "web" };
const ref = (group: string, kind: string, name: string, namespace?: string): ObjectRef => ({ group, version: "v1", kind, name, ...(namespace ? { namespace } : {}) });
const crd = ref("apiextensions.k8s.io", "CustomResourceDefinition", "widgets.example.com");
const ns = ref("", "Namespace", "web");
const dep = ref("apps", "Deployment", "api", "web");
const cm = ref("", "ConfigMap", "c", "web");
const widget = ref("example.com", "Widget", "w", "web");

test("plan: previous minus next in reverse install order", () => {
  const steps = planPrune([crd, ns, cm, dep, widget], [cm], {});
  assert.deepEqual(
    steps.map((s) => s.map((r) => r.kind)),
    [["Widget"], ["Deployment"], ["Namespace"], ["CustomResourceDefinition"]],
  );
});

test("plan: nothing removed is an empty plan", () => {
  assert.deepEqual(planPrune([cm], [cm], {}), []);
  assert.deepEqual(planPrune([], [], {}), []);
});

test("plan: pruning every object is refused unless allowEmpty", () => {
  assert.throws(() => planPrune([cm, dep], [], {}), PruneAllRefusedError);
  assert.throws(() => planPrune([cm, dep], [ref("", "ConfigMap", "other", "web")], {}), /refusing to prune all 2 objects/);
  assert.equal(planPrune([cm, dep], [], { allowEmpty: true }).flat().length, 2);
});

const live = (annotations: Record<string, string> = {}): unknown =>
  withTracking({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "web", annotations } }, release);

test("decision: owned and unprotected objects are deleted", () => {
  assert.deepEqual(pruneDecision(live(), release), { action: "delete" });
});

test("decision: bosun.dev/prune=false and Argo CD Prune=false are kept with a reason", () => {
  const a = pruneDecision(live({ "bosun.dev/prune": "false" }), release);
  assert.equal(a.action, "keep");
  const b = pruneDecision(live({ "argocd.argoproj.io/sync-options": "ServerSideApply=true, Prune=false" }), release);
  assert.deepEqual(b, { action: "keep", reason: 'annotated argocd.argoproj.io/sync-options: "ServerSideApply=true, Prune=false"' });
  assert.deepEqual(pruneDecision(live({ "argocd.argoproj.io/sync-options": "Prune=true" }), release), { action: "delete" });
});

test("decision: objects whose tracking names another release (or none) are never deleted", () => {
  assert.equal(pruneDecision(live(), { namespace: "flux", name: "other" }).action, "notOwned");
  assert.equal(pruneDecision({ metadata: { name: "c" } }, release).action, "notOwned");
  const relabelled = withTracking({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", annotations: { "bosun.dev/prune": "false" } } }, { namespace: "x", name: "y" });
  assert.equal(pruneDecision(relabelled, release).action, "notOwned");
});
