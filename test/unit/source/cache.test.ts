// The chart caches: the content-addressed disk cache (verification on write
// and read, atomic writes, LRU size bound, recency across restarts,
// single-flight fetches) and the in-memory cache of loaded charts.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Chart } from "../../../src/render/chart/index.ts";
import { ChartCache, ChartCacheError, DEFAULT_CACHE_MAX_BYTES, digestHex, LoadedChartCache, sha256Digest } from "../../../src/source/cache.ts";

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "bosun-cache-"));
  roots.push(d);
  return d;
}

function blob(text: string, size = text.length): { bytes: Uint8Array; digest: string; hex: string } {
  const bytes = new TextEncoder().encode(text.padEnd(size, "."));
  const hex = createHash("sha256").update(bytes).digest("hex");
  return { bytes, digest: `sha256:${hex}`, hex };
}

/** A clock the test advances: every call returns a later time. */
function clock(start = Date.UTC(2025, 0, 1)): () => number {
  let t = start;
  return () => (t += 1000);
}

function blobPath(dir: string, hex: string): string {
  return join(dir, "blobs", "sha256", hex);
}

const isCacheError = (kind: string) => (e: unknown) => e instanceof ChartCacheError && e.kind === kind;

test("miss, put, hit; files laid out as blobs/sha256/<hex>", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  assert.equal(c.maxBytes, DEFAULT_CACHE_MAX_BYTES);
  const a = blob("chart a");
  assert.equal(c.get(a.digest), undefined);
  assert.equal(c.has(a.digest), false);
  c.put(a.digest, a.bytes);
  assert.equal(c.has(a.digest), true);
  assert.deepEqual(c.get(a.digest), a.bytes);
  assert.deepEqual(new Uint8Array(readFileSync(blobPath(dir, a.hex))), a.bytes);
  assert.equal(c.entries, 1);
  assert.equal(c.totalBytes, a.bytes.byteLength);
  // putting the same blob again is harmless and does not double-count
  c.put(a.digest, a.bytes);
  assert.equal(c.entries, 1);
  assert.equal(c.totalBytes, a.bytes.byteLength);
  // an empty blob is a valid blob
  const empty = blob("");
  c.put(empty.digest, empty.bytes);
  assert.deepEqual(c.get(empty.digest), new Uint8Array(0));
});

test("put rejects bytes that do not hash to the digest and writes nothing", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  const b = blob("chart b");
  assert.throws(() => {
    c.put(a.digest, b.bytes);
  }, (e: unknown) => isCacheError("digest-mismatch")(e) && e instanceof Error && e.message.includes(a.digest) && e.message.includes(b.digest));
  assert.deepEqual(readdirSync(join(dir, "blobs", "sha256")), []);
  assert.equal(c.get(a.digest), undefined);
  assert.equal(c.entries, 0);
});

test("a tampered blob is deleted on read and reported as a miss", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  c.put(a.digest, a.bytes);
  writeFileSync(blobPath(dir, a.hex), "evil");
  assert.equal(c.get(a.digest), undefined);
  assert.equal(existsSync(blobPath(dir, a.hex)), false);
  assert.equal(c.entries, 0);
  assert.equal(c.totalBytes, 0);
  // and a tampered blob found by a new instance is treated the same way
  c.put(a.digest, a.bytes);
  writeFileSync(blobPath(dir, a.hex), new Uint8Array(a.bytes.byteLength)); // same size, zeros
  const c2 = new ChartCache({ dir });
  assert.equal(c2.get(a.digest), undefined);
  assert.equal(existsSync(blobPath(dir, a.hex)), false);
});

test("a blob deleted behind the cache's back is a miss", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  c.put(a.digest, a.bytes);
  rmSync(blobPath(dir, a.hex));
  assert.equal(c.get(a.digest), undefined);
  assert.equal(c.totalBytes, 0);
});

test("atomic writes: a crash's temp file is never returned and is cleaned at startup", () => {
  const dir = tempDir();
  const a = blob("chart a", 1000);
  const blobs = join(dir, "blobs", "sha256");
  mkdirSync(blobs, { recursive: true });
  // a crash mid-write: half the bytes in a temp file named after the digest
  const tmp = join(blobs, `.tmp-${a.hex}-1-abcdef012345`);
  writeFileSync(tmp, a.bytes.subarray(0, 500));
  // a file that is not the cache's is left alone
  writeFileSync(join(blobs, "README"), "hello");
  const c = new ChartCache({ dir });
  assert.equal(existsSync(tmp), false);
  assert.equal(existsSync(join(blobs, "README")), true);
  assert.equal(c.entries, 0);
  assert.equal(c.get(a.digest), undefined);
  // a successful put leaves only the digest-named file, no temp file
  c.put(a.digest, a.bytes);
  assert.deepEqual(readdirSync(blobs).sort(), ["README", a.hex].sort());
});

