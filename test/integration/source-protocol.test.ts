// The protocol features of the OCI chart source against real registry
// processes: a bearer token flow (a registry configured for token auth and a
// token issuer in this file), HTTPS with a test CA, tag pagination, blobs
// redirected to another origin, and concurrent pulls through the disk cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, sign, timingSafeEqual, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";
import { pickPort } from "../env/ports.ts";
import { stopByPidFile } from "../env/procs.ts";
import { startRegistry, type RegistryInstance } from "../env/registry.ts";
import { ensureTools } from "../env/tools.ts";
import { ChartCache, OciClient, SourceError, type OciReference } from "../../src/source/index.ts";
import { countingFetch } from "./counting-fetch.ts";

let work: string;
let registryBinary: string;
const registries: RegistryInstance[] = [];
const servers: Server[] = [];

function pushedDigest(output: string): string {
  const m = /Digest: (sha256:[0-9a-f]{64})/.exec(output);
  assert.ok(m?.[1], `no digest in helm push output:\n${output}`);
  return m[1];
}

/** Packages a small chart (optionally with extra files) with the real helm; returns the .tgz path and bytes. */
async function packageChart(name: string, version: string, extra: Record<string, Uint8Array | string> = {}): Promise<{ file: string; bytes: Uint8Array }> {
  const base = join(work, `src-${name}-${version}`);
  const dir = join(base, name);
  mkdirSync(join(dir, "templates"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), `apiVersion: v2\nname: ${name}\nversion: ${version}\n`);
  writeFileSync(join(dir, "templates", "cm.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  v: "${version}"\n`);
  for (const [path, content] of Object.entries(extra)) writeFileSync(join(dir, path), content);
  const out = join(work, "pkg");
  mkdirSync(out, { recursive: true });
  const pkg = await helm(["package", dir, "--destination", out]);
  assert.equal(pkg.code, 0, pkg.stderr);
  const file = join(out, `${name}-${version}.tgz`);
  return { file, bytes: new Uint8Array(readFileSync(file)) };
}

async function push(file: string, target: string, flags: string[]): Promise<string> {
  const pushed = await helm(["push", file, target, ...flags]);
  assert.equal(pushed.code, 0, `helm push ${target} failed:\n${pushed.stderr}${pushed.stdout}`);
  return pushedDigest(pushed.stdout + pushed.stderr);
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer(handler);
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, () => {
      servers.push(server);
      const addr = server.address();
      assert.ok(addr !== null && typeof addr === "object");
      resolvePromise({ server, port: addr.port });
    });
  });
}

async function newRegistry(name: string, extra: Partial<Parameters<typeof startRegistry>[0]>): Promise<RegistryInstance> {
  const dir = mkdtempSync(join(work, `registry-${name}-`));
  const r = await startRegistry({ name, binary: registryBinary, dir, preferredPort: await pickPort(0), log: () => undefined, ...extra });
  registries.push(r);
  return r;
}

before(async () => {
  testEnv(); // fail early with a clear message when the environment is not up
  work = mkdtempSync(join(tmpdir(), "bosun-source-protocol-"));
  registryBinary = (await ensureTools(() => undefined)).registry;
});

after(async () => {
  for (const r of registries) await stopByPidFile(r.pidPath, join(r.storageDir, "..", "config.yml"));
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => { r(); }));
  }
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// 1. Bearer token flow
// ---------------------------------------------------------------------------

