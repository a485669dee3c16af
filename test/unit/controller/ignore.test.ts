// spec.ignoreDifferences: which entries apply, which drift paths they hide, and what respectIgnoreDifferences applies.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { IgnoreDifference } from "../../../src/api/types.ts";
import type { KubeObject, ObjectRef } from "../../../src/apply/objects.ts";
import { driftDisabled, filterDriftPaths, globMatch, ignoreRulesFor, reportableDrift, withoutIgnoredFields, type IgnoreRule } from "../../../src/controller/ignore.ts";

const C = "/spec/template/spec/containers";

/** A live Deployment as the API server returns it: bosun applied it, then an HPA, kubectl edit, a mesh injector and a VPA wrote to it. */
function liveDeployment(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "team",
      labels: { app: "web", "bosun.dev/release": "team.rel", "team.example.com/tier": "gold" },
      annotations: {
        "bosun.dev/owner-namespace": "team",
        "bosun.dev/owner-name": "rel",
        "example.com/owner": "ops",
        "a~b": "1",
      },
      managedFields: [
        {
          manager: "bosun",
          operation: "Apply",
          apiVersion: "apps/v1",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:metadata": {
              "f:labels": { "f:app": {}, "f:bosun.dev/release": {} },
              "f:annotations": { "f:bosun.dev/owner-name": {}, "f:bosun.dev/owner-namespace": {}, "f:a~b": {} },
            },
            "f:spec": {
              "f:template": {
                "f:spec": {
                  "f:containers": {
                    'k:{"name":"app"}': {
                      ".": {},
                      "f:name": {},
                      "f:image": {},
                      "f:args": {},
                      "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:name": {} } },
                    },
                  },
                },
              },
            },
          },
        },
        { manager: "kube-controller-manager", operation: "Update", apiVersion: "apps/v1", subresource: "scale", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } } },
        { manager: "kubectl-edit", operation: "Update", apiVersion: "apps/v1", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:annotations": { "f:example.com/owner": {} } } } },
        {
          manager: "mesh-injector",
          operation: "Update",
          apiVersion: "apps/v1",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:spec": {
              "f:template": {
                "f:metadata": { "f:annotations": { ".": {}, "f:mesh/inject": {} } },
                "f:spec": { "f:containers": { 'k:{"name":"sidecar"}': { ".": {}, "f:name": {}, "f:image": {} } } },
              },
            },
          },
        },
        {
          manager: "vpa-updater",
          operation: "Update",
          apiVersion: "apps/v1",
          fieldsType: "FieldsV1",
          fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:resources": {} } } } } } },
        },
      ],
    },
    spec: {
      replicas: 5,
      template: {
        metadata: { annotations: { "mesh/inject": "true" } },
        spec: {
          containers: [
            { name: "app", image: "app:2", args: ["--v"], ports: [{ containerPort: 8080, protocol: "TCP", name: "http" }], resources: { limits: { cpu: "2" } } },
            { name: "sidecar", image: "proxy:1" },
          ],
        },
      },
    },
  };
}

const deploymentRef: ObjectRef = { group: "apps", version: "v1", kind: "Deployment", namespace: "team", name: "web" };

function rules(...entries: Omit<IgnoreDifference, "kind">[]): IgnoreRule[] {
  return ignoreRulesFor(entries.map((e) => ({ kind: "*", group: "*", ...e })), deploymentRef);
}

function remaining(paths: string[], entries: Omit<IgnoreDifference, "kind">[], live: KubeObject | undefined = liveDeployment()): string[] {
  return filterDriftPaths(paths, rules(...entries), live);
}

test("globs: * any run, ? one character, everything else literal and case-sensitive", () => {
  assert.ok(globMatch("*", ""));
  assert.ok(globMatch("*", "apps"));
  assert.ok(globMatch("*.example.com", "db.example.com"));
  assert.ok(globMatch("*.example.com", "a.b.example.com"));
  assert.ok(!globMatch("*.example.com", "example.com"));
  assert.ok(!globMatch("*.example.com", "db.exampleXcom"), "a dot is literal");
  assert.ok(globMatch("Deploy*", "Deployment"));
  assert.ok(globMatch("?ob", "Job"));
  assert.ok(!globMatch("?ob", "CronJob"), "? is exactly one character");
  assert.ok(!globMatch("deployment", "Deployment"));
  assert.ok(!globMatch("a+b", "aab"), "regex characters are literal");
  assert.ok(globMatch("a+b", "a+b"));
  assert.ok(!globMatch("apps", "apps2"), "anchored at both ends");
  assert.ok(globMatch("", ""));
  assert.ok(!globMatch("", "apps"));
});

