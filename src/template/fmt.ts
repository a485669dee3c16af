/**
 * Go's fmt.Sprintf / Sprint / Sprintln over the value model of value.ts,
 * reproducing Go 1.26's output: verbs, flags, width and precision (also from
 * `*` arguments), explicit argument indexes, the `%!verb(type=value)` error
 * forms, and the default formats of maps, slices, structs and pointers.
 *
 * Values: float64 is `number`, integers are `GoInt` (a raw `bigint` is an
 * int), `null` is a nil interface, `undefined` an invalid reflect.Value,
 * `Uint8Array` is []byte, arrays are slices, Maps and plain objects are
 * map[string]interface {}, class instances are structs (a GO_TYPE starting
 * with `*` makes them pointers to structs) and functions are funcs.
 * Struct-like values with a `String()` / `Error()` method (or JS Error
 * instances) are Stringers / errors, and `GoString()` is honoured by %#v.
 *
 * Go cannot print real addresses here: pointers that Go would print as an
 * address (%p, funcs, nested pointers to structs) print a fixed fake address.
 */

import { GoInt, goTypeName, isMap, isStruct, mapGet, sliceElemType, sortedKeys, utf8 } from "./value.ts";
import { canBackquote, decodeRune, formatFloat, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII } from "./strconv.ts";
import type { FloatFormat } from "./strconv.ts";

/** The address printed wherever Go would print a pointer value. */
const FAKE_ADDRESS = 0xc000010000n;
const UINT64 = 1n << 64n;
const INT64_MIN = 1n << 63n;

const INVALID_REFLECT_VALUE = "<invalid reflect.Value>";

/** A pointer argument that text/template's printableValue has indirected: printed as the struct it points to. */
class Indirect {
  readonly target: object;
  constructor(target: object) {
    this.target = target;
  }
}

const textDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** string(b) as Go sees it: invalid bytes become U+FFFD one byte at a time. */
function bytesToString(b: Uint8Array): string {
  try {
    return textDecoder.decode(b);
  } catch {
    let s = "";
    for (let i = 0; i < b.length; ) {
      const [r, size] = decodeRune(b, i);
      s += String.fromCodePoint(r);
      i += size;
    }
    return s;
  }
}

/** utf8.RuneCountInString; lone surrogates count as one rune (they encode as U+FFFD). */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The first n runes of s. */
function truncateRunes(s: string, n: number): string {
  let i = 0;
  for (let k = 0; k < n; k++) {
    if (i >= s.length) return s;
    const c = s.charCodeAt(i);
    const d = s.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
  }
  return s.slice(0, i);
}

/** The first n runes of the UTF-8 bytes b (invalid bytes count as one rune each). */
function truncateRuneBytes(b: Uint8Array, n: number): Uint8Array {
  let i = 0;
  for (let k = 0; k < n; k++) {
    if (i >= b.length) return b;
    i += decodeRune(b, i)[1];
  }
  return b.subarray(0, i);
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Parses a decimal number in s[start:end]; on overflow consumes everything (as Go does). */
function parseNum(s: string, start: number, end: number): [num: number, isNum: boolean, next: number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end && isDigit(s.charCodeAt(i)); i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 0x30);
    isNum = true;
  }
  return [num, isNum, i];
}

/** Parses "[n]" at s[start]; returns the zero-based index, the length consumed and success. */
function parseArgNumber(s: string, start: number): [index: number, width: number, ok: boolean] {
  const len = s.length - start;
  if (len < 3) return [0, 1, false];
  for (let j = 1; j < len; j++) {
    if (s.charCodeAt(start + j) === 0x5d) {
      const [n, ok, next] = parseNum(s, start + 1, start + j);
      if (!ok || next !== start + j) return [0, j + 1, false];
      return [n - 1, j + 1, true];
    }
  }
  return [0, 1, false];
}

