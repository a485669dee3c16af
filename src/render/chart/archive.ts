/**
 * Reading a chart archive (.tgz) into files: Helm's
 * pkg/chart/loader/archive.LoadArchiveFiles. The gzip stream is inflated
 * in small steps (fflate) and fed to a tar reader with Go's semantics;
 * every limit is checked on each entry's header before its data is
 * inflated, so a gzip bomb stops after a few megabytes.
 *
 * Helm's path rules are kept (the top-level directory stripped; absolute
 * paths, a parent-directory escape and drive letters rejected with Helm's
 * messages). bosun also rejects what Helm would load as empty files —
 * symbolic links, hard links, device and FIFO entries — and any `..`
 * segment or leading `/` in a name, even where Helm would clean it up.
 */
// fflate's browser build: its Gunzip is the same code, without the Node
// build's worker_threads import (only its async API uses workers), which
// would cost every start of `bosun template` a few milliseconds.
import { Gunzip } from "fflate/browser";
import { quote } from "../../template/index.ts";
import { isDirHeader, TarError, TarReader, TYPE_BLOCK, TYPE_CHAR, TYPE_FIFO, TYPE_GNU_SPARSE, TYPE_LINK, TYPE_SYMLINK, TYPE_XGLOBAL, TYPE_XHEADER, type TarHeader } from "./tar.ts";

/** A file read from a chart (archive or directory), before it is sorted into templates, values, files… */
export interface BufferedFile {
  name: string;
  data: Uint8Array;
}

export interface LoadLimits {
  /** Uncompressed bytes of all files of a chart together, subcharts and nested archives included (default 100 MiB, as Helm). */
  maxTotalSize: number;
  /** Number of files in a chart, subcharts included (default 10,000). */
  maxFiles: number;
  /** Bytes of one file (default 20 MiB; Helm's own limit is 5 MiB). */
  maxFileSize: number;
}

export const DEFAULT_LOAD_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxTotalSize: 100 * 1024 * 1024,
  maxFiles: 10_000,
  maxFileSize: 20 * 1024 * 1024,
});

/** What is left of the limits while one chart (with all its subcharts) loads. */
export class Budget {
  readonly limits: LoadLimits;
  remaining: number;
  files = 0;
  constructor(limits: LoadLimits) {
    this.limits = limits;
    this.remaining = limits.maxTotalSize;
  }
  /** Counts one more file; throws when there are too many. */
  countFile(name: string): void {
    this.files++;
    if (this.files > this.limits.maxFiles) throw new ChartLoadError(`chart has more than the maximum number of files ${this.limits.maxFiles}: ${quote(name)}`);
  }
}

/** A chart that cannot be loaded; the message is Helm's where Helm fails the same way. */
export class ChartLoadError extends Error {}

/** An error reading the archive stream; `gzipHeader` for Go's gzip.ErrHeader (Helm words those differently). */
export class ArchiveError extends ChartLoadError {
  readonly gzipHeader: boolean;
  constructor(message: string, gzipHeader = false) {
    super(message);
    this.gzipHeader = gzipHeader;
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** bytes.TrimPrefix(data, utf8bom). */
export function trimBOM(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2] ? data.subarray(3) : data;
}

/** path.Clean. */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else out.push(seg);
  }
  const s = out.join("/");
  if (rooted) return `/${s}`;
  return s === "" ? "." : s;
}

const DRIVE_PATH = /^[a-zA-Z]:\//;

const REJECTED_TYPES = new Map([
  [TYPE_SYMLINK, "a symbolic link"],
  [TYPE_LINK, "a hard link"],
  [TYPE_CHAR, "a character device"],
  [TYPE_BLOCK, "a block device"],
  [TYPE_FIFO, "a FIFO"],
  [TYPE_GNU_SPARSE, "a sparse file"],
]);

