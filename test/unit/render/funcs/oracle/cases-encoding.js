/* global URL */
// Writes cases-encoding.json: the b64/b32 cases run by main.go (Go) and encoding.test.ts (bosun).
import { writeFileSync } from "node:fs";

const cases = [];
const add = (tmpl) => cases.push({ name: `e${cases.length}`, tmpl });
const q = (s) => JSON.stringify(s);
const plain = ["", "f", "fo", "foo", "foob", "fooba", "foobar", "héllo wörld ✓ 𝄞", "\u0000\u0001\n", "a".repeat(100)];
for (const s of plain) {
  add(`{{ b64enc ${q(s)} }}|{{ b64enc ${q(s)} | b64dec }}|{{ b32enc ${q(s)} }}|{{ b32enc ${q(s)} | b32dec }}`);
}
const b64 = ["", "Zg==", "Zm8=", "Zm9v", "Zg", "Zg=", "Zg===", "Z===", "====", "Zm9v\nYmFy", "Zm9v\r\nYmFy\n", "Zm9vYmFy\n\n", "Zm9v YmFy", "Zm9v!", "Zg==Zg==",
  "Zh==", "Zm9=", "Zm8=\n", "Zm8\n=", "Zg=\n=", "Zg=x", "Zm9vYmFyYmF6", "Zm9vYmFyYmF6!", "Zm9vYmFy=", "Zm9vYmFyYg=", "wqDCoA==", "/w==", "-_==", "Zm9vYmFyYmF6cXV4\nZm9v",
  "é", "Zm9v\u00e9", "Zm9vYmFyYmF6cXV4Zm9vYmFy", "Zm9vYmFyYmF6cXV4Zm9vYmF!"];
for (const s of b64) add(`{{ b64dec ${q(s)} }}`);
const b32 = ["", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======", "MY", "MY=====", "MY=======", "M=======", "MZX=====", "MZXW6Y==",
  "my======", "MY======MY", "MZXW6YTB\nOI======", "MZXW6YTB\r\nOI======\n", "MZXW6YT1", "MZXW6YTBOI=====", "MY=a====", "========", "MZXW6YTBO=======", "é"];
for (const s of b32) add(`{{ b32dec ${q(s)} }}`);
add(`{{ b64enc 5 }}`);
add(`{{ b64dec .n }}`);
add(`{{ .s | b64enc | b32enc | b32dec | b64dec }}`);
writeFileSync(new URL("cases-encoding.json", import.meta.url), `${JSON.stringify(cases, null, 1)}\n`);
