// `bosun template` of a chart in the real registry prints what `helm template`
// prints for the same reference, and a second run is served from the cache.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "../env/paths.ts";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";

const work = mkdtempSync(join(tmpdir(), "bosun-template-oci-"));
const cacheDir = join(work, "cache");
let repo: string;
let digest: string;

before(async () => {
  const env = testEnv();
  repo = `oci://${env.registry}/${uniqueName("tpl")}`;
  const pkg = await helm(["package", join(repoRoot, "test", "fixtures", "charts", "hello"), "--destination", work]);
  assert.equal(pkg.code, 0, pkg.stderr);
  const pushed = await helm(["push", join(work, "hello-1.0.0.tgz"), repo, "--plain-http"]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const m = /Digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout + pushed.stderr);
  assert.ok(m?.[1]);
  digest = m[1];
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

function bosun(args: string[], cache = cacheDir): string {
  return execFileSync(process.execPath, [join(repoRoot, "src", "cli", "index.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, BOSUN_CACHE_DIR: cache },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs bosun expecting failure; returns its stderr. */
function bosunFails(args: string[]): string {
  try {
    bosun(args, mkdtempSync(join(work, "nocache-")));
  } catch (e) {
    return String((e as { stderr?: unknown }).stderr);
  }
  return assert.fail("bosun succeeded");
}

test("bosun template oci://… --version renders like helm template", async () => {
  const args = ["template", "rel", `${repo}/hello`, "--version", ">=1.0.0 <2", "--plain-http", "-n", "demo"];
  const ours = bosun(args);
  const theirs = await helm(args);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.equal(ours, theirs.stdout);
  // The manifest (under the resolved digest) and the chart blob are now cached.
  const cached = readdirSync(join(cacheDir, "charts", "blobs", "sha256")).filter((f) => !f.startsWith("."));
  assert.equal(cached.length, 2);
  assert.ok(cached.includes(digest.slice("sha256:".length)), `cache holds ${cached.join(", ")}`);
});

test("bosun template oci://…@sha256:… renders the pinned digest, from the cache with no network", async () => {
  // Port 1 on loopback refuses connections: only the cache can answer.
  const offline = `oci://127.0.0.1:1/${repo.slice(repo.lastIndexOf("/") + 1)}/hello@${digest}`;
  const fromCache = bosun(["template", "rel", offline, "--plain-http"]);
  const ours = bosun(["template", "rel", `${repo}/hello@${digest}`, "--plain-http"]);
  assert.equal(fromCache, ours);
  const theirs = await helm(["template", "rel", `${repo}/hello@${digest}`, "--plain-http"]);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.equal(ours, theirs.stdout);
});

test("credentials for the basic-auth registry: flags, a docker config, none, and wrong ones", async () => {
  const env = testEnv();
  const authRepo = `oci://${env.registryAuth}/${uniqueName("tplauth")}`;
  const creds = ["--username", env.registryAuthUsername, "--password", env.registryAuthPassword];
  const pushed = await helm(["push", join(work, "hello-1.0.0.tgz"), authRepo, "--plain-http", ...creds]);
  assert.equal(pushed.code, 0, pushed.stderr);

  const expected = await helm(["template", "rel", `${authRepo}/hello`, "--version", "1.0.0", "--plain-http", ...creds]);
  assert.equal(expected.code, 0, expected.stderr);
  assert.equal(bosun(["template", "rel", `${authRepo}/hello`, "--version", "1.0.0", "--plain-http", ...creds], mkdtempSync(join(work, "c1-"))), expected.stdout);

  const config = join(work, "config.json");
  const auth = Buffer.from(`${env.registryAuthUsername}:${env.registryAuthPassword}`).toString("base64");
  writeFileSync(config, JSON.stringify({ auths: { [`http://${env.registryAuth}`]: { auth } } }));
  assert.equal(bosun(["template", "rel", `${authRepo}/hello`, "--version", "1.0.0", "--plain-http", "--registry-config", config], mkdtempSync(join(work, "c2-"))), expected.stdout);

  const anonymous = bosunFails(["template", "rel", `${authRepo}/hello`, "--version", "1.0.0", "--plain-http"]);
  assert.match(anonymous, /no credentials were sent/);

  const wrong = bosunFails(["template", "rel", `${authRepo}/hello`, "--version", "1.0.0", "--plain-http", "--username", env.registryAuthUsername, "--password", "wrong-password-123"]);
  assert.match(wrong, /credentials were sent and were rejected/);
  assert.doesNotMatch(wrong, /wrong-password-123/);
  assert.match(wrong, new RegExp(env.registryAuth.replace(/[.]/g, "\\.")));
});
