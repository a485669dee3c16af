/**
 * Sprig's dictionary functions (dict.go): dict, get, set, unset, hasKey,
 * pluck, keys, pick, omit, values, dig, the dario.cat/mergo v1.0.1 merges and
 * mitchellh/copystructure's deepCopy.
 *
 * Go iterates maps in random order, so `keys` and `values` have no defined
 * order in Helm; bosun returns them in sorted key order.
 */
import { FuncError, goFunc, type GoFunc, type GoMap, goTypeName, isMap, isStruct, mapGet, mapKeys, sliceElemType, sortedKeys, typedSlice } from "../../template/index.ts";
import { strval } from "./cast.ts";
import { empty } from "./defaults.ts";

function mapSet(m: GoMap, key: string, value: unknown): void {
  if (m instanceof Map) m.set(key, value);
  else m[key] = value;
}

function mapDelete(m: GoMap, key: string): void {
  if (m instanceof Map) m.delete(key);
  else Reflect.deleteProperty(m, key);
}

/** mergo's isEmptyValue (dereferencing) is Sprig's empty for every value a template can hold. */
const isEmptyValue = empty;

/**
 * mergo's deepMerge for two map[string]interface{} values. Without
 * overwrite, a key is set only when dst lacks it or holds an empty value;
 * with overwrite, every non-map src value (nil and empty ones included)
 * replaces dst's. Maps on both sides merge recursively, in place. Values
 * are shared, not copied.
 */
function deepMerge(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const key of mapKeys(src)) {
    const s = mapGet(src, key).value;
    const d = mapGet(dst, key);
    if (s === null || s === undefined) {
      if (overwrite) mapSet(dst, key, null);
      continue;
    }
    if (d.found && isMap(s) && isMap(d.value)) {
      deepMerge(d.value, s, overwrite);
      if (!isEmptyValue(d.value)) continue;
    }
    if (overwrite || !d.found || isEmptyValue(d.value)) mapSet(dst, key, s);
  }
}

function merge(overwrite: boolean): (dst: GoMap | null, ...srcs: (GoMap | null)[]) => GoMap {
  return (dst, ...srcs) => {
    const out = dst ?? new Map<string, unknown>();
    for (const src of srcs) if (src !== null) deepMerge(out, src, overwrite);
    return out;
  };
}

/** copystructure.Copy: maps and slices are copied deeply; nil panics (reflect.Value.Type on the zero Value). */
export function deepCopy(v: unknown): unknown {
  if (v === null || v === undefined) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
  return copyValue(v);
}

function copyValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return typedSlice((v as unknown[]).map(copyValue), sliceElemType(v));
  if (isMap(v)) {
    const m = new Map<string, unknown>();
    for (const k of mapKeys(v)) m.set(k, copyValue(mapGet(v, k).value));
    return m;
  }
  if (isStruct(v) && typeof v !== "function") {
    const c = Object.create(Object.getPrototypeOf(v) as object) as Record<string, unknown>;
    for (const [k, x] of Object.entries(v)) c[k] = copyValue(x);
    return c;
  }
  return v;
}

function dict(...v: unknown[]): Map<string, unknown> {
  const d = new Map<string, unknown>();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i]);
    d.set(key, i + 1 >= v.length ? "" : v[i + 1]);
  }
  return d;
}

/** Go's panic text for a failed x.(T) type assertion on an interface{}. */
function conversionError(v: unknown, want: string): FuncError {
  return new FuncError(`interface conversion: interface {} is ${v === null ? "nil" : goTypeName(v)}, not ${want}`);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new FuncError("dig needs at least three arguments");
  const top = ps[ps.length - 1];
  if (!isMap(top)) throw conversionError(top, "map[string]interface {}");
  let d: GoMap = top;
  const def = ps[ps.length - 2];
  const ks = ps.slice(0, -2).map((k) => {
    if (typeof k !== "string") throw conversionError(k, "string");
    return k;
  });
  for (let i = 0; ; i++) {
    const step = mapGet(d, ks[i] ?? "");
    if (!step.found) return def;
    if (i === ks.length - 1) return step.value;
    if (!isMap(step.value)) throw conversionError(step.value, "map[string]interface {}");
    d = step.value;
  }
}

function pick(d: GoMap | null, ...keys: string[]): Map<string, unknown> {
  const res = new Map<string, unknown>();
  if (d === null) return res;
  for (const k of keys) {
    const v = mapGet(d, k);
    if (v.found) res.set(k, v.value);
  }
  return res;
}

function omit(d: GoMap | null, ...keys: string[]): Map<string, unknown> {
  const res = new Map<string, unknown>();
  if (d === null) return res;
  const skip = new Set(keys);
  for (const k of mapKeys(d)) if (!skip.has(k)) res.set(k, mapGet(d, k).value);
  return res;
}

export const DICT_FUNCS: Record<string, GoFunc> = {
  dict: goFunc("...interface {} -> map[string]interface {}", dict),
  get: goFunc("map[string]interface {}, string -> interface {}", (d: GoMap | null, key: string) => {
    if (d === null) return "";
    const v = mapGet(d, key);
    return v.found ? v.value : "";
  }),
  set: goFunc("map[string]interface {}, string, interface {} -> map[string]interface {}", (d: GoMap | null, key: string, value: unknown) => {
    if (d === null) throw new FuncError("assignment to entry in nil map");
    mapSet(d, key, value);
    return d;
  }),
  unset: goFunc("map[string]interface {}, string -> map[string]interface {}", (d: GoMap | null, key: string) => {
    if (d === null) return new Map();
    mapDelete(d, key);
    return d;
  }),
  hasKey: goFunc("map[string]interface {}, string -> bool", (d: GoMap | null, key: string) => d !== null && mapGet(d, key).found),
  pluck: goFunc("string, ...map[string]interface {} -> []interface {}", (key: string, ...ds: (GoMap | null)[]) => {
    const res: unknown[] = [];
    for (const d of ds) {
      if (d === null) continue;
      const v = mapGet(d, key);
      if (v.found) res.push(v.value);
    }
    return res;
  }),
  keys: goFunc("...map[string]interface {} -> []string", (...ds: (GoMap | null)[]) =>
    typedSlice(
      ds.flatMap((d) => (d === null ? [] : sortedKeys(d))),
      "string",
    ),
  ),
  pick: goFunc("map[string]interface {}, ...string -> map[string]interface {}", pick),
  omit: goFunc("map[string]interface {}, ...string -> map[string]interface {}", omit),
  merge: goFunc("map[string]interface {}, ...map[string]interface {} -> interface {}", merge(false)),
  mergeOverwrite: goFunc("map[string]interface {}, ...map[string]interface {} -> interface {}", merge(true)),
  mustMerge: goFunc("map[string]interface {}, ...map[string]interface {} -> (interface {}, error)", merge(false)),
  mustMergeOverwrite: goFunc("map[string]interface {}, ...map[string]interface {} -> (interface {}, error)", merge(true)),
  values: goFunc("map[string]interface {} -> []interface {}", (d: GoMap | null) => (d === null ? [] : sortedKeys(d).map((k) => mapGet(d, k).value))),
  deepCopy: goFunc("interface {} -> interface {}", deepCopy),
  mustDeepCopy: goFunc("interface {} -> (interface {}, error)", deepCopy),
  dig: goFunc("...interface {} -> (interface {}, error)", dig),
};
