/**
 * `spec.ignoreDifferences` and the `bosun.dev/drift: disabled` opt-out, as
 * pure functions over drift paths (src/apply/fields.ts format) and live
 * objects. Semantics follow Argo CD's ignoreDifferences; README.md
 * ("ignoreDifferences") is the user-facing description.
 *
 * Matching an object (`ignoreRulesFor`): `group` and `kind` are globs (`*`
 * any run of characters, `?` one character, everything else literal and
 * case-sensitive). An absent or empty `group` is the core group only, as in
 * Argo CD (`*` matches every group). `name` and `namespace` are exact; absent
 * or empty means any, and an entry with a namespace never matches a
 * cluster-scoped object.
 *
 * JSON pointers (RFC 6901) against drift paths: a drift path is ignored when
 * the pointer, token by token, equals it or a prefix of it (so `/metadata/labels`
 * ignores `/metadata/labels/app`). Field tokens compare in their escaped form
 * (`~0` for `~`, `~1` for `/`), which is how drift paths escape field names. A
 * numeric token that meets a list in the LIVE object is that item of the live
 * list; when the live object's managedFields know the list's keys (any manager's
 * `k:`/`v:` entries) it becomes the item's key, so `/spec/template/spec/containers/0/image`
 * ignores `/spec/template/spec/containers/[name=app]/image` when the first live
 * container is `app`. Otherwise it matches only an index path (`/args/0`). A token
 * written like a drift path's item (`[name=app]`, `[containerPort=80,protocol=TCP]`,
 * `["value"]`) selects the item by key or value directly, independent of order.
 *
 * managedFieldsManagers: the live object's managedFields entries of these
 * managers — every operation and every subresource, since an HPA writes
 * `/spec/replicas` through the `scale` subresource, recorded in main-resource
 * coordinates — give the ignored set. A drift path is ignored when it equals a
 * member of the set or lies below a leaf member (a leaf owns its whole value);
 * a `.` member (a map or list item the manager created) ignores only that
 * place itself, not the fields of other managers below it.
 */
import { isDeepStrictEqual } from "node:util";
import type { IgnoreDifference } from "../api/types.ts";
import { jsonPointerProblem } from "../api/validate.ts";
import { formatPathElement, mergeFieldSets, parsePathElement, type FieldPath, type PathElement } from "../apply/fields.ts";
import type { KubeObject, ObjectRef } from "../apply/objects.ts";
import { OWNER_NAME_ANNOTATION, OWNER_NAMESPACE_ANNOTATION, RELEASE_LABEL } from "../apply/tracking.ts";

/** Annotation that opts one object out of drift reporting: `bosun.dev/drift: disabled`. */
export const DRIFT_ANNOTATION = "bosun.dev/drift";

/** The ignoreDifferences entry that applies to one object, normalized. */
export interface IgnoreRule {
  /** Position in spec.ignoreDifferences (for messages). */
  index: number;
  jsonPointers: readonly string[];
  managedFieldsManagers: readonly string[];
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const globCache = new Map<string, RegExp>();

/** Whether `text` matches the glob `pattern` (`*` any run, `?` one character, the rest literal). */
export function globMatch(pattern: string, text: string): boolean {
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : `\\${c}`));
    re = new RegExp(`^${body}$`, "u");
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re.test(text);
}

/**
 * The entries of `entries` that apply to the object `ref` (group and kind by
 * glob, name and namespace exactly), in spec order. `ref` must carry the
 * namespace the object is applied in (targetNamespace filled in), as
 * ObjectDiff.ref does.
 */
export function ignoreRulesFor(entries: readonly IgnoreDifference[] | undefined, ref: Pick<ObjectRef, "group" | "kind" | "name" | "namespace">): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  (entries ?? []).forEach((e, index) => {
    if (!globMatch(e.group ?? "", ref.group)) return;
    if (!globMatch(e.kind, ref.kind)) return;
    if (e.name !== undefined && e.name !== "" && e.name !== ref.name) return;
    if (e.namespace !== undefined && e.namespace !== "" && e.namespace !== (ref.namespace ?? "")) return;
    const jsonPointers = e.jsonPointers ?? [];
    const managedFieldsManagers = e.managedFieldsManagers ?? [];
    if (jsonPointers.length > 0 || managedFieldsManagers.length > 0) rules.push({ index, jsonPointers, managedFieldsManagers });
  });
  return rules;
}

