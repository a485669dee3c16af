// Tenancy: releases act as a ServiceAccount of their own namespace
// (spec.serviceAccountName, or the controller's defaultServiceAccount), so
// the API server's RBAC decides what a chart may create. The test cluster's
// kube-apiserver runs with --authorization-mode=Node,RBAC; the test's own
// kubeconfig is system:masters, which may impersonate anyone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { HelmRelease } from "../../src/api/index.ts";
import { impersonating, KubeApiError, kubeTransport, serviceAccountUser, watchStream } from "../../src/apply/index.ts";
import { eventually, kubeConfig, kubectl, testEnv, uniqueName } from "../env/testenv.ts";
import { apply, applyCrd, condition, createNamespace, deleteNamespace, describeRelease, getRelease, pushChart, releaseYaml, startController, type RunningController } from "./controller-harness.ts";

const tenant = uniqueName("tenant");
const other = uniqueName("other");
const clusterRoleName = uniqueName("tenant-escalation");
const SECRET_VALUE = "s3cr3t-value-of-the-other-team";
let repo: string;
let ctl: RunningController;

const cm = (name: string, namespace?: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
${namespace === undefined ? "" : `  namespace: ${namespace}\n`}data:
  owner: {{ .Release.Name | quote }}
`;

/**
 * The tenant's RBAC: `deployer` and `fallback` may edit their namespace;
 * `writer` may write ConfigMaps but not list or watch them; `lister` may
 * write and list Deployments but not watch them.
 */
const rbac = `apiVersion: v1
kind: ServiceAccount
metadata: { name: deployer, namespace: ${tenant} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: fallback, namespace: ${tenant} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: writer, namespace: ${tenant} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer-edit, namespace: ${tenant} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: deployer, namespace: ${tenant} }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: fallback-edit, namespace: ${tenant} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: ServiceAccount, name: fallback, namespace: ${tenant} }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: configmap-writer, namespace: ${tenant} }
rules: [{ apiGroups: [""], resources: [configmaps], verbs: [get, create, patch, update, delete] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: writer, namespace: ${tenant} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: configmap-writer }
subjects: [{ kind: ServiceAccount, name: writer, namespace: ${tenant} }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: lister, namespace: ${tenant} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployment-lister, namespace: ${tenant} }
rules: [{ apiGroups: [apps], resources: [deployments], verbs: [get, list, create, patch, update, delete] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: lister, namespace: ${tenant} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployment-lister }
subjects: [{ kind: ServiceAccount, name: lister, namespace: ${tenant} }]
`;

before(async () => {
  await applyCrd();
  await createNamespace(tenant);
  await createNamespace(other);
  const r = await apply(rbac);
  assert.equal(r.code, 0, r.stderr);
  const s = await kubectl(["create", "secret", "generic", "-n", other, "team-secret", `--from-literal=token=${SECRET_VALUE}`]);
  assert.equal(s.code, 0, s.stderr);
  repo = `oci://${testEnv().registry}/${uniqueName("tenancy")}`;
  await Promise.all([
    pushChart(repo, { name: "namespaced", version: "1.0.0", templates: { "cm.yaml": cm("{{ .Release.Name }}-cm") } }),
    pushChart(repo, {
      name: "escalate",
      version: "1.0.0",
      templates: {
        "cm.yaml": cm("{{ .Release.Name }}-cm"),
        "cr.yaml": `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${clusterRoleName}\nrules:\n  - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }\n`,
      },
    }),
    pushChart(repo, {
      name: "web",
      version: "1.0.0",
      templates: {
        "deploy.yaml": `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: {{ .Release.Name }}-web }\n  template:\n    metadata:\n      labels: { app: {{ .Release.Name }}-web }\n    spec:\n      containers: [{ name: web, image: example.invalid/web:1 }]\n`,
      },
    }),
    pushChart(repo, { name: "elsewhere", version: "1.0.0", templates: { "cm.yaml": cm("{{ .Release.Name }}-planted", other) } }),
    pushChart(repo, {
      name: "peek",
      version: "1.0.0",
      values: `from: ""\n`,
      templates: { "cm.yaml": `{{- $s := lookup "v1" "Secret" .Values.from "team-secret" }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-peek\ndata:\n  seen: {{ $s | toJson | quote }}\n` },
    }),
  ]);
  ctl = await startController({ name: "controller-tenancy", namespaces: [tenant], defaultServiceAccount: "fallback" });
});

after(async () => {
  await ctl.stop();
  await deleteNamespace(tenant);
  await deleteNamespace(other);
  await kubectl(["delete", "clusterrole", clusterRoleName, "--ignore-not-found"]);
});

