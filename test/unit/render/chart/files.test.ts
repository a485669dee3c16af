/**
 * `.Files` against Helm's engine (expected.json: the oracle renders each
 * template with Helm's engine over the same files): Get, GetBytes, Glob,
 * Lines, AsConfig, AsSecrets, ranging and indexing.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { newFiles, type ChartFile } from "../../../../src/render/chart/index.ts";
import { render } from "../../../../src/render/engine.ts";
import { helmFuncMap } from "../../../../src/render/funcs/index.ts";
import { FILES_CASES } from "./cases.ts";
import { EXPECTED } from "./expected.ts";

function renderWith(files: Record<string, string>, tmpl: string): { out?: string; error?: string } {
  const list: ChartFile[] = Object.entries(files).map(([name, b64]) => ({ name, data: new Uint8Array(Buffer.from(b64, "base64")) }));
  const vals = new Map<string, unknown>([["Files", newFiles(list)]]);
  try {
    const out = render(new Map([["c/templates/t", { text: tmpl, vals, basePath: "c/templates" }]]), { funcs: helmFuncMap() });
    return { out: out.get("c/templates/t") ?? "" };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Go strings hold any bytes; ours are Unicode: invalid UTF-8 read with Get becomes U+FFFD (see src/render/README.md). */
const KNOWN = new Map([['{{ .Files.Get "files/binary.bin" | quote }}', '"\\x00\\x01\ufffd\ufffd\ufffdA"']]);

FILES_CASES.forEach(({ files, tmpl }, i) => {
  test(`.Files: ${tmpl}`, (t) => {
    const known = KNOWN.get(tmpl);
    if (known !== undefined) {
      t.diagnostic(`known divergence: Go prints ${JSON.stringify(EXPECTED.files[i])}`);
      assert.deepEqual(renderWith(files, tmpl), { out: known });
      return;
    }
    assert.deepEqual(renderWith(files, tmpl), EXPECTED.files[i]);
  });
});

test("AsConfig and AsSecrets key files by base name; of two with one base name the later wins (Go: either, at random)", () => {
  const files = { "a/x.txt": Buffer.from("first").toString("base64"), "b/x.txt": Buffer.from("second").toString("base64") };
  assert.deepEqual(renderWith(files, "{{ .Files.AsConfig }}"), { out: "x.txt: second" });
  assert.deepEqual(renderWith(files, '{{ (.Files.Glob "*/x.txt").AsSecrets }}'), { out: "x.txt: c2Vjb25k" });
});

test("Lines of an empty file fails as Helm's does", () => {
  assert.deepEqual(renderWith({ e: "" }, '{{ .Files.Lines "e" }}'), {
    error: 'template: c/templates/t:1:9: executing "c/templates/t" at <.Files.Lines>: error calling Lines: runtime error: index out of range [-1]',
  });
});
