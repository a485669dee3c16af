/**
 * Sprig v3.3.0's crypto functions (crypto.go): sha1sum, sha256sum,
 * sha512sum, adler32sum, bcrypt, htpasswd, derivePassword, genPrivateKey,
 * buildCustomCert, genCA, genCAWithKey, genSelfSignedCert,
 * genSelfSignedCertWithKey, genSignedCert, genSignedCertWithKey,
 * encryptAES, decryptAES, randBytes.
 *
 * Keys, hashes, scrypt, AES and signatures come from Node's crypto; bcrypt
 * from bcryptjs. Certificates are assembled in DER here to reproduce what
 * Go's x509.CreateCertificate makes of Sprig's template, field by field: a
 * 128-bit random serial, subject and issuer with only a CommonName
 * (PrintableString when Go uses one, else UTF8String), NotBefore now and
 * NotAfter `daysValid` days later (UTCTime/GeneralizedTime as Go picks),
 * critical KeyUsage (digitalSignature|keyEncipherment, plus certSign for
 * CAs), ExtKeyUsage serverAuth+clientAuth, critical BasicConstraints, a
 * SubjectKeyId for CAs (truncated SHA-256, Go ≥ 1.25), an AuthorityKeyId
 * from the issuer's SubjectKeyId, SANs (DNS names, then IPs; critical when
 * the subject is empty), signed SHA256-RSA / ECDSA-SHA256/384/512 / Ed25519
 * as Go chooses for the signing key. (@peculiar/x509's generator is
 * asynchronous, which template functions cannot be.)
 */
import bcryptjs from "bcryptjs";
import type { KeyObject, X509Certificate } from "node:crypto";
import { FuncError, GO_TYPE, GoInt, goFunc, fromUtf8, sprint, utf8, type GoFunc } from "../../template/index.ts";
import { base64Decode, base64Encode, CorruptInputError } from "./encoding.ts";
import { nodeCrypto } from "./node-crypto.ts";

// ----- hashes -----

function hex(algorithm: string, s: string): string {
  return nodeCrypto().createHash(algorithm).update(utf8(s)).digest("hex");
}

/** hash/adler32.Checksum. */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let c = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    c = (c + a) % 65521;
  }
  return ((c << 16) | a) >>> 0;
}

// ----- bcrypt -----

/** bcrypt.GenerateFromPassword(DefaultCost), or Sprig's failure text. */
function bcrypt(input: string): string {
  if (utf8(input).length > 72) return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
  // Go writes the "2a" variant; bcryptjs hashes identically for it.
  const salt = bcryptjs.genSaltSync(10).replace(/^\$2b\$/, "$2a$");
  return bcryptjs.hashSync(input, salt);
}

// ----- derivePassword (the Master Password algorithm) -----

const MASTER_PASSWORD_SEED = "com.lyndir.masterpassword";

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
  long: [
    "CvcvnoCvcvCvcv",
    "CvcvCvcvnoCvcv",
    "CvcvCvcvCvcvno",
    "CvccnoCvcvCvcv",
    "CvccCvcvnoCvcv",
    "CvccCvcvCvcvno",
    "CvcvnoCvccCvcv",
    "CvcvCvccnoCvcv",
    "CvcvCvccCvcvno",
    "CvcvnoCvcvCvcc",
    "CvcvCvcvnoCvcc",
    "CvcvCvcvCvccno",
    "CvccnoCvccCvcv",
    "CvccCvccnoCvcv",
    "CvccCvccCvcvno",
    "CvcvnoCvccCvcc",
    "CvcvCvccnoCvcc",
    "CvcvCvccCvccno",
    "CvccnoCvcvCvcc",
    "CvccCvcvnoCvcc",
    "CvccCvcvCvccno",
  ],
  medium: ["CvcnoCvc", "CvcCvcno"],
  short: ["Cvcn"],
  basic: ["aaanaaan", "aannaaan", "aaannaaa"],
  pin: ["nnnn"],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: "AEIOU",
  C: "BCDFGHJKLMNPQRSTVWXYZ",
  v: "aeiou",
  c: "bcdfghjklmnpqrstvwxyz",
  A: "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
  a: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
  n: "0123456789",
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
};