/** Helm's checks on one entry, then bosun's; returns the file's name in the chart. */
function entryName(hd: TarHeader): string {
  // Archive could contain \ if generated on Windows.
  const delimiter = hd.name.includes("\\") ? "\\" : "/";
  const parts = hd.name.split(delimiter);
  let n = parts.slice(1).join(delimiter);
  n = n.replaceAll(delimiter, "/");
  if (n.startsWith("/")) throw new ChartLoadError("chart illegally contains absolute paths");
  n = cleanPath(n);
  if (n === ".") throw new ChartLoadError(`chart illegally contains content outside the base directory: ${quote(hd.name)}`);
  if (n.startsWith("..")) throw new ChartLoadError("chart illegally references parent directory");
  if (DRIVE_PATH.test(n)) throw new ChartLoadError("chart contains illegally named files");
  if (parts[0] === "Chart.yaml") throw new ChartLoadError("chart yaml not in base directory");

  // bosun: no absolute names and no `..` anywhere, even where Helm would strip or clean them away.
  if (hd.name.startsWith("/") || hd.name.startsWith("\\") || DRIVE_PATH.test(hd.name.replaceAll("\\", "/"))) {
    throw new ChartLoadError(`chart illegally contains absolute paths: ${quote(hd.name)}`);
  }
  if (hd.name.split(/[/\\]/).includes("..")) throw new ChartLoadError(`chart illegally references parent directory: ${quote(hd.name)}`);
  const kind = REJECTED_TYPES.get(hd.typeflag) ?? (hd.paxRecords.has("GNU.sparse.major") || hd.paxRecords.has("GNU.sparse.map") ? "a sparse file" : undefined);
  if (kind !== undefined) throw new ChartLoadError(`chart file ${quote(hd.name)} is ${kind}, which charts may not contain`);
  return n;
}

/** Bytes of compressed input inflated per step: bounds what a step can produce (deflate expands at most ~1032:1). */
const INPUT_STEP = 4096;

/**
 * LoadArchiveFiles: the files of a gzipped tar, named relative to the
 * chart (top-level directory stripped), BOM-trimmed. Throws ChartLoadError.
 */
export function loadArchiveFiles(gz: Uint8Array, budget: Budget): BufferedFile[] {
  const { limits } = budget;
  if (gz.length === 0) throw new ArchiveError("EOF");
  if (gz.length < 10) throw new ArchiveError("unexpected EOF");
  if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new ArchiveError("gzip: invalid header", true);

  const files: BufferedFile[] = [];
  const names = new Map<TarHeader, string>();
  const tar = new TarReader({
    onEntry(hd) {
      if (isDirHeader(hd) || hd.typeflag === TYPE_XGLOBAL || hd.typeflag === TYPE_XHEADER) return false;
      const n = entryName(hd);
      if (hd.size > budget.remaining) throw new ChartLoadError(`decompressed chart is larger than the maximum size ${limits.maxTotalSize}`);
      if (hd.size > limits.maxFileSize) throw new ChartLoadError(`decompressed chart file ${quote(hd.name)} is larger than the maximum file size ${limits.maxFileSize}`);
      budget.countFile(hd.name);
      names.set(hd, n);
      return true;
    },
    onData(hd, data) {
      budget.remaining -= data.length;
      if (budget.remaining <= 0) throw new ChartLoadError(`decompressed chart is larger than the maximum size ${limits.maxTotalSize}`);
      files.push({ name: names.get(hd) ?? "", data: trimBOM(data) });
    },
  });

  const gunzip = new Gunzip((chunk) => {
    if (!tar.done) tar.push(chunk);
  });
  try {
    for (let i = 0; i < gz.length && !tar.done; i += INPUT_STEP) {
      const end = Math.min(gz.length, i + INPUT_STEP);
      gunzip.push(gz.subarray(i, end), end === gz.length);
    }
  } catch (e) {
    if (e instanceof ChartLoadError) throw e;
    if (e instanceof TarError) throw new ArchiveError(e.message);
    // Garbage after the end of the tar archive is never read by Go either.
    if (!tar.done) {
      const code = (e as { code?: unknown }).code;
      throw new ArchiveError(code === 0 ? "unexpected EOF" : `flate: corrupt input (${(e as Error).message})`);
    }
  }
  try {
    tar.finish();
  } catch (e) {
    if (e instanceof TarError) throw new ArchiveError(e.message);
    throw e;
  }
  if (files.length === 0) throw new ChartLoadError("no files in chart archive");
  return files;
}
