/**
 * Inventory: the exact set of objects applied for a release, and a compact,
 * deterministic form of it for HelmRelease status.
 *
 * Compact form (version 1): entries sorted by group, kind, version; each entry
 * names one group/version/kind once and lists its objects sorted, namespaced
 * ones as "namespace/name", cluster-scoped ones as "name" (names never contain
 * "/"). Hundreds of objects of a few kinds serialise to little more than their
 * names.
 *
 *   { "v": 1, "entries": [ { "g": "apps", "v": "v1", "k": "Deployment", "o": ["web/api", "web/ui"] } ] }
 */
import type { ObjectRef } from "./objects.ts";

export interface InventoryEntry {
  /** API group ("" for the core group). */
  g: string;
  /** Version the objects were applied with. */
  v: string;
  /** Kind. */
  k: string;
  /** "namespace/name" or, cluster-scoped, "name"; sorted. */
  o: string[];
}

export interface CompactInventory {
  v: 1;
  entries: InventoryEntry[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Identity of an object across inventories: group, kind, namespace and name —
 * not the version, since one object is served under every version of its kind.
 */
export function objectKey(ref: ObjectRef): string {
  return `${ref.group}|${ref.kind}|${ref.namespace ?? ""}|${ref.name}`;
}

/** Refs → compact inventory (duplicates collapse; deterministic for equal sets). */
export function toInventory(refs: readonly ObjectRef[]): CompactInventory {
  const groups = new Map<string, InventoryEntry>();
  const seen = new Set<string>();
  for (const r of refs) {
    const key = objectKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    const gvk = `${r.group}|${r.version}|${r.kind}`;
    let e = groups.get(gvk);
    if (!e) {
      e = { g: r.group, v: r.version, k: r.kind, o: [] };
      groups.set(gvk, e);
    }
    e.o.push(r.namespace === undefined ? r.name : `${r.namespace}/${r.name}`);
  }
  const entries = [...groups.values()].sort((a, b) => cmp(a.g, b.g) || cmp(a.k, b.k) || cmp(a.v, b.v));
  for (const e of entries) e.o.sort(cmp);
  return { v: 1, entries };
}

/** Compact inventory → refs (validated: it comes back from status, which anyone may edit). */
export function fromInventory(value: unknown): ObjectRef[] {
  const inv = value as Partial<CompactInventory> | null;
  if (typeof inv !== "object" || inv === null || inv.v !== 1 || !Array.isArray(inv.entries)) throw new Error("inventory: unsupported format (want {v: 1, entries: [...]})");
  const refs: ObjectRef[] = [];
  for (const e of inv.entries) {
    if (typeof e.g !== "string" || typeof e.v !== "string" || typeof e.k !== "string" || !Array.isArray(e.o)) throw new Error(`inventory: malformed entry ${JSON.stringify(e)}`);
    for (const o of e.o) {
      if (typeof o !== "string" || o === "") throw new Error(`inventory: malformed object ${JSON.stringify(o)} of ${e.k}`);
      const i = o.indexOf("/");
      refs.push(i === -1 ? { group: e.g, version: e.v, kind: e.k, name: o } : { group: e.g, version: e.v, kind: e.k, namespace: o.slice(0, i), name: o.slice(i + 1) });
    }
  }
  return refs;
}

export function inventorySize(inv: CompactInventory): number {
  return inv.entries.reduce((n, e) => n + e.o.length, 0);
}

export interface InventoryDiff {
  /** In previous, not in next: what prune deletes. */
  removed: ObjectRef[];
  /** In next, not in previous. */
  added: ObjectRef[];
  /** In both (as refs of next, whose version is the current one). */
  kept: ObjectRef[];
}

/** previous vs next by identity (group, kind, namespace, name). */
export function diffInventory(previous: readonly ObjectRef[], next: readonly ObjectRef[]): InventoryDiff {
  const prevKeys = new Set(previous.map(objectKey));
  const nextKeys = new Set(next.map(objectKey));
  const removed = dedupe(previous.filter((r) => !nextKeys.has(objectKey(r))));
  const added = dedupe(next.filter((r) => !prevKeys.has(objectKey(r))));
  const kept = dedupe(next.filter((r) => prevKeys.has(objectKey(r))));
  return { removed, added, kept };
}

function dedupe(refs: ObjectRef[]): ObjectRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = objectKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

