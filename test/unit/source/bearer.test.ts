// The bearer-token flow against a scripted fetch (pure logic; the real
// registry tests cover basic auth).
import assert from "node:assert/strict";
import { test } from "node:test";
import { OciClient, SourceError, type FetchFn } from "../../../src/source/index.ts";

const ref = { registry: "r.example", repository: "charts/demo" };
const DIGEST = `sha256:${"b".repeat(64)}`;

function registry(opts: { expect?: string; tokenStatus?: number; body?: string }): { fetch: FetchFn; calls: string[] } {
  const calls: string[] = [];
  const challenge = 'Bearer realm="https://auth.example/token",service="r.example",scope="repository:charts/demo:pull"';
  const f: FetchFn = (url, init) => {
    const headers = init.headers as Record<string, string>;
    calls.push(`${init.method ?? "GET"} ${url} ${headers["Authorization"] ?? "-"}`);
    if (url.startsWith("https://auth.example/token")) {
      if (opts.expect !== undefined && headers["Authorization"] !== opts.expect) return Promise.resolve(new Response("{}", { status: 401 }));
      return Promise.resolve(new Response(opts.body ?? '{"access_token":"T1","expires_in":300}', { status: opts.tokenStatus ?? 200 }));
    }
    if (headers["Authorization"] !== "Bearer T1") return Promise.resolve(new Response("", { status: 401, headers: { "WWW-Authenticate": challenge } }));
    return Promise.resolve(new Response(null, { status: 200, headers: { "Docker-Content-Digest": DIGEST } }));
  };
  return { fetch: f, calls };
}

test("anonymous bearer flow: ping, token for the pull scope, cached for later requests", async () => {
  const r = registry({});
  const client = new OciClient({ fetch: r.fetch });
  assert.deepEqual(await client.resolve(ref, { version: "1.0.0" }), { digest: DIGEST, tag: "1.0.0" });
  assert.deepEqual(await client.resolve(ref, { version: "1.0.1" }), { digest: DIGEST, tag: "1.0.1" });
  assert.deepEqual(r.calls, [
    "GET https://r.example/v2/ -",
    "GET https://auth.example/token?service=r.example&scope=repository%3Acharts%2Fdemo%3Apull -",
    "HEAD https://r.example/v2/charts/demo/manifests/1.0.0 Bearer T1",
    "HEAD https://r.example/v2/charts/demo/manifests/1.0.1 Bearer T1",
  ]);
});

test("credentialed bearer flow sends Basic to the realm; refusal says credentials were sent, without them", async () => {
  const basic = `Basic ${Buffer.from("u:pw-secret").toString("base64")}`;
  const ok = registry({ expect: basic });
  const client = new OciClient({ fetch: ok.fetch, credentials: { username: "u", password: "pw-secret" } });
  assert.equal((await client.resolve(ref, { version: "1.0.0" })).digest, DIGEST);
  assert.ok(ok.calls[1]?.endsWith(basic));

  const bad = registry({ expect: "Basic nope" });
  const wrong = new OciClient({ fetch: bad.fetch, credentials: { username: "u", password: "pw-secret" } });
  await assert.rejects(wrong.resolve(ref, { version: "1.0.0" }), (e: unknown) => {
    assert.ok(e instanceof SourceError);
    assert.equal(e.code, "unauthorized");
    assert.match(e.message, /credentials were sent/);
    assert.ok(!e.message.includes("pw-secret"));
    return true;
  });
});

test("identity token is exchanged with a refresh_token grant", async () => {
  const seen: string[] = [];
  const r = registry({});
  const f: FetchFn = (url, init) => {
    if (url.startsWith("https://auth.example/token")) {
      assert.equal(init.method, "POST");
      seen.push(typeof init.body === "string" ? init.body : "");
    }
    return r.fetch(url, init);
  };
  const client = new OciClient({ fetch: f, credentials: { identityToken: "refresh-1" } });
  assert.equal((await client.resolve(ref, { version: "1.0.0" })).digest, DIGEST);
  const form = new URLSearchParams(seen[0]);
  assert.equal(form.get("grant_type"), "refresh_token");
  assert.equal(form.get("refresh_token"), "refresh-1");
  assert.equal(form.get("scope"), "repository:charts/demo:pull");
  assert.equal(form.get("service"), "r.example");
});
