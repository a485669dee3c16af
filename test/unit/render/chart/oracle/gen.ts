// Writes every case of ../cases.ts under the directory given as argument,
// with a manifest.json for the Go oracle (see main.go).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHART_CASES, chartPath, FILES_CASES, GLOBS, IGNORES, MATCHES, materialize, METADATA_CASES, VALUES_CASES } from "../cases.ts";

const root = process.argv[2];
if (root === undefined) throw new Error("usage: node oracle/gen.ts DIR");
rmSync(root, { recursive: true, force: true });
const charts = [];
for (const c of CHART_CASES) {
  materialize(root, c);
  if (c.oracleSkip === true) continue;
  charts.push({ name: c.name, path: chartPath(root, c).slice(root.length + 1), tgz: c.tgz !== undefined });
}
writeFileSync(
  join(root, "manifest.json"),
  JSON.stringify({ charts, globs: GLOBS, matches: MATCHES, ignores: IGNORES, files: FILES_CASES, values: VALUES_CASES, metadata: METADATA_CASES }),
);