describe("bearer token flow against a token-auth registry", () => {
  const USER = "tokenuser";
  const PASSWORD = `pw-${randomBytes(6).toString("hex")}`;
  const SERVICE = "bosun-test-registry";
  const ISSUER = "bosun-test-issuer";
  const KID = "bosun-test-key";
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const issued: { scopes: string[]; basic: "none" | "right" | "wrong"; method: string }[] = [];
  let registry: RegistryInstance;
  let publicDigest = "";
  let privateDigest = "";
  let chart: Uint8Array;
  const pubRef = (): OciReference => ({ registry: registry.host, repository: "public/demo" });
  const privRef = (): OciReference => ({ registry: registry.host, repository: "private/demo" });

  const b64url = (b: Uint8Array | string): string => Buffer.from(b).toString("base64url");
  function jwt(sub: string, access: { type: string; name: string; actions: string[] }[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: "ES256", typ: "JWT", kid: KID }));
    const claims = b64url(JSON.stringify({ iss: ISSUER, sub, aud: SERVICE, exp: now + 300, nbf: now - 5, iat: now, jti: randomBytes(8).toString("hex"), access }));
    const sig = sign("sha256", Buffer.from(`${header}.${claims}`), { key: privateKey, dsaEncoding: "ieee-p1363" });
    return `${header}.${claims}.${b64url(sig)}`;
  }
  function checkBasic(h: IncomingHttpHeaders): "none" | "right" | "wrong" {
    const a = h.authorization;
    if (a === undefined) return "none";
    const expected = Buffer.from(`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`);
    const got = Buffer.from(a);
    return got.length === expected.length && timingSafeEqual(got, expected) ? "right" : "wrong";
  }

  /** A token issuer: anonymous callers may pull public/*; USER may pull and push anything; others get 401. */
  async function issuer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://issuer");
    let scopes = url.searchParams.getAll("scope");
    let basic = checkBasic(req.headers);
    if (req.method === "POST") {
      // OAuth2 password grant, as some clients (oras) use.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      scopes = form.getAll("scope").flatMap((s) => s.split(" "));
      if (form.get("grant_type") === "password") basic = form.get("username") === USER && form.get("password") === PASSWORD ? "right" : "wrong";
    }
    issued.push({ scopes, basic, method: req.method ?? "GET" });
    if (basic === "wrong") {
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ details: "bad credentials" }));
      return;
    }
    const access = scopes.flatMap((s) => {
      const m = /^repository:([^:]+):(.+)$/.exec(s);
      if (!m?.[1] || !m[2]) return [];
      const wanted = m[2].split(",");
      const actions = basic === "right" ? wanted : m[1].startsWith("public/") ? wanted.filter((a) => a === "pull") : [];
      return actions.length > 0 ? [{ type: "repository", name: m[1], actions }] : [];
    });
    const token = jwt(basic === "right" ? USER : "", access);
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  }

  before(async () => {
    const { port } = await listen((req, res) => {
      issuer(req, res).catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
    });
    const jwks = join(work, "jwks.json");
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: KID, alg: "ES256", use: "sig" }] }));
    registry = await newRegistry("token", { tokenAuth: { realm: `http://127.0.0.1:${port}/token`, service: SERVICE, issuer: ISSUER, jwks } });
    const pkg = await packageChart("demo", "1.0.0");
    chart = pkg.bytes;
    const creds = ["--plain-http", "--username", USER, "--password", PASSWORD];
    publicDigest = await push(pkg.file, `oci://${registry.host}/public`, creds);
    privateDigest = await push(pkg.file, `oci://${registry.host}/private`, creds);
    assert.ok(issued.some((i) => i.basic === "right" && i.scopes.some((s) => s.endsWith(":pull,push") || s.endsWith(":push,pull") || s.includes("push"))), "helm push went through the token flow with credentials");
  });

  test("anonymous token: resolve and pull a public chart, one token for the scope", async () => {
    issued.length = 0;
    const c = countingFetch();
    const client = new OciClient({ plainHttp: true, fetch: c.fetch });
    const r = await client.resolve(pubRef(), { version: "1.0.0" });
    assert.deepEqual(r, { digest: publicDigest, tag: "1.0.0" });
    const pulled = await client.pullChart(pubRef(), r.digest);
    assert.deepEqual(pulled.chart, chart);
    assert.equal(issued.length, 1, `token requests: ${JSON.stringify(issued)}`);
    assert.deepEqual(issued[0], { scopes: ["repository:public/demo:pull"], basic: "none", method: "GET" });
    // the registry requests carried the bearer token: ping, tag HEAD (401, then with token), manifest, config, chart
    assert.ok(c.urls.filter((u) => u.includes("/token?")).length === 1, c.urls.join("\n"));
    // a range (tag list) with the same client reuses the cached token
    assert.equal((await client.resolve(pubRef(), { version: "^1" })).digest, publicDigest);
    assert.equal(issued.length, 1, "the token for the scope is reused");
  });

  test("credentialed token: pull a private chart; basic credentials go only to the issuer", async () => {
    issued.length = 0;
    const c = countingFetch();
    const client = new OciClient({ plainHttp: true, fetch: c.fetch, credentials: { username: USER, password: PASSWORD } });
    const r = await client.resolve(privRef(), { version: "^1.0.0" });
    assert.equal(r.digest, privateDigest);
    assert.deepEqual((await client.pullChart(privRef(), r.digest)).chart, chart);
    assert.equal(issued.length, 1, `token requests: ${JSON.stringify(issued)}`);
    assert.deepEqual(issued[0], { scopes: ["repository:private/demo:pull"], basic: "right", method: "GET" });
    // a second repository is a second scope → a second token
    await client.pullChart(pubRef(), publicDigest);
    assert.equal(issued.length, 2);
  });

  test("wrong credentials → 401 saying credentials were sent; none → anonymous refused", async () => {
    const wrongPassword = "definitely-wrong-pw";
    const wrong = new OciClient({ plainHttp: true, credentials: { username: USER, password: wrongPassword } });
    await assert.rejects(wrong.pullChart(privRef(), privateDigest), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.code, "unauthorized");
      assert.match(e.message, /credentials were sent and were rejected/);
      assert.ok(!e.message.includes(wrongPassword));
      assert.ok(e.message.includes(registry.host));
      return true;
    });
    const anon = new OciClient({ plainHttp: true });
    await assert.rejects(anon.pullChart(privRef(), privateDigest), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.code, "unauthorized");
      assert.match(e.message, /no credentials were sent/);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------
