import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  canBackquote,
  decodeRune,
  formatFloat,
  formatInt,
  isPrint,
  quote,
  quoteRune,
  quoteRuneToASCII,
  quoteToASCII,
} from "../../../src/template/strconv.ts";
import type { FloatFormat } from "../../../src/template/strconv.ts";

// Expectations below were produced by Go 1.26's strconv.

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

interface Fixture {
  fields: string[];
  rows: (string | number | null)[][];
}

// floats.json: ~1900 seeded-random float64 values (uniform bit patterns,
// subnormals, decimal-looking values, binary fractions with exact ties,
// powers of two and their neighbours, specials) with Go's
// strconv.FormatFloat output. Columns: b = the float64 bits (hex);
// g = 'g' -1; e = 'e' with precision ep; gf = 'g' with precision gp;
// f = 'f' with precision fp and fs = 'f' -1 (moderate magnitudes only);
// es = 'e' -1, x = 'x' -1, xf = 'X' with precision xp, bin = 'b' -1 and
// g32 / e32 = 'g' -1 / 'e' 5 with bitSize 32 (some rows only).
test("formatFloat matches Go on seeded-random float64 values (fixture)", () => {
  const url = new URL("../../fixtures/template/floats.json", import.meta.url);
  const fixture = JSON.parse(readFileSync(url, "utf8")) as Fixture;
  const col = (name: string): number => fixture.fields.indexOf(name);
  const [B, G, EP, E, GP, GF, FP, F, FS, ES, X, XP, XF, BIN, G32, E32] = [
    "b", "g", "ep", "e", "gp", "gf", "fp", "f", "fs", "es", "x", "xp", "xf", "bin", "g32", "e32",
  ].map(col) as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
  assert.ok(fixture.rows.length > 1500);
  let checks = 0;
  const failures: string[] = [];
  const check = (got: string, want: unknown, what: string): void => {
    if (want === null || want === undefined) return;
    checks++;
    if (got !== want && failures.length < 20) failures.push(`${what}: got ${got}, want ${JSON.stringify(want)}`);
  };
  for (const row of fixture.rows) {
    const bits = row[B] as string;
    const f = fromBits(bits);
    const at = (i: number): unknown => row[i];
    const num = (i: number): number => row[i] as number;
    check(formatFloat(f, "g", -1, 64), at(G), `${bits} g -1`);
    check(formatFloat(f, "e", num(EP), 64), at(E), `${bits} e ${num(EP)}`);
    check(formatFloat(f, "g", num(GP), 64), at(GF), `${bits} g ${num(GP)}`);
    if (at(FP) !== null && at(FP) !== undefined) check(formatFloat(f, "f", num(FP), 64), at(F), `${bits} f ${num(FP)}`);
    check(formatFloat(f, "f", -1, 64), at(FS), `${bits} f -1`);
    check(formatFloat(f, "e", -1, 64), at(ES), `${bits} e -1`);
    check(formatFloat(f, "x", -1, 64), at(X), `${bits} x -1`);
    if (at(XP) !== null && at(XP) !== undefined) check(formatFloat(f, "X", num(XP), 64), at(XF), `${bits} X ${num(XP)}`);
    check(formatFloat(f, "b", -1, 64), at(BIN), `${bits} b`);
    check(formatFloat(f, "g", -1, 32), at(G32), `${bits} g -1 float32`);
    check(formatFloat(f, "e", 5, 32), at(E32), `${bits} e 5 float32`);
  }
  assert.deepEqual(failures, []);
  assert.ok(checks > 10000, `only ${checks} checks`);
});

