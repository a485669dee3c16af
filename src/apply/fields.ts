/**
 * Server-side apply's field sets (`metadata.managedFields[].fieldsV1`, the
 * structured-merge-diff "FieldsV1" trie) and comparing two objects on the
 * fields of such a set. Pure.
 *
 * Keys of a FieldsV1 node:
 *   - `f:<name>`   a field of a map/struct
 *   - `k:<json>`   an item of an associative list, by its key fields (`k:{"name":"c"}`)
 *   - `v:<json>`   an item of a set-like list, by its value (`v:"finalizer"`)
 *   - `i:<n>`      an item of an atomic-by-index list, by position
 *   - `.`          the node itself is a member of the set (besides its children)
 * A node with no children (`{}`) is a leaf: the whole value at that place is
 * owned (scalars and atomic maps/lists).
 *
 * Paths are JSON-pointer-like: `/spec/replicas`, `/data/mode`,
 * `/spec/template/spec/containers/[name=c]/image`, `/metadata/finalizers/["x"]`,
 * `/spec/ports/[port=80,protocol=TCP]/port`, `/items/3`. `~` and `/` in field
 * names are escaped as in JSON pointer (`~0`, `~1`).
 */
import { isDeepStrictEqual } from "node:util";
import { isRecord } from "./client.ts";

export type PathElement =
  | { field: string }
  | { key: Record<string, unknown> }
  | { value: unknown }
  | { index: number };

/** One member of a field set: a path from the object root. */
export type FieldPath = PathElement[];

/** Parses one FieldsV1 key ("f:name", "k:{…}", "v:…", "i:3"); "." is not a path element. */
export function parsePathElement(key: string): PathElement {
  const colon = key.indexOf(":");
  if (colon !== 1) throw new Error(`invalid fieldsV1 key ${JSON.stringify(key)}`);
  const rest = key.slice(2);
  switch (key[0]) {
    case "f":
      return { field: rest };
    case "k": {
      const parsed: unknown = JSON.parse(rest);
      if (!isRecord(parsed)) throw new Error(`invalid fieldsV1 key ${JSON.stringify(key)}: the key is not an object`);
      return { key: parsed };
    }
    case "v":
      return { value: JSON.parse(rest) as unknown };
    case "i": {
      const n = Number(rest);
      if (!Number.isInteger(n) || n < 0) throw new Error(`invalid fieldsV1 key ${JSON.stringify(key)}`);
      return { index: n };
    }
    default:
      throw new Error(`invalid fieldsV1 key ${JSON.stringify(key)}`);
  }
}

function escapeField(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

function scalarText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function formatPathElement(e: PathElement): string {
  if ("field" in e) return escapeField(e.field);
  if ("key" in e) return `[${Object.entries(e.key).map(([k, v]) => `${escapeField(k)}=${escapeField(scalarText(v))}`).join(",")}]`;
  if ("value" in e) return `[${escapeField(JSON.stringify(e.value))}]`;
  return String(e.index);
}

export function formatPath(path: FieldPath): string {
  return path.map((e) => `/${formatPathElement(e)}`).join("");
}

/**
 * Every member of a FieldsV1 set as a path: leaves, and nodes marked with ".".
 * In the order of the set's keys.
 */
export function fieldSetPaths(fieldsV1: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: unknown, prefix: FieldPath): void => {
    if (!isRecord(node)) throw new Error(`invalid fieldsV1 at ${formatPath(prefix) || "/"}: not an object`);
    const keys = Object.keys(node);
    if (keys.length === 0) {
      if (prefix.length > 0) out.push(prefix);
      return;
    }
    for (const k of keys) {
      if (k === ".") out.push(prefix);
      else walk(node[k], [...prefix, parsePathElement(k)]);
    }
  };
  walk(fieldsV1, []);
  return out;
}