test("a write that fails leaves no temp file and caches nothing", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  // a directory squatting on the digest name makes the final rename fail
  mkdirSync(join(blobPath(dir, a.hex), "x"), { recursive: true });
  assert.throws(() => {
    c.put(a.digest, a.bytes);
  }, (e: unknown) => e instanceof Error && "code" in e);
  assert.deepEqual(readdirSync(join(dir, "blobs", "sha256")), [a.hex]);
  assert.equal(c.entries, 0);
  assert.equal(c.totalBytes, 0);
});

test("LRU eviction: least recently used first, size bound kept", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir, maxBytes: 300, now: clock() });
  const a = blob("a", 100);
  const b = blob("b", 100);
  const d = blob("d", 100);
  const e = blob("e", 100);
  c.put(a.digest, a.bytes);
  c.put(b.digest, b.bytes);
  c.put(d.digest, d.bytes);
  assert.equal(c.totalBytes, 300);
  // use a: b is now the least recently used
  assert.ok(c.get(a.digest));
  c.put(e.digest, e.bytes);
  assert.equal(c.totalBytes, 300);
  assert.equal(c.has(b.digest), false);
  assert.equal(existsSync(blobPath(dir, b.hex)), false);
  assert.ok(c.has(a.digest) && c.has(d.digest) && c.has(e.digest));
  // a blob larger than the remaining room evicts several, oldest first (d, then a)
  const big = blob("big", 200);
  c.put(big.digest, big.bytes);
  assert.equal(c.has(d.digest), false);
  assert.equal(c.has(a.digest), false);
  assert.ok(c.has(e.digest) && c.has(big.digest));
  assert.equal(c.totalBytes, 300);
  assert.ok(c.totalBytes <= c.maxBytes);
});

test("the blob just written is never evicted, even when larger than the bound", () => {
  const dir = tempDir();
  const c = new ChartCache({ dir, maxBytes: 100, now: clock() });
  const a = blob("a", 50);
  const huge = blob("huge", 500);
  c.put(a.digest, a.bytes);
  c.put(huge.digest, huge.bytes);
  assert.equal(c.has(a.digest), false);
  assert.deepEqual(c.get(huge.digest), huge.bytes);
  assert.equal(c.entries, 1);
  assert.equal(c.totalBytes, 500);
});

test("recency survives a restart (file mtimes)", () => {
  const dir = tempDir();
  const now = clock();
  const a = blob("a", 100);
  const b = blob("b", 100);
  const d = blob("d", 100);
  const c1 = new ChartCache({ dir, maxBytes: 300, now });
  c1.put(a.digest, a.bytes);
  c1.put(b.digest, b.bytes);
  c1.put(d.digest, d.bytes);
  assert.ok(c1.get(a.digest)); // order of use now: b, d, a
  // the mtimes record it
  assert.ok(statSync(blobPath(dir, b.hex)).mtimeMs < statSync(blobPath(dir, d.hex)).mtimeMs);
  assert.ok(statSync(blobPath(dir, d.hex)).mtimeMs < statSync(blobPath(dir, a.hex)).mtimeMs);

  const c2 = new ChartCache({ dir, maxBytes: 300, now });
  assert.equal(c2.entries, 3);
  assert.equal(c2.totalBytes, 300);
  const e = blob("e", 100);
  c2.put(e.digest, e.bytes);
  assert.equal(c2.has(b.digest), false, "b was least recently used before the restart");
  assert.ok(c2.has(a.digest) && c2.has(d.digest) && c2.has(e.digest));
  assert.deepEqual(c2.get(a.digest), a.bytes);
});

test("a restart with a smaller bound evicts down to it", () => {
  const dir = tempDir();
  const now = clock();
  const c1 = new ChartCache({ dir, maxBytes: 1000, now });
  const blobs = ["a", "b", "d"].map((s) => blob(s, 100));
  for (const x of blobs) c1.put(x.digest, x.bytes);
  const c2 = new ChartCache({ dir, maxBytes: 150, now });
  assert.equal(c2.entries, 1);
  assert.equal(c2.totalBytes, 100);
  assert.ok(c2.has(blobs[2]?.digest ?? ""), "the most recently used is kept");
});

