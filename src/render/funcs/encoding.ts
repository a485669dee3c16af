/**
 * Sprig's base64/base32 functions: b64enc, b64dec, b32enc, b32dec.
 *
 * Encoding is over the UTF-8 bytes of the string. Decoding ports Go's
 * encoding/base64 and encoding/base32 StdEncoding decoders (padding required,
 * `\r`/`\n` ignored, the same error offsets); like Sprig, a decoding error is
 * not a template error: the function returns the error's message, e.g.
 * "illegal base64 data at input byte 4".
 */
import { fromUtf8, goFunc, utf8, type GoFunc } from "../../template/index.ts";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const PAD = 0x3d; // '='
const CR = 0x0d;
const LF = 0x0a;

function decodeMap(alphabet: string): Uint8Array {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}
const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);

/** Go's base64.CorruptInputError / base32.CorruptInputError. */
export class CorruptInputError extends Error {
  readonly offset: number;
  constructor(kind: "base64" | "base32", offset: number) {
    super(`illegal ${kind} data at input byte ${offset}`);
    this.offset = offset;
  }
}

/** base64.StdEncoding.EncodeToString. */
export function base64Encode(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}

/** base64.StdEncoding.DecodeString: the decoded bytes, or throws CorruptInputError. */
export function base64Decode(s: string): Uint8Array {
  const src = utf8(s);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    // decodeQuantum
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: CorruptInputError | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new CorruptInputError("base64", si - j);
      }
      const inb = src[si] ?? 0;
      si++;
      const v = B64_MAP[inb] ?? 0xff;
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (inb === LF || inb === CR) {
        j--;
        continue;
      }
      if (inb !== PAD) throw new CorruptInputError("base64", si - 1);
      // Padding: the end of the input.
      if (j === 0 || j === 1) throw new CorruptInputError("base64", si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new CorruptInputError("base64", src.length);
        if (src[si] !== PAD) throw new CorruptInputError("base64", si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = new CorruptInputError("base64", si);
      dlen = j;
      break;
    }
    const val = ((dbuf[0] ?? 0) << 18) | ((dbuf[1] ?? 0) << 12) | ((dbuf[2] ?? 0) << 6) | (dbuf[3] ?? 0);
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k] ?? 0);
    if (trailing) throw trailing;
  }
  return Uint8Array.from(out);
}

/** base32.StdEncoding.EncodeToString. */
export function base32Encode(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = [0, 2, 4, 5, 7, 8][chunk.length] ?? 8;
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32.charAt(Number((bits >> BigInt(35 - 5 * k)) & 31n)) : "=";
    }
  }
  return out;
}

/** base32.StdEncoding.DecodeString: the decoded bytes, or throws CorruptInputError. */
export function base32Decode(s: string): Uint8Array {
  const src = utf8(s).filter((c) => c !== CR && c !== LF);
  const olen = src.length;
  const out: number[] = [];
  let p = 0; // read position: len(src) in Go is olen - p
  let end = false;
  while (olen - p > 0 && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (olen - p === 0) throw new CorruptInputError("base32", olen - (olen - p) - j);
      const inb = src[p] ?? 0;
      p++;
      const rest = olen - p;
      if (inb === PAD && j >= 2 && rest < 8) {
        if (rest + j < 8 - 1) throw new CorruptInputError("base32", olen);
        for (let k = 0; k < 8 - 1 - j; k++) {
          if (rest > k && src[p + k] !== PAD) throw new CorruptInputError("base32", olen - rest + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInputError("base32", olen - rest - 1);
        break;
      }
      const v = B32_MAP[inb] ?? 0xff;
      if (v === 0xff) throw new CorruptInputError("base32", olen - rest - 1);
      dbuf[j] = v;
      j++;
    }
    const d = (i: number): number => dbuf[i] ?? 0;
    const bytes = [
      ((d(0) << 3) | (d(1) >> 2)) & 0xff,
      ((d(1) << 6) | (d(2) << 1) | (d(3) >> 4)) & 0xff,
      ((d(3) << 4) | (d(4) >> 1)) & 0xff,
      ((d(4) << 7) | (d(5) << 2) | (d(6) >> 3)) & 0xff,
      ((d(6) << 5) | d(7)) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    for (let k = 0; k < n; k++) out.push(bytes[k] ?? 0);
  }
  return Uint8Array.from(out);
}

function decodeOrMessage(decode: (s: string) => Uint8Array, s: string): string {
  try {
    return fromUtf8(decode(s));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}

export function encodingFuncs(): Record<string, GoFunc> {
  return {
    b64enc: goFunc("string -> string", (s: string) => base64Encode(utf8(s))),
    b64dec: goFunc("string -> string", (s: string) => decodeOrMessage(base64Decode, s)),
    b32enc: goFunc("string -> string", (s: string) => base32Encode(utf8(s))),
    b32dec: goFunc("string -> string", (s: string) => decodeOrMessage(base32Decode, s)),
  };
}
