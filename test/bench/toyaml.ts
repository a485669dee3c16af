/**
 * Benchmark of Helm's data-format functions on a large values tree (about
 * 5 MB of YAML): toYaml, toYamlPretty, toJson and fromYaml. Prints figures;
 * asserts nothing.
 *
 *   node test/bench/toyaml.ts [--size 5] [--iterations 3]
 */
import { parseArgs } from "node:util";
import { marshalJson } from "../../src/render/format/json.ts";
import { fromYaml } from "../../src/render/format/parse.ts";
import { toYaml } from "../../src/render/format/yaml-v2.ts";
import { toYamlPretty } from "../../src/render/format/yaml-v3.ts";
import { GoInt } from "../../src/template/value.ts";

const { values: args } = parseArgs({
  options: { size: { type: "string", default: "5" }, iterations: { type: "string", default: "3" } },
});
const TARGET = Number(args.size) * 1024 * 1024;
const ITER = Number(args.iterations);

// A deterministic generator of chart-like values: deployments with labels,
// annotations, env lists, resources, long descriptions and config files.
let seed = 42;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
const WORDS = ["app", "nginx", "frontend", "backend", "cache", "latest", "true", "yes", "1.0", "8080", "the quick brown fox", "jumps over", "lazy dog", "é", "2001-12-14", "~"];
function word(): string {
  return WORDS[rand(WORDS.length)] ?? "x";
}
function sentence(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(word());
  return out.join(" ");
}

function component(i: number): Map<string, unknown> {
  return new Map<string, unknown>([
    ["name", `component-${i}`],
    ["enabled", i % 3 !== 0],
    ["replicaCount", rand(10)],
    ["image", new Map<string, unknown>([["repository", `registry.example.com/team/${word()}`], ["tag", `v1.${rand(30)}.${rand(10)}`], ["pullPolicy", "IfNotPresent"]])],
    ["labels", new Map<string, unknown>(Array.from({ length: 5 }, (_, k) => [`app.kubernetes.io/label-${k}`, word()]))],
    ["annotations", new Map<string, unknown>([["description", sentence(40)], ["checksum/config", "a".repeat(64)]])],
    ["env", Array.from({ length: 8 }, (_, k) => new Map<string, unknown>([["name", `ENV_${k}`], ["value", k % 2 === 0 ? word() : String(rand(100000))]]))],
    ["resources", new Map<string, unknown>([["limits", new Map([["cpu", "500m"], ["memory", "512Mi"]])], ["requests", new Map([["cpu", 0.25], ["memory", 1e9]])]])],
    ["ports", [8080, 8443, new GoInt(9090)]],
    ["config", `server {\n  listen ${rand(9000)};\n  ${sentence(12)}\n}\n`],
    ["ratio", rand(1000) / 7],
  ]);
}

const values = new Map<string, unknown>();
let n = 0;
for (;;) {
  values.set(`component${n}`, component(n));
  n++;
  if (n % 200 === 0 && toYaml(values).length >= TARGET) break;
}
const yaml = toYaml(values);
console.log(`values: ${n} components, toYaml output ${(yaml.length / 1024 / 1024).toFixed(2)} MB`);

function time(label: string, f: () => unknown): void {
  f(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITER; i++) f();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / ITER;
  console.log(`${label.padEnd(14)} ${ms.toFixed(1)} ms`);
}

time("toYaml", () => toYaml(values));
time("toYamlPretty", () => toYamlPretty(values));
time("toJson", () => marshalJson(values));
time("fromYaml", () => fromYaml(yaml));
