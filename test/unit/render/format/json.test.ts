import { test } from "node:test";
import assert from "node:assert/strict";
import { JsonError, MARSHAL_JSON, marshalJson, marshalJsonIndent, marshalRawJson } from "../../../../src/render/format/json.ts";
import { goDate, UTC } from "../../../../src/render/funcs/time.ts";
import { goFunc } from "../../../../src/template/func.ts";
import { GoInt, typedSlice } from "../../../../src/template/value.ts";
import { emitValues, loadFixture, outcome, show, type Outcome } from "./fixture.ts";

const cases = (loadFixture("json-emit.json") as { cases: [Outcome, Outcome | null, Outcome | null][] }).cases;
const floats = (loadFixture("floats.json") as { rows: [string, string, string, string, string][] }).rows;

test("json.Marshal, MarshalIndent and the no-HTML-escape Encoder match Go on the oracle's values", () => {
  const values = emitValues();
  assert.equal(values.length, cases.length);
  const failures: string[] = [];
  values.forEach((v, i) => {
    const [json, pretty, raw] = cases[i] as [Outcome, Outcome | null, Outcome | null];
    const check = (name: string, got: string | { e: string }, want: Outcome): void => {
      if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${name} #${String(i)} ${show(v)}\n want ${JSON.stringify(want)}\n got  ${JSON.stringify(got)}`);
    };
    check("toJson", outcome(() => marshalJson(v)), json);
    if (pretty !== null) check("toPrettyJson", outcome(() => marshalJsonIndent(v, "", "  ")), pretty);
    // The fixture leaves out toRawJson where it equals toJson.
    check("toRawJson", outcome(() => marshalRawJson(v)), raw ?? json);
  });
  assert.deepEqual(failures, []);
});

test("json.Marshal formats float64 like Go (ES6 shortest, 'e' below 1e-6 and from 1e21, e-7 not e-07)", () => {
  const view = new DataView(new ArrayBuffer(8));
  for (const [bits, json] of floats) {
    view.setBigUint64(0, BigInt(`0x${bits}`));
    assert.equal(marshalJson(view.getFloat64(0)), json, bits);
  }
  assert.equal(marshalJson(-0), "-0");
  assert.equal(marshalJson(1e-7), "1e-7");
  assert.equal(marshalJson(1e21), "1e+21");
  assert.equal(marshalJson(123456789012345680000), "123456789012345680000");
});

test("json.Marshal: strings (HTML escaping, U+2028/2029, control characters, lone surrogates)", () => {
  assert.equal(marshalJson("<a href='x'>&</a>"), '"\\u003ca href=\'x\'\\u003e\\u0026\\u003c/a\\u003e"');
  assert.equal(marshalRawJson("<&>"), '"<&>"');
  assert.equal(marshalJson("\u2028\u2029\b\f\n\r\t\x01\x7f"), '"\\u2028\\u2029\\b\\f\\n\\r\\t\\u0001\x7f"');
  assert.equal(marshalJson("a\ud800b"), '"a\ufffdb"');
  assert.equal(marshalJson("😀"), '"😀"');
});

test("json.Marshal: Go types (ints, []byte, typed slices, sorted keys, structs, MarshalJSON)", () => {
  assert.equal(marshalJson(new GoInt(2n ** 64n - 1n, "uint64")), "18446744073709551615");
  assert.equal(marshalJson(new Uint8Array([0, 255])), '"AP8="');
  assert.equal(marshalJson(typedSlice([new GoInt(1, "uint8"), new GoInt(2, "uint8")], "uint8")), '"AQI="');
  assert.equal(marshalJson(typedSlice(["b", "a"], "string")), '["b","a"]');
  assert.equal(marshalJson(new Map<string, unknown>([["b", 1], ["a", null], ["é", true], ["Z", []]])), '{"Z":[],"a":null,"b":1,"é":true}');
  assert.equal(marshalJson({ b: 1, a: {} }), '{"a":{},"b":1}');
  class Release {
    Name = "r";
    Namespace = "ns";
    hidden = 1;
  }
  assert.equal(marshalJson(new Release()), '{"Name":"r","Namespace":"ns"}');
  class Meta {
    Name = "x";
    [MARSHAL_JSON](): Map<string, unknown> {
      return new Map([["name", this.Name]]);
    }
  }
  assert.equal(marshalJson(new Meta()), '{"name":"x"}');
  assert.equal(marshalJson(goDate(2001, 12, 14, 21, 59, 43, 0, UTC)), '"2001-12-14T21:59:43Z"');
  assert.equal(marshalJsonIndent(new Map([["a", [1, new Map()]], ["b", []]])), '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": []\n}');
});

test("json.Marshal: Go's errors", () => {
  const fails = (v: unknown, msg: string): void => {
    assert.throws(
      () => marshalJson(v),
      (e: unknown) => e instanceof JsonError && e.message === msg,
      msg,
    );
  };
  fails(NaN, "json: unsupported value: NaN");
  fails([-Infinity], "json: unsupported value: -Inf");
  fails(goFunc("string -> string", (s: string) => s), "json: unsupported type: func(string) string");
  const a: unknown[] = [];
  a.push(a);
  fails(a, "json: unsupported value: encountered a cycle via []interface {}");
  fails(goDate(10000, 1, 1, 0, 0, 0, 0, UTC), "json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]");
});