test("ignoreRulesFor: group and kind by glob, absent group is the core group, name and namespace exact", () => {
  const entries: IgnoreDifference[] = [
    { kind: "Deployment", jsonPointers: ["/a"] }, // 0: core group only → no
    { group: "apps", kind: "Deployment", jsonPointers: ["/b"] }, // 1
    { group: "*", kind: "*", managedFieldsManagers: ["m"] }, // 2
    { group: "ap?s", kind: "Deploy*", jsonPointers: ["/c"], managedFieldsManagers: ["n"] }, // 3
    { group: "apps", kind: "StatefulSet", jsonPointers: ["/d"] }, // 4: kind → no
    { group: "apps", kind: "Deployment", name: "other", jsonPointers: ["/e"] }, // 5: name → no
    { group: "apps", kind: "Deployment", namespace: "prod", jsonPointers: ["/f"] }, // 6: namespace → no
    { group: "apps", kind: "Deployment", name: "web", namespace: "team", jsonPointers: ["/g"] }, // 7
    { group: "apps", kind: "Deployment", name: "", namespace: "", jsonPointers: ["/h"] }, // 8: empty = any
    { group: "*.k8s.io", kind: "*", jsonPointers: ["/i"] }, // 9: group glob → no
  ];
  const got = ignoreRulesFor(entries, deploymentRef);
  assert.deepEqual(got.map((r) => r.index), [1, 2, 3, 7, 8]);
  assert.deepEqual(got[2], { index: 3, jsonPointers: ["/c"], managedFieldsManagers: ["n"] });
  assert.deepEqual(got[1], { index: 2, jsonPointers: [], managedFieldsManagers: ["m"] });

  const configMap: ObjectRef = { group: "", version: "v1", kind: "ConfigMap", namespace: "team", name: "cfg" };
  assert.deepEqual(ignoreRulesFor(entries, configMap).map((r) => r.index), [2], "only the */* entry applies to a ConfigMap");
  assert.deepEqual(ignoreRulesFor([{ kind: "ConfigMap", jsonPointers: ["/data"] }], configMap).length, 1, "absent group matches the core group");
  assert.deepEqual(ignoreRulesFor([{ group: "", kind: "ConfigMap", jsonPointers: ["/data"] }], configMap).length, 1);

  const clusterRole: ObjectRef = { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", name: "viewer" };
  assert.deepEqual(ignoreRulesFor([{ group: "*.k8s.io", kind: "Cluster*", namespace: "team", jsonPointers: ["/rules"] }], clusterRole), [], "a namespace never matches a cluster-scoped object");
  assert.equal(ignoreRulesFor([{ group: "*.k8s.io", kind: "Cluster*", jsonPointers: ["/rules"] }], clusterRole).length, 1);
  assert.deepEqual(ignoreRulesFor(undefined, clusterRole), []);
  assert.deepEqual(ignoreRulesFor([{ group: "*", kind: "*" }], clusterRole), [], "an entry without pointers or managers ignores nothing");
});

test("driftDisabled reads bosun.dev/drift: disabled", () => {
  assert.ok(driftDisabled({ metadata: { annotations: { "bosun.dev/drift": "disabled" } } }));
  assert.ok(driftDisabled({ metadata: { annotations: { "bosun.dev/drift": " Disabled " } } }));
  assert.ok(!driftDisabled({ metadata: { annotations: { "bosun.dev/drift": "enabled" } } }));
  assert.ok(!driftDisabled({ metadata: { annotations: { "bosun.dev/drift-x": "disabled" } } }));
  assert.ok(!driftDisabled({ metadata: { labels: { "bosun.dev/drift": "disabled" } } } as never));
  assert.ok(!driftDisabled({ metadata: {} }));
  assert.ok(!driftDisabled(undefined));
});

test("jsonPointers ignore the path itself and everything below it, token by token", () => {
  const paths = ["/spec/replicas", "/spec/replicasExtra", "/metadata/labels/app", "/metadata/labels/team.example.com~1tier", "/spec/template/metadata/annotations/mesh~1inject"];
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/spec/replicas"] }]), paths.filter((p) => p !== "/spec/replicas"));
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/spec/replica"] }]), paths, "a pointer is not a string prefix");
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/labels"] }]), ["/spec/replicas", "/spec/replicasExtra", "/spec/template/metadata/annotations/mesh~1inject"]);
  assert.deepEqual(remaining(["/spec/template"], [{ jsonPointers: ["/spec/template/metadata"] }]), ["/spec/template"], "a difference above the pointer stays");
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/spec/template/metadata/annotations/mesh~1inject"] }]), paths.slice(0, 4), "nested pointer");
});

test("jsonPointers: ~1 and ~0 escapes match drift paths' escaping", () => {
  const paths = ["/metadata/labels/team.example.com~1tier", "/metadata/annotations/a~0b", "/metadata/annotations/a~1b"];
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/labels/team.example.com~1tier"] }]), paths.slice(1));
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/annotations/a~0b"] }]), [paths[0], paths[2]]);
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/annotations/a~1b"] }]), paths.slice(0, 2));
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/labels/team.example.com/tier"] }]), paths, "an unescaped / is two tokens");
});

test("jsonPointers: a list index is the live item, matched by its key", () => {
  const paths = [`${C}/[name=app]/image`, `${C}/[name=sidecar]/image`, `${C}/[name=app]/ports/[containerPort=8080,protocol=TCP]/name`];
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/0/image`] }]), paths.slice(1), "index 0 is the live app container");
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/1/image`] }]), [paths[0], paths[2]], "index 1 is the live sidecar container");
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/1`] }]), [paths[0], paths[2]], "a whole item");
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/0/ports/0/name`] }]), paths.slice(0, 2), "nested indices, multi-field key");
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/2/image`] }]), paths, "no such live item");
  // Without managedFields the keys are unknown: an index matches only an index path.
  const bare = liveDeployment();
  delete bare.metadata.managedFields;
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/0/image`] }], bare), paths);
  assert.deepEqual(remaining(["/spec/args/0", "/spec/args/1"], [{ jsonPointers: ["/spec/args/1"] }], bare), ["/spec/args/0"]);
  assert.deepEqual(filterDriftPaths(["/spec/args/0", "/spec/args/1"], rules({ jsonPointers: ["/spec/args/0"] }), undefined), ["/spec/args/1"], "no live object: literal match");
});

