/**
 * Shared helpers of the values tests: the oracle's typed encoding of Go
 * values, and a builder of Chart trees from plain objects.
 */
import { readFileSync } from "node:fs";
import type { Chart, Dependency, Metadata } from "../../../../src/render/chart/types.ts";
import { formatFloat, GoInt, goTypeName } from "../../../../src/template/index.ts";

/**
 * The oracle's encoding of a Go value: strings, bools and nil as
 * themselves, float64 {"f": "1.5"}, int64 {"i64": "5"}, int {"int": "5"},
 * map[string]interface{} {"m": {…}}, map[string]string {"ms": {…}}, lists as arrays.
 */
export type Tagged = null | string | boolean | Tagged[] | { f: string } | { i64: string } | { int: string } | { m: Record<string, Tagged> } | { ms: Record<string, string> } | { other: string };

export function dump(v: unknown): Tagged {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return { f: formatFloat(v, "g", -1) };
  if (v instanceof GoInt) return v.kind === "int64" ? { i64: v.value.toString() } : { int: v.value.toString() };
  if (Array.isArray(v)) return v.map(dump);
  if (v instanceof Map) {
    const m: Record<string, Tagged> = {};
    for (const [k, x] of v as Map<string, unknown>) m[k] = dump(x);
    return { m };
  }
  return { other: goTypeName(v) };
}

export function undump(t: Tagged): unknown {
  if (t === null || typeof t === "string" || typeof t === "boolean") return t;
  if (Array.isArray(t)) return t.map(undump);
  if ("f" in t) return Number(t.f);
  if ("i64" in t) return new GoInt(BigInt(t.i64), "int64");
  if ("int" in t) return new GoInt(BigInt(t.int), "int");
  if ("m" in t) return new Map(Object.entries(t.m).map(([k, x]) => [k, undump(x)]));
  if ("ms" in t) return new Map(Object.entries(t.ms));
  throw new Error(`cannot undump ${JSON.stringify(t)}`);
}

export function loadCases<T>(name: string): T[] {
  return JSON.parse(readFileSync(new URL(`cases/${name}.json`, import.meta.url), "utf8")) as T[];
}

/** A plain description of a chart for tests. */
export interface ChartSpec {
  name: string;
  version?: string;
  kubeVersion?: string;
  values?: Tagged;
  schema?: unknown;
  dependencies?: Partial<Omit<Dependency, "importValues">> & { importValues?: unknown[] } extends infer D ? D[] : never;
  charts?: ChartSpec[];
}

export function dependency(d: Partial<Dependency>): Dependency {
  return {
    name: d.name ?? "",
    version: d.version ?? "",
    repository: d.repository ?? "",
    condition: d.condition ?? "",
    tags: d.tags ?? [],
    enabled: d.enabled ?? false,
    importValues: d.importValues ?? [],
    alias: d.alias ?? "",
  };
}

export function metadata(name: string, version = "0.1.0", extra: Partial<Metadata> = {}): Metadata {
  return {
    name,
    home: "",
    sources: [],
    version,
    description: "",
    keywords: [],
    maintainers: [],
    icon: "",
    apiVersion: "v2",
    condition: "",
    tags: "",
    appVersion: "",
    deprecated: false,
    annotations: {},
    kubeVersion: "",
    dependencies: [],
    type: "",
    ...extra,
  };
}

/** Builds a Chart tree (sub-charts get their parent set). */
export function buildChart(spec: ChartSpec, parent: Chart | null = null): Chart {
  const values = spec.values === undefined ? new Map<string, unknown>() : (undump(spec.values) as Map<string, unknown>);
  const chart: Chart = {
    metadata: metadata(spec.name, spec.version ?? "0.1.0", {
      kubeVersion: spec.kubeVersion ?? "",
      dependencies: (spec.dependencies ?? []).map((d) => dependency(d as Partial<Dependency>)),
    }),
    lock: null,
    templates: [],
    values,
    schema: spec.schema === undefined ? null : new TextEncoder().encode(typeof spec.schema === "string" ? spec.schema : JSON.stringify(spec.schema)),
    files: [],
    dependencies: [],
    parent,
  };
  chart.dependencies = (spec.charts ?? []).map((c) => buildChart(c, chart));
  return chart;
}
