/**
 * bosun's own limits on what a chart may make it read: total size, number
 * of files and size of one file (LoadLimits, shared by a chart and all its
 * subcharts), gzip bombs stopped while inflating, and links in chart
 * directories kept inside the chart.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEFAULT_LOAD_LIMITS, loadArchive, loadChart, loadDirectory } from "../../../../src/render/chart/index.ts";
import { chartTgz, tgz, zeroBomb } from "./tarball.ts";

const MiB = 1024 * 1024;
const CHART = "apiVersion: v2\nname: c\nversion: 1.0.0\n";

const tmp = mkdtempSync(join(tmpdir(), "bosun-chart-safety-"));
after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function write(dir: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

test("default limits: 100 MiB in all, 10,000 files, 20 MiB a file", () => {
  assert.deepEqual({ ...DEFAULT_LOAD_LIMITS }, { maxTotalSize: 100 * MiB, maxFiles: 10_000, maxFileSize: 20 * MiB });
});

test("a gzip bomb stops once the total size is reached, without inflating the rest", () => {
  // 64 entries of 64 MiB of zeros: 4 GiB once inflated, a few hundred KiB of gzip.
  const bomb = zeroBomb([{ name: "c/Chart.yaml", size: 0 }, ...Array.from({ length: 64 }, (_, i) => ({ name: `c/files/f${String(i)}`, size: 16 * MiB }))]);
  assert.ok(bomb.length < 2 * MiB);
  const start = performance.now();
  assert.throws(() => loadArchive(bomb, { maxTotalSize: 40 * MiB, maxFileSize: 20 * MiB }), {
    message: "unable to load chart archive: decompressed chart is larger than the maximum size 41943040",
  });
  assert.ok(performance.now() - start < 5000, "stopped early");
});

test("an entry whose header is larger than the limits is refused before its data is read", () => {
  const bomb = zeroBomb([{ name: "c/Chart.yaml", size: 0 }, { name: "c/huge", size: 7 * 1024 * MiB }]);
  assert.throws(() => loadArchive(bomb), { message: "unable to load chart archive: decompressed chart is larger than the maximum size 104857600" });
  assert.throws(() => loadArchive(zeroBomb([{ name: "c/big", size: 21 * MiB }])), {
    message: 'unable to load chart archive: decompressed chart file "c/big" is larger than the maximum file size 20971520',
  });
});

test("files up to the limit of one file load (20 MiB by default, 5 MiB in Helm)", () => {
  const c = loadArchive(chartTgz("c", { "Chart.yaml": CHART, "files/big": new Uint8Array(6 * MiB) }));
  assert.equal(c.files[0]?.data.length, 6 * MiB);
});

test("too many files", () => {
  const files: Record<string, string> = { "Chart.yaml": CHART };
  for (let i = 0; i < 10; i++) files[`files/f${String(i)}`] = "x";
  assert.throws(() => loadArchive(chartTgz("c", files), { maxFiles: 10 }), {
    message: 'unable to load chart archive: chart has more than the maximum number of files 10: "c/files/f9"',
  });
  const dir = write(join(tmp, "many"), files);
  assert.throws(() => loadChart(dir, { maxFiles: 10 }), { message: 'chart has more than the maximum number of files 10: "files/f9"' });
  assert.equal(loadChart(dir, { maxFiles: 11 }).files.length, 10);
});

test("limits cover subcharts and nested archives together", () => {
  const inner = chartTgz("s", { "Chart.yaml": "apiVersion: v2\nname: s\nversion: 1.0.0\n", "files/a": new Uint8Array(3 * MiB).fill(1) });
  const outer = chartTgz("c", { "Chart.yaml": CHART, "charts/s-1.0.0.tgz": inner });
  assert.equal(loadArchive(outer, { maxTotalSize: 4 * MiB }).dependencies.length, 1);
  assert.throws(() => loadArchive(outer, { maxTotalSize: 3 * MiB }), {
    message: "error unpacking subchart s-1.0.0.tgz in c: decompressed chart is larger than the maximum size 3145728",
  });
  assert.throws(() => loadArchive(outer, { maxFiles: 2 }), { message: 'error unpacking subchart s-1.0.0.tgz in c: chart has more than the maximum number of files 2: "s/Chart.yaml"' });
});

test("directory charts are bounded too", () => {
  const dir = write(join(tmp, "sizes"), { "Chart.yaml": CHART, "files/a": new Uint8Array(2 * MiB), "files/b": new Uint8Array(2 * MiB) });
  assert.throws(() => loadDirectory(dir, { maxTotalSize: 3 * MiB }), { message: 'chart directory is larger than the maximum size 3145728: "files/b"' });
  assert.throws(() => loadDirectory(dir, { maxFileSize: MiB }), { message: 'chart file "a" is larger than the maximum file size 1048576' });
  assert.equal(loadDirectory(dir).files.length, 2);
});

test("links in a chart directory must stay inside it", () => {
  const root = join(tmp, "links");
  write(root, { "chart/Chart.yaml": CHART, "outside/secret.txt": "s3cret", "outside/dir/x.txt": "x" });
  symlinkSync("../outside/dir", join(root, "chart", "linkdir"));
  assert.throws(() => loadChart(join(root, "chart")), { message: /^chart file "linkdir" is a symbolic link to ".*\/outside\/dir", outside the chart directory/ });
  rmSync(join(root, "chart", "linkdir"));
  rmSync(join(root, "chart", "Chart.yaml"));
  symlinkSync("../outside/secret.txt", join(root, "chart", "Chart.yaml"));
  assert.throws(() => loadChart(join(root, "chart")), { message: /^chart file "Chart.yaml" is a symbolic link to ".*\/outside\/secret.txt", outside the chart directory/ });
  rmSync(join(root, "chart", "Chart.yaml"));
  writeFileSync(join(root, "chart", "Chart.yaml"), CHART);
  symlinkSync("../outside/secret.txt", join(root, "chart", ".helmignore"));
  assert.throws(() => loadChart(join(root, "chart")), { message: /^chart file ".helmignore" is a symbolic link/ });
});

test("malicious archive entries are refused with the entry's name", () => {
  const cases: [Parameters<typeof tgz>[0], string][] = [
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/../../etc/passwd", data: "x" }], "unable to load chart archive: chart illegally references parent directory"],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/a/../../b", data: "x" }], "unable to load chart archive: chart illegally references parent directory"],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/templates/../../../x", data: "x" }], "unable to load chart archive: chart illegally references parent directory"],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "/etc/passwd", data: "x" }], 'unable to load chart archive: chart illegally contains absolute paths: "/etc/passwd"'],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c\\..\\..\\x", data: "x" }], "unable to load chart archive: chart illegally references parent directory"],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/l", type: "2", linkname: "../../../etc/passwd" }], 'unable to load chart archive: chart file "c/l" is a symbolic link, which charts may not contain'],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/s", type: "S", data: "" }], 'unable to load chart archive: chart file "c/s" is a sparse file, which charts may not contain'],
    [[{ name: "c/Chart.yaml", data: CHART }, { name: "c/x", data: "x", pax: { path: "c/../../x" } }], "unable to load chart archive: chart illegally references parent directory"],
  ];
  for (const [entries, message] of cases) assert.throws(() => loadArchive(tgz(entries)), { message }, JSON.stringify(entries.at(-1)?.name));
});

test("a missing path", () => {
  assert.throws(() => loadChart(join(tmp, "nope")), { message: `stat ${join(tmp, "nope")}: no such file or directory` });
});
