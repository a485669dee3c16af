import assert from "node:assert/strict";
import { test } from "node:test";
import { ApplyError } from "../../../src/apply/apply.ts";
import { KubeApiError, type KubeRequest, type KubeStatus, type Transport } from "../../../src/apply/client.ts";
import { describeDenial, forbiddenDenials, impersonating, parseDenial, serviceAccountUser } from "../../../src/apply/impersonation.ts";
import { ApplySetError } from "../../../src/apply/order.ts";

/** A transport that records what it is asked to send and answers 200. */
function recorder(): { transport: Transport; sent: KubeRequest[] } {
  const sent: KubeRequest[] = [];
  return {
    sent,
    transport: (req) => {
      sent.push(req);
      return Promise.resolve({ status: 200, body: {} });
    },
  };
}

test("impersonating: every request carries Impersonate-User and keeps its own headers and fields", async () => {
  const r = recorder();
  const t = impersonating(r.transport, { user: serviceAccountUser("t1", "deployer") });
  await t({ method: "PATCH", path: "/api/v1/namespaces/t1/configmaps/a", body: "{}", contentType: "application/apply-patch+yaml", headers: { "X-Trace": "1" } });
  await t({ method: "GET", path: "/api/v1/namespaces/t1/configmaps", query: { watch: "true" }, stream: true });
  assert.deepEqual(r.sent[0], {
    method: "PATCH",
    path: "/api/v1/namespaces/t1/configmaps/a",
    body: "{}",
    contentType: "application/apply-patch+yaml",
    headers: { "X-Trace": "1", "Impersonate-User": "system:serviceaccount:t1:deployer" },
  });
  assert.deepEqual(r.sent[1], { method: "GET", path: "/api/v1/namespaces/t1/configmaps", query: { watch: "true" }, stream: true, headers: { "Impersonate-User": "system:serviceaccount:t1:deployer" } });
});

test("impersonating: a request cannot choose another identity or add groups through the wrapper", async () => {
  const r = recorder();
  const t = impersonating(r.transport, { user: "system:serviceaccount:t1:deployer" });
  await t({ method: "GET", path: "/", headers: { "impersonate-user": "admin", "Impersonate-Group": "system:masters", "Impersonate-Extra-scopes": "x", Accept: "a" } });
  assert.deepEqual(r.sent[0]?.headers, { Accept: "a", "Impersonate-User": "system:serviceaccount:t1:deployer" });
});

// Bodies as the test cluster's kube-apiserver 1.34 returned them to an impersonated ServiceAccount.
const clusterRoleApply: KubeStatus = {
  kind: "Status",
  status: "Failure",
  message: 'clusterroles.rbac.authorization.k8s.io "x" is forbidden: User "system:serviceaccount:t1:deployer" cannot patch resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
  reason: "Forbidden",
  details: { name: "x", group: "rbac.authorization.k8s.io", kind: "clusterroles" },
  code: 403,
};
const secretGet: KubeStatus = {
  kind: "Status",
  status: "Failure",
  message: 'secrets "s" is forbidden: User "system:serviceaccount:t1:deployer" cannot get resource "secrets" in API group "" in the namespace "other"',
  reason: "Forbidden",
  details: { name: "s", kind: "secrets" },
  code: 403,
};
const configMapList: KubeStatus = {
  kind: "Status",
  status: "Failure",
  message: 'configmaps is forbidden: User "system:serviceaccount:t1:deployer" cannot list resource "configmaps" in API group "" in the namespace "other"',
  reason: "Forbidden",
  details: { kind: "configmaps" },
  code: 403,
};
const pathGet: KubeStatus = { kind: "Status", status: "Failure", message: 'forbidden: User "system:serviceaccount:t1:deployer" cannot get path "/metrics"', reason: "Forbidden", details: {}, code: 403 };

test("parseDenial + describeDenial: who cannot do what, where", () => {
  assert.deepEqual(parseDenial(clusterRoleApply), { user: "system:serviceaccount:t1:deployer", verb: "patch", resource: "clusterroles.rbac.authorization.k8s.io", name: "x" });
  assert.equal(describeDenial(parseDenial(clusterRoleApply) ?? assert.fail()), 'system:serviceaccount:t1:deployer cannot patch clusterroles.rbac.authorization.k8s.io "x" (cluster-scoped)');
  assert.equal(describeDenial(parseDenial(secretGet) ?? assert.fail()), 'system:serviceaccount:t1:deployer cannot get secrets "s" in namespace other');
  assert.equal(describeDenial(parseDenial(configMapList) ?? assert.fail()), "system:serviceaccount:t1:deployer cannot list configmaps in namespace other");
  assert.equal(describeDenial(parseDenial(pathGet) ?? assert.fail()), "system:serviceaccount:t1:deployer cannot get /metrics");
});

test("parseDenial: a 403 of admission (quota, terminating namespace) is not a missing right", () => {
  const quota: KubeStatus = { kind: "Status", code: 403, reason: "Forbidden", message: 'configmaps "a" is forbidden: exceeded quota: tiny, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1' };
  const terminating: KubeStatus = { kind: "Status", code: 403, reason: "Forbidden", message: 'configmaps "a" is forbidden: unable to create new content in namespace t1 because it is being terminated' };
  assert.equal(parseDenial(quota), undefined);
  assert.equal(parseDenial(terminating), undefined);
  assert.equal(parseDenial({ ...secretGet, code: 404 }), undefined, "only a 403 is a refusal");
});

test("forbiddenDenials: found through causes, ApplySetError and AggregateError, without repeats", () => {
  const req: KubeRequest = { method: "PATCH", path: "/apis/rbac.authorization.k8s.io/v1/clusterroles/x" };
  const refused = new KubeApiError(req, 403, clusterRoleApply);
  const applyErr = new ApplyError("ClusterRole x", refused);
  const other = new ApplyError("ConfigMap t1/a", new KubeApiError(req, 422, { kind: "Status", code: 422, message: "invalid" }));
  assert.deepEqual(forbiddenDenials(new ApplySetError([other, applyErr, new ApplyError("ClusterRole x", refused)], [])), [
    'system:serviceaccount:t1:deployer cannot patch clusterroles.rbac.authorization.k8s.io "x" (cluster-scoped)',
  ]);
  const prune = new AggregateError([new Error("prune Secret other/s", { cause: new KubeApiError(req, 403, secretGet) })]);
  assert.deepEqual(forbiddenDenials(prune), ['system:serviceaccount:t1:deployer cannot get secrets "s" in namespace other']);
  // The health waiter's refused LIST carries the Status body itself as the cause.
  assert.deepEqual(forbiddenDenials(new Error("cannot list", { cause: configMapList })), ["system:serviceaccount:t1:deployer cannot list configmaps in namespace other"]);
  assert.deepEqual(forbiddenDenials(new ApplySetError([other], [])), []);
  assert.deepEqual(forbiddenDenials("just a string"), []);
});

test("forbiddenDenials: a cause cycle ends", () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  (a as { cause?: unknown }).cause = b;
  assert.deepEqual(forbiddenDenials(a), []);
});