/** The integer value of a `*` width/precision argument, if it has integer type. */
function intFromArg(args: readonly unknown[], argNum: number): [num: number, isInt: boolean, next: number] {
  if (argNum >= args.length) return [0, false, argNum];
  const a = args[argNum];
  let num = 0;
  let isInt = false;
  if (a instanceof GoInt) {
    // Every value fits a 64-bit int except uint64 values of 2^63 and above.
    if (a.signed || a.value < INT64_MIN) {
      num = Number(a.value);
      isInt = true;
    }
  } else if (typeof a === "bigint") {
    num = Number(BigInt.asIntN(64, a));
    isInt = true;
  }
  if (tooLarge(num)) return [0, false, argNum + 1];
  return [num, isInt, argNum + 1];
}

function isPointerStruct(v: unknown): v is object {
  return isStruct(v) && goTypeName(v).startsWith("*");
}

/** A method (prototype function, not a field) of a struct-like value. */
function methodOf(v: object, name: string): ((this: object) => unknown) | undefined {
  if (Object.hasOwn(v, name)) return undefined;
  const m = (v as Record<string, unknown>)[name];
  return typeof m === "function" ? (m as (this: object) => unknown) : undefined;
}

function hasStringMethods(v: object): boolean {
  return v instanceof Error || methodOf(v, "Error") !== undefined || methodOf(v, "String") !== undefined;
}

/** reflect.TypeOf(arg).String() for a top-level argument. */
function argTypeName(v: unknown): string {
  if (v === undefined) return "reflect.Value";
  if (v instanceof Indirect) return goTypeName(v.target).replace(/^\*/, "");
  return goTypeName(v);
}

function isUint8Elem(elem: string): boolean {
  return elem === "uint8" || elem === "byte";
}

function toByte(v: unknown): number {
  if (v instanceof GoInt) return Number(BigInt.asUintN(8, v.value));
  if (typeof v === "number") return v & 0xff;
  return 0;
}

class Printer {
  buf = "";

  // Formatting state of the current directive (Go's fmt.fmt).
  private wid = 0;
  private prec = 0;
  private widPresent = false;
  private precPresent = false;
  private minus = false;
  private plus = false;
  private sharp = false;
  private space = false;
  private zero = false;
  /** %+v: print struct field names. */
  private plusV = false;
  /** %#v: Go syntax. */
  private sharpV = false;

  // The operand being printed, for %!verb(type=value) messages: a top-level
  // argument, a nested value, or nothing (nil).
  private curKind: "arg" | "value" | "none" = "none";
  private cur: unknown = undefined;

  private erroring = false;
  private panicking = false;
  private reordered = false;
  private goodArgNum = true;

  private clearFlags(): void {
    this.wid = 0;
    this.prec = 0;
    this.widPresent = false;
    this.precPresent = false;
    this.minus = false;
    this.plus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
  }

