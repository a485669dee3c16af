/**
 * The parts of Go's strconv that fmt and text/template need, reproducing Go
 * 1.26's output byte for byte: float formatting (shortest round-trip and
 * fixed precision, all of strconv.FormatFloat's formats), integer formatting,
 * and string/rune quoting with Go's notion of printable runes.
 *
 * Go strings are byte sequences; here they are JS strings, whose UTF-8
 * encoding is the Go string. A lone surrogate cannot be encoded in UTF-8 and
 * is treated as U+FFFD, which is what encoding it produces. Functions that
 * must see arbitrary (possibly invalid) UTF-8, as Go's []byte, take a
 * Uint8Array.
 */

export type FloatFormat = "e" | "E" | "f" | "F" | "g" | "G" | "b" | "x" | "X";

interface FloatInfo {
  readonly mantBits: number;
  readonly expBits: number;
  readonly bias: number;
}

const FLOAT32: FloatInfo = { mantBits: 23, expBits: 8, bias: -127 };
const FLOAT64: FloatInfo = { mantBits: 52, expBits: 11, bias: -1023 };

/**
 * A non-negative decimal 0.d₀d₁d₂… × 10^dp. `d` holds ASCII digits with no
 * trailing zeros; zero is the empty string with dp = 0.
 */
interface Decimal {
  readonly d: string;
  readonly dp: number;
}

const ZERO: Decimal = { d: "", dp: 0 };
const scratch = new DataView(new ArrayBuffer(8));

interface FloatParts {
  neg: boolean;
  /** Biased exponent field. */
  biased: number;
  /** Mantissa field without the implicit bit (exact: < 2^52). */
  frac: number;
}

function floatParts(f: number, bitSize: 32 | 64): FloatParts {
  if (bitSize === 32) {
    scratch.setFloat32(0, f);
    const bits = scratch.getUint32(0);
    return { neg: bits >>> 31 !== 0, biased: (bits >>> 23) & 0xff, frac: bits & 0x7fffff };
  }
  scratch.setFloat64(0, f);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  return { neg: hi >>> 31 !== 0, biased: (hi >>> 20) & 0x7ff, frac: (hi & 0xfffff) * 0x1_0000_0000 + lo };
}

/**
 * strconv.FormatFloat: formats f according to `fmt` and `prec`, rounding as
 * if the value had been a float of `bitSize` bits. `prec = -1` selects the
 * shortest representation that parses back to the same value. 'F' is
 * accepted as a synonym of 'f' (fmt's %F); Go's strconv would reject it.
 */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  const flt = bitSize === 32 ? FLOAT32 : FLOAT64;
  const { neg, biased, frac } = floatParts(f, bitSize);
  if (biased === 2 ** flt.expBits - 1) {
    if (frac !== 0) return "NaN";
    return neg ? "-Inf" : "+Inf";
  }
  let exp: number;
  let mant: number;
  if (biased === 0) {
    exp = 1 + flt.bias; // denormalized
    mant = frac;
  } else {
    exp = biased + flt.bias;
    mant = frac + 2 ** flt.mantBits;
  }

  if (fmt === "b") return formatBinary(neg, mant, exp, flt);
  if (fmt === "x" || fmt === "X") return formatHex(neg, mant, exp, prec, fmt, flt);

  const verb = fmt === "F" ? "f" : fmt;
  const shortest = prec < 0;
  if (mant === 0) return formatDigits(shortest, neg, ZERO, prec, verb);
  if (shortest) {
    const digs =
      bitSize === 64
        ? shortestDigits64(Math.abs(f))
        : roundShortest(exactDecimal(BigInt(mant), exp - flt.mantBits), mant, exp, flt);
    let p: number;
    switch (verb) {
      case "e":
      case "E":
        p = Math.max(digs.d.length - 1, 0);
        break;
      case "f":
        p = Math.max(digs.d.length - digs.dp, 0);
        break;
      default:
        p = digs.d.length;
    }
    return formatDigits(true, neg, digs, p, verb);
  }

  // Fixed number of digits: round the exact decimal expansion (half to even).
  let d = exactDecimal(BigInt(mant), exp - flt.mantBits);
  switch (verb) {
    case "e":
    case "E":
      d = roundDecimal(d, prec + 1);
      break;
    case "f":
      d = roundDecimal(d, d.dp + prec);
      break;
    default:
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
  }
  return formatDigits(false, neg, d, prec, verb);
}

