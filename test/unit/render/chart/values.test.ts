/**
 * values files as Helm's loader reads them (LoadValues), against Go:
 * document splitting, merging, types, and error messages.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadValues, mergeMaps, splitYamlDocuments } from "../../../../src/render/chart/index.ts";
import { decode, show } from "../format/fixture.ts";
import { VALUES_CASES } from "./cases.ts";
import { EXPECTED } from "./expected.ts";

/** Where the YAML parser (src/render/format/parse.ts) reads differently from go-yaml v2. */
const KNOWN_YAML_DIVERGENCES = new Map([
  ["a: 1\rb: 2\n", "a lone CR is a line break to libyaml, not to the yaml package"],
  ["x".repeat(5000) + ": long key line\n", "libyaml refuses simple keys over 1024 characters"],
]);

test("LoadValues", (t) => {
  VALUES_CASES.forEach((text, i) => {
    const want = EXPECTED.values[i];
    assert.ok(want !== undefined);
    const known = KNOWN_YAML_DIVERGENCES.get(text);
    if (known !== undefined) {
      t.diagnostic(`known divergence (${known}): Go gives ${JSON.stringify(want).slice(0, 120)}`);
      return;
    }
    if ("error" in want) {
      assert.throws(() => loadValues(text), (e: unknown) => {
        assert.equal((e as Error).message, want.error, `values ${JSON.stringify(text.slice(0, 60))}`);
        return true;
      });
    } else {
      const got = loadValues(text);
      assert.deepEqual(got, decode(want.values), `values ${JSON.stringify(text.slice(0, 60))}: ${show(got)}`);
    }
  });
});

test("documents are split at lines starting with ---", () => {
  assert.deepEqual(splitYamlDocuments("a: 1\n---\nb: 2"), ["a: 1\n", "b: 2\n"]);
  assert.deepEqual(splitYamlDocuments("---\na: 1\n"), ["---\na: 1\n"]);
  assert.deepEqual(splitYamlDocuments(""), []);
});

test("MergeMaps merges nested maps and lets later values win", () => {
  const a = new Map<string, unknown>([["x", new Map([["p", 1], ["q", 1]])], ["y", 1]]);
  const b = new Map<string, unknown>([["x", new Map([["q", 2]])], ["y", new Map()]]);
  assert.deepEqual(mergeMaps(a, b), new Map<string, unknown>([["x", new Map([["p", 1], ["q", 2]])], ["y", new Map()]]));
  assert.deepEqual(a.get("x"), new Map([["p", 1], ["q", 1]]), "inputs are not modified");
});
