/**
 * Sprig's string functions (strings.go and the string parts of
 * functions.go), with the semantics of the Go helpers they call:
 * package strings, Masterminds/goutils v1.1.1 and huandu/xstrings v1.5.0.
 *
 * Go strings are byte sequences: where Go indexes bytes (substr, trunc,
 * abbrev, wrap, initials, nospace), so do we, on the UTF-8 encoding.
 */
import { byteLength, FuncError, fromUtf8, GoInt, goFunc, type GoFunc, sprintf, typedSlice, utf8 } from "../../template/index.ts";
import { strslice, strval } from "./cast.ts";
import { nodeCrypto } from "./node-crypto.ts";
import { fromRunes, isDigit, isLetter, isLower, isNumber, isPunct, isSpace, isTitle, isUpper, mapRunes, runes, toLowerRune, toTitleRune, toUpperRune } from "./unicode.ts";

// ---------------------------------------------------------------------------
// Go runtime helpers

const MAX_INT = (1n << 63n) - 1n;

/**
 * bosun's guard against strings no template could output anyway (the
 * template engine caps output at 64 Mi code units); Go would try to
 * allocate them.
 */
export const MAX_STRING_LENGTH = 64 * 1024 * 1024;

/** Go's s[lo:hi] on bytes, with the runtime's bounds-check panics; null = omitted index. */
export function sliceBytes(b: Uint8Array, lo: bigint | null, hi: bigint | null): Uint8Array {
  const len = BigInt(b.length);
  if (hi !== null) {
    if (hi < 0n) throw new FuncError(`runtime error: slice bounds out of range [:${hi}]`);
    if (hi > len) throw new FuncError(`runtime error: slice bounds out of range [:${hi}] with length ${len}`);
  }
  const h = hi ?? len;
  const l = lo ?? 0n;
  if (l < 0n) throw new FuncError(`runtime error: slice bounds out of range [${l}:]`);
  if (l > h) throw new FuncError(`runtime error: slice bounds out of range [${l}:${h}]`);
  return b.subarray(Number(l), Number(h));
}

/** strings.Repeat, with its panics. */
export function repeat(s: string, count: bigint): string {
  if (count === 0n) return "";
  if (count === 1n) return s;
  if (count < 0n) throw new FuncError("strings: negative Repeat count");
  if (BigInt(byteLength(s)) * count > MAX_INT) throw new FuncError("strings: Repeat output length overflow");
  if (s === "") return "";
  if (BigInt(s.length) * count > BigInt(MAX_STRING_LENGTH)) throw new FuncError(`result longer than ${MAX_STRING_LENGTH} characters`);
  return s.repeat(Number(count));
}

/** Like Latin-1 decoding: Go's WriteRune(rune(b)) for each byte b. */
function bytesAsRunes(b: Iterable<number>): string {
  let s = "";
  for (const x of b) s += String.fromCharCode(x);
  return s;
}

/** strings.Split / SplitN. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === "") {
    const rs = Array.from(s);
    const l = rs.length;
    if (n < 0 || n > l) n = l;
    if (n === 0) return [];
    return [...rs.slice(0, n - 1), rs.slice(n - 1).join("")];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strings.Replace(s, old, new, -1). */
export function replaceAll(s: string, old: string, repl: string): string {
  if (old === "") {
    if (s === "") return repl;
    let out = repl;
    for (const ch of s) out += ch + repl;
    return out;
  }
  return s.split(old).join(repl);
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && isSpace(rs[i] ?? 0)) i++;
  while (j > i && isSpace(rs[j - 1] ?? 0)) j--;
  return i === 0 && j === rs.length ? s : fromRunes(rs.slice(i, j));
}

/** strings.Trim(s, cutset). */
export function trimCutset(s: string, cutset: string): string {
  if (s === "" || cutset === "") return s;
  const cut = new Set(runes(cutset));
  const rs = runes(s);
  let i = 0;
  let j = rs.length;
  while (i < j && cut.has(rs[i] ?? 0)) i++;
  while (j > i && cut.has(rs[j - 1] ?? 0)) j--;
  return fromRunes(rs.slice(i, j));
}

/** strings.Title's separator rule. */
function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f) return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** strings.Title (deprecated in Go, but what Sprig's title calls). */
export function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const sep = isSeparator(prev);
    prev = r;
    return sep ? toTitleRune(r) : r;
  });
}

