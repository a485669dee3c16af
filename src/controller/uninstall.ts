/**
 * Uninstall, run by the finalizer when a HelmRelease is deleted: delete the
 * inventory in reverse install order with the release's propagation policy
 * (prune's protections apply: objects marked not to be pruned, or no longer
 * owned by this release, are kept), then wait — bounded by spec.timeout —
 * until they are gone, so that a release deleted and re-created does not
 * race its own terminating objects. Objects still terminating at the
 * deadline are reported and left to the garbage collector.
 *
 * The chart's pre-delete hooks run first and its post-delete hooks last
 * (./hooks.ts); a failing one fails the uninstall, which is retried. When
 * the release's or the target namespace is being deleted nothing can be
 * created there, so the hooks are skipped (with a Warning) rather than
 * holding the namespace's deletion up for good.
 */
import { parseGoDuration, type DefaultedSpec, type HelmRelease } from "../api/index.ts";
import { apiVersionOf, resourcePath, type ObjectRef } from "../apply/index.ts";
import type { Logger } from "../log/index.ts";
import { eventTarget } from "./client.ts";
import type { ReconcilerDeps, ReleaseClients } from "./reconciler.ts";
import { describeShort } from "./refs.ts";
import { HookError, namespaceTerminating, runHooks, type HookEvent } from "./hooks.ts";
import type { Hook } from "../render/index.ts";

export interface UninstallOutcome {
  deleted: ObjectRef[];
  /** Still present at the deadline. */
  terminating: ObjectRef[];
  /** Set when something could not be deleted: the finalizer stays and uninstall is retried. */
  error?: string;
}

/**
 * `c`: the release's request paths (Reconciler.releaseClients): deletes and reads are made as its ServiceAccount.
 * `deleteHooks`: the chart's delete hooks, asked for only when hooks are enabled and can run.
 */
export async function uninstall(
  d: ReconcilerDeps,
  hr: HelmRelease,
  spec: DefaultedSpec,
  inventory: readonly ObjectRef[],
  log: Logger,
  signal: AbortSignal,
  c: ReleaseClients,
  deleteHooks?: () => Promise<readonly Hook[]>,
): Promise<UninstallOutcome> {
  const release = { namespace: hr.metadata.namespace ?? "", name: hr.metadata.name };
  const targetNamespace = spec.targetNamespace ?? release.namespace;
  let hooks: readonly Hook[] = [];
  if (!spec.disableHooks && deleteHooks) {
    const namespaces = [...new Set([release.namespace, targetNamespace])];
    const gone = (await Promise.all(namespaces.map(async (ns) => ((await namespaceTerminating(c.applier, ns)) ? ns : undefined)))).filter((ns) => ns !== undefined);
    if (gone.length > 0) {
      const msg = `delete hooks skipped: namespace ${gone.join(", ")} is being deleted`;
      log.warn({ phase: "hooks" }, msg);
      d.events.record(eventTarget(hr), "Warning", "HooksSkipped", "Uninstall", msg);
    } else {
      try {
        hooks = await deleteHooks();
      } catch (e) {
        return { deleted: [], terminating: [], error: `rendering the chart for its delete hooks: ${e instanceof Error ? e.message : String(e)} (spec.disableHooks: true uninstalls without them)` };
      }
    }
  }
  const hookRun = async (event: HookEvent): Promise<string | undefined> => {
    const o = { applier: c.applier, waitClient: c.waitClient, kubeConfig: d.kubeConfig, events: d.events, eventTarget: eventTarget(hr), log, release, targetNamespace };
    try {
      await runHooks({ ...o, timeoutMs: parseGoDuration(spec.timeout), signal }, hooks, event);
      return undefined;
    } catch (e) {
      if (e instanceof HookError) return e.message;
      throw e;
    }
  };
  const preDelete = await hookRun("pre-delete");
  if (preDelete !== undefined) return { deleted: [], terminating: [], error: preDelete };
  if (inventory.length === 0) {
    const postDelete = await hookRun("post-delete");
    return { deleted: [], terminating: [], ...(postDelete === undefined ? {} : { error: postDelete }) };
  }
  const result = await c.applier.prune(inventory, [], { release, propagationPolicy: spec.syncPolicy.prunePropagationPolicy, allowEmpty: true });
  if (result.errors.length > 0) {
    return { deleted: result.deleted, terminating: [], error: `uninstall: ${result.errors.map((e) => `${describeShort(e.ref)}: ${e.error.message}`).join("; ")}` };
  }
  const deadline = Date.now() + parseGoDuration(spec.timeout);
  let pending = [...result.deleted];
  while (pending.length > 0 && Date.now() < deadline && !signal.aborted) {
    const still: ObjectRef[] = [];
    for (const ref of pending) {
      const mapping = await c.applier.discovery.resolve(apiVersionOf(ref), ref.kind).catch(() => undefined);
      if (!mapping) continue;
      const res = await c.transport({ method: "GET", path: resourcePath(mapping, ref.namespace, ref.name) });
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
  const postDelete = await hookRun("post-delete");
  if (postDelete !== undefined) return { deleted: result.deleted, terminating: pending, error: postDelete };
  const kept = [...result.kept.map((k) => `${describeShort(k.ref)} (${k.reason})`), ...result.notOwned.map((k) => `${describeShort(k.ref)} (${k.reason})`)];
  const msg = `uninstalled: deleted ${String(result.deleted.length)} objects${kept.length > 0 ? `; kept ${kept.join(", ")}` : ""}`;
  d.events.record(eventTarget(hr), "Normal", "Uninstalled", "Uninstall", msg);
  log.info({ phase: "uninstall", deleted: result.deleted.length }, msg);
  return { deleted: result.deleted, terminating: pending };
}
