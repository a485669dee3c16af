/**
 * The loader against Helm 4.1.4's (expected.json, from oracle/main.go):
 * each case of cases.ts is written to a temporary directory and loaded with
 * loadChart (and archives also from memory with loadArchive); the result
 * must be what Helm loaded — metadata as `.Chart` sees it, values with
 * their Go types, templates, files (nil-ness included), schema, lock,
 * subcharts — or Helm's error message. Cases marked `bosun` are where
 * bosun refuses what Helm accepts (links and devices in archives, `..`,
 * links out of the chart directory).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { chartFullPath, loadArchive, loadChart, metadataAsMap, type Chart, type ChartFile } from "../../../../src/render/chart/index.ts";
import { decode, show } from "../format/fixture.ts";
import { CHART_CASES, chartPath, materialize, type ChartCase } from "./cases.ts";
import { EXPECTED, type ChartOut, type ChartResult, type FileOut } from "./expected.ts";

const root = mkdtempSync(join(tmpdir(), "bosun-chart-cases-"));
for (const c of CHART_CASES) materialize(root, c);
after(() => {
  rmSync(root, { recursive: true, force: true });
});

function fileOut(f: ChartFile): FileOut {
  return { name: f.name, data: f.data.length > 4096 ? `len:${f.data.length}` : Buffer.from(f.data).toString("base64") };
}

/** Helm's files (none is ever a nil []byte: io.Copy into a bytes.Buffer allocates even for an empty file). */
function normFiles(fs: FileOut[] | null): FileOut[] {
  for (const f of fs ?? []) assert.notEqual(f.nil, true);
  return fs ?? [];
}

/** Compares a loaded chart with the oracle's description of Helm's. */
function assertChart(got: Chart, want: ChartOut, where: string): void {
  assert.equal(chartFullPath(got), want.fullPath, `${where}: full path`);
  assert.deepEqual(metadataAsMap(got), decode(want.metadata), `${where}: .Chart\n${show(metadataAsMap(got))}`);
  assert.deepEqual(got.values, want.values === null ? new Map() : decode(want.values), `${where}: values\n${show(got.values)}`);
  assert.deepEqual(got.templates.map(fileOut), normFiles(want.templates), `${where}: templates`);
  assert.deepEqual(got.files.map(fileOut), normFiles(want.files), `${where}: files`);
  assert.equal(got.schema === null ? null : Buffer.from(got.schema).toString("utf8"), want.schema, `${where}: schema`);
  if (want.lock === null) assert.equal(got.lock, null, `${where}: lock`);
  else {
    assert.ok(got.lock !== null, `${where}: lock`);
    assert.equal(got.lock.digest, want.lock.digest);
    assert.deepEqual(got.lock.dependencies, want.lock.dependencies);
    if (want.lock.generated !== "") assert.equal(new Date(got.lock.generated).toISOString().replace(".000Z", "Z"), want.lock.generated);
  }
  const deps = [...got.dependencies].sort((a, b) => (chartFullPath(a) < chartFullPath(b) ? -1 : 1));
  const wantDeps = want.deps ?? [];
  assert.deepEqual(deps.map(chartFullPath), wantDeps.map((d) => d.fullPath), `${where}: subcharts`);
  deps.forEach((d, i) => {
    assert.equal(d.parent, got);
    assertChart(d, wantDeps[i] as ChartOut, `${where} > ${chartFullPath(d)}`);
  });
}

function errorOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message.replaceAll(root, "<ROOT>");
  }
}

function expected(c: ChartCase): ChartResult {
  const r = EXPECTED.charts.find((x) => x.name === c.name);
  assert.ok(r !== undefined, `no oracle result for ${c.name}: regenerate expected.json`);
  return r;
}

for (const c of CHART_CASES) {
  test(`load ${c.name}`, (t) => {
    const path = chartPath(root, c);
    if (c.bosun !== undefined) {
      const helm = c.oracleSkip === true ? "not run" : JSON.stringify(expected(c).error ?? "loads");
      t.diagnostic(`bosun differs from Helm (${helm}): ${c.bosun.reason}`);
      assert.equal(errorOf(() => loadChart(path, c.limits)), c.bosun.error);
      if (c.tgz !== undefined) assert.equal(errorOf(() => loadArchive(c.tgz as Uint8Array, c.limits)), c.bosun.archiveError ?? c.bosun.error);
      return;
    }
    const want = expected(c);
    if (want.error !== undefined) {
      // `helm template` prints archive errors without their detail; bosun keeps it, as Helm's LoadArchive does.
      const error = want.error === "unable to load chart archive" ? want.archiveError : want.error;
      assert.equal(errorOf(() => loadChart(path, c.limits)), error);
    } else {
      const got = loadChart(path, c.limits);
      assertChart(got, want.chart as ChartOut, c.name);
      assert.equal(got.parent, null);
      assert.equal(got.metadata.apiVersion === "v3", want.type === "*v3.Chart", "loaded as an apiVersion v3 chart");
    }
    if (c.tgz !== undefined) {
      if (want.archiveError !== undefined) assert.equal(errorOf(() => loadArchive(c.tgz as Uint8Array, c.limits)), want.archiveError);
      else assertChart(loadArchive(c.tgz, c.limits), want.archive as ChartOut, `${c.name} (bytes)`);
    }
  });
}

test("the fixture charts of the differential tests load", () => {
  const dir = new URL("../../../fixtures/charts/", import.meta.url).pathname;
  const chart = loadChart(join(dir, "hello"));
  assert.equal(chart.metadata.name, "hello");
  assert.ok(chart.templates.length > 0);
  assert.ok(readFileSync(join(dir, "hello", "Chart.yaml")).length > 0);
});
