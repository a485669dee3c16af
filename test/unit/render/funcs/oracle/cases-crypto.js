/* global URL, Buffer */
// Writes cases-crypto.json: the crypto cases run by main.go (Go) and crypto.test.ts (bosun).
// Cases named "shape…" print certificates and keys: crypto.test.ts compares
// their structure (random serials, keys, signatures and times aside).
// keys.json holds test-only keys (and a CA made from ec256 by Go).
import { readFileSync, writeFileSync } from "node:fs";

const keys = JSON.parse(readFileSync(new URL("keys.json", import.meta.url), "utf8"));
const cases = [];
const add = (tmpl, prefix = "c") => cases.push({ name: `${prefix}${cases.length}`, tmpl });
const q = (s) => JSON.stringify(s);
const ca = `(buildCustomCert ${q(Buffer.from(keys.caCert).toString("base64"))} ${q(Buffer.from(keys.caKey).toString("base64"))})`;

for (const s of ["", "hello", "héllo ✓", "a\nb"]) add(`{{ sha1sum ${q(s)} }} {{ sha256sum ${q(s)} }} {{ sha512sum ${q(s)} }} {{ adler32sum ${q(s)} }}`);
add(`{{ adler32sum ${q("x".repeat(6000))} }} {{ adler32sum ${q("\u00ff".repeat(5000))} }}`);
add(`{{ sha256sum 5 }}`);
for (const [n, t, p, u, s] of [[1, "long", "password", "user", "example.com"], [0, "maximum", "pässword", "üser", "site"], [4294967295, "medium", "", "", ""],
  [7, "short", "p", "u", "s"], [2, "basic", "p", "u", "s"], [3, "pin", "p", "u", "s"], [1, "nope", "p", "u", "s"]]) add(`{{ derivePassword ${n} ${q(t)} ${q(p)} ${q(u)} ${q(s)} }}`);
add(`{{ derivePassword -1 "pin" "p" "u" "s" }}`);
add(`{{ derivePassword "1" "pin" "p" "u" "s" }}`);
add(`{{ bcrypt ${q("a".repeat(73))} }}|{{ htpasswd "a:b" "x" }}|{{ htpasswd "u" ${q("é".repeat(37))} }}`);
add(`{{ bcrypt ${q("a".repeat(72))} | len }} {{ htpasswd "user" "pw" | len }} {{ bcrypt "x" | regexMatch "^\\\\$2a\\\\$10\\\\$[./A-Za-z0-9]{53}$" }}`);
add(`{{ genPrivateKey "foo" }}`);
add(`{{ randBytes 0 }}|{{ randBytes 10 | len }}|{{ randBytes 33 | len }}`);
add(`{{ randBytes -1 }}`);
add(`{{ encryptAES "k" "" }}|{{ decryptAES "k" "" }}|{{ encryptAES "k" "hello" | decryptAES "k" }}|{{ encryptAES "secretkey" "0123456789abcdef" | len }}|{{ encryptAES ${q("k".repeat(40))} "x" | decryptAES ${q("k".repeat(40))} }}`);
add(`{{ decryptAES "secretkey" "iiZzfvTq2york8DxJFglsnxs9SmKWPSuV3hajslnSRFDuVX2tjojhOsjaeCfm/8a" }}`);
for (const c of ["AAAA", "AAAAAAAAAAAAAAAAAAAAAA==", "A".repeat(100), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "!!"]) add(`{{ decryptAES "k" ${q(c)} }}`);
// Argument and key errors.
add(`{{ buildCustomCert "x" "y" }}`);
add(`{{ buildCustomCert "eA==" "!" }}`);
add(`{{ buildCustomCert "eA==" "eA==" }}`);
add(`{{ buildCustomCert (${q("-----BEGIN CERTIFICATE-----\neA==\n-----END CERTIFICATE-----\n")} | b64enc) (${q(keys.ec256)} | b64enc) }}`);
add(`{{ buildCustomCert (${q(keys.caCert)} | b64enc) ("junk" | b64enc) }}`);
add(`{{ $c := buildCustomCert (${q(keys.caCert)} | b64enc) (${q(keys.ed)} | b64enc) }}{{ printf "%T" $c }} {{ eq $c.Cert ${q(keys.caCert)} }} {{ eq $c.Key ${q(keys.ed)} }}`);
add(`{{ genSelfSignedCertWithKey "x" (list 1) nil 3 ${q(keys.ec256)} }}`);
add(`{{ genSelfSignedCertWithKey "x" nil (list 1) 3 ${q(keys.ec256)} }}`);
add(`{{ genSelfSignedCertWithKey "x" nil (list "é.com") 3 ${q(keys.ec256)} }}`);
add(`{{ genSignedCert "x" nil nil 3 .map }}`);
add(`{{ (genSelfSignedCertWithKey "x" nil nil 3 ${q(keys.ec256)}).cert }}`);
for (const k of ["x", "-----BEGIN FOO-----\neA==\n-----END FOO-----\n", "-----BEGIN RSA PRIVATE KEY-----\neA==\n-----END RSA PRIVATE KEY-----\n",
  "-----BEGIN PRIVATE KEY-----\neA==\n-----END PRIVATE KEY-----\n", "-----BEGIN EC PRIVATE KEY-----\neA==\n-----END EC PRIVATE KEY-----\n",
  "-----BEGIN DSA PRIVATE KEY-----\neA==\n-----END DSA PRIVATE KEY-----\n", "-----BEGIN XX PRIVATE KEY-----\neA==\n-----END XX PRIVATE KEY-----\n",
  keys.dsa, keys.x25519, keys.k1, `junk before\n${keys.ec256}`])
  add(`{{ (genCAWithKey "x" 3 ${q(k)}).Key }}`);