function uint32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

/** Sprig's derivePassword: scrypt(N=32768, r=8, p=2) key, HMAC-SHA256 seed, template characters. */
export function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!templates) return `cannot find password template ${passwordType}`;
  const seedBytes = utf8(MASTER_PASSWORD_SEED);
  const userBytes = utf8(user);
  const siteBytes = utf8(site);
  const salt = Buffer.concat([seedBytes, uint32be(userBytes.length), userBytes]);
  const key = nodeCrypto().scryptSync(utf8(password), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const msg = Buffer.concat([seedBytes, uint32be(siteBytes.length), siteBytes, uint32be(counter)]);
  const seed = nodeCrypto().createHmac("sha256", key).update(msg).digest();
  const temp = templates[(seed[0] ?? 0) % templates.length] ?? "";
  let out = "";
  for (let i = 0; i < temp.length; i++) {
    const chars = TEMPLATE_CHARACTERS[temp.charAt(i)] ?? "";
    out += chars.charAt((seed[i + 1] ?? 0) % chars.length);
  }
  return out;
}

// ----- DER -----

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.from([tag, ...derLength(body.length)]), body]);
}

const seq = (...c: Uint8Array[]): Uint8Array => tlv(0x30, ...c);

function derInt(v: bigint): Uint8Array {
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, "hex");
  if ((b[0] ?? 0) & 0x80) b = Buffer.concat([Uint8Array.of(0), b]);
  return tlv(0x02, b);
}

function derOid(oid: string): Uint8Array {
  const parts = oid.split(".").map(Number);
  const out: number[] = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const b: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const derBool = (b: boolean): Uint8Array => tlv(0x01, Uint8Array.of(b ? 0xff : 0));
const derOctets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
const derBits = (b: Uint8Array, unused = 0): Uint8Array => tlv(0x03, Uint8Array.of(unused), b);
const NULL = Uint8Array.of(0x05, 0x00);

/** A parsed TLV: tag, the offsets of its header and content. */
interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

class DerError extends Error {}

function readTlv(b: Uint8Array, at: number, limit = b.length): Tlv {
  if (at + 2 > limit) throw new DerError("asn1: syntax error: truncated tag or length");
  const tag = b[at] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new DerError("asn1: syntax error: unsupported tag");
  let len = b[at + 1] ?? 0;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new DerError("asn1: syntax error: truncated tag or length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[p + i] ?? 0);
    p += n;
  }
  if (p + len > limit) throw new DerError("asn1: syntax error: data truncated");
  return { tag, start: at, contentStart: p, end: p + len };
}

function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.contentStart; p < t.end; ) {
    const c = readTlv(b, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

function intValue(b: Uint8Array, t: Tlv): bigint {
  const c = b.subarray(t.contentStart, t.end);
  if (c.length === 0) return 0n;
  let v = BigInt(`0x${Buffer.from(c).toString("hex")}`);
  if ((c[0] ?? 0) & 0x80) v -= 1n << BigInt(c.length * 8);
  return v;
}

function oidString(b: Uint8Array, t: Tlv): string {
  const c = b.subarray(t.contentStart, t.end);
  const first = c[0] ?? 0;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (const x of c.subarray(1)) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

// ----- PEM -----

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** pem.Decode: the first valid PEM block in the text, or undefined. */
export function pemDecode(text: string): PemBlock | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t\r]*\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    let body = m[2] ?? "";
    // Optional "Key: value" headers end at a blank line.
    if (/^[^\n]*:/.test(body)) {
      const blank = body.search(/\r?\n\r?\n/);
      if (blank !== -1) body = body.slice(blank).replace(/^\r?\n\r?\n/, "");
    }
    try {
      return { type: m[1] ?? "", bytes: base64Decode(body.replace(/[ \t]/g, "")) };
    } catch (e) {
      if (!(e instanceof CorruptInputError)) throw e;
    }
  }
  return undefined;
}

