// The CRD shipped in crds/ must name the API exactly as src/api does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";
import { CRD_NAME, GROUP, KIND, PLURAL, VERSION } from "../../src/api/helmrelease.ts";

interface Crd {
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; shortNames?: string[] };
    versions: { name: string; served: boolean; storage: boolean; subresources?: { status?: object }; additionalPrinterColumns?: { name: string; jsonPath: string; priority?: number }[] }[];
  };
}

const crd = parse(readFileSync(new URL("../../crds/bosun.dev_helmreleases.yaml", import.meta.url), "utf8")) as Crd;

test("the HelmRelease CRD matches the API constants", () => {
  assert.equal(crd.kind, "CustomResourceDefinition");
  assert.equal(crd.metadata.name, CRD_NAME);
  assert.equal(crd.spec.group, GROUP);
  assert.equal(crd.spec.scope, "Namespaced");
  assert.equal(crd.spec.names.kind, KIND);
  assert.equal(crd.spec.names.plural, PLURAL);
  assert.deepEqual(
    crd.spec.versions.map((v) => [v.name, v.served, v.storage]),
    [[VERSION, true, true]],
  );
});

test("the served version has a status subresource and a Ready column", () => {
  const v = crd.spec.versions[0];
  assert.ok(v?.subresources?.status, "status subresource");
  const ready = v.additionalPrinterColumns?.find((c) => c.name === "Ready");
  assert.equal(ready?.jsonPath, '.status.conditions[?(@.type=="Ready")].status');
});

test("printer columns show the chart version, and the digest with -o wide", () => {
  const cols = crd.spec.versions[0]?.additionalPrinterColumns ?? [];
  assert.deepEqual(cols.map((c) => c.name), ["Ready", "Status", "Version", "Digest", "Age"]);
  assert.equal(cols.find((c) => c.name === "Version")?.jsonPath, ".status.lastAppliedRevision.version");
  const digest = cols.find((c) => c.name === "Digest");
  assert.equal(digest?.jsonPath, ".status.lastAppliedRevision.digest");
  assert.equal(digest.priority, 1);
  assert.deepEqual(crd.spec.names.shortNames, ["bhr"]);
});
