/**
 * One small function per built-in kind, keyed like kstatus's legacyTypes
 * ("group/Kind", or "Kind" for the core group). Each is a port of the
 * matching function of cli-utils pkg/kstatus/status/core.go.
 */
import { checkGenerationSet } from "./generic.ts";
import { conditionWithStatus, conditions, intField, nestedSlice, stringField } from "./fields.ts";
import { HealthComputeError, current, failed, inProgress, type KubeObject, type Result } from "./status.ts";

export interface KindContext {
  /** The clock for time-dependent rules (the Pod scheduling window), in ms since the epoch. */
  now: number;
}

export type KindFn = (obj: KubeObject, ctx: KindContext) => Result;

/** How long a Pod may stay unschedulable before it is reported as Failed. */
export const SCHEDULE_WINDOW_MS = 15_000;

const MAX_INT32 = 2_147_483_647;

export const alwaysReady: KindFn = () => current("Resource is always ready");

export const statefulSet: KindFn = (obj) => {
  if (stringField(obj, ".spec.updateStrategy.type", "") === "OnDelete") {
    return current("StatefulSet is using the ondelete update strategy");
  }
  const spec = intField(obj, ".spec.replicas", 1);
  const ready = intField(obj, ".status.readyReplicas", 0);
  const currentReplicas = intField(obj, ".status.currentReplicas", 0);
  const updated = intField(obj, ".status.updatedReplicas", 0);
  const replicas = intField(obj, ".status.replicas", 0);
  const partition = intField(obj, ".spec.updateStrategy.rollingUpdate.partition", -1);
  if (spec > replicas) return inProgress("LessReplicas", `Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress("LessReady", `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress("ExtraPods", `Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition) return inProgress("PartitionRollout", `updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress("LessCurrent", `current: ${currentReplicas}/${spec}`);
  if (stringField(obj, ".status.currentRevision", "") !== stringField(obj, ".status.updateRevision", "")) {
    return inProgress("RevisionMismatch", "Waiting for updated revision to match current");
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
};

export const deployment: KindFn = (obj) => {
  let progressing = intField(obj, ".spec.progressDeadlineSeconds", MAX_INT32) === MAX_INT32;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === "Progressing") {
      if (c.reason === "ProgressDeadlineExceeded") {
        return { status: "Failed", message: "Progress deadline exceeded", conditions: [{ type: "Stalled", status: "True", reason: c.reason, message: c.message }] };
      }
      if (c.status === "True" && c.reason === "NewReplicaSetAvailable") progressing = true;
    } else if (c.type === "Available" && c.status === "True") {
      available = true;
    }
  }
  const spec = intField(obj, ".spec.replicas", 1);
  const replicas = intField(obj, ".status.replicas", 0);
  const updated = intField(obj, ".status.updatedReplicas", 0);
  const ready = intField(obj, ".status.readyReplicas", 0);
  const availableReplicas = intField(obj, ".status.availableReplicas", 0);
  if (spec > replicas) return inProgress("LessReplicas", `Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress("LessUpdated", `Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress("ExtraPods", `Pending termination: ${replicas - spec}`);
  if (updated > availableReplicas) return inProgress("LessAvailable", `Available: ${availableReplicas}/${updated}`);
  if (spec > ready) return inProgress("LessReady", `Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress("ReplicaSetNotAvailable", "ReplicaSet not Available");
  if (!available) return inProgress("DeploymentNotAvailable", "Deployment not Available");
  return current(`Deployment is available. Replicas: ${replicas}`);
};

export const replicaSet: KindFn = (obj) => {
  if (conditionWithStatus(conditions(obj), "ReplicaFailure", "True")) {
    return inProgress("ReplicaFailure", "Replica Failure condition. Check Pods");
  }
  const spec = intField(obj, ".spec.replicas", 1);
  const replicas = intField(obj, ".status.replicas", 0);
  const ready = intField(obj, ".status.readyReplicas", 0);
  const availableReplicas = intField(obj, ".status.availableReplicas", 0);
  const labelled = intField(obj, ".status.fullyLabeledReplicas", 0);
  if (spec > labelled) return inProgress("LessLabelled", `Labelled: ${labelled}/${spec}`);
  if (spec > availableReplicas) return inProgress("LessAvailable", `Available: ${availableReplicas}/${spec}`);
  if (spec > ready) return inProgress("LessReady", `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress("ExtraPods", `Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
};

export const daemonSet: KindFn = (obj) => {
  const generation = checkGenerationSet(obj);
  if (generation) return generation;
  const desired = intField(obj, ".status.desiredNumberScheduled", -1);
  const currentScheduled = intField(obj, ".status.currentNumberScheduled", 0);
  const updated = intField(obj, ".status.updatedNumberScheduled", 0);
  const availableNumber = intField(obj, ".status.numberAvailable", 0);
  const ready = intField(obj, ".status.numberReady", 0);
  if (desired === -1) return inProgress("NoDesiredNumber", "Missing .status.desiredNumberScheduled");
  if (desired > currentScheduled) return inProgress("LessCurrent", `Current: ${currentScheduled}/${desired}`);
  if (desired > updated) return inProgress("LessUpdated", `Updated: ${updated}/${desired}`);
  if (desired > availableNumber) return inProgress("LessAvailable", `Available: ${availableNumber}/${desired}`);
  if (desired > ready) return inProgress("LessReady", `Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
};

export const persistentVolumeClaim: KindFn = (obj) => {
  const phase = stringField(obj, ".status.phase", "unknown");
  if (phase !== "Bound") return inProgress("NotBound", `PVC is not Bound. phase: ${phase}`);
  return current("PVC is Bound");
};

function asMap(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new HealthComputeError(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function asString(v: unknown, what: string): string {
  if (typeof v !== "string") throw new HealthComputeError(`${what} is not a string`);
  return v;
}

/** Names of containers waiting in CrashLoopBackOff (kstatus panics where this throws). */
export function crashLoopingContainers(obj: KubeObject): string[] {
  const statuses = nestedSlice(obj, ["status", "containerStatuses"]) ?? [];
  const names: string[] = [];
  for (const [i, item] of statuses.entries()) {
    const cs = asMap(item, `status.containerStatuses[${i}]`);
    if (!Object.hasOwn(cs, "name")) continue;
    const name = asString(cs["name"], `status.containerStatuses[${i}].name`);
    if (!Object.hasOwn(cs, "state")) continue;
    const state = asMap(cs["state"], `status.containerStatuses[${i}].state`);
    if (!Object.hasOwn(state, "waiting")) continue;
    const waiting = asMap(state["waiting"], `status.containerStatuses[${i}].state.waiting`);
    if (!Object.hasOwn(waiting, "reason")) continue;
    if (asString(waiting["reason"], `status.containerStatuses[${i}].state.waiting.reason`) === "CrashLoopBackOff") names.push(name);
  }
  return names;
}

/** metadata.creationTimestamp in ms, or undefined when absent or not RFC 3339 (Go: the zero time). */
function creationTime(obj: KubeObject): number | undefined {
  const ts = stringField(obj, ".metadata.creationTimestamp", "");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(ts)) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

export const pod: KindFn = (obj, ctx) => {
  const conds = conditions(obj);
  const phase = stringField(obj, ".status.phase", "");
  switch (phase) {
    case "Succeeded":
      return current("Pod has completed successfully");
    case "Failed":
      return current("Pod has completed, but not successfully");
    case "Running": {
      if (conditionWithStatus(conds, "Ready", "True")) return current("Pod is Ready");
      const crashing = crashLoopingContainers(obj);
      if (crashing.length > 0) return failed("ContainerCrashLooping", `Containers in CrashLoop state: ${crashing.join(",")}`);
      return inProgress("PodRunningNotReady", "Pod is running but is not Ready");
    }
    case "Pending": {
      const scheduled = conditionWithStatus(conds, "PodScheduled", "False");
      if (scheduled?.reason === "Unschedulable") {
        const created = creationTime(obj);
        if (created !== undefined && ctx.now - SCHEDULE_WINDOW_MS < created) {
          return inProgress("PodNotScheduled", "Pod has not been scheduled");
        }
        return failed("PodUnschedulable", "Pod could not be scheduled");
      }
      return inProgress("PodPending", "Pod is in the Pending phase");
    }
    case "":
      return inProgress("PodNotObserved", "Pod phase not available");
    default:
      throw new HealthComputeError(`unknown phase ${phase}`);
  }
};

export const podDisruptionBudget: KindFn = () => current("AllowedDisruptions has been computed.");

export const job: KindFn = (obj) => {
  const parallelism = intField(obj, ".spec.parallelism", 1);
  const completions = intField(obj, ".spec.completions", parallelism);
  const succeeded = intField(obj, ".status.succeeded", 0);
  const active = intField(obj, ".status.active", 0);
  const failedCount = intField(obj, ".status.failed", 0);
  const startTime = stringField(obj, ".status.startTime", "");
  for (const c of conditions(obj)) {
    if (c.type === "Complete" && c.status === "True") return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === "Failed" && c.status === "True") return failed("JobFailed", `Job Failed. failed: ${failedCount}/${completions}`);
  }
  if (startTime === "") return inProgress("JobNotStarted", "Job not started");
  return current(`Job in progress. success:${succeeded}, active: ${active}, failed: ${failedCount}`);
};

export const service: KindFn = (obj) => {
  if (stringField(obj, ".spec.type", "ClusterIP") === "LoadBalancer" && stringField(obj, ".spec.clusterIP", "") === "") {
    return inProgress("NoIPAssigned", "ClusterIP not set. Service type: LoadBalancer");
  }
  return current("Service is ready");
};

export const customResourceDefinition: KindFn = (obj) => {
  for (const c of conditions(obj)) {
    if (c.type === "NamesAccepted" && c.status === "False") return failed(c.reason, c.message);
    if (c.type === "Established") {
      if (c.status === "False" && c.reason !== "Installing") return failed(c.reason, c.message);
      if (c.status === "True") return current("CRD is established");
    }
  }
  return inProgress("Installing", "Install in progress");
};

/** kstatus's legacyTypes: the kinds with their own rules. Everything else is generic. */
export const KIND_RULES: ReadonlyMap<string, KindFn> = new Map<string, KindFn>([
  ["Service", service],
  ["Pod", pod],
  ["Secret", alwaysReady],
  ["PersistentVolumeClaim", persistentVolumeClaim],
  ["apps/StatefulSet", statefulSet],
  ["apps/DaemonSet", daemonSet],
  ["extensions/DaemonSet", daemonSet],
  ["apps/Deployment", deployment],
  ["extensions/Deployment", deployment],
  ["apps/ReplicaSet", replicaSet],
  ["extensions/ReplicaSet", replicaSet],
  ["policy/PodDisruptionBudget", podDisruptionBudget],
  ["batch/CronJob", alwaysReady],
  ["ConfigMap", alwaysReady],
  ["batch/Job", job],
  ["apiextensions.k8s.io/CustomResourceDefinition", customResourceDefinition],
]);