/** Whether `obj` carries `bosun.dev/drift: disabled` (case and surrounding spaces ignored). */
export function driftDisabled(obj: { metadata?: { annotations?: Record<string, string> | undefined } } | undefined): boolean {
  return obj?.metadata?.annotations?.[DRIFT_ANNOTATION]?.trim().toLowerCase() === "disabled";
}

// ---------------------------------------------------------------------------
// Paths: segments as drift paths write them, plus how to find them in objects.

/** One step of a resolved path: its drift-path segment and how to find it in an object. */
interface Step {
  /** The segment as a drift path writes it (escaped). */
  seg: string;
  /** Map field name (unescaped); also an index when it meets a list and is numeric. */
  field?: string;
  /** Selects a list item. */
  item?: (item: unknown, index: number) => boolean;
}

function unescapeToken(t: string): string {
  return t.replaceAll("~1", "/").replaceAll("~0", "~");
}

function scalarText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

const INDEX = /^(0|[1-9][0-9]*)$/;

/** A drift-path item segment (`[k=v,…]` or `[<json>]`) as a predicate, or undefined when `seg` is not one. */
function itemSelector(seg: string): ((item: unknown) => boolean) | undefined {
  if (seg.length < 3 || !seg.startsWith("[") || !seg.endsWith("]")) return undefined;
  const inner = seg.slice(1, -1);
  try {
    const value: unknown = JSON.parse(unescapeToken(inner));
    return (item) => isDeepStrictEqual(item, value);
  } catch {
    // not a value: key fields
  }
  const pairs: [string, string][] = [];
  for (const part of inner.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    pairs.push([unescapeToken(part.slice(0, eq)), unescapeToken(part.slice(eq + 1))]);
  }
  return (item) => isRecord(item) && pairs.every(([k, v]) => item[k] !== undefined && item[k] !== null && scalarText(item[k]) === v);
}

function stepOf(e: PathElement): Step {
  const seg = formatPathElement(e);
  if ("field" in e) return { seg, field: e.field };
  if ("index" in e) return { seg, item: (_x, i) => i === e.index };
  if ("value" in e) return { seg, item: (x) => isDeepStrictEqual(x, e.value) };
  const key = e.key;
  return { seg, item: (x) => isRecord(x) && Object.entries(key).every(([k, v]) => isDeepStrictEqual(x[k], v)) };
}

/** The child of `v` selected by `step` as [value, its index in a list or undefined]. */
function childOf(v: unknown, step: Step): [unknown, number | undefined] {
  if (Array.isArray(v)) {
    const items = v as unknown[];
    if (step.item) {
      const i = items.findIndex((x, j) => step.item?.(x, j) === true);
      return i === -1 ? [undefined, undefined] : [items[i], i];
    }
    if (step.field !== undefined && INDEX.test(step.field)) {
      const i = Number(step.field);
      return i < items.length ? [items[i], i] : [undefined, undefined];
    }
    return [undefined, undefined];
  }
  if (step.field !== undefined && isRecord(v) && Object.hasOwn(v, step.field)) return [v[step.field], undefined];
  return [undefined, undefined];
}

function locate(obj: unknown, steps: readonly Step[]): unknown {
  let v = obj;
  for (const s of steps) {
    [v] = childOf(v, s);
    if (v === undefined) return undefined;
  }
  return v;
}

/** The field sets of `obj`'s managedFields entries (every operation and subresource), of `managers` only when given. */
function fieldSets(obj: unknown, managers?: ReadonlySet<string>): Json[] {
  const meta = isRecord(obj) ? obj.metadata : undefined;
  const entries = isRecord(meta) && Array.isArray(meta.managedFields) ? (meta.managedFields as unknown[]) : [];
  const out: Json[] = [];
  for (const e of entries) {
    if (!isRecord(e) || !isRecord(e.fieldsV1)) continue;
    if (e.fieldsType !== undefined && e.fieldsType !== "FieldsV1") continue;
    if (managers !== undefined && !(typeof e.manager === "string" && managers.has(e.manager))) continue;
    out.push(e.fieldsV1);
  }
  return out;
}

