/**
 * Pure status transitions of a HelmRelease: what a reconcile writes when it
 * starts, succeeds, fails with a retry scheduled, or stalls. Conditions
 * follow kstatus (src/api/conditions.ts); everything else is bosun's record
 * of revisions, inventory, history and retries.
 */
import {
  getCondition,
  markFailed,
  markReady,
  markReconciling,
  markStalled,
  DRIFTED,
  MAX_DRIFT_OBJECTS,
  MAX_HISTORY,
  setCondition,
  Reasons,
  STALLED,
  timestamp,
  type HealthStatusCode,
  type HelmRelease,
  type HelmReleaseStatus,
  type DriftStatus,
  type HistoryEntry,
  type Revision,
} from "../api/index.ts";
import type { CompactInventory } from "../apply/index.ts";

/** What a sync is applying: the identity of its inputs. */
export interface Attempt {
  generation: number;
  revision: Revision;
  valuesDigest: string;
  startedAt: string;
}

function withoutRetry(status: HelmReleaseStatus): HelmReleaseStatus {
  const out = { ...status };
  delete out.retry;
  return out;
}

function pushHistory(status: HelmReleaseStatus, entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...(status.history ?? [])].slice(0, MAX_HISTORY);
}

/** Whether `attempt` has the inputs of the newest history entry (a retry of the same thing). */
export function sameInputs(status: HelmReleaseStatus | undefined, a: Pick<Attempt, "revision" | "valuesDigest" | "generation">): boolean {
  const last = status?.history?.[0];
  return (
    status !== undefined &&
    last !== undefined &&
    last.revision.digest === a.revision.digest &&
    last.valuesDigest === a.valuesDigest &&
    status.lastAttemptedRevision?.digest === a.revision.digest &&
    status.observedGeneration === a.generation
  );
}

export function describeRevision(r: Revision): string {
  const short = r.digest === undefined ? "" : r.digest.replace(/^sha256:/, "").slice(0, 12);
  return r.version === undefined ? short : `${r.version}${short === "" ? "" : ` (${short})`}`;
}

export function started(hr: HelmRelease, a: Attempt, message: string, requestedAt: string | undefined, inventory: CompactInventory | undefined, now: Date): HelmReleaseStatus {
  const s = markReconciling(hr.status ?? {}, a.generation, Reasons.Progressing, message, now);
  return {
    ...s,
    lastAttemptedRevision: a.revision,
    ...(requestedAt === undefined ? {} : { lastHandledReconcileAt: requestedAt }),
    ...(inventory === undefined ? {} : { inventory }),
  };
}

export function succeeded(
  status: HelmReleaseStatus,
  a: Attempt,
  r: { message: string; inventory: CompactInventory; releaseRevision: number },
  now: Date,
): HelmReleaseStatus {
  const rest = withoutDrift(withoutRetry(markReady(status, a.generation, r.message, Reasons.Succeeded, now)), a.generation, now);
  return {
    ...rest,
    lastAppliedRevision: a.revision,
    lastAttemptedRevision: a.revision,
    releaseRevision: r.releaseRevision,
    sync: { status: "Synced", revision: a.revision },
    health: { status: "Healthy", message: "every object is Current" },
    inventory: r.inventory,
    history: pushHistory(status, { revision: a.revision, valuesDigest: a.valuesDigest, startedAt: a.startedAt, finishedAt: timestamp(now), result: "Succeeded", message: r.message }),
  };
}

export interface Failure {
  reason: string;
  message: string;
  /** Health as observed when the failure was about health. */
  health?: { status: HealthStatusCode; message: string };
  inventory?: CompactInventory;
}

function failedBase(status: HelmReleaseStatus, a: Attempt | undefined, f: Failure, now: Date): HelmReleaseStatus {
  return {
    ...status,
    ...(a === undefined ? {} : { lastAttemptedRevision: a.revision, history: pushHistory(status, { revision: a.revision, valuesDigest: a.valuesDigest, startedAt: a.startedAt, finishedAt: timestamp(now), result: "Failed", message: f.message }) }),
    sync: { status: "OutOfSync", ...(a === undefined ? {} : { revision: a.revision }) },
    ...(f.health ? { health: f.health } : {}),
    ...(f.inventory ? { inventory: f.inventory } : {}),
  };
}

/** Failed; another attempt at `nextAttemptAt`. */
export function retrying(status: HelmReleaseStatus, generation: number, a: Attempt | undefined, f: Failure, attempts: number, nextAttemptAt: Date, now: Date): HelmReleaseStatus {
  const s = markFailed(failedBase(status, a, f, now), generation, f.reason, f.message, now);
  return { ...s, retry: { attempts, nextAttemptAt: timestamp(nextAttemptAt) } };
}

/** Failed and given up until an input changes. */
export function stalled(status: HelmReleaseStatus, generation: number, a: Attempt | undefined, f: Failure, attempts: number, now: Date, reason: string = Reasons.RetriesExceeded): HelmReleaseStatus {
  return { ...withoutRetry(markStalled(failedBase(status, a, f, now), generation, reason, f.message, now)), retry: { attempts } };
}

export function isStalledFor(status: HelmReleaseStatus | undefined, reason: string): boolean {
  const c = getCondition(status?.conditions, STALLED);
  return c?.status === "True" && c.reason === reason;
}

/** Everything applied again: no drift (a Drifted condition, if any, turns False). */
function withoutDrift(status: HelmReleaseStatus, generation: number, now: Date): HelmReleaseStatus {
  const out = { ...status };
  delete out.drift;
  if (getCondition(status.conditions, DRIFTED) === undefined) return out;
  return { ...out, conditions: setCondition(status.conditions, { type: DRIFTED, status: "False", reason: Reasons.NoDrift, message: "every object was applied again", observedGeneration: generation }, now) };
}

export interface DriftReport {
  /** "Kind ns/name: /path, …" per drifted object. */
  objects: string[];
  reason: string;
  message: string;
  selfHeal?: DriftStatus["selfHeal"];
}

/** Live objects differ from what was applied: Drifted=True, sync OutOfSync. Ready is left alone: the objects may well be healthy. */
export function driftFound(status: HelmReleaseStatus, generation: number, d: DriftReport, now: Date): HelmReleaseStatus {
  const already = getCondition(status.conditions, DRIFTED)?.status === "True" && status.drift?.detectedAt !== undefined;
  const drift: DriftStatus = {
    detectedAt: already ? (status.drift?.detectedAt ?? timestamp(now)) : timestamp(now),
    objects: d.objects.slice(0, MAX_DRIFT_OBJECTS),
    ...(d.selfHeal === undefined ? {} : { selfHeal: d.selfHeal }),
  };
  return {
    ...status,
    conditions: setCondition(status.conditions, { type: DRIFTED, status: "True", reason: d.reason, message: d.message, observedGeneration: generation }, now),
    sync: { ...status.sync, status: "OutOfSync" },
    drift,
  };
}

/** Live objects match what was applied again (healed, or reverted by someone): Drifted=False, Synced. */
export function driftResolved(status: HelmReleaseStatus, generation: number, reason: string, message: string, selfHeal: DriftStatus["selfHeal"] | undefined, now: Date): HelmReleaseStatus {
  const out: HelmReleaseStatus = {
    ...status,
    conditions: setCondition(status.conditions, { type: DRIFTED, status: "False", reason, message, observedGeneration: generation }, now),
    sync: { ...status.sync, status: "Synced" },
  };
  if (selfHeal === undefined) delete out.drift;
  else out.drift = { selfHeal };
  return out;
}