function spec(chart: string, serviceAccountName?: string, values?: Record<string, unknown>): Record<string, unknown> {
  return {
    chart: { repository: `${repo}/${chart}`, version: "1.0.0", plainHTTP: true },
    ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
    ...(values === undefined ? {} : { values }),
    timeout: "60s",
  };
}

async function readyRelease(name: string): Promise<HelmRelease> {
  return eventually<HelmRelease>(
    `HelmRelease ${name} Ready`,
    async () => {
      const hr = await getRelease(tenant, name);
      return condition(hr, "Ready")?.status === "True" && hr?.status?.observedGeneration === hr?.metadata.generation ? hr : undefined;
    },
    { timeoutMs: 90_000, describe: () => describeRelease(tenant, name) },
  );
}

/** Waits for Ready=False with `reason`; returns the release. */
async function failedWith(name: string, reason: string): Promise<HelmRelease> {
  return eventually<HelmRelease>(
    `HelmRelease ${name} Ready=False ${reason}`,
    async () => {
      const hr = await getRelease(tenant, name);
      const ready = condition(hr, "Ready");
      return ready?.status === "False" && ready.reason === reason ? hr : undefined;
    },
    { timeoutMs: 90_000, describe: () => describeRelease(tenant, name) },
  );
}

async function exists(args: string[]): Promise<boolean> {
  const r = await kubectl(["get", ...args, "-o", "name"]);
  if (r.code === 0) return true;
  assert.match(r.stderr, /NotFound/, r.stderr);
  return false;
}

test("an impersonating transport is the ServiceAccount to the API server, watches included", async () => {
  const t = impersonating(kubeTransport(kubeConfig()), { user: serviceAccountUser(tenant, "deployer") });
  const review = await t({ method: "POST", path: "/apis/authentication.k8s.io/v1/selfsubjectreviews", body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }), contentType: "application/json" });
  assert.equal(review.status, 201, JSON.stringify(review.body));
  // Only Impersonate-User is sent: the API server adds the ServiceAccount's groups.
  assert.deepEqual((review.body as { status: { userInfo: unknown } }).status.userInfo, {
    username: `system:serviceaccount:${tenant}:deployer`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${tenant}`, "system:authenticated"],
  });

  const refused = await new Promise<unknown>((resolve) => {
    void watchStream(t, `/api/v1/namespaces/${other}/configmaps`, {}, () => undefined, resolve);
  });
  assert.ok(refused instanceof KubeApiError && refused.code === 403, String(refused));
  assert.match(refused.message, new RegExp(`system:serviceaccount:${tenant}:deployer" cannot watch resource "configmaps"`));

  const events: string[] = [];
  const seen = Promise.withResolvers<undefined>();
  const ended = Promise.withResolvers<unknown>();
  const name = uniqueName("watched");
  const w = await watchStream(
    t,
    `/api/v1/namespaces/${tenant}/configmaps`,
    { fieldSelector: `metadata.name=${name}` },
    (type, obj) => {
      events.push(`${type} ${String((obj as { metadata?: { name?: string } }).metadata?.name)}`);
      seen.resolve(undefined);
    },
    ended.resolve,
  );
  const c = await kubectl(["create", "configmap", "-n", tenant, name]);
  assert.equal(c.code, 0, c.stderr);
  await seen.promise;
  w.abort();
  await ended.promise;
  assert.deepEqual(events, [`ADDED ${name}`]);
});

test("a release with serviceAccountName installs what its ServiceAccount may create", async () => {
  const r = await apply(releaseYaml(tenant, "ok", spec("namespaced", "deployer")));
  assert.equal(r.code, 0, r.stderr);
  await readyRelease("ok");
  assert.ok(await exists(["configmap", "-n", tenant, "ok-cm"]));
});

test("a chart creating a ClusterRole fails Forbidden, naming verb and resource, and the ClusterRole is not created", async () => {
  const r = await apply(releaseYaml(tenant, "escalate", spec("escalate", "deployer")));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("escalate", "Forbidden");
  assert.equal(
    condition(hr, "Ready")?.message,
    `applying: system:serviceaccount:${tenant}:deployer cannot patch clusterroles.rbac.authorization.k8s.io "${clusterRoleName}" (cluster-scoped)`,
  );
  // The normal retry path: a retry is scheduled, the release is not stalled.
  assert.equal(condition(hr, "Reconciling")?.reason, "ProgressingWithRetry");
  assert.ok((hr.status?.retry?.attempts ?? 0) >= 1, JSON.stringify(hr.status?.retry));
  assert.equal(await exists(["clusterrole", clusterRoleName]), false);
});

test("a chart writing into another namespace fails Forbidden and nothing is created there", async () => {
  const r = await apply(releaseYaml(tenant, "elsewhere", spec("elsewhere", "deployer")));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("elsewhere", "Forbidden");
  assert.equal(condition(hr, "Ready")?.message, `applying: system:serviceaccount:${tenant}:deployer cannot patch configmaps "elsewhere-planted" in namespace ${other}`);
  assert.equal(await exists(["configmap", "-n", other, "elsewhere-planted"]), false);
});

