/**
 * The pipeline API: prepareRender's order of checks (Helm's: missing
 * dependencies, dependency processing, coalescing, schema, kubeVersion),
 * the Release map, goReadFile's Go error texts and the strvals entry points.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { GoInt } from "../../../../src/template/index.ts";
import {
  goReadFile,
  parseKubeVersion,
  parseSet,
  parseSetFile,
  parseSetLiteral,
  prepareRender,
  releaseValues,
  toRenderValues,
  ValuesError,
} from "../../../../src/render/values/index.ts";
import { buildChart, dump, type ChartSpec } from "./helpers.ts";

const release = { name: "rel", namespace: "ns" };
const schema = { type: "object", properties: { n: { type: "string" } } };

function failure(spec: ChartSpec, user: Map<string, unknown> = new Map()): string {
  try {
    prepareRender(buildChart(spec), user, release, null);
  } catch (e) {
    if (e instanceof ValuesError) return e.message;
    throw e;
  }
  return "";
}

test("prepareRender reports problems in Helm's order", () => {
  const all: ChartSpec = {
    name: "top",
    kubeVersion: ">=9.0.0",
    values: { m: { n: { f: "1" } } },
    schema,
    dependencies: [{ name: "missing" }, { name: "sub" }],
    charts: [{ name: "sub", schema, values: { m: { n: { f: "2" } } } }],
  };
  assert.match(failure(all), /^an error occurred while checking for chart dependencies.*missing in charts\/ directory: missing$/);
  const noMissing: ChartSpec = { ...all, dependencies: [{ name: "sub" }] };
  assert.equal(failure(noMissing, new Map([["sub", "x"]])), "chart dependencies processing failed: type mismatch on sub: %!t(string=x)");
  assert.equal(
    failure(noMissing),
    "values don't meet the specifications of the schema(s) in the following chart(s):\ntop:\n- at '/n': got number, want string\nsub:\n- at '/n': got number, want string\n",
  );
  assert.equal(failure({ ...noMissing, schema: undefined, charts: [{ name: "sub" }] }), "chart requires kubeVersion: >=9.0.0 which is incompatible with Kubernetes v1.35.0");
  const ok = prepareRender(buildChart({ ...noMissing, kubeVersion: ">=1.20.0-0", schema: undefined, charts: [{ name: "sub" }] }), null, release, "caps", {
    kubeVersion: parseKubeVersion("v1.30.2-eks.1"),
  });
  assert.deepEqual(dump(ok.values.get("Values")), { m: { n: { f: "1" }, sub: { m: { global: { m: {} } } } } });
  assert.equal(ok.values.get("Capabilities"), "caps");
});

test("toRenderValues: Release, skipSchemaValidation", () => {
  const chart = buildChart({ name: "c", schema, values: { m: { n: { f: "1" } } } });
  assert.throws(() => toRenderValues(chart, null, release, null), ValuesError);
  const top = toRenderValues(chart, null, { ...release, isUpgrade: true, revision: 3 }, null, { skipSchemaValidation: true });
  assert.deepEqual([...top.keys()], ["Capabilities", "Release", "Values"]);
  assert.deepEqual(top.get("Release"), releaseValues({ ...release, isUpgrade: true, revision: 3 }));
  assert.deepEqual(
    releaseValues(release),
    new Map<string, unknown>([["Name", "rel"], ["Namespace", "ns"], ["IsUpgrade", false], ["IsInstall", true], ["Revision", new GoInt(1, "int")], ["Service", "Helm"]]),
  );
});

test("goReadFile: Go's os.ReadFile errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "bosun-read-"));
  try {
    writeFileSync(join(dir, "f"), "x");
    assert.equal(Buffer.from(goReadFile(join(dir, "f"))).toString(), "x");
    assert.throws(() => goReadFile(join(dir, "nope")), { message: `open ${join(dir, "nope")}: no such file or directory` });
    assert.throws(() => goReadFile(dir), { message: `read ${dir}: is a directory` });
    assert.throws(() => goReadFile(join(dir, "f", "g")), { message: `open ${join(dir, "f", "g")}: not a directory` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("strvals entry points", () => {
  assert.deepEqual(dump(parseSet("a.b=1,c={x,true}")), { m: { a: { m: { b: { i64: "1" } } }, c: ["x", true] } });
  const into = new Map<string, unknown>([["keep", 1]]);
  assert.equal(parseSet("x=y", into), into);
  assert.deepEqual(dump(into), { m: { keep: { f: "1" }, x: "y" } });
  assert.deepEqual(dump(parseSetLiteral("a.b=1,2")), { m: { a: { m: { b: "1,2" } } } });
  assert.deepEqual(dump(parseSetFile("a=p", (p) => `<${p}>`)), { m: { a: "<p>" } });
});
