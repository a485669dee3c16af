/**
 * A push-based tar reader with Go's archive/tar semantics (the reader Helm
 * uses): V7, USTAR, PAX and GNU headers, header checksums, octal and
 * base-256 numbers, the USTAR/STAR name prefix, PAX records (path,
 * linkpath, size, …) applied to the next entry, GNU long names, PAX global
 * headers handed out as entries, legacy '\0' type flags, end of archive at
 * two zero blocks or at the end of the stream on a header boundary.
 *
 * Bytes are pushed as they are decompressed; each entry is handed to the
 * consumer as soon as its header is read (before its data is), so limits
 * are enforced before anything large is buffered, and reading stops at the
 * end-of-archive marker without looking at what follows (as Go's reader).
 */

export const ERR_HEADER = "archive/tar: invalid tar header";
export const ERR_FIELD_TOO_LONG = "archive/tar: header field too long";
export const ERR_UNEXPECTED_EOF = "unexpected EOF";

/** A read error, with Go's message. */
export class TarError extends Error {}

export const TYPE_REG = "0";
export const TYPE_LINK = "1";
export const TYPE_SYMLINK = "2";
export const TYPE_CHAR = "3";
export const TYPE_BLOCK = "4";
export const TYPE_DIR = "5";
export const TYPE_FIFO = "6";
export const TYPE_XHEADER = "x";
export const TYPE_XGLOBAL = "g";
export const TYPE_GNU_SPARSE = "S";
const TYPE_REGA = "\0";
const TYPE_GNU_LONGNAME = "L";
const TYPE_GNU_LONGLINK = "K";

const MAX_SPECIAL_FILE_SIZE = 1 << 20;
const BLOCK = 512;

export interface TarHeader {
  name: string;
  linkname: string;
  typeflag: string;
  /** Size from the header (PAX overrides it); Infinity when beyond 2^53. */
  size: number;
  mode: number;
  paxRecords: Map<string, string>;
}

/** Directory per Go's FileInfo().IsDir(): the type flag, or directory mode bits. */
export function isDirHeader(h: TarHeader): boolean {
  return h.typeflag === TYPE_DIR || (h.mode >= 0 && h.mode - (h.mode % 0o10000) === 0o40000);
}

/** Types Go reads no data for. */
function isHeaderOnlyType(flag: string): boolean {
  return flag === TYPE_LINK || flag === TYPE_SYMLINK || flag === TYPE_CHAR || flag === TYPE_BLOCK || flag === TYPE_DIR || flag === TYPE_FIFO;
}

