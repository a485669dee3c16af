// The HelmRelease CRD from crds/, applied with the bundled kubectl the way a
// user would, serves objects, validates them and has a status subresource.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CRD_NAME, API_VERSION, KIND } from "../../src/api/helmrelease.ts";
import { repoRoot } from "../env/paths.ts";
import { kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("hr");
const DIGEST = `sha256:${"ab".repeat(32)}`;

function release(name: string, chart: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name, namespace: ns },
    spec: { chart, values: { replicaCount: 2, nested: { list: [1, "two"] } }, interval: "5m" },
  });
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  await ok(["apply", "--server-side", "-f", join(repoRoot, "crds")]);
  await ok(["wait", "--for=condition=Established", `crd/${CRD_NAME}`, "--timeout=60s"]);
  await ok(["create", "namespace", ns]);
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--wait=false"]);
});

test("a HelmRelease is created with kubectl and read back intact", async () => {
  await ok(["apply", "-f", "-"], release("podinfo", { repository: "oci://127.0.0.1:5000/charts/podinfo", version: ">=6.0.0 <7", digest: DIGEST }));
  const got = JSON.parse(await ok(["get", "helmrelease", "podinfo", "-n", ns, "-o", "json"])) as {
    spec: { chart: Record<string, string>; values: unknown; interval: string };
  };
  // plainHTTP: false is the schema's server-applied default.
  assert.deepEqual(got.spec.chart, { repository: "oci://127.0.0.1:5000/charts/podinfo", version: ">=6.0.0 <7", digest: DIGEST, plainHTTP: false });
  assert.deepEqual(got.spec.values, { replicaCount: 2, nested: { list: [1, "two"] } });
  assert.equal(got.spec.interval, "5m");

  const short = await ok(["get", "bhr", "-n", ns, "-o", "name"]);
  assert.equal(short.trim(), "helmrelease.bosun.dev/podinfo");
});

test("the API server rejects invalid HelmReleases with actionable messages", async () => {
  const noRef = await kubectl(["apply", "-f", "-"], release("bad-ref", { repository: "oci://127.0.0.1:5000/charts/x" }));
  assert.notEqual(noRef.code, 0);
  assert.match(noRef.stderr, /chart needs a digest, a version, or both/);

  const badDigest = await kubectl(["apply", "-f", "-"], release("bad-digest", { repository: "oci://r/x", digest: "sha256:xyz" }));
  assert.notEqual(badDigest.code, 0);
  assert.match(badDigest.stderr, /spec\.chart\.digest/);

  const notOci = await kubectl(["apply", "-f", "-"], release("bad-repo", { repository: "https://charts.example.com/x", version: "1.0.0" }));
  assert.notEqual(notOci.code, 0);
  assert.match(notOci.stderr, /spec\.chart\.repository/);
});

test("status is a subresource: written separately, shown in columns, usable by kubectl wait", async () => {
  await ok(["apply", "-f", "-"], release("with-status", { repository: "oci://127.0.0.1:5000/charts/podinfo", version: "6.5.0" }));
  const status = {
    status: {
      observedGeneration: 1,
      conditions: [
        { type: "Ready", status: "True", reason: "Succeeded", message: "Release reconciled", lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z") },
      ],
    },
  };
  // A status written through the main resource is ignored...
  await ok(["patch", "helmrelease", "with-status", "-n", ns, "--type=merge", "-p", JSON.stringify(status)]);
  const before = JSON.parse(await ok(["get", "helmrelease", "with-status", "-n", ns, "-o", "json"])) as { status?: unknown };
  assert.equal(before.status, undefined);
  // ...and accepted through the status subresource.
  await ok(["patch", "helmrelease", "with-status", "-n", ns, "--subresource=status", "--type=merge", "-p", JSON.stringify(status)]);
  await ok(["wait", "--for=condition=Ready", "helmrelease/with-status", "-n", ns, "--timeout=10s"]);

  const table = await ok(["get", "helmrelease", "with-status", "-n", ns]);
  const [header, row] = table.trim().split("\n");
  assert.match(header ?? "", /^NAME\s+READY\s+STATUS\s+VERSION\s+AGE$/);
  assert.match(row ?? "", /^with-status\s+True\s+Release reconciled\s+\S+$/);
});
