/**
 * Status conditions following the kstatus conventions
 * (sigs.k8s.io/cli-utils/pkg/kstatus) so that `kubectl wait
 * --for=condition=Ready`, Flux and Argo CD tooling read HelmReleases right:
 *
 * - Ready (normal-true): True only when the latest generation is applied and healthy.
 * - Reconciling (abnormal-true): present and True while work is in progress,
 *   removed when done.
 * - Stalled (abnormal-true): present and True when bosun gave up until
 *   something changes (invalid spec, retries exhausted), removed otherwise.
 *
 * lastTransitionTime changes only when a condition's status changes; every
 * condition carries the generation it describes.
 */
import type { Condition, ConditionStatus, HelmReleaseStatus } from "./types.ts";

export const READY = "Ready";
export const RECONCILING = "Reconciling";
export const STALLED = "Stalled";
/**
 * Drifted (abnormal-true): True while live objects differ from what bosun
 * applied (until self-heal reverts them or someone reverts them by hand);
 * False once they match again. Absent until the first drift.
 */
export const DRIFTED = "Drifted";

/** Reasons (CamelCase, as Kubernetes requires) used with the conditions above. */
export const Reasons = {
  Succeeded: "Succeeded",
  Progressing: "Progressing",
  ProgressingWithRetry: "ProgressingWithRetry",
  RetriesExceeded: "RetriesExceeded",
  InvalidSpec: "InvalidSpec",
  DependencyNotReady: "DependencyNotReady",
  DependencyCycle: "DependencyCycle",
  ChartPullFailed: "ChartPullFailed",
  ValuesFailed: "ValuesFailed",
  RenderFailed: "RenderFailed",
  ApplyFailed: "ApplyFailed",
  PruneFailed: "PruneFailed",
  HealthCheckFailed: "HealthCheckFailed",
  Suspended: "Suspended",
  Uninstalling: "Uninstalling",
  HookFailed: "HookFailed",
  TestFailed: "TestFailed",
  /** The release's ServiceAccount (impersonated) lacks a right the sync needs. */
  Forbidden: "Forbidden",
  DriftDetected: "DriftDetected",
  SelfHealBackoff: "SelfHealBackoff",
  SelfHealed: "SelfHealed",
  SelfHealFailed: "SelfHealFailed",
  NoDrift: "NoDrift",
} as const;

export type Reason = (typeof Reasons)[keyof typeof Reasons];

const REASON_RE = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const MAX_MESSAGE = 32768;

/** metav1.Time: RFC 3339 with second precision. */
export function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z");
}

export function getCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
  observedGeneration?: number;
}

/**
 * Returns `conditions` with `input` set: added when missing, otherwise
 * replaced, keeping lastTransitionTime unless the status changed. Order is
 * kept; the input array is not modified.
 */
export function setCondition(conditions: readonly Condition[] | undefined, input: ConditionInput, now: Date = new Date()): Condition[] {
  if (!REASON_RE.test(input.reason)) throw new Error(`condition reason "${input.reason}" must be CamelCase letters and digits`);
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === input.type);
  const prev = i >= 0 ? list[i] : undefined;
  const next: Condition = {
    type: input.type,
    status: input.status,
    ...(input.observedGeneration === undefined ? {} : { observedGeneration: input.observedGeneration }),
    lastTransitionTime: prev && prev.status === input.status ? prev.lastTransitionTime : timestamp(now),
    reason: input.reason,
    message: input.message.length > MAX_MESSAGE ? `${input.message.slice(0, MAX_MESSAGE - 3)}...` : input.message,
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

function update(status: HelmReleaseStatus, conditions: Condition[], generation: number): HelmReleaseStatus {
  return { ...status, observedGeneration: generation, conditions };
}

/** Work in progress for `generation`: Reconciling=True, Ready=Unknown, no Stalled. */
export function markReconciling(status: HelmReleaseStatus, generation: number, reason: string, message: string, now: Date = new Date()): HelmReleaseStatus {
  let c = setCondition(status.conditions, { type: RECONCILING, status: "True", reason, message, observedGeneration: generation }, now);
  c = setCondition(c, { type: READY, status: "Unknown", reason, message, observedGeneration: generation }, now);
  return update(status, removeCondition(c, STALLED), generation);
}

/** Done and healthy: Ready=True; Reconciling and Stalled removed. */
export function markReady(status: HelmReleaseStatus, generation: number, message: string, reason: string = Reasons.Succeeded, now: Date = new Date()): HelmReleaseStatus {
  const c = setCondition(status.conditions, { type: READY, status: "True", reason, message, observedGeneration: generation }, now);
  return update(status, removeCondition(removeCondition(c, RECONCILING), STALLED), generation);
}

/**
 * Failed, and bosun will try again: Ready=False with the failure, and
 * Reconciling=True (reason ProgressingWithRetry) so kstatus reports InProgress.
 */
export function markFailed(status: HelmReleaseStatus, generation: number, reason: string, message: string, now: Date = new Date()): HelmReleaseStatus {
  let c = setCondition(status.conditions, { type: READY, status: "False", reason, message, observedGeneration: generation }, now);
  c = setCondition(c, { type: RECONCILING, status: "True", reason: Reasons.ProgressingWithRetry, message, observedGeneration: generation }, now);
  return update(status, removeCondition(c, STALLED), generation);
}

/** Given up until the spec, chart or values change: Stalled=True, Ready=False, Reconciling removed. */
export function markStalled(status: HelmReleaseStatus, generation: number, reason: string, message: string, now: Date = new Date()): HelmReleaseStatus {
  let c = setCondition(status.conditions, { type: STALLED, status: "True", reason, message, observedGeneration: generation }, now);
  c = setCondition(c, { type: READY, status: "False", reason, message, observedGeneration: generation }, now);
  return update(status, removeCondition(c, RECONCILING), generation);
}

/** Whether Ready=True describes `generation` (what `kubectl wait` and kstatus check). */
export function isReady(status: HelmReleaseStatus | undefined, generation: number): boolean {
  const ready = getCondition(status?.conditions, READY);
  return ready?.status === "True" && status?.observedGeneration === generation && (ready.observedGeneration ?? generation) === generation;
}