export interface TarConsumer {
  /**
   * An entry's header: return true to receive its data (onData), false to
   * skip it. May throw to stop reading.
   */
  onEntry(h: TarHeader): boolean;
  onData(h: TarHeader, data: Uint8Array): void;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function cstring(b: Uint8Array): Uint8Array {
  const i = b.indexOf(0);
  return i >= 0 ? b.subarray(0, i) : b;
}

function parseString(b: Uint8Array): string {
  return decoder.decode(cstring(b));
}

class NumError extends Error {}

/** Go's parser.parseOctal. */
function parseOctal(b0: Uint8Array): bigint {
  let s = 0;
  let e = b0.length;
  while (s < e && (b0[s] === 0x20 || b0[s] === 0)) s++;
  while (e > s && (b0[e - 1] === 0x20 || b0[e - 1] === 0)) e--;
  const b = cstring(b0.subarray(s, e));
  if (b.length === 0) return 0n;
  let x = 0n;
  for (const c of b) {
    if (c < 0x30 || c > 0x37) throw new NumError();
    x = x * 8n + BigInt(c - 0x30);
    if (x >= 1n << 64n) throw new NumError();
  }
  return x;
}

/** Go's parser.parseNumeric: base-256 or octal. */
function parseNumeric(b: Uint8Array): bigint {
  if (b.length > 0 && ((b[0] ?? 0) & 0x80) !== 0) {
    const inv = ((b[0] ?? 0) & 0x40) !== 0 ? 0xff : 0;
    let x = 0n;
    for (let i = 0; i < b.length; i++) {
      let c = (b[i] ?? 0) ^ inv;
      if (i === 0) c &= 0x7f;
      if (x >> 56n > 0n) throw new NumError();
      x = (x << 8n) | BigInt(c);
    }
    if (x >> 63n > 0n) throw new NumError();
    return inv === 0xff ? -x - 1n : x;
  }
  const v = parseOctal(b);
  return BigInt.asIntN(64, v);
}

function toNumber(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

function equalBytes(b: Uint8Array, s: string): boolean {
  if (b.length !== s.length) return false;
  for (let i = 0; i < b.length; i++) if (b[i] !== s.charCodeAt(i)) return false;
  return true;
}

type Format = "unknown" | "v7" | "ustar" | "star" | "gnu";

function getFormat(blk: Uint8Array): Format {
  let value: bigint;
  try {
    value = parseOctal(blk.subarray(148, 156));
  } catch {
    return "unknown";
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : (blk[i] ?? 0);
    unsigned += c;
    signed += c >= 0x80 ? c - 256 : c;
  }
  if (value !== BigInt(unsigned) && value !== BigInt(signed)) return "unknown";
  const magic = blk.subarray(257, 263);
  const version = blk.subarray(263, 265);
  const trailer = blk.subarray(508, 512);
  if (equalBytes(magic, "ustar\0") && equalBytes(trailer, "tar\0")) return "star";
  if (equalBytes(magic, "ustar\0")) return "ustar";
  if (equalBytes(magic, "ustar ") && equalBytes(version, " \0")) return "gnu";
  return "v7";
}

function isZero(b: Uint8Array): boolean {
  for (const c of b) if (c !== 0) return false;
  return true;
}

/** readHeader's parse of one non-zero block. */
function parseHeader(blk: Uint8Array): TarHeader {
  const format = getFormat(blk);
  if (format === "unknown") throw new TarError(ERR_HEADER);
  try {
    const h: TarHeader = {
      typeflag: String.fromCharCode(blk[156] ?? 0),
      name: parseString(blk.subarray(0, 100)),
      linkname: parseString(blk.subarray(157, 257)),
      size: toNumber(parseNumeric(blk.subarray(124, 136))),
      mode: toNumber(parseNumeric(blk.subarray(100, 108))),
      paxRecords: new Map(),
    };
    parseNumeric(blk.subarray(108, 116));
    parseNumeric(blk.subarray(116, 124));
    parseNumeric(blk.subarray(136, 148));
    if (format !== "v7") {
      parseNumeric(blk.subarray(329, 337));
      parseNumeric(blk.subarray(337, 345));
      let prefix = "";
      if (format === "ustar") prefix = parseString(blk.subarray(345, 500));
      else if (format === "star") {
        prefix = parseString(blk.subarray(345, 476));
        parseNumeric(blk.subarray(476, 488));
        parseNumeric(blk.subarray(488, 500));
      } else {
        // GNU: no prefix, unless its time fields are corrupt (then the USTAR prefix, if ASCII).
        try {
          if (blk[345] !== 0) parseNumeric(blk.subarray(345, 357));
          if (blk[357] !== 0) parseNumeric(blk.subarray(357, 369));
        } catch {
          const p = parseString(blk.subarray(345, 500));
          // eslint-disable-next-line no-control-regex
          if (/^[\x00-\x7f]*$/.test(p)) prefix = p;
        }
      }
      if (prefix.length > 0) h.name = `${prefix}/${h.name}`;
    }
    return h;
  } catch (e) {
    if (e instanceof NumError) throw new TarError(ERR_HEADER);
    throw e;
  }
}

/** parsePAX: the records of a PAX header's data. */
function parsePAX(data: Uint8Array): Map<string, string> {
  let s = Buffer.from(data).toString("latin1");
  const recs = new Map<string, string>();
  const sparse: string[] = [];
  const utf8 = (b: string): string => Buffer.from(b, "latin1").toString("utf8");
  while (s.length > 0) {
    const sp = s.indexOf(" ");
    if (sp < 0) throw new TarError(ERR_HEADER);
    const nStr = s.slice(0, sp);
    if (!/^[+-]?[0-9]+$/.test(nStr)) throw new TarError(ERR_HEADER);
    let n = Number(nStr);
    if (n < 5 || n > s.length) throw new TarError(ERR_HEADER);
    const rest = s.slice(sp + 1);
    n -= nStr.length + 1;
    if (n <= 0) throw new TarError(ERR_HEADER);
    const rec = rest.slice(0, n - 1);
    if (rest.slice(n - 1, n) !== "\n") throw new TarError(ERR_HEADER);
    s = rest.slice(n);
    const eq = rec.indexOf("=");
    if (eq < 0) throw new TarError(ERR_HEADER);
    const k = rec.slice(0, eq);
    const v = rec.slice(eq + 1);
    if (k === "" || k.includes("=")) throw new TarError(ERR_HEADER);
    if (["path", "linkpath", "uname", "gname"].includes(k) ? v.includes("\0") : k.includes("\0")) throw new TarError(ERR_HEADER);
    if (k === "GNU.sparse.offset" || k === "GNU.sparse.numbytes") {
      if ((sparse.length % 2 === 0 && k !== "GNU.sparse.offset") || (sparse.length % 2 === 1 && k !== "GNU.sparse.numbytes") || v.includes(",")) {
        throw new TarError(ERR_HEADER);
      }
      sparse.push(v);
    } else recs.set(utf8(k), utf8(v));
  }
  if (sparse.length > 0) recs.set("GNU.sparse.map", sparse.join(","));
  return recs;
}

const INT64 = /^[+-]?[0-9]+$/;

/** mergePAX. */
function mergePAX(h: TarHeader, recs: Map<string, string>): void {
  for (const [k, v] of recs) {
    if (v === "") continue;
    switch (k) {
      case "path":
        h.name = v;
        break;
      case "linkpath":
        h.linkname = v;
        break;
      case "uid":
      case "gid":
        if (!INT64.test(v)) throw new TarError(ERR_HEADER);
        break;
      case "atime":
      case "mtime":
      case "ctime":
        if (!/^[+-]?[0-9]+(\.[0-9]*)?$/.test(v)) throw new TarError(ERR_HEADER);
        break;
      case "size":
        if (!INT64.test(v)) throw new TarError(ERR_HEADER);
        h.size = toNumber(BigInt(v));
        break;
      default:
        break;
    }
  }
  h.paxRecords = recs;
}

type State =
  | { s: "header" }
  | { s: "zero2" }
  | { s: "special"; h: TarHeader; need: number; buf: Uint8Array; got: number; pad: number }
  | { s: "data"; h: TarHeader; need: number; buf: Uint8Array | null; got: number; pad: number }
  | { s: "pad"; left: number }
  | { s: "done" };

/** Feeds bytes of a tar stream to a consumer, entry by entry. */
export class TarReader {
  private state: State = { s: "header" };
  private readonly blk = new Uint8Array(BLOCK);
  private blkLen = 0;
  private pax: Map<string, string> | null = null;
  private gnuLongName = "";
  private gnuLongLink = "";
  private readonly consumer: TarConsumer;

  constructor(consumer: TarConsumer) {
    this.consumer = consumer;
  }

  /** Whether the end of the archive was reached (further input is not read). */
  get done(): boolean {
    return this.state.s === "done";
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && this.state.s !== "done") {
      const st = this.state;
      switch (st.s) {
        case "header":
        case "zero2": {
          const n = Math.min(BLOCK - this.blkLen, chunk.length - i);
          this.blk.set(chunk.subarray(i, i + n), this.blkLen);
          this.blkLen += n;
          i += n;
          if (this.blkLen === BLOCK) {
            this.blkLen = 0;
            if (st.s === "zero2") {
              if (!isZero(this.blk)) throw new TarError(ERR_HEADER);
              this.state = { s: "done" };
            } else this.header();
          }
          break;
        }
        case "special":
        case "data": {
          const n = Math.min(st.need - st.got, chunk.length - i);
          if (st.buf !== null) st.buf.set(chunk.subarray(i, i + n), st.got);
          st.got += n;
          i += n;
          if (st.got === st.need) this.endOfData(st);
          break;
        }
        case "pad": {
          const n = Math.min(st.left, chunk.length - i);
          st.left -= n;
          i += n;
          if (st.left === 0) this.state = { s: "header" };
          break;
        }
      }
    }
  }

  /** The end of the stream. Throws "unexpected EOF" when it cuts an entry short. */
  finish(): void {
    const st = this.state;
    if (st.s === "header" || st.s === "zero2") {
      if (this.blkLen !== 0) throw new TarError(ERR_UNEXPECTED_EOF);
      this.state = { s: "done" };
      return;
    }
    if (st.s === "special" || st.s === "data") throw new TarError(ERR_UNEXPECTED_EOF);
    // Missing padding at the very end reads as the end of the archive.
    this.state = { s: "done" };
  }

  private header(): void {
    if (isZero(this.blk)) {
      this.state = { s: "zero2" };
      return;
    }
    const h = parseHeader(this.blk);
    let nb = isHeaderOnlyType(h.typeflag) ? 0 : h.size;
    if (nb < 0) throw new TarError(ERR_HEADER);
    const pad = (BLOCK - (nb % BLOCK)) % BLOCK;
    if (h.typeflag === TYPE_XHEADER || h.typeflag === TYPE_XGLOBAL || h.typeflag === TYPE_GNU_LONGNAME || h.typeflag === TYPE_GNU_LONGLINK) {
      if (nb > MAX_SPECIAL_FILE_SIZE) throw new TarError(ERR_FIELD_TOO_LONG);
      this.startData({ s: "special", h, need: nb, buf: new Uint8Array(nb), got: 0, pad });
      return;
    }
    if (this.pax !== null) mergePAX(h, this.pax);
    if (this.gnuLongName !== "") h.name = this.gnuLongName;
    if (this.gnuLongLink !== "") h.linkname = this.gnuLongLink;
    this.pax = null;
    this.gnuLongName = "";
    this.gnuLongLink = "";
    if (h.typeflag === TYPE_REGA) h.typeflag = h.name.endsWith("/") ? TYPE_DIR : TYPE_REG;
    nb = isHeaderOnlyType(h.typeflag) ? 0 : h.size;
    if (nb < 0) throw new TarError(ERR_HEADER);
    this.deliver(h, nb);
  }

  private deliver(h: TarHeader, nb: number): void {
    const want = this.consumer.onEntry(h);
    const pad = (BLOCK - (nb % BLOCK)) % BLOCK;
    if (!Number.isFinite(nb)) throw new TarError(ERR_UNEXPECTED_EOF);
    this.startData({ s: "data", h, need: nb, buf: want ? new Uint8Array(nb) : null, got: 0, pad });
  }

  private startData(st: Extract<State, { s: "special" | "data" }>): void {
    this.state = st;
    if (st.need === 0) this.endOfData(st);
  }

  private endOfData(st: Extract<State, { s: "special" | "data" }>): void {
    this.state = st.pad > 0 ? { s: "pad", left: st.pad } : { s: "header" };
    if (st.s === "data") {
      if (st.buf !== null) this.consumer.onData(st.h, st.buf);
      return;
    }
    const { h, buf } = st;
    switch (h.typeflag) {
      case TYPE_XHEADER:
        this.pax = parsePAX(buf);
        break;
      case TYPE_XGLOBAL: {
        // Go's reader returns the global header as an entry, forgetting pending PAX and GNU records.
        this.pax = null;
        this.gnuLongName = "";
        this.gnuLongLink = "";
        const g: TarHeader = { name: h.name, linkname: "", typeflag: TYPE_XGLOBAL, size: 0, mode: 0, paxRecords: parsePAX(buf) };
        if (this.consumer.onEntry(g)) this.consumer.onData(g, new Uint8Array(0));
        break;
      }
      case TYPE_GNU_LONGNAME:
        this.gnuLongName = parseString(buf);
        break;
      default:
        this.gnuLongLink = parseString(buf);
        break;
    }
  }
}
