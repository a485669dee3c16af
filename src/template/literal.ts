/**
 * Go literal helpers for the template parser: strconv's quoting and
 * unquoting, its integer and float parsers (base 0, underscores, hex
 * floats), fmt's scanning of complex numbers, and the construction of a
 * number node's values exactly as text/template/parse's newNumber does it.
 *
 * JavaScript strings are UTF-16, so the Go notion of "bytes" is emulated
 * where it is observable: escapes such as "\xc3\xa9" are collected as
 * bytes and decoded as UTF-8 (invalid sequences become U+FFFD).
 */

/** An error whose message is the text Go's error would print. */
export class LiteralError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LiteralError";
  }
}

import { isPrint, quote } from "./strconv.ts";

const ERR_SYNTAX = "invalid syntax";
const ERR_RANGE = "value out of range";

// ---------------------------------------------------------------------------
// Character classes

/** Go's unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) {
    return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0;
  }
  return (
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** The code point at index i of s (a lone surrogate yields its own value). */
function codePointAt(s: string, i: number): number {
  const c = s.codePointAt(i);
  return c ?? -1;
}

// ---------------------------------------------------------------------------
// Quoting

/** Go's fmt "%.Nq": quote the first n runes of s, as the parser's item printing does. */
export function goQuotePrefix(s: string, runes: number): string {
  let i = 0;
  for (let k = 0; k < runes && i < s.length; k++) i += codePointAt(s, i) > 0xffff ? 2 : 1;
  return quote(s.slice(0, i));
}

/** Go's fmt "%#U": "U+0078 'x'" (the character only when printable). */
export function formatRuneU(cp: number): string {
  const base = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return isPrint(cp) ? `${base} '${String.fromCodePoint(cp)}'` : base;
}

// ---------------------------------------------------------------------------
// Unquoting

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function validRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);
}

interface UnquotedChar {
  value: number;
  /** False for \x and octal escapes, whose value is a single byte. */
  multibyte: boolean;
  /** Index in the input just after the character. */
  next: number;
}

/**
 * Go's strconv.UnquoteChar applied to s starting at index i.
 * Throws LiteralError("invalid syntax").
 */
function unquoteCharAt(s: string, i: number, quote: number): UnquotedChar {
  if (i >= s.length) throw new LiteralError(ERR_SYNTAX);
  const c = s.charCodeAt(i);
  if (c === quote && (quote === 0x27 || quote === 0x22)) throw new LiteralError(ERR_SYNTAX);
  if (c >= 0x80) {
    const cp = codePointAt(s, i);
    return { value: cp, multibyte: true, next: i + (cp > 0xffff ? 2 : 1) };
  }
  if (c !== 0x5c) return { value: c, multibyte: false, next: i + 1 };
  if (i + 1 >= s.length) throw new LiteralError(ERR_SYNTAX);
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  let value: number;
  let multibyte = false;
  switch (e) {
    case 0x61: // a
      value = 0x07;
      break;
    case 0x62: // b
      value = 0x08;
      break;
    case 0x66: // f
      value = 0x0c;
      break;
    case 0x6e: // n
      value = 0x0a;
      break;
    case 0x72: // r
      value = 0x0d;
      break;
    case 0x74: // t
      value = 0x09;
      break;
    case 0x76: // v
      value = 0x0b;
      break;
    case 0x78: // x
    case 0x75: // u
    case 0x55: {
      // U
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      if (s.length - j < n) throw new LiteralError(ERR_SYNTAX);
      let v = 0;
      for (let k = 0; k < n; k++) {
        const x = unhex(s.charCodeAt(j + k));
        if (x < 0) throw new LiteralError(ERR_SYNTAX);
        v = v * 16 + x;
      }
      j += n;
      if (e === 0x78) {
        value = v;
        break;
      }
      if (!validRune(v)) throw new LiteralError(ERR_SYNTAX);
      value = v;
      multibyte = true;
      break;
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      let v = e - 0x30;
      if (s.length - j < 2) throw new LiteralError(ERR_SYNTAX);
      for (let k = 0; k < 2; k++) {
        const x = s.charCodeAt(j + k) - 0x30;
        if (x < 0 || x > 7) throw new LiteralError(ERR_SYNTAX);
        v = (v << 3) | x;
      }
      j += 2;
      if (v > 255) throw new LiteralError(ERR_SYNTAX);
      value = v;
      break;
    }
    case 0x5c:
      value = 0x5c;
      break;
    case 0x27:
    case 0x22:
      if (e !== quote) throw new LiteralError(ERR_SYNTAX);
      value = e;
      break;
    default:
      throw new LiteralError(ERR_SYNTAX);
  }
  return { value, multibyte, next: j };
}

