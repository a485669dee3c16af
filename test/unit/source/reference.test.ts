import assert from "node:assert/strict";
import { test } from "node:test";
import { formatOciReference, parseOciReference, registryTag, SourceError } from "../../../src/source/index.ts";

const D = `sha256:${"a".repeat(64)}`;

test("parses registry, repository, tag and digest", () => {
  assert.deepEqual(parseOciReference("oci://ghcr.io/org/charts/podinfo"), { registry: "ghcr.io", repository: "org/charts/podinfo" });
  assert.deepEqual(parseOciReference("oci://127.0.0.1:5000/c/tiny:1.2.3"), { registry: "127.0.0.1:5000", repository: "c/tiny", tag: "1.2.3" });
  assert.deepEqual(parseOciReference(`oci://localhost:5000/tiny@${D}`), { registry: "localhost:5000", repository: "tiny", digest: D });
  assert.deepEqual(parseOciReference(`oci://r.example/a/b:1.0.0+build.1@${D}`), { registry: "r.example", repository: "a/b", tag: "1.0.0+build.1", digest: D });
  assert.deepEqual(parseOciReference("oci://[::1]:5000/x/y"), { registry: "[::1]:5000", repository: "x/y" });
  assert.equal(formatOciReference({ registry: "r", repository: "a/b", tag: "1", digest: D }), `oci://r/a/b:1@${D}`);
  assert.equal(registryTag("1.0.0+build.1"), "1.0.0_build.1");
});

test("rejects malformed references with clear errors", () => {
  const cases: [string, RegExp][] = [
    ["https://ghcr.io/x", /must start with "oci:\/\/"/],
    ["oci://ghcr.io", /no repository path/],
    ["oci:///x", /registry host is empty/],
    ["oci://ghcr.io/", /repository path is empty/],
    ["oci://ghcr.io/Upper/Case", /repository "Upper\/Case" is not valid/],
    ["oci://ghcr.io/x:", /tag after ':' is empty/],
    ["oci://ghcr.io/x:-bad", /tag "-bad" is not valid/],
    ["oci://ghcr.io/x@sha256:abc", /digest "sha256:abc"/],
    ["oci://ghcr.io/x@md5:" + "a".repeat(32), /digest/],
    ["oci://host:99999/x", /out of range/],
    ["oci://bad_host/x", /not a valid host/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseOciReference(text),
      (e: unknown) => e instanceof SourceError && e.code === "invalid-reference" && re.test(e.message),
      text,
    );
  }
});
