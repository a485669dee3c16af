// The OCI registries of the test environment: helm pushes a chart, its
// manifest and chart layer are fetched by digest and verified, and the
// basic-auth registry turns away anonymous clients.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { repoRoot } from "../env/paths.ts";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

const sha256 = (b: Uint8Array): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;

interface Manifest {
  mediaType?: string;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number }[];
}

let work: string;
let chartTgz: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), "bosun-registry-test-"));
  const r = await helm(["package", join(repoRoot, "test", "fixtures", "charts", "tiny"), "--destination", work]);
  assert.equal(r.code, 0, r.stderr);
  chartTgz = join(work, "tiny-0.1.0.tgz");
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** `helm push` prints "Digest: sha256:…"; returns that digest. */
function pushedDigest(output: string): string {
  const m = /Digest: (sha256:[0-9a-f]{64})/.exec(output);
  assert.ok(m?.[1], `no digest in helm push output:\n${output}`);
  return m[1];
}

test("helm push --plain-http, then manifest and chart layer fetched by digest and verified", async () => {
  const env = testEnv();
  const repo = uniqueName("charts");
  const pushed = await helm(["push", chartTgz, `oci://${env.registry}/${repo}`, "--plain-http"]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const digest = pushedDigest(pushed.stdout + pushed.stderr);

  const res = await fetch(`http://${env.registry}/v2/${repo}/tiny/manifests/${digest}`, { headers: { Accept: OCI_MANIFEST } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("docker-content-digest"), digest);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.equal(sha256(bytes), digest, "manifest bytes hash to the digest helm reported");

  const manifest = JSON.parse(Buffer.from(bytes).toString("utf8")) as Manifest;
  assert.equal(manifest.config.mediaType, HELM_CONFIG);
  assert.equal(manifest.layers.length, 1);
  const layer = manifest.layers[0];
  assert.ok(layer);
  assert.equal(layer.mediaType, HELM_CHART_LAYER);

  const blobRes = await fetch(`http://${env.registry}/v2/${repo}/tiny/blobs/${layer.digest}`);
  assert.equal(blobRes.status, 200);
  const blob = new Uint8Array(await blobRes.arrayBuffer());
  assert.equal(blob.length, layer.size);
  assert.equal(sha256(blob), layer.digest);
  // A tar archive whose first entry is the chart's own directory.
  const tar = gunzipSync(blob);
  assert.equal(tar.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "").split("/")[0], "tiny");

  const tag = await fetch(`http://${env.registry}/v2/${repo}/tiny/manifests/0.1.0`, { method: "HEAD", headers: { Accept: OCI_MANIFEST } });
  assert.equal(tag.status, 200);
  assert.equal(tag.headers.get("docker-content-digest"), digest, "the tag resolves to the pushed digest");
});

test("the basic-auth registry rejects anonymous and wrong credentials and accepts the right ones", async () => {
  const env = testEnv();
  const anon = await fetch(`http://${env.registryAuth}/v2/`);
  assert.equal(anon.status, 401);
  assert.match(anon.headers.get("www-authenticate") ?? "", /^Basic realm=/);

  const wrong = await fetch(`http://${env.registryAuth}/v2/`, { headers: { Authorization: basic(env.registryAuthUsername, "not-the-password") } });
  assert.equal(wrong.status, 401);

  const right = await fetch(`http://${env.registryAuth}/v2/`, { headers: { Authorization: basic(env.registryAuthUsername, env.registryAuthPassword) } });
  assert.equal(right.status, 200);

  const repo = uniqueName("private");
  const denied = await helm(["push", chartTgz, `oci://${env.registryAuth}/${repo}`, "--plain-http"]);
  assert.notEqual(denied.code, 0, "an anonymous push is refused");

  const pushed = await helm([
    "push",
    chartTgz,
    `oci://${env.registryAuth}/${repo}`,
    "--plain-http",
    "--username",
    env.registryAuthUsername,
    "--password",
    env.registryAuthPassword,
  ]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const digest = pushedDigest(pushed.stdout + pushed.stderr);

  const anonManifest = await fetch(`http://${env.registryAuth}/v2/${repo}/tiny/manifests/${digest}`, { headers: { Accept: OCI_MANIFEST } });
  assert.equal(anonManifest.status, 401);
  const authManifest = await fetch(`http://${env.registryAuth}/v2/${repo}/tiny/manifests/${digest}`, {
    headers: { Accept: OCI_MANIFEST, Authorization: basic(env.registryAuthUsername, env.registryAuthPassword) },
  });
  assert.equal(authManifest.status, 200);
  assert.equal(sha256(new Uint8Array(await authManifest.arrayBuffer())), digest);
});
