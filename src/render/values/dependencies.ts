/**
 * Helm's dependency processing (pkg/chart/v2/util/dependencies.go,
 * ProcessDependencies) and the `helm template` check that every dependency
 * in Chart.yaml is present in charts/ (pkg/action/install.go,
 * CheckDependencies).
 *
 * ProcessDependencies, for each chart from the root down:
 * - pairs each Chart.yaml dependency with a chart in charts/ of that name
 *   whose version satisfies the dependency's range, and gives the copy its
 *   alias as name (the same chart can be aliased twice); charts/ entries
 *   that match no dependency stay as they are;
 * - enables every dependency, then applies `tags` and `condition` (the
 *   first condition path that holds a bool wins) from the coalesced values;
 * - removes disabled sub-charts (by name) and recurses into the rest;
 * - then, bottom-up, imports values from children (`import-values`: "data"
 *   for the child's exports.data, or {child, parent}), under the parent's
 *   own values, and replaces each chart's values with the result.
 *
 * Like coalescing, this ports Helm's sharing of structures between alias
 * copies (a grandchild of two aliases of one chart shares its metadata), so
 * that Helm's quirks come out the same. The input chart is not modified:
 * the whole tree is copied first and the processed copy is returned.
 */
import type { Chart, Dependency } from "../chart/types.ts";
import { satisfies } from "../../semver/index.ts";
import { isMap, mapGet, sprint } from "../../template/index.ts";
import { coalesceTables, coalesceValues, copyValues, mergeTables, mergeValues, type Warn } from "./coalesce.ts";
import { ValuesError } from "./errors.ts";

type Values = Map<string, unknown>;

export interface DependencyOptions {
  /** Where Helm's warnings (slog.Warn and log.Printf) go; default: dropped. */
  warn?: Warn;
}

/** Helm's IsCompatibleRange: whether `version` satisfies `constraint` (false when either does not parse). */
export function isCompatibleRange(constraint: string, version: string): boolean {
  try {
    return satisfies(constraint, version);
  } catch {
    return false;
  }
}

/** A deep copy of a chart tree: metadata, dependency entries and values are new; file contents are shared. */
export function cloneChart(c: Chart, parent: Chart | null = null): Chart {
  const out: Chart = {
    ...c,
    metadata: { ...c.metadata, dependencies: c.metadata.dependencies.map((d) => ({ ...d })) },
    values: copyValues(c.values),
    parent,
    dependencies: [],
  };
  out.dependencies = c.dependencies.map((d) => cloneChart(d, out));
  return out;
}

function setDependencies(ch: Chart, charts: Chart[]): void {
  ch.dependencies = [];
  addDependency(ch, charts);
}

function addDependency(ch: Chart, charts: Chart[]): void {
  for (const x of charts) {
    x.parent = ch;
    ch.dependencies = [...ch.dependencies, x];
  }
}

/**
 * ProcessDependencies: the chart tree `helm template` renders, given the
 * user values. Returns a processed copy; the input is not modified. Throws
 * ValuesError (a values type mismatch, as "chart dependencies processing
 * failed: …" when the chart has dependencies).
 */
export function processDependencies(chart: Chart, values: Values | null, opts: DependencyOptions = {}): Chart {
  const warn = opts.warn ?? (() => undefined);
  const c = cloneChart(chart);
  try {
    processDependencyEnabled(c, values ?? new Map<string, unknown>(), "", warn);
    processDependencyImportValues(c, true, warn);
  } catch (e) {
    if (e instanceof ValuesError) throw new ValuesError(`chart dependencies processing failed: ${e.message}`);
    throw e;
  }
  return c;
}

/** Values.PathValue: the non-table value at a dotted path. */
function pathValue(v: Values, path: string): { ok: true; value: unknown } | { ok: false; noValue: boolean } {
  if (path === "") return { ok: false, noValue: false };
  const parts = path.split(".");
  const key = parts.pop() ?? "";
  let t: Values = v;
  for (const n of parts) {
    const next = t.get(n);
    if (!(next instanceof Map)) return { ok: false, noValue: true };
    t = next as Values;
  }
  if (t.has(key) && !(t.get(key) instanceof Map)) return { ok: true, value: t.get(key) };
  return { ok: false, noValue: true };
}

/** Values.Table: the table at a dotted path, or undefined. */
function table(v: Values, path: string): Values | undefined {
  let t: Values = v;
  for (const n of path.split(".")) {
    const next = t.get(n);
    if (!(next instanceof Map)) return undefined;
    t = next as Values;
  }
  return t;
}

function processDependencyConditions(reqs: Dependency[], cvals: Values, cpath: string, warn: Warn): void {
  for (const r of reqs) {
    for (const cond of r.condition.trim().split(",")) {
      if (cond.length === 0) continue;
      const pv = pathValue(cvals, cpath + cond);
      if (pv.ok) {
        if (typeof pv.value === "boolean") {
          r.enabled = pv.value;
          break;
        }
        warn(`returned non-bool value path=${cond} chart=${r.name}`);
      } else if (!pv.noValue) {
        warn("the method PathValue returned error error=\"YAML path cannot be empty\"");
      }
    }
  }
}

function processDependencyTags(reqs: Dependency[], cvals: Values, warn: Warn): void {
  const vt = table(cvals, "tags");
  if (vt === undefined) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!vt.has(k)) continue;
      const b = vt.get(k);
      if (typeof b === "boolean") {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        warn(`returned non-bool value tag=${k} chart=${r.name}`);
      }
    }
    // Helm: disabled when some tag is false and none true, else (explicitly) enabled.
    r.enabled = !(!hasTrue && hasFalse);
  }
}

