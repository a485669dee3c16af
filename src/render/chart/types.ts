/**
 * A loaded chart, shaped like Helm's chart.Chart (pkg/chart/v2): what the
 * loader produces and what values processing and rendering consume.
 */

export interface ChartFile {
  /** Path relative to the chart root, forward slashes ("templates/deployment.yaml"). */
  name: string;
  data: Uint8Array;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

/** One entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1). */
export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  /** Set while processing conditions and tags; true when absent. */
  enabled: boolean;
  /** `import-values`: strings ("data") or {child, parent} maps, as written. */
  importValues: unknown[];
  alias: string;
}

/** Chart.yaml, with Helm's Metadata field set (json names). */
export interface Metadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  maintainers: Maintainer[];
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  dependencies: Dependency[];
  /** "application" (default) or "library". */
  type: string;
}

/** Chart.lock / requirements.lock. */
export interface Lock {
  generated: string;
  digest: string;
  dependencies: { name: string; version: string; repository: string }[];
}

export interface Chart {
  metadata: Metadata;
  lock: Lock | null;
  /** templates/** (dotfiles and .helmignore'd files excluded). */
  templates: ChartFile[];
  /** values.yaml, all YAML documents merged, in the template value model. */
  values: Map<string, unknown>;
  /** values.schema.json, if present. */
  schema: Uint8Array | null;
  /** Every other file (crds/**, README.md, config files…): what .Files sees. */
  files: ChartFile[];
  /** Sub-charts loaded from charts/ (directories and .tgz archives). */
  dependencies: Chart[];
  /** The chart this one is a dependency of, or null for the root. */
  parent: Chart | null;
}

/** The chart's name as rendering sees it (the alias, once dependencies are processed, is set into metadata.name). */
export function chartName(c: Chart): string {
  return c.metadata.name;
}

/** Helm's ChartFullPath: "parent/charts/child/charts/grandchild". */
export function chartFullPath(c: Chart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${c.metadata.name}` : c.metadata.name;
}

export function isRoot(c: Chart): boolean {
  return c.parent === null;
}

export function isLibrary(c: Chart): boolean {
  return c.metadata.type === "library";
}

/** Files under crds/ (Helm's CRDObjects, for this chart only). */
export function crdFiles(c: Chart): ChartFile[] {
  return c.files.filter((f) => f.name.startsWith("crds/") && /\.(ya?ml|json)$/.test(f.name));
}
