/**
 * The value model: how Go values that templates can observe are represented
 * in JavaScript. Go's distinctions that show up in output are kept:
 *
 * | Go                          | JavaScript                                   |
 * | --------------------------- | -------------------------------------------- |
 * | float64                     | `number` (all YAML/JSON numbers are float64) |
 * | int, int64, uint8, …        | `GoInt` (exact 64-bit value + kind)          |
 * | string                      | `string` (UTF-8 byte semantics where Go uses bytes) |
 * | bool                        | `boolean`                                    |
 * | nil (untyped nil interface) | `null`                                       |
 * | []byte                      | `Uint8Array`                                 |
 * | []interface{}               | `unknown[]` (typed slices: see `typedSlice`) |
 * | map[string]interface{}      | `Map<string, unknown>` or a plain object     |
 * | struct / *struct            | a class instance (fields = own properties, methods = prototype functions) |
 * | func                        | a JS function                                |
 *
 * Inside the executor, `undefined` stands for Go's invalid reflect.Value: the
 * result of a missing map key, printed as `<no value>`.
 */

export type IntKind = "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr";

const INT_BITS: Record<IntKind, { bits: number; signed: boolean }> = {
  int: { bits: 64, signed: true },
  int8: { bits: 8, signed: true },
  int16: { bits: 16, signed: true },
  int32: { bits: 32, signed: true },
  int64: { bits: 64, signed: true },
  uint: { bits: 64, signed: false },
  uint8: { bits: 8, signed: false },
  uint16: { bits: 16, signed: false },
  uint32: { bits: 32, signed: false },
  uint64: { bits: 64, signed: false },
  uintptr: { bits: 64, signed: false },
};

/** A Go integer of a given kind. The value is always wrapped to the kind's width, as Go arithmetic does. */
export class GoInt {
  readonly value: bigint;
  readonly kind: IntKind;
  constructor(value: bigint | number, kind: IntKind = "int") {
    const v = typeof value === "number" ? BigInt(Math.trunc(value)) : value;
    const { bits, signed } = INT_BITS[kind];
    this.value = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
    this.kind = kind;
  }
  get signed(): boolean {
    return INT_BITS[this.kind].signed;
  }
  /** The value as a JS number (exact up to 2^53). */
  toNumber(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.value.toString();
  }
}

export const int = (v: bigint | number): GoInt => new GoInt(v, "int");
export const int64 = (v: bigint | number): GoInt => new GoInt(v, "int64");

/** Whether `v` fits kind `kind` without wrapping. */
export function fitsInt(v: bigint, kind: IntKind): boolean {
  const { bits, signed } = INT_BITS[kind];
  return (signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v)) === v;
}

/** Element type of a typed slice such as []string or []int (Go type name of the element). */
export const SLICE_ELEM: unique symbol = Symbol("bosun.template.sliceElem");
/** The Go type name a struct-like host object reports for %T, printf %v and typeOf, e.g. "*chart.Metadata". */
export const GO_TYPE: unique symbol = Symbol("bosun.template.goType");

/**
 * Methods a host object exposes to templates (Go methods such as
 * `.Files.Get` or `.Capabilities.APIVersions.Has`): a record of GoFunc,
 * called with `this` bound to the object.
 */
export const GO_METHODS: unique symbol = Symbol("bosun.template.methods");

export type TypedSlice = unknown[] & { [SLICE_ELEM]?: string };

/** Marks an array as a typed Go slice, e.g. typedSlice(["a"], "string") is a []string. */
export function typedSlice<T>(items: T[], elem: string): T[] {
  Object.defineProperty(items, SLICE_ELEM, { value: elem, enumerable: false });
  return items;
}

export function sliceElemType(v: unknown[]): string {
  return (v as TypedSlice)[SLICE_ELEM] ?? "interface {}";
}

export type GoMap = Map<string, unknown> | Record<string, unknown>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isMap(v: unknown): v is GoMap {
  return v instanceof Map || isPlainObject(v);
}

/** A struct-like host object: a class instance that is none of the other representations. */
export function isStruct(v: unknown): v is object {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof GoInt) &&
    !(v instanceof Uint8Array) &&
    !isPlainObject(v)
  );
}

export function mapGet(m: GoMap, key: string): { found: boolean; value: unknown } {
  if (m instanceof Map) return m.has(key) ? { found: true, value: m.get(key) } : { found: false, value: undefined };
  return Object.hasOwn(m, key) ? { found: true, value: m[key] } : { found: false, value: undefined };
}

export function mapKeys(m: GoMap): string[] {
  return m instanceof Map ? [...m.keys()] : Object.keys(m);
}

export function mapSize(m: GoMap): number {
  return m instanceof Map ? m.size : Object.keys(m).length;
}

/** Keys in Go's sorted order for map[string]…: byte-wise, which for UTF-16 strings matches code point order. */
export function sortedKeys(m: GoMap): string[] {
  return mapKeys(m).sort(compareGoStrings);
}

/** Go string comparison (byte-wise UTF-8), which equals code point order. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code unit order differs from code point order only for
  // surrogates vs U+E000–U+FFFF; compare by code points to match Go.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

const encoder = new TextEncoder();
// ignoreBOM: Go's string(b) keeps a leading U+FEFF.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** The UTF-8 bytes of a string (Go strings are byte sequences). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Go's len(s): the number of UTF-8 bytes. */
export function byteLength(s: string): number {
  // Fast path: pure ASCII.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.length : encoder.encode(s).length;
}

/**
 * The Go type name of a value, as `%T` and reflect print it:
 * "float64", "int", "string", "bool", "[]interface {}", "map[string]interface {}",
 * "<nil>" for nil.
 */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  switch (typeof v) {
    case "number":
      return "float64";
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "function":
      return "func(...interface {}) (interface {}, error)";
    case "bigint":
      return "int";
    default:
      break;
  }
  if (v instanceof GoInt) return v.kind;
  if (v instanceof Uint8Array) return "[]uint8";
  if (Array.isArray(v)) return `[]${sliceElemType(v)}`;
  if (isMap(v)) return "map[string]interface {}";
  const named = (v as { [GO_TYPE]?: string })[GO_TYPE];
  return named ?? (v).constructor.name;
}

/** Go's reflect.Kind name of a value ("map", "slice", "struct", "ptr", "int64", …). */
export function goKind(v: unknown): string {
  if (v === null || v === undefined) return "invalid";
  if (typeof v === "number") return "float64";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "function") return "func";
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v) || v instanceof Uint8Array) return "slice";
  if (isMap(v)) return "map";
  const named = (v as { [GO_TYPE]?: string })[GO_TYPE];
  if (named?.startsWith("func")) return "func";
  return named?.startsWith("*") ? "ptr" : "struct";
}

/**
 * Go's template truth: false, 0, nil (and the invalid value), and empty
 * strings, slices and maps are false; structs and functions are true.
 */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      return v !== 0;
    case "string":
      return v.length > 0;
    case "function":
      return true;
    default:
      break;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (isMap(v)) return mapSize(v) > 0;
  return true;
}
