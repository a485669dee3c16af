import { test } from "node:test";
import assert from "node:assert/strict";
import { formatFuncs } from "../../../../src/render/format/funcs.ts";
import { Template } from "../../../../src/template/index.ts";
import { GO_TYPE } from "../../../../src/template/value.ts";

function render(text: string, data: unknown = null): string {
  return new Template("t").funcs(formatFuncs()).parse(text).execute(data);
}

test("formatFuncs: the names Helm 4.1.4 registers, with their Go signatures", () => {
  const types = Object.fromEntries(Object.entries(formatFuncs()).map(([name, f]) => [name, f[GO_TYPE]]));
  assert.deepEqual(types, {
    toToml: "func(interface {}) string",
    fromToml: "func(string) map[string]interface {}",
    toYaml: "func(interface {}) string",
    mustToYaml: "func(interface {}) string",
    toYamlPretty: "func(interface {}) string",
    fromYaml: "func(string) map[string]interface {}",
    fromYamlArray: "func(string) []interface {}",
    toJson: "func(interface {}) string",
    mustToJson: "func(interface {}) string",
    fromJson: "func(string) map[string]interface {}",
    fromJsonArray: "func(string) []interface {}",
    toPrettyJson: "func(interface {}) string",
    toRawJson: "func(interface {}) string",
    mustFromJson: "func(string) (interface {}, error)",
    mustToPrettyJson: "func(interface {}) (string, error)",
    mustToRawJson: "func(interface {}) (string, error)",
  });
});

test("formatFuncs in templates: round trips and Helm's error handling", () => {
  const data = new Map<string, unknown>([["v", new Map<string, unknown>([["a", [1, "yes"]], ["n", NaN]])]]);
  assert.equal(render(`{{ fromYaml "a: [1, yes]" | toJson }}`), `{"a":[1,true]}`);
  assert.equal(render(`{{ toYaml (fromJson "{\\"k\\": \\"v\\"}") }}`), "k: v");
  assert.equal(render(`{{ toYaml .v }}|{{ toJson .v }}|{{ toPrettyJson .v }}`, data), "||");
  assert.throws(() => render(`{{ mustToYaml .v }}`, data), /error calling mustToYaml: error marshaling into JSON: json: unsupported value: NaN/);
  assert.throws(() => render(`{{ mustToJson .v }}`, data), /error calling mustToJson: json: unsupported value: NaN/);
  assert.throws(() => render(`{{ toRawJson .v }}`, data), /error calling toRawJson: json: unsupported value: NaN/);
  assert.throws(() => render(`{{ mustToRawJson .v }}`, data), /error calling mustToRawJson: json: unsupported value: NaN/);
  assert.throws(() => render(`{{ mustFromJson "{" }}`), /error calling mustFromJson: unexpected end of JSON input/);
  assert.throws(() => render(`{{ toToml nil }}`), /error calling toToml: reflect: call of reflect.Value.Type on zero Value/);
  assert.equal(render(`{{ toToml (fromToml "x = 1") }}`), "x = 1\n");
  assert.equal(render(`{{ fromYamlArray "a: 1" }}`), "[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]");
  assert.equal(render(`{{ .missing | toYaml }}`, new Map()), "null");
});