test("getOrFetch: a disk hit fetches nothing; a miss fetches, stores and returns", async () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  let fetches = 0;
  const fetch = () => {
    fetches++;
    return Promise.resolve(a.bytes);
  };
  assert.deepEqual(await c.getOrFetch(a.digest, fetch), a.bytes);
  assert.equal(fetches, 1);
  assert.ok(existsSync(blobPath(dir, a.hex)));
  assert.deepEqual(await c.getOrFetch(a.digest, fetch), a.bytes);
  assert.equal(fetches, 1);
  // a new instance (restart) serves it from disk without fetching
  const c2 = new ChartCache({ dir });
  assert.deepEqual(await c2.getOrFetch(a.digest, fetch), a.bytes);
  assert.equal(fetches, 1);
});

test("getOrFetch: 20 concurrent calls for one digest share one fetch", async () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a", 10_000);
  const other = blob("chart other");
  let fetches = 0;
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const fetch = async () => {
    fetches++;
    await gate;
    return a.bytes;
  };
  const calls = Array.from({ length: 20 }, () => c.getOrFetch(a.digest, fetch));
  // a different digest is not held up by, nor shares, that fetch
  assert.deepEqual(await c.getOrFetch(other.digest, () => Promise.resolve(other.bytes)), other.bytes);
  release();
  const results = await Promise.all(calls);
  assert.equal(fetches, 1);
  for (const r of results) assert.deepEqual(r, a.bytes);
  assert.deepEqual(c.get(a.digest), a.bytes);
});

test("getOrFetch: a failed fetch rejects every waiter, caches nothing, and the next call fetches again", async () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  let fetches = 0;
  const failing = async () => {
    fetches++;
    await new Promise((r) => setTimeout(r, 5));
    throw new Error("registry unreachable");
  };
  const calls = Array.from({ length: 20 }, () => c.getOrFetch(a.digest, failing));
  const settled = await Promise.allSettled(calls);
  assert.equal(fetches, 1);
  for (const s of settled) {
    assert.ok(s.status === "rejected" && String(s.reason).includes("registry unreachable"));
  }
  assert.equal(c.get(a.digest), undefined);
  assert.deepEqual(readdirSync(join(dir, "blobs", "sha256")), []);

  // a fetch that throws synchronously is handled the same way
  await assert.rejects(
    c.getOrFetch(a.digest, () => {
      throw new Error("sync failure");
    }),
    /sync failure/,
  );
  // retry succeeds
  assert.deepEqual(await c.getOrFetch(a.digest, () => Promise.resolve(a.bytes)), a.bytes);
  assert.deepEqual(c.get(a.digest), a.bytes);
});

test("getOrFetch: fetched bytes that do not match the digest reject and are not cached", async () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  const b = blob("chart b");
  const calls = Array.from({ length: 3 }, () => c.getOrFetch(a.digest, () => Promise.resolve(b.bytes)));
  for (const p of calls) await assert.rejects(p, isCacheError("digest-mismatch"));
  assert.equal(c.get(a.digest), undefined);
  assert.equal(c.entries, 0);
});

test("invalid digests are rejected with a clear error; no path escapes the cache", async () => {
  const dir = tempDir();
  const c = new ChartCache({ dir });
  const a = blob("chart a");
  const bad = [
    "",
    a.hex, // no algorithm
    `sha256:${a.hex.toUpperCase()}`,
    `SHA256:${a.hex}`,
    `sha512:${a.hex}`,
    `sha256:${a.hex.slice(1)}`,
    `sha256:${a.hex}0`,
    `sha256:${a.hex} `,
    `sha256:${a.hex}\n`,
    "sha256:../../../../etc/passwd",
    `sha256:../${a.hex.slice(3)}`,
    `sha256:${"g".repeat(64)}`,
  ];
  for (const d of bad) {
    assert.throws(() => digestHex(d), isCacheError("invalid-digest"), JSON.stringify(d));
    assert.throws(() => c.get(d), /invalid digest .*want "sha256:" followed by 64 lowercase hex digits/);
    assert.throws(() => c.has(d), isCacheError("invalid-digest"));
    assert.throws(() => {
      c.put(d, a.bytes);
    }, isCacheError("invalid-digest"));
    let fetched = false;
    await assert.rejects(
      c.getOrFetch(d, () => {
        fetched = true;
        return Promise.resolve(a.bytes);
      }),
      isCacheError("invalid-digest"),
    );
    assert.equal(fetched, false);
  }
  // long garbage is truncated in the message
  assert.throws(() => digestHex("x".repeat(10_000)), (e: unknown) => e instanceof Error && e.message.length < 300);
  assert.deepEqual(readdirSync(join(dir, "blobs", "sha256")), []);
  assert.equal(digestHex(a.digest), a.hex);
  assert.equal(sha256Digest(a.bytes), a.digest);
});