const utf8Decoder = new TextDecoder("utf-8");

/** Accumulates unquoted output: whole characters, and raw bytes from \x and octal escapes. */
class Unquoted {
  private parts: string[] = [];
  private bytes: number[] = [];

  addByte(b: number): void {
    this.bytes.push(b);
  }

  addRune(cp: number): void {
    this.flush();
    this.parts.push(String.fromCodePoint(cp));
  }

  private flush(): void {
    if (this.bytes.length > 0) {
      this.parts.push(utf8Decoder.decode(new Uint8Array(this.bytes)));
      this.bytes = [];
    }
  }

  toString(): string {
    this.flush();
    return this.parts.join("");
  }
}

/**
 * Go's strconv.Unquote for "…", `…` and '…' literals.
 * Throws LiteralError("invalid syntax").
 */
export function unquote(s: string): string {
  if (s.length < 2) throw new LiteralError(ERR_SYNTAX);
  const quote = s.charCodeAt(0);
  const end = s.indexOf(s.charAt(0), 1);
  if (end < 0) throw new LiteralError(ERR_SYNTAX);
  if (quote === 0x60) {
    // Raw string: carriage returns are discarded.
    if (end !== s.length - 1) throw new LiteralError(ERR_SYNTAX);
    return s.slice(1, end).replaceAll("\r", "");
  }
  if (quote !== 0x22 && quote !== 0x27) throw new LiteralError(ERR_SYNTAX);
  const body = s.slice(1, end);
  if (!body.includes("\\") && !body.includes("\n")) {
    let valid: boolean;
    if (quote === 0x22) {
      valid = true;
    } else {
      const cp = codePointAt(body, 0);
      valid = body.length === 0 || body.length === (cp > 0xffff ? 2 : 1);
    }
    if (valid) {
      if (end !== s.length - 1) throw new LiteralError(ERR_SYNTAX);
      return body;
    }
  }
  const out = new Unquoted();
  let i = 1;
  while (i < s.length && s.charCodeAt(i) !== quote) {
    if (s.charCodeAt(i) === 0x0a) throw new LiteralError(ERR_SYNTAX);
    const ch = unquoteCharAt(s, i, quote);
    i = ch.next;
    if (ch.value < 0x80 || !ch.multibyte) out.addByte(ch.value);
    else out.addRune(ch.value);
    if (quote === 0x27) break;
  }
  if (!(i < s.length && s.charCodeAt(i) === quote)) throw new LiteralError(ERR_SYNTAX);
  if (i + 1 !== s.length) throw new LiteralError(ERR_SYNTAX);
  return out.toString();
}

// ---------------------------------------------------------------------------
// Integers

/** The result of a Go strconv parse: the value and the error (null when none). */
export interface ParseResult<T> {
  value: T;
  err: null | "invalid syntax" | "value out of range";
}

const MAX_UINT64 = (1n << 64n) - 1n;

function lower(c: number): number {
  return c | 0x20;
}

