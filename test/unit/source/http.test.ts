import assert from "node:assert/strict";
import { test } from "node:test";
import { HttpClient, isRetryableStatus, parseRetryAfter, retryDelay, SourceError, type FetchFn } from "../../../src/source/index.ts";

const ctx = { registry: "r.example", repository: "a/b", reference: "1.0.0" };
const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

test("backoff: exponential with jitter, Retry-After honoured and capped", () => {
  assert.equal(retryDelay(0, undefined, policy, () => 0), 50);
  assert.equal(retryDelay(0, undefined, policy, () => 1), 100);
  assert.equal(retryDelay(3, undefined, policy, () => 1), 800);
  assert.equal(retryDelay(10, undefined, policy, () => 1), 1000);
  assert.equal(retryDelay(0, 700, policy), 700);
  assert.equal(retryDelay(0, 5000, policy), 1000);
  assert.equal(parseRetryAfter("2", 0), 2000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(parseRetryAfter("soon", 0), undefined);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.ok(isRetryableStatus(429) && isRetryableStatus(503) && !isRetryableStatus(501) && !isRetryableStatus(404));
});

function fakeFetch(responses: (() => Response)[], seen: { url: string; init: RequestInit }[]): FetchFn {
  return (url, init) => {
    seen.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return Promise.resolve(next());
  };
}

test("retries 503 and 429 (Retry-After) and network errors, with a fake clock", async () => {
  const seen: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const http = new HttpClient({
    fetch: fakeFetch(
      [
        () => new Response("x", { status: 503 }),
        () => new Response("x", { status: 429, headers: { "Retry-After": "3" } }),
        () => {
          throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
        },
        () => new Response("ok", { status: 200 }),
      ],
      seen,
    ),
    retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 10_000 },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 1,
  });
  const res = await http.request("https://r.example/v2/", {}, ctx);
  assert.equal(res.status, 200);
  assert.deepEqual(sleeps, [100, 3000, 400]);
  assert.equal(seen.length, 4);
});

test("gives up with a SourceError naming registry, repository and reference", async () => {
  const http = new HttpClient({
    fetch: () => Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }) })),
    retry: { retries: 2 },
    sleep: () => Promise.resolve(),
  });
  await assert.rejects(
    http.request("https://r.example/v2/", {}, ctx),
    (e: unknown) => e instanceof SourceError && e.code === "unreachable" && /r\.example/.test(e.message) && /a\/b/.test(e.message) && /1\.0\.0/.test(e.message) && /3 attempts/.test(e.message),
  );
  let calls = 0;
  const tls = new HttpClient({
    fetch: () => {
      calls++;
      return Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }) }));
    },
    sleep: () => Promise.resolve(),
  });
  await assert.rejects(tls.request("https://r.example/v2/", {}, ctx), (e: unknown) => e instanceof SourceError && e.code === "tls");
  assert.equal(calls, 1, "TLS failures are not retried");
});

test("redirects: Authorization kept on the same origin, dropped for another host; no downgrade to http", async () => {
  const seen: { url: string; init: RequestInit }[] = [];
  const http = new HttpClient({
    fetch: fakeFetch(
      [
        () => new Response(null, { status: 307, headers: { Location: "/v2/a/b/blobs/x2" } }),
        () => new Response(null, { status: 302, headers: { Location: "https://storage.example/blob?sig=1" } }),
        () => new Response("blob", { status: 200 }),
      ],
      seen,
    ),
  });
  const res = await http.request("https://r.example/v2/a/b/blobs/x", { authorization: "Bearer secret" }, ctx);
  assert.equal(await res.text(), "blob");
  const auth = seen.map((s) => (s.init.headers as Record<string, string>)["Authorization"]);
  assert.deepEqual(auth, ["Bearer secret", "Bearer secret", undefined]);
  assert.equal(seen[2]?.url, "https://storage.example/blob?sig=1");

  const down = new HttpClient({ fetch: fakeFetch([() => new Response(null, { status: 302, headers: { Location: "http://evil.example/" } })], []) });
  await assert.rejects(down.request("https://r.example/v2/", {}, ctx), /plain http/);
});
