/**
 * Helm semantics: load a chart, compute its values, render its templates
 * with Sprig and Helm's functions, and turn the result into sorted manifests,
 * hooks and CRDs — byte-for-byte what `helm template` prints.
 */
import { isMap, mapGet } from "../template/index.ts";
import { Capabilities } from "./capabilities.ts";
import { type Chart, chartFullPath, crdFiles, filepathMatch, isLibrary, isRoot, loadChart, metadataAsMap, newFiles } from "./chart/index.ts";
import { render, type Renderable } from "./engine.ts";
import { helmFuncMap } from "./funcs/index.ts";
import type { LookupResolver } from "./helm-funcs.ts";
import { type Hook, type Manifest, sortManifests, splitManifests, trimSpace } from "./manifests.ts";
import { mergeValues, prepareRender, type ValuesOptions } from "./values/index.ts";

export { loadChart, loadArchive, type Chart } from "./chart/index.ts";
export { RenderError } from "./errors.ts";
export type { Hook, Manifest } from "./manifests.ts";
export type { LookupResolver } from "./helm-funcs.ts";
export type { ValuesOptions } from "./values/index.ts";

export interface ReleaseOptions {
  name: string;
  namespace: string;
  isUpgrade?: boolean;
  revision?: number;
}

export interface RenderOptions {
  release: ReleaseOptions;
  /** Kubernetes version for .Capabilities and the kubeVersion check (helm --kube-version). */
  kubeVersion?: string;
  /** Extra API versions for .Capabilities.APIVersions (helm -a). */
  apiVersions?: readonly string[];
  /** The cluster's API versions instead of Helm's offline defaults. */
  clusterAPIVersions?: readonly string[];
  skipSchemaValidation?: boolean;
  lookup?: LookupResolver;
}

export interface Crd {
  /** "chart/crds/file.yaml" (sub-charts: "parent/charts/sub/crds/…"). */
  source: string;
  /** The file as it is in the chart: CRDs are not templates. */
  content: string;
}

export interface RenderResult {
  manifests: Manifest[];
  hooks: Hook[];
  crds: Crd[];
  notes: string;
}

/** The templates of a chart tree with the data each chart's templates see (Helm's recAllTpls). */
function collectTemplates(chart: Chart, parentVals: Map<string, unknown>, out: Map<string, Renderable>): Map<string, unknown> {
  const subcharts = new Map<string, unknown>();
  let values: unknown = new Map<string, unknown>();
  if (isRoot(chart)) {
    values = parentVals.get("Values");
  } else {
    // Values.<name> of the parent, when it is a map.
    const parentValues = parentVals.get("Values");
    if (isMap(parentValues)) {
      const sub = mapGet(parentValues, chart.metadata.name);
      if (sub.found && isMap(sub.value)) values = sub.value;
    }
  }
  const next = new Map<string, unknown>([
    ["Chart", metadataAsMap(chart)],
    ["Files", newFiles(chart.files)],
    ["Release", parentVals.get("Release")],
    ["Capabilities", parentVals.get("Capabilities")],
    ["Values", values],
    ["Subcharts", subcharts],
  ]);
  for (const child of chart.dependencies) subcharts.set(child.metadata.name, collectTemplates(child, next, out));
  const fullPath = chartFullPath(chart);
  for (const t of chart.templates) {
    // Library charts contribute only their partials.
    if (isLibrary(chart) && !t.name.slice(t.name.lastIndexOf("/") + 1).startsWith("_")) continue;
    out.set(`${fullPath}/${t.name}`, { text: Buffer.from(t.data).toString("utf8"), vals: next, basePath: `${fullPath}/templates` });
  }
  return next;
}

/** Helm's CRDObjects: the crds/ files of the chart and of every (enabled) sub-chart. */
function crdObjects(chart: Chart): Crd[] {
  return [
    ...crdFiles(chart).map((f) => ({ source: `${chartFullPath(chart)}/${f.name}`, content: Buffer.from(f.data).toString("utf8") })),
    ...chart.dependencies.flatMap(crdObjects),
  ];
}

