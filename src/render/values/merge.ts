/**
 * User values as Helm's values.Options.MergeValues combines them
 * (pkg/cli/values/options.go): -f files in order (deep-merged), then every
 * --set-json, --set, --set-string, --set-file and --set-literal, each kind
 * in the order given, parsed into the same map.
 */
import { loadValues, mergeMaps } from "../chart/index.ts";
import { readFileSync } from "node:fs";
import { fromUtf8, isMap, quote } from "../../template/index.ts";
import { unmarshalJson } from "../format/index.ts";
import { ValuesError } from "./errors.ts";
import { parseSet, parseSetFile, parseSetJSON, parseSetLiteral, parseSetString, StrvalsError } from "./strvals.ts";


/** values.Options: the value flags of helm install/template/upgrade. */
export interface ValuesOptions {
  /** -f/--values: paths (or "-" for standard input), merged in order. */
  valueFiles?: readonly string[];
  /** --set-string */
  stringValues?: readonly string[];
  /** --set */
  values?: readonly string[];
  /** --set-file */
  fileValues?: readonly string[];
  /** --set-json */
  jsonValues?: readonly string[];
  /** --set-literal */
  literalValues?: readonly string[];
}

/** Reads a file for -f and --set-file; throws an Error whose message is Go's (see goReadFile). */
export type ReadFile = (path: string) => Uint8Array;

/** Go's *PathError text for a Node file system error. */
function goFsError(op: string, path: string, e: unknown): Error {
  const code = (e as { code?: string }).code;
  const why: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOTDIR: "not a directory",
    EISDIR: "is a directory",
    ELOOP: "too many levels of symbolic links",
    ENAMETOOLONG: "file name too long",
  };
  const text = code !== undefined ? why[code] : undefined;
  if (text === undefined) return e instanceof Error ? e : new Error(String(e));
  // os.ReadFile opens a directory fine and fails reading it.
  return new Error(`${code === "EISDIR" ? "read" : op} ${path}: ${text}`);
}

/** os.ReadFile with Go's error messages ("open x: no such file or directory"); "-" reads standard input. */
export function goReadFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path.trim() === "-" ? 0 : path));
  } catch (e) {
    throw goFsError("open", path, e);
  }
}

/** The first invalid %-escape in s (Go's unescape), as url.EscapeError quotes it. */
function badEscape(s: string): string | undefined {
  const m = /%(?![0-9A-Fa-f]{2})/.exec(s);
  return m === null ? undefined : s.slice(m.index, m.index + 3);
}

/**
 * The error url.Parse gives for a path, for the checks a local file name
 * can trip: control characters, an empty scheme, a colon in the first
 * segment, bad %-escapes in the path or fragment. Host parsing ("//host")
 * is not checked.
 */
function urlParseError(raw: string): string | undefined {
  const fail = (why: string): string => `parse ${quote(raw)}: ${why}`;
  const hash = raw.indexOf("#");
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const frag = hash < 0 ? "" : raw.slice(hash + 1);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(u)) return fail("net/url: invalid control character in URL");
  if (u.startsWith(":")) return fail("missing protocol scheme");
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(u)?.[0] ?? "";
  let rest = u.slice(scheme.length);
  rest = rest.endsWith("?") && rest.split("?").length === 2 ? rest.slice(0, -1) : (rest.split("?")[0] ?? "");
  if (scheme === "" || rest.startsWith("/")) {
    if (scheme === "" && !rest.startsWith("/")) {
      const seg = rest.split("/")[0] ?? "";
      if (seg.includes(":")) return fail("first path segment in URL cannot contain colon");
    }
    const bad = rest.startsWith("//") ? undefined : badEscape(rest);
    if (bad !== undefined) return fail(`invalid URL escape ${quote(bad)}`);
  }
  const badFrag = badEscape(frag);
  if (badFrag !== undefined) return fail(`invalid URL escape ${quote(badFrag)}`);
  return undefined;
}

/** The URL scheme url.Parse finds in a path (lower-cased), or "". */
function urlScheme(s: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s);
  return m?.[1]?.toLowerCase() ?? "";
}

/** Helm's readFile for -f and --set-file: local files only (remote http/https/oci values are refused). */
function readValuesFile(path: string, readFile: ReadFile): Uint8Array {
  if (path.trim() !== "-") {
    const bad = urlParseError(path);
    if (bad !== undefined) throw new Error(bad);
    const scheme = urlScheme(path);
    if (scheme === "http" || scheme === "https" || scheme === "oci") {
      throw new Error(`reading values from ${scheme} URLs is not supported: ${path}`);
    }
  }
  return readFile(path);
}

// Values files are read exactly as the chart loader reads values.yaml.
export { loadValues, mergeMaps, splitYamlDocuments } from "../chart/index.ts";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * values.Options.MergeValues: the user-supplied values. `readFile` reads
 * -f and --set-file paths (default: the local file system, "-" is standard
 * input). Throws ValuesError with Helm's message.
 */
export function mergeValues(opts: ValuesOptions, readFile: ReadFile = goReadFile): Map<string, unknown> {
  let base = new Map<string, unknown>();

  for (const filePath of opts.valueFiles ?? []) {
    let raw: Uint8Array;
    try {
      raw = readValuesFile(filePath, readFile);
    } catch (e) {
      throw new ValuesError(message(e));
    }
    let current: Map<string, unknown>;
    try {
      current = loadValues(fromUtf8(raw));
    } catch (e) {
      throw new ValuesError(`failed to parse ${filePath}: ${message(e)}`);
    }
    base = mergeMaps(base, current);
  }

  for (const value of opts.jsonValues ?? []) {
    const trimmed = value.trim();
    if (trimmed.startsWith("{")) {
      const d = unmarshalJson(trimmed);
      if (d.error !== undefined || !isMap(d.value)) throw new ValuesError(`failed parsing --set-json data JSON: ${value}`);
      base = mergeMaps(base, d.value as Map<string, unknown>);
    } else {
      try {
        parseSetJSON(value, base);
      } catch (e) {
        if (!(e instanceof StrvalsError)) throw e;
        throw new ValuesError(`failed parsing --set-json data ${value}`);
      }
    }
  }

  const each = (list: readonly string[] | undefined, flag: string, parse: (s: string) => void): void => {
    for (const value of list ?? []) {
      try {
        parse(value);
      } catch (e) {
        if (!(e instanceof StrvalsError)) throw e;
        throw new ValuesError(`failed parsing ${flag} data: ${e.message}`);
      }
    }
  };
  each(opts.values, "--set", (s) => parseSet(s, base));
  each(opts.stringValues, "--set-string", (s) => parseSetString(s, base));
  each(opts.fileValues, "--set-file", (s) =>
    parseSetFile(
      s,
      (path) => {
        try {
          return fromUtf8(readValuesFile(path, readFile));
        } catch (e) {
          throw new StrvalsError(message(e));
        }
      },
      base,
    ),
  );
  each(opts.literalValues, "--set-literal", (s) => parseSetLiteral(s, base));
  return base;
}