test("options are validated", () => {
  const dir = tempDir();
  assert.throws(() => new ChartCache({ dir, maxBytes: -1 }), RangeError);
  assert.throws(() => new ChartCache({ dir, maxBytes: Number.NaN }), RangeError);
  assert.throws(() => new LoadedChartCache({ maxEntries: 0 }), RangeError);
  assert.throws(() => new LoadedChartCache({ maxEntries: 1.5 }), RangeError);
});

// ---- LoadedChartCache ----

function fakeChart(name: string): Chart {
  return { metadata: { name } } as unknown as Chart;
}

test("LoadedChartCache: loads once per digest and evicts the least recently used", () => {
  const charts = new LoadedChartCache({ maxEntries: 2 });
  const [a, b, d] = ["a", "b", "d"].map((s) => blob(s));
  if (a === undefined || b === undefined || d === undefined) throw new Error("unreachable");
  const loads: string[] = [];
  const load = (bytes: Uint8Array) => {
    const name = new TextDecoder().decode(bytes);
    loads.push(name);
    return fakeChart(name);
  };
  const ca = charts.getOrLoad(a.digest, a.bytes, load);
  assert.equal(ca.metadata.name, "a");
  assert.equal(charts.getOrLoad(a.digest, a.bytes, load), ca, "same object on a hit");
  charts.getOrLoad(b.digest, b.bytes, load);
  assert.ok(charts.get(a.digest)); // a is now more recent than b
  charts.getOrLoad(d.digest, d.bytes, load); // evicts b
  assert.equal(charts.size, 2);
  assert.equal(charts.get(b.digest), undefined);
  assert.ok(charts.get(a.digest) && charts.get(d.digest));
  assert.deepEqual(loads, ["a", "b", "d"]);
  // lazy bytes are not read on a hit
  charts.getOrLoad(a.digest, () => assert.fail("bytes read on a hit"), load);
  // a load that throws caches nothing
  assert.throws(() => charts.getOrLoad(b.digest, b.bytes, () => assert.fail("bad chart")), /bad chart/);
  assert.equal(charts.get(b.digest), undefined);
  assert.throws(() => charts.getOrLoad("sha256:nope", a.bytes, load), isCacheError("invalid-digest"));
  assert.equal(charts.delete(a.digest), true);
  charts.clear();
  assert.equal(charts.size, 0);
});

test("LoadedChartCache: loadArchive by default, on a real chart archive", () => {
  const bytes = new Uint8Array(readFileSync(new URL("../../fixtures/charts/load-subcharts/charts/packed-0.1.0.tgz", import.meta.url)));
  const charts = new LoadedChartCache();
  const c = charts.getOrLoad(sha256Digest(bytes), bytes);
  assert.equal(c.metadata.name, "packed");
  assert.equal(c.metadata.version, "0.1.0");
});

test("LoadedChartCache.getOrLoadAsync with ChartCache.getOrFetch: one fetch and one load for concurrent callers", async () => {
  const dir = tempDir();
  const disk = new ChartCache({ dir });
  const charts = new LoadedChartCache();
  const a = blob("chart a");
  let fetches = 0;
  let loads = 0;
  const pull = async () => {
    fetches++;
    await new Promise((r) => setTimeout(r, 5));
    return a.bytes;
  };
  const load = () => {
    loads++;
    return fakeChart("a");
  };
  const results = await Promise.all(Array.from({ length: 20 }, () => charts.getOrLoadAsync(a.digest, () => disk.getOrFetch(a.digest, pull), load)));
  assert.equal(fetches, 1);
  assert.equal(loads, 1);
  for (const r of results) assert.equal(r, results[0]);
  // a hit in memory reads nothing
  await charts.getOrLoadAsync(a.digest, () => assert.fail("bytes read on a hit"), load);
  // a failure rejects and caches nothing; the next call retries
  const b = blob("chart b");
  await assert.rejects(charts.getOrLoadAsync(b.digest, () => Promise.reject(new Error("down")), load), /down/);
  assert.equal(charts.get(b.digest), undefined);
  await assert.rejects(charts.getOrLoadAsync("sha256:x", () => Promise.resolve(b.bytes), load), isCacheError("invalid-digest"));
  assert.ok(await charts.getOrLoadAsync(b.digest, () => Promise.resolve(b.bytes), load));
});
