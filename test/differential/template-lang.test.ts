// Differential test of the Go template engine: every fixture under
// test/fixtures/template/lang is rendered by the real helm and by bosun's
// engine, and the outputs must be identical byte for byte.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse as parseYaml } from "yaml";
import { Template } from "../../src/template/index.ts";
import { repoRoot } from "../env/paths.ts";
import { renderWithHelm, templateName, unwrap, wrap } from "./helm-oracle.ts";

const fixtures = join(repoRoot, "test", "fixtures", "template");
const valuesYaml = readFileSync(join(fixtures, "values.yaml"), "utf8");

/** Renders like Helm's engine does for a single template: missingkey=zero, "<no value>" removed. */
function renderWithBosun(file: string, body: string): string | undefined {
  const t = new Template(templateName(file)).option("missingkey=zero");
  t.parse(wrap(body));
  const data = {
    Values: parseYaml(valuesYaml) as unknown,
    Release: { Name: "rel", Namespace: "default", IsInstall: true, IsUpgrade: false, Service: "Helm" },
  };
  return unwrap(t.execute(data).replaceAll("<no value>", ""));
}

const files = readdirSync(join(fixtures, "lang")).filter((f) => f.endsWith(".tmpl"));

test("there are language fixtures", () => {
  assert.ok(files.length >= 9, `found ${files.length}`);
});

for (const f of files) {
  test(`lang/${f} renders as helm renders it`, async () => {
    const body = readFileSync(join(fixtures, "lang", f), "utf8");
    const file = f.replace(/\.tmpl$/, ".yaml");
    const helm = await renderWithHelm(file, body, valuesYaml);
    assert.equal(helm.error, undefined, `helm failed on the fixture itself: ${helm.error ?? ""}`);
    const ours = renderWithBosun(file, body);
    assert.equal(ours, helm.output);
  });
}
