import assert from "node:assert/strict";
import { test } from "node:test";
import { ChallengeError, parseTokenResponse, parseWwwAuthenticate, pickChallenge, TokenCache } from "../../../src/source/index.ts";

test("parses Basic and Bearer challenges", () => {
  assert.deepEqual(parseWwwAuthenticate('Basic realm="bosun-test-auth"'), [{ scheme: "basic", params: { realm: "bosun-test-auth" } }]);
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'), [
    { scheme: "bearer", params: { realm: "https://auth.example/token", service: "registry.example", scope: "repository:a/b:pull" } },
  ]);
  assert.deepEqual(parseWwwAuthenticate('bearer Realm=https://x/t , service = svc, error="insufficient_scope"'), [
    { scheme: "bearer", params: { realm: "https://x/t", service: "svc", error: "insufficient_scope" } },
  ]);
  assert.deepEqual(parseWwwAuthenticate('Bearer realm="a\\"b"'), [{ scheme: "bearer", params: { realm: 'a"b' } }]);
  const two = parseWwwAuthenticate('Basic realm="r", Bearer realm="https://t/x", service="s"');
  assert.deepEqual(two.map((c) => c.scheme), ["basic", "bearer"]);
  assert.equal(pickChallenge('Basic realm="r", Bearer realm="https://t/x"').scheme, "bearer");
  assert.equal(parseWwwAuthenticate("Negotiate abc==")[0]?.token68, "abc==");
});

test("malformed challenges are clear errors", () => {
  const bad: [string, RegExp][] = [
    ["", /no challenge/],
    ['Bearer realm="unterminated', /unterminated quoted value/],
    ["Bearer service=\"s\", realm=", /has no value/],
    ['Bearer realm="x" service="y"', /expected ','/],
    ['Bearer realm="x", realm="y"', /repeated/],
    ["Bearer =x", /unexpected character/],
  ];
  for (const [h, re] of bad) assert.throws(() => parseWwwAuthenticate(h), (e: unknown) => e instanceof ChallengeError && re.test(e.message), h);
  assert.throws(() => pickChallenge('Bearer service="s"'), /without a realm/);
  assert.throws(() => pickChallenge('Bearer realm="not a url"'), /not a URL/);
  assert.throws(() => pickChallenge('Digest realm="x"'), /unsupported/);
});

test("token responses accept token or access_token", () => {
  assert.deepEqual(parseTokenResponse('{"token":"t1","expires_in":300}'), { token: "t1", expiresIn: 300, refreshToken: undefined });
  assert.deepEqual(parseTokenResponse('{"access_token":"t2","refresh_token":"r"}'), { token: "t2", expiresIn: undefined, refreshToken: "r" });
  assert.throws(() => parseTokenResponse("{}"), /neither "token" nor "access_token"/);
  assert.throws(() => parseTokenResponse("<html>"), /did not answer JSON/);
});

test("token cache expires per scope (default 60 s)", () => {
  let now = 1_000_000;
  const cache = new TokenCache(() => now);
  const k1 = TokenCache.key("r", "s", "repository:a:pull", "");
  const k2 = TokenCache.key("r", "s", "repository:b:pull", "");
  cache.set(k1, "ta", undefined);
  cache.set(k2, "tb", 300);
  assert.equal(cache.get(k1), "ta");
  now += 49_000;
  assert.equal(cache.get(k1), "ta");
  now += 6_000; // 55 s: inside the safety margin of a 60 s token
  assert.equal(cache.get(k1), undefined);
  assert.equal(cache.get(k2), "tb");
  now += 300_000;
  assert.equal(cache.get(k2), undefined);
});
