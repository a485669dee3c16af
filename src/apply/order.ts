/**
 * Install order and the applying of a whole set: CRDs first (waiting until
 * Established), Namespaces, then Helm's InstallOrder kind by kind, then every
 * other kind (custom resources, after their CRDs). Objects of one step are
 * applied concurrently, at most `concurrency` at a time.
 */
import { INSTALL_ORDER } from "../render/manifests.ts";
import { applyObject, type AppliedObject, type ApplyOptions } from "./apply.ts";
import { call, isRecord, type Transport } from "./client.ts";
import type { Discovery } from "./discovery.ts";
import { describeObject, refOf, splitApiVersion, type KubeObject, type ObjectRef } from "./objects.ts";
import { releaseSelector } from "./tracking.ts";

const CRD = "CustomResourceDefinition";
const CRD_GROUP = "apiextensions.k8s.io";
const NAMESPACE = "Namespace";

/** Install rank of a kind: CRDs 0, Namespaces 1, InstallOrder kinds next, anything else last. */
export function installRank(ref: { group: string; kind: string }): number {
  if (ref.kind === CRD && ref.group === CRD_GROUP) return 0;
  if (ref.kind === NAMESPACE && ref.group === "") return 1;
  const i = INSTALL_ORDER.filter((k) => k !== CRD && k !== NAMESPACE).indexOf(ref.kind);
  return i === -1 ? 2 + INSTALL_ORDER.length : 2 + i;
}

/**
 * Groups items into install steps, in order; within a step the input order is
 * kept. Unknown kinds (custom resources) share the last step.
 */
export function installSteps<T>(items: readonly T[], refOfItem: (x: T) => { group: string; kind: string }): T[][] {
  const byRank = new Map<number, T[]>();
  for (const x of items) {
    const r = installRank(refOfItem(x));
    const step = byRank.get(r);
    if (step) step.push(x);
    else byRank.set(r, [x]);
  }
  return [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, xs]) => xs);
}

/** The steps of prune: the install steps reversed (custom resources first, CRDs last). */
export function uninstallSteps<T>(items: readonly T[], refOfItem: (x: T) => { group: string; kind: string }): T[][] {
  return installSteps(items, refOfItem).reverse();
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects with every failure after all settled. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i] as T) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Several objects of a set failed to apply. */
export class ApplySetError extends Error {
  readonly errors: Error[];
  readonly applied: AppliedObject[];
  constructor(errors: Error[], applied: AppliedObject[]) {
    super(errors.length === 1 ? (errors[0]?.message ?? "apply failed") : `${String(errors.length)} objects failed to apply:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
    this.name = "ApplySetError";
    this.errors = errors;
    this.applied = applied;
  }
}

export interface ApplySetOptions extends ApplyOptions {
  /** Objects applied concurrently within a step (default 8). */
  concurrency?: number;
  /** How long to wait for CRDs to become Established (default 60 s). */
  crdTimeoutMs?: number;
}

export interface ApplySetResult {
  applied: AppliedObject[];
  /** Refs of everything applied, in install order: the new inventory. */
  refs: ObjectRef[];
}

function established(obj: unknown): boolean {
  if (!isRecord(obj) || !isRecord(obj.status) || !Array.isArray(obj.status.conditions)) return false;
  return obj.status.conditions.some((c) => isRecord(c) && c.type === "Established" && c.status === "True");
}

/**
 * Waits until every CRD named is Established. CRDs whose apply answer already
 * says so cost nothing; the others are polled with one LIST (by the release
 * label) per round for all of them.
 */
async function waitEstablished(t: Transport, applied: AppliedObject[], opts: ApplySetOptions): Promise<void> {
  let pending = new Set(applied.filter((a) => !established(a.live)).map((a) => a.desired.metadata.name));
  const deadline = Date.now() + (opts.crdTimeoutMs ?? 60_000);
  while (pending.size > 0) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for CustomResourceDefinition ${[...pending].join(", ")} to become Established`);
    await new Promise((r) => setTimeout(r, 100));
    const list = await call(t, {
      method: "GET",
      path: `/apis/${CRD_GROUP}/v1/customresourcedefinitions`,
      query: { labelSelector: releaseSelector(opts.release) },
    });
    const items = isRecord(list) && Array.isArray(list.items) ? (list.items as unknown[]) : [];
    const ready = new Set(items.filter(established).map((i) => (isRecord(i) && isRecord(i.metadata) ? String(i.metadata.name) : "")));
    pending = new Set([...pending].filter((n) => !ready.has(n)));
  }
}

/**
 * Applies a set of objects in install order. Requests when nothing fails: one
 * PATCH per object, one discovery GET per apiVersion not yet cached (none for
 * custom resources whose CRD is in the set), and CRD Established polls only
 * while a new CRD is not yet Established. Stops after the first step with
 * failures (later steps may depend on it) and throws ApplySetError.
 */
export async function applySet(t: Transport, discovery: Discovery, objects: readonly KubeObject[], opts: ApplySetOptions): Promise<ApplySetResult> {
  const seen = new Set<string>();
  for (const o of objects) {
    const key = `${splitApiVersion(o.apiVersion).group}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
    if (seen.has(key)) throw new Error(`duplicate object in the set: ${describeObject(o)}`);
    seen.add(key);
  }
  const applied: AppliedObject[] = [];
  for (const step of installSteps(objects, (o) => ({ group: splitApiVersion(o.apiVersion).group, kind: o.kind }))) {
    const results = await mapBounded(step, opts.concurrency ?? 8, (o) => applyObject(t, discovery, o, opts));
    const errors: Error[] = [];
    const stepApplied: AppliedObject[] = [];
    for (const r of results) {
      if (r.status === "fulfilled") stepApplied.push(r.value);
      else errors.push(r.reason instanceof Error ? r.reason : new Error(String(r.reason)));
    }
    applied.push(...stepApplied);
    if (errors.length > 0) throw new ApplySetError(errors, applied);
    const crds = stepApplied.filter((a) => a.desired.kind === CRD && a.mapping.group === CRD_GROUP);
    if (crds.length > 0) {
      for (const c of crds) discovery.learnCRD(c.live);
      if (!opts.dryRun) await waitEstablished(t, crds, opts);
    }
  }
  return { applied, refs: applied.map((a) => refOf(a.desired)) };
}
