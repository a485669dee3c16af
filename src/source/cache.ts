/**
 * Chart caches.
 *
 * ChartCache: a content-addressed disk cache of verified chart archives
 * (`.tgz` bytes), laid out like an OCI image layout's blob store:
 * `<dir>/blobs/sha256/<64 hex>`.
 *
 * - Writes are atomic: bytes go to a temp file in the same directory, are
 *   fsynced, then renamed onto the digest name (and the directory fsynced),
 *   so a crash never leaves a partial blob under a digest name. Leftover
 *   temp files are deleted when a ChartCache is constructed.
 * - Reads re-verify the sha256; a file that does not match its name is
 *   deleted and reported as a miss.
 * - The total size is bounded: after each write, least-recently-used blobs
 *   are deleted until the total is within `maxBytes` (the blob just written
 *   is never evicted, so a single blob larger than the bound stays alone).
 * - Recency is the file's mtime, set on every write and read hit, so it
 *   survives a restart. It needs a filesystem with sub-second mtimes (ext4,
 *   xfs, btrfs, tmpfs, overlayfs); on coarser ones ties are broken by name.
 * - The directory is owned by one process: temp files found at startup are
 *   taken to be leftovers of a crash, and the size index is kept in memory.
 *
 * LoadedChartCache: an in-memory LRU of loaded charts keyed by digest. The
 * Chart objects are shared between callers and must not be mutated
 * (processDependencies works on a clone, as Helm does).
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { join } from "node:path";
import { loadArchive, type Chart } from "../render/chart/index.ts";

export const DEFAULT_CACHE_MAX_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_LOADED_CHARTS = 32;

const DIGEST_RE = /^sha256:([0-9a-f]{64})$/;
const HEX_RE = /^[0-9a-f]{64}$/;
const TEMP_PREFIX = ".tmp-";

export type ChartCacheErrorKind = "invalid-digest" | "digest-mismatch";

/** Bad input to the cache: a malformed digest, or bytes that do not hash to their digest. */
export class ChartCacheError extends Error {
  override name = "ChartCacheError";
  readonly kind: ChartCacheErrorKind;
  constructor(kind: ChartCacheErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The hex part of a `sha256:<64 lowercase hex>` digest; throws ChartCacheError otherwise. */
export function digestHex(digest: string): string {
  const m = DIGEST_RE.exec(digest);
  if (m?.[1] === undefined) {
    const shown = digest.length > 80 ? `${JSON.stringify(digest.slice(0, 80))}…` : JSON.stringify(digest);
    throw new ChartCacheError("invalid-digest", `invalid digest ${shown}: want "sha256:" followed by 64 lowercase hex digits`);
  }
  return m[1];
}

/** `sha256:<hex>` of the bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export interface ChartCacheOptions {
  /** Cache root; blobs live in `<dir>/blobs/sha256/`. Created if missing. */
  dir: string;
  /** Size bound in bytes (default 1 GiB). */
  maxBytes?: number;
  /** Clock in epoch milliseconds, for recency (default Date.now). */
  now?: () => number;
}

interface Entry {
  size: number;
  /** Last write or read hit, epoch ms (the file's mtime). */
  used: number;
}

function isErrno(e: unknown, code: string): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === code;
}

/** A promise rejected with e (what a synchronous throw becomes in a promise-returning method). */
// eslint-disable-next-line @typescript-eslint/require-await
async function rejection(e: unknown): Promise<never> {
  throw e;
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if (!isErrno(e, "ENOENT")) throw e;
  }
}

function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return; // not supported everywhere (Windows); the rename itself is still atomic
  }
  try {
    fsyncSync(fd);
  } catch {
    // some filesystems refuse fsync on a directory
  } finally {
    closeSync(fd);
  }
}

export class ChartCache {
  readonly dir: string;
  readonly maxBytes: number;
  readonly #blobs: string;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #inflight = new Map<string, Promise<Uint8Array>>();
  #total = 0;

