/**
 * `.Files.Glob` patterns against github.com/gobwas/glob v0.2.3 (Helm's):
 * every pattern of cases.ts GLOBS (hand-written and generated) over every
 * name, including the library's own mismatches (`start*art` matches
 * "start") and its panics.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileGlob, helmGlob } from "../../../../src/render/chart/index.ts";
import { GLOBS } from "./cases.ts";
import { EXPECTED } from "./expected.ts";

test("glob patterns select the names gobwas/glob selects", () => {
  assert.equal(EXPECTED.globs.length, GLOBS.patterns.length);
  GLOBS.patterns.forEach((pattern, i) => {
    const want = EXPECTED.globs[i];
    let g;
    try {
      g = compileGlob(pattern);
    } catch {
      assert.equal(want, null, `pattern ${JSON.stringify(pattern)} compiles in Go`);
      return;
    }
    assert.notEqual(want, null, `pattern ${JSON.stringify(pattern)} does not compile in Go`);
    const got: (string | { name: string; panic: string })[] = [];
    for (const name of GLOBS.names) {
      try {
        if (g.match(name)) got.push(name);
      } catch (e) {
        got.push({ name, panic: (e as Error).message });
      }
    }
    assert.deepEqual(got, want, `pattern ${JSON.stringify(pattern)}`);
  });
});

test("a pattern gobwas/glob rejects selects everything, as Helm falls back to **", () => {
  assert.throws(() => compileGlob("[a-"));
  assert.ok(helmGlob("[a-").match("any/thing"));
  assert.ok(!helmGlob("*").match("a/b"));
});
