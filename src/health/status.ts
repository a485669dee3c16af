/**
 * The vocabulary of kstatus (sigs.k8s.io/cli-utils pkg/kstatus/status):
 * statuses, the standard conditions, and the result of computing one
 * object's status.
 */

export type Status = "Current" | "InProgress" | "Failed" | "Terminating" | "NotFound" | "Unknown";

export const STATUSES: readonly Status[] = ["InProgress", "Failed", "Current", "Terminating", "NotFound", "Unknown"];

/** kstatus's standard, "abnormality-true" condition types. */
export type StandardConditionType = "Reconciling" | "Stalled";

export type ConditionStatus = "True" | "False" | "Unknown";

/** A standard condition that kstatus derives for an object. */
export interface Condition {
  type: StandardConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}

export interface Result {
  status: Status;
  message: string;
  conditions: Condition[];
}

/** A Kubernetes object as JSON (what the API server or a manifest gives). */
export type KubeObject = Record<string, unknown>;

/**
 * Thrown by computeStatus when the object is malformed where kstatus's
 * Compute returns an error (wrong field types, an unknown Pod phase).
 */
export class HealthComputeError extends Error {
  override name = "HealthComputeError";
}

export function current(message: string): Result {
  return { status: "Current", message, conditions: [] };
}

export function inProgress(reason: string, message: string): Result {
  return { status: "InProgress", message, conditions: [{ type: "Reconciling", status: "True", reason, message }] };
}

export function failed(reason: string, message: string): Result {
  return { status: "Failed", message, conditions: [{ type: "Stalled", status: "True", reason, message }] };
}