// ---------------------------------------------------------------------------
// goutils

/** goutils.AbbreviateFull, byte-indexed; returns null for its errors. */
function abbreviateFull(b: Uint8Array, offset: number, maxWidth: number): Uint8Array | null {
  if (b.length === 0) return b;
  if (maxWidth < 4) return null;
  if (b.length <= maxWidth) return b;
  if (offset > b.length) offset = b.length;
  if (b.length - offset < maxWidth - 3) offset = b.length - (maxWidth - 3);
  const marker = utf8("...");
  const cat = (...parts: Uint8Array[]): Uint8Array => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) {
      out.set(p, i);
      i += p.length;
    }
    return out;
  };
  if (offset <= 4) return cat(b.subarray(0, maxWidth - 3), marker);
  if (maxWidth < 7) return null;
  if (offset + maxWidth - 3 < b.length) {
    const rest = abbreviateFull(b.subarray(offset), 0, maxWidth - 3) ?? new Uint8Array(0);
    return cat(marker, rest);
  }
  return cat(marker, b.subarray(b.length - (maxWidth - 3)));
}

/** Clamps a Go int to a JS number range that keeps comparisons meaningful. */
function clampInt(n: GoInt): number {
  const v = n.value;
  if (v > 1n << 53n) return 2 ** 53;
  if (v < -(1n << 53n)) return -(2 ** 53);
  return Number(v);
}

function abbrev(width: GoInt, s: string): string {
  const w = clampInt(width);
  if (w < 4) return s;
  const r = abbreviateFull(utf8(s), 0, w);
  return r === null ? "" : fromUtf8(r);
}

function abbrevboth(left: GoInt, right: GoInt, s: string): string {
  const l = clampInt(left);
  const r = clampInt(right);
  if (r < 4 || (l > 0 && r < 7)) return s;
  const out = abbreviateFull(utf8(s), l, r);
  return out === null ? "" : fromUtf8(out);
}

/** goutils.Initials: bytes, each taken as a rune (Latin-1), split at unicode.IsSpace. */
function initials(s: string): string {
  const out: number[] = [];
  let lastWasGap = true;
  for (const b of utf8(s)) {
    if (isSpace(b)) lastWasGap = true;
    else if (lastWasGap) {
      out.push(b);
      lastWasGap = false;
    }
  }
  return bytesAsRunes(out);
}

/** goutils.DeleteWhiteSpace: byte-wise, rewriting kept bytes as runes unless nothing was deleted. */
function deleteWhiteSpace(s: string): string {
  const b = utf8(s);
  const kept = b.filter((x) => !isSpace(x));
  return kept.length === b.length ? s : bytesAsRunes(kept);
}

/** goutils.Uncapitalize with whitespace delimiters. */
function uncapitalize(s: string): string {
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLowerRune(r);
    }
    return r;
  });
}

/** goutils.SwapCase. */
function swapCase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      if (whitespace) {
        whitespace = false;
        return toTitleRune(r);
      }
      return toUpperRune(r);
    }
    whitespace = isSpace(r);
    return r;
  });
}

/** goutils.WrapCustom, byte-indexed. */
export function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === "") return "";
  if (newLine === "") newLine = "\n";
  if (wrapLength < 1) wrapLength = 1;
  const b = utf8(s);
  const nl = utf8(newLine);
  const len = b.length;
  let offset = 0;
  const out: number[] = [];
  const write = (x: Uint8Array): void => {
    for (const c of x) out.push(c);
  };
  const lastSpace = (from: number, to: number): number => {
    for (let i = to - 1; i >= from; i--) if (b[i] === 0x20) return i - from;
    return -1;
  };
  while (len - offset > wrapLength) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const spaceToWrapAt = lastSpace(offset, end) + offset;
    if (spaceToWrapAt >= offset) {
      write(b.subarray(offset, spaceToWrapAt));
      write(nl);
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      write(b.subarray(offset, wrapLength + offset));
      write(nl);
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const index = b.subarray(e).indexOf(0x20);
      if (index === -1) {
        write(b.subarray(offset));
        offset = len;
      } else {
        write(b.subarray(offset, index + e));
        write(nl);
        offset = index + e + 1;
      }
    }
  }
  write(b.subarray(offset));
  return fromUtf8(Uint8Array.from(out));
}

