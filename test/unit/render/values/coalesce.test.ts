/**
 * Coalescing against Helm 4.1.4: cases/coalesce.json runs CoalesceValues
 * ("coalesce") and MergeValues ("merge") on chart trees with user values;
 * cases/tables.json runs CoalesceTables/MergeTables. Go's log warnings are
 * compared as sorted lists (Go's map order is random).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { coalesceTables, coalesceValues, mergeTables, mergeValues } from "../../../../src/render/values/coalesce.ts";
import { ValuesError } from "../../../../src/render/values/errors.ts";
import { buildChart, dump, loadCases, undump, type ChartSpec, type Tagged } from "./helpers.ts";

interface CoalesceCase {
  name: string;
  fn: "coalesce" | "merge";
  chart: ChartSpec;
  vals: Tagged;
  out?: Tagged;
  err?: string;
  warnings?: string[];
}

for (const c of loadCases<CoalesceCase>("coalesce")) {
  test(`${c.fn}: ${c.name}`, () => {
    const chart = buildChart(c.chart);
    const before = dump(chart.values);
    const vals = c.vals === null ? null : (undump(c.vals) as Map<string, unknown>);
    const valsBefore = dump(vals);
    const warnings: string[] = [];
    const fn = c.fn === "merge" ? mergeValues : coalesceValues;
    if (c.err !== undefined) {
      assert.throws(() => fn(chart, vals, { warn: (w) => warnings.push(w) }), (e: unknown) => e instanceof ValuesError && e.message === c.err);
    } else {
      const out = fn(chart, vals, { warn: (w) => warnings.push(w) });
      assert.deepEqual(dump(out), c.out);
    }
    assert.deepEqual(warnings.sort(), c.warnings ?? []);
    assert.deepEqual(dump(chart.values), before, "the chart's values were modified");
    assert.deepEqual(dump(vals), valsBefore, "the user values were modified");
  });
}

interface TablesCase {
  name: string;
  fn: "coalesce" | "merge";
  dst: Tagged;
  src: Tagged;
  out: Tagged;
  warnings?: string[];
}

test("CoalesceTables and MergeTables", () => {
  for (const c of loadCases<TablesCase>("tables")) {
    const warnings: string[] = [];
    const dst = c.dst === null ? null : (undump(c.dst) as Map<string, unknown>);
    const src = c.src === null ? null : (undump(c.src) as Map<string, unknown>);
    const out = (c.fn === "merge" ? mergeTables : coalesceTables)(dst, src, { warn: (w) => warnings.push(w) });
    assert.deepEqual(dump(out), c.out, `${c.fn}: ${c.name}`);
    assert.deepEqual(warnings.sort(), c.warnings ?? [], `${c.fn}: ${c.name}`);
  }
});