test("lookup runs as the ServiceAccount: a Secret outside its rights fails the render (as Helm's lookup does), and its value goes nowhere", async () => {
  // Within its rights, lookup answers (an absent object is an empty map).
  const own = await apply(releaseYaml(tenant, "peek-own", spec("peek", "deployer", { from: tenant })));
  assert.equal(own.code, 0, own.stderr);
  await readyRelease("peek-own");

  const r = await apply(releaseYaml(tenant, "peek", spec("peek", "deployer", { from: other })));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("peek", "Forbidden");
  assert.equal(condition(hr, "Ready")?.message, `rendering the chart: system:serviceaccount:${tenant}:deployer cannot get secrets "team-secret" in namespace ${other}`);
  assert.equal(await exists(["configmap", "-n", tenant, "peek-peek"]), false);
  const events = await kubectl(["get", "events", "-n", tenant, "-o", "json"]);
  const encoded = Buffer.from(SECRET_VALUE).toString("base64");
  for (const text of [JSON.stringify(hr), events.stdout]) {
    assert.ok(!text.includes(SECRET_VALUE) && !text.includes(encoded), "the Secret's value leaked into status or Events");
  }
});

test("the health wait runs as the ServiceAccount: one that may write ConfigMaps but not list them fails Forbidden", async () => {
  const r = await apply(releaseYaml(tenant, "blind", spec("namespaced", "writer")));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("blind", "Forbidden");
  // The waiter LISTs one object by field selector, which the API server reports as its name.
  assert.equal(condition(hr, "Ready")?.message, `waiting for health: system:serviceaccount:${tenant}:writer cannot list configmaps "blind-cm" in namespace ${tenant}`);
  // The apply itself was within its rights.
  assert.ok(await exists(["configmap", "-n", tenant, "blind-cm"]));
});

test("the health wait watches as the ServiceAccount: one that may list Deployments but not watch them fails Forbidden", async () => {
  // A new Deployment is not Current at the first LIST, so the waiter must watch it.
  const r = await apply(releaseYaml(tenant, "unwatched", spec("web", "lister")));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("unwatched", "Forbidden");
  assert.equal(condition(hr, "Ready")?.message, `waiting for health: system:serviceaccount:${tenant}:lister cannot watch deployments.apps "unwatched-web" in namespace ${tenant}`);
});

test("defaultServiceAccount: a release without serviceAccountName acts as that ServiceAccount of its namespace", async () => {
  const ok = await apply(releaseYaml(tenant, "plain", spec("namespaced")));
  assert.equal(ok.code, 0, ok.stderr);
  await readyRelease("plain");
  assert.ok(await exists(["configmap", "-n", tenant, "plain-cm"]));

  const r = await apply(releaseYaml(tenant, "plain-escalate", spec("escalate")));
  assert.equal(r.code, 0, r.stderr);
  const hr = await failedWith("plain-escalate", "Forbidden");
  assert.equal(
    condition(hr, "Ready")?.message,
    `applying: system:serviceaccount:${tenant}:fallback cannot patch clusterroles.rbac.authorization.k8s.io "${clusterRoleName}" (cluster-scoped)`,
  );
  assert.equal(await exists(["clusterrole", clusterRoleName]), false);
});

test("uninstall runs as the ServiceAccount: without the right to delete, the objects and the finalizer stay until it is granted", async () => {
  const r = await apply(releaseYaml(tenant, "leaving", spec("namespaced", "deployer")));
  assert.equal(r.code, 0, r.stderr);
  await readyRelease("leaving");
  const revoke = await kubectl(["delete", "rolebinding", "-n", tenant, "deployer-edit"]);
  assert.equal(revoke.code, 0, revoke.stderr);
  try {
    const del = await kubectl(["delete", "helmrelease", "-n", tenant, "leaving", "--wait=false"]);
    assert.equal(del.code, 0, del.stderr);
    const hr = await failedWith("leaving", "Uninstalling");
    assert.match(condition(hr, "Ready")?.message ?? "", new RegExp(`User "system:serviceaccount:${tenant}:deployer" cannot get resource "configmaps"`));
    assert.ok(await exists(["configmap", "-n", tenant, "leaving-cm"]));
  } finally {
    const restore = await apply(rbac);
    assert.equal(restore.code, 0, restore.stderr);
  }
  await eventually("the release uninstalled once the right is back", async () => ((await getRelease(tenant, "leaving")) === undefined ? true : undefined), {
    timeoutMs: 90_000,
    describe: () => describeRelease(tenant, "leaving"),
  });
  assert.equal(await exists(["configmap", "-n", tenant, "leaving-cm"]), false);
});