test("jsonPointers: an item written as a drift path segment selects by key, in any field order", () => {
  const paths = [`${C}/[name=app]/image`, `${C}/[name=sidecar]/image`, `${C}/[name=app]/ports/[containerPort=8080,protocol=TCP]/name`];
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/[name=sidecar]`] }]), [paths[0], paths[2]]);
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/[name=app]/ports/[protocol=TCP,containerPort=8080]`] }]), paths.slice(0, 2));
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/[name=app]/ports/[protocol=UDP,containerPort=8080]`] }]), paths);
  assert.deepEqual(
    filterDriftPaths(paths, rules({ jsonPointers: [`${C}/[name=app]/ports/[protocol=TCP,containerPort=8080]`] }), undefined),
    paths.slice(0, 2),
    "without a live object too",
  );
  assert.deepEqual(remaining(['/metadata/finalizers/["example.com~1x"]', '/metadata/finalizers/["y"]'], [{ jsonPointers: ['/metadata/finalizers/["y"]'] }]), ['/metadata/finalizers/["example.com~1x"]']);
});

test("jsonPointers that are not RFC 6901 pointers ignore nothing", () => {
  const paths = ["/spec/replicas", "/metadata/name"];
  assert.deepEqual(remaining(paths, [{ jsonPointers: [""] }]), paths, "not the whole object");
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["spec/replicas"] }]), paths);
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/spec/rep~2licas"] }]), paths);
  assert.deepEqual(remaining(paths, [{ jsonPointers: ["/metadata/name"] }]), paths, "identity fields");
});

test("managedFieldsManagers ignore the fields those managers own in the live object", () => {
  const paths = ["/spec/replicas", "/metadata/annotations/example.com~1owner", "/metadata/labels/app", `${C}/[name=app]/resources/limits/cpu`, `${C}/[name=app]/image`];
  // The HPA's kube-controller-manager owns replicas through the scale subresource.
  assert.deepEqual(remaining(paths, [{ managedFieldsManagers: ["kube-controller-manager"] }]), paths.slice(1));
  assert.deepEqual(remaining(paths, [{ managedFieldsManagers: ["kube-controller-manager", "kubectl-edit"] }]), paths.slice(2), "several managers in one entry");
  assert.deepEqual(
    remaining(paths, [{ managedFieldsManagers: ["kubectl-edit"] }, { managedFieldsManagers: ["vpa-updater"] }]),
    ["/spec/replicas", "/metadata/labels/app", `${C}/[name=app]/image`],
    "managers from several entries; below an owned leaf is ignored too",
  );
  assert.deepEqual(remaining(paths, [{ managedFieldsManagers: ["kubectl"] }]), paths, "names are exact");
  assert.deepEqual(filterDriftPaths(paths, rules({ managedFieldsManagers: ["kube-controller-manager"] }), undefined), paths, "no live object, no owned fields");
});

test("managedFieldsManagers: an owned list item or map ignores itself, not other fields below it", () => {
  const paths = [`${C}/[name=sidecar]`, `${C}/[name=sidecar]/image`, `${C}/[name=sidecar]/args`, "/spec/template/metadata/annotations", "/spec/template/metadata/annotations/other"];
  assert.deepEqual(remaining(paths, [{ managedFieldsManagers: ["mesh-injector"] }]), [`${C}/[name=sidecar]/args`, "/spec/template/metadata/annotations/other"]);
});

test("pointers and managers combine", () => {
  const paths = ["/spec/replicas", "/metadata/annotations/example.com~1owner", `${C}/[name=app]/image`, "/data/x"];
  assert.deepEqual(remaining(paths, [{ jsonPointers: [`${C}/0/image`], managedFieldsManagers: ["kube-controller-manager"] }]), ["/metadata/annotations/example.com~1owner", "/data/x"]);
});

test("reportableDrift: the annotation, missing objects and filtered paths", () => {
  const live = liveDeployment();
  const diff = { ref: deploymentRef, drifted: true, paths: ["/spec/replicas", `${C}/[name=app]/image`] };
  const entries: IgnoreDifference[] = [{ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] }];
  assert.deepEqual(reportableDrift(diff, entries, undefined, live), { ...diff, paths: [`${C}/[name=app]/image`] });
  assert.deepEqual(reportableDrift(diff, [...entries, { group: "apps", kind: "Deployment", jsonPointers: [`${C}/0`] }], undefined, live), { ...diff, drifted: false, paths: [] });
  assert.deepEqual(reportableDrift(diff, [{ kind: "Deployment", jsonPointers: ["/spec/replicas"] }], undefined, live), diff, "core-group entry does not apply");

  const optedOut = liveDeployment();
  optedOut.metadata.annotations = { ...optedOut.metadata.annotations, "bosun.dev/drift": "disabled" };
  assert.deepEqual(reportableDrift(diff, undefined, undefined, optedOut), { ...diff, drifted: false, paths: [] }, "annotation on the live object");
  assert.deepEqual(reportableDrift(diff, undefined, optedOut, live), { ...diff, drifted: false, paths: [] }, "annotation on the desired object");

  const missing = { ref: deploymentRef, drifted: true, paths: [], missing: true };
  assert.deepEqual(reportableDrift(missing, [{ group: "*", kind: "*", jsonPointers: ["/spec"] }], undefined, undefined), missing, "a missing object stays drifted");
  assert.deepEqual(reportableDrift(missing, undefined, optedOut, undefined), { ...missing, drifted: false }, "opted out: not drifted, missing kept");
});

function desiredDeployment(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "team",
      labels: { app: "web", "bosun.dev/release": "team.rel" },
      annotations: { "bosun.dev/owner-namespace": "team", "bosun.dev/owner-name": "rel", "example.com/owner": "git", "a~b": "2" },
    },
    spec: {
      replicas: 2,
      strategy: { type: "Recreate" },
      template: {
        metadata: { annotations: { "mesh/inject": "false" } },
        spec: {
          // Order differs from the live object on purpose.
          containers: [
            { name: "sidecar", image: "proxy:0" },
            { name: "app", image: "app:3", args: ["--v"], env: [{ name: "A", value: "1" }], resources: { limits: { cpu: "1" } } },
          ],
        },
      },
    },
  };
}

test("withoutIgnoredFields: no live object or no rules applies everything, and never changes its input", () => {
  const desired = desiredDeployment();
  const copy = structuredClone(desired);
  const all = rules({ jsonPointers: ["/spec/replicas"], managedFieldsManagers: ["mesh-injector"] });
  const created = withoutIgnoredFields(desired, all, undefined);
  assert.deepEqual(created, desired);
  assert.notEqual(created, desired);
  assert.deepEqual(withoutIgnoredFields(desired, [], liveDeployment()), desired);
  withoutIgnoredFields(desired, all, liveDeployment());
  assert.deepEqual(desired, copy, "input unchanged");
});

test("withoutIgnoredFields: jsonPointers take the live value, or drop what the live object lacks", () => {
  const live = liveDeployment();
  live.metadata.annotations = { ...live.metadata.annotations, "x~1y": "live" };
  const desired = desiredDeployment();
  desired.metadata.annotations = { ...desired.metadata.annotations, "x~1y": "chart" };
  const out = withoutIgnoredFields(
    desired,
    rules({ jsonPointers: ["/spec/replicas", `${C}/0/image`, "/metadata/annotations/a~0b", "/metadata/annotations/x~01y", "/spec/paused", `${C}/[name=app]/env`, "/spec/strategy/type"] }),
    live,
  );
  assert.equal(out.metadata.annotations?.["x~1y"], "live", "~01 is the field x~1y: ~1 is decoded before ~0");
  const spec = out.spec as { replicas: number; paused?: boolean; strategy?: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
  assert.equal(spec.replicas, 5, "the live replicas, so the apply changes nothing");
  assert.deepEqual(spec.template.spec.containers.map((c) => [c.name, c.image]), [["sidecar", "proxy:0"], ["app", "app:2"]], "live index 0 is app, wherever it is in desired");
  assert.equal(spec.template.spec.containers[1]?.env, undefined, "the live object has no env: not applied");
  assert.equal(out.metadata.annotations["a~b"], "1", "~0 is ~");
  assert.equal("strategy" in spec, false, "the live object has no strategy: dropped, with the map it emptied");
  assert.equal(out.metadata.annotations["example.com/owner"], "git", "other fields stay");
  assert.equal("paused" in spec, false, "a field desired does not set is not added");
});

test("withoutIgnoredFields: a pointer at a map keeps bosun's identity and tracking metadata", () => {
  const live = liveDeployment();
  live.metadata.labels = { ...live.metadata.labels, "bosun.dev/release": "someone.else" };
  const out = withoutIgnoredFields(desiredDeployment(), rules({ jsonPointers: ["/metadata/labels", "/metadata/annotations"] }), live);
  assert.deepEqual(out.metadata.labels, { app: "web", "bosun.dev/release": "team.rel", "team.example.com/tier": "gold" });
  assert.equal(out.metadata.annotations?.["bosun.dev/owner-name"], "rel");
  assert.equal(out.metadata.annotations["example.com/owner"], "ops");
  assert.equal(out.metadata.name, "web");
  assert.equal(out.apiVersion, "apps/v1");
});

test("withoutIgnoredFields: managers' fields are removed so they keep them", () => {
  const live = liveDeployment();
  const out = withoutIgnoredFields(desiredDeployment(), rules({ managedFieldsManagers: ["kube-controller-manager", "kubectl-edit", "mesh-injector"] }), live);
  const spec = out.spec as { replicas?: number; template: { metadata?: unknown; spec: { containers: Record<string, unknown>[] } } };
  assert.equal("replicas" in spec, false, "the HPA's replicas");
  assert.equal(out.metadata.annotations?.["example.com/owner"], undefined, "kubectl edit's annotation");
  assert.equal(out.metadata.annotations?.["bosun.dev/owner-namespace"], "team");
  assert.equal("metadata" in spec.template, false, "the template annotations map emptied by the removal goes too");
  assert.deepEqual(spec.template.spec.containers.map((c) => c.name), ["app"], "the injected sidecar, left with its key only, is removed");
  assert.equal(spec.template.spec.containers[0]?.image, "app:3", "other fields stay");
});

test("withoutIgnoredFields: a manager owning part of an item keeps the item and its key", () => {
  const out = withoutIgnoredFields(desiredDeployment(), rules({ managedFieldsManagers: ["vpa-updater"] }), liveDeployment());
  const containers = (out.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;
  assert.deepEqual(containers[1], { name: "app", image: "app:3", args: ["--v"], env: [{ name: "A", value: "1" }] });
  assert.deepEqual(containers[0], { name: "sidecar", image: "proxy:0" });

  // A manager owning an item's key field but not the item: the key stays with the item.
  const live = liveDeployment();
  live.metadata.managedFields = [{ manager: "renamer", operation: "Update", fieldsV1: { "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"sidecar"}': { "f:name": {}, "f:image": {} } } } } } } }];
  const kept = withoutIgnoredFields(desiredDeployment(), rules({ managedFieldsManagers: ["renamer"] }), live);
  assert.deepEqual((kept.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers[0], { name: "sidecar" });
});

test("withoutIgnoredFields: a manager owning bosun's tracking label or the name does not remove them", () => {
  const live = liveDeployment();
  live.metadata.managedFields = [
    { manager: "helm", operation: "Update", fieldsV1: { "f:metadata": { "f:name": {}, "f:labels": { ".": {}, "f:bosun.dev/release": {}, "f:app": {} } } } },
  ];
  const out = withoutIgnoredFields(desiredDeployment(), rules({ managedFieldsManagers: ["helm"] }), live);
  assert.deepEqual(out.metadata.labels, { "bosun.dev/release": "team.rel" });
  assert.equal(out.metadata.name, "web");
});
