import assert from "node:assert/strict";
import { test } from "node:test";
import type { HelmRelease } from "../../../src/api/index.ts";
import { identityOnly, ValuesReferences } from "../../../src/controller/references.ts";

const hr = (name: string, valuesFrom: { kind: "ConfigMap" | "Secret"; name: string }[]): HelmRelease => ({
  apiVersion: "bosun.dev/v1alpha1",
  kind: "HelmRelease",
  metadata: { name, namespace: "apps" },
  spec: { chart: { repository: "oci://r/c", version: "1" }, valuesFrom },
});

test("the index answers which releases read a ConfigMap or Secret, and follows spec changes and deletes", () => {
  const refs = new ValuesReferences();
  refs.set(hr("a", [{ kind: "ConfigMap", name: "shared" }, { kind: "Secret", name: "a-creds" }]));
  refs.set(hr("b", [{ kind: "ConfigMap", name: "shared" }]));
  assert.deepEqual(refs.usersOf("ConfigMap", "apps", "shared").sort(), ["apps/a", "apps/b"]);
  assert.deepEqual(refs.usersOf("Secret", "apps", "a-creds"), ["apps/a"]);
  assert.deepEqual(refs.usersOf("Secret", "apps", "shared"), [], "kinds are told apart");
  assert.deepEqual(refs.usersOf("ConfigMap", "other", "shared"), [], "namespaces are told apart");
  refs.set(hr("a", [{ kind: "Secret", name: "a-creds" }]));
  assert.deepEqual(refs.usersOf("ConfigMap", "apps", "shared"), ["apps/b"]);
  refs.delete(hr("b", []));
  assert.deepEqual(refs.usersOf("ConfigMap", "apps", "shared"), []);
});

test("identityOnly keeps who and which version, never the data", () => {
  const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "n", resourceVersion: "7", uid: "u", annotations: { x: "y" } }, data: { password: "aHVudGVyMg==" }, type: "Opaque" };
  const kept = identityOnly(secret);
  assert.deepEqual(kept, { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "n", resourceVersion: "7", uid: "u" } });
  assert.ok(!JSON.stringify(kept).includes("aHVudGVyMg"));
});