/** Shortest round-trip digits of a positive finite float64 (ECMAScript's Number-to-String digits are Go's). */
function shortestDigits64(abs: number): Decimal {
  const s = abs.toExponential();
  const e = s.indexOf("e");
  const digits = s.charCodeAt(1) === 0x2e ? s.slice(0, 1) + s.slice(2, e) : s.slice(0, e);
  return { d: digits, dp: Number(s.slice(e + 1)) + 1 };
}

/** The exact decimal value of mant × 2^exp2. */
function exactDecimal(mant: bigint, exp2: number): Decimal {
  if (mant === 0n) return ZERO;
  let s: string;
  let dp: number;
  if (exp2 >= 0) {
    s = (mant << BigInt(exp2)).toString();
    dp = s.length;
  } else {
    // mant / 2^k = mant·5^k / 10^k
    s = (mant * 5n ** BigInt(-exp2)).toString();
    dp = s.length + exp2;
  }
  return trimmed(s, dp);
}

function trimmed(s: string, dp: number): Decimal {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 0x30) n--;
  return n === 0 ? ZERO : { d: n === s.length ? s : s.slice(0, n), dp };
}

function shouldRoundUp(x: Decimal, nd: number): boolean {
  const c = x.d.charCodeAt(nd);
  if (c === 0x35 && nd + 1 === x.d.length) {
    // Exactly halfway: round to even.
    return nd > 0 && (x.d.charCodeAt(nd - 1) - 0x30) % 2 === 1;
  }
  return c >= 0x35;
}

/** Rounds x to nd digits (nd = 0 rounds just left of the first digit, as 0.09 → 0.1). */
function roundDecimal(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  return shouldRoundUp(x, nd) ? roundUp(x, nd) : roundDown(x, nd);
}

function roundDown(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  return trimmed(x.d.slice(0, nd), x.dp);
}

function roundUp(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  for (let i = nd - 1; i >= 0; i--) {
    const c = x.d.charCodeAt(i);
    if (c < 0x39) return { d: x.d.slice(0, i) + String.fromCharCode(c + 1), dp: x.dp };
  }
  return { d: "1", dp: x.dp + 1 }; // all nines
}

/**
 * Shortens d (the exact value of mant × 2^(exp − mantBits)) to the fewest
 * digits that still identify the float uniquely: walk the digits of the
 * midpoints to the neighbouring floats until d distinguishes itself.
 */
function roundShortest(d: Decimal, mant: number, exp: number, flt: FloatInfo): Decimal {
  if (mant === 0) return ZERO;
  const minExp = flt.bias + 1;
  // Already shortest when the nearest shorter decimal is further away than
  // the distance to the neighbouring floats (log₂10 > 3.32).
  if (exp > minExp && 332 * (d.dp - d.d.length) >= 100 * (exp - flt.mantBits)) return d;

  const m = BigInt(mant);
  const upper = exactDecimal(2n * m + 1n, exp - flt.mantBits - 1);
  let mantLo: bigint;
  let expLo: number;
  if (mant > 2 ** flt.mantBits || exp === minExp) {
    mantLo = m - 1n;
    expLo = exp;
  } else {
    mantLo = 2n * m - 1n;
    expLo = exp - 1;
  }
  const lower = exactDecimal(2n * mantLo + 1n, expLo - flt.mantBits - 1);
  // The bounds themselves round to this float only if its mantissa is even.
  const inclusive = mant % 2 === 0;

  // 0: d and upper agree so far; 1: they differ by exactly one unit followed
  // by 9s in d and 0s in upper; 2: rounding up certainly stays below upper.
  let upperDelta = 0;
  for (let ui = 0; ; ui++) {
    const mi = ui - upper.dp + d.dp;
    if (mi >= d.d.length) break;
    const li = ui - upper.dp + lower.dp;
    const l = li >= 0 && li < lower.d.length ? lower.d.charCodeAt(li) : 0x30;
    const md = mi >= 0 ? d.d.charCodeAt(mi) : 0x30;
    const u = ui < upper.d.length ? upper.d.charCodeAt(ui) : 0x30;

    const okDown = l !== md || (inclusive && li + 1 === lower.d.length);
    if (upperDelta === 0 && md + 1 < u) upperDelta = 2;
    else if (upperDelta === 0 && md !== u) upperDelta = 1;
    else if (upperDelta === 1 && (md !== 0x39 || u !== 0x30)) upperDelta = 2;
    const okUp = upperDelta > 0 && (inclusive || upperDelta > 1 || ui + 1 < upper.d.length);

    if (okDown && okUp) return roundDecimal(d, mi + 1);
    if (okDown) return roundDown(d, mi + 1);
    if (okUp) return roundUp(d, mi + 1);
  }
  return d;
}