add(`{{ genSignedCertWithKey "x" nil nil 3 ${ca} ${q(keys.dsa)} }}`);
add(`{{ genSignedCertWithKey "x" nil nil 3 (buildCustomCert (${q(keys.caCert)} | b64enc) (${q(keys.ec384)} | b64enc)) ${q(keys.ed)} }}`);
add(`{{ genSignedCertWithKey "x" nil nil 3 (buildCustomCert (${q(keys.caCert)} | b64enc) (${q(keys.dsa)} | b64enc)) ${q(keys.ed)} }}`);
add(`{{ genSignedCertWithKey "x" (list "1") nil 3 (buildCustomCert (${q(keys.caCert)} | b64enc) (${q(keys.dsa)} | b64enc)) ${q(keys.ed)} }}`);
for (const ip of ["1.2.3.04", "1.2.3", "01.2.3.4", "::ffff:102:304", "fe80::1%eth0", "1::2::3", "::", "1.2.3.4 ", "256.0.0.1", "0.0.0.0", "a:b:c:d:e:f:1.2.3.4",
  "a:b:c:d:e:f:a:b", "a:b:c:d:e:f:a:b:c", "::1.2.3.4", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:8:", ":1::2", "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5::1.2.3.4", "::ffff:1.2.3.4", "12345::1", "g::1", "", "1.2.3.4.5", "::FFFF:a:b"])
  add(`{{ (genSelfSignedCertWithKey "x" (list ${q(ip)}) nil 1 ${q(keys.ec256)}).Cert | len | lt 100 }}`);

// Certificate structure (compared by shape).
const s = (t) => add(t, "shape");
s(`{{ $c := genCA "my-ca" 365 }}{{ $c.Cert }}{{ $c.Key }}`);
s(`{{ $c := genSelfSignedCert "my.svc" (list "10.0.0.1" "::1" "::ffff:1.2.3.4") (list "a.com" "*.b.com") 30 }}{{ $c.Cert }}{{ $c.Key }}`);
s(`{{ $c := genSelfSignedCert "" (list "10.0.0.1") (list "a.com") 1 }}{{ $c.Cert }}`);
s(`{{ $c := genSelfSignedCert "" nil nil 1 }}{{ $c.Cert }}`);
s(`{{ $c := genSelfSignedCert "*.wild.example" nil nil 9999 }}{{ $c.Cert }}`);
s(`{{ $c := genSelfSignedCert "AT&T" nil nil 0 }}{{ $c.Cert }}`);
s(`{{ $c := genSelfSignedCert "Ünïcode" nil nil -1 }}{{ $c.Cert }}`);
s(`{{ $c := genSignedCert "leaf" (list "10.0.0.2") (list "leaf.local") 10 (genCA "ca" 10) }}{{ $c.Cert }}{{ $c.Key }}`);
s(`{{ $ca := genCA "same" 10 }}{{ $c := genSignedCert "same" nil nil 10 $ca }}{{ $c.Cert }}`);
s(`{{ $c := genSignedCert "leaf" nil nil 10 ${ca} }}{{ $c.Cert }}`);
for (const k of ["ec256", "ec384", "ec384_8", "ed", "rsa1", "rsa8"]) {
  s(`{{ $c := genCAWithKey "ca-${k}" 100 ${q(keys[k])} }}{{ $c.Cert }}{{ $c.Key }}`);
  s(`{{ $c := genSelfSignedCertWithKey "ss-${k}" (list "127.0.0.1") (list "localhost") 100 ${q(keys[k])} }}{{ $c.Cert }}{{ $c.Key }}`);
  s(`{{ $c := genSignedCertWithKey "leaf-${k}" nil (list "x") 100 ${ca} ${q(keys[k])} }}{{ $c.Cert }}{{ $c.Key }}`);
  s(`{{ $c := genSignedCertWithKey "leaf2-${k}" nil nil 100 (genCAWithKey "ca2" 100 ${q(keys[k])}) ${q(keys.ec256)} }}{{ $c.Cert }}{{ $c.Key }}`);
}
s(`{{ genPrivateKey "ecdsa" }}`);
s(`{{ genPrivateKey "ed25519" }}`);
s(`{{ genPrivateKey "" }}`);
s(`{{ genPrivateKey "dsa" }}`);
writeFileSync(new URL("cases-crypto.json", import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
