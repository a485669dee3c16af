// The render engine's own behaviour: Helm's functions bound to the template
// set, lookup plugged in by the caller, strict mode, and runaway recursion.
import assert from "node:assert/strict";
import { test } from "node:test";
import { render, sortTemplates, type Renderable } from "../../../src/render/engine.ts";
import { helmFuncMap } from "../../../src/render/funcs/index.ts";

function one(text: string, values: Record<string, unknown> = {}, opts: { strict?: boolean; lookup?: (a: string, k: string, ns: string, n: string) => Map<string, unknown> } = {}): string {
  const vals = new Map<string, unknown>([["Values", new Map(Object.entries(values))]]);
  const tpls = new Map<string, Renderable>([["c/templates/t.yaml", { text, vals, basePath: "c/templates" }]]);
  return render(tpls, { funcs: helmFuncMap(), ...opts }).get("c/templates/t.yaml") ?? "";
}

test("Helm's parse order: deeper paths first, then names in descending order", () => {
  assert.deepEqual(sortTemplates(["a/templates/x.yaml", "a/charts/b/templates/y.yaml", "a/templates/_h.tpl", "a/templates/z.yaml"]), [
    "a/charts/b/templates/y.yaml",
    "a/templates/z.yaml",
    "a/templates/x.yaml",
    "a/templates/_h.tpl",
  ]);
});

test("lookup uses the resolver the caller plugs in", () => {
  const seen: string[] = [];
  const out = one(`{{ (lookup "v1" "Secret" "ns" "s").data.k }}`, {}, {
    lookup: (a, k, ns, n) => {
      seen.push([a, k, ns, n].join("/"));
      return new Map([["data", new Map([["k", "v"]])]]);
    },
  });
  assert.equal(out, "v");
  assert.deepEqual(seen, ["v1/Secret/ns/s"]);
});

test("strict mode turns missing values into errors", () => {
  assert.equal(one(`[{{ .Values.nope }}]`), "[]");
  assert.throws(() => one(`[{{ .Values.nope }}]`, {}, { strict: true }), /map has no entry for key "nope"/);
});

test("required rejects nil and empty strings and passes everything else through", () => {
  assert.equal(one(`{{ required "x" .Values.a }} {{ required "x" .Values.z }} {{ required "x" .Values.f }}`, { a: "v", z: 0, f: false }), "v 0 false");
  assert.throws(() => one(`{{ required "need a" .Values.a }}`, { a: "" }), /^Error: execution error at \(c\/templates\/t\.yaml:1:3\): need a$|execution error at \(c\/templates\/t\.yaml:1:3\): need a/);
});

test("unbounded include recursion fails with a template error instead of crashing", () => {
  assert.throws(
    () => one(`{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}`),
    (e: unknown) => e instanceof Error && /executing "loop" at </.test(e.message) && /exceeded maximum template depth/.test(e.message) && e.message.length < 1000,
  );
});

test("include nests a few hundred levels deep", () => {
  const out = one(`{{- define "n" -}}{{ if gt (int .) 0 }}x{{ include "n" (sub (int .) 1) }}{{ end }}{{- end -}}{{ include "n" 200 | len }}`);
  assert.equal(out, "200");
});