/** Go's strconv.ParseUint(s, base, 64) for base 0 or 2..36. */
export function parseUint(s: string, base: number): ParseResult<bigint> {
  if (s === "") return { value: 0n, err: ERR_SYNTAX };
  const base0 = base === 0;
  const s0 = s;
  let i = 0;
  if (base0) {
    base = 10;
    if (s.charCodeAt(0) === 0x30) {
      const c1 = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (c1 === 0x62) {
        base = 2;
        i = 2;
      } else if (c1 === 0x6f) {
        base = 8;
        i = 2;
      } else if (c1 === 0x78) {
        base = 16;
        i = 2;
      } else {
        base = 8;
        i = 1;
      }
    }
  } else if (base < 2 || base > 36) {
    throw new RangeError(`invalid base ${base}`);
  }
  const bigBase = BigInt(base);
  let underscores = false;
  let n = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) {
      d = c - 0x30;
    } else if (lower(c) >= 0x61 && lower(c) <= 0x7a) {
      d = lower(c) - 0x61 + 10;
    } else {
      return { value: 0n, err: ERR_SYNTAX };
    }
    if (d >= base) return { value: 0n, err: ERR_SYNTAX };
    n = n * bigBase + BigInt(d);
    if (n > MAX_UINT64) return { value: MAX_UINT64, err: ERR_RANGE };
  }
  if (underscores && !underscoreOK(s0)) return { value: 0n, err: ERR_SYNTAX };
  return { value: n, err: null };
}

/** Go's strconv.ParseInt(s, base, 64). */
export function parseInt64(s: string, base: number): ParseResult<bigint> {
  if (s === "") return { value: 0n, err: ERR_SYNTAX };
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b) s = s.slice(1);
  else if (c0 === 0x2d) {
    s = s.slice(1);
    neg = true;
  }
  const un = parseUint(s, base);
  if (un.err !== null && un.err !== ERR_RANGE) return { value: 0n, err: un.err };
  const cutoff = 1n << 63n;
  if (!neg && un.value >= cutoff) return { value: cutoff - 1n, err: ERR_RANGE };
  if (neg && un.value > cutoff) return { value: -cutoff, err: ERR_RANGE };
  return { value: neg ? -un.value : un.value, err: null };
}

/** Go's strconv.Atoi on a 64-bit platform. */
function atoi(s: string): ParseResult<bigint> {
  if (s.length > 0 && s.length < 19) {
    let i = 0;
    const c0 = s.charCodeAt(0);
    if (c0 === 0x2d || c0 === 0x2b) {
      i = 1;
      if (s.length < 2) return { value: 0n, err: ERR_SYNTAX };
    }
    let n = 0n;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return { value: 0n, err: ERR_SYNTAX };
      n = n * 10n + BigInt(d);
    }
    return { value: c0 === 0x2d ? -n : n, err: null };
  }
  return parseInt64(s, 10);
}

/** Go's underscoreOK: underscores only between digits or after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.length >= 1 && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  let isHex = false;
  if (s.length >= 2 && s[0] === "0") {
    const c1 = lower(s.charCodeAt(1));
    if (c1 === 0x62 || c1 === 0x6f || c1 === 0x78) {
      i = 2;
      saw = "0";
      isHex = c1 === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (isHex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = "0";
      continue;
    }
    if (c === 0x5f) {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

// ---------------------------------------------------------------------------
// Floats

interface ReadFloat {
  ok: boolean;
  /** Bytes consumed. */
  n: number;
  hex: boolean;
  neg: boolean;
  trunc: boolean;
  mantissa: bigint;
  exp: number;
}

const MAX_UINT64_N = MAX_UINT64;