function formatDigits(shortest: boolean, neg: boolean, digs: Decimal, prec: number, fmt: string): string {
  switch (fmt) {
    case "e":
    case "E":
      return formatE(neg, digs, prec, fmt);
    case "f":
      return formatF(neg, digs, prec);
    default: {
      // 'g' / 'G'
      const nd = digs.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= digs.dp) eprec = nd;
      // %e is used if the exponent is less than -4 or at least the
      // precision; the shortest form decides with precision 6.
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return formatE(neg, digs, prec - 1, fmt === "g" ? "e" : "E");
      }
      if (prec > digs.dp) prec = nd;
      return formatF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}

/** -d.dddde±dd */
function formatE(neg: boolean, digs: Decimal, prec: number, fmt: string): string {
  let s = neg ? "-" : "";
  const nd = digs.d.length;
  s += nd === 0 ? "0" : digs.d.slice(0, 1);
  if (prec > 0) {
    s += ".";
    const m = Math.min(nd, prec + 1);
    if (m > 1) s += digs.d.slice(1, m);
    const have = Math.max(m, 1);
    if (prec + 1 > have) s += "0".repeat(prec + 1 - have);
  }
  const exp = nd === 0 ? 0 : digs.dp - 1;
  s += fmt;
  return s + exponent(exp);
}

/** -ddddd.dddd */
function formatF(neg: boolean, digs: Decimal, prec: number): string {
  let s = neg ? "-" : "";
  const nd = digs.d.length;
  if (digs.dp > 0) {
    const m = Math.min(nd, digs.dp);
    s += digs.d.slice(0, m);
    if (m < digs.dp) s += "0".repeat(digs.dp - m);
  } else {
    s += "0";
  }
  if (prec > 0) {
    s += ".";
    // Fraction digit i is digit dp+i of d.
    const from = digs.dp;
    const lead = Math.min(Math.max(-from, 0), prec); // zeros before the first digit
    s += "0".repeat(lead);
    const start = from + lead;
    const take = Math.max(Math.min(nd - start, prec - lead), 0);
    s += digs.d.slice(start, start + take);
    s += "0".repeat(prec - lead - take);
  }
  return s;
}

/** -ddddp±ddd */
function formatBinary(neg: boolean, mant: number, exp: number, flt: FloatInfo): string {
  const e = exp - flt.mantBits;
  return `${neg ? "-" : ""}${mant}p${e >= 0 ? "+" : ""}${e}`;
}

const MASK60 = (1n << 60n) - 1n;
const MASK64 = (1n << 64n) - 1n;
const LOWER_HEX = "0123456789abcdef";
const UPPER_HEX = "0123456789ABCDEF";

