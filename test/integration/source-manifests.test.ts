// Manifests that helm would never push, uploaded straight through the
// distribution API of the real registry: the client accepts Docker schema 2
// and the legacy chart layer type, and refuses what is not a Helm chart.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { loadArchive } from "../../src/render/index.ts";
import { OciClient, SourceError, type OciReference } from "../../src/source/index.ts";
import { repoRoot } from "../env/paths.ts";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";

const sha256 = (b: Uint8Array): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const work = mkdtempSync(join(tmpdir(), "bosun-manifests-"));
let chartTgz: Uint8Array;

before(async () => {
  const r = await helm(["package", join(repoRoot, "test", "fixtures", "charts", "tiny"), "--destination", work]);
  assert.equal(r.code, 0, r.stderr);
  chartTgz = readFileSync(join(work, "tiny-0.1.0.tgz"));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Monolithic blob upload (POST then PUT ?digest=). */
async function putBlob(repo: string, bytes: Uint8Array): Promise<{ digest: string; size: number }> {
  const { registry } = testEnv();
  const digest = sha256(bytes);
  const start = await fetch(`http://${registry}/v2/${repo}/blobs/uploads/`, { method: "POST" });
  assert.equal(start.status, 202);
  const location = new URL(start.headers.get("location") ?? "", `http://${registry}`);
  location.searchParams.set("digest", digest);
  const put = await fetch(location, { method: "PUT", body: bytes, headers: { "Content-Type": "application/octet-stream" } });
  assert.equal(put.status, 201, await put.text());
  return { digest, size: bytes.length };
}

async function putManifest(repo: string, tag: string, manifest: object, mediaType: string): Promise<string> {
  const { registry } = testEnv();
  const body = Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`http://${registry}/v2/${repo}/manifests/${tag}`, { method: "PUT", body, headers: { "Content-Type": mediaType } });
  assert.equal(res.status, 201, await res.text());
  return sha256(body);
}

async function upload(opts: { manifestType: string; configType: string; layerTypes: string[] }): Promise<{ ref: OciReference; digest: string }> {
  const repo = `${uniqueName("manifests")}/tiny`;
  const config = await putBlob(repo, Buffer.from(JSON.stringify({ name: "tiny", version: "0.1.0", apiVersion: "v2" })));
  const layer = await putBlob(repo, chartTgz);
  const manifest = {
    schemaVersion: 2,
    mediaType: opts.manifestType,
    config: { mediaType: opts.configType, digest: config.digest, size: config.size },
    layers: opts.layerTypes.map((mediaType) => ({ mediaType, digest: layer.digest, size: layer.size })),
  };
  const digest = await putManifest(repo, "0.1.0", manifest, opts.manifestType);
  return { ref: { registry: testEnv().registry, repository: repo }, digest };
}

const OCI = "application/vnd.oci.image.manifest.v1+json";
const DOCKER = "application/vnd.docker.distribution.manifest.v2+json";
const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
const HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

test("a Docker schema 2 manifest and the legacy layer type are accepted", async () => {
  for (const [manifestType, layerType] of [
    [DOCKER, HELM_LAYER],
    [OCI, "application/tar+gzip"],
  ] as const) {
    const { ref, digest } = await upload({ manifestType, configType: HELM_CONFIG, layerTypes: [layerType] });
    const client = new OciClient({ plainHttp: true });
    assert.equal((await client.resolve(ref, { version: "0.1.0" })).digest, digest);
    const pulled = await client.pullChart(ref, digest);
    assert.deepEqual(Buffer.from(pulled.chart), Buffer.from(chartTgz));
    assert.equal(loadArchive(pulled.chart).metadata.name, "tiny");
  }
});

test("container images and manifests with no or several chart layers are refused with a clear error", async () => {
  const cases = [
    { manifestType: OCI, configType: "application/vnd.oci.image.config.v1+json", layerTypes: [HELM_LAYER], want: /config media type is "application\/vnd\.oci\.image\.config\.v1\+json".*not a Helm chart/ },
    { manifestType: OCI, configType: HELM_CONFIG, layerTypes: [], want: /expected exactly one chart layer.*found 0/ },
    { manifestType: OCI, configType: HELM_CONFIG, layerTypes: [HELM_LAYER, HELM_LAYER], want: /expected exactly one chart layer.*found 2/ },
    { manifestType: OCI, configType: HELM_CONFIG, layerTypes: ["application/vnd.oci.image.layer.v1.tar+gzip"], want: /expected exactly one chart layer.*found 0/ },
  ];
  for (const c of cases) {
    const { ref, digest } = await upload(c);
    await assert.rejects(new OciClient({ plainHttp: true }).pullChart(ref, digest), (e: unknown) => {
      assert.ok(e instanceof SourceError, String(e));
      assert.equal(e.code, "media-type");
      assert.match(e.message, c.want);
      assert.match(e.message, new RegExp(ref.repository.replace(/[.]/g, "\\.")));
      return true;
    });
  }
});
