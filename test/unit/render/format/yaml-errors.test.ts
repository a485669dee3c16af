// Error texts of fromYaml at the end of input, where libyaml forces a line
// break before reporting (expectations from sigs.k8s.io/yaml v1.6.0).
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromYaml } from "../../../../src/render/format/parse.ts";

const cases: [string, string][] = [
  ["a: [unclosed", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"],
  ["a: [unclosed\n", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"],
  ["a: {x: 1", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or '}'"],
  ["a: {x: 1\n\n", "error converting YAML to JSON: yaml: line 2: did not find expected ',' or '}'"],
  ["a: [x, y\nb: 1", "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"],
];

test("fromYaml reports the line libyaml reports for problems at the end of input", () => {
  for (const [input, want] of cases) {
    const m = fromYaml(input);
    assert.equal(m.get("Error"), want, JSON.stringify(input));
  }
});