/** Go's readFloat: scan a decimal or hexadecimal float prefix of s. */
function readFloat(s: string): ReadFloat {
  const r: ReadFloat = { ok: false, n: 0, hex: false, neg: false, trunc: false, mantissa: 0n, exp: 0 };
  let underscores = false;
  let i = 0;
  if (i >= s.length) return r;
  if (s[i] === "+") i++;
  else if (s[i] === "-") {
    i++;
    r.neg = true;
  }
  let base = 10n;
  let maxMantDigits = 19;
  let expChar = 0x65; // 'e'
  if (i + 2 < s.length && s[i] === "0" && lower(s.charCodeAt(i + 1)) === 0x78) {
    base = 16n;
    maxMantDigits = 16;
    i += 2;
    expChar = 0x70; // 'p'
    r.hex = true;
  }
  let sawdot = false;
  let sawdigits = false;
  let nd = 0;
  let ndMant = 0;
  let dp = 0;
  let mantissa = 0n;
  loop: for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      underscores = true;
      continue;
    }
    if (c === 0x2e) {
      if (sawdot) break loop;
      sawdot = true;
      dp = nd;
      continue;
    }
    if (c >= 0x30 && c <= 0x39) {
      sawdigits = true;
      if (c === 0x30 && nd === 0) {
        dp--;
        continue;
      }
      nd++;
      if (ndMant < maxMantDigits) {
        mantissa = mantissa * base + BigInt(c - 0x30);
        ndMant++;
      } else if (c !== 0x30) {
        r.trunc = true;
      }
      continue;
    }
    if (base === 16n && lower(c) >= 0x61 && lower(c) <= 0x66) {
      sawdigits = true;
      nd++;
      if (ndMant < maxMantDigits) {
        mantissa = mantissa * 16n + BigInt(lower(c) - 0x61 + 10);
        ndMant++;
      } else {
        r.trunc = true;
      }
      continue;
    }
    break;
  }
  r.n = i;
  if (!sawdigits) return r;
  if (!sawdot) dp = nd;
  if (base === 16n) {
    dp *= 4;
    ndMant *= 4;
  }
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    r.n = i;
    if (i >= s.length) return r;
    let esign = 1;
    if (s[i] === "+") i++;
    else if (s[i] === "-") {
      i++;
      esign = -1;
    }
    r.n = i;
    if (i >= s.length || s.charCodeAt(i) < 0x30 || s.charCodeAt(i) > 0x39) return r;
    let e = 0;
    for (; i < s.length && ((s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) || s[i] === "_"); i++) {
      if (s[i] === "_") {
        underscores = true;
        continue;
      }
      if (e < 10000) e = e * 10 + s.charCodeAt(i) - 0x30;
    }
    dp += e * esign;
  } else if (base === 16n) {
    return r; // hexadecimal mantissas need a 'p' exponent
  }
  r.n = i;
  if (mantissa !== 0n) r.exp = dp - ndMant;
  if (underscores && !underscoreOK(s.slice(0, i))) return r;
  r.mantissa = mantissa;
  r.ok = true;
  return r;
}

const F64_MANTBITS = 52n;
const F64_EXPBITS = 11;
const F64_BIAS = -1023;

/** Go's atofHex for float64: round a binary mantissa/exponent pair. */
function atofHex(mantissa: bigint, exp: number, neg: boolean, trunc: boolean): ParseResult<number> {
  const maxExp = (1 << F64_EXPBITS) + F64_BIAS - 2;
  const minExp = F64_BIAS + 1;
  exp += Number(F64_MANTBITS);
  while (mantissa !== 0n && mantissa >> (F64_MANTBITS + 2n) === 0n) {
    mantissa <<= 1n;
    exp--;
  }
  if (trunc) mantissa |= 1n;
  while (mantissa >> (1n + F64_MANTBITS + 2n) !== 0n) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  while (mantissa > 1n && exp < minExp - 2) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  let round = mantissa & 3n;
  mantissa >>= 2n;
  round |= mantissa & 1n;
  exp += 2;
  if (round === 3n) {
    mantissa++;
    if (mantissa === 1n << (1n + F64_MANTBITS)) {
      mantissa >>= 1n;
      exp++;
    }
  }
  if (mantissa >> F64_MANTBITS === 0n) exp = F64_BIAS;
  let err: ParseResult<number>["err"] = null;
  if (exp > maxExp) {
    mantissa = 1n << F64_MANTBITS;
    exp = maxExp + 1;
    err = ERR_RANGE;
  }
  let bits = mantissa & ((1n << F64_MANTBITS) - 1n);
  bits |= BigInt((exp - F64_BIAS) & ((1 << F64_EXPBITS) - 1)) << F64_MANTBITS;
  if (neg) bits |= 1n << 63n;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits & MAX_UINT64_N);
  return { value: view.getFloat64(0), err };
}