  // ----- padding -----

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? "0" : " ").repeat(n);
  }

  /** Appends s padded to the width (left unless '-'), counting runes. */
  private pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (this.minus) {
      this.buf += s;
      this.writePadding(width);
    } else {
      this.writePadding(width);
      this.buf += s;
    }
  }

  /** pad with zero padding disabled. */
  private padNoZero(s: string): void {
    const zero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = zero;
  }

  // ----- basic formatters (Go's fmt.fmt methods) -----

  private fmtBoolean(v: boolean): void {
    this.pad(v ? "true" : "false");
  }

  /** U+0078, or with '#' U+0078 'x'. */
  private fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = `U+${u.toString(16).toUpperCase().padStart(prec, "0")}`;
    if (this.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`;
    this.padNoZero(s);
  }

  /** Formats the 64-bit pattern u as a signed or unsigned integer in base. */
  private fmtInteger(u: bigint, base: 2 | 8 | 10 | 16, isSigned: boolean, verb: string, upper: boolean): void {
    const negative = isSigned && u >= INT64_MIN;
    if (negative) u = UINT64 - u;

    // Two ways to ask for leading zeros: %.3d or %03d; with both, '0' is ignored.
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        // Precision 0 and value 0 print nothing but padding.
        const zero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = zero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--; // room for the sign
    }

    let s = u.toString(base);
    if (upper) s = s.toUpperCase();
    if (s.length < prec) s = "0".repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = `0b${s}`;
      else if (base === 8 && !s.startsWith("0")) s = `0${s}`;
      else if (base === 16) s = (upper ? "0X" : "0x") + s;
    }
    if (verb === "O") s = `0o${s}`;
    if (negative) s = `-${s}`;
    else if (this.plus) s = `+${s}`;
    else if (this.space) s = ` ${s}`;
    this.padNoZero(s);
  }

  private fmtS(s: string): void {
    if (this.precPresent) s = truncateRunes(s, this.prec);
    this.pad(s);
  }

  private fmtBs(b: Uint8Array): void {
    if (this.precPresent) b = truncateRuneBytes(b, this.prec);
    this.pad(bytesToString(b));
  }

  /** Hex encoding of the bytes of a string or byte slice (%x, % x, %#x). */
  private fmtSbx(b: Uint8Array, upper: boolean): void {
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    const prefix = upper ? "0X" : "0x";
    let out = this.sharp ? prefix : "";
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += " ";
        if (this.sharp) out += prefix;
      }
      out += (b[i] ?? 0).toString(16).padStart(2, "0");
    }
    this.buf += upper ? out.toUpperCase() : out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  /** A double-quoted (or with '#', backquoted when possible) Go string literal. */
  private fmtQ(s: string | Uint8Array): void {
    if (this.precPresent) s = typeof s === "string" ? truncateRunes(s, this.prec) : truncateRuneBytes(s, this.prec);
    if (this.sharp && canBackquote(s)) {
      this.pad(`\`${typeof s === "string" ? s : bytesToString(s)}\``);
      return;
    }
    this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  private static runeOf(c: bigint): number {
    if (c > 0x10ffffn) return 0xfffd;
    const r = Number(c);
    return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
  }

  private fmtC(c: bigint): void {
    this.pad(String.fromCodePoint(Printer.runeOf(c)));
  }

  private fmtQc(c: bigint): void {
    const r = c > 0x10ffffn ? 0xfffd : Number(c);
    this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
  }

  private fmtFloatFmt(v: number, size: 32 | 64, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec, size);
    // Keep a sign in front so it can be placed before zero padding.
    if (num[0] !== "-" && num[0] !== "+") num = `+${num}`;
    if (this.space && num[0] === "+" && !this.plus) num = ` ${num.slice(1)}`;
    // Infinities and NaN are not padded with zeros.
    if (num[1] === "I" || num[1] === "N") {
      if (num[1] === "N" && !this.space && !this.plus) num = num.slice(1);
      this.padNoZero(num);
      return;
    }
    // '#' forces a decimal point and keeps trailing zeros.
    if (this.sharp && verb !== "b") {
      let digits = 0;
      if (verb === "g" || verb === "G" || verb === "x") {
        digits = prec;
        if (digits === -1) digits = 6; // %e is used with the shortest format
      }
      let tail = "";
      let hasPoint = false;
      let sawNonzero = false;
      for (let i = 1; i < num.length; i++) {
        const c = num[i];
        if (c === ".") {
          hasPoint = true;
        } else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
          tail = num.slice(i);
          num = num.slice(0, i);
        } else {
          if (c !== "0") sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasPoint) {
        if (num.length === 2 && num[1] === "0") digits--; // a lone 0 counts once
        num += ".";
      }
      if (digits > 0) num += "0".repeat(digits);
      num += tail;
    }
    if (this.plus || num[0] !== "+") {
      // Sign before zero padding.
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0] ?? "";
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ----- operand formatting (Go's pp methods) -----

  private badVerb(verb: string): void {
    this.erroring = true;
    this.buf += `%!${verb}(`;
    const kind = this.curKind;
    const cur = this.cur;
    if (kind === "arg") {
      this.buf += `${argTypeName(cur)}=`;
      this.printArg(cur, "v");
    } else if (kind === "value" && cur !== undefined && cur !== null) {
      this.buf += `${goTypeName(cur)}=`;
      this.printValue(cur, "v", 0);
    } else {
      this.buf += "<nil>";
    }
    this.buf += ")";
    this.erroring = false;
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === "t" || verb === "v") this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  /** Hex with (or without) a leading 0x, regardless of the '#' flag. */
  private fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtInteger(u, 16, false, "v", false);
    this.sharp = sharp;
  }

  /** u is the value's 64-bit two's-complement pattern. */
  private fmtInt(u: bigint, isSigned: boolean, verb: string): void {
    switch (verb) {
      case "v":
        if (this.sharpV && !isSigned) this.fmt0x64(u, true);
        else this.fmtInteger(u, 10, isSigned, verb, false);
        return;
      case "d":
        this.fmtInteger(u, 10, isSigned, verb, false);
        return;
      case "b":
        this.fmtInteger(u, 2, isSigned, verb, false);
        return;
      case "o":
      case "O":
        this.fmtInteger(u, 8, isSigned, verb, false);
        return;
      case "x":
        this.fmtInteger(u, 16, isSigned, verb, false);
        return;
      case "X":
        this.fmtInteger(u, 16, isSigned, verb, true);
        return;
      case "c":
        this.fmtC(u);
        return;
      case "q":
        this.fmtQc(u);
        return;
      case "U":
        this.fmtUnicode(u);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmtFloat(v: number, size: 32 | 64, verb: string): void {
    switch (verb) {
      case "v":
        this.fmtFloatFmt(v, size, "g", -1);
        return;
      case "b":
      case "g":
      case "G":
      case "x":
      case "X":
        this.fmtFloatFmt(v, size, verb, -1);
        return;
      case "f":
      case "e":
      case "E":
        this.fmtFloatFmt(v, size, verb, 6);
        return;
      case "F":
        this.fmtFloatFmt(v, size, "f", 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case "v":
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case "s":
        this.fmtS(v);
        return;
      case "x":
        this.fmtSbx(utf8(v), false);
        return;
      case "X":
        this.fmtSbx(utf8(v), true);
        return;
      case "q":
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmtBytes(v: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case "v":
      case "d":
        if (this.sharpV) {
          this.buf += `${typeString}{`;
          v.forEach((c, i) => {
            if (i > 0) this.buf += ", ";
            this.fmt0x64(BigInt(c), true);
          });
          this.buf += "}";
        } else {
          this.buf += "[";
          v.forEach((c, i) => {
            if (i > 0) this.buf += " ";
            this.fmtInteger(BigInt(c), 10, false, verb, false);
          });
          this.buf += "]";
        }
        return;
      case "s":
        this.fmtBs(v);
        return;
      case "x":
        this.fmtSbx(v, false);
        return;
      case "X":
        this.fmtSbx(v, true);
        return;
      case "q":
        this.fmtQ(v);
        return;
      default:
        this.printSlice(Array.from(v, (c) => new GoInt(c, "uint8")), "uint8", verb, 0);
    }
  }

  /** Values Go prints as an address: funcs, maps, slices, pointers. */
  private fmtPointer(value: unknown, verb: string): void {
    const isPointerKind =
      typeof value === "function" || isMap(value) || Array.isArray(value) || value instanceof Uint8Array || isPointerStruct(value);
    if (!isPointerKind) {
      this.badVerb(verb);
      return;
    }
    const u = FAKE_ADDRESS;
    switch (verb) {
      case "v":
        if (this.sharpV) {
          this.buf += `(${goTypeName(value)})(`;
          this.fmt0x64(u, true);
          this.buf += ")";
        } else {
          this.fmt0x64(u, !this.sharp);
        }
        return;
      case "p":
        this.fmt0x64(u, !this.sharp);
        return;
      case "b":
      case "o":
      case "d":
      case "x":
      case "X":
        this.fmtInt(u, false, verb);
        return;
      default:
        this.badVerb(verb);
    }
  }

  /** Calls Error/String/GoString methods where Go's fmt would; reports whether the value was printed. */
  private handleMethods(v: object, verb: string): boolean {
    if (this.erroring) return false;
    if (verb === "w") {
      // %w is only meaningful in Errorf.
      this.badVerb(verb);
      return true;
    }
    if (this.sharpV) {
      const goString = methodOf(v, "GoString");
      if (goString === undefined) return false;
      this.callMethod(v, verb, "GoString", goString, (s) => {
        this.fmtS(s);
      });
      return true;
    }
    if (verb !== "v" && verb !== "s" && verb !== "x" && verb !== "X" && verb !== "q") return false;
    const errorMethod = methodOf(v, "Error");
    if (errorMethod !== undefined) {
      this.callMethod(v, verb, "Error", errorMethod, (s) => {
        this.fmtString(s, verb);
      });
      return true;
    }
    if (v instanceof Error) {
      this.fmtString(v.message, verb);
      return true;
    }
    const stringMethod = methodOf(v, "String");
    if (stringMethod !== undefined) {
      this.callMethod(v, verb, "String", stringMethod, (s) => {
        this.fmtString(s, verb);
      });
      return true;
    }
    return false;
  }

  private callMethod(v: object, verb: string, name: string, method: (this: object) => unknown, print: (s: string) => void): void {
    let result: unknown;
    try {
      result = method.call(v);
    } catch (err) {
      this.catchPanic(err, verb, name);
      return;
    }
    print(typeof result === "string" ? result : sprint([result]));
  }

  /** What Go prints when a String/Error/GoString method panics. */
  private catchPanic(err: unknown, verb: string, method: string): void {
    if (this.panicking) throw err;
    const restoreFlags = this.saveFlags();
    this.clearFlags();
    this.buf += `%!${verb}(PANIC=${method} method: `;
    this.panicking = true;
    try {
      this.printArg(err instanceof Error ? err.message : err, "v");
    } finally {
      this.panicking = false;
    }
    this.buf += ")";
    restoreFlags();
  }

  private saveFlags(): () => void {
    const { wid, prec, widPresent, precPresent, minus, plus, sharp, space, zero, plusV, sharpV } = this;
    return () => {
      Object.assign(this, { wid, prec, widPresent, precPresent, minus, plus, sharp, space, zero, plusV, sharpV });
    };
  }

  printArg(arg: unknown, verb: string): void {
    this.curKind = "arg";
    this.cur = arg;

    if (arg === null) {
      this.curKind = "none";
      if (verb === "T" || verb === "v") this.pad("<nil>");
      else this.badVerb(verb);
      return;
    }
    if (verb === "T") {
      this.fmtS(argTypeName(arg));
      return;
    }
    if (verb === "p") {
      this.fmtPointer(arg instanceof Indirect ? arg.target : arg, "p");
      return;
    }
    switch (typeof arg) {
      case "boolean":
        this.fmtBool(arg, verb);
        return;
      case "number":
        this.fmtFloat(arg, 64, verb);
        return;
      case "bigint":
        this.fmtInt(BigInt.asUintN(64, arg), true, verb);
        return;
      case "string":
        this.fmtString(arg, verb);
        return;
      case "undefined":
        // An invalid reflect.Value.
        this.buf += INVALID_REFLECT_VALUE;
        return;
      default:
        break;
    }
    if (arg instanceof GoInt) {
      this.fmtInt(BigInt.asUintN(64, arg.value), arg.signed, verb);
      return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, "[]byte");
      return;
    }
    if (arg instanceof Indirect) {
      if (verb === "w") this.badVerb(verb);
      else this.printStruct(arg.target, verb, 0, argTypeName(arg));
      return;
    }
    if (verb === "w") {
      // %w is only meaningful in Errorf.
      this.badVerb(verb);
      return;
    }
    if (isStruct(arg) && this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0);
  }

  /** Prints a value found at the given nesting depth (0 = top level, already checked for methods). */
  private printValue(value: unknown, verb: string, depth: number): void {
    if (depth > 0 && isStruct(value) && this.handleMethods(value, verb)) return;
    this.curKind = "value";
    this.cur = value;

    if (value === undefined) {
      if (depth === 0) this.buf += INVALID_REFLECT_VALUE;
      else if (verb === "v") this.buf += "<nil>";
      else this.badVerb(verb);
      return;
    }
    if (value === null) {
      // A nil interface value inside a container.
      this.buf += this.sharpV ? "interface {}(nil)" : "<nil>";
      return;
    }
    switch (typeof value) {
      case "boolean":
        this.fmtBool(value, verb);
        return;
      case "number":
        this.fmtFloat(value, 64, verb);
        return;
      case "bigint":
        this.fmtInt(BigInt.asUintN(64, value), true, verb);
        return;
      case "string":
        this.fmtString(value, verb);
        return;
      case "function":
        this.fmtPointer(value, verb);
        return;
      default:
        break;
    }
    if (value instanceof GoInt) {
      this.fmtInt(BigInt.asUintN(64, value.value), value.signed, verb);
      return;
    }
    if (value instanceof Uint8Array) {
      if (verb === "s" || verb === "q" || verb === "x" || verb === "X") this.fmtBytes(value, verb, "[]uint8");
      else this.printSlice(Array.from(value, (c) => new GoInt(c, "uint8")), "uint8", verb, depth);
      return;
    }
    if (Array.isArray(value)) {
      const elem = sliceElemType(value);
      if ((verb === "s" || verb === "q" || verb === "x" || verb === "X") && isUint8Elem(elem)) {
        this.fmtBytes(Uint8Array.from(value, toByte), verb, `[]${elem}`);
        return;
      }
      this.printSlice(value, elem, verb, depth);
      return;
    }
    if (isMap(value)) {
      this.printMap(value, verb, depth);
      return;
    }
    const typeName = goTypeName(value);
    if (typeName.startsWith("*")) {
      // A pointer to a struct prints as &{…} at the top level only.
      if (depth === 0) {
        this.buf += "&";
        this.printStruct(value, verb, depth + 1, typeName.slice(1));
      } else {
        this.fmtPointer(value, verb);
      }
      return;
    }
    this.printStruct(value, verb, depth, typeName);
  }

  private printSlice(items: readonly unknown[], elem: string, verb: string, depth: number): void {
    if (this.sharpV) {
      this.buf += `[]${elem}{`;
      items.forEach((item, i) => {
        if (i > 0) this.buf += ", ";
        if (item === null && elem !== "interface {}") this.buf += `(${elem})(nil)`;
        else this.printValue(item, verb, depth + 1);
      });
      this.buf += "}";
      return;
    }
    this.buf += "[";
    items.forEach((item, i) => {
      if (i > 0) this.buf += " ";
      this.printValue(item, verb, depth + 1);
    });
    this.buf += "]";
  }

  private printMap(m: Map<string, unknown> | Record<string, unknown>, verb: string, depth: number): void {
    this.buf += this.sharpV ? `${goTypeName(m)}{` : "map[";
    sortedKeys(m).forEach((key, i) => {
      if (i > 0) this.buf += this.sharpV ? ", " : " ";
      this.printValue(key, verb, depth + 1);
      this.buf += ":";
      this.printValue(mapGet(m, key).value, verb, depth + 1);
    });
    this.buf += this.sharpV ? "}" : "]";
  }

  private printStruct(v: object, verb: string, depth: number, typeName: string): void {
    if (this.sharpV) this.buf += typeName;
    this.buf += "{";
    Object.keys(v).forEach((name, i) => {
      if (i > 0) this.buf += this.sharpV ? ", " : " ";
      if (this.plusV || this.sharpV) this.buf += `${name}:`;
      this.printValue((v as Record<string, unknown>)[name], verb, depth + 1);
    });
    this.buf += "}";
  }

  // ----- Printf -----

  private resetReordered(): void {
    this.reordered = false;
  }

  /** An explicit argument index "[n]" at format[i], if any. */
  private argNumber(argNum: number, format: string, i: number, numArgs: number): [argNum: number, i: number, found: boolean] {
    if (format.length <= i || format.charCodeAt(i) !== 0x5b) return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format, i);
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, a: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0; // the next argument to format
    let afterIndex: boolean; // the previous item was an index like [3]
    this.resetReordered();
    let i = 0;
    while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 0x25) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++; // skip %

      this.clearFlags();
      flags: for (; i < end; i++) {
        switch (format[i]) {
          case "#":
            this.sharp = true;
            break;
          case "0":
            this.zero = true;
            break;
          case "+":
            this.plus = true;
            break;
          case "-":
            this.minus = true;
            break;
          case " ":
            this.space = true;
            break;
          default:
            break flags;
        }
      }

      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);

      // Width.
      if (i < end && format[i] === "*") {
        i++;
        [this.wid, this.widPresent, argNum] = intFromArg(a, argNum);
        if (!this.widPresent) this.buf += "%!(BADWIDTH)";
        if (this.wid < 0) {
          // A negative width means left-justify.
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        [this.wid, this.widPresent, i] = parseNum(format, i, end);
        if (afterIndex && this.widPresent) this.goodArgNum = false; // "%[3]2d"
      }

      // Precision.
      if (i + 1 < end && format[i] === ".") {
        i++;
        if (afterIndex) this.goodArgNum = false; // "%[3].2d"
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === "*") {
          i++;
          [this.prec, this.precPresent, argNum] = intFromArg(a, argNum);
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += "%!(BADPREC)";
          afterIndex = false;
        } else {
          [this.prec, this.precPresent, i] = parseNum(format, i, end);
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) [argNum, i] = this.argNumber(argNum, format, i, a.length);

      if (i >= end) {
        this.buf += "%!(NOVERB)";
        break;
      }

      let cp = format.codePointAt(i) ?? 0xfffd;
      i += cp > 0xffff ? 2 : 1;
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      const verb = String.fromCodePoint(cp);

      if (verb === "%") {
        // %% takes no operand and ignores width and precision.
        this.buf += "%";
      } else if (!this.goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`;
      } else if (argNum >= a.length) {
        this.buf += `%!${verb}(MISSING)`;
      } else {
        if (verb === "v" || verb === "w") {
          // %#v is Go syntax and %+v adds field names: flags of their own.
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }

    // Report unused arguments, unless the format used explicit indexes.
    if (!this.reordered && argNum < a.length) {
      this.clearFlags();
      this.buf += "%!(EXTRA ";
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ", ";
        if (arg === null) {
          this.buf += "<nil>";
        } else {
          this.buf += `${argTypeName(arg)}=`;
          this.printArg(arg, "v");
        }
      });
      this.buf += ")";
    }
  }

  doPrint(a: readonly unknown[]): void {
    let prevString = false;
    a.forEach((arg, argNum) => {
      const isString = typeof arg === "string";
      // Spaces go between operands when neither is a string.
      if (argNum > 0 && !isString && !prevString) this.buf += " ";
      this.printArg(arg, "v");
      prevString = isString;
    });
  }

  doPrintln(a: readonly unknown[]): void {
    a.forEach((arg, argNum) => {
      if (argNum > 0) this.buf += " ";
      this.printArg(arg, "v");
    });
    this.buf += "\n";
  }
}

/** fmt.Sprintf */
export function sprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprint: default formats, with spaces between operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln: default formats, spaces between all operands, and a trailing newline. */
export function sprintln(args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/**
 * text/template's printableValue: the value fmt should print for v.
 * A missing value (undefined) or nil (whose reflect.ValueOf is invalid too)
 * becomes "<no value>"; a pointer to a struct is indirected unless it has
 * String/Error methods (then Go prints it through them). Funcs are returned
 * unchanged (text/template refuses to print them).
 */
function printable(v: unknown): unknown {
  if (v === undefined || v === null) return "<no value>";
  if (isPointerStruct(v) && !hasStringMethods(v)) return new Indirect(v);
  return v;
}

/**
 * fmt.Sprint over text/template's printable forms of the arguments, as
 * text/template prints {{.}} (one argument) and as the html/js/urlquery
 * builtins stringify theirs.
 */
export function sprintPrintable(args: readonly unknown[]): string {
  return sprint(args.map(printable));
}