/** pem.EncodeToMemory. */
export function pemEncode(type: string, bytes: Uint8Array): string {
  const b64 = base64Encode(bytes);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => `${l}\n`).join("")}-----END ${type}-----\n`;
}

// ----- private keys -----

/** A parsed private key: a Node key (RSA, EC, Ed25519, …) or a DSA key in Sprig's own format. */
export type PrivateKey = { kind: "node"; key: KeyObject } | { kind: "dsa"; der: Uint8Array };

/** x509.MarshalPKCS8PrivateKey's algorithm OIDs for the key types Go parses from PKCS#8. */
const PKCS8_GO_TYPES = new Set(["rsa", "ec", "ed25519", "x25519"]);
const GO_CURVES: Record<string, { hash: string; sigOid: string }> = {
  "P-224": { hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
  prime256v1: { hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
  "P-256": { hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
  secp224r1: { hash: "sha256", sigOid: "1.2.840.10045.4.3.2" },
  secp384r1: { hash: "sha384", sigOid: "1.2.840.10045.4.3.3" },
  "P-384": { hash: "sha384", sigOid: "1.2.840.10045.4.3.3" },
  secp521r1: { hash: "sha512", sigOid: "1.2.840.10045.4.3.4" },
  "P-521": { hash: "sha512", sigOid: "1.2.840.10045.4.3.4" },
};

function derDetail(der: Uint8Array, fallback: string): string {
  try {
    const t = readTlv(der, 0);
    children(der, t);
    return fallback;
  } catch (e) {
    return e instanceof DerError ? e.message : fallback;
  }
}

function nodeKey(der: Uint8Array, type: "pkcs1" | "pkcs8" | "sec1"): KeyObject {
  return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: "der", type });
}

/** Sprig's parsePrivateKeyPEM, with its error messages. */
export function parsePrivateKeyPEM(pemText: string): PrivateKey {
  const block = pemDecode(pemText);
  if (!block) throw new Error("no PEM data in input");
  if (block.type === "PRIVATE KEY") {
    let key: KeyObject;
    try {
      key = nodeKey(block.bytes, "pkcs8");
    } catch {
      throw new Error(`decoding PEM as PKCS#8: ${derDetail(block.bytes, "x509: failed to parse private key")}`);
    }
    if (!PKCS8_GO_TYPES.has(key.asymmetricKeyType ?? "")) {
      let oid = "";
      try {
        const top = children(block.bytes, readTlv(block.bytes, 0));
        const alg = top[1] ? children(block.bytes, top[1])[0] : undefined;
        if (alg) oid = oidString(block.bytes, alg);
      } catch {
        // keep the empty OID
      }
      throw new Error(`decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: ${oid}`);
    }
    if (key.asymmetricKeyType === "ec" && !GO_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ""]) {
      throw new Error("decoding PEM as PKCS#8: x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve");
    }
    return { kind: "node", key };
  }
  if (!block.type.endsWith(" PRIVATE KEY")) throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case "RSA":
      try {
        return { kind: "node", key: nodeKey(block.bytes, "pkcs1") };
      } catch {
        throw new Error(`parsing RSA private key from PEM: ${derDetail(block.bytes, "x509: failed to parse RSA private key")}`);
      }
    case "EC": {
      let key: KeyObject;
      try {
        key = nodeKey(block.bytes, "sec1");
      } catch {
        throw new Error(`parsing EC private key from PEM: x509: failed to parse EC private key: ${derDetail(block.bytes, "x509: invalid EC private key")}`);
      }
      if (!GO_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ""]) throw new Error("parsing EC private key from PEM: x509: unknown elliptic curve");
      return { kind: "node", key };
    }
    case "DSA":
      try {
        const t = readTlv(block.bytes, 0);
        if (t.tag !== 0x30 || children(block.bytes, t).length < 6) throw new DerError("asn1: structure error: too few elements");
      } catch (e) {
        throw new Error(`parsing DSA private key from PEM: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      return { kind: "dsa", der: block.bytes };
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

/** pemBlockForKey: RSA as PKCS#1, EC as SEC 1, DSA in Sprig's format, others as PKCS#8. */
export function pemForKey(k: PrivateKey): string {
  if (k.kind === "dsa") return pemEncode("DSA PRIVATE KEY", k.der);
  switch (k.key.asymmetricKeyType) {
    case "rsa":
      return pemEncode("RSA PRIVATE KEY", k.key.export({ type: "pkcs1", format: "der" }));
    case "ec":
      return pemEncode("EC PRIVATE KEY", k.key.export({ type: "sec1", format: "der" }));
    default:
      return pemEncode("PRIVATE KEY", k.key.export({ type: "pkcs8", format: "der" }));
  }
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

/** A DSA key (L=2048, N=256) in Sprig's DSAKeyFormat: SEQUENCE { 0, P, Q, G, Y, X }. */
function generateDSA(): Uint8Array {
  const { privateKey } = nodeCrypto().generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 });
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const top = children(der, readTlv(der, 0));
  const alg = top[1] ? children(der, top[1]) : [];
  const params = alg[1] ? children(der, alg[1]) : [];
  const [p, q, g] = params.map((t) => intValue(der, t));
  const octets = top[2];
  if (p === undefined || q === undefined || g === undefined || !octets) throw new Error("failed to generate private key: bad DSA key");
  const x = intValue(der, readTlv(der, octets.contentStart, octets.end));
  const y = modPow(g, x, p);
  return seq(derInt(0n), derInt(p), derInt(q), derInt(g), derInt(y), derInt(x));
}

/** Sprig's generatePrivateKey. */
export function generatePrivateKey(typ: string): string {
  switch (typ) {
    case "":
    case "rsa":
      return pemForKey({ kind: "node", key: nodeCrypto().generateKeyPairSync("rsa", { modulusLength: 4096 }).privateKey });
    case "dsa":
      return pemEncode("DSA PRIVATE KEY", generateDSA());
    case "ecdsa":
      return pemForKey({ kind: "node", key: nodeCrypto().generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey });
    case "ed25519":
      return pemForKey({ kind: "node", key: nodeCrypto().generateKeyPairSync("ed25519").privateKey });
    default:
      return `Unknown type ${typ}`;
  }
}

// ----- certificates -----

/** Sprig's `certificate` struct: PEM certificate and key. */
export class SprigCertificate {
  Cert: string;
  Key: string;
  declare [GO_TYPE]: string;
  constructor(cert = "", key = "") {
    this.Cert = cert;
    this.Key = key;
  }
}
Object.defineProperty(SprigCertificate.prototype, GO_TYPE, { value: "sprig.certificate" });

const OID = {
  cn: "2.5.4.3",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  basicConstraints: "2.5.29.19",
  subjectKeyId: "2.5.29.14",
  authorityKeyId: "2.5.29.35",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ed25519: "1.3.101.112",
};

/** encoding/asn1's PrintableString test (no '*' or '&' when choosing a string type). */
function isPrintableString(s: string): boolean {
  return /^[a-zA-Z0-9'()+,\-./:=? ]*$/.test(s);
}

/** pkix.Name{CommonName: cn}.ToRDNSequence(), marshalled. */
function subjectName(cn: string): Uint8Array {
  if (cn === "") return seq();
  const value = isPrintableString(cn) ? tlv(0x13, utf8(cn)) : tlv(0x0c, utf8(cn));
  return seq(tlv(0x31, seq(derOid(OID.cn), value)));
}

function derTime(epochSec: number): Uint8Array {
  const d = new Date(epochSec * 1000);
  const y = d.getUTCFullYear();
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const rest = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`;
  if (y < 1950 || y >= 2050) return tlv(0x18, utf8(`${String(y).padStart(4, "0")}${rest}`));
  return tlv(0x17, utf8(`${p2(y % 100)}${rest}`));
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return seq(derOid(oid), ...(critical ? [derBool(true)] : []), derOctets(value));
}

/** Go's net.ParseIP, as 4 bytes for IPv4 (and IPv4-mapped IPv6, as To4 does) or 16 for IPv6. */
export function parseIP(s: string): Uint8Array | undefined {
  const v4 = parseIPv4(s);
  if (v4) return v4;
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (const [i, p] of parts.entries()) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p.startsWith("0"))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  let rest = s;
  if (rest.startsWith("::")) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === "") return out;
  }
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(rest);
    if (!m) return undefined;
    // An embedded IPv4 address at the end.
    if (i <= 12 && rest.length > m[0].length && rest[m[0].length] === ".") {
      if (ellipsis < 0 && i !== 12) return undefined;
      const v4 = parseIPv4(rest);
      if (!v4) return undefined;
      out.set(v4, i);
      i += 4;
      rest = "";
      break;
    }
    const n = parseInt(m[0], 16);
    out[i] = n >> 8;
    out[i + 1] = n & 0xff;
    i += 2;
    rest = rest.slice(m[0].length);
    if (rest === "") break;
    if (rest[0] !== ":" || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === "") break;
    }
  }
  if (rest !== "") return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) out[j + n] = out[j] ?? 0;
    out.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined;
  }
  return out;
}