// 2. HTTPS with a custom CA
// ---------------------------------------------------------------------------

describe("HTTPS registry with a certificate from a test CA", () => {
  let registry: RegistryInstance;
  let ca: string;
  let digest = "";
  let chart: Uint8Array;
  const ref = (): OciReference => ({ registry: registry.host, repository: "tls/demo" });

  before(async () => {
    const dir = join(work, "pki");
    mkdirSync(dir);
    const ossl = (args: string[]): void => {
      const r = spawnSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
      assert.equal(r.status, 0, `openssl ${args.join(" ")}\n${r.stderr}`);
    };
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    ossl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=bosun-test-ca", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    ossl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
    writeFileSync(join(dir, "ext.cnf"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n");
    ossl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"]);
    ca = readFileSync(join(dir, "ca.pem"), "utf8");
    registry = await newRegistry("tls", { tls: { certificate: join(dir, "server.pem"), key: join(dir, "server.key"), ca } });
    const pkg = await packageChart("demo", "3.1.4");
    chart = pkg.bytes;
    digest = await push(pkg.file, `oci://${registry.host}/tls`, ["--ca-file", join(dir, "ca.pem")]);
  });

  test("with the CA: resolve and pull over https", async () => {
    const client = new OciClient({ ca });
    const r = await client.resolve(ref(), { version: "~3.1" });
    assert.deepEqual(r, { digest, tag: "3.1.4" });
    assert.deepEqual((await client.pullChart(ref(), digest)).chart, chart);
  });

  test("without the CA: a tls SourceError naming the registry", async () => {
    const client = new OciClient({ retry: { retries: 2, baseDelayMs: 10 } });
    await assert.rejects(client.pullChart(ref(), digest), (e: unknown) => {
      assert.ok(e instanceof SourceError);
      assert.equal(e.code, "tls", e.message);
      assert.ok(e.message.includes(registry.host), e.message);
      return true;
    });
  });

  test("plain HTTP to the TLS port fails clearly", async () => {
    const client = new OciClient({ plainHttp: true, retry: { retries: 0 } });
    await assert.rejects(client.pullChart(ref(), digest), (e: unknown) => {
      assert.ok(e instanceof SourceError, String(e));
      assert.ok(e.message.includes(registry.host), e.message);
      assert.match(e.message, /400/);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------
// 3. Tag pagination
// ---------------------------------------------------------------------------

test("tag listing follows Link pagination (tagPageSize 2, 6 versions)", async () => {
  const env = testEnv();
  const repo = uniqueName("paged");
  const versions = ["0.1.0", "0.2.0", "1.0.0", "1.1.0", "1.2.0", "2.0.0"];
  const digests = new Map<string, string>();
  for (const v of versions) {
    const pkg = await packageChart("paged", v);
    digests.set(v, await push(pkg.file, `oci://${env.registry}/${repo}`, ["--plain-http"]));
  }
  const ref: OciReference = { registry: env.registry, repository: `${repo}/paged` };
  const c = countingFetch();
  const client = new OciClient({ plainHttp: true, fetch: c.fetch, tagPageSize: 2 });
  assert.deepEqual([...(await client.listTags(ref))].sort(), [...versions].sort());
  const pages = c.urls.filter((u) => u.includes("/tags/list"));
  assert.ok(pages.length >= 3, `expected ≥ 3 tag pages, got:\n${pages.join("\n")}`);
  assert.ok(pages.slice(1).every((u) => u.includes("last=")), pages.join("\n"));
  c.urls.length = 0;
  assert.equal((await client.resolve(ref, { version: "^1.0.0" })).digest, digests.get("1.2.0"));
  assert.equal((await client.resolve(ref, { version: "<1.0.0" })).digest, digests.get("0.2.0"));
  assert.ok(c.urls.filter((u) => u.includes("/tags/list")).length >= 6);
});

// ---------------------------------------------------------------------------
// 4. Redirected blobs
// ---------------------------------------------------------------------------

test("blobs redirected to another origin are pulled without forwarding Authorization", async () => {
  const env = testEnv();
  const repo = uniqueName("redir");
  const pkg = await packageChart("redir", "1.0.0");
  const digest = await push(pkg.file, `oci://${env.registryAuth}/${repo}`, ["--plain-http", "--username", env.registryAuthUsername, "--password", env.registryAuthPassword]);
  const [upHost, upPort] = env.registryAuth.split(":");
  const upstreamBasic = `Basic ${Buffer.from(`${env.registryAuthUsername}:${env.registryAuthPassword}`).toString("base64")}`;

  // "object storage": serves blobs by digest (read from the registry with its own credentials), records request headers
  const storageSeen: IncomingHttpHeaders[] = [];
  const storage = await listen((req, res) => {
    storageSeen.push(req.headers);
    const m = /^\/bucket\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? "");
    if (!m?.[1]) {
      res.writeHead(404).end();
      return;
    }
    fetch(`http://${env.registryAuth}/v2/${repo}/redir/blobs/${m[1]}`, { headers: { Authorization: upstreamBasic } })
      .then(async (r) => {
        const body = Buffer.from(await r.arrayBuffer());
        res.writeHead(r.status, { "Content-Type": "application/octet-stream", "Content-Length": String(body.length) }).end(body);
      })
      .catch((e: unknown) => res.writeHead(502).end(String(e)));
  });

  // the registry front: proxies everything to the basic-auth registry except blob GETs, which it redirects
  const redirected: string[] = [];
  const front = await listen((req, res) => {
    const m = /^\/v2\/.+\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? "");
    if (req.method === "GET" && m?.[1]) {
      if (req.headers.authorization !== upstreamBasic) {
        res.writeHead(401, { "WWW-Authenticate": 'Basic realm="front"' }).end();
        return;
      }
      redirected.push(m[1]);
      res.writeHead(307, { Location: `http://127.0.0.1:${String(storage.port)}/bucket/${m[1]}` }).end();
      return;
    }
    const up = httpRequest({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: { ...req.headers, host: env.registryAuth } }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on("error", (e) => res.writeHead(502).end(String(e)));
    req.pipe(up);
  });

  const host = `127.0.0.1:${String(front.port)}`;
  const client = new OciClient({ plainHttp: true, credentials: { username: env.registryAuthUsername, password: env.registryAuthPassword } });
  const ref: OciReference = { registry: host, repository: `${repo}/redir` };
  const r = await client.resolve(ref, { version: "1.0.0" });
  assert.equal(r.digest, digest);
  const pulled = await client.pullChart(ref, digest);
  assert.deepEqual(pulled.chart, pkg.bytes);
  assert.equal(redirected.length, 2, "config and chart blobs were redirected");
  assert.equal(storageSeen.length, 2);
  for (const h of storageSeen) assert.equal(h.authorization, undefined, `Authorization reached the storage server: ${JSON.stringify(h)}`);
});

// ---------------------------------------------------------------------------
// 5. Concurrency through the cache
// ---------------------------------------------------------------------------

test("20 concurrent getOrFetch of one digest → one chart blob download from the real registry", async () => {
  const env = testEnv();
  const repo = uniqueName("conc");
  const pkg = await packageChart("conc", "1.0.0");
  const digest = await push(pkg.file, `oci://${env.registry}/${repo}`, ["--plain-http"]);
  const ref: OciReference = { registry: env.registry, repository: `${repo}/conc` };
  // the cache is keyed by the chart layer's digest: learn it with a separate, uncounted client
  const layer = (await new OciClient({ plainHttp: true }).pullChart(ref, digest)).manifest.layers[0];
  assert.ok(layer);
  const c = countingFetch();
  const client = new OciClient({ plainHttp: true, fetch: c.fetch });
  const cache = new ChartCache({ dir: mkdtempSync(join(work, "cache-")) });
  const results = await Promise.all(Array.from({ length: 20 }, () => cache.getOrFetch(layer.digest, () => client.pullChart(ref, digest).then((p) => p.chart))));
  for (const b of results) assert.deepEqual(b, pkg.bytes);
  const blobGets = c.urls.filter((u) => u.startsWith("GET ") && u.includes("/blobs/"));
  assert.equal(blobGets.length, 2, `one config + one chart blob download:\n${c.urls.join("\n")}`);
  assert.equal(c.urls.filter((u) => u.includes(`/manifests/${digest}`)).length, 1);
  // a fresh cache over the same directory (a restart) needs no network at all
  const before = c.urls.length;
  const restarted = new ChartCache({ dir: cache.dir });
  assert.deepEqual(await restarted.getOrFetch(layer.digest, () => client.pullChart(ref, digest).then((p) => p.chart)), pkg.bytes);
  assert.equal(c.urls.length, before);
});
