/**
 * .helmignore rules and the path/filepath.Match they use, against Helm's
 * pkg/ignore and Go's filepath.Match (expected.json).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { filepathMatch, IgnoreRules } from "../../../../src/render/chart/index.ts";
import { IGNORES, MATCHES } from "./cases.ts";
import { EXPECTED } from "./expected.ts";

test("filepath.Match", () => {
  MATCHES.forEach(({ pattern, name }, i) => {
    let got: boolean | string;
    try {
      got = filepathMatch(pattern, name);
    } catch (e) {
      got = (e as Error).message;
    }
    assert.equal(got, EXPECTED.matches[i], `Match(${JSON.stringify(pattern)}, ${JSON.stringify(name)})`);
  });
});

test(".helmignore rules, defaults included", () => {
  IGNORES.forEach(({ rules, paths }, i) => {
    let got: boolean[] | string;
    try {
      const r = IgnoreRules.parse(rules);
      r.addDefaults();
      got = paths.map((p) => r.ignore(p.path, p.dir));
    } catch (e) {
      got = (e as Error).message;
    }
    assert.deepEqual(got, EXPECTED.ignores[i], `rules ${JSON.stringify(rules)}`);
  });
});

test("a line longer than bufio.Scanner's 64 KiB fails", () => {
  assert.throws(() => IgnoreRules.parse(`${"a".repeat(70_000)}\n`), /bufio.Scanner: token too long/);
});