/** The item of a list a path element selects, or undefined. */
function child(value: unknown, e: PathElement): unknown {
  if ("field" in e) return isRecord(value) ? value[e.field] : undefined;
  if (!Array.isArray(value)) return undefined;
  const items = value as unknown[];
  if ("index" in e) return items[e.index];
  if ("value" in e) return items.find((x) => isDeepStrictEqual(x, e.value));
  const key = e.key;
  return items.find((x) => isRecord(x) && Object.entries(key).every(([k, v]) => isDeepStrictEqual(x[k], v)));
}

/** The value at `path` in `obj` (undefined when any step is absent). */
export function valueAt(obj: unknown, path: FieldPath): unknown {
  let v = obj;
  for (const e of path) {
    v = child(v, e);
    if (v === undefined) return undefined;
  }
  return v;
}

/** Top-level fields that are never compared: bookkeeping, not configuration. */
const IGNORED: readonly FieldPath[] = [
  [{ field: "status" }],
  [{ field: "metadata" }, { field: "managedFields" }],
  [{ field: "metadata" }, { field: "resourceVersion" }],
  [{ field: "metadata" }, { field: "generation" }],
  [{ field: "metadata" }, { field: "creationTimestamp" }],
  [{ field: "metadata" }, { field: "uid" }],
];

function under(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((e, i) => isDeepStrictEqual(e, path[i]));
}

/**
 * The paths of `fieldsV1` (a field set) where `a` and `b` differ, formatted.
 * A leaf differs when its values are not deeply equal (absent on one side
 * included); a "." member (a list item or map that is itself owned) differs
 * when it is present on one side only. Each differing place is reported
 * once: below a member already reported absent, nothing more is reported.
 */
export function diffOnFields(fieldsV1: unknown, a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const reported: FieldPath[] = [];
  const walk = (node: unknown, prefix: FieldPath, va: unknown, vb: unknown): void => {
    if (!isRecord(node)) throw new Error(`invalid fieldsV1 at ${formatPath(prefix) || "/"}: not an object`);
    if (IGNORED.some((p) => under(prefix, p))) return;
    if (reported.some((p) => under(prefix, p))) return;
    const keys = Object.keys(node);
    const report = (): void => {
      reported.push(prefix);
      out.push(formatPath(prefix));
    };
    if (keys.length === 0) {
      if (prefix.length > 0 && !isDeepStrictEqual(va, vb)) report();
      return;
    }
    if (prefix.length > 0 && (va === undefined) !== (vb === undefined)) {
      // Present on one side only: one difference, whatever is owned below.
      report();
      return;
    }
    for (const k of keys) {
      if (k === ".") continue; // presence was checked above
      const e = parsePathElement(k);
      walk(node[k], [...prefix, e], child(va, e), child(vb, e));
    }
  };
  walk(fieldsV1, [], a, b);
  return out;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/**
 * The field set `manager` owns through Apply operations on the main resource
 * (not a subresource) of `obj`, or undefined when it owns none. Several
 * entries (one per apiVersion) are merged.
 */
export function appliedFieldSet(obj: unknown, manager: string): Record<string, unknown> | undefined {
  const meta = isRecord(obj) ? obj.metadata : undefined;
  const entries = isRecord(meta) && Array.isArray(meta.managedFields) ? (meta.managedFields as unknown[]) : [];
  let merged: Record<string, unknown> | undefined;
  for (const raw of entries) {
    if (!isRecord(raw)) continue;
    const e = raw as ManagedFieldsEntry;
    if (e.manager !== manager || e.operation !== "Apply" || (e.subresource ?? "") !== "") continue;
    if (e.fieldsType !== undefined && e.fieldsType !== "FieldsV1") continue;
    if (!isRecord(e.fieldsV1)) continue;
    merged = merged === undefined ? e.fieldsV1 : mergeFieldSets(merged, e.fieldsV1);
  }
  return merged;
}

/** The union of two FieldsV1 sets. */
export function mergeFieldSets(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isRecord(prev) && isRecord(v) ? mergeFieldSets(prev, v) : v;
  }
  return out;
}
