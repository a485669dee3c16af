import { test } from "node:test";
import assert from "node:assert/strict";
import { mustToYaml, toYaml, TooDeepError, YamlError } from "../../../../src/render/format/yaml-v2.ts";
import { GoInt, typedSlice } from "../../../../src/template/value.ts";
import { emitValues, loadFixture, matches, outcome, show, type Outcome } from "./fixture.ts";

const cases = (loadFixture("yaml-emit.json") as { cases: [Outcome, Outcome][] }).cases;
const floats = (loadFixture("floats.json") as { rows: [string, string, string, string, string][] }).rows;

test("toYaml matches sigs.k8s.io/yaml.Marshal on the oracle's values", () => {
  const values = emitValues();
  assert.equal(values.length, cases.length);
  const failures: string[] = [];
  values.forEach((v, i) => {
    const want = (cases[i] as [Outcome, Outcome])[0];
    const got = outcome(() => mustToYaml(v));
    if (!matches(got, want)) failures.push(`#${String(i)} ${show(v)}\n want ${JSON.stringify(want)}\n got  ${JSON.stringify(got)}`);
  });
  assert.deepEqual(failures, []);
});

test("toYaml formats float64 like encoding/json then go-yaml v2", () => {
  const view = new DataView(new ArrayBuffer(8));
  for (const [bits, , yaml] of floats) {
    view.setBigUint64(0, BigInt(`0x${bits}`));
    assert.equal(toYaml(view.getFloat64(0)), yaml, bits);
  }
});

test("toYaml: numbers through JSON (integers stay integers, other floats use %g)", () => {
  assert.equal(toYaml(1000000), "1000000");
  assert.equal(toYaml(1234567.5), "1.2345675e+06");
  assert.equal(toYaml(1e20), "1e+20");
  assert.equal(toYaml(1e21), "1e+21");
  assert.equal(toYaml(-0), "0");
  assert.equal(toYaml(0.000001), "1e-06");
  assert.equal(toYaml(new GoInt(2n ** 64n - 1n, "uint64")), "18446744073709551615");
  assert.equal(toYaml(new GoInt(-(2n ** 63n), "int64")), "-9223372036854775808");
});

test("toYaml: quoting of strings that would read back as another type", () => {
  const m = new Map<string, unknown>(
    ["yes", "on", "off", "y", "~", "null", "1.0", "0777", "0x1F", ".inf", "2001-12-14", "1:20", "", "<<", "true"].map((s) => [s, s]),
  );
  assert.equal(
    toYaml(m),
    '"": ""\n".inf": ".inf"\n<<: <<\n"~": "~"\n"0777": "0777"\n"0x1F": "0x1F"\n"1.0": "1.0"\n"1:20": "1:20"\n"2001-12-14": "2001-12-14"\n"null": "null"\n"off": "off"\n"on": "on"\n"true": "true"\n"y": "y"\n"yes": "yes"',
  );
});

test("toYaml: block scalars, empty collections, sequences not indented in mappings", () => {
  assert.equal(toYaml(new Map<string, unknown>([["a", "x\ny\n"], ["b", "x\ny"], ["c", "x\n\n"], ["d", []], ["e", new Map()], ["f", [1, [2, 3]]]])), "a: |\n  x\n  y\nb: |-\n  x\n  y\nc: |+\n  x\n\nd: []\ne: {}\nf:\n- 1\n- - 2\n  - 3");
  assert.equal(toYaml(" lead\n"), "|2\n   lead");
  assert.equal(toYaml(typedSlice(["a"], "string")), "- a");
  assert.equal(toYaml(new Uint8Array([104, 105])), "aGk=");
  assert.equal(toYaml(null), "null");
});

test("toYaml: long lines fold at 80 columns", () => {
  const long = "word ".repeat(30).trim();
  assert.equal(toYaml(new Map([["k", long]])), `k: ${"word ".repeat(15)}word\n  ${"word ".repeat(13)}word`);
});

test("toYaml: go-yaml v2 escapes and the BOM quirk", () => {
  assert.equal(toYaml("😀"), `"\\U0001F600"`);
  assert.equal(toYaml("a\tb"), `"a\\tb"`);
  // A value starting with U+FEFF has every character escaped (libyaml's is_bom looks at the start).
  assert.equal(toYaml("\ufeffab"), `"\\uFEFF\\x61\\x62"`);
});

test("toYaml: what go-yaml v2 cannot read back from the JSON is an error", () => {
  for (const [v, msg] of [
    [NaN, "error marshaling into JSON: json: unsupported value: NaN"],
    [new Map([["a", Infinity]]), "error marshaling into JSON: json: unsupported value: +Inf"],
    ["a\x7fb", "yaml: control characters are not allowed"],
    [new Map([["k".repeat(1023), 1]]), "yaml: did not find expected ',' or '}'"],
    [new Map([["a\u0085b", 1]]), "yaml: line 1: did not find expected ',' or '}'"],
    ["a\u0085--- b", "yaml: line 2: found unexpected document indicator"],
    [() => 1, "error marshaling into JSON: json: unsupported type: func(...interface {}) (interface {}, error)"],
  ] as [unknown, string][]) {
    assert.equal(toYaml(v), "");
    assert.throws(
      () => mustToYaml(v),
      (e: unknown) => e instanceof YamlError && e.message === msg,
      msg,
    );
  }
  // A raw NEL folds to a space, as the YAML scanner reads it from the JSON text.
  assert.equal(toYaml("a\u0085b"), "a b");
  assert.equal(toYaml(new Map([["k".repeat(1022), 1]])).length, 1022 + 6);
});

test("toYaml: cycles fail like json.Marshal", () => {
  const m = new Map<string, unknown>();
  m.set("self", m);
  assert.throws(() => mustToYaml(m), /encountered a cycle via map\[string\]interface \{\}/);
});

test("toYaml: nesting deeper than go-yaml's 10000 flow levels fails", () => {
  let v: unknown = [];
  for (let i = 0; i < 999; i++) v = [v];
  assert.equal(toYaml(v).length, 2000);
  for (let i = 0; i < 9001; i++) v = [v];
  assert.throws(
    () => mustToYaml(v),
    (e: unknown) => e instanceof YamlError && e.message === "yaml: exceeded max depth of 10000",
  );
  // Between a few thousand and 10000 levels Go still encodes; bosun's recursion cannot.
  let w: unknown = [];
  for (let i = 0; i < 9000; i++) w = [w];
  assert.throws(() => mustToYaml(w), TooDeepError);
});
