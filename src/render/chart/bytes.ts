/**
 * Go strings as byte strings: a JS string whose every char code is one byte
 * (0–255) of the UTF-8 encoding. Go code that indexes and slices strings by
 * byte (gobwas/glob, path/filepath.Match) ports to these one to one:
 * `s.length` is `len(s)`, `s.slice(i, j)` is `s[i:j]`, `indexOf` is
 * `strings.Index`.
 */

/** The UTF-8 bytes of a string, one char per byte. */
export function toByteString(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/** A byte string back to a JS string (invalid UTF-8 becomes U+FFFD). */
export function fromByteString(b: string): string {
  return Buffer.from(b, "latin1").toString("utf8");
}

export const RUNE_ERROR = 0xfffd;

/** utf8.DecodeRuneInString(s[i:]): the rune and its width; (RuneError, 1) for invalid bytes, (RuneError, 0) at the end. */
export function decodeRuneAt(s: string, i: number): [number, number] {
  const n = s.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number): number => {
    const c = k < s.length ? s.charCodeAt(k) : -1;
    return c >= 0x80 && c <= 0xbf ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(i + 1);
    return c1 < 0 ? [RUNE_ERROR, 1] : [((b0 & 0x1f) << 6) | c1, 2];
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi) return [RUNE_ERROR, 1];
    const c2 = cont(i + 2);
    if (c2 < 0) return [RUNE_ERROR, 1];
    return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | c2, 3];
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = i + 1 < s.length ? s.charCodeAt(i + 1) : -1;
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi) return [RUNE_ERROR, 1];
    const c2 = cont(i + 2);
    const c3 = cont(i + 3);
    if (c2 < 0 || c3 < 0) return [RUNE_ERROR, 1];
    return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | (c2 << 6) | c3, 4];
  }
  return [RUNE_ERROR, 1];
}

/** string(r) as a byte string (invalid runes become U+FFFD). */
export function encodeRune(r: number): string {
  const valid = r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
  return toByteString(String.fromCodePoint(valid ? r : RUNE_ERROR));
}

/** utf8.RuneLen. */
export function runeLen(r: number): number {
  if (r < 0) return -1;
  if (r < 0x80) return 1;
  if (r < 0x800) return 2;
  if (r >= 0xd800 && r <= 0xdfff) return -1;
  if (r < 0x10000) return 3;
  if (r <= 0x10ffff) return 4;
  return -1;
}

/** `for i, r := range s`: byte offsets and runes. */
export function* runes(s: string): Generator<[number, number]> {
  for (let i = 0; i < s.length; ) {
    const [r, w] = decodeRuneAt(s, i);
    yield [i, r];
    i += w;
  }
}

/** utf8.RuneCountInString. */
export function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; n++) i += decodeRuneAt(s, i)[1];
  return n;
}

/** A Go runtime panic, surfaced to templates as "error calling F: runtime error: …". */
export class GoPanic extends Error {}

/** s[lo:hi] with Go's bounds check. */
export function goSlice(s: string, lo: number, hi: number = s.length): string {
  if (hi > s.length) throw new GoPanic(`runtime error: slice bounds out of range [:${String(hi)}] with length ${String(s.length)}`);
  if (lo > hi) throw new GoPanic(`runtime error: slice bounds out of range [${String(lo)}:${String(hi)}]`);
  return s.slice(lo, hi);
}

/** Go's (string) conversion of bytes as JS sees it: each invalid UTF-8 byte becomes one U+FFFD, as Go's range and encoding/json do. */
export function goStringOf(b: Uint8Array): string {
  // Fast path: valid UTF-8 decodes the same either way.
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    const bs = Buffer.from(b).toString("latin1");
    let out = "";
    for (const [, r] of runes(bs)) out += String.fromCodePoint(r);
    return out;
  }
}
