import { test } from "node:test";
import assert from "node:assert/strict";
import { MARSHAL_YAML, toYamlPretty, YamlPanic } from "../../../../src/render/format/yaml-v3.ts";
import { goDate, UTC } from "../../../../src/render/funcs/time.ts";
import { GoInt } from "../../../../src/template/value.ts";
import { emitValues, loadFixture, matches, outcome, show, type Outcome } from "./fixture.ts";

const cases = (loadFixture("yaml-emit.json") as { cases: [Outcome, Outcome][] }).cases;
const floats = (loadFixture("floats.json") as { rows: [string, string, string, string, string][] }).rows;

test("toYamlPretty matches go-yaml v3's Encoder (SetIndent(2)) on the oracle's values", () => {
  const values = emitValues();
  const failures: string[] = [];
  values.forEach((v, i) => {
    const want = (cases[i] as [Outcome, Outcome])[1];
    const got = outcome(() => toYamlPretty(v));
    if (!matches(got, want)) failures.push(`#${String(i)} ${show(v)}\n want ${JSON.stringify(want)}\n got  ${JSON.stringify(got)}`);
  });
  assert.deepEqual(failures, []);
});

test("toYamlPretty formats float64 with strconv 'g'", () => {
  const view = new DataView(new ArrayBuffer(8));
  for (const [bits, , , pretty] of floats) {
    view.setBigUint64(0, BigInt(`0x${bits}`));
    assert.equal(toYamlPretty(view.getFloat64(0)), pretty, bits);
  }
});

test("toYamlPretty: Go values as they are (no JSON round trip), sequences indented, no folding", () => {
  const long = "word ".repeat(30).trim();
  const m = new Map<string, unknown>([
    ["bytes", new Uint8Array([1, 2])],
    ["float", 1000000],
    ["int", new GoInt(1000000, "int64")],
    ["list", ["a", ["b"]]],
    ["long", long],
    ["nan", NaN],
    ["old", "yes"],
  ]);
  assert.equal(toYamlPretty(m), `bytes:\n  - 1\n  - 2\nfloat: 1e+06\nint: 1000000\nlist:\n  - a\n  - - b\nlong: ${long}\nnan: .nan\nold: "yes"`);
});

test("toYamlPretty: host objects (struct fields lower-cased, MarshalYAML, time.Time)", () => {
  class Meta {
    Name = "x";
    APIVersion = "v2";
    private hidden = 1;
    get [Symbol.toStringTag](): string {
      return String(this.hidden);
    }
  }
  assert.equal(toYamlPretty(new Meta()), "name: x\napiversion: v2");
  class Custom {
    K = "v";
    [MARSHAL_YAML](): Map<string, unknown> {
      return new Map([["k", this.K]]);
    }
  }
  assert.equal(toYamlPretty(new Custom()), "k: v");
  assert.equal(toYamlPretty(new Map([["t", goDate(2001, 12, 14, 21, 59, 43, 100_000_000, UTC)]])), "t: 2001-12-14T21:59:43.1Z");
});

test("toYamlPretty: functions panic in go-yaml v3", () => {
  assert.throws(
    () => toYamlPretty(new Map([["f", () => 1]])),
    (e: unknown) => e instanceof YamlPanic && e.message === "cannot marshal type: func(...interface {}) (interface {}, error)",
  );
});
