import assert from "node:assert/strict";
import { test } from "node:test";
import { DockerConfigError, lookupCredentials, normalizeRegistryHost, parseDockerConfig } from "../../../src/source/index.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

test("keys with or without scheme/path, auth or username/password, identitytoken", () => {
  const cfg = parseDockerConfig(
    JSON.stringify({
      auths: {
        "https://index.docker.io/v1/": { auth: b64("hub:hubpass") },
        "127.0.0.1:5001": { auth: b64("bosun:pa:ss") },
        "http://registry.local:5000/some/path": { username: "u", password: "p" },
        "ghcr.io": { identitytoken: "refresh-me" },
        "empty.example": {},
      },
    }),
  );
  assert.deepEqual(lookupCredentials(cfg, "docker.io"), { username: "hub", password: "hubpass" });
  assert.deepEqual(lookupCredentials(cfg, "127.0.0.1:5001"), { username: "bosun", password: "pa:ss" });
  assert.deepEqual(lookupCredentials(cfg, "registry.local:5000"), { username: "u", password: "p" });
  assert.deepEqual(lookupCredentials(cfg, "GHCR.io"), { identityToken: "refresh-me" });
  assert.equal(lookupCredentials(cfg, "empty.example"), undefined);
  assert.equal(lookupCredentials(cfg, "other.example"), undefined);
  assert.equal(normalizeRegistryHost("https://Host:443/v2/"), "host:443");
  assert.deepEqual(parseDockerConfig(new TextEncoder().encode("{}")).auths.size, 0);
});

test("malformed configs are clear errors that never echo secrets", () => {
  const bad: [string, RegExp][] = [
    ["{not json", /not valid JSON/],
    ["[]", /top level must be a JSON object/],
    [JSON.stringify({ auths: [] }), /"auths" must be an object/],
    [JSON.stringify({ auths: { r: "x" } }), /auths\["r"\] must be an object/],
    [JSON.stringify({ auths: { r: { auth: "!!!secretvalue" } } }), /auths\["r"\]\.auth is not valid base64/],
    [JSON.stringify({ auths: { r: { auth: b64("nocolonsecret") } } }), /does not decode to "username:password"/],
    [JSON.stringify({ auths: { r: { username: "u" } } }), /username without a password/],
    [JSON.stringify({ auths: { r: { password: 3 } } }), /password must be a string/],
  ];
  for (const [text, re] of bad) {
    assert.throws(
      () => parseDockerConfig(text),
      (e: unknown) => e instanceof DockerConfigError && re.test(e.message) && !e.message.includes("secret"),
      text,
    );
  }
});
