import { test } from "node:test";
import assert from "node:assert/strict";
import { fromJson, fromJsonArray, fromYaml, fromYamlArray, JsonDecodeError, mustFromJson } from "../../../../src/render/format/parse.ts";
import { decode, loadFixture, show, type Tagged } from "./fixture.ts";

interface ParseFixture {
  yaml: [string, Tagged | null, Tagged | null][];
  json: string[];
  fromJson: Tagged[];
  fromJsonArray: Tagged[];
  mustFromJson: ({ v: Tagged } | { e: string })[];
}
const fx = loadFixture("parse.json") as ParseFixture;

const OBJECT_INTO_SLICE = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}";
const ARRAY_INTO_MAP = "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}";

/**
 * Documents where bosun's reading differs from go-yaml v2's: the `yaml`
 * package (YAML 1.2) and libyaml (YAML 1.1) disagree on some syntax, and
 * libyaml's error messages are reconstructed from the other parser's errors.
 */
const KNOWN_YAML_DIVERGENCES = new Set([
  "a: x\u2028y\n", // LS as a line break inside a plain scalar
  "a: !<> x\n", // empty verbatim tag
  "k".repeat(1100) + ": v\n", // simple keys over 1024 characters
  "[http://example.com:8080/path?x=1#frag]", // YAML 1.1 flow plain scalars end at ':' + non-space…
  "[!bang]",
  "&amp: v\n", // anchors end at ':' in YAML 1.1
  "*star: v\n",
  "[#hash]",
  "[a #b]",
  "[:a]",
  "[-]",
  "[?]",
  "[!]",
  "&: v\n",
  "*: v\n",
  "[a?]",
  "... a: v\n",
  "[ -]",
  "[:: a]",
  "[a:]",
  "[?a]",
  "[a ::]",
]);

test("fromYaml and fromYamlArray match sigs.k8s.io/yaml.Unmarshal (go-yaml v2, then JSON)", () => {
  const failures: string[] = [];
  let checked = 0;
  for (const [doc, m, a] of fx.yaml) {
    if (KNOWN_YAML_DIVERGENCES.has(doc)) continue;
    const gotM = fromYaml(doc);
    const gotA = fromYamlArray(doc);
    // The fixture leaves out the type error implied by the other function's success.
    const wantM = m === null ? new Map([["Error", ARRAY_INTO_MAP]]) : decode(m);
    const wantA = a === null ? [OBJECT_INTO_SLICE] : decode(a);
    if (!isEqual(gotM, wantM)) failures.push(`fromYaml ${JSON.stringify(doc).slice(0, 120)}\n want ${show(wantM)}\n got  ${show(gotM)}`);
    if (!isEqual(gotA, wantA)) failures.push(`fromYamlArray ${JSON.stringify(doc).slice(0, 120)}\n want ${show(wantA)}\n got  ${show(gotA)}`);
    checked++;
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 1000);
});

function isEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

test("fromYaml: YAML 1.1 scalars, merges, block scalars at EOF, numbers as float64", () => {
  assert.deepEqual(
    fromYaml("a: yes\nb: 0777\nc: 1e3\nd: 2001-12-14\ne: ~\nf: 9007199254740993\n"),
    new Map<string, unknown>([["a", true], ["b", 511], ["c", 1000], ["d", "2001-12-14"], ["e", null], ["f", 9007199254740992]]),
  );
  // go-yaml v2 applies a merge where it appears: it overrides the keys before it.
  assert.deepEqual(fromYaml("base: &b {p: 1, q: 1}\nd:\n  p: 0\n  <<: *b\n  q: 2\n").get("d"), new Map([["p", 1], ["q", 2]]));
  assert.deepEqual(fromYaml("y: 1\non: 2"), new Map([["true", 2]]));
  assert.deepEqual(fromYaml("a: |\n  text"), new Map([["a", "text"]]));
  assert.deepEqual(fromYaml(""), new Map());
  assert.deepEqual(fromYaml("- 1"), new Map([["Error", ARRAY_INTO_MAP]]));
  assert.deepEqual(fromYaml("a: .inf"), new Map([["Error", "error converting YAML to JSON: json: unsupported value: +Inf"]]));
  assert.deepEqual(fromYamlArray("a: 1"), [OBJECT_INTO_SLICE]);
  assert.deepEqual(fromYamlArray("~"), []);
  assert.deepEqual(fromYaml("a: b: c"), new Map([["Error", "error converting YAML to JSON: yaml: mapping values are not allowed in this context"]]));
  assert.deepEqual(fromYaml("a: \x01"), new Map([["Error", "error converting YAML to JSON: yaml: control characters are not allowed"]]));
});

test("fromJson, fromJsonArray and mustFromJson match encoding/json", () => {
  const failures: string[] = [];
  fx.json.forEach((doc, i) => {
    const check = (name: string, got: unknown, want: unknown): void => {
      if (!isEqual(got, want)) failures.push(`${name} ${JSON.stringify(doc).slice(0, 120)}\n want ${show(want)}\n got  ${show(got)}`);
    };
    check("fromJson", fromJson(doc), decode(fx.fromJson[i] as Tagged));
    check("fromJsonArray", fromJsonArray(doc), decode(fx.fromJsonArray[i] as Tagged));
    const want = fx.mustFromJson[i] as { v: Tagged } | { e: string };
    let got: unknown;
    try {
      got = { v: mustFromJson(doc) };
    } catch (e) {
      got = { e: (e as JsonDecodeError).message };
    }
    check("mustFromJson", got, "e" in want ? want : { v: decode(want.v) });
  });
  assert.deepEqual(failures, []);
});

test("JSON: Go's syntax errors and nesting limit", () => {
  assert.deepEqual(fromJson(`{"a":1,}`), new Map([["Error", "invalid character '}' looking for beginning of object key string"]]));
  assert.deepEqual(fromJson(`é`), new Map([["Error", "invalid character 'Ã' looking for beginning of value"]]));
  assert.deepEqual(fromJson(`{"a": 1e400, "b": 2}`), new Map<string, unknown>([["a", null], ["b", 2], ["Error", "json: cannot unmarshal number 1e400 into Go value of type float64"]]));
  const deep = (n: number): string => "[".repeat(n) + "]".repeat(n);
  assert.equal(fromJsonArray(deep(10000)).length, 1);
  assert.deepEqual(fromJsonArray(deep(10001)), ["invalid character '[' exceeded max depth"]);
  assert.throws(() => mustFromJson("{"), (e: unknown) => e instanceof JsonDecodeError && e.message === "unexpected end of JSON input");
});
