/**
 * Sprig's reflection functions (typeOf, typeIs, typeIsLike, kindOf, kindIs)
 * and reflect.DeepEqual over the template value model.
 */
import { GoInt, goFunc, type GoFunc, goKind, goTypeName, isMap, mapGet, mapKeys, mapSize } from "../../template/index.ts";

/** reflect.DeepEqual. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (goTypeName(a) !== goTypeName(b)) return false;
  switch (typeof a) {
    case "number":
    case "string":
    case "boolean":
      return a === b;
    case "function":
      return false;
    default:
      break;
  }
  if (a instanceof GoInt) return b instanceof GoInt && a.value === b.value;
  // The same slice, map or pointer: equal without looking inside (as Go does).
  if (a === b) return true;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  }
  if (isMap(a)) {
    if (!isMap(b) || mapSize(a) !== mapSize(b)) return false;
    for (const k of mapKeys(a)) {
      const y = mapGet(b, k);
      if (!y.found || !deepEqual(mapGet(a, k).value, y.value)) return false;
    }
    return true;
  }
  if (typeof a === "object" && typeof b === "object") {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Go's reflect.Value.Kind().String() (nil → "invalid"). */
export function kindOf(v: unknown): string {
  return goKind(v);
}

export const REFLECT_FUNCS: Record<string, GoFunc> = {
  typeOf: goFunc("interface {} -> string", (v: unknown) => goTypeName(v)),
  typeIs: goFunc("string, interface {} -> bool", (t: string, v: unknown) => t === goTypeName(v)),
  typeIsLike: goFunc("string, interface {} -> bool", (t: string, v: unknown) => {
    const name = goTypeName(v);
    return t === name || `*${t}` === name;
  }),
  kindOf: goFunc("interface {} -> string", kindOf),
  kindIs: goFunc("string, interface {} -> bool", (t: string, v: unknown) => t === kindOf(v)),
  deepEqual: goFunc("interface {}, interface {} -> bool", deepEqual),
};
