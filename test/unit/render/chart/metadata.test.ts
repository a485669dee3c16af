/**
 * Chart.yaml decoding against sigs.k8s.io/yaml into Helm's v2.Metadata
 * (expected.json): string coercion of numbers and booleans, encoding/json's
 * case-insensitive fields, decoding over an existing struct (as
 * requirements.yaml is over Chart.yaml), type errors; and validation.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { metadataAsMap, parseMetadata, sanitizeString, validateMetadata, type Chart, type Metadata } from "../../../../src/render/chart/index.ts";
import { MetadataDecoder } from "../../../../src/render/chart/metadata.ts";
import { decode, show } from "../format/fixture.ts";
import { METADATA_CASES } from "./cases.ts";
import { EXPECTED } from "./expected.ts";

function asChart(metadata: Metadata): Chart {
  return { metadata, lock: null, templates: [], values: new Map(), schema: null, files: [], dependencies: [], parent: null };
}

test("Chart.yaml documents decode as sigs.k8s.io/yaml decodes them into v2.Metadata", () => {
  METADATA_CASES.forEach((docs, i) => {
    const want = EXPECTED.metadata[i];
    assert.ok(want !== undefined);
    const d = new MetadataDecoder();
    let error: string | undefined;
    try {
      for (const doc of docs) d.decode(doc);
    } catch (e) {
      error = (e as Error).message;
    }
    if ("error" in want) {
      assert.equal(error, want.error, JSON.stringify(docs));
      return;
    }
    assert.equal(error, undefined, JSON.stringify(docs));
    const got = metadataAsMap(asChart(d.metadata() as Metadata));
    assert.deepEqual(got, decode(want.metadata), `${JSON.stringify(docs)}: ${show(got)}`);
  });
});

test("validation sanitizes what it checks, in place", () => {
  const md = parseMetadata('apiVersion: v2\nname: "a\\u200bb"\nversion: 1.0.0\ndescription: "x\\ty\\u0007z"\nkeywords: ["k\\u2028"]\nmaintainers: [{name: "m\\u00a0n"}]\n');
  validateMetadata(md);
  assert.equal(md.name, "ab");
  assert.equal(md.description, "x yz");
  assert.deepEqual(md.keywords, ["k "]);
  assert.equal(md.maintainers[0]?.name, "m n");
  assert.equal(sanitizeString("\u3000\u0085\ufeff"), "  ");
});

test("validation errors carry Helm's messages", () => {
  const cases: [string, string][] = [
    ["name: c\nversion: 1.0.0\n", "validation: chart.metadata.apiVersion is required"],
    ["apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a, alias: ok_Alias-1}, {name: b}]\n", ""],
    ["apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a}, {name: a, alias: b}]\n", ""],
    ["apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: a}, {name: a}]\n", 'validation: more than one dependency with name or alias "a"'],
    ["apiVersion: v2\nname: c\nversion: '>1.0'\n", 'validation: chart.metadata.version ">1.0" is invalid'],
    ['apiVersion: v2\nname: "\\t"\nversion: 1.0.0\n', ""],
    ['apiVersion: v2\nname: "\\u0001"\nversion: 1.0.0\n', "validation: chart.metadata.name is required"],
  ];
  for (const [text, message] of cases) {
    const md = parseMetadata(text);
    if (message === "") validateMetadata(md);
    else assert.throws(() => { validateMetadata(md); }, { message }, text);
  }
});
