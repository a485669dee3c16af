/**
 * values.Options.MergeValues against Helm 4.1.4: cases/merge.json gives
 * files (written to a temporary directory, the working directory of the
 * test) and value flags, and what Go produced.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { mergeValues, ValuesError, type ValuesOptions } from "../../../../src/render/values/index.ts";
import { splitYamlDocuments } from "../../../../src/render/values/merge.ts";
import { dump, loadCases, type Tagged } from "./helpers.ts";

interface Case extends ValuesOptions {
  name: string;
  files?: Record<string, string>;
  out?: Tagged;
  err?: string;
}

const cwd = process.cwd();
const dirs: string[] = [];
before(() => undefined);
after(() => {
  process.chdir(cwd);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const c of loadCases<Case>("merge")) {
  test(`merge: ${c.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "bosun-merge-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    process.chdir(dir);
    try {
      if (c.err !== undefined) {
        assert.throws(() => mergeValues(c), (e: unknown) => e instanceof ValuesError && e.message === c.err);
      } else {
        assert.deepEqual(dump(mergeValues(c)), c.out);
      }
    } finally {
      process.chdir(cwd);
    }
  });
}

test("YAML documents split as k8s.io/apimachinery's YAMLReader splits them", () => {
  assert.deepEqual(splitYamlDocuments(""), []);
  assert.deepEqual(splitYamlDocuments("a: 1"), ["a: 1\n"]);
  assert.deepEqual(splitYamlDocuments("---\na: 1\n---\n---\nb: 2\n"), ["---\na: 1\n", "---\nb: 2\n"]);
  assert.deepEqual(splitYamlDocuments("a: 1\r\n---  # c\r\nb: 2\r"), ["a: 1\n", "b: 2\r\n"]);
});
