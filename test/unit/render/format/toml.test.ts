import { test } from "node:test";
import assert from "node:assert/strict";
import { marshalJson } from "../../../../src/render/format/json.ts";
import { fromToml, toToml, TomlPanic } from "../../../../src/render/format/toml.ts";
import { mustToYaml } from "../../../../src/render/format/yaml-v2.ts";
import { toYamlPretty } from "../../../../src/render/format/yaml-v3.ts";
import { GoInt, sliceElemType } from "../../../../src/template/value.ts";
import { decode, emitValues, loadFixture, normalize, outcome, show, type Outcome, type Tagged } from "./fixture.ts";

const cases = (loadFixture("toml-emit.json") as { cases: [number, Outcome][] }).cases;
const floats = (loadFixture("floats.json") as { rows: [string, string, string, string, string][] }).rows;
const parse = loadFixture("parse.json") as { toml: string[]; fromToml: Tagged[]; tomlRoundTrip: Record<string, Outcome>[] };

test("toToml matches BurntSushi/toml's Encoder on the oracle's values", () => {
  const values = emitValues();
  const failures: string[] = [];
  for (const [i, want] of cases) {
    const v = values[i];
    let got: string | { panic: string };
    try {
      got = toToml(v);
    } catch (e) {
      got = { panic: (e as TomlPanic).message };
    }
    if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`#${String(i)} ${show(v)}\n want ${JSON.stringify(want)}\n got  ${JSON.stringify(got)}`);
  }
  assert.deepEqual(failures, []);
});

test("toToml: floats always have a decimal point or exponent", () => {
  const view = new DataView(new ArrayBuffer(8));
  for (const [bits, , , , toml] of floats) {
    view.setBigUint64(0, BigInt(`0x${bits}`));
    assert.equal(toToml(new Map([["f", view.getFloat64(0)]])), `f = ${toml}\n`, bits);
  }
});

test("toToml: table layout, quoting and Helm's error handling", () => {
  const v = new Map<string, unknown>([
    ["b", new Map<string, unknown>([["x", 1], ["sub", new Map([["y", "z"]])]])],
    ["a", [new Map([["k", 1]]), new Map([["k", 2]])]],
    ["key with space", "q\"\\\n"],
    ["n", null],
    ["i", new GoInt(7, "int64")],
    ["mixed", [1, "x", new Map([["a", 1], ["b", null]])]],
  ]);
  assert.equal(
    toToml(v),
    'i = 7\n"key with space" = "q\\"\\\\\\n"\nmixed = [1.0, "x", {a = 1.0, }]\n\n[[a]]\n  k = 1.0\n\n[[a]]\n  k = 2.0\n\n[b]\n  x = 1.0\n  [b.sub]\n    y = "z"\n',
  );
  assert.equal(toToml([new Map([["a", 1]])]), "toml: top-level values must be Go maps or structs");
  assert.equal(toToml(new Map([["a", [1, null]]])), "toml: cannot encode array with nil element");
  assert.equal(toToml("s"), '"s"');
  assert.throws(() => toToml(null), (e: unknown) => e instanceof TomlPanic && e.message === "reflect: call of reflect.Value.Type on zero Value");
});

test("fromToml matches BurntSushi/toml's decoder (and what the other encoders make of its values)", () => {
  const encoders: Record<string, (v: unknown) => string> = { toToml, toYaml: mustToYaml, toYamlPretty, toJson: marshalJson };
  const failures: string[] = [];
  parse.toml.forEach((doc, i) => {
    const got = fromToml(doc);
    const want = decode(parse.fromToml[i] as Tagged);
    try {
      assert.deepStrictEqual(normalize(got), want);
    } catch {
      failures.push(`fromToml ${JSON.stringify(doc)}\n want ${show(want)}\n got  ${show(normalize(got))}`);
      return;
    }
    for (const [name, w] of Object.entries(parse.tomlRoundTrip[i] ?? {})) {
      const g = outcome(() => (encoders[name] as (v: unknown) => string)(got));
      if (JSON.stringify(g) !== JSON.stringify(w)) failures.push(`${name}(fromToml ${JSON.stringify(doc)})\n want ${JSON.stringify(w)}\n got  ${JSON.stringify(g)}`);
    }
  });
  assert.deepEqual(failures, []);
});

test("fromToml: Go types of the decoded values", () => {
  const m = fromToml("i = 1\n[[t]]\nx = 1\n[[t]]\nx = 2\n");
  assert.deepEqual(m.get("i"), new GoInt(1, "int64"));
  assert.equal(sliceElemType(m.get("t") as unknown[]), "map[string]interface {}");
  assert.equal(sliceElemType(fromToml("a = [1]").get("a") as unknown[]), "interface {}");
});
