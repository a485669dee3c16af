/**
 * Functions callable from templates, with the Go signature the executor
 * needs to reproduce Go's argument checking ("wrong number of args",
 * "wrong type for value; expected string; got int", literal conversion).
 */
import { GO_TYPE, GoInt, isMap, type IntKind, sliceElemType, goTypeName } from "./value.ts";

/**
 * A Go parameter type, spelled as Go prints it: "interface {}", "string",
 * "int", "int64", "float64", "bool", "[]interface {}", "[]string",
 * "map[string]interface {}", "[]uint8", or "reflect.Value" (the builtins:
 * the raw value, `undefined` for Go's zero reflect.Value).
 */
export type GoType = string;

export const ANY: GoType = "interface {}";
export const REFLECT_VALUE: GoType = "reflect.Value";

/** Thrown by a function to fail the template with "error calling NAME: message". */
export class FuncError extends Error {}

export class GoFunc {
  readonly params: readonly GoType[];
  /** Element type of the final variadic parameter, or null. */
  readonly variadic: GoType | null;
  readonly fn: (...args: never[]) => unknown;
  /** Result types as Go prints them ("string", "(string, error)"); for %T and messages only. */
  readonly results: string;
  constructor(params: readonly GoType[], variadic: GoType | null, fn: (...args: never[]) => unknown, results = "interface {}") {
    this.params = params;
    this.variadic = variadic;
    this.fn = fn;
    this.results = results;
  }
  /** The Go type, e.g. "func(string, ...int) string". */
  get [GO_TYPE](): string {
    const ps = [...this.params, ...(this.variadic === null ? [] : [`...${this.variadic}`])];
    return `func(${ps.join(", ")})${this.results ? ` ${this.results}` : ""}`;
  }
  /** Number of parameters in Go's reflect sense (the variadic slice counts as one). */
  get numIn(): number {
    return this.params.length + (this.variadic === null ? 0 : 1);
  }
}

/**
 * Declares a function from a Go-like signature: `goFunc("string, int", f)`,
 * `goFunc("string, ...interface {}", f)`, `goFunc("", f)` for no parameters,
 * optionally with results: `goFunc("string -> string", f)`.
 */
export function goFunc(signature: string, f: (...args: never[]) => unknown): GoFunc {
  const [params = "", results = "interface {}"] = signature.split("->").map((p) => p.trim());
  const parts = params === "" ? [] : splitTypes(params);
  let variadic: GoType | null = null;
  const last = parts.at(-1);
  if (last?.startsWith("...")) {
    variadic = last.slice(3).trim();
    parts.pop();
  }
  return new GoFunc(parts, variadic, f, results);
}

function splitTypes(sig: string): string[] {
  // Commas never occur inside the type names we support, so a plain split is enough.
  return sig.split(",").map((s) => s.trim());
}

/** A plain JS function used as a template function is func(...interface{}) interface{}. */
export function asGoFunc(f: GoFunc | ((...args: never[]) => unknown)): GoFunc {
  return f instanceof GoFunc ? f : new GoFunc([], ANY, f);
}

const INT_KINDS: ReadonlySet<string> = new Set(["int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"]);

export function isIntType(t: GoType): t is IntKind {
  return INT_KINDS.has(t);
}

/** Whether Go's untyped nil can be assigned to the type (reflect canBeNil). */
export function canBeNil(t: GoType): boolean {
  return t === ANY || t === REFLECT_VALUE || t.startsWith("[]") || t.startsWith("map[") || t.startsWith("*") || t.startsWith("func");
}

/**
 * Whether a (valid, non-nil) value is assignable to a parameter of type `t`
 * under Go's rules, given our value model.
 */
export function assignable(v: unknown, t: GoType): boolean {
  if (t === ANY || t === REFLECT_VALUE) return true;
  switch (t) {
    case "string":
      return typeof v === "string";
    case "bool":
      return typeof v === "boolean";
    case "float64":
      return typeof v === "number";
    case "[]uint8":
      return v instanceof Uint8Array;
    case "map[string]interface {}":
      return isMap(v);
    default:
      break;
  }
  if (isIntType(t)) return v instanceof GoInt && v.kind === t;
  if (t.startsWith("[]")) return Array.isArray(v) && sliceElemType(v) === t.slice(2);
  return goTypeName(v) === t;
}
