/**
 * Benchmark of the chart disk cache: put and get (re-verified) of a large
 * blob, and getOrFetch on a hit and on a miss (with an in-memory "fetch", so
 * the miss measures hashing, the atomic write and fsync, not the network).
 * Prints figures; asserts nothing.
 *
 *   node test/bench/cache.ts [--size 5] [--iterations 20] [--dir /path]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ChartCache, sha256Digest } from "../../src/source/cache.ts";

const { values: args } = parseArgs({
  options: {
    size: { type: "string", default: "5" },
    iterations: { type: "string", default: "20" },
    dir: { type: "string" },
  },
});
const SIZE = Math.round(Number(args.size) * 1024 * 1024);
const ITER = Number(args.iterations);
const root = mkdtempSync(join(args.dir ?? tmpdir(), "bosun-cache-bench-"));

function stats(name: string, ms: number[]): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const min = sorted[0] ?? 0;
  const mbps = SIZE / 1024 / 1024 / (median / 1000);
  console.log(`${name.padEnd(28)} median ${median.toFixed(2).padStart(8)} ms   min ${min.toFixed(2).padStart(8)} ms   ${mbps.toFixed(0).padStart(6)} MiB/s`);
}

async function main(): Promise<void> {
  const blobs = Array.from({ length: ITER }, () => {
    const bytes = new Uint8Array(randomBytes(SIZE));
    return { bytes, digest: sha256Digest(bytes) };
  });
  console.log(`blob ${(SIZE / 1024 / 1024).toFixed(1)} MiB, ${String(ITER)} iterations, dir ${root}`);

  const cache = new ChartCache({ dir: join(root, "a") });
  const put: number[] = [];
  const get: number[] = [];
  for (const b of blobs) {
    let t = performance.now();
    cache.put(b.digest, b.bytes);
    put.push(performance.now() - t);
    t = performance.now();
    if (cache.get(b.digest) === undefined) throw new Error("miss after put");
    get.push(performance.now() - t);
  }
  stats("put (verify+write+fsync)", put);
  stats("get (read+verify)", get);

  const cache2 = new ChartCache({ dir: join(root, "b") });
  const miss: number[] = [];
  const hit: number[] = [];
  for (const b of blobs) {
    const fetch = () => Promise.resolve(b.bytes);
    let t = performance.now();
    await cache2.getOrFetch(b.digest, fetch);
    miss.push(performance.now() - t);
    t = performance.now();
    await cache2.getOrFetch(b.digest, () => Promise.reject(new Error("fetched on a hit")));
    hit.push(performance.now() - t);
  }
  stats("getOrFetch miss", miss);
  stats("getOrFetch hit", hit);

  const t = performance.now();
  const restarted = new ChartCache({ dir: join(root, "b") });
  console.log(`restart scan of ${String(restarted.entries)} blobs: ${(performance.now() - t).toFixed(2)} ms`);
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
