/**
 * Dependency processing and values against Helm 4.1.4: cases/dependencies.json
 * runs ProcessDependencies (conditions, tags, aliases, import-values,
 * disabled sub-charts) and then ToRenderValues on chart trees, recording the
 * processed tree ("tree": names, values, Chart.yaml dependencies) and the
 * values templates see ("out"), or the error.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Chart } from "../../../../src/render/chart/types.ts";
import { checkDependencies, processDependencies, toRenderValues, ValuesError } from "../../../../src/render/values/index.ts";
import { buildChart, dump, loadCases, undump, type ChartSpec, type Tagged } from "./helpers.ts";

interface Case {
  name: string;
  chart: ChartSpec;
  vals: Tagged;
  skipSchema?: boolean;
  tree?: unknown;
  out?: Tagged;
  err?: string;
}

function describe(c: Chart): unknown {
  const deps = c.metadata.dependencies.map((d) => ({
    name: d.name,
    alias: d.alias,
    enabled: d.enabled,
    importValues: d.importValues.map((iv) => (iv instanceof Map ? { ms: Object.fromEntries(iv as Map<string, string>) } : iv)),
  }));
  const charts = c.dependencies.map(describe);
  return { name: c.metadata.name, values: dump(c.values), deps: deps.length === 0 ? null : deps, charts: charts.length === 0 ? null : charts };
}

export function runPipeline(c: Case): { tree?: unknown; out?: Tagged; err?: string } {
  const chart = buildChart(c.chart);
  const vals = c.vals === null ? new Map<string, unknown>() : (undump(c.vals) as Map<string, unknown>);
  let processed: Chart;
  try {
    processed = processDependencies(chart, vals);
  } catch (e) {
    if (e instanceof ValuesError) return { err: e.message };
    throw e;
  }
  const tree = describe(processed);
  try {
    const top = toRenderValues(processed, vals, { name: "rel", namespace: "default" }, null, { skipSchemaValidation: c.skipSchema === true });
    return { tree, out: dump(top.get("Values")) };
  } catch (e) {
    if (e instanceof ValuesError) return { tree, err: e.message };
    throw e;
  }
}

for (const c of loadCases<Case>("dependencies")) {
  test(`dependencies: ${c.name}`, () => {
    const chart = buildChart(c.chart);
    const before = describe(chart);
    const got = runPipeline(c);
    const want: { tree?: unknown; out?: Tagged; err?: string } = {};
    if (c.tree !== undefined) want.tree = c.tree;
    if (c.out !== undefined) want.out = c.out;
    if (c.err !== undefined) want.err = c.err;
    assert.deepEqual(got, want);
    processDependencies(chart, new Map());
    assert.deepEqual(describe(chart), before, "processDependencies modified its input");
  });
}

test("checkDependencies: charts missing from charts/", () => {
  const chart = buildChart({
    name: "top",
    dependencies: [{ name: "a", version: "1.0.0" }, { name: "b", alias: "bb" }, { name: "c" }],
    charts: [{ name: "a", version: "9.9.9" }],
  });
  assert.throws(
    () => { checkDependencies(chart); },
    new ValuesError(
      "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: b, c",
    ),
  );
  checkDependencies(buildChart({ name: "top", charts: [{ name: "x" }] }));
  checkDependencies(buildChart({ name: "top", dependencies: [{ name: "x", version: "^2" }], charts: [{ name: "x", version: "1.0.0" }] }));
});
