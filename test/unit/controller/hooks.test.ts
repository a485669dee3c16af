// The pure rules of the hook runner (src/controller/hooks.ts): Helm 4's
// execution order, delete policies and their defaults, what is waited for,
// what is cleaned up after success and after a failure, and which events run.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BEFORE_HOOK_CREATION,
  cleanupAfter,
  deletePolicies,
  deletesOn,
  HOOK_FAILED,
  HOOK_SUCCEEDED,
  hookEventEnabled,
  HookError,
  hooksFor,
  waitsFor,
} from "../../../src/controller/hooks.ts";
import { sortManifests, type Hook } from "../../../src/render/manifests.ts";

/** One hook document, as a chart template would render it. */
function doc(kind: string, name: string, events: string, extra: Record<string, string> = {}): string {
  const annotations = Object.entries({ "helm.sh/hook": events, ...extra })
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join("\n");
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n${annotations}\n`;
}

/** Hooks exactly as src/render hands them over (sorted by kind, files in path order). */
function render(files: Record<string, string>): Hook[] {
  return sortManifests(new Map(Object.entries(files).map(([path, text]) => [`chart/templates/${path}`, text]))).hooks;
}

const names = (hooks: readonly Hook[]): string[] => hooks.map((h) => `${h.head.kind}/${h.head.name}`);

test("hooks of one event run by weight, then name; other events are left out", () => {
  const hooks = render({
    "a.yaml": [
      doc("Job", "zeta", "pre-install", { "helm.sh/hook-weight": "-5" }),
      doc("ConfigMap", "beta", "pre-install", { "helm.sh/hook-weight": "10" }),
      doc("ConfigMap", "alpha", "pre-install", { "helm.sh/hook-weight": "10" }),
      doc("Pod", "mid", "pre-install"),
      doc("ConfigMap", "upgrade-only", "pre-upgrade", { "helm.sh/hook-weight": "-100" }),
      doc("Secret", "post", "post-install"),
    ].join("---\n"),
  });
  assert.deepEqual(names(hooksFor(hooks, "pre-install")), ["Job/zeta", "Pod/mid", "ConfigMap/alpha", "ConfigMap/beta"]);
  assert.deepEqual(names(hooksFor(hooks, "pre-upgrade")), ["ConfigMap/upgrade-only"]);
  assert.deepEqual(names(hooksFor(hooks, "post-install")), ["Secret/post"]);
  assert.deepEqual(hooksFor(hooks, "test"), []);
});

test("name decides before kind (Helm 4 sorts by weight and name over hooks sorted by kind)", () => {
  // By kind alone the ConfigMap would come first (ConfigMap precedes Job in InstallOrder).
  const hooks = render({ "a.yaml": [doc("Job", "a", "pre-install"), doc("ConfigMap", "b", "pre-install")].join("---\n") });
  assert.deepEqual(names(hooks), ["ConfigMap/b", "Job/a"], "the input is sorted by kind");
  assert.deepEqual(names(hooksFor(hooks, "pre-install")), ["Job/a", "ConfigMap/b"]);
});

test("equal weight and name keep the kind order src/render gives them, and then file order", () => {
  const hooks = render({
    "b.yaml": doc("Job", "same", "post-install"),
    "a.yaml": [doc("Pod", "same", "post-install"), doc("ConfigMap", "same", "post-install"), doc("Widget", "same", "post-install")].join("---\n"),
  });
  assert.deepEqual(names(hooksFor(hooks, "post-install")), ["ConfigMap/same", "Pod/same", "Job/same", "Widget/same"]);
});

test("weights compare as numbers, not strings", () => {
  const hooks = render({
    "a.yaml": [doc("ConfigMap", "ten", "pre-install", { "helm.sh/hook-weight": "10" }), doc("ConfigMap", "two", "pre-install", { "helm.sh/hook-weight": "2" }), doc("ConfigMap", "minus", "pre-install", { "helm.sh/hook-weight": "-3" })].join(
      "---\n",
    ),
  });
  assert.deepEqual(names(hooksFor(hooks, "pre-install")), ["ConfigMap/minus", "ConfigMap/two", "ConfigMap/ten"]);
});

test("a hook with several events runs in each of them", () => {
  const hooks = render({ "a.yaml": doc("Job", "migrate", "pre-install, pre-upgrade") });
  assert.deepEqual(names(hooksFor(hooks, "pre-install")), ["Job/migrate"]);
  assert.deepEqual(names(hooksFor(hooks, "pre-upgrade")), ["Job/migrate"]);
  assert.deepEqual(hooksFor(hooks, "post-upgrade"), []);
});

test("delete policies: before-hook-creation when none is named, otherwise exactly those named", () => {
  const [none, both, failed] = render({
    "a.yaml": doc("ConfigMap", "a", "pre-install"),
    "b.yaml": doc("ConfigMap", "b", "pre-install", { "helm.sh/hook-delete-policy": "hook-succeeded, Hook-Failed" }),
    "c.yaml": doc("ConfigMap", "c", "pre-install", { "helm.sh/hook-delete-policy": "hook-failed" }),
  });
  assert.ok(none && both && failed);
  assert.deepEqual(deletePolicies(none), [BEFORE_HOOK_CREATION]);
  assert.deepEqual(deletePolicies(both), [HOOK_SUCCEEDED, HOOK_FAILED]);
  assert.ok(deletesOn(none, BEFORE_HOOK_CREATION));
  assert.ok(!deletesOn(none, HOOK_SUCCEEDED));
  assert.ok(deletesOn(both, HOOK_SUCCEEDED) && deletesOn(both, HOOK_FAILED));
  assert.ok(!deletesOn(both, BEFORE_HOOK_CREATION), "naming a policy replaces the default");
  assert.ok(!deletesOn(failed, BEFORE_HOOK_CREATION) && !deletesOn(failed, HOOK_SUCCEEDED) && deletesOn(failed, HOOK_FAILED));
});

test("a CustomResourceDefinition hook is never deleted, whatever its policy", () => {
  const [crd] = render({ "a.yaml": doc("CustomResourceDefinition", "x", "pre-install", { "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded,hook-failed" }) });
  assert.ok(crd);
  for (const p of [BEFORE_HOOK_CREATION, HOOK_SUCCEEDED, HOOK_FAILED] as const) assert.ok(!deletesOn(crd, p), p);
});

test("only Jobs and Pods are waited for; any other kind is ready once created", () => {
  assert.ok(waitsFor({ group: "batch", kind: "Job" }));
  assert.ok(waitsFor({ group: "", kind: "Pod" }));
  assert.ok(!waitsFor({ group: "", kind: "ConfigMap" }));
  assert.ok(!waitsFor({ group: "apps", kind: "Deployment" }));
  assert.ok(!waitsFor({ group: "example.com", kind: "Job" }), "a custom kind named Job is not a batch Job");
});

test("after success: hooks with hook-succeeded are deleted, last first", () => {
  const ordered = hooksFor(
    render({
      "a.yaml": [
        doc("ConfigMap", "a", "pre-install", { "helm.sh/hook-weight": "1", "helm.sh/hook-delete-policy": "hook-succeeded" }),
        doc("ConfigMap", "b", "pre-install", { "helm.sh/hook-weight": "2" }),
        doc("ConfigMap", "c", "pre-install", { "helm.sh/hook-weight": "3", "helm.sh/hook-delete-policy": "hook-succeeded,hook-failed" }),
      ].join("---\n"),
    }),
    "pre-install",
  );
  assert.deepEqual(
    cleanupAfter(ordered).map((c) => `${c.hook.head.name}:${c.policy}`),
    ["c:hook-succeeded", "a:hook-succeeded"],
  );
});

test("after a failure: the failed hook if it has hook-failed, then the earlier ones with hook-succeeded; later ones never ran", () => {
  const ordered = hooksFor(
    render({
      "a.yaml": [
        doc("Job", "one", "pre-upgrade", { "helm.sh/hook-weight": "1", "helm.sh/hook-delete-policy": "hook-succeeded" }),
        doc("Job", "two", "pre-upgrade", { "helm.sh/hook-weight": "2" }),
        doc("Job", "three", "pre-upgrade", { "helm.sh/hook-weight": "3", "helm.sh/hook-delete-policy": "hook-failed" }),
        doc("Job", "four", "pre-upgrade", { "helm.sh/hook-weight": "4", "helm.sh/hook-delete-policy": "hook-succeeded,hook-failed" }),
      ].join("---\n"),
    }),
    "pre-upgrade",
  );
  assert.deepEqual(
    cleanupAfter(ordered, 2).map((c) => `${c.hook.head.name}:${c.policy}`),
    ["three:hook-failed", "one:hook-succeeded"],
  );
  assert.deepEqual(cleanupAfter(ordered, 1).map((c) => `${c.hook.head.name}:${c.policy}`), ["one:hook-succeeded"], "two has no hook-failed");
  assert.deepEqual(cleanupAfter(ordered, 0), []);
});

test("test hooks run only when enabled, and disableHooks does not turn them off (as in Flux); every other event follows disableHooks", () => {
  assert.equal(hookEventEnabled("test", {}), false);
  assert.equal(hookEventEnabled("test", { test: { enable: false } }), false);
  assert.equal(hookEventEnabled("test", { test: { enable: true } }), true);
  assert.equal(hookEventEnabled("test", { disableHooks: true, test: { enable: true } }), true);
  for (const e of ["pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-delete", "post-delete"] as const) {
    assert.equal(hookEventEnabled(e, {}), true, e);
    assert.equal(hookEventEnabled(e, { disableHooks: false }), true, e);
    assert.equal(hookEventEnabled(e, { disableHooks: true }), false, e);
  }
});

test("a failed test is TestFailed, any other failed hook HookFailed", () => {
  assert.equal(new HookError("test", "Pod ns/t", "x").reason, "TestFailed");
  for (const e of ["pre-install", "post-install", "pre-upgrade", "post-upgrade", "pre-delete", "post-delete"] as const) assert.equal(new HookError(e, undefined, "x").reason, "HookFailed");
});
