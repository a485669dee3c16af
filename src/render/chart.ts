/**
 * A loaded chart: metadata, default values, templates and other files.
 * This is the minimal directory loader (Chart.yaml, values.yaml, templates/);
 * archives, dependencies, schema and .helmignore arrive with the chart issue.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { fromYamlValues } from "./values.ts";

export interface ChartFile {
  /** Path relative to the chart root, with forward slashes ("templates/deployment.yaml"). */
  name: string;
  data: Uint8Array;
}

/** Chart.yaml, with Go's field names as Helm's MetadataAsMap exposes them. */
export interface ChartMetadata {
  Name: string;
  Home: string;
  Sources: string[];
  Version: string;
  Description: string;
  Keywords: string[];
  Maintainers: Record<string, string>[];
  Icon: string;
  APIVersion: string;
  Condition: string;
  Tags: string;
  AppVersion: string;
  Deprecated: boolean;
  Annotations: Record<string, string>;
  KubeVersion: string;
  Dependencies: Record<string, unknown>[];
  Type: string;
}

export interface Chart {
  metadata: ChartMetadata;
  /** Default values (values.yaml), in the template value model. */
  values: Map<string, unknown>;
  templates: ChartFile[];
  /** Every other file, for .Files. */
  files: ChartFile[];
}

function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return "";
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

export function metadataFromYaml(doc: Record<string, unknown>): ChartMetadata {
  const annotations = (doc["annotations"] ?? {}) as Record<string, unknown>;
  return {
    Name: str(doc["name"]),
    Home: str(doc["home"]),
    Sources: strList(doc["sources"]),
    Version: str(doc["version"]),
    Description: str(doc["description"]),
    Keywords: strList(doc["keywords"]),
    Maintainers: Array.isArray(doc["maintainers"])
      ? (doc["maintainers"] as Record<string, unknown>[]).map((m) => ({ Name: str(m["name"]), Email: str(m["email"]), URL: str(m["url"]) }))
      : [],
    Icon: str(doc["icon"]),
    APIVersion: str(doc["apiVersion"]),
    Condition: str(doc["condition"]),
    Tags: str(doc["tags"]),
    AppVersion: str(doc["appVersion"]),
    Deprecated: doc["deprecated"] === true,
    Annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, str(v)])),
    KubeVersion: str(doc["kubeVersion"]),
    Dependencies: Array.isArray(doc["dependencies"]) ? (doc["dependencies"] as Record<string, unknown>[]) : [],
    Type: str(doc["type"]),
  };
}

function walk(root: string, dir: string, out: ChartFile[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const st = statSync(full);
    if (st.isDirectory()) walk(root, full, out);
    else if (st.isFile()) out.push({ name: relative(root, full).split(sep).join("/"), data: readFileSync(full) });
  }
}

/** Loads a chart directory. */
export function loadChartDir(dir: string): Chart {
  const all: ChartFile[] = [];
  walk(dir, dir, all);
  const chartYaml = all.find((f) => f.name === "Chart.yaml");
  if (!chartYaml) throw new Error(`Chart.yaml file is missing in ${dir}`);
  const metadata = metadataFromYaml((parseYaml(Buffer.from(chartYaml.data).toString("utf8")) ?? {}) as Record<string, unknown>);
  const valuesFile = all.find((f) => f.name === "values.yaml");
  const values = valuesFile ? fromYamlValues(Buffer.from(valuesFile.data).toString("utf8")) : new Map<string, unknown>();
  const templates = all.filter((f) => f.name.startsWith("templates/") && !f.name.split("/").some((p) => p.startsWith(".")));
  const files = all.filter((f) => f.name !== "Chart.yaml" && f.name !== "values.yaml" && !f.name.startsWith("templates/"));
  return { metadata, values, templates, files };
}