/** Renders a loaded chart with the given user values, as `helm template` does. Throws with Helm's messages. */
export function renderChart(loaded: Chart, userValues: Map<string, unknown>, opts: RenderOptions): RenderResult {
  if (isLibrary(loaded)) throw new Error("library charts are not installable");
  // Helm 4.1.4 loads chart API v3 but does not install (or template) it.
  if (loaded.metadata.apiVersion === "v3") throw new Error("invalid chart apiVersion");
  const capabilities = new Capabilities({
    ...(opts.kubeVersion === undefined ? {} : { kubeVersion: opts.kubeVersion }),
    ...(opts.clusterAPIVersions === undefined ? {} : { apiVersions: opts.clusterAPIVersions }),
    extraAPIVersions: opts.apiVersions ?? [],
  });
  const isUpgrade = opts.release.isUpgrade ?? false;
  const { chart, values } = prepareRender(
    loaded,
    userValues,
    { name: opts.release.name, namespace: opts.release.namespace, isUpgrade, isInstall: !isUpgrade, revision: opts.release.revision ?? 1 },
    capabilities,
    { skipSchemaValidation: opts.skipSchemaValidation ?? false, kubeVersion: capabilities.KubeVersion.parsed() },
  );
  const templates = new Map<string, Renderable>();
  collectTemplates(chart, values, templates);
  const rendered = render(templates, { funcs: helmFuncMap(), ...(opts.lookup ? { lookup: opts.lookup } : {}) });
  let notes = "";
  for (const [file, text] of rendered) {
    if (file.endsWith("NOTES.txt")) {
      if (file === `${chart.metadata.name}/templates/NOTES.txt`) notes = text;
      rendered.delete(file);
    }
  }
  const { manifests, hooks } = sortManifests(rendered);
  return { manifests, hooks, crds: crdObjects(chart), notes };
}

export interface TemplateOutputOptions {
  includeCrds?: boolean;
  noHooks?: boolean;
  skipTests?: boolean;
  /** `-s/--show-only`: template paths (globs) relative to the chart, e.g. "templates/service.yaml". */
  showOnly?: readonly string[];
}

/** filepath.Match, with a malformed pattern matching nothing (helm ignores the error). */
function matches(pattern: string, path: string): boolean {
  try {
    return filepathMatch(pattern, path);
  } catch {
    return false;
  }
}

/** `helm template` output: (CRDs,) manifests, then hooks, each framed by "---" and its source. */
export function formatTemplateOutput(result: RenderResult, opts: TemplateOutputOptions = {}): string {
  let body = "";
  if (opts.includeCrds) for (const c of result.crds) body += `---\n# Source: ${c.source}\n${c.content}\n`;
  for (const m of result.manifests) body += `---\n# Source: ${m.source}\n${m.content}\n`;
  let out = `${trimSpace(body)}\n`;
  if (!opts.noHooks) {
    for (const h of result.hooks) {
      if (opts.skipTests && h.events.includes("test")) continue;
      out += `---\n# Source: ${h.source}\n${h.content}\n`;
    }
  }
  if (!opts.showOnly || opts.showOnly.length === 0) return out;
  const docs = splitManifests(out);
  let shown = "";
  for (const pattern of opts.showOnly) {
    let missing = true;
    for (const doc of docs) {
      const m = /# Source: [^/]+\/(.+)/.exec(doc);
      if (!m?.[1] || !matches(pattern, m[1])) continue;
      shown += `---\n${doc}\n`;
      missing = false;
    }
    if (missing) throw new Error(`could not find template ${pattern} in chart`);
  }
  return shown;
}

export interface TemplateCommandOptions extends RenderOptions, TemplateOutputOptions {
  values?: ValuesOptions;
}

/** Renders and formats a loaded chart: exactly what `helm template RELEASE CHART [flags]` prints. */
export function templateLoadedChart(chart: Chart, opts: TemplateCommandOptions): string {
  const userValues = mergeValues(opts.values ?? {});
  return formatTemplateOutput(renderChart(chart, userValues, opts), opts);
}

/** Loads (a directory or a .tgz), renders and formats a chart, as `helm template RELEASE CHART [flags]`. */
export function templateChart(path: string, opts: TemplateCommandOptions): string {
  return templateLoadedChart(loadChart(path), opts);
}
