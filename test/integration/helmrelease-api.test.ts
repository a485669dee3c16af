// The complete HelmRelease schema, as the API server enforces it: defaults are
// applied server-side, invalid specs are rejected with field paths and
// actionable messages, and `kubectl get bhr` shows the printer columns.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { withDefaults } from "../../src/api/defaults.ts";
import { API_VERSION, CRD_NAME, KIND } from "../../src/api/helmrelease.ts";
import type { HelmRelease, HelmReleaseSpec } from "../../src/api/types.ts";
import { repoRoot } from "../env/paths.ts";
import { kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("hrapi");
const DIGEST = `sha256:${"cd".repeat(32)}`;
const chart = { repository: "oci://127.0.0.1:5000/charts/podinfo", version: "6.5.0" };

function manifest(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: API_VERSION, kind: KIND, metadata: { name, namespace: ns }, spec });
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Applies `spec` expecting rejection; returns kubectl's error text. */
async function rejected(name: string, spec: Record<string, unknown>): Promise<string> {
  const r = await kubectl(["apply", "-f", "-"], manifest(name, spec));
  assert.notEqual(r.code, 0, `${name} was accepted`);
  return r.stderr;
}

before(async () => {
  await ok(["apply", "--server-side", "--force-conflicts", "-f", join(repoRoot, "crds")]);
  await ok(["wait", "--for=condition=Established", `crd/${CRD_NAME}`, "--timeout=60s"]);
  await ok(["create", "namespace", ns]);
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("a HelmRelease with only required fields reads back with the server-applied defaults", async () => {
  await ok(["apply", "-f", "-"], manifest("minimal", { chart }));
  const got = JSON.parse(await ok(["get", "bhr", "minimal", "-n", ns, "-o", "json"])) as HelmRelease;
  assert.deepEqual(got.spec, {
    chart: { ...chart, plainHTTP: false },
    createNamespace: false,
    interval: "10m",
    timeout: "5m",
    suspend: false,
    syncPolicy: {
      retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
      prunePropagationPolicy: "Background",
      pruneLast: false,
      forceConflicts: false,
      replaceOnImmutable: false,
      respectIgnoreDifferences: false,
      crds: "Create",
    },
    disableHooks: false,
  });
  // The code's defaults (for objects stored under an older CRD) agree.
  assert.deepEqual(withDefaults({ chart }), got.spec);
});

test("nested defaults apply inside lists and opt-in objects, and explicit values are kept", async () => {
  const spec: HelmReleaseSpec = {
    chart: { repository: "oci://127.0.0.1:5000/charts/podinfo", digest: DIGEST },
    valuesFrom: [{ kind: "ConfigMap", name: "common" }, { kind: "Secret", name: "secret-values", key: "prod.yaml", optional: true, targetPath: "auth.token" }],
    interval: "1h30m",
    dependsOn: [{ name: "database" }],
    syncPolicy: { automated: { prune: true }, retry: { limit: -1, backoff: { factor: 3 } }, crds: "CreateReplace" },
    ignoreDifferences: [{ group: "apps", kind: "Deployment", jsonPointers: ["/spec/replicas"] }],
    values: { replicaCount: 3 },
  };
  await ok(["apply", "-f", "-"], manifest("full", spec as unknown as Record<string, unknown>));
  const got = JSON.parse(await ok(["get", "helmrelease", "full", "-n", ns, "-o", "json"])) as HelmRelease;
  assert.deepEqual(got.spec.valuesFrom, [
    { kind: "ConfigMap", name: "common", key: "values.yaml", optional: false },
    { kind: "Secret", name: "secret-values", key: "prod.yaml", optional: true, targetPath: "auth.token" },
  ]);
  assert.deepEqual(got.spec.syncPolicy?.automated, { prune: true, selfHeal: false, allowEmpty: false });
  assert.deepEqual(got.spec.syncPolicy.retry, { limit: -1, backoff: { duration: "5s", factor: 3, maxDuration: "3m" } });
  assert.equal(got.spec.interval, "1h30m");
  assert.deepEqual(got.spec, withDefaults(spec));
});

test("the API server rejects invalid specs naming the field and the fix", async () => {
  const cases: [string, Record<string, unknown>, RegExp[]][] = [
    ["no-ref", { chart: { repository: "oci://r/x" } }, [/spec\.chart: Invalid value/, /chart needs a digest, a version, or both/]],
    ["tagged-repo", { chart: { repository: "oci://r/x:1.0", version: "1.0" } }, [/spec\.chart\.repository: Invalid value/, /without a tag or digest/]],
    ["upper-digest", { chart: { repository: "oci://r/x", digest: `sha256:${"AB".repeat(32)}` } }, [/spec\.chart\.digest: Invalid value/]],
    ["bad-kind", { chart, valuesFrom: [{ kind: "Deployment", name: "x" }] }, [/spec\.valuesFrom\[0\]\.kind: Unsupported value: "Deployment"/, /"ConfigMap", "Secret"/]],
    ["bad-interval", { chart, interval: "1d" }, [/spec\.interval: Invalid value: "1d"/]],
    ["short-interval", { chart, interval: "100ms" }, [/spec\.interval: Invalid value/, /interval must be at least 1s/]],
    ["zero-timeout", { chart, timeout: "0s" }, [/spec\.timeout: Invalid value/, /timeout must be at least 1s/]],
    ["bad-limit", { chart, syncPolicy: { retry: { limit: -2 } } }, [/spec\.syncPolicy\.retry\.limit: Invalid value/, /limit must be -1 \(unlimited\), 0 \(no retries\) or a positive count/]],
    ["bad-factor", { chart, syncPolicy: { retry: { backoff: { factor: 0 } } } }, [/spec\.syncPolicy\.retry\.backoff\.factor: Invalid value/, /factor must be at least 1/]],
    ["short-max", { chart, syncPolicy: { retry: { backoff: { duration: "1m", maxDuration: "10s" } } } }, [/spec\.syncPolicy\.retry\.backoff\.maxDuration: Invalid value/, /maxDuration must not be shorter than duration/]],
    ["bad-policy", { chart, syncPolicy: { prunePropagationPolicy: "Cascade", crds: "Replace" } }, [/spec\.syncPolicy\.prunePropagationPolicy: Unsupported value: "Cascade"/, /spec\.syncPolicy\.crds: Unsupported value: "Replace"/]],
    ["bad-ignore", { chart, ignoreDifferences: [{ kind: "Deployment" }, { kind: "Service", jsonPointers: ["spec.ports"] }] }, [/spec\.ignoreDifferences\[0\]: Invalid value/, /give jsonPointers, managedFieldsManagers, or both/, /spec\.ignoreDifferences\[1\]\.jsonPointers\[0\]: Invalid value: "spec\.ports"/]],
    ["bad-release-name", { chart, releaseName: "Has_Upper" }, [/spec\.releaseName: Invalid value: "Has_Upper"/]],
    ["ca-plain", { chart: { ...chart, plainHTTP: true, caSecretRef: { name: "ca" } } }, [/spec\.chart\.caSecretRef: Invalid value/, /caSecretRef has no effect with plainHTTP/]],
    [`n${"x".repeat(59)}`, { chart }, [/spec\.releaseName: Invalid value/, /longer than Helm's 53-character release name limit; set spec\.releaseName/]],
  ];
  for (const [name, spec, expected] of cases) {
    const stderr = await rejected(name, spec);
    for (const re of expected) assert.match(stderr, re, `${name}: ${stderr}`);
  }
  // Nothing was stored.
  const names = await ok(["get", "bhr", "-n", ns, "-o", "name"]);
  for (const [name] of cases) assert.doesNotMatch(names, new RegExp(`/${name}$`, "m"));
});

test("kubectl get bhr shows Ready, Status, Version and Age; -o wide adds the digest", async () => {
  await ok(["apply", "-f", "-"], manifest("shown", { chart: { ...chart, digest: DIGEST } }));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const status = {
    status: {
      observedGeneration: 1,
      conditions: [{ type: "Ready", status: "True", observedGeneration: 1, reason: "Succeeded", message: "Applied 6.5.0", lastTransitionTime: now }],
      lastAppliedRevision: { version: "6.5.0", digest: DIGEST },
      lastAttemptedRevision: { version: "6.5.0", digest: DIGEST },
      sync: { status: "Synced", revision: { version: "6.5.0", digest: DIGEST } },
      health: { status: "Healthy", message: "all 3 objects Current" },
      inventory: { v: 1, entries: [{ g: "apps", v: "v1", k: "Deployment", o: [`${ns}/podinfo`] }, { g: "", v: "v1", k: "Service", o: [`${ns}/podinfo`] }] },
      history: [{ revision: { version: "6.5.0", digest: DIGEST }, valuesDigest: DIGEST, startedAt: now, finishedAt: now, result: "Succeeded", message: "installed" }],
      retry: { attempts: 0 },
    },
  };
  await ok(["patch", "helmrelease", "shown", "-n", ns, "--subresource=status", "--type=merge", "-p", JSON.stringify(status)]);
  const stored = JSON.parse(await ok(["get", "bhr", "shown", "-n", ns, "-o", "json"])) as { status: unknown };
  assert.deepEqual(stored.status, status.status, "every status field survives pruning");

  const [header, row] = (await ok(["get", "bhr", "shown", "-n", ns])).trim().split("\n");
  assert.match(header ?? "", /^NAME\s+READY\s+STATUS\s+VERSION\s+AGE$/);
  assert.match(row ?? "", /^shown\s+True\s+Applied 6\.5\.0\s+6\.5\.0\s+\S+$/);

  const [wideHeader, wideRow] = (await ok(["get", "bhr", "shown", "-n", ns, "-o", "wide"])).trim().split("\n");
  assert.match(wideHeader ?? "", /^NAME\s+READY\s+STATUS\s+VERSION\s+DIGEST\s+AGE$/);
  assert.ok(wideRow?.includes(DIGEST), wideRow);

  // The category lists HelmReleases too.
  assert.match(await ok(["get", "bosun", "-n", ns, "-o", "name"]), /^helmrelease\.bosun\.dev\/shown$/m);
});

test("the status schema rejects out-of-range values", async () => {
  const tooLong = { status: { history: Array.from({ length: 11 }, () => ({ revision: { version: "1" }, startedAt: "2025-01-01T00:00:00Z", result: "Succeeded" })) } };
  const r = await kubectl(["patch", "helmrelease", "shown", "-n", ns, "--subresource=status", "--type=merge", "-p", JSON.stringify(tooLong)]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /status\.history: Too many: 11: must have at most 10 items/);
  const badHealth = { status: { health: { status: "Fine" } } };
  const h = await kubectl(["patch", "helmrelease", "shown", "-n", ns, "--subresource=status", "--type=merge", "-p", JSON.stringify(badHealth)]);
  assert.match(h.stderr, /status\.health\.status: Unsupported value: "Fine"/);
});
