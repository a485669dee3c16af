// Differential test of chart rendering: every fixture chart under
// test/fixtures/charts/funcs-* is rendered by the real `helm template` and by
// bosun's renderer, and the outputs must be identical byte for byte; every
// chart under error-* must fail in both, with the same message.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { renderChartDir } from "../../src/render/index.ts";
import { repoRoot } from "../env/paths.ts";
import { run } from "../env/procs.ts";
import { ensureHelmKubectl } from "../env/tools.ts";

const chartsDir = join(repoRoot, "test", "fixtures", "charts");
const helmHome = mkdtempSync(join(tmpdir(), "bosun-helm-home-"));
after(() => {
  rmSync(helmHome, { recursive: true, force: true });
});

async function helmTemplate(chart: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const { helm } = await ensureHelmKubectl(() => undefined);
  return run(helm, ["template", "rel", chart, ...args], {
    env: { ...process.env, HELM_CONFIG_HOME: join(helmHome, "c"), HELM_CACHE_HOME: join(helmHome, "k"), HELM_DATA_HOME: join(helmHome, "d") },
    timeoutMs: 60_000,
  });
}

const charts = readdirSync(chartsDir).filter((d) => d.startsWith("funcs-"));

for (const name of charts) {
  test(`charts/${name} renders byte-identically to helm template`, async () => {
    const dir = join(chartsDir, name);
    const helm = await helmTemplate(dir);
    assert.equal(helm.code, 0, `helm failed on the fixture itself:\n${helm.stderr}`);
    assert.equal(renderChartDir(dir, { name: "rel", namespace: "default" }), helm.stdout);
  });
}

/** helm's error message without the "Error: " prefix and its trailing hint. */
function helmError(stderr: string): string {
  return stderr.replace(/^Error: /, "").replace(/\n\nUse --debug flag to render out invalid YAML\n$/, "").replace(/\n$/, "");
}

for (const name of readdirSync(chartsDir).filter((d) => d.startsWith("error-"))) {
  test(`charts/${name} fails with helm's error message`, async () => {
    const dir = join(chartsDir, name);
    const helm = await helmTemplate(dir);
    assert.notEqual(helm.code, 0, "helm rendered a chart that is meant to fail");
    assert.throws(
      () => renderChartDir(dir, { name: "rel", namespace: "default" }),
      (e: unknown) => {
        assert.equal((e as Error).message, helmError(helm.stderr));
        return true;
      },
    );
  });
}

test("bosun template as a process prints what helm template prints", async () => {
  const dir = join(chartsDir, "hello");
  const helm = await helmTemplate(dir, ["-n", "demo"]);
  assert.equal(helm.code, 0, helm.stderr);
  const ours = execFileSync(process.execPath, [join(repoRoot, "src", "cli", "index.ts"), "template", "rel", dir, "-n", "demo"], { encoding: "utf8" });
  assert.equal(ours, helm.stdout);
});