/** -0x1.yyyyp±dd (or -0x0p+00 for zero). */
function formatHex(neg: boolean, mant0: number, exp: number, prec: number, fmt: "x" | "X", flt: FloatInfo): string {
  let mant = BigInt(mant0);
  if (mant === 0n) exp = 0;
  // Shift so that the leading 1 (if any) is bit 60.
  mant <<= BigInt(60 - flt.mantBits);
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & MASK60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n; // carried into a new leading digit
      exp++;
    }
  }
  const hex = fmt === "X" ? UPPER_HEX : LOWER_HEX;
  let s = `${neg ? "-" : ""}0${fmt}${((mant >> 60n) & 1n) === 1n ? "1" : "0"}`;
  mant = (mant << 4n) & MASK64; // drop the leading digit
  const digit = (): string => {
    const c = hex[Number((mant >> 60n) & 15n)] ?? "";
    mant = (mant << 4n) & MASK64;
    return c;
  };
  if (prec < 0 && mant !== 0n) {
    s += ".";
    while (mant !== 0n) s += digit();
  } else if (prec > 0) {
    s += ".";
    for (let i = 0; i < prec; i++) s += digit();
  }
  s += fmt === "X" ? "P" : "p";
  return s + exponent(exp);
}

/** strconv.FormatInt / FormatUint: i in the given base (2–36), lower-case letters. */
export function formatInt(i: bigint | number, base = 10): string {
  if (!Number.isInteger(base) || base < 2 || base > 36) throw new RangeError("strconv: illegal AppendInt/FormatInt base");
  return BigInt(i).toString(base);
}

// ---------------------------------------------------------------------------
// UTF-8, as Go decodes it.

export const RUNE_ERROR = 0xfffd;
export const MAX_RUNE = 0x10ffff;

/** utf8.ValidRune */
export function validRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= MAX_RUNE);
}

/**
 * utf8.DecodeRune on b[i:]: the rune and its width. Invalid encodings
 * (overlong, surrogates, out of range, truncated) yield (RuneError, 1).
 */
