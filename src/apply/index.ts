/**
 * src/apply: server-side apply of rendered manifests in install order,
 * inventory, and prune. See README.md in this directory.
 *
 *   const applier = new Applier(kubeTransport(kc));
 *   const { refs } = await applier.apply(parseManifests([...rendered.crds, ...rendered.manifests]), { release, targetNamespace });
 *   await applier.prune(fromInventory(previousStatus), refs, { release });
 *   status.inventory = toInventory(refs);
 */
import type { Transport } from "./client.ts";
import { Discovery } from "./discovery.ts";
import type { KubeObject, ObjectRef } from "./objects.ts";
import { diffSet, type DiffOptions, type ObjectDiff } from "./diff.ts";
import { applySet, type ApplySetOptions, type ApplySetResult } from "./order.ts";
import { prune, type PruneOptions, type PruneResult } from "./prune.ts";

export { KubeApiError, kubeTransport, countingTransport, call, isRecord, watchStream, type Transport, type KubeRequest, type KubeResponse, type KubeStatus } from "./client.ts";
export { impersonating, serviceAccountUser, parseDenial, describeDenial, forbiddenDenials, type Impersonation, type Denial } from "./impersonation.ts";
export { Discovery, UnknownKindError, resourcePath, type ResourceMapping } from "./discovery.ts";
export { parseManifests, refOf, describeRef, apiVersionOf, splitApiVersion, type KubeObject, type ObjectRef } from "./objects.ts";
export {
  applyObject,
  prepareObject,
  parseConflicts,
  parseImmutableFields,
  ApplyConflictError,
  ImmutableFieldError,
  ApplyError,
  FIELD_MANAGER,
  type ApplyOptions,
  type AppliedObject,
  type FieldConflict,
} from "./apply.ts";
export { applySet, installSteps, uninstallSteps, installRank, ApplySetError, type ApplySetOptions, type ApplySetResult } from "./order.ts";
export { diffSet, diffObject, DiffError, type DiffOptions, type ObjectDiff } from "./diff.ts";
export {
  diffOnFields,
  appliedFieldSet,
  fieldSetPaths,
  mergeFieldSets,
  parsePathElement,
  formatPath,
  valueAt,
  type FieldPath,
  type PathElement,
  type ManagedFieldsEntry,
} from "./fields.ts";
export { toInventory, fromInventory, diffInventory, objectKey, inventorySize, type CompactInventory, type InventoryEntry, type InventoryDiff } from "./inventory.ts";
export { prune, planPrune, pruneDecision, PruneAllRefusedError, type PropagationPolicy, type PruneOptions, type PruneResult } from "./prune.ts";
export {
  releaseLabelValue,
  releaseSelector,
  withTracking,
  ownedBy,
  pruneProtection,
  RELEASE_LABEL,
  OWNER_NAMESPACE_ANNOTATION,
  OWNER_NAME_ANNOTATION,
  PRUNE_ANNOTATION,
  type ReleaseRef,
} from "./tracking.ts";

/**
 * Apply and prune sharing one transport and one discovery cache. A caller
 * with several request paths (the controller: one impersonating transport
 * per tenant) passes one shared `discovery`, read on its own identity, so
 * that the API's shape is learnt once and not per identity.
 */
export class Applier {
  readonly transport: Transport;
  readonly discovery: Discovery;

  constructor(transport: Transport, discovery?: Discovery) {
    this.transport = transport;
    this.discovery = discovery ?? new Discovery(transport);
  }

  apply(objects: readonly KubeObject[], opts: ApplySetOptions): Promise<ApplySetResult> {
    return applySet(this.transport, this.discovery, objects, opts);
  }

  /**
   * Drift: per object, what bosun would change on the fields it owns
   * (server-side dry-run apply vs live). Nothing is persisted.
   */
  diff(objects: readonly KubeObject[], opts: DiffOptions): Promise<ObjectDiff[]> {
    return diffSet(this.transport, this.discovery, objects, opts);
  }

  /** Deletes previous − next. Calling it after health checks pass is how a caller implements pruneLast. */
  prune(previous: readonly ObjectRef[], next: readonly ObjectRef[], opts: PruneOptions): Promise<PruneResult> {
    return prune(this.transport, this.discovery, previous, next, opts);
  }
}
