/**
 * health: a kstatus-compatible status evaluator (one small function per
 * kind) and a watch-based waiter.
 */
export { STATUSES, HealthComputeError, type Condition, type ConditionStatus, type KubeObject, type Result, type StandardConditionType, type Status } from "./status.ts";
export { computeStatus, kindRule, type ComputeOptions } from "./compute.ts";
export { aggregateStatus } from "./aggregate.ts";
export { KIND_RULES, SCHEDULE_WINDOW_MS, type KindContext, type KindFn } from "./kinds.ts";
export { waitForCurrent, evaluate, describeRef, WaitError, type ObjectRef, type ObjectState, type WaitOptions, type WaitFailure, type WaitClient, type ResourceMapping as WaitMapping } from "./wait.ts";
