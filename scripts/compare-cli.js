// Checks the built command against the sources: `bin/bosun.js template` and
// `node src/cli/index.ts template` on every fixture chart (with its flags)
// must print the same stdout and stderr and exit with the same code.
//
//   npm run build && node scripts/compare-cli.js
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const charts = join(root, "test", "fixtures", "charts");
const runs = [["--help"], ["version"], ["template", "--help"], ["template"], ["nope"]];
for (const name of readdirSync(charts).sort()) {
  const fixture = join(charts, name);
  const ref = join(fixture, "chart-ref.txt");
  const chart = existsSync(ref) ? join(charts, readFileSync(ref, "utf8").trim()) : fixture;
  const argsFile = join(fixture, "helm-args.txt");
  const args = existsSync(argsFile) ? readFileSync(argsFile, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => l.replaceAll("$FIXTURE", fixture)) : [];
  runs.push(["template", "rel", chart, ...args]);
}
let failed = 0;
for (const args of runs) {
  const built = spawnSync(process.execPath, [join(root, "bin", "bosun.js"), ...args], { encoding: "utf8" });
  const sources = spawnSync(process.execPath, [join(root, "src", "cli", "index.ts"), ...args], { encoding: "utf8" });
  const same = built.status === sources.status && built.stdout === sources.stdout && built.stderr === sources.stderr;
  if (!same) {
    failed++;
    console.log(`DIFFERENT: bosun ${args.join(" ")}: exit ${built.status} vs ${sources.status}, stdout ${built.stdout.length} vs ${sources.stdout.length} chars, stderr:\n${built.stderr}---\n${sources.stderr}`);
  }
}
console.log(`${runs.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