const floatCases: [number, FloatFormat, number, 32 | 64, string][] = [
  [1e6, "g", -1, 64, "1e+06"],
  [1e-7, "g", -1, 64, "1e-07"],
  [100, "g", -1, 64, "100"],
  [1.5, "g", -1, 64, "1.5"],
  [123456, "g", -1, 64, "123456"],
  [1234567, "g", -1, 64, "1.234567e+06"],
  [0.0001, "g", -1, 64, "0.0001"],
  [0.00001, "g", -1, 64, "1e-05"],
  [-0, "g", -1, 64, "-0"],
  [0, "e", -1, 64, "0e+00"],
  [0, "e", 3, 64, "0.000e+00"],
  [-0, "f", 2, 64, "-0.00"],
  [0, "g", 3, 64, "0"],
  [Infinity, "g", -1, 64, "+Inf"],
  [-Infinity, "f", 2, 64, "-Inf"],
  [NaN, "e", 3, 64, "NaN"],
  [1e100, "e", -1, 64, "1e+100"],
  [1.7976931348623157e308, "g", -1, 64, "1.7976931348623157e+308"],
  [5e-324, "g", -1, 64, "5e-324"],
  [5e-324, "e", 20, 64, "4.94065645841246544177e-324"],
  [0.125, "f", 2, 64, "0.12"],
  [0.375, "f", 2, 64, "0.38"],
  [2.5, "f", 0, 64, "2"],
  [3.5, "f", 0, 64, "4"],
  [0.5, "f", 0, 64, "0"],
  [1.5, "f", 0, 64, "2"],
  [0.05, "f", 1, 64, "0.1"],
  [0.0001, "f", 2, 64, "0.00"],
  [-0.0001, "f", 2, 64, "-0.00"],
  [9.995, "f", 2, 64, "9.99"],
  [999999.5, "f", 0, 64, "1000000"],
  [1e21, "f", -1, 64, "1000000000000000000000"],
  [1e23, "f", 0, 64, "99999999999999991611392"],
  [123.456, "e", 2, 64, "1.23e+02"],
  [123.456, "E", 2, 64, "1.23E+02"],
  [123.456, "G", 2, 64, "1.2E+02"],
  [123.456, "g", 0, 64, "1e+02"],
  [100, "g", 2, 64, "1e+02"],
  [100, "g", 3, 64, "100"],
  [0.000012345, "g", 3, 64, "1.23e-05"],
  [0.1, "g", 20, 64, "0.10000000000000000555"],
  [1, "x", -1, 64, "0x1p+00"],
  [1, "X", 3, 64, "0X1.000P+00"],
  [-3.75, "x", -1, 64, "-0x1.ep+01"],
  [1.9999, "x", 0, 64, "0x1p+01"],
  [0, "x", -1, 64, "0x0p+00"],
  [5e-324, "x", -1, 64, "0x1p-1074"],
  [1, "b", -1, 64, "4503599627370496p-52"],
  [0, "b", -1, 64, "0p-1074"],
  [0.1, "g", -1, 32, "0.1"],
  [0.1, "e", 10, 32, "1.0000000149e-01"],
  [16777217, "g", -1, 32, "1.6777216e+07"],
  [1e-45, "g", -1, 32, "1e-45"],
  [3.4028234663852886e38, "g", -1, 32, "3.4028235e+38"],
  [1, "b", -1, 32, "8388608p-23"],
  [1, "x", -1, 32, "0x1p+00"],
  [1e300, "g", -1, 32, "+Inf"],
  [2.5, "F", 1, 64, "2.5"],
];

test("formatFloat: layout, rounding and special values", () => {
  for (const [f, fmt, prec, bits, want] of floatCases) {
    assert.equal(formatFloat(f, fmt, prec, bits), want, `formatFloat(${f}, ${fmt}, ${prec}, ${bits})`);
  }
});

test("formatInt", () => {
  assert.equal(formatInt(0n), "0");
  assert.equal(formatInt(-255n, 16), "-ff");
  assert.equal(formatInt(255n, 2), "11111111");
  assert.equal(formatInt(-9223372036854775808n, 10), "-9223372036854775808");
  assert.equal(formatInt(18446744073709551615n, 36), "3w5e11264sgsf");
  assert.equal(formatInt(35, 36), "z");
  assert.throws(() => formatInt(1n, 1), RangeError);
  assert.throws(() => formatInt(1n, 37), RangeError);
});

