/**
 * Writes tar archives byte by byte for the loader tests, including the
 * malformed and malicious ones no tar tool would produce: any name, any type
 * flag, lying sizes, PAX and GNU long-name headers, bad checksums.
 */
import { constants, deflateRawSync, gzipSync } from "node:zlib";

export interface TarEntry {
  name: string;
  data?: string | Uint8Array;
  /** Type flag (default "0", "5" when the name ends in "/"). */
  type?: string;
  linkname?: string;
  mode?: number;
  /** Size written in the header, when it should differ from the data's. */
  size?: number;
  /** PAX records for a preceding 'x' header. */
  pax?: Record<string, string>;
  /** Write the name in a preceding GNU 'L' entry (GNU magic). */
  gnuLongName?: boolean;
  /** Corrupt the header checksum. */
  badChecksum?: boolean;
}

const enc = new TextEncoder();

function bytes(d: string | Uint8Array | undefined): Uint8Array {
  if (d === undefined) return new Uint8Array(0);
  return typeof d === "string" ? enc.encode(d) : d;
}

function putString(b: Uint8Array, off: number, len: number, s: Uint8Array): void {
  b.set(s.subarray(0, len), off);
}

function putOctal(b: Uint8Array, off: number, len: number, v: number): void {
  const s = v.toString(8).padStart(len - 1, "0");
  if (s.length > len - 1) {
    // base-256
    let x = BigInt(v);
    for (let i = len - 1; i >= 1; i--) {
      b[off + i] = Number(x & 0xffn);
      x >>= 8n;
    }
    b[off] = 0x80;
    return;
  }
  putString(b, off, len, enc.encode(`${s}\0`));
}

function header(name: Uint8Array, type: string, size: number, opts: { mode?: number; linkname?: string; gnu?: boolean; badChecksum?: boolean }): Uint8Array {
  const b = new Uint8Array(512);
  let n: Uint8Array = name;
  let prefix: Uint8Array = new Uint8Array(0);
  if (n.length > 100 && !opts.gnu) {
    // USTAR prefix split at a slash.
    for (let i = n.length - 1; i > 0; i--) {
      if (n[i] === 0x2f && i <= 155 && n.length - i - 1 <= 100) {
        prefix = n.subarray(0, i);
        n = n.subarray(i + 1);
        break;
      }
    }
  }
  putString(b, 0, 100, n);
  putOctal(b, 100, 8, opts.mode ?? (type === "5" ? 0o755 : 0o644));
  putOctal(b, 108, 8, 0);
  putOctal(b, 116, 8, 0);
  putOctal(b, 124, 12, size);
  putOctal(b, 136, 12, 1_700_000_000);
  b[156] = type.charCodeAt(0);
  putString(b, 157, 100, enc.encode(opts.linkname ?? ""));
  if (opts.gnu) {
    putString(b, 257, 8, enc.encode("ustar  \0"));
  } else {
    putString(b, 257, 6, enc.encode("ustar\0"));
    putString(b, 263, 2, enc.encode("00"));
    putString(b, 345, 155, prefix);
  }
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const c of b) sum += c;
  if (opts.badChecksum) sum += 1;
  putString(b, 148, 8, enc.encode(`${sum.toString(8).padStart(6, "0")}\0 `));
  return b;
}

function padded(d: Uint8Array): Uint8Array[] {
  const pad = (512 - (d.length % 512)) % 512;
  return [d, new Uint8Array(pad)];
}

function paxRecords(recs: Record<string, string>): Uint8Array {
  let out = "";
  for (const [k, v] of Object.entries(recs)) {
    const body = ` ${k}=${v}\n`;
    let len = Buffer.byteLength(body) + 1;
    while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
    out += `${String(len)}${body}`;
  }
  return enc.encode(out);
}

/** A tar stream of the entries (with the two zero blocks at the end unless `end` is false). */
export function tar(entries: readonly TarEntry[], opts: { end?: boolean } = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const name = enc.encode(e.name);
    const data = bytes(e.data);
    const type = e.type ?? (e.name.endsWith("/") ? "5" : "0");
    if (e.pax !== undefined) {
      const recs = paxRecords(e.pax);
      parts.push(header(enc.encode("PaxHeaders/x"), "x", recs.length, {}), ...padded(recs));
    }
    if (e.gnuLongName === true) {
      const ln = new Uint8Array([...name, 0]);
      parts.push(header(enc.encode("././@LongLink"), "L", ln.length, { gnu: true }), ...padded(ln));
    }
    const hname = e.gnuLongName === true ? name.subarray(0, 100) : name;
    parts.push(header(hname, type, e.size ?? data.length, { mode: e.mode, linkname: e.linkname, gnu: e.gnuLongName, badChecksum: e.badChecksum }));
    parts.push(...padded(data));
  }
  if (opts.end !== false) parts.push(new Uint8Array(1024));
  return new Uint8Array(Buffer.concat(parts));
}

/** A gzipped tar of the entries. */
export function tgz(entries: readonly TarEntry[], opts: { end?: boolean } = {}): Uint8Array {
  return new Uint8Array(gzipSync(tar(entries, opts)));
}

/** A chart archive from files named relative to the chart: each put under `top/`. */
export function chartTgz(top: string, files: Record<string, string | Uint8Array>): Uint8Array {
  return tgz(Object.entries(files).map(([name, data]) => ({ name: `${top}/${name}`, data })));
}

/**
 * A gzip stream of tar entries whose data is `size` zero bytes, built
 * without compressing them: 1 MiB of zeros is deflated once, and the
 * (byte-aligned, dictionary-resetting) compressed block is repeated. A few
 * kilobytes stand for gigabytes. The gzip trailer's CRC is not computed.
 */
export function zeroBomb(entries: readonly { name: string; size: number }[]): Uint8Array {
  const MiB = 1024 * 1024;
  const seg = (b: Uint8Array): Buffer => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const zeroMiB = seg(new Uint8Array(MiB));
  const parts: Uint8Array[] = [new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])];
  for (const e of entries) {
    const head = tar([{ name: e.name, size: e.size }], { end: false }).subarray(0, 512);
    parts.push(seg(head));
    for (let i = 0; i < Math.floor(e.size / MiB); i++) parts.push(zeroMiB);
    const rest = e.size % MiB;
    const pad = (512 - (e.size % 512)) % 512;
    if (rest + pad > 0) parts.push(seg(new Uint8Array(rest + pad)));
  }
  parts.push(deflateRawSync(new Uint8Array(1024)), new Uint8Array(8));
  return new Uint8Array(Buffer.concat(parts));
}
