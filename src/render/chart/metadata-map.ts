/**
 * `.Chart` in templates: Helm's MetadataAsMap (pkg/chart/common.go
 * structToMap over the chart's Metadata) plus IsRoot. Keys are the Go field
 * names; every field is present, zero values included; slices become
 * []interface{} lists; maintainers and dependencies become maps with their
 * own Go field names; annotations stay a map.
 */
import { isRoot, type Chart, type Dependency, type Maintainer } from "./types.ts";

/** A deep copy, so that templates mutating `.Chart` never reach the loaded chart. */
function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Map) return new Map([...(v as Map<string, unknown>)].map(([k, x]) => [k, clone(x)]));
  return v;
}

function maintainerMap(m: Maintainer): Map<string, unknown> {
  return new Map<string, unknown>([
    ["Name", m.name],
    ["Email", m.email],
    ["URL", m.url],
  ]);
}

function dependencyMap(d: Dependency): Map<string, unknown> {
  return new Map<string, unknown>([
    ["Name", d.name],
    ["Version", d.version],
    ["Repository", d.repository],
    ["Condition", d.condition],
    ["Tags", [...d.tags]],
    ["Enabled", d.enabled],
    ["ImportValues", d.importValues.map(clone)],
    ["Alias", d.alias],
  ]);
}

/** MetadataAsMap(chart) with "IsRoot" set, as the engine puts it under `.Chart`. A fresh map on each call. */
export function metadataAsMap(chart: Chart): Map<string, unknown> {
  const md = chart.metadata;
  return new Map<string, unknown>([
    ["Name", md.name],
    ["Home", md.home],
    ["Sources", [...md.sources]],
    ["Version", md.version],
    ["Description", md.description],
    ["Keywords", [...md.keywords]],
    ["Maintainers", md.maintainers.map(maintainerMap)],
    ["Icon", md.icon],
    ["APIVersion", md.apiVersion],
    ["Condition", md.condition],
    ["Tags", md.tags],
    ["AppVersion", md.appVersion],
    ["Deprecated", md.deprecated],
    ["Annotations", new Map(Object.entries(md.annotations))],
    ["KubeVersion", md.kubeVersion],
    ["Dependencies", md.dependencies.map(dependencyMap)],
    ["Type", md.type],
    ["IsRoot", isRoot(chart)],
  ]);
}
