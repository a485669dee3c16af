import assert from "node:assert/strict";
import { test } from "node:test";
import { render, runCases } from "./harness.ts";

runCases("dicts");

// Go iterates maps in random order; bosun's keys and values follow sorted key order.
test("dicts: keys and values come in sorted key order (Go: random order)", () => {
  assert.deepEqual(render(`{{ keys (dict "b" 1 "c" 2 "a" 3) }}`), { out: "[a b c]" });
  assert.deepEqual(render(`{{ values (dict "b" 1 "c" 2 "a" 3) }}`), { out: "[3 1 2]" });
  assert.deepEqual(render(`{{ keys (dict "b" 1) (dict "a" 2) }}`), { out: "[b a]" });
});

test("dicts: merge shares src maps with dst, like mergo", () => {
  const src = new Map<string, unknown>([["n", new Map([["y", 2]])]]);
  const dst = new Map<string, unknown>();
  assert.deepEqual(render(`{{ $_ := merge .dst .src }}{{ $_ := set .dst.n "z" 3 }}{{ .src }}`, new Map<string, unknown>([["dst", dst], ["src", src]])), {
    out: "map[n:map[y:2 z:3]]",
  });
});
