// The OCI chart source against the real registries of the test environment:
// charts pushed with `helm push`, then resolved and pulled by bosun's client.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";
import { OciClient, parseDockerConfig, SourceError, type OciReference } from "../../src/source/index.ts";
import { countingFetch } from "./counting-fetch.ts";

const VERSIONS = ["1.0.0", "1.0.1+build.5", "1.1.0", "1.2.0-rc.1", "2.0.0-beta.1"];
let work: string;
let repoPath: string; // e.g. src-abc123 (chart "demo" lives at src-abc123/demo)
let authRepoPath: string;
const digests = new Map<string, string>();
const tgz = new Map<string, Uint8Array>();
let authDigest = "";

function pushedDigest(output: string): string {
  const m = /Digest: (sha256:[0-9a-f]{64})/.exec(output);
  assert.ok(m?.[1], `no digest in helm push output:\n${output}`);
  return m[1];
}

before(async () => {
  const env = testEnv();
  work = mkdtempSync(join(tmpdir(), "bosun-source-test-"));
  repoPath = uniqueName("src");
  authRepoPath = uniqueName("srcauth");
  for (const v of VERSIONS) {
    const dir = join(work, `chart-${v}`, "demo");
    mkdirSync(join(dir, "templates"), { recursive: true });
    writeFileSync(join(dir, "Chart.yaml"), `apiVersion: v2\nname: demo\nversion: ${v}\n`);
    writeFileSync(join(dir, "templates", "cm.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\ndata:\n  v: "${v}"\n`);
    const pkg = await helm(["package", dir, "--destination", work]);
    assert.equal(pkg.code, 0, pkg.stderr);
    const file = join(work, `demo-${v}.tgz`);
    tgz.set(v, new Uint8Array(readFileSync(file)));
    const pushed = await helm(["push", file, `oci://${env.registry}/${repoPath}`, "--plain-http"]);
    assert.equal(pushed.code, 0, pushed.stderr);
    digests.set(v, pushedDigest(pushed.stdout + pushed.stderr));
  }
  const file = join(work, "demo-1.0.0.tgz");
  const pushed = await helm([
    "push", file, `oci://${env.registryAuth}/${authRepoPath}`, "--plain-http",
    "--username", env.registryAuthUsername, "--password", env.registryAuthPassword,
  ]);
  assert.equal(pushed.code, 0, pushed.stderr);
  authDigest = pushedDigest(pushed.stdout + pushed.stderr);
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

const anonRef = (): OciReference => ({ registry: testEnv().registry, repository: `${repoPath}/demo` });
const authRef = (): OciReference => ({ registry: testEnv().registryAuth, repository: `${authRepoPath}/demo` });
const d = (v: string): string => {
  const x = digests.get(v);
  assert.ok(x);
  return x;
};

test("pull by digest returns the verified chart helm pushed", async () => {
  const c = countingFetch();
  const client = new OciClient({ plainHttp: true, fetch: c.fetch });
  const r = await client.resolve(anonRef(), { digest: d("1.1.0") });
  assert.deepEqual(r, { digest: d("1.1.0") });
  assert.equal(c.urls.length, 0, "a digest needs no network to resolve");
  const pulled = await client.pullChart(anonRef(), d("1.1.0"));
  assert.deepEqual(pulled.chart, tgz.get("1.1.0"));
  assert.equal(`sha256:${createHash("sha256").update(pulled.manifestBytes).digest("hex")}`, d("1.1.0"));
  assert.equal(pulled.config["version"], "1.1.0");
  assert.equal(pulled.config["name"], "demo");
  assert.equal(pulled.manifest.layers.length, 1);
  // ping, manifest, config blob, chart blob
  assert.equal(c.urls.length, 4, c.urls.join("\n"));
});

test("resolve by exact tag (also with + read as _) and digest+version check", async () => {
  const client = new OciClient({ plainHttp: true });
  assert.deepEqual(await client.resolve(anonRef(), { version: "1.0.0" }), { digest: d("1.0.0"), tag: "1.0.0" });
  assert.deepEqual(await client.resolve(anonRef(), { version: "1.0.1+build.5" }), { digest: d("1.0.1+build.5"), tag: "1.0.1_build.5" });
  assert.deepEqual(await client.resolve({ ...anonRef(), tag: "1.2.0-rc.1" }), { digest: d("1.2.0-rc.1"), tag: "1.2.0-rc.1" });
  assert.deepEqual(await client.resolve(anonRef(), { version: "1.1.0", digest: d("1.1.0") }), { digest: d("1.1.0"), tag: "1.1.0" });
  await assert.rejects(
    client.resolve(anonRef(), { version: "1.0.0", digest: d("1.1.0") }),
    (e: unknown) => e instanceof SourceError && e.code === "digest-mismatch" && /digest mismatch/.test(e.message),
  );
});

test("resolve by semver range follows Masterminds prerelease rules", async () => {
  const client = new OciClient({ plainHttp: true });
  const cases: [string | undefined, string][] = [
    [undefined, "1.1.0"], // highest stable
    ["^1.0.0", "1.1.0"],
    ["~1.0.0", "1.0.1+build.5"],
    [">=1.0.0 <1.1.0", "1.0.1+build.5"],
    [">=1.2.0-0", "2.0.0-beta.1"], // a prerelease in the constraint admits prereleases
    ["^1.2.0-0", "1.2.0-rc.1"],
    ["1.x", "1.1.0"],
  ];
  for (const [range, want] of cases) {
    const r = await client.resolve(anonRef(), range === undefined ? {} : { version: range });
    assert.equal(r.digest, d(want), `${String(range)} → ${want}`);
  }
});

test("no matching version, unknown tag, unknown repository: clear errors", async () => {
  const client = new OciClient({ plainHttp: true });
  await assert.rejects(client.resolve(anonRef(), { version: "^3.0.0" }), (e: unknown) => {
    assert.ok(e instanceof SourceError);
    assert.equal(e.code, "no-match");
    assert.match(e.message, /no version matches "\^3\.0\.0"; newest available: 2\.0\.0-beta\.1, 1\.2\.0-rc\.1, 1\.1\.0, 1\.0\.1\+build\.5, 1\.0\.0/);
    assert.match(e.message, new RegExp(`registry ${testEnv().registry}, repository ${repoPath}/demo`));
    return true;
  });
  await assert.rejects(client.resolve(anonRef(), { version: "9.9.9" }), (e: unknown) => e instanceof SourceError && e.code === "not-found" && /tag 9\.9\.9 not found/.test(e.message) && /reference 9\.9\.9/.test(e.message));
  await assert.rejects(client.resolve({ ...anonRef(), repository: "nope/none" }, { version: "^1" }), (e: unknown) => e instanceof SourceError && e.code === "not-found");
  await assert.rejects(client.pullChart(anonRef(), `sha256:${"0".repeat(64)}`), (e: unknown) => e instanceof SourceError && e.code === "not-found");
});

test("basic-auth registry: right, wrong and missing credentials", async () => {
  const env = testEnv();
  const right = new OciClient({ plainHttp: true, credentials: { username: env.registryAuthUsername, password: env.registryAuthPassword } });
  const r = await right.resolve(authRef(), { version: "1.0.0" });
  assert.equal(r.digest, authDigest);
  assert.deepEqual((await right.pullChart(authRef(), authDigest)).chart, tgz.get("1.0.0"));

  const viaConfig = new OciClient({
    plainHttp: true,
    credentials: parseDockerConfig(JSON.stringify({ auths: { [`http://${env.registryAuth}/v2/`]: { auth: Buffer.from(`${env.registryAuthUsername}:${env.registryAuthPassword}`).toString("base64") } } })),
  });
  assert.equal((await viaConfig.resolve(authRef(), { version: "^1" })).digest, authDigest);

  const wrongPassword = "wrong-password-123";
  const wrong = new OciClient({ plainHttp: true, credentials: { username: env.registryAuthUsername, password: wrongPassword } });
  await assert.rejects(wrong.pullChart(authRef(), authDigest), (e: unknown) => {
    assert.ok(e instanceof SourceError);
    assert.equal(e.code, "unauthorized");
    assert.match(e.message, /credentials were sent and were rejected/);
    assert.ok(!e.message.includes(wrongPassword));
    assert.match(e.message, new RegExp(`reference ${authDigest}`));
    return true;
  });
  const none = new OciClient({ plainHttp: true });
  await assert.rejects(none.resolve(authRef(), { version: "1.0.0" }), (e: unknown) => e instanceof SourceError && e.code === "unauthorized" && /no credentials were sent/.test(e.message));
});

test("a tampered blob in the registry's storage is rejected", async () => {
  const env = testEnv();
  const client = new OciClient({ plainHttp: true });
  const pulled = await client.pullChart(anonRef(), d("1.2.0-rc.1"));
  const layer = pulled.manifest.layers[0];
  assert.ok(layer);
  const hex = layer.digest.slice("sha256:".length);
  const dataPath = join(env.registryStorage, "docker", "registry", "v2", "blobs", "sha256", hex.slice(0, 2), hex, "data");
  const original = readFileSync(dataPath);
  const tampered = Buffer.from(original);
  tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 0xff;
  writeFileSync(dataPath, tampered);
  try {
    await assert.rejects(client.pullChart(anonRef(), d("1.2.0-rc.1")), (e: unknown) => e instanceof SourceError && e.code === "digest-mismatch" && /tampered/.test(e.message));
    writeFileSync(dataPath, Buffer.concat([original, Buffer.from("extra")]));
    await assert.rejects(client.pullChart(anonRef(), d("1.2.0-rc.1")), (e: unknown) => e instanceof SourceError && (e.code === "size-mismatch" || e.code === "digest-mismatch"));
  } finally {
    writeFileSync(dataPath, original);
  }
  const small = new OciClient({ plainHttp: true, maxChartBytes: 10 });
  await assert.rejects(small.pullChart(anonRef(), d("1.2.0-rc.1")), (e: unknown) => e instanceof SourceError && e.code === "too-large");
});

test("unreachable registry and plain-HTTP registry spoken to over https fail clearly", async () => {
  const env = testEnv();
  const dead = new OciClient({ plainHttp: true, retry: { retries: 1, baseDelayMs: 10 } });
  await assert.rejects(dead.resolve({ registry: "127.0.0.1:1", repository: "x/y" }, { version: "1.0.0" }), (e: unknown) => e instanceof SourceError && e.code === "unreachable" && /127\.0\.0\.1:1/.test(e.message));
  const tls = new OciClient({ retry: { retries: 0 } });
  await assert.rejects(tls.resolve(anonRef(), { version: "1.0.0" }), (e: unknown) => e instanceof SourceError && (e.code === "tls" || e.code === "unreachable") && e.message.includes(env.registry));
});
