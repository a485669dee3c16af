// Sprig's crypto functions against Go itself: oracle/cases-crypto.json was
// run by oracle/main.go (Go 1.26 + Sprig v3.3.0). Deterministic results and
// error messages must match exactly; certificates and keys (random) must
// have the same structure as Go's.
import assert from "node:assert/strict";
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { loadCases, oracleTests, render } from "./oracle/harness.ts";
import { derivePassword, parseIP } from "../../../../src/render/funcs/crypto.ts";

const keys = JSON.parse(readFileSync(new URL("oracle/keys.json", import.meta.url), "utf8")) as Record<string, string>;
const keyTexts = new Set(Object.values(keys));

oracleTests("crypto", {}, (c) => !c.name.startsWith("shape"));

// ----- structure of certificates and keys -----

interface Tlv {
  tag: number;
  start: number;
  body: number;
  end: number;
}

function tlv(b: Uint8Array, at: number): Tlv {
  const tag = b[at] ?? 0;
  let len = b[at + 1] ?? 0;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[p + i] ?? 0);
    p += n;
  }
  return { tag, start: at, body: p, end: p + len };
}

function kids(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = t.body; p < t.end; p = (out.at(-1) as Tlv).end) out.push(tlv(b, p));
  return out;
}

const hexOf = (b: Uint8Array, t: Tlv): string => Buffer.from(b.subarray(t.start, t.end)).toString("hex");

function derTimeSeconds(b: Uint8Array, t: Tlv): number {
  const s = Buffer.from(b.subarray(t.body, t.end)).toString("latin1");
  const full = t.tag === 0x17 ? `${Number(s.slice(0, 2)) >= 50 ? "19" : "20"}${s}` : s;
  return Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)), Number(full.slice(8, 10)), Number(full.slice(10, 12)), Number(full.slice(12, 14))) / 1000;
}

function certShape(pem: string): unknown {
  const x = new X509Certificate(pem);
  const der = new Uint8Array(x.raw);
  const [tbsT, sigAlgT] = kids(der, tlv(der, 0));
  assert.ok(tbsT && sigAlgT);
  const f = kids(der, tbsT);
  const [version, serial, sigAlg, issuer, validity, subject, spki, exts] = f;
  assert.ok(version && serial && sigAlg && issuer && validity && subject && spki && exts);
  const [nb, na] = kids(der, validity);
  assert.ok(nb && na);
  const spkiKids = kids(der, spki);
  const bits = spkiKids[1] as Tlv;
  const pubBytes = der.subarray(bits.body + 1, bits.end);
  const extList = kids(der, kids(der, exts)[0] as Tlv).map((e) => {
    const parts = kids(der, e);
    const oid = hexOf(der, parts[0] as Tlv);
    const value = parts.at(-1) as Tlv;
    const valueHex = Buffer.from(der.subarray(value.body, value.end)).toString("hex");
    let shown = valueHex;
    if (oid === "0603551d0e") {
      const skid = valueHex.slice(4);
      const sha256 = createHash("sha256").update(pubBytes).digest("hex").slice(0, 40);
      shown = skid === sha256 ? "skid=sha256[:20](pub)" : `skid=?${skid}`;
    }
    if (oid === "0603551d23") shown = `akid(${valueHex.length / 2} bytes)`;
    return { oid, critical: parts.length === 3, value: shown };
  });
  const serialBytes = der.subarray(serial.body, serial.end);
  return {
    version: hexOf(der, version),
    serialOk: serialBytes.length <= 17 && ((serialBytes[0] ?? 0) & 0x80) === 0,
    sigAlg: hexOf(der, sigAlg),
    outerSigAlg: hexOf(der, sigAlgT),
    issuer: hexOf(der, issuer),
    subject: hexOf(der, subject),
    validity: [nb.tag, na.tag, Math.round((derTimeSeconds(der, na) - derTimeSeconds(der, nb)) / 10)],
    spkiAlg: hexOf(der, spkiKids[0] as Tlv),
    extensions: extList,
    selfSigned: x.checkIssued(x) && x.verify(x.publicKey),
  };
}

function keyShape(pem: string, type: string): unknown {
  if (type === "DSA PRIVATE KEY") {
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const ints = kids(der, tlv(der, 0)).map((t) => BigInt(`0x${Buffer.from(der.subarray(t.body, t.end)).toString("hex") || "0"}`));
    const [v, p, q, g, y, x] = ints;
    assert.ok(p !== undefined && q !== undefined && g !== undefined && y !== undefined && x !== undefined);
    let r = 1n;
    for (let b = g, e = x; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) r = (r * b) % p;
    return { type, count: ints.length, v, pBits: p.toString(2).length, qBits: q.toString(2).length, yIsGx: r === y };
  }
  const k = createPrivateKey(pem);
  return { type, kind: k.asymmetricKeyType, details: k.asymmetricKeyDetails, fixed: keyTexts.has(pem) };
}

function shape(out: string): unknown[] {
  return [...out.matchAll(/-----BEGIN ([A-Z ]+)-----\n[\s\S]*?-----END \1-----\n/g)].map((m) =>
    m[1] === "CERTIFICATE" ? certShape(m[0]) : keyShape(m[0], m[1] ?? ""),
  );
}

test("crypto: certificates and keys have Go's structure", () => {
  const cases = loadCases("crypto").filter(({ c }) => c.name.startsWith("shape"));
  assert.ok(cases.length > 30);
  for (const { c, want } of cases) {
    const got = render(c.tmpl, c.name);
    assert.equal(got.err, want.err, c.tmpl);
    assert.ok(want.out !== undefined && got.out !== undefined, c.tmpl);
    assert.deepEqual(shape(got.out), shape(want.out), `${c.name}: ${c.tmpl}`);
    // Sprig's certificates start now (Go's recorded ones started when the oracle ran).
    for (const pem of got.out.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g) ?? []) {
      const notBefore = Date.parse(new X509Certificate(pem).validFrom);
      assert.ok(Math.abs(notBefore - Date.now()) < 600_000, `${c.name}: notBefore ${new Date(notBefore).toISOString()} is not now`);
    }
    assert.equal(got.out.replace(/-----BEGIN [\s\S]*?-----END [A-Z ]+-----\n/g, ""), want.out.replace(/-----BEGIN [\s\S]*?-----END [A-Z ]+-----\n/g, ""));
  }
});

test("crypto: signed certificates verify against their CA", () => {
  const out = render(`{{ $ca := genCA "ca" 1 }}{{ $c := genSignedCert "leaf" nil (list "x") 1 $ca }}{{ $ca.Cert }}{{ $c.Cert }}`).out ?? "";
  const [ca, leaf] = [...out.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)].map((m) => new X509Certificate(m[0]));
  assert.ok(ca && leaf);
  assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
  assert.equal(leaf.subjectAltName, "DNS:x");
  assert.equal(ca.ca, true);
  assert.equal(leaf.ca, false);
});

test("crypto: helpers", () => {
  assert.equal(derivePassword(1, "long", "password", "user", "example.com"), "ZedaFaxcZaso9*");
  assert.deepEqual(parseIP("::ffff:1.2.3.4"), Uint8Array.of(1, 2, 3, 4));
  assert.equal(parseIP("1.2.3.04"), undefined);
  assert.equal(parseIP("fe80::1")?.length, 16);
});
