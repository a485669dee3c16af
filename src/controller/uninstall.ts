/**
 * Uninstall, run by the finalizer when a HelmRelease is deleted: delete the
 * inventory in reverse install order with the release's propagation policy
 * (prune's protections apply: objects marked not to be pruned, or no longer
 * owned by this release, are kept), then wait — bounded by spec.timeout —
 * until they are gone, so that a release deleted and re-created does not
 * race its own terminating objects. Objects still terminating at the
 * deadline are reported and left to the garbage collector.
 */
import { parseGoDuration, type DefaultedSpec, type HelmRelease } from "../api/index.ts";
import { apiVersionOf, resourcePath, type ObjectRef } from "../apply/index.ts";
import type { Logger } from "../log/index.ts";
import { eventTarget } from "./client.ts";
import type { ReconcilerDeps } from "./reconciler.ts";
import { describeShort } from "./refs.ts";

export interface UninstallOutcome {
  deleted: ObjectRef[];
  /** Still present at the deadline. */
  terminating: ObjectRef[];
  /** Set when something could not be deleted: the finalizer stays and uninstall is retried. */
  error?: string;
}

export async function uninstall(d: ReconcilerDeps, hr: HelmRelease, spec: DefaultedSpec, inventory: readonly ObjectRef[], log: Logger, signal: AbortSignal): Promise<UninstallOutcome> {
  const release = { namespace: hr.metadata.namespace ?? "", name: hr.metadata.name };
  if (inventory.length === 0) return { deleted: [], terminating: [] };
  const result = await d.applier.prune(inventory, [], { release, propagationPolicy: spec.syncPolicy.prunePropagationPolicy, allowEmpty: true });
  if (result.errors.length > 0) {
    return { deleted: result.deleted, terminating: [], error: `uninstall: ${result.errors.map((e) => `${describeShort(e.ref)}: ${e.error.message}`).join("; ")}` };
  }
  const deadline = Date.now() + parseGoDuration(spec.timeout);
  let pending = [...result.deleted];
  while (pending.length > 0 && Date.now() < deadline && !signal.aborted) {
    const still: ObjectRef[] = [];
    for (const ref of pending) {
      const mapping = await d.applier.discovery.resolve(apiVersionOf(ref), ref.kind).catch(() => undefined);
      if (!mapping) continue;
      const res = await d.transport({ method: "GET", path: resourcePath(mapping, ref.namespace, ref.name) });
      if (res.status !== 404) still.push(ref);
    }
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (pending.length > 0) {
    const msg = `${String(pending.length)} objects still terminating after ${spec.timeout}: ${pending.map(describeShort).join(", ")}`;
    log.warn({ phase: "uninstall" }, msg);
    d.events.record(eventTarget(hr), "Warning", "UninstallTimeout", "Uninstall", msg);
  }
  const kept = [...result.kept.map((k) => `${describeShort(k.ref)} (${k.reason})`), ...result.notOwned.map((k) => `${describeShort(k.ref)} (${k.reason})`)];
  const msg = `uninstalled: deleted ${String(result.deleted.length)} objects${kept.length > 0 ? `; kept ${kept.join(", ")}` : ""}`;
  d.events.record(eventTarget(hr), "Normal", "Uninstalled", "Uninstall", msg);
  log.info({ phase: "uninstall", deleted: result.deleted.length }, msg);
  return { deleted: result.deleted, terminating: pending };
}
