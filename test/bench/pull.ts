/**
 * Benchmark of pulling a large chart from the real anonymous registry of the
 * test environment (which must be up): a chart with `--size` MiB of random
 * file content is packaged and pushed with helm, then it times
 *   - cold pull: a new OciClient, resolve (tag → digest) + pullChart
 *     (manifest, config, chart blob, all sha256-verified),
 *   - cached load: ChartCache.getOrFetch on a hit (disk read + re-verify),
 *     also from a freshly constructed cache over the same directory (restart),
 *   - loadArchive of the chart bytes.
 * Prints figures; asserts nothing.
 *
 *   node test/bench/pull.ts [--size 5] [--iterations 10]
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { helm, testEnv, uniqueName } from "../env/testenv.ts";
import { ChartCache, OciClient, type OciReference } from "../../src/source/index.ts";
import { loadArchive } from "../../src/render/index.ts";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "5" },
    iterations: { type: "string", default: "10" },
  },
});
const SIZE = Math.round(Number(args.size) * 1024 * 1024);
const ITER = Number(args.iterations);
const root = mkdtempSync(join(tmpdir(), "bosun-pull-bench-"));

function stats(name: string, ms: number[], bytes: number): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const min = sorted[0] ?? 0;
  const mbps = bytes / 1024 / 1024 / (median / 1000);
  console.log(`${name.padEnd(40)} median ${median.toFixed(2).padStart(8)} ms   min ${min.toFixed(2).padStart(8)} ms   ${mbps.toFixed(0).padStart(6)} MiB/s`);
}

async function main(): Promise<void> {
  const env = testEnv();
  const repo = uniqueName("bench");
  const dir = join(root, "big");
  mkdirSync(join(dir, "templates"), { recursive: true });
  mkdirSync(join(dir, "files"), { recursive: true });
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: big\nversion: 1.0.0\n");
  writeFileSync(join(dir, "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  size: {{ len (.Files.Get \"files/random.bin\") | quote }}\n");
  writeFileSync(join(dir, "files", "random.bin"), randomBytes(SIZE));
  const pkg = await helm(["package", dir, "--destination", root]);
  if (pkg.code !== 0) throw new Error(`helm package failed: ${pkg.stderr}`);
  const file = join(root, "big-1.0.0.tgz");
  const tgzBytes = readFileSync(file).length;
  const pushed = await helm(["push", file, `oci://${env.registry}/${repo}`, "--plain-http"]);
  if (pushed.code !== 0) throw new Error(`helm push failed: ${pushed.stderr}`);
  const ref: OciReference = { registry: env.registry, repository: `${repo}/big` };
  console.log(`chart: ${(SIZE / 1024 / 1024).toFixed(1)} MiB random file, .tgz ${(tgzBytes / 1024 / 1024).toFixed(2)} MiB, registry ${env.registry}, ${String(ITER)} iterations`);

  const cold: number[] = [];
  let chart: Uint8Array = new Uint8Array();
  let layerDigest = "";
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    const client = new OciClient({ plainHttp: true });
    const r = await client.resolve(ref, { version: "1.0.0" });
    const pulled = await client.pullChart(ref, r.digest);
    cold.push(performance.now() - t);
    chart = pulled.chart;
    layerDigest = pulled.manifest.layers[0]?.digest ?? "";
  }
  stats("cold pull (resolve+pull+verify)", cold, tgzBytes);

  const cacheDir = join(root, "cache");
  const cache = new ChartCache({ dir: cacheDir });
  await cache.getOrFetch(layerDigest, () => Promise.resolve(chart));
  const hit: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < ITER; i++) {
    let t = performance.now();
    await cache.getOrFetch(layerDigest, () => Promise.reject(new Error("fetched on a hit")));
    hit.push(performance.now() - t);
    t = performance.now();
    const fresh = new ChartCache({ dir: cacheDir });
    await fresh.getOrFetch(layerDigest, () => Promise.reject(new Error("fetched after a restart")));
    restart.push(performance.now() - t);
  }
  stats("cached load (getOrFetch hit)", hit, tgzBytes);
  stats("cached load after restart (new cache)", restart, tgzBytes);

  const load: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    loadArchive(chart);
    load.push(performance.now() - t);
  }
  stats("loadArchive", load, tgzBytes);
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
