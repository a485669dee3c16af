/**
 * Helm semantics: load a chart, compute its values, render its templates
 * with Sprig and Helm's functions, and turn the result into sorted manifests
 * and hooks — byte-for-byte what `helm template` prints.
 */
import { GoInt } from "../template/index.ts";
import { Capabilities } from "./capabilities.ts";
import { type Chart, loadChartDir } from "./chart.ts";
import { render, type Renderable } from "./engine.ts";
import { helmFuncMap } from "./funcs/index.ts";
import type { LookupResolver } from "./helm-funcs.ts";
import { type Hook, type Manifest, sortManifests, trimSpace } from "./manifests.ts";
import { cloneValues } from "./values.ts";

export { loadChartDir, type Chart } from "./chart.ts";
export { RenderError } from "./errors.ts";
export type { Hook, Manifest } from "./manifests.ts";

export interface ReleaseOptions {
  name: string;
  namespace: string;
  isInstall?: boolean;
  isUpgrade?: boolean;
  revision?: number;
}

export interface RenderResult {
  manifests: Manifest[];
  hooks: Hook[];
  notes: string;
}

function metadataMap(chart: Chart, isRoot: boolean): Map<string, unknown> {
  const m = new Map<string, unknown>(Object.entries(chart.metadata).map(([k, v]) => [k, cloneValues(v)]));
  m.set("IsRoot", isRoot);
  return m;
}

/** Renders a chart as `helm template` does and returns the structured result. */
export function renderChart(chart: Chart, release: ReleaseOptions, opts: { lookup?: LookupResolver } = {}): RenderResult {
  const name = chart.metadata.Name;
  const vals = new Map<string, unknown>([
    ["Chart", metadataMap(chart, true)],
    ["Files", new Map()],
    [
      "Release",
      new Map<string, unknown>([
        ["Name", release.name],
        ["Namespace", release.namespace],
        ["IsUpgrade", release.isUpgrade ?? false],
        ["IsInstall", release.isInstall ?? true],
        ["Revision", new GoInt(release.revision ?? 1, "int")],
        ["Service", "Helm"],
      ]),
    ],
    ["Capabilities", new Capabilities()],
    ["Values", cloneValues(chart.values)],
    ["Subcharts", new Map()],
  ]);
  const templates = new Map<string, Renderable>();
  for (const t of chart.templates) {
    templates.set(`${name}/${t.name}`, { text: Buffer.from(t.data).toString("utf8"), vals, basePath: `${name}/templates` });
  }
  const rendered = render(templates, { funcs: helmFuncMap(), ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  let notes = "";
  for (const [file, text] of rendered) {
    if (file.endsWith("NOTES.txt")) {
      if (file === `${name}/templates/NOTES.txt`) notes = text;
      rendered.delete(file);
    }
  }
  const { manifests, hooks } = sortManifests(rendered);
  return { manifests, hooks, notes };
}

/** `helm template` output: manifests, then hooks, each framed by "---" and its source. */
export function formatTemplateOutput(result: RenderResult): string {
  let body = "";
  for (const m of result.manifests) body += `---\n# Source: ${m.source}\n${m.content}\n`;
  let out = `${trimSpace(body)}\n`;
  for (const h of result.hooks) out += `---\n# Source: ${h.source}\n${h.content}\n`;
  return out;
}

/** Loads and renders a chart directory, returning exactly what `helm template RELEASE DIR` prints. */
export function renderChartDir(dir: string, release: ReleaseOptions): string {
  return formatTemplateOutput(renderChart(loadChartDir(dir), release));
}
