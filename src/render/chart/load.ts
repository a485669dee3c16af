/**
 * Loading a chart as `helm template` does (helm.sh/helm/v4/pkg/chart/loader
 * and pkg/chart/v2/loader): a directory or a .tgz archive, its apiVersion
 * picking Helm's v2 loader (apiVersion v1, v2 or none) or the v3 one;
 * Chart.yaml, values.yaml (all documents merged), values.schema.json,
 * Chart.lock, requirements.yaml/.lock (v1 and v2 charts), templates/,
 * charts/ (subchart directories and .tgz archives, recursively) and every
 * other file, with Helm's error messages.
 *
 * Everything read is bounded by LoadLimits (total size, number of files,
 * size of one file), shared by the chart and all its subcharts.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { fromUtf8 } from "../../template/index.ts";
import { ArchiveError, Budget, ChartLoadError, DEFAULT_LOAD_LIMITS, loadArchiveFiles, type BufferedFile, type LoadLimits } from "./archive.ts";
import { goPathError, loadDirFiles, readInside } from "./dir.ts";
import { GoYamlError, unmarshalStruct } from "./gostruct.ts";
import { CHART_BASE_TYPE, MetadataDecoder, parseLock, validateMetadata, ValidationError } from "./metadata.ts";
import type { Chart, ChartFile, Lock } from "./types.ts";
import { loadValues, ValuesError } from "./values.ts";

export { ChartLoadError, DEFAULT_LOAD_LIMITS, type LoadLimits } from "./archive.ts";

/** Which of Helm's loaders reads the chart: pkg/chart/v2/loader, or internal/chart/v3/loader for apiVersion v3. */
type Flavor = "v2" | "v3";

function limitsOf(limits: Partial<LoadLimits> | undefined): LoadLimits {
  return { ...DEFAULT_LOAD_LIMITS, ...limits };
}

function text(data: Uint8Array): string {
  return fromUtf8(data);
}

function wrap(prefix: string, e: unknown): never {
  if (e instanceof GoYamlError || e instanceof ValuesError) throw new ChartLoadError(`${prefix}: ${e.message}`);
  throw e;
}

/** LoadFiles: a chart from its files (names relative to the chart). */
function loadFiles(files: readonly BufferedFile[], flavor: Flavor, budget: Budget): Chart {
  let md: MetadataDecoder | null = null;
  for (const f of files) {
    if (f.name !== "Chart.yaml") continue;
    md ??= new MetadataDecoder();
    try {
      md.decode(text(f.data));
    } catch (e) {
      wrap("cannot load Chart.yaml", e);
    }
    if (md.apiVersion === "") md.apiVersion = flavor === "v3" ? "v3" : "v1";
  }

  let lock: Lock | null = null;
  let values: Map<string, unknown> | null = null;
  let schema: Uint8Array | null = null;
  const templates: ChartFile[] = [];
  const other: ChartFile[] = [];
  const subcharts = new Map<string, BufferedFile[]>();
  for (const f of files) {
    const file: ChartFile = { name: f.name, data: f.data };
    if (f.name === "Chart.yaml") continue;
    if (f.name === "Chart.lock") {
      try {
        lock = parseLock(text(f.data));
      } catch (e) {
        wrap("cannot load Chart.lock", e);
      }
    } else if (f.name === "values.yaml") {
      try {
        values = loadValues(text(f.data));
      } catch (e) {
        wrap("cannot load values.yaml", e);
      }
    } else if (f.name === "values.schema.json") {
      schema = f.data;
    } else if (flavor === "v2" && f.name === "requirements.yaml") {
      md ??= new MetadataDecoder();
      try {
        md.decode(text(f.data));
      } catch (e) {
        wrap("cannot load requirements.yaml", e);
      }
      if (md.apiVersion === "v1") other.push(file);
    } else if (flavor === "v2" && f.name === "requirements.lock") {
      try {
        lock = parseLock(text(f.data));
      } catch (e) {
        wrap("cannot load requirements.lock", e);
      }
      md ??= new MetadataDecoder();
      if (md.apiVersion === "v1") other.push(file);
    } else if (f.name.startsWith("templates/")) {
      templates.push(file);
    } else if (f.name.startsWith("charts/")) {
      if (extname(f.name) === ".prov") {
        other.push(file);
        continue;
      }
      const fname = f.name.slice("charts/".length);
      const cname = fname.split("/", 1)[0] ?? "";
      let list = subcharts.get(cname);
      if (list === undefined) subcharts.set(cname, (list = []));
      list.push({ name: fname, data: f.data });
    } else {
      other.push(file);
    }
  }

  if (md === null) throw new ChartLoadError("Chart.yaml file is missing");
  const metadata = md.metadata();
  try {
    validateMetadata(metadata);
  } catch (e) {
    if (e instanceof ValidationError) throw new ChartLoadError(e.message);
    throw e;
  }

  const chart: Chart = { metadata, lock, templates, values: values ?? new Map<string, unknown>(), schema, files: other, dependencies: [], parent: null };
  for (const [n, list] of subcharts) {
    if (n.startsWith("_") || n.startsWith(".")) continue;
    let sc: Chart;
    if (extname(n) === ".tgz") {
      const file = list[0] as BufferedFile;
      if (file.name !== n) throw new ChartLoadError(`error unpacking subchart tar in ${metadata.name}: expected ${n}, got ${file.name}`);
      try {
        sc = loadFiles(loadArchiveFiles(file.data, budget), flavor, budget);
      } catch (e) {
        throw subchartError(n, metadata.name, e);
      }
    } else {
      const buff: BufferedFile[] = [];
      for (const f of list) {
        const slash = f.name.indexOf("/");
        if (slash < 0) continue;
        buff.push({ name: f.name.slice(slash + 1), data: f.data });
      }
      try {
        sc = loadFiles(buff, flavor, budget);
      } catch (e) {
        throw subchartError(n, metadata.name, e);
      }
    }
    sc.parent = chart;
    chart.dependencies.push(sc);
  }
  return chart;
}

