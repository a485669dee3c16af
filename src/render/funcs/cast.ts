/**
 * Sprig's conversions and the spf13/cast v1.7.0 functions they rely on
 * (ToInt, ToInt64, ToFloat64), over the template value model. Sprig drops
 * cast's errors, so the functions here return the zero value on failure.
 */
import { fromUtf8, GoInt, sliceElemType, sprintf, typedSlice, parseFloat64, parseInt64 } from "../../template/index.ts";

const INT64_MIN = -(1n << 63n);
const TWO63 = 2 ** 63;

/** Go's int64(f) as amd64 computes it: truncation; NaN and out-of-range values give math.MinInt64. */
export function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= TWO63 || f < -TWO63) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast's trimZeroDecimal: "12.000" → "12"; anything else is returned unchanged. */
export function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === ".") {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === "0") {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** cast.ToInt64 (int is 64 bits wide, so cast.ToInt gives the same value). */
export function toInt64(v: unknown): bigint {
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  switch (typeof v) {
    case "number":
      return floatToInt64(v);
    case "string": {
      const r = parseInt64(trimZeroDecimal(v), 0);
      return r.err === null ? r.value : 0n;
    }
    case "boolean":
      return v ? 1n : 0n;
    case "bigint":
      return BigInt.asIntN(64, v);
    default:
      return 0n;
  }
}

/** cast.ToInt. */
export const toInt = toInt64;

/** cast.ToFloat64. */
export function toFloat64(v: unknown): number {
  if (v instanceof GoInt) return Number(v.value);
  switch (typeof v) {
    case "number":
      return v;
    case "string": {
      const r = parseFloat64(v);
      return r.err === null ? r.value : 0;
    }
    case "boolean":
      return v ? 1 : 0;
    case "bigint":
      return Number(v);
    default:
      return 0;
  }
}

/** Sprig's strval: strings and []byte as text, errors and Stringers by their methods, else %v. */
export function strval(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return fromUtf8(v);
  return sprintf("%v", [v]);
}

/** Sprig's strslice: a []string from a slice (nil elements dropped), nil → [], anything else → [strval(v)]. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) {
    // A []string is returned as is (sortAlpha then sorts it in place, as in Go).
    if (sliceElemType(v) === "string") return v as string[];
    const out: string[] = [];
    for (const x of v as unknown[]) if (x !== null && x !== undefined) out.push(strval(x));
    return typedSlice(out, "string");
  }
  if (v instanceof Uint8Array) {
    return typedSlice(
      Array.from(v, (b) => strval(new GoInt(b, "uint8"))),
      "string",
    );
  }
  if (v === null || v === undefined) return typedSlice([], "string");
  return typedSlice([strval(v)], "string");
}