/** getAliasDependency: a copy of the chart in charts/ that the dependency names, renamed to its alias. */
function getAliasDependency(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.metadata.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version)) continue;
    const out: Chart = { ...c, metadata: copyMetadata(c) };
    // The copy's children are shallow copies (sharing metadata and values with the original's).
    setDependencies(out, []);
    for (const d of c.dependencies) addDependency(out, [{ ...d }]);
    if (dep.alias !== "") out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

function copyMetadata(c: Chart): Chart["metadata"] {
  return { ...c.metadata, dependencies: c.metadata.dependencies.map((d) => ({ ...d })) };
}

function processDependencyEnabled(c: Chart, v: Values, path: string, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (reqs.length === 0) return;

  const chartDependencies: Chart[] = [];
  for (const existing of c.dependencies) {
    const paired = reqs.some((req) => existing.metadata.name === req.name && isCompatibleRange(req.version, existing.metadata.version));
    if (!paired) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    const dep = getAliasDependency(c.dependencies, req);
    if (dep !== undefined) chartDependencies.push(dep);
    if (req.alias !== "") req.name = req.alias;
  }
  setDependencies(c, chartDependencies);

  for (const lr of reqs) lr.enabled = true;
  const cvals = coalesceValues(c, v, { warn });
  processDependencyTags(reqs, cvals, warn);
  processDependencyConditions(reqs, cvals, path, warn);

  const rm = new Set<string>();
  for (const r of reqs) if (!r.enabled) rm.add(r.name);
  const cd = c.dependencies.filter((n) => !rm.has(n.metadata.name));
  const cdMetadata = reqs.filter((n) => !rm.has(n.name));

  for (const t of cd) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, warn);
  c.metadata.dependencies = cdMetadata;
  setDependencies(c, cd);
}

/** pathToMap: `data` nested under a dotted path ("." is data itself). */
function pathToMap(path: string, data: Values): Values {
  if (path === ".") return data;
  let cur = data;
  const parts = path.split(".");
  for (let i = parts.length - 1; i >= 0; i--) cur = new Map([[parts[i] ?? "", cur]]);
  return cur;
}

function trimNilValues(vals: Values): Values {
  const copy = copyValues(vals);
  for (const [key, val] of copy) {
    if (val === null) copy.delete(key);
    else if (val instanceof Map) copy.set(key, trimNilValues(val as Values));
  }
  return copy;
}

/** fmt's %v of an import-values field. */
function sprintV(v: unknown): string {
  return v === undefined ? "<nil>" : sprint([v]);
}

function processImportValues(c: Chart, merge: boolean, warn: Warn): void {
  if (c.metadata.dependencies.length === 0) return;
  let cvals = merge ? mergeValues(c, null, { warn }) : coalesceValues(c, null, { warn });
  let b: Values = new Map();
  for (const r of c.metadata.dependencies) {
    const outiv: unknown[] = [];
    for (const riv of r.importValues) {
      if (isMap(riv)) {
        const child = sprintV(mapGet(riv, "child").value);
        const parent = sprintV(mapGet(riv, "parent").value);
        outiv.push(new Map([["child", child], ["parent", parent]]));
        const vv = table(cvals, `${r.name}.${child}`);
        if (vv === undefined) {
          warn(`ImportValues missing table from chart chart=${r.name} error="no table named ${JSON.stringify(lastSegment(`${r.name}.${child}`, cvals))}"`);
          continue;
        }
        b = (merge ? mergeTables(b, pathToMap(parent, vv), { warn }) : coalesceTables(b, pathToMap(parent, vv), { warn })) ?? new Map<string, unknown>();
      } else if (typeof riv === "string") {
        const child = `exports.${riv}`;
        outiv.push(new Map([["child", child], ["parent", "."]]));
        const vm = table(cvals, `${r.name}.${child}`);
        if (vm === undefined) {
          warn(`ImportValues missing table error="no table named ${JSON.stringify(lastSegment(`${r.name}.${child}`, cvals))}"`);
          continue;
        }
        b = (merge ? mergeTables(b, vm, { warn }) : coalesceTables(b, vm, { warn })) ?? new Map<string, unknown>();
      }
    }
    r.importValues = outiv;
  }
  if (merge) {
    cvals = copyValues(cvals);
    c.values = mergeTables(cvals, b, { warn }) ?? new Map<string, unknown>();
  } else {
    cvals = trimNilValues(cvals);
    c.values = coalesceTables(cvals, b, { warn }) ?? new Map<string, unknown>();
  }
}

/** The path segment Values.Table fails on (for the warning text). */
function lastSegment(path: string, v: Values): string {
  let t: Values = v;
  for (const n of path.split(".")) {
    const next = t.get(n);
    if (!(next instanceof Map)) return n;
    t = next as Values;
  }
  return "";
}

function processDependencyImportValues(c: Chart, merge: boolean, warn: Warn): void {
  for (const d of c.dependencies) processDependencyImportValues(d, merge, warn);
  processImportValues(c, merge, warn);
}

/**
 * CheckDependencies as `helm template` reports it: every dependency listed
 * in Chart.yaml must name a chart in charts/ (by name; aliases and versions
 * are not checked). Throws ValuesError with Helm's message.
 */
export function checkDependencies(chart: Chart): void {
  const reqs = chart.metadata.dependencies;
  if (reqs.length === 0) return;
  const missing = reqs.filter((r) => !chart.dependencies.some((d) => d.metadata.name === r.name)).map((r) => r.name);
  if (missing.length > 0) {
    throw new ValuesError(
      "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: " +
        `found in Chart.yaml, but missing in charts/ directory: ${missing.join(", ")}`,
    );
  }
}
