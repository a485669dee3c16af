/**
 * Helm's values pipeline, as `helm template` runs it:
 *
 * 1. mergeValues: -f files, --set-json, --set, --set-string, --set-file,
 *    --set-literal → the user values (merge.ts, strvals.ts);
 * 2. checkDependencies: every Chart.yaml dependency is in charts/;
 * 3. processDependencies: conditions, tags, aliases, import-values,
 *    disabled sub-charts removed → the chart tree to render;
 * 4. toRenderValues: user values coalesced over the chart's defaults
 *    (coalesce.ts), checked against values.schema.json (schema.ts);
 * 5. checkKubeVersion: the chart's kubeVersion against the target.
 *
 * prepareRender runs 2–5 in Helm's order (so that of several problems the
 * same one is reported).
 */
import type { Chart } from "../chart/types.ts";
import { GoInt } from "../../template/index.ts";
import { coalesceValues, type Warn } from "./coalesce.ts";
import { checkDependencies, processDependencies } from "./dependencies.ts";
import { checkKubeVersion, DEFAULT_KUBE_VERSION, type KubeVersion } from "./kube-version.ts";
import { validateValuesSchemas } from "./schema.ts";

export { ValuesError } from "./errors.ts";
export { parseSet, parseSetFile, parseSetJSON, parseSetLiteral, parseSetString, StrvalsError, MAX_INDEX, MAX_NESTED_NAME_LEVEL, type RunesValueReader } from "./strvals.ts";
export { mergeValues, loadValues, mergeMaps, goReadFile, splitYamlDocuments, type ValuesOptions, type ReadFile } from "./merge.ts";
export {
  coalesceValues,
  mergeValues as mergeChartValues,
  coalesceTables,
  mergeTables,
  copyValues,
  GLOBAL_KEY,
  type CoalesceOptions,
  type Warn,
} from "./coalesce.ts";
export { processDependencies, checkDependencies, cloneChart, isCompatibleRange, type DependencyOptions } from "./dependencies.ts";
export { validateValuesSchemas, validateAgainstSchema, validateAgainstSingleSchema } from "./schema.ts";
export { parseKubeVersion, checkKubeVersion, DEFAULT_KUBE_VERSION, type KubeVersion } from "./kube-version.ts";

/** Helm's ReleaseOptions. */
export interface RenderReleaseOptions {
  name: string;
  namespace: string;
  /** Default 1. */
  revision?: number;
  /** Default false. */
  isUpgrade?: boolean;
  /** Default: not isUpgrade. */
  isInstall?: boolean;
}

export interface ToRenderValuesOptions {
  skipSchemaValidation?: boolean;
  warn?: Warn;
}

/** The Release map templates see (.Release). */
export function releaseValues(release: RenderReleaseOptions): Map<string, unknown> {
  const isUpgrade = release.isUpgrade ?? false;
  return new Map<string, unknown>([
    ["Name", release.name],
    ["Namespace", release.namespace],
    ["IsUpgrade", isUpgrade],
    ["IsInstall", release.isInstall ?? !isUpgrade],
    ["Revision", new GoInt(release.revision ?? 1, "int")],
    ["Service", "Helm"],
  ]);
}

/**
 * ToRenderValuesWithSchemaValidation: the top-level template data of the
 * (processed) chart — "Capabilities" (as given), "Release" and "Values"
 * (user values coalesced over the chart tree's defaults). The chart's
 * metadata map ("Chart") is left to the renderer, which builds one per
 * chart. Throws ValuesError on a values type mismatch or when values fail a
 * values.schema.json.
 */
export function toRenderValues(
  chart: Chart,
  userValues: Map<string, unknown> | null,
  release: RenderReleaseOptions,
  capabilities: unknown,
  opts: ToRenderValuesOptions = {},
): Map<string, unknown> {
  const top = new Map<string, unknown>([
    ["Capabilities", capabilities],
    ["Release", releaseValues(release)],
  ]);
  const vals = coalesceValues(chart, userValues, opts.warn === undefined ? {} : { warn: opts.warn });
  if (opts.skipSchemaValidation !== true) validateValuesSchemas(chart, vals);
  top.set("Values", vals);
  return top;
}

export interface PrepareRenderOptions extends ToRenderValuesOptions {
  /** Capabilities.KubeVersion for the kubeVersion check (default v1.35.0). */
  kubeVersion?: KubeVersion;
}

/**
 * What `helm template` does between loading the chart and rendering it:
 * checkDependencies, processDependencies, toRenderValues and the
 * kubeVersion check, in Helm's order. Returns the chart tree to render and
 * its top-level template data. Throws ValuesError with Helm's messages.
 */
export function prepareRender(
  chart: Chart,
  userValues: Map<string, unknown> | null,
  release: RenderReleaseOptions,
  capabilities: unknown,
  opts: PrepareRenderOptions = {},
): { chart: Chart; values: Map<string, unknown> } {
  checkDependencies(chart);
  const warn = opts.warn === undefined ? {} : { warn: opts.warn };
  const processed = processDependencies(chart, userValues ?? new Map(), warn);
  const values = toRenderValues(processed, userValues, release, capabilities, opts);
  checkKubeVersion(processed, opts.kubeVersion ?? DEFAULT_KUBE_VERSION);
  return { chart: processed, values };
}