export function decodeRune(b: Uint8Array, i: number): [rune: number, size: number] {
  const n = b.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const b0 = b[i] ?? 0;
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number, lo = 0x80, hi = 0xbf): number => {
    const c = b[i + k];
    return c !== undefined && c >= lo && c <= hi ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? [RUNE_ERROR, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = b0 === 0xe0 ? cont(1, 0xa0) : b0 === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return [RUNE_ERROR, 1];
    return [((b0 & 0x0f) << 12) | (c1 << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = b0 === 0xf0 ? cont(1, 0x90) : b0 === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return [RUNE_ERROR, 1];
    return [((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3, 4];
  }
  return [RUNE_ERROR, 1];
}

/** The code point at s[i] and its length in UTF-16 units; a lone surrogate reads as U+FFFD. */
function codePointAt(s: string, i: number): [rune: number, units: number] {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return [((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, 2];
  }
  if (c >= 0xd800 && c <= 0xdfff) return [RUNE_ERROR, 1];
  return [c, 1];
}

// ---------------------------------------------------------------------------
// Printable runes (strconv.IsPrint = unicode.IsPrint, Unicode 15.0 as in Go 1.26).

/**
 * Ranges of printable runes above U+00FF, generated from Go 1.26's
 * strconv.IsPrint: space-separated "gap.length" pairs in base 36, where gap
 * is the distance from the previous range's last rune to this range's first
 * rune and length is last − first.
 */
const PRINT_RANGES =
  "74.hj 3.5 5.6 2.0 2.j 2.b0 2.11 3.1d 3.2 2.1i 9.q 5.5 i.l 2.5b 2.1b 3.1m 3.2s f.1m 3.1c 3.e 2.r 3.0 " +
  "2.a 6.u a.21 2.4g 2.7 3.1 3.l 2.6 2.0 4.3 3.8 3.1 3.3 9.0 5.1 2.4 3.o 3.2 2.5 5.1 3.l 2.6 2.1 2.1 " +
  "2.1 3.0 2.4 5.1 3.2 4.0 8.3 2.0 8.g b.2 2.8 2.2 2.l 2.6 2.1 2.4 3.9 2.2 2.2 3.0 g.3 3.b 8.6 2.2 2.7 " +
  "3.1 3.l 2.6 2.1 2.4 3.8 3.1 3.2 8.2 5.1 2.4 3.h b.1 2.5 4.2 2.3 4.1 2.0 2.1 4.1 4.2 4.b 5.4 4.2 2.3 " +
  "3.0 7.0 f.k 6.c 2.2 2.m 2.f 3.8 2.2 2.3 8.1 2.2 3.0 3.3 3.9 8.l 2.2 2.m 2.9 2.4 3.8 2.2 2.3 8.1 7.1 " +
  "2.3 3.9 2.2 d.c 2.2 2.1e 2.2 2.5 5.f 3.p 2.2 2.h 4.n 2.8 2.0 3.6 4.0 5.5 2.0 2.7 7.9 3.2 d.1l 5.s " +
  "12.1 2.0 2.4 2.n 2.0 2.m 3.4 2.0 2.6 2.9 3.3 x.1z 2.z 5.12 2.z 2.e 2.c 12.5h 2.0 6.0 3.ag 2.3 3.6 " +
  "2.0 2.3 3.14 2.3 3.w 2.3 3.6 2.0 2.3 3.e 2.1k 2.3 3.1u 3.v 4.p 7.2d 3.5 3.hr 2.r 4.2g 8.l a.n a.j " +
  "d.c 2.2 2.1 d.2l 3.9 7.9 7.d 2.a 7.2g 8.16 6.1x b.u 2.b 5.b 5.0 4.15 3.4 c.17 5.p 7.a 4.1p 3.1s 2.s " +
  "3.a 7.9 7.d 3.u 1e.24 4.1a 2.37 9.1n 4.e 4.1n 8.16 3.a 9.16 6.et 3.5 3.11 3.5 3.7 2.0 2.0 2.0 2.u " +
  "3.1g 2.e 2.d 3.5 2.i 3.2 2.8 i.n 9.1a i.1 3.q 2.c 4.w g.w g.3v 5.ie q.a m.1eb 3.v 2.9o 6.18 2.0 6.0 " +
  "3.1j 8.1 f.n a.6 2.6 2.6 2.6 2.6 2.6 2.6 2.6 2.3h z.p 2.2g d.5x r.b 6.1q 2.2d 3.2u 6.16 2.2l 2.2b " +
  "d.1a 2.mlo 4.1i a.9n l.53 9.5m 6.1 2.0 2.4 p.1m 4.9 7.1j 9.1x 9.b 7.37 c.t 4.25 2.a 5.w 2.1i a.d " +
  "3.9 3.2u p.r b.5 3.5 3.5 a.6 2.6 2.1n 5.3h 3.9 7.8mb d.m 5.1c 6it.a5 3.2x 13.6 d.4 6.p 2.4 2.0 2.1 " +
  "2.1 2.3g h.cc 3.1h 8.0 x.15 7.1e 2.i 2.3 5.4 2.3q 5.59 4.5 3.5 3.5 3.2 4.6 2.6 e.1 3.b 2.p 2.i 2.1 " +
  "2.e 3.d z.3e 6.2 5.18 4.2f 2.c 4.0 1c.19 3n.s 4.1c g.r 5.z a.t 6.16 6.t 2.10 5.d 17.4d 3.9 7.z 5.z " +
  "5.13 9.1f c.b 2.e 2.6 2.1 2.a 2.e 2.6 2.1 1w.8m a.l b.7 p.5 2.15 2.8 1y.5 3.0 2.17 2.1 4.0 3.m 2.1z " +
  "9.8 1d.i 2.1 6.w 4.q 6.0 1t.1j 5.j 3.1d 2.1 6.7 2.2 2.s 3.2 5.9 8.8 8.1r x.12 5.b a.1h 4.s 3.q 6.p " +
  "8.3 d.6 29.20 1k.1e e.1e 8.19 9.9 87.u 2.15 2.2 3.1 24.16 9.15 n.p 13.r l.m a.25 5.z a.1p 2.4 e.o " +
  "8.9 7.1g 2.h 9.12 a.2n 2.j c.h 2.1a 1r.6 2.0 2.3 2.e 2.a 7.1m 6.9 7.3 2.7 3.1 3.l 2.6 2.1 2.4 2.9 " +
  "3.1 3.2 3.0 7.0 6.6 3.6 4.4 3w.2j 2.4 v.1z 9.9 4n.1h 3.11 z.1w c.9 7.c k.1l 7.9 1j.q 3.e 5.m 56.1n " +
  "2t.2a d.7 3.0 3.7 2.1 2.t 2.1 3.b a.9 1z.7 3.19 3.a s.1z 9.2a e.20 8.9 6v.8 2.18 2.d b.s 4.v 3.l " +
  "2.d 22.6 2.1 2.17 4.0 2.1 2.8 9.9 7.5 2.1 2.10 2.1 2.5 8.9 8n.o 8.g 2.14 4.r 2f.0 g.1d e.pm 2v.32 " +
  "2.4 c.5f 219.2q e.tr h.l 33f.g6 6nu.fs 8.u 2.9 5.28 2.9 7.t 3.5 b.1x b.9 2.6 2.k 6.i j5.2i 2u.22 " +
  "5.1k 8.g 1t.4 c.1 f.4qf 9.yd 17.8 6w8.3 2.6 2.1 2.82 g.0 u.2 3.0 f.3 9.az 1s5.2y 6.c 4.8 8.9 3.3 " +
  "3mp.19 3.m a.37 1p.6t b.12 3.21 9.33 m.1x 3f.j d.j d.2e a.o 3s.2c 2.1y 2.1 3.0 3.1 3.3 2.b 2.0 2.6 " +
  "2.1s 2.3 3.7 2.6 2.r 2.3 2.4 2.0 4.6 2.9f 3.83 3.jh g.4 2.e up.u 7.5 5y.6 2.g 3.6 2.1 2.4 6.1p y.0 " +
  "35.18 4.d 3.9 5.1 8x.u i.1l 6.0 cx.15 kn.6 2.3 2.1 2.e 2.5g 3.f 16.23 5.9 5.1 lu.1v 25.1o 5f.3 2.q " +
  "2.1 2.0 3.0 2.9 2.3 2.0 2.0 7.0 5.0 2.0 2.0 2.2 2.1 2.0 3.0 2.0 2.0 2.0 2.0 2.1 2.0 3.3 2.6 2.3 2.3 " +
  "2.0 2.9 2.g 6.2 2.4 2.g 1h.1 7j.17 5.2r d.e 3.e 2.e 2.10 b.4t 1l.s e.17 5.8 8.1 f.5 4b.rb 5.g 4.c " +
  "4.3a 5.2m 7.b 5.0 g.b 5.1j 9.9 7.13 9.t 3.1 27.9f d.d 3.c 4.8 8.19 2.6 9.d 5.8 8.8 8.42 2.1i 12.9 " +
  "sn.wyn x.37d 7.65 3.4g1 f.5rk 2e8.f1 15v.3t6 6.38f f9e9.6n";

let printRanges: Uint32Array | undefined;

function loadPrintRanges(): Uint32Array {
  const parts = PRINT_RANGES.split(" ");
  const out = new Uint32Array(parts.length * 2);
  let prev = 0;
  parts.forEach((p, k) => {
    const [gap = "", len = ""] = p.split(".");
    const start = prev + parseInt(gap, 36);
    const end = start + parseInt(len, 36);
    out[2 * k] = start;
    out[2 * k + 1] = end;
    prev = end;
  });
  return out;
}

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
export function isPrint(r: number): boolean {
  if (r <= 0xff) {
    if (r >= 0x20 && r <= 0x7e) return true;
    if (r >= 0xa1 && r <= 0xff) return r !== 0xad;
    return false;
  }
  if (r > MAX_RUNE) return false;
  const t = (printRanges ??= loadPrintRanges());
  // Binary search for the last range starting at or before r.
  let lo = 0;
  let hi = t.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((t[2 * mid] ?? 0) <= r) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && r <= (t[2 * hi + 1] ?? 0);
}

// ---------------------------------------------------------------------------
// Quoting.

const QUOTE_FAST = /^[\x20-\x7e]*$/;

function hexDigits(r: number, n: number): string {
  return r.toString(16).padStart(n, "0");
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return `\\${String.fromCharCode(r)}`;
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
    default:
      break;
  }
  if (r < 0x20 || r === 0x7f) return `\\x${hexDigits(r, 2)}`;
  if (!validRune(r)) r = RUNE_ERROR;
  if (r < 0x10000) return `\\u${hexDigits(r, 4)}`;
  return `\\U${hexDigits(r, 8)}`;
}

function quoteWith(s: string | Uint8Array, quote: string, asciiOnly: boolean): string {
  const q = quote.charCodeAt(0);
  let out = quote;
  if (typeof s === "string") {
    if (QUOTE_FAST.test(s) && !s.includes(quote) && !s.includes("\\")) return quote + s + quote;
    // Runs of printable ASCII other than the quote and backslash are copied as they are.
    let copied = 0;
    for (let i = 0; i < s.length; ) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f && c !== q && c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(copied, i);
      const [r, units] = codePointAt(s, i);
      i += units;
      out += escapeRune(r, q, asciiOnly);
      copied = i;
    }
    out += s.slice(copied);
  } else {
    for (let i = 0; i < s.length; ) {
      const [r, size] = decodeRune(s, i);
      if (size === 1 && r === RUNE_ERROR) {
        out += `\\x${hexDigits(s[i] ?? 0, 2)}`;
      } else {
        out += escapeRune(r, q, asciiOnly);
      }
      i += size;
    }
  }
  return out + quote;
}

/** strconv.Quote: a double-quoted Go string literal; a Uint8Array is taken as raw (possibly invalid) UTF-8. */
export function quote(s: string | Uint8Array): string {
  return quoteWith(s, '"', false);
}

/** strconv.QuoteToASCII: like quote, escaping every non-ASCII rune. */
export function quoteToASCII(s: string | Uint8Array): string {
  return quoteWith(s, '"', true);
}

function quoteRuneWith(r: number, asciiOnly: boolean): string {
  if (!validRune(r)) r = RUNE_ERROR;
  return `'${escapeRune(r, 0x27, asciiOnly)}'`;
}

/** strconv.QuoteRune: a single-quoted Go character literal. */
export function quoteRune(r: number): string {
  return quoteRuneWith(r, false);
}

/** strconv.QuoteRuneToASCII */
export function quoteRuneToASCII(r: number): string {
  return quoteRuneWith(r, true);
}

/** strconv.CanBackquote: whether s can be a raw string literal (no control characters but tab, no backquote, no BOM). */
export function canBackquote(s: string | Uint8Array): boolean {
  const check = (r: number, size: number): boolean => {
    if (size > 1) return r !== 0xfeff;
    if (r === RUNE_ERROR) return false;
    return !((r < 0x20 && r !== 0x09) || r === 0x60 || r === 0x7f);
  };
  if (typeof s === "string") {
    for (let i = 0; i < s.length; ) {
      const [r, units] = codePointAt(s, i);
      i += units;
      // Everything from U+0080 up (including a lone surrogate, encoded as U+FFFD) is multi-byte.
      if (!check(r, r >= 0x80 ? 2 : 1)) return false;
    }
    return true;
  }
  for (let i = 0; i < s.length; ) {
    const [r, size] = decodeRune(s, i);
    if (!check(r, size)) return false;
    i += size;
  }
  return true;
}

/** Go's exponent suffix: a sign and at least two digits ("+06", "-10"). */
function exponent(exp: number): string {
  const a = Math.abs(exp);
  return (exp < 0 ? "-" : "+") + (a < 10 ? `0${a}` : `${a}`);
}
