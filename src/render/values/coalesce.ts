/**
 * Helm's coalescing of values (pkg/chart/common/util/coalesce.go): user
 * values over a chart's defaults, recursively for its sub-charts.
 *
 * - Higher-level values win over a dependency's defaults; scalars and
 *   lists replace, maps merge.
 * - A sub-chart's values live under its name (its alias once dependencies
 *   are processed); the parent's `global` is merged into each sub-chart's
 *   `global` (the parent's entries win).
 * - null deletes the default key when coalescing (CoalesceValues); merging
 *   (MergeValues) keeps nulls.
 * - Type clashes keep the higher-priority value and log a warning.
 *
 * This is a port of Helm's code including which maps are copied and which
 * are shared (globals copy only the top level of a table), so that aliasing
 * effects match. Inputs are not modified: the user values are deep-copied
 * first and chart defaults are deep-copied before use.
 */
import type { Chart } from "../chart/types.ts";
import { sprint, sprintf } from "../../template/index.ts";
import { ValuesError } from "./errors.ts";

export const GLOBAL_KEY = "global";

/** Where Helm's log.Printf warnings go (default: dropped). */
export type Warn = (message: string) => void;

export interface CoalesceOptions {
  warn?: Warn;
}

type Values = Map<string, unknown>;

function istable(v: unknown): v is Values {
  return v instanceof Map;
}

function concatPrefix(a: string, b: string): string {
  return a === "" ? b : `${a}.${b}`;
}

/** copystructure.Copy: a deep copy of maps and lists (a nil map becomes an empty map). */
export function copyValues<T>(v: T): T {
  if (v instanceof Map) {
    const out = new Map<string, unknown>();
    for (const [k, x] of v as Values) out.set(k, copyValues(x));
    return out as T;
  }
  if (Array.isArray(v)) return v.map(copyValues) as T;
  return v;
}

const noWarn: Warn = () => undefined;

/**
 * CoalesceValues: the values a chart renders with — `vals` over the
 * chart's defaults and its sub-charts', nulls removing keys. Throws
 * ValuesError ("type mismatch on <sub>: …") when a sub-chart's values are
 * not a map.
 */
export function coalesceValues(chart: Chart, vals: Values | null, opts: CoalesceOptions = {}): Values {
  return coalesce(opts.warn ?? noWarn, chart, copyValues(vals ?? new Map<string, unknown>()), "", false);
}

/** MergeValues: like coalesceValues, but null values are kept. */
export function mergeValues(chart: Chart, vals: Values | null, opts: CoalesceOptions = {}): Values {
  return coalesce(opts.warn ?? noWarn, chart, copyValues(vals ?? new Map<string, unknown>()), "", true);
}

function coalesce(warn: Warn, ch: Chart, dest: Values, prefix: string, merge: boolean): Values {
  coalesceChartValues(warn, ch, dest, prefix, merge);
  return coalesceDeps(warn, ch, dest, prefix, merge);
}

function coalesceDeps(warn: Warn, ch: Chart, dest: Values, prefix: string, merge: boolean): Values {
  for (const sub of ch.dependencies) {
    const name = sub.metadata.name;
    if (!dest.has(name)) {
      dest.set(name, new Map<string, unknown>());
    } else if (!istable(dest.get(name))) {
      throw new ValuesError(`type mismatch on ${name}: ${sprintf("%t", [dest.get(name)])}`);
    }
    const dvmap = dest.get(name) as Values;
    const subPrefix = concatPrefix(prefix, ch.metadata.name);
    coalesceGlobals(warn, dvmap, dest, subPrefix);
    dest.set(name, coalesce(warn, sub, dvmap, subPrefix, merge));
  }
  return dest;
}

/** Copies the globals out of src and merges them into dest (src's entries win). */
function coalesceGlobals(warn: Warn, dest: Values, src: Values, prefix: string): void {
  let dg: Values;
  let sg: Values;
  if (!dest.has(GLOBAL_KEY)) {
    dg = new Map();
  } else {
    const g = dest.get(GLOBAL_KEY);
    if (!istable(g)) {
      warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
      return;
    }
    dg = g;
  }
  if (!src.has(GLOBAL_KEY)) {
    sg = new Map();
  } else {
    const g = src.get(GLOBAL_KEY);
    if (!istable(g)) {
      warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
      return;
    }
    sg = g;
  }
  for (const [key, val] of sg) {
    if (istable(val)) {
      const vv = new Map(val);
      if (!dg.has(key)) {
        dg.set(key, vv);
      } else {
        const destv = dg.get(key);
        if (!istable(destv)) {
          warn(`Conflict: cannot merge map onto non-map for ${sprintf("%q", [key])}. Skipping.`);
        } else {
          coalesceTablesFullKey(warn, vv, destv, concatPrefix(prefix, key), true);
          dg.set(key, vv);
        }
      }
    } else if (dg.has(key) && istable(dg.get(key))) {
      warn(`key ${key} is table. Skipping`);
    } else {
      dg.set(key, val);
    }
  }
  dest.set(GLOBAL_KEY, dg);
}

/** Builds up the values map for one chart: v (higher priority) over a copy of the chart's defaults. */
function coalesceChartValues(warn: Warn, c: Chart, v: Values, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, c.metadata.name);
  const vc = copyValues(c.values);
  for (const [key, val] of vc) {
    if (v.has(key)) {
      const value = v.get(key);
      if (value === null && !merge) {
        v.delete(key);
      } else if (istable(value)) {
        if (!istable(val)) {
          if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const m = childChartMergeTrue(c, key, merge);
          coalesceTablesFullKey(warn, value, val, concatPrefix(subPrefix, key), m);
        }
      }
    } else {
      v.set(key, val);
    }
  }
}

function childChartMergeTrue(c: Chart, key: string, merge: boolean): boolean {
  return c.dependencies.some((sub) => sub.metadata.name === key) ? true : merge;
}

/** CoalesceTables: merges src into dst (dst wins), removing keys dst sets to null. Modifies and returns dst. */
export function coalesceTables(dst: Values | null, src: Values | null, opts: CoalesceOptions = {}): Values | null {
  return coalesceTablesFullKey(opts.warn ?? noWarn, dst, src, "", false);
}

/** MergeTables: like coalesceTables, keeping nulls. */
export function mergeTables(dst: Values | null, src: Values | null, opts: CoalesceOptions = {}): Values | null {
  return coalesceTablesFullKey(opts.warn ?? noWarn, dst, src, "", true);
}

function coalesceTablesFullKey(warn: Warn, dst: Values | null, src: Values | null, prefix: string, merge: boolean): Values | null {
  if (src === null) return dst;
  if (dst === null) return src;
  const srcOriginalNonNil = new Set<string>();
  for (const [key, val] of src) if (val !== null) srcOriginalNonNil.add(key);
  for (const [key, val] of dst) if (val === null) src.set(key, null);
  for (const [key, val] of src) {
    const fullkey = concatPrefix(prefix, key);
    const ok = dst.has(key);
    const dv = dst.get(key);
    if (ok && !merge && dv === null && srcOriginalNonNil.has(key)) {
      dst.delete(key);
    } else if (!ok) {
      dst.set(key, val);
    } else if (istable(val)) {
      if (istable(dv)) {
        coalesceTablesFullKey(warn, dv, val, fullkey, merge);
      } else {
        warn(`warning: cannot overwrite table with non table for ${fullkey} (${sprint([val])})`);
      }
    } else if (istable(dv) && val !== null) {
      warn(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${sprint([val])})`);
    }
  }
  return dst;
}
