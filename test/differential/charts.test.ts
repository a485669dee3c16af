// Differential test of chart rendering: every fixture chart under
// test/fixtures/charts is rendered by the real `helm template` and by bosun
// (`bosun template`'s library entry point), with the same flags (a chart's
// helm-args.txt, one argument per line), and the outputs must be identical
// byte for byte; every chart named error-* must fail in both, with the same
// message.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { parseTemplateArgs } from "../../src/cli/template.ts";
import { templateChart } from "../../src/render/index.ts";
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

/** Extra flags of a fixture (paths in them are relative to the fixture directory). */
function fixtureArgs(dir: string): string[] {
  const f = join(dir, "helm-args.txt");
  if (!existsSync(f)) return [];
  return readFileSync(f, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => l.replaceAll("$FIXTURE", dir));
}

/**
 * The chart a fixture renders: its own directory, or — for a variant that
 * only changes flags — the fixture named in its chart-ref.txt.
 */
function chartOf(dir: string): string {
  const ref = join(dir, "chart-ref.txt");
  return existsSync(ref) ? join(chartsDir, readFileSync(ref, "utf8").trim()) : dir;
}

/** Renders like `bosun template rel DIR ARGS…`, in-process. */
function bosunTemplate(dir: string, args: string[]): string {
  const parsed = parseTemplateArgs(["rel", dir, ...args]);
  if ("error" in parsed) throw new Error(parsed.error);
  if ("help" in parsed) throw new Error("unexpected --help");
  return templateChart(parsed.chart, parsed.options);
}

const all = readdirSync(chartsDir).filter((d) => !d.startsWith("."));
const charts = all.filter((d) => !d.startsWith("error-"));

for (const name of charts) {
  test(`charts/${name} renders byte-identically to helm template`, async () => {
    const fixture = join(chartsDir, name);
    const dir = chartOf(fixture);
    const args = fixtureArgs(fixture);
    const helm = await helmTemplate(dir, args);
    assert.equal(helm.code, 0, `helm failed on the fixture itself:\n${helm.stderr}`);
    assert.equal(bosunTemplate(dir, args), helm.stdout);
  });
}

/** helm's error message: from its "Error: " line on (log lines before it dropped), without the prefix and the trailing hint. */
function helmError(stderr: string): string {
  const at = stderr.search(/^Error: /m);
  return stderr
    .slice(at === -1 ? 0 : at)
    .replace(/^Error: /, "").replace(/\n\nUse --debug flag to render out invalid YAML\n$/, "").replace(/\n$/, "");
}

for (const name of all.filter((d) => d.startsWith("error-"))) {
  test(`charts/${name} fails with helm's error message`, async () => {
    const fixture = join(chartsDir, name);
    const dir = chartOf(fixture);
    const args = fixtureArgs(fixture);
    const helm = await helmTemplate(dir, args);
    assert.notEqual(helm.code, 0, "helm rendered a chart that is meant to fail");
    assert.throws(
      () => bosunTemplate(dir, args),
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
