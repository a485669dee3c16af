import { test } from "node:test";
import assert from "node:assert/strict";
import { goSort, sortYamlKeys } from "../../../../src/render/format/sort.ts";

test("goSort sorts like any correct sort for a total order (insertion, pdqsort and heapsort paths)", () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (const n of [0, 1, 2, 5, 12, 13, 50, 51, 200, 1000, 5000]) {
    for (const kind of ["random", "sorted", "reversed", "few"]) {
      const a = Array.from({ length: n }, (_, i) => (kind === "sorted" ? i : kind === "reversed" ? n - i : kind === "few" ? rand() % 3 : rand()));
      const want = [...a].sort((x, y) => x - y);
      goSort(a, (x, y) => x < y);
      assert.deepEqual(a, want, `${kind} ${String(n)}`);
    }
  }
});

test("sortYamlKeys: go-yaml's natural key order (v2 and v3)", () => {
  const keys = ["1-", "1a", "a1", "a01", "a10", "a2", "b", "B", "_", "é", "x9", "x10", "ab", "aB", "v1.10", "v1.9"];
  // Expected orders from go-yaml v2 (toYaml) and v3 (toYamlPretty).
  assert.deepEqual(sortYamlKeys(keys, false), ["_", "1-", "1a", "B", "a1", "a01", "a2", "a10", "aB", "ab", "b", "v1.9", "v1.10", "x9", "x10", "é"]);
  assert.deepEqual(sortYamlKeys(keys, true), ["_", "1a", "1-", "B", "a1", "a01", "a2", "a10", "aB", "ab", "b", "v1.9", "v1.10", "x9", "x10", "é"]);
  assert.deepEqual(sortYamlKeys(["x😀1", "x😀10", "x😀9"], false), ["x😀1", "x😀9", "x😀10"]);
});