const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/** goutils.CryptoRandom over a fixed alphabet; negative counts give "" (Sprig drops the error). */
function randomFrom(alphabet: string, count: GoInt): string {
  if (count.value <= 0n) return "";
  if (count.value > BigInt(MAX_STRING_LENGTH)) throw new FuncError(`result longer than ${MAX_STRING_LENGTH} characters`);
  const n = Number(count.value);
  const crypto = nodeCrypto();
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[crypto.randomInt(alphabet.length)] ?? "";
  return s;
}

let ascii = "";
for (let c = 32; c < 127; c++) ascii += String.fromCharCode(c);

// ---------------------------------------------------------------------------
// xstrings

const RUNE_ERROR = 0xfffd;

function isConnector(r: number): boolean {
  return r === 0x2d || r === 0x5f || isSpace(r);
}

/** xstrings' isAlphabet: letters, except CJK ideographs. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x2e80) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2a6d6) return false;
  if (r >= 0x2a700 && r <= 0x2b734) return false;
  if (r >= 0x2b740 && r <= 0x2b81d) return false;
  if (r >= 0xf900 && r <= 0xfad9) return false;
  if (r >= 0x2f800 && r <= 0x2fa1d) return false;
  return true;
}

/** xstrings.ToPascalCase (sprig's camelcase). */
function toPascalCase(s: string): string {
  if (s === "") return "";
  const rs = runes(s);
  let out = "";
  let i = 0;
  let r0 = 0;
  let isFirstRuneUpper = false;
  let size = 0;
  while (i < rs.length) {
    r0 = rs[i++] ?? 0;
    size = 1;
    if (!isConnector(r0)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  if (i >= rs.length) {
    if (size !== 0) out += String.fromCodePoint(r0);
    return out;
  }
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++] ?? 0;
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      isFirstRuneUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (isFirstRuneUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else isFirstRuneUpper = false;
      }
      out += String.fromCodePoint(r1);
    }
  }
  out += String.fromCodePoint(r0);
  return out;
}

/** xstrings' word types. */
const W = { invalid: 0, number: 1, upperCase: 2, alphabet: 3, connector: 4, punct: 5, other: 6 } as const;
type WordType = (typeof W)[keyof typeof W];

/** A word of the rune slice: its type, its runes [start, end), and where the rest of the text starts. */
interface Word {
  wt: WordType;
  start: number;
  end: number;
  rest: number;
}

/** xstrings' nextValidRune over runes: skips RuneError, returns (rune, runes consumed). */
function nextValidRune(s: readonly number[], from: number, prev: number): [number, number] {
  let size = 0;
  for (let i = from; i < s.length; i++) {
    const r = s[i] ?? 0;
    size++;
    if (r !== RUNE_ERROR) return [r, size];
  }
  return [prev, size];
}

