/**
 * Rendering benchmark: every fixture chart under test/fixtures/charts, timed
 * three ways — `helm template` (a cold process), `bosun template` (a cold
 * process: bin/bosun.js, which runs the bundle dist/bosun.cjs with its code cache), and
 * bosun in-process warm (chart loaded once, rendered repeatedly). Prints
 * figures, and `node -e 0` (Node.js's own start-up, the floor of any
 * command written for Node.js); asserts only that the warm renders print
 * what the command printed.
 *
 *   npm run build && node test/bench/render.ts [--runs 5] [--warm 50]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseTemplateArgs } from "../../src/cli/template.ts";
import { formatTemplateOutput, loadChart, renderChart } from "../../src/render/index.ts";
import { mergeValues } from "../../src/render/values/index.ts";
import { repoRoot } from "../env/paths.ts";
import { ensureHelmKubectl } from "../env/tools.ts";

const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "5" }, warm: { type: "string", default: "50" } } });
const RUNS = Number(flags.runs);
const WARM = Number(flags.warm);
const chartsDir = join(repoRoot, "test", "fixtures", "charts");
// The installed command: bin/bosun.js runs the bundle (dist/bosun.cjs) with its V8 code cache.
const dist = join(repoRoot, "bin", "bosun.js");
if (!existsSync(join(repoRoot, "dist", "bosun.cjs"))) throw new Error("build first: npm run build");
const { helm } = await ensureHelmKubectl(() => undefined);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
function timeProcess(cmd: string, args: string[], runs = RUNS): { ms: number; stdout: string } {
  const times: number[] = [];
  let stdout = "";
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    stdout = r.stdout;
  }
  return { ms: median(times), stdout };
}

const rows: string[][] = [["chart", "helm ms", "bosun CLI ms", "CLI/helm", "bosun warm ms", "helm/warm"]];
let sumHelm = 0;
let sumCli = 0;
let sumWarm = 0;
for (const name of readdirSync(chartsDir).filter((d) => !d.startsWith("error-"))) {
  const fixture = join(chartsDir, name);
  const ref = join(fixture, "chart-ref.txt");
  const dir = existsSync(ref) ? join(chartsDir, readFileSync(ref, "utf8").trim()) : fixture;
  const argsFile = join(fixture, "helm-args.txt");
  const args = existsSync(argsFile) ? readFileSync(argsFile, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => l.replaceAll("$FIXTURE", fixture)) : [];
  const helmMs = timeProcess(helm, ["template", "rel", dir, ...args]).ms;
  const cli = timeProcess(process.execPath, [dist, "template", "rel", dir, ...args]);
  const cliMs = cli.ms;
  const parsed = parseTemplateArgs(["rel", dir, ...args]);
  if (!("options" in parsed)) throw new Error(`bad args for ${name}`);
  const chart = loadChart(dir);
  const userValues = mergeValues(parsed.options.values ?? {});
  const once = (): string => formatTemplateOutput(renderChart(chart, userValues, parsed.options), parsed.options);
  // The fixtures print the same on every render (random and time functions are checked, not printed).
  for (let i = 0; i < 5; i++) if (once() !== cli.stdout) throw new Error(`${name}: the warm render differs from the command's output`);
  const warm: number[] = [];
  for (let i = 0; i < WARM; i++) {
    const t0 = process.hrtime.bigint();
    once();
    warm.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const warmMs = median(warm);
  sumHelm += helmMs;
  sumCli += cliMs;
  sumWarm += warmMs;
  rows.push([name, helmMs.toFixed(1), cliMs.toFixed(1), (cliMs / helmMs).toFixed(2), warmMs.toFixed(2), (helmMs / warmMs).toFixed(0)]);
}
rows.push(["TOTAL", sumHelm.toFixed(0), sumCli.toFixed(0), (sumCli / sumHelm).toFixed(2), sumWarm.toFixed(1), (sumHelm / sumWarm).toFixed(0)]);
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
const nodeMs = timeProcess(process.execPath, ["-e", "0"], RUNS * 4).ms;
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "));
console.log(`node -e 0: ${nodeMs.toFixed(1)} ms (median of ${RUNS * 4})`);