/** fmt's %v. */
function goValueString(v: unknown): string {
  return sprint([v]);
}

function netIPs(ips: unknown[] | null): Uint8Array[] {
  if (ips === null) return [];
  return ips.map((ip) => {
    if (typeof ip !== "string") throw new FuncError(`error parsing ip: ${goValueString(ip)} is not a string`);
    const b = parseIP(ip);
    if (!b) throw new FuncError(`error parsing ip: ${ip}`);
    return b;
  });
}

function dnsNames(names: unknown[] | null): string[] {
  if (names === null) return [];
  return names.map((n) => {
    if (typeof n !== "string") throw new FuncError(`error processing alternate dns name: ${goValueString(n)} is not a string`);
    return n;
  });
}

interface CertTemplate {
  cn: string;
  ips: Uint8Array[];
  dns: string[];
  daysValid: bigint;
  isCA: boolean;
}

/** What the signer contributes: its subject, SubjectKeyId and public key (undefined when self-signed). */
interface Parent {
  rawSubject: Uint8Array;
  subjectKeyId: Uint8Array | undefined;
  publicKeyDer: Uint8Array;
}

function publicKeyOf(k: PrivateKey): KeyObject | undefined {
  return k.kind === "node" ? nodeCrypto().createPublicKey(k.key) : undefined;
}

