/**
 * Sprig's numeric functions (numeric.go and functions.go): integer
 * arithmetic on int64 (wrapping like Go), the float functions, which go
 * through shopspring/decimal v1.4.0, and the spf13/cast conversions.
 */
import { FuncError, GoInt, goFunc, type GoFunc, sprint, typedSlice, parseInt64 } from "../../template/index.ts";
import { toFloat64, toInt, toInt64 } from "./cast.ts";
import { nodeCrypto } from "./node-crypto.ts";

const i64 = (v: bigint): GoInt => new GoInt(v, "int64");
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Go panics on integer division by zero. */
function checkDivisor(b: bigint): void {
  if (b === 0n) throw new FuncError("runtime error: integer divide by zero");
}

// ---------------------------------------------------------------------------
// shopspring/decimal: value = coef × 10^exp, exact except for Div.

interface Decimal {
  coef: bigint;
  exp: number;
}

/** Digits Sprig keeps in a decimal quotient (decimal.DivisionPrecision). */
const DIVISION_PRECISION = 16;

/** decimal.NewFromFloat: the shortest decimal that round-trips to f. */
function decimalFromFloat(f: number): Decimal {
  if (Number.isNaN(f) || !Number.isFinite(f)) throw new FuncError(`Cannot create a Decimal from ${sprint([f])}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  // JavaScript's Number → string conversion yields the same shortest digits as Go's.
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f));
  if (!m) throw new Error(`unexpected float format ${String(f)}`);
  const [, sign = "", int = "", frac = "", e = "0"] = m;
  let digits = (int + frac).replace(/^0+/, "");
  let exp = Number(e) - frac.length;
  const trimmed = digits.replace(/0+$/, "");
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return { coef: BigInt(sign + digits), exp };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

function decAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

function decSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

function decMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Decimal.Div: DivRound(d2, 16), rounding half away from zero. */
function decDiv(d: Decimal, d2: Decimal): Decimal {
  if (d2.coef === 0n) throw new FuncError("decimal division by 0");
  const scale = -DIVISION_PRECISION;
  const e = d.exp - d2.exp - scale;
  let aa: bigint;
  let bb: bigint;
  let scalerest: number;
  if (e < 0) {
    aa = d.coef;
    bb = d2.coef * pow10(-e);
    scalerest = d.exp;
  } else {
    aa = d.coef * pow10(e);
    bb = d2.coef;
    scalerest = scale + d2.exp;
  }
  const q: Decimal = { coef: aa / bb, exp: scale };
  const r: Decimal = { coef: aa % bb, exp: scalerest };
  // Compare 2·|r|·10^precision with |d2|.
  const r2: Decimal = { coef: abs(r.coef) * 2n, exp: r.exp + DIVISION_PRECISION };
  const [x, y] = align(r2, { coef: abs(d2.coef), exp: d2.exp });
  if (x < y) return q;
  const one: Decimal = { coef: 1n, exp: -DIVISION_PRECISION };
  return (d.coef < 0n) !== (d2.coef < 0n) && d.coef !== 0n ? decSub(q, one) : decAdd(q, one);
}

/** Decimal.Float64: the nearest float64. */
function decToFloat(d: Decimal): number {
  return Number(`${d.coef.toString()}e${String(d.exp)}`);
}

/** Sprig's execDecimalOp: each operand through cast.ToFloat64 and decimal.NewFromFloat. */
function decimalOp(a: unknown, b: readonly unknown[], f: (x: Decimal, y: Decimal) => Decimal): number {
  let prt = decimalFromFloat(toFloat64(a));
  for (const x of b) prt = f(prt, decimalFromFloat(toFloat64(x)));
  return decToFloat(prt);
}

// ---------------------------------------------------------------------------
// package math

/** math.Frexp for finite non-zero x. */
function frexp(x: number): [number, number] {
  let e = 0;
  let f = Math.abs(x);
  if (f < 2.2250738585072014e-308) {
    f *= 2 ** 52;
    e = -52;
  }
  const exp = Math.floor(Math.log2(f));
  let frac = f / 2 ** exp;
  let ex = exp;
  // Adjust for log2 rounding so that frac lands in [1, 2).
  while (frac >= 2) {
    frac /= 2;
    ex++;
  }
  while (frac < 1) {
    frac *= 2;
    ex--;
  }
  return [Math.sign(x) * (frac / 2), e + ex + 1];
}

function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  if (exp > 1023) return frac * 2 ** 1023 * 2 ** (exp - 1023);
  if (exp < -1022) return frac * 2 ** (exp + 53) * 2 ** -53;
  return frac * 2 ** exp;
}

/** Go's math.Pow(x, y) for an integral y (what round uses: 10^places). */
export function powInt(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (!Number.isFinite(y) || !Number.isFinite(x) || x === 0) return Math.pow(x, y);
  const yi = Math.abs(y);
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return Math.abs(x) < 1 === y > 0 ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

/** math.Max. */
function goMax(x: number, y: number): number {
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? y : x;
  return x > y ? x : y;
}

/** math.Min. */
function goMin(x: number, y: number): number {
  if (x === -Infinity || y === -Infinity) return -Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0 && x === y) return Object.is(x, -0) ? x : y;
  return x < y ? x : y;
}

function round(a: unknown, p: GoInt, ...rOpt: number[]): number {
  const roundOn = rOpt[0] ?? 0.5;
  const val = toFloat64(a);
  const pow = powInt(10, toFloat64(p));
  const digit = pow * val;
  // math.Modf's fractional part keeps the sign of digit.
  const frac = Number.isFinite(digit) ? digit - Math.trunc(digit) : Number.isNaN(digit) ? NaN : 0;
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

// ---------------------------------------------------------------------------
// Sequences

/** bosun's guard against templates that would allocate unbounded memory. */
export const MAX_SEQUENCE = 10_000_000;

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = [];
  const push = (i: bigint): void => {
    if (v.length >= MAX_SEQUENCE) throw new FuncError(`sequence longer than ${MAX_SEQUENCE} elements`);
    v.push(i);
  };
  if (stop < start) {
    if (step >= 0n) return v;
    for (let i = start; i > stop; i = wrap(i + step)) push(i);
    return v;
  }
  if (step <= 0n) return v;
  for (let i = start; i < stop; i = wrap(i + step)) push(i);
  return v;
}

const intSlice = (v: bigint[]): GoInt[] =>
  typedSlice(
    v.map((x) => new GoInt(x, "int")),
    "int",
  );

function seq(...params: GoInt[]): string {
  const p = params.map((x) => x.value);
  let s: bigint[];
  switch (p.length) {
    case 1: {
      const end = p[0] ?? 0n;
      const inc = end < 1n ? -1n : 1n;
      s = untilStep(1n, wrap(end + inc), inc);
      break;
    }
    case 2: {
      const [start = 0n, end = 0n] = p;
      const step = end < start ? -1n : 1n;
      s = untilStep(start, wrap(end + step), step);
      break;
    }
    case 3: {
      const [start = 0n, step = 0n, end = 0n] = p;
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return "";
      }
      s = untilStep(start, wrap(end + inc), step);
      break;
    }
    default:
      return "";
  }
  return s.join(" ");
}

// ---------------------------------------------------------------------------

function atoi(s: string): GoInt {
  const r = parseInt64(s, 10);
  return new GoInt(r.err === "invalid syntax" ? 0n : r.value, "int");
}

function toDecimal(v: unknown): GoInt {
  const r = parseInt64(sprint([v]), 8);
  return i64(r.err === null ? r.value : 0n);
}

export const MATH_FUNCS: Record<string, GoFunc> = {
  atoi: goFunc("string -> int", atoi),
  int64: goFunc("interface {} -> int64", (v: unknown) => i64(toInt64(v))),
  int: goFunc("interface {} -> int", (v: unknown) => new GoInt(toInt(v), "int")),
  float64: goFunc("interface {} -> float64", toFloat64),
  seq: goFunc("...int -> string", seq),
  toDecimal: goFunc("interface {} -> int64", toDecimal),
  until: goFunc("int -> []int", (count: GoInt) => intSlice(untilStep(0n, count.value, count.value < 0n ? -1n : 1n))),
  untilStep: goFunc("int, int, int -> []int", (start: GoInt, stop: GoInt, step: GoInt) => intSlice(untilStep(start.value, stop.value, step.value))),
  add1: goFunc("interface {} -> int64", (i: unknown) => i64(wrap(toInt64(i) + 1n))),
  add: goFunc("...interface {} -> int64", (...v: unknown[]) => i64(v.reduce<bigint>((a, b) => wrap(a + toInt64(b)), 0n))),
  sub: goFunc("interface {}, interface {} -> int64", (a: unknown, b: unknown) => i64(wrap(toInt64(a) - toInt64(b)))),
  div: goFunc("interface {}, interface {} -> int64", (a: unknown, b: unknown) => {
    const x = toInt64(a);
    const y = toInt64(b);
    checkDivisor(y);
    return i64(wrap(x / y));
  }),
  mod: goFunc("interface {}, interface {} -> int64", (a: unknown, b: unknown) => {
    const x = toInt64(a);
    const y = toInt64(b);
    checkDivisor(y);
    return i64(x % y);
  }),
  mul: goFunc("interface {}, ...interface {} -> int64", (a: unknown, ...v: unknown[]) => i64(v.reduce<bigint>((x, b) => wrap(x * toInt64(b)), toInt64(a)))),
  randInt: goFunc("int, int -> int", (min: GoInt, max: GoInt) => {
    const n = wrap(max.value - min.value);
    if (n <= 0n) throw new FuncError("invalid argument to Intn");
    const r = n <= 2n ** 48n - 1n ? BigInt(nodeCrypto().randomInt(Number(n))) : BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 53))) % n;
    return new GoInt(wrap(r + min.value), "int");
  }),
  add1f: goFunc("interface {} -> float64", (i: unknown) => decimalOp(i, [new GoInt(1, "int")], decAdd)),
  addf: goFunc("...interface {} -> float64", (...i: unknown[]) => decimalOp(0, i, decAdd)),
  subf: goFunc("interface {}, ...interface {} -> float64", (a: unknown, ...v: unknown[]) => decimalOp(a, v, decSub)),
  divf: goFunc("interface {}, ...interface {} -> float64", (a: unknown, ...v: unknown[]) => decimalOp(a, v, decDiv)),
  mulf: goFunc("interface {}, ...interface {} -> float64", (a: unknown, ...v: unknown[]) => decimalOp(a, v, decMul)),
  biggest: goFunc("interface {}, ...interface {} -> int64", (a: unknown, ...v: unknown[]) => i64(v.reduce<bigint>((x, b) => (toInt64(b) > x ? toInt64(b) : x), toInt64(a)))),
  max: goFunc("interface {}, ...interface {} -> int64", (a: unknown, ...v: unknown[]) => i64(v.reduce<bigint>((x, b) => (toInt64(b) > x ? toInt64(b) : x), toInt64(a)))),
  min: goFunc("interface {}, ...interface {} -> int64", (a: unknown, ...v: unknown[]) => i64(v.reduce<bigint>((x, b) => (toInt64(b) < x ? toInt64(b) : x), toInt64(a)))),
  maxf: goFunc("interface {}, ...interface {} -> float64", (a: unknown, ...v: unknown[]) => v.reduce<number>((x, b) => goMax(x, toFloat64(b)), toFloat64(a))),
  minf: goFunc("interface {}, ...interface {} -> float64", (a: unknown, ...v: unknown[]) => v.reduce<number>((x, b) => goMin(x, toFloat64(b)), toFloat64(a))),
  floor: goFunc("interface {} -> float64", (a: unknown) => Math.floor(toFloat64(a))),
  ceil: goFunc("interface {} -> float64", (a: unknown) => Math.ceil(toFloat64(a))),
  round: goFunc("interface {}, int, ...float64 -> float64", round),
};
