/**
 * TypeScript shapes of the HelmRelease API (bosun.dev/v1alpha1). They mirror
 * crds/bosun.dev_helmreleases.yaml; fields the CRD defaults are optional here
 * because objects stored under an older CRD may lack them (see defaults.ts).
 */

import type { CompactInventory } from "../apply/inventory.ts";

export type { CompactInventory };

export interface LocalObjectReference {
  name: string;
}

export interface ChartSource {
  /** oci://registry[:port]/path, without tag or digest. */
  repository: string;
  /** An exact tag or a semver constraint. */
  version?: string;
  /** sha256:<64 hex>. */
  digest?: string;
  credentialsSecretRef?: LocalObjectReference;
  caSecretRef?: LocalObjectReference;
  plainHTTP?: boolean;
}

export type ValuesSourceKind = "ConfigMap" | "Secret";

export interface ValuesReference {
  kind: ValuesSourceKind;
  name: string;
  key?: string;
  optional?: boolean;
  targetPath?: string;
}

export interface DependencyReference {
  name: string;
  namespace?: string;
}

export interface AutomatedSync {
  prune?: boolean;
  selfHeal?: boolean;
  allowEmpty?: boolean;
}

export interface Backoff {
  duration?: string;
  factor?: number;
  maxDuration?: string;
}

export interface RetryStrategy {
  /** -1 unlimited, 0 none. */
  limit?: number;
  backoff?: Backoff;
}

export type PropagationPolicy = "Foreground" | "Background" | "Orphan";
export type CrdPolicy = "Skip" | "Create" | "CreateReplace";

export interface SyncPolicy {
  automated?: AutomatedSync;
  retry?: RetryStrategy;
  prunePropagationPolicy?: PropagationPolicy;
  pruneLast?: boolean;
  forceConflicts?: boolean;
  replaceOnImmutable?: boolean;
  crds?: CrdPolicy;
  /** Apply ignored fields (spec.ignoreDifferences) with their live values instead of the chart's (Argo CD's RespectIgnoreDifferences=true). */
  respectIgnoreDifferences?: boolean;
}

export interface IgnoreDifference {
  /** Glob (`*`, `?`); absent or empty is the core group only. */
  group?: string;
  /** Glob (`*`, `?`). */
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  managedFieldsManagers?: string[];
}

export interface HelmReleaseSpec {
  chart: ChartSource;
  releaseName?: string;
  targetNamespace?: string;
  createNamespace?: boolean;
  values?: Record<string, unknown>;
  valuesFrom?: ValuesReference[];
  interval?: string;
  timeout?: string;
  suspend?: boolean;
  serviceAccountName?: string;
  dependsOn?: DependencyReference[];
  syncPolicy?: SyncPolicy;
  ignoreDifferences?: IgnoreDifference[];
  disableHooks?: boolean;
  test?: TestSpec;
}

/** Helm test hooks after each successful install or upgrade (Flux helm-controller's spec.test). */
export interface TestSpec {
  enable?: boolean;
}

export type ConditionStatus = "True" | "False" | "Unknown";

export interface Condition {
  type: string;
  status: ConditionStatus;
  observedGeneration?: number;
  /** RFC 3339, second precision. */
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface Revision {
  version?: string;
  digest?: string;
}

export type SyncStatusCode = "Synced" | "OutOfSync";
export type HealthStatusCode = "Healthy" | "Progressing" | "Degraded" | "Missing" | "Unknown";

export interface HistoryEntry {
  revision: Revision;
  valuesDigest?: string;
  startedAt: string;
  finishedAt?: string;
  result: "Succeeded" | "Failed";
  message?: string;
}

/** Live objects that differ from what bosun applied, and self-heal's progress against them. */
export interface DriftStatus {
  /** When the drift reported now was found. */
  detectedAt?: string;
  /** "Kind ns/name: /path, /path" or "Kind ns/name: deleted", at most MAX_DRIFT_OBJECTS. */
  objects?: string[];
  /** Self-heal's backoff against another writer that keeps changing the objects back. */
  selfHeal?: { attempts?: number; lastAttemptAt?: string; nextAttemptAt?: string };
}

export interface HelmReleaseStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  lastAppliedRevision?: Revision;
  lastAttemptedRevision?: Revision;
  sync?: { status?: SyncStatusCode; revision?: Revision };
  health?: { status?: HealthStatusCode; message?: string };
  inventory?: CompactInventory;
  /** Newest first, at most MAX_HISTORY entries. */
  history?: HistoryEntry[];
  retry?: { attempts?: number; nextAttemptAt?: string };
  /** The bosun.dev/reconcile-requested-at annotation value last acted on. */
  lastHandledReconcileAt?: string;
  /** Helm's .Release.Revision of the last successful install or upgrade. */
  releaseRevision?: number;
  drift?: DriftStatus;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generation?: number;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  creationTimestamp?: string;
}

export interface HelmRelease {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec: HelmReleaseSpec;
  status?: HelmReleaseStatus;
}

/** A spec with every CRD default filled in (what defaults.ts returns). */
export interface DefaultedSpec extends HelmReleaseSpec {
  chart: ChartSource & { plainHTTP: boolean };
  createNamespace: boolean;
  valuesFrom?: (ValuesReference & { key: string; optional: boolean })[];
  interval: string;
  timeout: string;
  suspend: boolean;
  syncPolicy: SyncPolicy & {
    automated?: Required<AutomatedSync>;
    retry: { limit: number; backoff: Required<Backoff> };
    prunePropagationPolicy: PropagationPolicy;
    pruneLast: boolean;
    forceConflicts: boolean;
    replaceOnImmutable: boolean;
    crds: CrdPolicy;
    respectIgnoreDifferences: boolean;
  };
  disableHooks: boolean;
  test?: Required<TestSpec>;
}

export const MAX_HISTORY = 10;
export const MAX_DRIFT_OBJECTS = 20;