  constructor(opts: ChartCacheOptions) {
    const maxBytes = opts.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError(`chart cache maxBytes must be a non-negative number, got ${String(maxBytes)}`);
    this.dir = opts.dir;
    this.maxBytes = maxBytes;
    this.#now = opts.now ?? Date.now;
    this.#blobs = join(opts.dir, "blobs", "sha256");
    mkdirSync(this.#blobs, { recursive: true });
    this.#scan();
    this.#evict(undefined);
  }

  /** Number of blobs in the cache. */
  get entries(): number {
    return this.#entries.size;
  }

  /** Total size of the blobs in the cache, in bytes. */
  get totalBytes(): number {
    return this.#total;
  }

  /** Whether a blob for the digest is present (not verified; get() verifies). */
  has(digest: string): boolean {
    return this.#entries.has(digestHex(digest));
  }

  /**
   * The blob's bytes, re-verified against the digest, or undefined on a miss.
   * A hit makes the blob the most recently used. A blob whose content does
   * not match its digest is deleted and reported as a miss.
   */
  get(digest: string): Uint8Array | undefined {
    const hex = digestHex(digest);
    const path = join(this.#blobs, hex);
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (e) {
      if (isErrno(e, "ENOENT")) {
        this.#forget(hex);
        return undefined;
      }
      throw e;
    }
    if (createHash("sha256").update(buf).digest("hex") !== hex) {
      unlinkQuiet(path);
      this.#forget(hex);
      return undefined;
    }
    this.#touch(hex, path, buf.byteLength);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /**
   * Stores the bytes under the digest, atomically, after checking that they
   * hash to it (ChartCacheError "digest-mismatch" otherwise; nothing is
   * written). Then evicts least-recently-used blobs, other than this one,
   * until the total size is within maxBytes.
   */
  put(digest: string, bytes: Uint8Array): void {
    const hex = digestHex(digest);
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw new ChartCacheError("digest-mismatch", `content does not match digest: expected ${digest}, got ${actual}`);
    const path = join(this.#blobs, hex);
    const tmp = join(this.#blobs, `${TEMP_PREFIX}${hex}-${String(process.pid)}-${randomBytes(6).toString("hex")}`);
    try {
      const fd = openSync(tmp, "wx", 0o644);
      try {
        let off = 0;
        while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    } catch (e) {
      unlinkQuiet(tmp);
      throw e;
    }
    fsyncDir(this.#blobs);
    this.#touch(hex, path, bytes.byteLength);
    this.#evict(hex);
  }

  /**
   * The blob for the digest: from disk when present and valid (no fetch),
   * otherwise fetched, verified, stored and returned. Concurrent calls for
   * one digest share one fetch; a failed fetch (or fetched bytes that do not
   * match the digest) rejects every waiter and caches nothing, and the next
   * call fetches again. Waiters of one fetch receive the same array.
   */
  getOrFetch(digest: string, fetch: () => Promise<Uint8Array>): Promise<Uint8Array> {
    let hex: string;
    try {
      hex = digestHex(digest);
    } catch (e) {
      return rejection(e);
    }
    const pending = this.#inflight.get(hex);
    if (pending !== undefined) return pending;
    let hit: Uint8Array | undefined;
    try {
      hit = this.get(digest);
    } catch (e) {
      return rejection(e);
    }
    if (hit !== undefined) return Promise.resolve(hit);
    // fetch runs in a later microtask, after p is registered, so even a fetch
    // that throws synchronously settles (and unregisters) p normally.
    const p: Promise<Uint8Array> = Promise.resolve()
      .then(fetch)
      .then((bytes) => {
        this.put(digest, bytes);
        return bytes;
      })
      .finally(() => {
        if (this.#inflight.get(hex) === p) this.#inflight.delete(hex);
      });
    this.#inflight.set(hex, p);
    return p;
  }

  #scan(): void {
    for (const d of readdirSync(this.#blobs, { withFileTypes: true })) {
      const path = join(this.#blobs, d.name);
      if (d.name.startsWith(TEMP_PREFIX)) {
        unlinkQuiet(path);
        continue;
      }
      if (!d.isFile() || !HEX_RE.test(d.name)) continue; // not ours: left alone
      let st;
      try {
        st = statSync(path);
      } catch (e) {
        if (isErrno(e, "ENOENT")) continue;
        throw e;
      }
      this.#entries.set(d.name, { size: st.size, used: st.mtimeMs });
      this.#total += st.size;
    }
  }

  #forget(hex: string): void {
    const e = this.#entries.get(hex);
    if (e === undefined) return;
    this.#entries.delete(hex);
    this.#total -= e.size;
  }

  #touch(hex: string, path: string, size: number): void {
    const now = this.#now();
    const t = now / 1000;
    try {
      utimesSync(path, t, t);
    } catch (e) {
      if (!isErrno(e, "ENOENT")) throw e;
    }
    const old = this.#entries.get(hex);
    if (old !== undefined) this.#total -= old.size;
    this.#entries.set(hex, { size, used: now });
    this.#total += size;
  }

  #evict(keep: string | undefined): void {
    if (this.#total <= this.maxBytes) return;
    const order = [...this.#entries]
      .filter(([hex]) => hex !== keep)
      .sort(([ha, a], [hb, b]) => a.used - b.used || (ha < hb ? -1 : ha > hb ? 1 : 0));
    for (const [hex] of order) {
      if (this.#total <= this.maxBytes) break;
      unlinkQuiet(join(this.#blobs, hex));
      this.#forget(hex);
    }
  }
}

export interface LoadedChartCacheOptions {
  /** Most charts kept in memory (default 32). */
  maxEntries?: number;
}

/**
 * Loaded charts keyed by digest, least-recently-used evicted beyond
 * maxEntries. The returned Chart is shared: callers must not mutate it.
 */
export class LoadedChartCache {
  readonly maxEntries: number;
  // A Map iterates in insertion order: re-inserting on use keeps the least
  // recently used first.
  readonly #charts = new Map<string, Chart>();
  readonly #inflight = new Map<string, Promise<Chart>>();

  constructor(opts: LoadedChartCacheOptions = {}) {
    const max = opts.maxEntries ?? DEFAULT_LOADED_CHARTS;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`loaded chart cache maxEntries must be a positive integer, got ${String(max)}`);
    this.maxEntries = max;
  }

  get size(): number {
    return this.#charts.size;
  }

  /** The chart for the digest if loaded, making it the most recently used. */
  get(digest: string): Chart | undefined {
    const hex = digestHex(digest);
    const c = this.#charts.get(hex);
    if (c !== undefined) {
      this.#charts.delete(hex);
      this.#charts.set(hex, c);
    }
    return c;
  }

  /**
   * The loaded chart for the digest; on a miss, `load(bytes)` (default
   * loadArchive) is called and its result kept. A load that throws caches
   * nothing. `bytes` may be a function so a hit reads nothing.
   */
  getOrLoad(digest: string, bytes: Uint8Array | (() => Uint8Array), load: (bytes: Uint8Array) => Chart = (b) => loadArchive(b)): Chart {
    const hit = this.get(digest);
    if (hit !== undefined) return hit;
    const chart = load(typeof bytes === "function" ? bytes() : bytes);
    this.#charts.set(digestHex(digest), chart);
    while (this.#charts.size > this.maxEntries) {
      const oldest = this.#charts.keys().next();
      if (oldest.done === true) break;
      this.#charts.delete(oldest.value);
    }
    return chart;
  }

  /**
   * getOrLoad with asynchronously obtained bytes, e.g.
   * `charts.getOrLoadAsync(d, () => cache.getOrFetch(d, pull))`. Concurrent
   * calls for one digest share one fetch and one load; a failure rejects
   * them all and caches nothing.
   */
  getOrLoadAsync(digest: string, bytes: () => Promise<Uint8Array>, load: (bytes: Uint8Array) => Chart = (b) => loadArchive(b)): Promise<Chart> {
    let hex: string;
    let hit: Chart | undefined;
    try {
      hex = digestHex(digest);
      hit = this.get(digest);
    } catch (e) {
      return rejection(e);
    }
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.#inflight.get(hex);
    if (pending !== undefined) return pending;
    const p: Promise<Chart> = Promise.resolve()
      .then(bytes)
      .then((b) => this.getOrLoad(digest, b, load))
      .finally(() => {
        if (this.#inflight.get(hex) === p) this.#inflight.delete(hex);
      });
    this.#inflight.set(hex, p);
    return p;
  }

  delete(digest: string): boolean {
    return this.#charts.delete(digestHex(digest));
  }

  clear(): void {
    this.#charts.clear();
  }
}
