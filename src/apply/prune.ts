/**
 * Prune: delete what the previous inventory has and the new one has not, in
 * reverse install order, reading each object first so that protected objects
 * (bosun.dev/prune: "false", Argo CD's Prune=false) are kept and objects whose
 * tracking metadata no longer names this release are never deleted.
 */
import { call, isRecord, KubeApiError, type Transport } from "./client.ts";
import { resourcePath, UnknownKindError, type Discovery } from "./discovery.ts";
import { diffInventory } from "./inventory.ts";
import { apiVersionOf, describeRef, type ObjectRef } from "./objects.ts";
import { mapBounded, uninstallSteps } from "./order.ts";
import { ownedBy, pruneProtection, type ReleaseRef } from "./tracking.ts";

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

export interface PruneOptions {
  release: ReleaseRef;
  /** Default Background. */
  propagationPolicy?: PropagationPolicy;
  /** Allow deleting every object of the previous inventory. */
  allowEmpty?: boolean;
  /** Deletes in flight within one step (default 8). */
  concurrency?: number;
  /** Server-side dry run of the deletes. */
  dryRun?: boolean;
}

export interface PruneSkip {
  ref: ObjectRef;
  reason: string;
}

export interface PruneResult {
  /** Deleted (delete accepted by the API server; with Foreground it may still be terminating). */
  deleted: ObjectRef[];
  /** Kept because annotated not to be pruned. */
  kept: PruneSkip[];
  /** Not deleted because it no longer belongs to this release. */
  notOwned: PruneSkip[];
  /** Already gone (404 on read or delete, or its kind is no longer served). */
  gone: ObjectRef[];
  /** Failures (other objects were still attempted). */
  errors: { ref: ObjectRef; error: Error }[];
}

/** Refused to delete every object of the previous inventory. */
export class PruneAllRefusedError extends Error {
  constructor(count: number) {
    super(`refusing to prune all ${String(count)} objects of the release (the new inventory keeps none of them); set allowEmpty to allow it`);
    this.name = "PruneAllRefusedError";
  }
}

/** What to delete, in deletion order (steps of reverse install order). Pure; throws PruneAllRefusedError. */
export function planPrune(previous: readonly ObjectRef[], next: readonly ObjectRef[], opts: Pick<PruneOptions, "allowEmpty">): ObjectRef[][] {
  const { removed, kept } = diffInventory(previous, next);
  if (removed.length > 0 && kept.length === 0 && !opts.allowEmpty) throw new PruneAllRefusedError(removed.length);
  return uninstallSteps(removed, (r) => r);
}

export type PruneDecision = { action: "delete" } | { action: "keep"; reason: string } | { action: "notOwned"; reason: string };

/** Whether a live object may be deleted by prune for `release`. Pure. */
export function pruneDecision(live: unknown, release: ReleaseRef): PruneDecision {
  const metadata = isRecord(live) && isRecord(live.metadata) ? live.metadata : {};
  const labels = (isRecord(metadata.labels) ? metadata.labels : {}) as Record<string, string>;
  const annotations = (isRecord(metadata.annotations) ? metadata.annotations : {}) as Record<string, string>;
  if (!ownedBy({ metadata: { labels, annotations } }, release)) {
    return { action: "notOwned", reason: `its tracking metadata does not name HelmRelease ${release.namespace}/${release.name}` };
  }
  const protection = pruneProtection(annotations);
  return protection ? { action: "keep", reason: protection } : { action: "delete" };
}

/**
 * Deletes previous − next. Per object: one GET (read before delete) and one
 * DELETE with uid/resourceVersion preconditions, so an object changed between
 * the read and the delete is not deleted on stale grounds.
 */
export async function prune(t: Transport, discovery: Discovery, previous: readonly ObjectRef[], next: readonly ObjectRef[], opts: PruneOptions): Promise<PruneResult> {
  const steps = planPrune(previous, next, opts);
  const result: PruneResult = { deleted: [], kept: [], notOwned: [], gone: [], errors: [] };
  const policy = opts.propagationPolicy ?? "Background";
  for (const step of steps) {
    await mapBounded(step, opts.concurrency ?? 8, async (ref) => {
      try {
        await pruneOne(t, discovery, ref, policy, opts, result);
      } catch (e) {
        result.errors.push({ ref, error: new Error(`prune ${describeRef(ref)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e }) });
      }
    });
  }
  return result;
}

async function pruneOne(t: Transport, discovery: Discovery, ref: ObjectRef, policy: PropagationPolicy, opts: PruneOptions, result: PruneResult): Promise<void> {
  let mapping;
  try {
    mapping = await discovery.resolve(apiVersionOf(ref), ref.kind);
  } catch (e) {
    if (e instanceof UnknownKindError) {
      result.gone.push(ref); // its CRD is gone, so is the object
      return;
    }
    throw e;
  }
  const path = resourcePath(mapping, ref.namespace, ref.name);
  let live: unknown;
  try {
    live = await call(t, { method: "GET", path });
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 404) {
      result.gone.push(ref);
      return;
    }
    throw e;
  }
  const decision = pruneDecision(live, opts.release);
  if (decision.action === "keep") {
    result.kept.push({ ref, reason: decision.reason });
    return;
  }
  if (decision.action === "notOwned") {
    result.notOwned.push({ ref, reason: decision.reason });
    return;
  }
  const meta = isRecord(live) && isRecord(live.metadata) ? live.metadata : {};
  const body = {
    kind: "DeleteOptions",
    apiVersion: "v1",
    propagationPolicy: policy,
    preconditions: { uid: meta.uid, resourceVersion: meta.resourceVersion },
  };
  try {
    await call(t, { method: "DELETE", path, query: opts.dryRun ? { dryRun: "All" } : {}, body: JSON.stringify(body), contentType: "application/json" });
    result.deleted.push(ref);
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 404) result.gone.push(ref);
    else throw e;
  }
}