/** The union of every field set of `obj`: which managers there are does not matter, it knows the keys of list items. */
function knownFields(obj: unknown): Json | undefined {
  return fieldSets(obj).reduce<Json | undefined>((merged, s) => (merged === undefined ? s : mergeFieldSets(merged, s)), undefined);
}

/** The key or value element of the field set `node` that names list item `item`, if any. */
function identify(item: unknown, node: unknown): [PathElement, unknown] | undefined {
  if (!isRecord(node)) return undefined;
  for (const [k, child] of Object.entries(node)) {
    if (!k.startsWith("k:") && !k.startsWith("v:")) continue;
    let e: PathElement;
    try {
      e = parsePathElement(k);
    } catch {
      continue;
    }
    if ("key" in e && isRecord(item) && Object.entries(e.key).every(([f, v]) => isDeepStrictEqual(item[f], v))) return [e, child];
    if ("value" in e && isDeepStrictEqual(item, e.value)) return [e, child];
  }
  return undefined;
}

/**
 * A JSON pointer as steps, resolved against `live` (list indices and item
 * segments become the live item's key when `fields`, the live field sets,
 * know it).
 */
function resolvePointer(pointer: string, live: unknown, fields: Json | undefined): Step[] {
  const steps: Step[] = [];
  let value = live;
  let node: unknown = fields;
  for (const raw of pointer.split("/").slice(1)) {
    const token = unescapeToken(raw);
    if (Array.isArray(value)) {
      const items = value as unknown[];
      const select = INDEX.test(token) ? (_x: unknown, i: number) => i === Number(token) : itemSelector(raw);
      if (select) {
        const i = items.findIndex((x, j) => select(x, j));
        const found = i === -1 ? undefined : identify(items[i], node);
        if (found) {
          steps.push(stepOf(found[0]));
          value = items[i];
          node = found[1];
        } else {
          // Unknown keys (or no such live item): an index stays an index, an item segment selects by itself.
          steps.push(INDEX.test(token) ? { seg: raw, field: token } : { seg: raw, item: (x) => select(x, -1) });
          value = i === -1 ? undefined : items[i];
          node = isRecord(node) && i !== -1 ? node[`i:${String(i)}`] : undefined;
        }
        continue;
      }
    }
    const sel = Array.isArray(value) || value === undefined ? itemSelector(raw) : undefined;
    steps.push(sel ? { seg: raw, item: (x) => sel(x) } : { seg: raw, field: token });
    value = isRecord(value) ? value[token] : undefined;
    node = isRecord(node) ? node[`f:${token}`] : undefined;
  }
  return steps;
}

function keyParts(seg: string): string | undefined {
  if (!seg.startsWith("[") || !seg.endsWith("]") || seg.startsWith('["')) return undefined;
  return seg.slice(1, -1).split(",").sort().join(",");
}

/** Segment equality; key segments compare regardless of the order of their fields. */
function sameSegment(a: string, b: string): boolean {
  if (a === b) return true;
  const ka = keyParts(a);
  return ka !== undefined && ka === keyParts(b);
}

function segmentsOf(path: string): string[] {
  return path === "" ? [] : path.split("/").slice(1);
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => sameSegment(s, path[i] ?? ""));
}

function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && isPrefix(a, b);
}

/**
 * Members of field sets: leaves (own everything below) and `.` members that
 * have children (own the place only). Each set is walked on its own: merging
 * first would turn one manager's leaf into a node when another owns fields below it.
 */
