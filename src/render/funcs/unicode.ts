/**
 * Go's package unicode for single runes (simple case mappings and the
 * category predicates Sprig's helpers use), on top of JavaScript's Unicode
 * data. JavaScript's String case mappings are the *full* mappings
 * (ß → SS, İ → i̇); Go maps rune by rune with the simple mappings, so
 * multi-rune results are discarded and the few runes whose simple mapping
 * differs from their full one are listed explicitly.
 */

/** Runes whose simple upper/title case exists although the full mapping has several runes. */
const UPPER_EXCEPTIONS = new Map<number, number>([
  [0x1fb3, 0x1fbc],
  [0x1fc3, 0x1fcc],
  [0x1ff3, 0x1ffc],
]);
for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) UPPER_EXCEPTIONS.set(base + i, base + 8 + i);

/** Title case differs from upper case for the Latin digraphs and Georgian Mkhedruli. */
const TITLE_EXCEPTIONS = new Map<number, number>();
for (const [first, title] of [
  [0x1c4, 0x1c5],
  [0x1c7, 0x1c8],
  [0x1ca, 0x1cb],
  [0x1f1, 0x1f2],
] as const) {
  for (let i = 0; i < 3; i++) TITLE_EXCEPTIONS.set(first + i, title);
}

function singleRune(s: string, fallback: number): number {
  const cp = s.codePointAt(0) ?? fallback;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : fallback;
}

/** unicode.ToUpper. */
export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  const ex = UPPER_EXCEPTIONS.get(r);
  if (ex !== undefined) return ex;
  return singleRune(String.fromCodePoint(r).toUpperCase(), r);
}

/** unicode.ToLower. */
export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69;
  return singleRune(String.fromCodePoint(r).toLowerCase(), r);
}

/** unicode.ToTitle. */
export function toTitleRune(r: number): number {
  const ex = TITLE_EXCEPTIONS.get(r);
  if (ex !== undefined) return ex;
  if (r >= 0x10d0 && r <= 0x10ff) return r;
  return toUpperRune(r);
}

const RE_UPPER = /^\p{Lu}$/u;
const RE_LOWER = /^\p{Ll}$/u;
const RE_TITLE = /^\p{Lt}$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_NUMBER = /^\p{N}$/u;
const RE_PUNCT = /^\p{P}$/u;

const isAsciiUpper = (r: number): boolean => r >= 0x41 && r <= 0x5a;
const isAsciiLower = (r: number): boolean => r >= 0x61 && r <= 0x7a;

export function isUpper(r: number): boolean {
  return r < 0x80 ? isAsciiUpper(r) : RE_UPPER.test(String.fromCodePoint(r));
}

export function isLower(r: number): boolean {
  if (r < 0x80) return isAsciiLower(r);
  // U+0295 became Lo after Unicode 15.0 (Go's tables).
  return r === 0x295 || RE_LOWER.test(String.fromCodePoint(r));
}

export function isTitle(r: number): boolean {
  return r >= 0x80 && RE_TITLE.test(String.fromCodePoint(r));
}

export function isLetter(r: number): boolean {
  return r < 0x80 ? isAsciiUpper(r) || isAsciiLower(r) : RE_LETTER.test(String.fromCodePoint(r));
}

export function isDigit(r: number): boolean {
  return r < 0x80 ? r >= 0x30 && r <= 0x39 : RE_DIGIT.test(String.fromCodePoint(r));
}

export function isNumber(r: number): boolean {
  return r < 0x80 ? r >= 0x30 && r <= 0x39 : RE_NUMBER.test(String.fromCodePoint(r));
}

/** unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and White_Space beyond Latin-1. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

export function isPunct(r: number): boolean {
  return RE_PUNCT.test(String.fromCodePoint(r));
}

/** The runes of a string (Go's []rune(s)); lone surrogates stay as they are. */
export function runes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

export function fromRunes(rs: readonly number[]): string {
  let s = "";
  for (let i = 0; i < rs.length; i += 4096) s += String.fromCodePoint(...rs.slice(i, i + 4096));
  return s;
}

/** strings.Map with a rune → rune function. */
export function mapRunes(s: string, f: (r: number) => number): string {
  let out = "";
  for (const ch of s) out += String.fromCodePoint(f(ch.codePointAt(0) ?? 0));
  return out;
}
