/**
 * Sprig's list functions (list.go): reflect-based, so they accept any slice
 * ([]interface{}, []string from splitList, []int from until, []byte …) and
 * return []interface{}; the must* variants return the errors that the plain
 * ones raise as panics (in a template both become "error calling NAME: …").
 */
import { compareGoStrings, FuncError, GoInt, goFunc, type GoFunc, goKind, sliceElemType, typedSlice } from "../../template/index.ts";
import { floatToInt64, strslice, strval, toInt } from "./cast.ts";
import { empty } from "./defaults.ts";
import { deepEqual } from "./reflect.ts";

export const NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference";

/**
 * The elements of a slice, as reflect's Index(i).Interface() yields them,
 * or null when the value is not a slice. A nil interface panics in Go
 * (reflect.TypeOf(nil).Kind()).
 */
function items(v: unknown): unknown[] | null {
  if (v === null || v === undefined) throw new FuncError(NIL_DEREFERENCE);
  if (Array.isArray(v)) return v as unknown[];
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt(b, "uint8"));
  return null;
}

/** items(), or the error Sprig returns for a non-slice: `message` gets the kind. */
function mustItems(v: unknown, message: (kind: string) => string): unknown[] {
  const l = items(v);
  if (l === null) throw new FuncError(message(goKind(v)));
  return l;
}

function push(list: unknown, v: unknown): unknown[] {
  return [...mustItems(list, (k) => `Cannot push on type ${k}`), v];
}

function prepend(list: unknown, v: unknown): unknown[] {
  return [v, ...mustItems(list, (k) => `Cannot prepend on type ${k}`)];
}

const MAKESLICE = "runtime error: makeslice: len out of range";

function chunk(size: GoInt, list: unknown): unknown[][] {
  const l = mustItems(list, (k) => `Cannot chunk type ${k}`);
  const sz = Number(size.value);
  // Go computes the chunk count in float64 and converts it back to int.
  const cs = floatToInt64(Math.floor((l.length - 1) / sz) + 1);
  if (cs < 0n) throw new FuncError(MAKESLICE);
  const out: unknown[][] = [];
  const n = Number(cs);
  for (let i = 0; i < n; i++) {
    let clen = size.value;
    if (i === n - 1) {
      clen = floatToInt64(Math.floor(l.length % sz));
      if (clen === 0n) clen = size.value;
    }
    if (clen < 0n) throw new FuncError(MAKESLICE);
    const c: unknown[] = [];
    for (let j = 0; j < Number(clen); j++) {
      const ix = i * sz + j;
      if (ix < 0 || ix >= l.length) throw new FuncError("reflect: slice index out of range");
      c.push(l[ix]);
    }
    out.push(c);
  }
  return typedSlice(out, "[]interface {}");
}

function first(list: unknown): unknown {
  const l = mustItems(list, (k) => `Cannot find first on type ${k}`);
  return l.length === 0 ? null : l[0];
}

function last(list: unknown): unknown {
  const l = mustItems(list, (k) => `Cannot find last on type ${k}`);
  return l.length === 0 ? null : l[l.length - 1];
}

function rest(list: unknown): unknown[] {
  return mustItems(list, (k) => `Cannot find rest on type ${k}`).slice(1);
}

function initial(list: unknown): unknown[] {
  return mustItems(list, (k) => `Cannot find initial on type ${k}`).slice(0, -1);
}

function reverse(list: unknown): unknown[] {
  return [...mustItems(list, (k) => `Cannot find reverse on type ${k}`)].reverse();
}

function compact(list: unknown): unknown[] {
  return mustItems(list, (k) => `Cannot compact on type ${k}`).filter((x) => !empty(x));
}

function inList(haystack: readonly unknown[], needle: unknown): boolean {
  return haystack.some((h) => deepEqual(needle, h));
}

function uniq(list: unknown): unknown[] {
  const dest: unknown[] = [];
  for (const x of mustItems(list, (k) => `Cannot find uniq on type ${k}`)) if (!inList(dest, x)) dest.push(x);
  return dest;
}

