/**
 * `.Files` in templates: Helm's engine.files (pkg/engine/files.go), a
 * map[string][]byte of the chart's non-template files with the methods
 * Get, GetBytes, Glob, Lines, AsConfig and AsSecrets. It is a Map, so
 * `range .Files` and `index .Files "name"` work as in Helm; Glob returns
 * another such map.
 */
import { toYaml } from "../format/index.ts";
import { FuncError, GO_METHODS, GO_TYPE, goFunc, typedSlice, type GoFunc } from "../../template/index.ts";
import { GoPanic, goStringOf } from "./bytes.ts";
import { helmGlob } from "./glob.ts";
import type { ChartFile } from "./types.ts";

/** The `.Files` object: file name to contents, with Helm's methods. */
export type Files = Map<string, Uint8Array>;

const EMPTY = new Uint8Array(0);

function files(entries: Iterable<[string, Uint8Array]>): Files {
  const m: Files = new Map(entries);
  Object.defineProperty(m, GO_METHODS, { value: FILES_METHODS });
  Object.defineProperty(m, GO_TYPE, { value: "engine.files" });
  return m;
}

function base(p: string): string {
  const t = p.replace(/\/+$/, "");
  if (t === "") return p === "" ? "." : "/";
  return t.slice(t.lastIndexOf("/") + 1);
}

/** AsConfig/AsSecrets: a map[string]string keyed by base name (a later file wins over an earlier one of the same base name) as toYaml writes it. */
function asYaml(f: Files, value: (data: Uint8Array) => string): string {
  const m = new Map<string, string>();
  for (const [k, v] of f) m.set(base(k), value(v));
  return toYaml(m);
}

const FILES_METHODS: Record<string, GoFunc> = {
  GetBytes: goFunc("string -> []uint8", function (this: Files, name: string) {
    return this.get(name) ?? EMPTY;
  }),
  Get: goFunc("string -> string", function (this: Files, name: string) {
    return goStringOf(this.get(name) ?? EMPTY);
  }),
  Glob: goFunc("string -> engine.files", function (this: Files, pattern: string) {
    const g = helmGlob(pattern);
    try {
      return files([...this].filter(([name]) => g.match(name)));
    } catch (e) {
      // gobwas/glob panics on a few patterns (e.g. "a{,}" against "a").
      if (e instanceof GoPanic) throw new FuncError(e.message);
      throw e;
    }
  }),
  AsConfig: goFunc(" -> string", function (this: Files) {
    return asYaml(this, goStringOf);
  }),
  AsSecrets: goFunc(" -> string", function (this: Files) {
    return asYaml(this, (v) => Buffer.from(v).toString("base64"));
  }),
  Lines: goFunc("string -> []string", function (this: Files, path: string) {
    const data = this.get(path);
    if (data === undefined) return typedSlice<string>([], "string");
    let s = goStringOf(data);
    // Helm indexes the last byte without checking for an empty file (a loaded file is never a nil []byte).
    if (s.length === 0) throw new FuncError("runtime error: index out of range [-1]");
    if (s.endsWith("\n")) s = s.slice(0, -1);
    return typedSlice(s.split("\n"), "string");
  }),
};

/** newFiles: the `.Files` of a chart (later files of the same name win). */
export function newFiles(from: readonly ChartFile[]): Files {
  return files(from.map((f) => [f.name, f.data]));
}
