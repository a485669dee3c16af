// src/api/defaults.ts applies exactly the defaults the CRD declares.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parse } from "yaml";
import { DEFAULTS, withDefaults } from "../../../src/api/defaults.ts";
import type { HelmReleaseSpec } from "../../../src/api/types.ts";

interface Schema {
  type?: string;
  default?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
}

const crd = parse(readFileSync(new URL("../../../crds/bosun.dev_helmreleases.yaml", import.meta.url), "utf8")) as {
  spec: { versions: { schema: { openAPIV3Schema: Schema } }[] };
};
const specSchema = crd.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec;

/** What the API server does: structural defaulting, top-down, recursing into defaulted values. */
function serverDefault(value: unknown, schema: Schema | undefined): unknown {
  if (!schema || schema["x-kubernetes-preserve-unknown-fields"]) return value;
  if (Array.isArray(value)) return value.map((v) => serverDefault(v, schema.items));
  if (value !== null && typeof value === "object" && schema.properties) {
    const obj = { ...(value as Record<string, unknown>) };
    for (const [k, s] of Object.entries(schema.properties)) {
      if (obj[k] === undefined && s.default !== undefined) obj[k] = structuredClone(s.default);
      if (obj[k] !== undefined) obj[k] = serverDefault(obj[k], s);
    }
    return obj;
  }
  return value;
}

const minimal: HelmReleaseSpec = { chart: { repository: "oci://r.example.com/charts/app", version: "1.0.0" } };

test("a minimal spec gets the documented defaults", () => {
  const d = withDefaults(minimal);
  assert.equal(d.interval, "10m");
  assert.equal(d.timeout, "5m");
  assert.equal(d.suspend, false);
  assert.equal(d.chart.plainHTTP, false);
  assert.deepEqual(d.syncPolicy.retry, { limit: DEFAULTS.retryLimit, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } });
  assert.equal(d.syncPolicy.prunePropagationPolicy, "Background");
  assert.equal(d.syncPolicy.crds, "Create");
  assert.equal(d.syncPolicy.respectIgnoreDifferences, false);
  assert.equal(d.syncPolicy.automated, undefined, "automation stays opt-in");
  assert.equal(d.disableHooks, false);
});

test("code defaults equal the CRD's server-side defaults", () => {
  const specs: HelmReleaseSpec[] = [
    minimal,
    {
      ...minimal,
      valuesFrom: [{ kind: "ConfigMap", name: "a" }, { kind: "Secret", name: "b", key: "k", optional: true }],
      syncPolicy: { automated: { prune: true }, retry: { limit: -1, backoff: { factor: 3 } }, crds: "Skip", respectIgnoreDifferences: true },
      interval: "1m",
      values: { a: { b: null } },
    },
  ];
  for (const spec of specs) {
    assert.deepEqual(withDefaults(spec), serverDefault(spec, specSchema));
  }
});

test("explicit values win and the input is not modified", () => {
  const spec: HelmReleaseSpec = { ...minimal, timeout: "30s", syncPolicy: { retry: { backoff: { duration: "1s" } } } };
  const copy = structuredClone(spec);
  const d = withDefaults(spec);
  assert.equal(d.timeout, "30s");
  assert.equal(d.syncPolicy.retry.backoff.duration, "1s");
  assert.equal(d.syncPolicy.retry.backoff.maxDuration, "3m");
  assert.deepEqual(spec, copy);
});