test("quote / quoteToASCII", () => {
  const cases: [string, string, string][] = [
    ["", `""`, `""`],
    ["hello", `"hello"`, `"hello"`],
    ['a"b\\c', `"a\\"b\\\\c"`, `"a\\"b\\\\c"`],
    ["\x07\b\f\n\r\t\v", `"\\a\\b\\f\\n\\r\\t\\v"`, `"\\a\\b\\f\\n\\r\\t\\v"`],
    ["\x00\x1f\x7f", `"\\x00\\x1f\\x7f"`, `"\\x00\\x1f\\x7f"`],
    ["héllo", `"héllo"`, `"h\\u00e9llo"`],
    ["日本語", `"日本語"`, `"\\u65e5\\u672c\\u8a9e"`],
    ["\u00ad", `"\\u00ad"`, `"\\u00ad"`],
    ["\u0085\u00a0", `"\\u0085\\u00a0"`, `"\\u0085\\u00a0"`],
    ["😀", `"😀"`, `"\\U0001f600"`],
    ["\u200b\ufeff", `"\\u200b\\ufeff"`, `"\\u200b\\ufeff"`],
    ["\u{e0001}", `"\\U000e0001"`, `"\\U000e0001"`],
    ["'", `"'"`, `"'"`],
    ["\u2028", `"\\u2028"`, `"\\u2028"`],
    ["\u3000", `"\\u3000"`, `"\\u3000"`],
    ["\ud800", `"\ufffd"`, `"\\ufffd"`],
  ];
  for (const [s, q, qa] of cases) {
    assert.equal(quote(s), q, `quote(${JSON.stringify(s)})`);
    assert.equal(quoteToASCII(s), qa, `quoteToASCII(${JSON.stringify(s)})`);
  }
  // Invalid UTF-8 bytes are escaped individually.
  assert.equal(quote(new Uint8Array([0x61, 0xff, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0xe2, 0x82])), `"a\\xffé\\xed\\xa0\\x80\\xe2\\x82"`);
});

test("quoteRune / quoteRuneToASCII", () => {
  const cases: [number, string, string][] = [
    [0x61, "'a'", "'a'"],
    [0x27, "'\\''", "'\\''"],
    [0x22, `'"'`, `'"'`],
    [0x0a, "'\\n'", "'\\n'"],
    [0x263a, "'☺'", "'\\u263a'"],
    [0x1f600, "'😀'", "'\\U0001f600'"],
    [0xd800, "'�'", "'\\ufffd'"],
    [0x110000, "'�'", "'\\ufffd'"],
    [-1, "'�'", "'\\ufffd'"],
    [0x7f, "'\\x7f'", "'\\x7f'"],
  ];
  for (const [r, q, qa] of cases) {
    assert.equal(quoteRune(r), q, `quoteRune(${r})`);
    assert.equal(quoteRuneToASCII(r), qa, `quoteRuneToASCII(${r})`);
  }
});

test("canBackquote", () => {
  assert.equal(canBackquote("abc\tdef"), true);
  assert.equal(canBackquote("日本"), true);
  assert.equal(canBackquote("a`b"), false);
  assert.equal(canBackquote("a\nb"), false);
  assert.equal(canBackquote("\x7f"), false);
  assert.equal(canBackquote("\ufeff"), false);
  assert.equal(canBackquote(new Uint8Array([0x61, 0xff])), false);
  assert.equal(canBackquote(new Uint8Array([0xe2, 0x98, 0xba])), true);
});

test("isPrint agrees with Go's table at range edges", () => {
  // Spot checks generated with Go 1.26 (Unicode 15.0).
  const printable = [0x20, 0x7e, 0xa1, 0xff, 0x100, 0x37e, 0x4e00, 0x1f600, 0x1fa70, 0x20000, 0x2ebe0, 0x31350, 0xe0100, 0xfffd];
  const notPrintable = [0x00, 0x1f, 0x7f, 0x80, 0xa0, 0xad, 0x378, 0x2028, 0x200b, 0xfeff, 0xe000, 0xd800, 0xe0001, 0x10ffff, 0x110000, -1, 0x1fae9];
  for (const r of printable) assert.equal(isPrint(r), true, r.toString(16));
  for (const r of notPrintable) assert.equal(isPrint(r), false, r.toString(16));
});

test("decodeRune follows Go's utf8.DecodeRune", () => {
  const d = (...b: number[]): [number, number] => decodeRune(new Uint8Array(b), 0);
  assert.deepEqual(d(0x41), [0x41, 1]);
  assert.deepEqual(d(0xc3, 0xa9), [0xe9, 2]);
  assert.deepEqual(d(0xc0, 0x80), [0xfffd, 1]); // overlong
  assert.deepEqual(d(0xed, 0xa0, 0x80), [0xfffd, 1]); // surrogate
  assert.deepEqual(d(0xf4, 0x90, 0x80, 0x80), [0xfffd, 1]); // > U+10FFFF
  assert.deepEqual(d(0xf0, 0x9f, 0x98, 0x80), [0x1f600, 4]);
  assert.deepEqual(d(0xe2, 0x82), [0xfffd, 1]); // truncated
});
