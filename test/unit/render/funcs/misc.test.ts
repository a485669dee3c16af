import assert from "node:assert/strict";
import { test } from "node:test";
import { render, runCases } from "./harness.ts";

runCases("misc");

test("misc: getHostByName never resolves (Helm's offline behaviour)", () => {
  assert.deepEqual(render(`{{ getHostByName "localhost" | quote }}`), { out: `""` });
});
