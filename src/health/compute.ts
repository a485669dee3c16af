/**
 * computeStatus: sigs.k8s.io/cli-utils pkg/kstatus/status.Compute in
 * TypeScript. Generic properties first, then the kind's own rule, then a
 * Ready condition, and otherwise Current.
 */
import { groupKindKey } from "./fields.ts";
import { checkGenericProperties, checkReadyCondition } from "./generic.ts";
import { KIND_RULES, type KindFn } from "./kinds.ts";
import { current, type KubeObject, type Result } from "./status.ts";

export interface ComputeOptions {
  /** The clock for the Pod scheduling window; defaults to Date.now(). */
  now?: number | Date;
}

/** The kind-specific rule kstatus would use for this object, if any. */
export function kindRule(obj: KubeObject): KindFn | undefined {
  const key = groupKindKey(obj);
  return key === undefined ? undefined : KIND_RULES.get(key);
}

/**
 * The kstatus status of one object as read from the API server (with its
 * status). Throws HealthComputeError where kstatus's Compute returns an error.
 */
export function computeStatus(obj: KubeObject, opts: ComputeOptions = {}): Result {
  const generic = checkGenericProperties(obj);
  if (generic) return generic;
  const rule = kindRule(obj);
  const now = opts.now instanceof Date ? opts.now.getTime() : (opts.now ?? Date.now());
  if (rule) return rule(obj, { now });
  return checkReadyCondition(obj) ?? current("Resource is current");
}