function subchartError(n: string, parent: string, e: unknown): unknown {
  if (e instanceof ChartLoadError) return new ChartLoadError(`error unpacking subchart ${n} in ${parent}: ${e.message}`);
  return e;
}

/** The apiVersion Helm's loader dispatches on (chartBase), from Chart.yaml's text. */
function detectFlavor(chartYaml: string): Flavor {
  let base: Record<string, unknown>;
  try {
    base = unmarshalStruct(chartYaml, CHART_BASE_TYPE);
  } catch (e) {
    wrap("cannot load Chart.yaml", e);
  }
  switch (base["apiVersion"]) {
    case "v1":
    case "v2":
    case "":
      return "v2";
    case "v3":
      return "v3";
    default:
      throw new ChartLoadError("unsupported chart version");
  }
}

/**
 * Loads a chart directory (pkg/chart/loader.LoadDir): .helmignore applied,
 * symbolic links followed inside the directory only. Throws ChartLoadError.
 */
export function loadDirectory(dir: string, limits?: Partial<LoadLimits>): Chart {
  const topdir = resolve(dir);
  const name = join(topdir, "Chart.yaml");
  let data: Uint8Array;
  try {
    data = readInside(realpathSync(topdir), name, "Chart.yaml");
  } catch (e) {
    if (e instanceof ChartLoadError) throw e;
    throw new ChartLoadError(`unable to detect chart at ${name}: ${goPathError("open", name, e)}`);
  }
  const flavor = detectFlavor(text(data));
  const budget = new Budget(limitsOf(limits));
  return loadFiles(loadDirFiles(topdir, budget), flavor, budget);
}

/** Files of an archive, and the flavor its first Chart.yaml asks for. */
function archiveFlavor(files: readonly BufferedFile[]): Flavor {
  const chartYaml = files.find((f) => f.name === "Chart.yaml");
  if (chartYaml === undefined) throw new ChartLoadError("unable to detect chart version, no Chart.yaml found");
  return detectFlavor(text(chartYaml.data));
}

/**
 * Loads a chart from the bytes of a .tgz (pkg/chart/loader.LoadArchive, as
 * SDK users such as Flux call it): errors reading the archive read "unable
 * to load chart archive: …". Throws ChartLoadError.
 */
export function loadArchive(bytes: Uint8Array, limits?: Partial<LoadLimits>): Chart {
  const budget = new Budget(limitsOf(limits));
  let files: BufferedFile[];
  try {
    files = loadArchiveFiles(bytes, budget);
  } catch (e) {
    if (e instanceof ArchiveError && e.gzipHeader) throw new ChartLoadError(`stream does not appear to be a valid chart file (details: ${e.message})`);
    if (e instanceof ChartLoadError) throw new ChartLoadError(`unable to load chart archive: ${e.message}`);
    throw e;
  }
  return loadFiles(files, archiveFlavor(files), budget);
}

/** http.DetectContentType, for the few kinds a mistaken chart path is likely to be. */
function detectContentType(head: Uint8Array): string {
  const s = Buffer.from(head).toString("latin1");
  if (s.startsWith("\x1f\x8b\x08")) return "application/x-gzip";
  if (s.startsWith("PK\x03\x04")) return "application/zip";
  if (s.startsWith("%PDF-")) return "application/pdf";
  if (s.startsWith("\x89PNG\r\n\x1a\n")) return "image/png";
  if (s.startsWith("\xef\xbb\xbf")) return "text/plain; charset=utf-8";
  const t = s.replace(/^[\t\n\f\r ]+/, "");
  if (/^<\?xml/.test(t)) return "text/xml; charset=utf-8";
  if (/^<(!DOCTYPE HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P|!--)[ >]/i.test(t)) return "text/html; charset=utf-8";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]/.test(s)) return "application/octet-stream";
  return "text/plain; charset=utf-8";
}

/**
 * Loads a chart from a directory or a .tgz file, as `helm template NAME
 * PATH` does. Throws ChartLoadError with Helm's messages; errors reading an
 * archive carry their detail ("unable to load chart archive: …", where the
 * helm command prints only "unable to load chart archive").
 */
export function loadChart(path: string, limits?: Partial<LoadLimits>): Chart {
  const abs = resolve(path);
  let isDir: boolean;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (e) {
    throw new ChartLoadError(goPathError("stat", path, e));
  }
  if (isDir) return loadDirectory(abs, limits);
  const bytes = readFileSync(abs);
  // EnsureArchive sniffs a 512-byte buffer: zeros after a shorter file.
  const head = new Uint8Array(512);
  head.set(bytes.subarray(0, 512));
  if (!(head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08)) {
    if (abs.endsWith(".yml") || abs.endsWith(".yaml")) throw new ChartLoadError(`file '${abs}' seems to be a YAML file, but expected a gzipped archive`);
    throw new ChartLoadError(`file '${abs}' does not appear to be a gzipped archive; got '${detectContentType(head)}'`);
  }
  try {
    return loadArchive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), limits);
  } catch (e) {
    if (e instanceof ChartLoadError && e.message.startsWith("stream does not appear")) {
      throw new ChartLoadError(e.message.replace("stream does not appear", `file '${abs}' does not appear`));
    }
    throw e;
  }
}
