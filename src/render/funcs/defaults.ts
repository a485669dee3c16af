/**
 * Sprig's defaults.go: default, empty, coalesce, all, any, ternary, and
 * sprig's own fail (Helm replaces fail with its own; see render/helm-funcs).
 */
import { FuncError, GoInt, goFunc, type GoFunc, isMap, mapSize } from "../../template/index.ts";

/** Sprig's empty: the zero value of its type (nil, false, 0, ""; empty slices and maps); structs never are. */
export function empty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case "string":
      return v.length === 0;
    case "boolean":
      return !v;
    case "number":
      return v === 0;
    case "bigint":
      return v === 0n;
    case "function":
      return false;
    default:
      break;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (isMap(v)) return mapSize(v) === 0;
  return false;
}

function dfault(d: unknown, ...given: unknown[]): unknown {
  if (given.length === 0 || empty(given[0])) return d;
  return given[0];
}

export const DEFAULT_FUNCS: Record<string, GoFunc> = {
  default: goFunc("interface {}, ...interface {} -> interface {}", dfault),
  empty: goFunc("interface {} -> bool", empty),
  coalesce: goFunc("...interface {} -> interface {}", (...v: unknown[]) => v.find((x) => !empty(x)) ?? null),
  all: goFunc("...interface {} -> bool", (...v: unknown[]) => v.every((x) => !empty(x))),
  any: goFunc("...interface {} -> bool", (...v: unknown[]) => v.some((x) => !empty(x))),
  ternary: goFunc("interface {}, interface {}, bool -> interface {}", (vt: unknown, vf: unknown, v: boolean) => (v ? vt : vf)),
  fail: goFunc("string -> (string, error)", (msg: string) => {
    throw new FuncError(msg);
  }),
};