function createCertificate(t: CertTemplate, signee: PrivateKey, signer: PrivateKey, parent: Parent | undefined): string {
  const fail = (msg: string): never => {
    throw new FuncError(`error creating certificate: ${msg}`);
  };
  if (signer.kind !== "node" || !["rsa", "ec", "ed25519"].includes(signer.key.asymmetricKeyType ?? "")) {
    return fail("x509: certificate private key does not implement crypto.Signer");
  }
  const signerKey = signer.key;
  let sigAlg: Uint8Array;
  let hash: string | null;
  switch (signerKey.asymmetricKeyType) {
    case "rsa":
      sigAlg = seq(derOid(OID.sha256WithRSA), NULL);
      hash = "sha256";
      break;
    case "ec": {
      const c = GO_CURVES[signerKey.asymmetricKeyDetails?.namedCurve ?? ""];
      if (!c) return fail("x509: unknown elliptic curve");
      sigAlg = seq(derOid(c.sigOid));
      hash = c.hash;
      break;
    }
    default:
      sigAlg = seq(derOid(OID.ed25519));
      hash = null;
  }
  const pub = publicKeyOf(signee);
  if (!pub || !["rsa", "ec", "ed25519"].includes(pub.asymmetricKeyType ?? "")) {
    return fail(`x509: unsupported public key type: ${signee.kind === "dsa" ? "*dsa.PublicKey" : "*ecdh.PublicKey"}`);
  }
  const spki = pub.export({ type: "spki", format: "der" });
  const spkiParts = children(spki, readTlv(spki, 0));
  const bits = spkiParts[1];
  const publicKeyBytes = bits ? spki.subarray(bits.contentStart + 1, bits.end) : new Uint8Array();

  const subject = subjectName(t.cn);
  const issuer = parent ? parent.rawSubject : subject;
  const sameName = Buffer.from(issuer).equals(Buffer.from(subject));
  const authorityKeyId = !sameName && parent?.subjectKeyId?.length ? parent.subjectKeyId : undefined;
  const subjectKeyId = t.isCA ? nodeCrypto().createHash("sha256").update(publicKeyBytes).digest().subarray(0, 20) : undefined;
  if (parent) {
    const signerPub = nodeCrypto().createPublicKey(signerKey).export({ type: "spki", format: "der" });
    if (!signerPub.equals(Buffer.from(parent.publicKeyDer))) return fail("x509: provided PrivateKey doesn't match parent's PublicKey");
  }

  const exts: Uint8Array[] = [];
  // KeyUsage: digitalSignature (bit 0), keyEncipherment (bit 2), keyCertSign (bit 5).
  exts.push(extension(OID.keyUsage, true, t.isCA ? derBits(Uint8Array.of(0xa4), 2) : derBits(Uint8Array.of(0xa0), 5)));
  exts.push(extension(OID.extKeyUsage, false, seq(derOid(OID.serverAuth), derOid(OID.clientAuth))));
  exts.push(extension(OID.basicConstraints, true, t.isCA ? seq(derBool(true)) : seq()));
  if (subjectKeyId) exts.push(extension(OID.subjectKeyId, false, derOctets(subjectKeyId)));
  if (authorityKeyId) exts.push(extension(OID.authorityKeyId, false, seq(tlv(0x80, authorityKeyId))));
  if (t.dns.length > 0 || t.ips.length > 0) {
    for (const name of t.dns) {
      // eslint-disable-next-line no-control-regex
      if (!/^[\x00-\x7f]*$/.test(name)) fail(`x509: ${JSON.stringify(name)} cannot be encoded as an IA5String`);
    }
    const sans = [...t.dns.map((n) => tlv(0x82, utf8(n))), ...t.ips.map((ip) => tlv(0x87, ip))];
    exts.push(extension(OID.subjectAltName, t.cn === "", seq(...sans)));
  }

  const now = Math.floor(Date.now() / 1000);
  const days = BigInt.asIntN(64, t.daysValid * 86_400_000_000_000n);
  const notAfter = now + Number(days / 1_000_000_000n);
  const serial = BigInt(`0x${nodeCrypto().randomBytes(16).toString("hex")}`);
  const tbs = seq(
    tlv(0xa0, derInt(2n)),
    derInt(serial),
    sigAlg,
    issuer,
    seq(derTime(now), derTime(notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const signature = nodeCrypto().sign(hash, tbs, signerKey);
  const der = seq(tbs, sigAlg, derBits(signature));
  return pemEncode("CERTIFICATE", der);
}

/** x509.ParseCertificate for a signer: its raw subject, SubjectKeyId and public key. */
function parseParent(der: Uint8Array): Parent {
  let cert: X509Certificate;
  try {
    const { X509Certificate: Certificate } = nodeCrypto();
    cert = new Certificate(Buffer.from(der));
  } catch {
    throw new Error("x509: malformed certificate");
  }
  const tbs = children(der, readTlv(der, 0))[0];
  if (!tbs) throw new Error("x509: malformed certificate");
  const fields = children(der, tbs);
  const off = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[off + 4];
  if (!subject) throw new Error("x509: malformed certificate");
  let subjectKeyId: Uint8Array | undefined;
  const extsWrapper = fields.find((f) => f.tag === 0xa3);
  if (extsWrapper) {
    const list = children(der, extsWrapper)[0];
    for (const ext of list ? children(der, list) : []) {
      const parts = children(der, ext);
      const oid = parts[0];
      const value = parts.at(-1);
      if (oid && value && oidString(der, oid) === OID.subjectKeyId) {
        const inner = readTlv(der, value.contentStart, value.end);
        subjectKeyId = der.slice(inner.contentStart, inner.end);
      }
    }
  }
  return {
    rawSubject: der.slice(subject.start, subject.end),
    subjectKeyId,
    publicKeyDer: cert.publicKey.export({ type: "spki", format: "der" }),
  };
}

function rsa2048(): PrivateKey {
  return { kind: "node", key: nodeCrypto().generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey };
}

function parseKeyArg(pemText: string): PrivateKey {
  try {
    return parsePrivateKeyPEM(pemText);
  } catch (e) {
    throw new FuncError(`parsing private key: ${(e as Error).message}`);
  }
}

function template(cn: string, ips: unknown[] | null, dns: unknown[] | null, daysValid: GoInt, isCA = false): CertTemplate {
  return { cn, ips: netIPs(ips), dns: dnsNames(dns), daysValid: daysValid.value, isCA };
}

function selfSigned(t: CertTemplate, key: PrivateKey): SprigCertificate {
  return new SprigCertificate(createCertificate(t, key, key, undefined), pemForKey(key));
}

function signed(cn: string, ips: unknown[] | null, dns: unknown[] | null, days: GoInt, ca: SprigCertificate, key: PrivateKey): SprigCertificate {
  const block = pemDecode(ca.Cert);
  if (!block) throw new FuncError("unable to decode certificate");
  let parent: Parent;
  try {
    parent = parseParent(block.bytes);
  } catch (e) {
    throw new FuncError(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
  let signerKey: PrivateKey;
  try {
    signerKey = parsePrivateKeyPEM(ca.Key);
  } catch (e) {
    throw new FuncError(`error parsing private key: ${(e as Error).message}`);
  }
  const t = template(cn, ips, dns, days);
  return new SprigCertificate(createCertificate(t, key, signerKey, parent), pemForKey(key));
}

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  let cert: Uint8Array;
  let key: Uint8Array;
  try {
    cert = base64Decode(b64cert);
  } catch {
    throw new FuncError("unable to decode base64 certificate");
  }
  try {
    key = base64Decode(b64key);
  } catch {
    throw new FuncError("unable to decode base64 private key");
  }
  const certText = fromUtf8(cert);
  const block = pemDecode(certText);
  if (!block) throw new FuncError("unable to decode certificate");
  try {
    parseParent(block.bytes);
  } catch (e) {
    throw new FuncError(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
  }
  const keyText = fromUtf8(key);
  try {
    parsePrivateKeyPEM(keyText);
  } catch (e) {
    throw new FuncError(`error parsing private key: ${(e as Error).message}`);
  }
  return new SprigCertificate(certText, keyText);
}

// ----- AES -----

function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === "") return "";
  const content = Buffer.from(utf8(plaintext));
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = nodeCrypto().randomBytes(16);
  const cipher = nodeCrypto().createCipheriv("aes-256-cbc", aesKey(password), iv).setAutoPadding(false);
  return base64Encode(Buffer.concat([iv, cipher.update(padded), cipher.final()]));
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === "") return "";
  let crypt: Uint8Array;
  try {
    crypt = base64Decode(crypt64);
  } catch (e) {
    if (e instanceof CorruptInputError) throw new FuncError(e.message);
    throw e;
  }
  // Go panics on these; text/template reports the panic as the call's error.
  if (crypt.length < 16) throw new FuncError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const iv = crypt.subarray(0, 16);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new FuncError("crypto/cipher: input not full blocks");
  const decipher = nodeCrypto().createDecipheriv("aes-256-cbc", aesKey(password), iv).setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new FuncError("runtime error: index out of range [-1]");
  const end = decrypted.length - (decrypted[decrypted.length - 1] ?? 0);
  if (end < 0) throw new FuncError(`runtime error: slice bounds out of range [:${end}]`);
  return fromUtf8(decrypted.subarray(0, end));
}

// ----- the function map -----

export function cryptoFuncs(): Record<string, GoFunc> {
  return {
    sha1sum: goFunc("string -> string", (s: string) => hex("sha1", s)),
    sha256sum: goFunc("string -> string", (s: string) => hex("sha256", s)),
    sha512sum: goFunc("string -> string", (s: string) => hex("sha512", s)),
    adler32sum: goFunc("string -> string", (s: string) => String(adler32(utf8(s)))),
    bcrypt: goFunc("string -> string", bcrypt),
    htpasswd: goFunc("string, string -> string", (user: string, password: string) =>
      user.includes(":") ? `invalid username: ${user}` : `${user}:${bcrypt(password)}`,
    ),
    derivePassword: goFunc("uint32, string, string, string, string -> string", (counter: GoInt, typ: string, password: string, user: string, site: string) =>
      derivePassword(Number(counter.value), typ, password, user, site),
    ),
    genPrivateKey: goFunc("string -> string", generatePrivateKey),
    buildCustomCert: goFunc("string, string -> (sprig.certificate, error)", buildCustomCert),
    genCA: goFunc("string, int -> (sprig.certificate, error)", (cn: string, days: GoInt) => selfSigned(template(cn, null, null, days, true), rsa2048())),
    genCAWithKey: goFunc("string, int, string -> (sprig.certificate, error)", (cn: string, days: GoInt, key: string) =>
      selfSigned(template(cn, null, null, days, true), parseKeyArg(key)),
    ),
    genSelfSignedCert: goFunc("string, []interface {}, []interface {}, int -> (sprig.certificate, error)", (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: GoInt) =>
      selfSigned(template(cn, ips, dns, days), rsa2048()),
    ),
    genSelfSignedCertWithKey: goFunc(
      "string, []interface {}, []interface {}, int, string -> (sprig.certificate, error)",
      (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: GoInt, key: string) => {
        const k = parseKeyArg(key);
        return selfSigned(template(cn, ips, dns, days), k);
      },
    ),
    genSignedCert: goFunc(
      "string, []interface {}, []interface {}, int, sprig.certificate -> (sprig.certificate, error)",
      (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: GoInt, ca: SprigCertificate) => signed(cn, ips, dns, days, ca, rsa2048()),
    ),
    genSignedCertWithKey: goFunc(
      "string, []interface {}, []interface {}, int, sprig.certificate, string -> (sprig.certificate, error)",
      (cn: string, ips: unknown[] | null, dns: unknown[] | null, days: GoInt, ca: SprigCertificate, key: string) => signed(cn, ips, dns, days, ca, parseKeyArg(key)),
    ),
    encryptAES: goFunc("string, string -> (string, error)", encryptAES),
    decryptAES: goFunc("string, string -> (string, error)", decryptAES),
    randBytes: goFunc("int -> (string, error)", (count: GoInt) => {
      if (count.value < 0n) throw new FuncError("runtime error: makeslice: len out of range");
      return base64Encode(nodeCrypto().randomBytes(Number(count.value)));
    }),
  };
}
