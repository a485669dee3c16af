/**
 * The rules kstatus applies to every object before (and after) the per-kind
 * rules: deletion, generation vs observedGeneration, the standard
 * Reconciling/Stalled conditions, and the widely used Ready condition.
 */
import { conditions, kindOf, nestedInt, nestedString } from "./fields.ts";
import { HealthComputeError, current, inProgress, type KubeObject, type Result } from "./status.ts";

function lookup<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new HealthComputeError(`looking up ${what} from resource: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** metadata.generation not yet observed → InProgress (LatestGenerationNotObserved). */
export function checkGeneration(obj: KubeObject): Result | undefined {
  const generation = lookup("metadata.generation", () => nestedInt(obj, ["metadata", "generation"]));
  if (generation === undefined) return undefined;
  const observed = lookup("status.observedGeneration", () => nestedInt(obj, ["status", "observedGeneration"]));
  if (observed === undefined || observed === generation) return undefined;
  return inProgress("LatestGenerationNotObserved", `${kindOf(obj)} generation is ${generation}, but latest observed generation is ${observed}`);
}

/** Both metadata.generation and status.observedGeneration must be present (DaemonSet). */
export function checkGenerationSet(obj: KubeObject): Result | undefined {
  const kind = kindOf(obj);
  if (lookup("metadata.generation", () => nestedInt(obj, ["metadata", "generation"])) === undefined) {
    return inProgress("NoGeneration", `${kind} metadata.generation not found`);
  }
  if (lookup("status.observedGeneration", () => nestedInt(obj, ["status", "observedGeneration"])) === undefined) {
    return inProgress("NoObservedGeneration", `${kind} status.observedGeneration not found`);
  }
  return undefined;
}

/**
 * checkGenericProperties: a deletionTimestamp means Terminating; an
 * unobserved generation means InProgress; a Reconciling=True or Stalled=True
 * condition (the first in list order) decides. Otherwise undefined.
 */
export function checkGenericProperties(obj: KubeObject): Result | undefined {
  const deletionTimestamp = lookup("metadata.deletionTimestamp", () => nestedString(obj, ["metadata", "deletionTimestamp"]));
  if (deletionTimestamp !== undefined && deletionTimestamp !== "") {
    return { status: "Terminating", message: "Resource scheduled for deletion", conditions: [] };
  }
  const generation = checkGeneration(obj);
  if (generation) return generation;
  for (const c of conditions(obj)) {
    if (c.type === "Reconciling" && c.status === "True") return inProgress(c.reason, c.message);
    if (c.type === "Stalled" && c.status === "True") {
      return { status: "Failed", message: c.message, conditions: [{ type: "Stalled", status: "True", reason: c.reason, message: c.message }] };
    }
  }
  return undefined;
}

/** checkReadyCondition: the first Ready condition with a True/False/Unknown status decides. */
export function checkReadyCondition(obj: KubeObject): Result | undefined {
  for (const c of conditions(obj)) {
    if (c.type !== "Ready") continue;
    if (c.status === "True") return current("Resource is Ready");
    if (c.status === "False" || c.status === "Unknown") return inProgress(c.reason, c.message);
  }
  return undefined;
}