function fieldSetMembers(sets: readonly Json[]): { leaves: FieldPath[]; nodes: FieldPath[] } {
  const leaves: FieldPath[] = [];
  const nodes: FieldPath[] = [];
  const walk = (node: unknown, prefix: FieldPath): void => {
    if (!isRecord(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 0) {
      if (prefix.length > 0) leaves.push(prefix);
      return;
    }
    for (const k of keys) {
      if (k === ".") {
        if (prefix.length > 0) nodes.push(prefix);
        continue;
      }
      let e: PathElement;
      try {
        e = parsePathElement(k);
      } catch {
        continue;
      }
      walk(node[k], [...prefix, e]);
    }
  };
  for (const s of sets) walk(s, []);
  return { leaves, nodes };
}

function usablePointers(rules: readonly IgnoreRule[]): string[] {
  return rules.flatMap((r) => r.jsonPointers).filter((p) => jsonPointerProblem(p) === undefined);
}

function managersOf(rules: readonly IgnoreRule[]): Set<string> {
  return new Set(rules.flatMap((r) => r.managedFieldsManagers));
}

/**
 * The drift paths `rules` do not ignore, in their order. `live` is the live
 * object (its managedFields resolve list indices and give the managers'
 * fields); without it only pointers without list indices can match.
 */
export function filterDriftPaths(paths: readonly string[], rules: readonly IgnoreRule[], live: KubeObject | undefined): string[] {
  if (rules.length === 0) return [...paths];
  const fields = knownFields(live);
  const prefixes = usablePointers(rules).map((p) => resolvePointer(p, live, fields).map((s) => s.seg));
  const exact: string[][] = [];
  const managers = managersOf(rules);
  if (managers.size > 0) {
    const owned = fieldSetMembers(fieldSets(live, managers));
    for (const p of owned.leaves) prefixes.push(p.map(formatPathElement));
    for (const p of owned.nodes) exact.push(p.map(formatPathElement));
  }
  return paths.filter((path) => {
    const segs = segmentsOf(path);
    return !prefixes.some((p) => isPrefix(p, segs)) && !exact.some((p) => sameSegments(p, segs));
  });
}

/** Anything with the parts of an ObjectDiff that ignoring changes. */
export interface DriftLike {
  ref: Pick<ObjectRef, "group" | "kind" | "name" | "namespace">;
  drifted: boolean;
  paths: string[];
  missing?: boolean;
}

/**
 * `diff` as it should be reported under `entries` (spec.ignoreDifferences):
 * with `bosun.dev/drift: disabled` on `live` or `desired`, `drifted: false` and
 * no paths (`missing` is kept, so the caller still sees a deleted object);
 * a missing object stays drifted; otherwise the paths no entry ignores, and
 * `drifted` is whether any remain.
 */
export function reportableDrift<D extends DriftLike>(diff: D, entries: readonly IgnoreDifference[] | undefined, desired: KubeObject | undefined, live: KubeObject | undefined): D {
  if (driftDisabled(live) || driftDisabled(desired)) return { ...diff, drifted: false, paths: [] };
  if (diff.missing === true) return diff;
  const paths = filterDriftPaths(diff.paths, ignoreRulesFor(entries, diff.ref), live);
  return { ...diff, paths, drifted: paths.length > 0 };
}

// ---------------------------------------------------------------------------
// respectIgnoreDifferences: what bosun applies.

/** Places bosun's apply must never drop or change. */
const PROTECTED: readonly (readonly string[])[] = [
  ["apiVersion"],
  ["kind"],
  ["metadata", "name"],
  ["metadata", "namespace"],
  ["metadata", "labels", RELEASE_LABEL],
  ["metadata", "annotations", OWNER_NAMESPACE_ANNOTATION],
  ["metadata", "annotations", OWNER_NAME_ANNOTATION],
];

/** Removes the value at `steps` from `obj`, then every map or list on the way that this left empty. */
function removeAt(obj: Json, steps: readonly Step[]): void {
  if (steps.length === 0) return;
  const chain: { parent: unknown; key: string | number }[] = [];
  let v: unknown = obj;
  for (const s of steps) {
    const [child, index] = childOf(v, s);
    if (child === undefined) return;
    chain.push({ parent: v, key: index ?? (s.field as string) });
    v = child;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const link = chain[i];
    if (link === undefined) break;
    const { parent, key } = link;
    if (Array.isArray(parent)) (parent as unknown[]).splice(key as number, 1);
    else if (isRecord(parent)) Reflect.deleteProperty(parent, key);
    const empty = Array.isArray(parent) ? parent.length === 0 : isRecord(parent) && Object.keys(parent).length === 0;
    // Stop at a container that still holds something, at the root and at metadata.
    if (!empty || i === 0 || (i === 1 && chain[0]?.key === "metadata")) break;
  }
}

/** Sets the value at `steps` in `obj` to `value` when `obj` already has a value there. */
function replaceAt(obj: Json, steps: readonly Step[], value: unknown): void {
  if (steps.length === 0) return;
  let v: unknown = obj;
  for (const s of steps.slice(0, -1)) {
    [v] = childOf(v, s);
    if (v === undefined) return;
  }
  const last = steps[steps.length - 1];
  if (last === undefined) return;
  const [current, index] = childOf(v, last);
  if (current === undefined) return;
  if (Array.isArray(v) && index !== undefined) (v as unknown[])[index] = value;
  else if (isRecord(v) && last.field !== undefined) v[last.field] = value;
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let v = obj;
  for (const k of path) {
    if (!isRecord(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

function setPath(obj: Json, path: readonly string[], value: unknown): void {
  let v = obj;
  for (const k of path.slice(0, -1)) {
    const next = v[k];
    if (isRecord(next)) v = next;
    else {
      const fresh: Json = {};
      v[k] = fresh;
      v = fresh;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) v[last] = value;
}

/**
 * For `syncPolicy.respectIgnoreDifferences`: a copy of `desired` (not
 * changed) that leaves every ignored field of `live` as it is when applied
 * with server-side apply. Without a live object (a create) or without rules
 * the copy is unchanged: the whole desired object is applied.
 *
 * - jsonPointers (list indices resolved against the live object as for
 *   drift): where `desired` has a value at the pointer, it is replaced by the
 *   live value, or removed when the live object has none. Replacing instead
 *   of removing matters: a field only bosun owns that disappears from bosun's
 *   apply is deleted by the API server (an ignored `/spec/replicas` would
 *   fall back to 1), while applying the live value changes nothing. Fields
 *   the desired object does not set are never added.
 * - managedFieldsManagers: every field those managers own in `live` (any
 *   operation or subresource) is removed from the copy, so bosun gives up
 *   its share and the manager keeps it. The key fields of a list item stay
 *   while the item has other fields; an item the manager created (`.`) that
 *   is left with its key fields only is removed.
 * - Maps and lists emptied by a removal are removed too, and apiVersion,
 *   kind, metadata.name, metadata.namespace and bosun's tracking label and
 *   annotations always keep the desired object's values.
 */
export function withoutIgnoredFields(desired: KubeObject, rules: readonly IgnoreRule[], live: KubeObject | undefined): KubeObject {
  const out = structuredClone(desired);
  if (live === undefined || rules.length === 0) return out;
  const fields = knownFields(live);
  for (const pointer of usablePointers(rules)) {
    const steps = resolvePointer(pointer, live, fields);
    const liveValue = locate(live, steps);
    if (liveValue === undefined) removeAt(out, steps);
    else replaceAt(out, steps, structuredClone(liveValue));
  }
  const managers = managersOf(rules);
  if (managers.size > 0) {
    const owned = fieldSetMembers(fieldSets(live, managers));
    for (const path of owned.leaves) {
      const parent = path[path.length - 2];
      const last = path[path.length - 1];
      // A list item's key field goes only with its item (below).
      if (parent && "key" in parent && last && "field" in last && Object.hasOwn(parent.key, last.field)) continue;
      removeAt(out, path.map(stepOf));
    }
    for (const path of owned.nodes) {
      const last = path[path.length - 1];
      if (!last || !("key" in last)) continue;
      const steps = path.map(stepOf);
      const item = locate(out, steps);
      if (isRecord(item) && Object.keys(item).every((k) => Object.hasOwn(last.key, k))) removeAt(out, steps);
    }
  }
  for (const p of PROTECTED) {
    const original = getPath(desired, p);
    if (original !== undefined) setPath(out, p, structuredClone(original));
  }
  return out;
}