/** xstrings' nextWord on str[start:]. */
function nextWord(str: readonly number[], start: number): Word {
  if (start >= str.length) return { wt: W.invalid, start, end: start, rest: start };
  let offset = 0; // end of the word, relative to start
  let pos = 0; // start of the remaining text, relative to start
  const len = str.length - start;
  let [r, size] = nextValidRune(str, start, RUNE_ERROR);
  offset += size;
  if (r === RUNE_ERROR) return { wt: W.invalid, start, end: start + offset, rest: start + offset };
  let wt: WordType;
  const scan = (pred: (r: number) => boolean): void => {
    while (pos < len) {
      [r, size] = nextValidRune(str, start + pos, r);
      if (!pred(r)) break;
      offset += size;
      pos += size;
    }
  };
  if (isConnector(r)) {
    wt = W.connector;
    pos += size;
    scan(isConnector);
  } else if (isPunct(r)) {
    wt = W.punct;
    pos += size;
    scan(isPunct);
  } else if (isUpper(r)) {
    wt = W.upperCase;
    pos += size;
    if (pos < len) {
      [r, size] = nextValidRune(str, start + pos, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        pos += size;
        while (pos < len) {
          [r, size] = nextValidRune(str, start + pos, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
          pos += size;
        }
        // "HTTPStatus" is "HTTP" and "Status": the last upper-case rune starts the next word.
        if (pos < len && isAlphabet(r)) {
          offset -= prevSize;
          pos = offset;
        }
      } else if (isAlphabet(r)) {
        offset += size;
        pos += size;
        scan((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    wt = W.alphabet;
    pos += size;
    scan((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    wt = W.number;
    pos += size;
    scan(isNumber);
  } else {
    wt = W.other;
    pos += size;
    while (pos < len) {
      [r, size] = nextValidRune(str, start + pos, r);
      if (size === 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) break;
      offset += size;
      pos += size;
    }
  }
  return { wt, start, end: start + offset, rest: start + pos };
}

/** xstrings' camelCaseToLowerCase (snakecase, kebabcase). */
function camelCaseToLowerCase(s: string, connector: number): string {
  if (s === "") return "";
  const str = runes(s);
  const out: number[] = [];
  const toLower = (wt: WordType, w: Word): void => {
    for (let i = w.start; i < w.end; i++) {
      const r = str[i] ?? 0;
      if (wt !== W.upperCase && wt !== W.connector) out.push(r);
      else if (isConnector(r)) out.push(connector);
      else if (isUpper(r)) out.push(toLowerRune(r));
      else out.push(r);
    }
  };
  let w = nextWord(str, 0);
  while (w.rest < str.length) {
    if (w.wt !== W.connector) toLower(w.wt, w);
    const prev = w;
    w = nextWord(str, w.rest);
    switch (prev.wt) {
      case W.number:
        while (w.wt === W.alphabet || w.wt === W.number) {
          toLower(w.wt, w);
          w = nextWord(str, w.rest);
        }
        if (w.wt !== W.invalid && w.wt !== W.punct && w.wt !== W.connector) out.push(connector);
        break;
      case W.connector:
        toLower(prev.wt, prev);
        break;
      case W.punct:
        break;
      default: {
        if (w.wt !== W.number) {
          if (w.wt !== W.connector && w.wt !== W.punct) out.push(connector);
          break;
        }
        if (w.rest >= str.length) break;
        const lastNum = w;
        w = nextWord(str, w.rest);
        if (w.wt !== W.alphabet) {
          toLower(W.number, lastNum);
          if (w.wt !== W.connector && w.wt !== W.punct) out.push(connector);
          break;
        }
        out.push(connector);
        toLower(W.number, lastNum);
        while (w.wt === W.alphabet || w.wt === W.number) {
          toLower(w.wt, w);
          w = nextWord(str, w.rest);
        }
        if (w.wt !== W.invalid && w.wt !== W.connector && w.wt !== W.punct) out.push(connector);
      }
    }
  }
  toLower(w.wt, w);
  return fromRunes(out);
}

/** xstrings.Shuffle (math/rand: not reproducible in Go either). */
function shuffle(s: string): string {
  const rs = runes(s);
  for (let i = rs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = rs[i] ?? 0;
    rs[i] = rs[j] ?? 0;
    rs[j] = t;
  }
  return fromRunes(rs);
}

// ---------------------------------------------------------------------------
// Sprig

function substr(start: GoInt, end: GoInt, s: string): string {
  const b = utf8(s);
  if (start.value < 0n) return fromUtf8(sliceBytes(b, null, end.value));
  if (end.value < 0n || end.value > BigInt(b.length)) return fromUtf8(sliceBytes(b, start.value, null));
  return fromUtf8(sliceBytes(b, start.value, end.value));
}

function trunc(c: GoInt, s: string): string {
  const len = BigInt(byteLength(s));
  if (c.value < 0n && len + c.value > 0n) return fromUtf8(sliceBytes(utf8(s), len + c.value, null));
  if (c.value >= 0n && len > c.value) return fromUtf8(sliceBytes(utf8(s), null, c.value));
  return s;
}

function indent(spaces: GoInt, v: string): string {
  const pad = repeat(" ", spaces.value);
  return pad + v.replaceAll("\n", `\n${pad}`);
}

function quote(...args: unknown[]): string {
  return args
    .filter((a) => a !== null)
    .map((a) => sprintf("%q", [strval(a)]))
    .join(" ");
}

function squote(...args: unknown[]): string {
  return args
    .filter((a) => a !== null)
    .map((a) => sprintf("'%v'", [a]))
    .join(" ");
}

function cat(...args: unknown[]): string {
  const v = args.filter((a) => a !== null);
  return sprintf(v.map(() => "%v").join(" "), v);
}

function splitMap(parts: readonly string[]): Map<string, unknown> {
  return new Map(parts.map((p, i) => [`_${i}`, p]));
}

function splitnCount(n: GoInt): number {
  if (n.value < 0n) return -1;
  return n.value > 1n << 32n ? 2 ** 32 : Number(n.value);
}

export const STRING_FUNCS: Record<string, GoFunc> = {
  abbrev: goFunc("int, string -> string", abbrev),
  abbrevboth: goFunc("int, int, string -> string", abbrevboth),
  trunc: goFunc("int, string -> string", trunc),
  trim: goFunc("string -> string", trimSpace),
  upper: goFunc("string -> string", (s: string) => mapRunes(s, toUpperRune)),
  lower: goFunc("string -> string", (s: string) => mapRunes(s, toLowerRune)),
  title: goFunc("string -> string", title),
  untitle: goFunc("string -> string", uncapitalize),
  substr: goFunc("int, int, string -> string", substr),
  repeat: goFunc("int, string -> string", (count: GoInt, s: string) => repeat(s, count.value)),
  trimall: goFunc("string, string -> string", (a: string, b: string) => trimCutset(b, a)),
  trimAll: goFunc("string, string -> string", (a: string, b: string) => trimCutset(b, a)),
  trimSuffix: goFunc("string, string -> string", (a: string, b: string) => (a !== "" && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
  trimPrefix: goFunc("string, string -> string", (a: string, b: string) => (b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: goFunc("string -> string", deleteWhiteSpace),
  initials: goFunc("string -> string", initials),
  randAlphaNum: goFunc("int -> string", (n: GoInt) => randomFrom(DIGITS + ALPHA, n)),
  randAlpha: goFunc("int -> string", (n: GoInt) => randomFrom(ALPHA, n)),
  randAscii: goFunc("int -> string", (n: GoInt) => randomFrom(ascii, n)),
  randNumeric: goFunc("int -> string", (n: GoInt) => randomFrom(DIGITS, n)),
  swapcase: goFunc("string -> string", swapCase),
  shuffle: goFunc("string -> string", shuffle),
  snakecase: goFunc("string -> string", (s: string) => camelCaseToLowerCase(s, 0x5f)),
  camelcase: goFunc("string -> string", toPascalCase),
  kebabcase: goFunc("string -> string", (s: string) => camelCaseToLowerCase(s, 0x2d)),
  wrap: goFunc("int, string -> string", (l: GoInt, s: string) => wrapCustom(s, clampInt(l), "", false)),
  wrapWith: goFunc("int, string, string -> string", (l: GoInt, sep: string, s: string) => wrapCustom(s, clampInt(l), sep, true)),
  contains: goFunc("string, string -> bool", (sub: string, s: string) => s.includes(sub)),
  hasPrefix: goFunc("string, string -> bool", (p: string, s: string) => s.startsWith(p)),
  hasSuffix: goFunc("string, string -> bool", (p: string, s: string) => s.endsWith(p)),
  quote: goFunc("...interface {} -> string", quote),
  squote: goFunc("...interface {} -> string", squote),
  cat: goFunc("...interface {} -> string", cat),
  indent: goFunc("int, string -> string", indent),
  nindent: goFunc("int, string -> string", (n: GoInt, v: string) => `\n${indent(n, v)}`),
  replace: goFunc("string, string, string -> string", (o: string, n: string, s: string) => replaceAll(s, o, n)),
  plural: goFunc("string, string, int -> string", (one: string, many: string, n: GoInt) => (n.value === 1n ? one : many)),
  toString: goFunc("interface {} -> string", strval),
  split: goFunc("string, string -> map[string]string", (sep: string, s: string) => splitMap(splitN(s, sep, -1))),
  splitList: goFunc("string, string -> []string", (sep: string, s: string) => typedSlice(splitN(s, sep, -1), "string")),
  splitn: goFunc("string, int, string -> map[string]string", (sep: string, n: GoInt, s: string) => splitMap(splitN(s, sep, splitnCount(n)))),
  toStrings: goFunc("interface {} -> []string", strslice),
  join: goFunc("string, interface {} -> string", (sep: string, v: unknown) => strslice(v).join(sep)),
};