/** Go's special(): "inf", "infinity" (optionally signed) and "nan", case-insensitively. */
function special(s: string): { value: number; n: number } | null {
  if (s.length === 0) return null;
  let sign = 1;
  let nsign = 0;
  let rest = s;
  const c0 = s[0];
  if (c0 === "+" || c0 === "-") {
    if (c0 === "-") sign = -1;
    nsign = 1;
    rest = s.slice(1);
  } else if (c0 === "n" || c0 === "N") {
    return rest.slice(0, 3).toLowerCase() === "nan" ? { value: NaN, n: 3 } : null;
  } else if (c0 !== "i" && c0 !== "I") {
    return null;
  }
  const target = "infinity";
  let n = 0;
  while (n < target.length && n < rest.length && rest[n]?.toLowerCase() === target[n]) n++;
  if (n > 3 && n < 8) n = 3;
  if (n === 3 || n === 8) return { value: sign * Infinity, n: nsign + n };
  return null;
}

/** Go's strconv.ParseFloat(s, 64). */
export function parseFloat64(s: string): ParseResult<number> {
  const sp = special(s);
  if (sp !== null) {
    return sp.n === s.length ? { value: sp.value, err: null } : { value: 0, err: ERR_SYNTAX };
  }
  const r = readFloat(s);
  if (!r.ok || r.n !== s.length) return { value: 0, err: ERR_SYNTAX };
  if (r.hex) return atofHex(r.mantissa, r.exp, r.neg, r.trunc);
  // A syntactically valid decimal: JavaScript's conversion is correctly rounded, as Go's is.
  const f = Number(s.replaceAll("_", ""));
  if (!Number.isFinite(f)) return { value: f, err: ERR_RANGE };
  return { value: f, err: null };
}

// ---------------------------------------------------------------------------
// Complex numbers, as fmt.Sscan scans them

function numError(fn: string, num: string, err: string): LiteralError {
  return new LiteralError(`strconv.${fn}: parsing ${quote(num)}: ${err}`);
}

const ERR_COMPLEX = "syntax error scanning complex number";

class Scanner {
  private pos = 0;
  buf = "";
  private readonly s: string;

  constructor(s: string) {
    this.s = s;
  }

  /** fmt's ss.accept: take the next rune if it is in ok. */
  accept(ok: string): boolean {
    if (this.pos >= this.s.length) return false;
    const cp = codePointAt(this.s, this.pos);
    const ch = String.fromCodePoint(cp);
    if (ok.includes(ch)) {
      this.buf += ch;
      this.pos += ch.length;
      return true;
    }
    return false;
  }

  skipSpace(): void {
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x0d && this.s.charCodeAt(this.pos + 1) === 0x0a) {
        this.pos++;
        continue;
      }
      if (c === 0x0a || isGoSpace(codePointAt(this.s, this.pos))) {
        this.pos += codePointAt(this.s, this.pos) > 0xffff ? 2 : 1;
        continue;
      }
      break;
    }
  }

  atEOF(): boolean {
    return this.pos >= this.s.length;
  }

  floatToken(): string {
    this.buf = "";
    if (this.accept("nN") && this.accept("aA") && this.accept("nN")) return this.buf;
    this.accept("+-");
    if (this.accept("iI") && this.accept("nN") && this.accept("fF")) return this.buf;
    let digits = "0123456789_";
    let exp = "eEpP";
    if (this.accept("0") && this.accept("xX")) {
      digits = "0123456789aAbBcCdDeEfF_";
      exp = "pP";
    }
    while (this.accept(digits));
    if (this.accept(".")) while (this.accept(digits));
    if (this.accept(exp)) {
      this.accept("+-");
      while (this.accept("0123456789_"));
    }
    return this.buf;
  }
}

function ldexp(f: number, e: number): number {
  if (f === 0 || !Number.isFinite(f)) return f;
  e = Math.max(-2200, Math.min(2200, e));
  while (e > 1000) {
    f *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    f *= 2 ** -1000;
    e += 1000;
  }
  return f * 2 ** e;
}

/** fmt's ss.convertFloat. */
function convertFloat(str: string): number {
  const p = str.indexOf("p");
  if (p >= 0 && !/[xX]/.test(str)) {
    const f = parseFloat64(str.slice(0, p));
    if (f.err !== null) throw numError("ParseFloat", str, f.err);
    const m = atoi(str.slice(p + 1));
    if (m.err !== null) throw numError("Atoi", str, m.err);
    return ldexp(f.value, Number(m.value));
  }
  const f = parseFloat64(str);
  if (f.err !== null) throw numError("ParseFloat", str, f.err);
  return f.value;
}

