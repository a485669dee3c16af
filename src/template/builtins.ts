/**
 * text/template's predefined functions with Go's exact rules and errors.
 * Parameters typed "reflect.Value" receive raw values, with `undefined` for
 * Go's zero reflect.Value and `null` for a nil interface{}.
 */
import { evalArgsString, htmlEscapeString, jsEscapeString, queryEscape } from "./escape.ts";
import type { BuiltinContext } from "./exec.ts";
import { sprint, sprintf, sprintln } from "./fmt.ts";
import { FuncError, GoFunc, assignable, canBeNil, goFunc, isIntType } from "./func.ts";
import { byteLength, fromUtf8, GoInt, goTypeName, isMap, isTrue, mapGet, mapSize, utf8 } from "./value.ts";

/** Go's indirectInterface: a nil interface{} is the invalid value. */
const concrete = (v: unknown): unknown => (v === null ? undefined : v);

function indexArg(index: unknown, cap: number): number {
  if (index === undefined) throw new FuncError("cannot index slice/array with nil");
  if (!(index instanceof GoInt)) throw new FuncError(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = index.value;
  if (x < 0n || x > BigInt(cap)) throw new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let cur = concrete(item);
  if (cur === undefined) throw new FuncError("index of untyped nil");
  for (const raw of indexes) {
    const idx = concrete(raw);
    if (cur === null || cur === undefined) throw new FuncError("index of nil pointer");
    if (typeof cur === "string" || Array.isArray(cur) || cur instanceof Uint8Array) {
      const len = typeof cur === "string" ? byteLength(cur) : cur.length;
      const x = indexArg(idx, len);
      // indexArg allows x == len (Go checks against cap); reflect then panics.
      if (x >= len) throw new FuncError(`reflect: ${typeof cur === "string" ? "string" : "slice"} index out of range`);
      if (typeof cur === "string") cur = new GoInt(utf8(cur)[x] ?? 0, "uint8");
      else if (cur instanceof Uint8Array) cur = new GoInt(cur[x] ?? 0, "uint8");
      else cur = cur[x];
    } else if (isMap(cur)) {
      if (idx === undefined) throw new FuncError("value is nil; should be of type string");
      if (typeof idx !== "string") throw new FuncError(`value has type ${goTypeName(idx)}; should be string`);
      const got = mapGet(cur, idx);
      cur = got.found ? got.value : null;
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  const cur = concrete(item);
  if (cur === undefined) throw new FuncError("slice of untyped nil");
  if (indexes.length > 3) throw new FuncError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof cur === "string") {
    if (indexes.length === 3) throw new FuncError("cannot 3-index slice a string");
    len = byteLength(cur);
  } else if (Array.isArray(cur) || cur instanceof Uint8Array) {
    len = cur.length;
  } else {
    throw new FuncError(`can't slice item of type ${goTypeName(cur)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((raw, i) => {
    idx[i] = indexArg(concrete(raw), len);
  });
  const [lo = 0, hi = len, max = len] = idx;
  if (lo > hi) throw new FuncError(`invalid slice index: ${lo} > ${hi}`);
  if (indexes.length === 3 && hi > max) throw new FuncError(`invalid slice index: ${hi} > ${max}`);
  if (typeof cur === "string") return cur.length === len ? cur.slice(lo, hi) : fromUtf8(utf8(cur).subarray(lo, hi));
  if (cur instanceof Uint8Array) return cur.slice(lo, hi);
  const out = cur.slice(lo, hi);
  // Keep a typed slice's element type ([]string stays []string).
  const sym = Object.getOwnPropertySymbols(cur);
  for (const s of sym) Object.defineProperty(out, s, { value: (cur as unknown as Record<symbol, unknown>)[s], enumerable: false });
  return out;
}

function length(item: unknown): GoInt {
  if (item === undefined) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
  if (item === null) throw new FuncError("len of nil pointer");
  if (typeof item === "string") return new GoInt(byteLength(item), "int");
  if (Array.isArray(item) || item instanceof Uint8Array) return new GoInt(item.length, "int");
  if (isMap(item)) return new GoInt(mapSize(item), "int");
  throw new FuncError(`len of type ${goTypeName(item)}`);
}

// ---- comparisons ------------------------------------------------------------

type BasicKind = "invalid" | "bool" | "int" | "uint" | "float" | "string";

function basicKind(v: unknown): BasicKind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  if (v instanceof GoInt) return v.signed ? "int" : "uint";
  return "invalid";
}

const errBadComparisonType = "invalid type for comparison";

function typeOfValue(v: unknown): string {
  return goTypeName(v);
}

function comparable(v: unknown): boolean {
  // Maps, slices and functions are not comparable in Go.
  return !(isMap(v) || Array.isArray(v) || v instanceof Uint8Array || typeof v === "function" || v instanceof GoFunc);
}

function eq(arg1raw: unknown, ...arg2: unknown[]): boolean {
  const arg1 = concrete(arg1raw);
  if (arg2.length === 0) throw new FuncError("missing argument for comparison");
  const k1 = basicKind(arg1);
  for (const raw of arg2) {
    const arg = concrete(raw);
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      // Integers compare regardless of their sign.
      if (k1 === "int" && k2 === "uint") {
        truth = (arg1 as GoInt).value >= 0n && (arg1 as GoInt).value === (arg as GoInt).value;
      } else if (k1 === "uint" && k2 === "int") {
        truth = (arg as GoInt).value >= 0n && (arg1 as GoInt).value === (arg as GoInt).value;
      } else if (arg1 !== undefined && arg !== undefined) {
        throw new FuncError(`incompatible types for comparison: ${typeOfValue(arg1)} and ${typeOfValue(arg)}`);
      }
    } else {
      switch (k1) {
        case "bool":
        case "float":
        case "string":
          truth = arg1 === arg;
          break;
        case "int":
        case "uint":
          truth = (arg1 as GoInt).value === (arg as GoInt).value;
          break;
        default: {
          const n1 = arg1 === undefined;
          const n2 = arg === undefined;
          if (!n1 && !n2 && goKindOf(arg1) !== goKindOf(arg)) {
            throw new FuncError(`non-comparable types ${sprintf("%s", [arg1])}: ${typeOfValue(arg1)}, ${typeOfValue(arg)}: ${sprint([arg])}`);
          }
          if (n1 || n2) {
            truth = n1 === n2;
          } else {
            if (!comparable(arg)) throw new FuncError(`non-comparable type ${sprintf("%s", [arg])}: ${typeOfValue(arg)}`);
            truth = arg1 === arg;
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

function goKindOf(v: unknown): string {
  if (isMap(v)) return "map";
  if (Array.isArray(v) || v instanceof Uint8Array) return "slice";
  if (typeof v === "function" || v instanceof GoFunc) return "func";
  return "struct";
}

function lt(a1: unknown, a2: unknown): boolean {
  const arg1 = concrete(a1);
  const k1 = basicKind(arg1);
  if (k1 === "invalid") throw new FuncError(errBadComparisonType);
  const arg2 = concrete(a2);
  const k2 = basicKind(arg2);
  if (k2 === "invalid") throw new FuncError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === "int" && k2 === "uint") return (arg1 as GoInt).value < 0n || (arg1 as GoInt).value < (arg2 as GoInt).value;
    if (k1 === "uint" && k2 === "int") return (arg2 as GoInt).value >= 0n && (arg1 as GoInt).value < (arg2 as GoInt).value;
    throw new FuncError(`incompatible types for comparison: ${typeOfValue(arg1)} and ${typeOfValue(arg2)}`);
  }
  switch (k1) {
    case "bool":
      throw new FuncError(errBadComparisonType);
    case "float":
      return (arg1 as number) < (arg2 as number);
    case "string":
      return Buffer.compare(Buffer.from(arg1 as string), Buffer.from(arg2 as string)) < 0;
    default:
      return (arg1 as GoInt).value < (arg2 as GoInt).value;
  }
}

const le = (a: unknown, b: unknown): boolean => lt(a, b) || eq(a, b);

// ---- call -----------------------------------------------------------------

/** Go's prepareArg: invalid → zero when nil-able; ints convert between int kinds. */
function prepareArg(value: unknown, t: string): unknown {
  if (value === undefined) {
    if (!canBeNil(t)) throw new FuncError(`value is nil; should be of type ${t}`);
    return null;
  }
  if (assignable(value, t)) return value;
  if (value instanceof GoInt && isIntType(t)) return new GoInt(value.value, t);
  throw new FuncError(`value has type ${goTypeName(value)}; should be ${t}`);
}

function call(this: BuiltinContext, fnRaw: unknown, ...args: unknown[]): unknown {
  const name = this.calleeName;
  const fnv = concrete(fnRaw);
  if (fnv === undefined) throw new FuncError("call of nil");
  if (!(fnv instanceof GoFunc) && typeof fnv !== "function") throw new FuncError(`non-function ${name} of type ${goTypeName(fnv)}`);
  const fn = fnv instanceof GoFunc ? fnv : new GoFunc([], "interface {}", fnv as (...a: never[]) => unknown);
  const numIn = fn.numIn;
  if (fn.variadic !== null) {
    if (args.length < numIn - 1) throw new FuncError(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
  } else if (args.length !== numIn) {
    throw new FuncError(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((raw, i) => {
    const t = fn.variadic === null || i < numIn - 1 ? (fn.params[i] ?? "interface {}") : fn.variadic;
    try {
      return prepareArg(concrete(raw), t);
    } catch (e) {
      throw new FuncError(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return (fn.fn as (...a: unknown[]) => unknown)(...argv);
}

const unreachable = (): never => {
  throw new Error("unreachable: and/or are evaluated by the executor");
};

/** The builtin function table, by name. */
export const BUILTINS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ["and", goFunc("reflect.Value, ...reflect.Value", unreachable)],
  ["or", goFunc("reflect.Value, ...reflect.Value", unreachable)],
  ["not", goFunc("reflect.Value", (v: unknown) => !isTrue(v))],
  ["call", goFunc("reflect.Value, ...reflect.Value", call)],
  ["html", goFunc("...interface {}", (...a: unknown[]) => htmlEscapeString(evalArgsString(a)))],
  ["js", goFunc("...interface {}", (...a: unknown[]) => jsEscapeString(evalArgsString(a)))],
  ["urlquery", goFunc("...interface {}", (...a: unknown[]) => queryEscape(evalArgsString(a)))],
  ["index", goFunc("reflect.Value, ...reflect.Value", index)],
  ["slice", goFunc("reflect.Value, ...reflect.Value", slice)],
  ["len", goFunc("reflect.Value", length)],
  ["print", goFunc("...interface {}", (...a: unknown[]) => sprint(a))],
  ["printf", goFunc("string, ...interface {}", (f: string, ...a: unknown[]) => sprintf(f, a))],
  ["println", goFunc("...interface {}", (...a: unknown[]) => sprintln(a))],
  ["eq", goFunc("reflect.Value, ...reflect.Value", eq)],
  ["ne", goFunc("reflect.Value, reflect.Value", (a: unknown, b: unknown) => !eq(a, b))],
  ["lt", goFunc("reflect.Value, reflect.Value", lt)],
  ["le", goFunc("reflect.Value, reflect.Value", le)],
  ["gt", goFunc("reflect.Value, reflect.Value", (a: unknown, b: unknown) => !le(a, b))],
  ["ge", goFunc("reflect.Value, reflect.Value", (a: unknown, b: unknown) => !lt(a, b))],
]);