function without(list: unknown, ...omit: unknown[]): unknown[] {
  return mustItems(list, (k) => `Cannot find without on type ${k}`).filter((x) => !inList(omit, x));
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null) return false;
  return inList(
    mustItems(haystack, (k) => `Cannot find has on type ${k}`),
    needle,
  );
}

function slice(list: unknown, ...indices: unknown[]): unknown {
  const l = mustItems(list, (k) => `list should be type of slice or array but ${k}`);
  if (l.length === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0n;
  const end = indices.length < 2 ? BigInt(l.length) : toInt(indices[1]);
  if (start < 0n || end < start || end > BigInt(l.length)) throw new FuncError("reflect.Value.Slice: slice index out of bounds");
  if (list instanceof Uint8Array) return list.slice(Number(start), Number(end));
  return typedSlice(l.slice(Number(start), Number(end)), sliceElemType(list as unknown[]));
}

function concat(...lists: unknown[]): unknown[] {
  const res: unknown[] = [];
  for (const list of lists) {
    const l = items(list);
    if (l === null) throw new FuncError(`Cannot concat type ${goKind(list)} as list`);
    res.push(...l);
  }
  return res;
}

function sortAlpha(list: unknown): string[] {
  if (Array.isArray(list) || list instanceof Uint8Array) return strslice(list).sort(compareGoStrings);
  return typedSlice([strval(list)], "string");
}

export const LIST_FUNCS: Record<string, GoFunc> = {
  list: goFunc("...interface {} -> []interface {}", (...v: unknown[]) => v),
  tuple: goFunc("...interface {} -> []interface {}", (...v: unknown[]) => v),
  append: goFunc("interface {}, interface {} -> []interface {}", push),
  push: goFunc("interface {}, interface {} -> []interface {}", push),
  mustAppend: goFunc("interface {}, interface {} -> ([]interface {}, error)", push),
  mustPush: goFunc("interface {}, interface {} -> ([]interface {}, error)", push),
  prepend: goFunc("interface {}, interface {} -> []interface {}", prepend),
  mustPrepend: goFunc("interface {}, interface {} -> ([]interface {}, error)", prepend),
  first: goFunc("interface {} -> interface {}", first),
  mustFirst: goFunc("interface {} -> (interface {}, error)", first),
  rest: goFunc("interface {} -> []interface {}", rest),
  mustRest: goFunc("interface {} -> ([]interface {}, error)", rest),
  last: goFunc("interface {} -> interface {}", last),
  mustLast: goFunc("interface {} -> (interface {}, error)", last),
  initial: goFunc("interface {} -> []interface {}", initial),
  mustInitial: goFunc("interface {} -> ([]interface {}, error)", initial),
  reverse: goFunc("interface {} -> []interface {}", reverse),
  mustReverse: goFunc("interface {} -> ([]interface {}, error)", reverse),
  uniq: goFunc("interface {} -> []interface {}", uniq),
  mustUniq: goFunc("interface {} -> ([]interface {}, error)", uniq),
  without: goFunc("interface {}, ...interface {} -> []interface {}", without),
  mustWithout: goFunc("interface {}, ...interface {} -> ([]interface {}, error)", without),
  has: goFunc("interface {}, interface {} -> bool", has),
  mustHas: goFunc("interface {}, interface {} -> (bool, error)", has),
  slice: goFunc("interface {}, ...interface {} -> interface {}", slice),
  mustSlice: goFunc("interface {}, ...interface {} -> (interface {}, error)", slice),
  concat: goFunc("...interface {} -> interface {}", concat),
  chunk: goFunc("int, interface {} -> [][]interface {}", chunk),
  mustChunk: goFunc("int, interface {} -> ([][]interface {}, error)", chunk),
  compact: goFunc("interface {} -> []interface {}", compact),
  mustCompact: goFunc("interface {} -> ([]interface {}, error)", compact),
  sortAlpha: goFunc("interface {} -> []string", sortAlpha),
};