/** fmt.Sscan(text, &complex128). Throws LiteralError with fmt's message. */
export function scanComplex(text: string): [number, number] {
  const sc = new Scanner(text);
  sc.skipSpace();
  if (sc.atEOF()) throw new LiteralError("EOF");
  sc.buf = "";
  const parens = sc.accept("(");
  const real = sc.floatToken();
  sc.buf = "";
  if (!sc.accept("+-")) throw new LiteralError(ERR_COMPLEX);
  const imagSign = sc.buf;
  const imag = sc.floatToken();
  if (!sc.accept("i")) throw new LiteralError(ERR_COMPLEX);
  if (parens && !sc.accept(")")) throw new LiteralError(ERR_COMPLEX);
  return [convertFloat(real), convertFloat(imagSign + imag)];
}

// ---------------------------------------------------------------------------
// Number nodes

/** The values of a template number constant, as parse.NumberNode holds them. */
export interface NumberValue {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  complex128: [number, number];
}

/** The kind of lexer item a number constant came from. */
export type NumberKind = "number" | "charConstant" | "complex";

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

/** Whether float64(int64(f)) == f on amd64 (out-of-range conversions yield MinInt64). */
function floatIsInt64(f: number): boolean {
  return Number.isInteger(f) && f >= -TWO_63 && f < TWO_63;
}

/** Whether float64(uint64(f)) == f on amd64. */
function floatIsUint64(f: number): boolean {
  return Number.isInteger(f) && f >= 0 && f < TWO_64;
}

function simplifyComplex(n: NumberValue): void {
  const [re, im] = n.complex128;
  n.isFloat = im === 0;
  if (n.isFloat) {
    n.float64 = re;
    n.isInt = floatIsInt64(re);
    if (n.isInt) n.int64 = BigInt(re);
    n.isUint = floatIsUint64(re);
    if (n.isUint) n.uint64 = BigInt(re);
  }
}

/**
 * Build a number constant's values exactly as Go's parse.(*Tree).newNumber:
 * char constants are ints (and floats), integers are also floats, floats with
 * integral values are also ints, and so on. Throws LiteralError with Go's
 * message ("illegal number syntax: …", "integer overflow: …", "invalid syntax", …).
 */
export function parseNumber(text: string, kind: NumberKind): NumberValue {
  const n: NumberValue = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex128: [0, 0],
  };
  if (kind === "charConstant") {
    const quote = text.charCodeAt(0);
    const ch = unquoteCharAt(text, 1, quote);
    if (text.slice(ch.next) !== "'") throw new LiteralError(`malformed character constant: ${text}`);
    n.int64 = BigInt(ch.value);
    n.isInt = true;
    n.uint64 = BigInt(ch.value);
    n.isUint = true;
    n.float64 = ch.value;
    n.isFloat = true;
    return n;
  }
  if (kind === "complex") {
    n.complex128 = scanComplex(text);
    n.isComplex = true;
    simplifyComplex(n);
    return n;
  }
  // Imaginary constants can only be complex unless they are zero.
  if (text.endsWith("i")) {
    const f = parseFloat64(text.slice(0, -1));
    if (f.err === null) {
      n.isComplex = true;
      n.complex128 = [0, f.value];
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint(text, 0);
  if (u.err === null) {
    n.isUint = true;
    n.uint64 = u.value;
  }
  const i = parseInt64(text, 0);
  if (i.err === null) {
    n.isInt = true;
    n.int64 = i.value;
    if (i.value === 0n) {
      n.isUint = true; // in case of -0
      n.uint64 = u.err === null ? u.value : 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f.err === null) {
      // Parsed as a float but looks like an integer: too large to fit.
      if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: ${quote(text)}`);
      n.isFloat = true;
      n.float64 = f.value;
      if (floatIsInt64(f.value)) {
        n.isInt = true;
        n.int64 = BigInt(f.value);
      }
      if (floatIsUint64(f.value)) {
        n.isUint = true;
        n.uint64 = BigInt(f.value);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new LiteralError(`illegal number syntax: ${quote(text)}`);
  return n;
}
