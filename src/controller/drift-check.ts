/**
 * One drift check of a release whose objects a watch saw change: compare
 * each with what bosun last applied (server-side dry run, fields bosun
 * owns — src/apply/diff.ts), report what differs (Drifted condition, sync
 * OutOfSync, an Event naming objects and JSON paths, never values, the
 * bosun_drift_detected_total counter) and, with selfHeal, re-apply only the
 * drifted objects, taking their fields back (force). Against another
 * writer that keeps changing them back, heals back off as Argo CD's do
 * (drift.ts).
 */
import { DRIFTED, getCondition, Reasons, timestamp, type DefaultedSpec, type HelmRelease, type HelmReleaseStatus } from "../api/index.ts";
import { DiffError, objectKey, type Applier, type KubeObject, type ObjectDiff, type ObjectRef } from "../apply/index.ts";
import type { Logger } from "../log/index.ts";
import type { Metrics } from "../metrics/index.ts";
import { eventTarget } from "./client.ts";
import { selfHealDelay, type DriftedObject, type DriftTracker } from "./drift.ts";
import type { EventRecorder } from "./events.ts";
import { describeShort } from "./refs.ts";
import { driftFound, driftResolved } from "./status.ts";

/** How long after a failed drift check (a dry run refused, the API unreachable) the objects are checked again. */
export const DRIFT_RECHECK_MS = 10_000;

/** Per-object drift decisions that depend on the release's ignoreDifferences. */
export interface DriftFilter {
  /** The paths still reported after ignoreDifferences; [] when the object opted out of drift detection. */
  reportable(ref: ObjectRef, paths: readonly string[], live: KubeObject | undefined, desired: KubeObject): string[];
  /** The object self-heal applies (respectIgnoreDifferences leaves ignored fields to their other owner). */
  toApply(ref: ObjectRef, desired: KubeObject, live: KubeObject | undefined): KubeObject;
}

export interface DriftCheckDeps {
  /** The release's applier (impersonating its service account when it has one). */
  applier: Applier;
  tracker: DriftTracker;
  events: EventRecorder;
  metrics: Metrics;
  log: Logger;
  filter: DriftFilter;
  writeStatus: (hr: HelmRelease, status: HelmReleaseStatus) => Promise<HelmRelease>;
  now: () => Date;
  concurrency?: number;
}

export interface DriftCheckOutcome {
  /** "success" when objects were re-applied, "failure" when that failed. */
  result: "unchanged" | "success" | "failure";
  /** Set when the check must run again (backoff, or a failed check) before the periodic reconcile. */
  recheckAfterMs?: number;
}

/** "Deployment ns/web: /spec/replicas, /spec/template/…" or "… : deleted". */
export function describeDrift(d: DriftedObject): string {
  return `${describeShort(d.ref)}: ${d.missing ? "deleted" : d.paths.join(", ")}`;
}

function summary(drifted: readonly DriftedObject[]): string {
  const shown = drifted.slice(0, 5).map(describeDrift).join("; ");
  return drifted.length > 5 ? `${shown}; and ${String(drifted.length - 5)} more` : shown;
}

export async function checkDrift(d: DriftCheckDeps, hr: HelmRelease, spec: DefaultedSpec, refs: readonly ObjectRef[]): Promise<DriftCheckOutcome> {
  const namespace = hr.metadata.namespace ?? "";
  const key = `${namespace}/${hr.metadata.name}`;
  const release = { namespace, name: hr.metadata.name };
  const labels = { namespace, name: hr.metadata.name };
  const generation = hr.metadata.generation ?? 0;
  const state = d.tracker.applied(key);
  if (state === undefined) return { result: "unchanged" };
  const desired = new Map<string, KubeObject>();
  for (const ref of refs) {
    const obj = d.tracker.desired(key, ref);
    if (obj !== undefined) desired.set(objectKey(ref), obj);
  }
  const objects = [...desired.values()];
  const opts = { release, targetNamespace: state.targetNamespace, concurrency: d.concurrency ?? 8 };

  let diffs: ObjectDiff[];
  let failed = false;
  try {
    diffs = await d.applier.diff(objects, opts);
  } catch (e) {
    if (!(e instanceof DiffError)) throw e;
    diffs = e.results;
    failed = true;
    d.log.warn({ phase: "drift", err: e.message }, "drift check failed for some objects");
    d.events.record(eventTarget(hr), "Warning", "DriftCheckFailed", "DriftCheck", e.message);
  }

  const live = new Map<string, KubeObject | undefined>();
  const driftedNow: DriftedObject[] = [];
  for (const diff of diffs) {
    const k = objectKey(diff.ref);
    live.set(k, diff.live);
    const want = desired.get(k);
    if (want === undefined) continue;
    if (diff.missing === true) {
      driftedNow.push({ ref: diff.ref, paths: [], missing: true });
      continue;
    }
    const paths = d.filter.reportable(diff.ref, diff.paths, diff.live, want);
    if (paths.length > 0) driftedNow.push({ ref: diff.ref, paths, missing: false });
  }
  // Objects whose check failed keep their earlier verdict and are checked again.
  const checked = diffs.map((x) => x.ref);
  const previous = new Map((hr.status?.drift?.objects ?? []).map((o) => [o, true]));
  const drifted = d.tracker.setDrifted(key, checked, driftedNow);
  const recheck = failed ? { recheckAfterMs: DRIFT_RECHECK_MS } : {};

  if (drifted.length === 0) {
    d.tracker.clean(key);
    if (getCondition(hr.status?.conditions, DRIFTED)?.status === "True") {
      const msg = "live objects match what bosun applied again";
      await d.writeStatus(hr, driftResolved(hr.status ?? {}, generation, Reasons.NoDrift, msg, hr.status?.drift?.selfHeal, d.now()));
      d.events.record(eventTarget(hr), "Normal", Reasons.NoDrift, "DriftCheck", msg);
    }
    return { result: "unchanged", ...recheck };
  }

  const described = drifted.map(describeDrift);
  const fresh = drifted.filter((x) => !previous.has(describeDrift(x)));
  if (fresh.length > 0) {
    d.metrics.driftDetected.inc(labels, fresh.length);
    const msg = `${String(drifted.length)} object${drifted.length === 1 ? "" : "s"} differ from what bosun applied: ${summary(drifted)}`;
    d.events.record(eventTarget(hr), "Warning", Reasons.DriftDetected, "DriftCheck", msg);
    d.log.info({ phase: "drift", drifted: described }, msg);
  }

  const selfHeal = spec.syncPolicy.automated?.selfHeal === true;
  const now = d.now();
  if (!selfHeal) {
    const msg = `${String(drifted.length)} object${drifted.length === 1 ? "" : "s"} differ from what bosun applied (selfHeal is off: reported only): ${summary(drifted)}`;
    if (fresh.length > 0 || drifted.length !== previous.size || getCondition(hr.status?.conditions, DRIFTED)?.status !== "True") {
      await d.writeStatus(hr, driftFound(hr.status ?? {}, generation, { objects: described, reason: Reasons.DriftDetected, message: msg }, now));
    }
    return { result: "unchanged", ...recheck };
  }

  const nowMs = now.getTime();
  const plans = drifted.map((x) => ({ ref: x.ref, drift: x, plan: d.tracker.plan(key, x.ref, nowMs) }));
  const due = plans.filter((p) => p.plan.healNow);
  const waiting = plans.filter((p) => !p.plan.healNow);

  let healedMsg: string | undefined;
  if (due.length > 0) {
    const toApply = due.flatMap((p) => {
      const want = desired.get(objectKey(p.ref)) ?? d.tracker.desired(key, p.ref);
      return want === undefined ? [] : [d.filter.toApply(p.ref, want, live.get(objectKey(p.ref)))];
    });
    const dueDrifts = due.map((p) => p.drift);
    try {
      // force: the drifted fields now belong to whoever changed them; self-heal takes them back.
      const applied = await d.applier.apply(toApply, { ...opts, force: true, replaceOnImmutable: spec.syncPolicy.replaceOnImmutable });
      d.tracker.healed(key, due, nowMs, applied.applied);
      d.metrics.driftCorrected.inc(labels, due.length);
      healedMsg = `self-heal re-applied ${String(due.length)} object${due.length === 1 ? "" : "s"}: ${summary(dueDrifts)}`;
      d.events.record(eventTarget(hr), "Normal", Reasons.SelfHealed, "SelfHeal", healedMsg);
      d.log.info({ phase: "selfheal", objects: dueDrifts.map(describeDrift) }, healedMsg);
    } catch (e) {
      d.tracker.healed(key, due, nowMs);
      const heals = Math.max(...due.map((p) => p.plan.heals + 1));
      const wait = Math.max(selfHealDelay(heals), 1000);
      const msg = `self-heal failed: ${e instanceof Error ? e.message : String(e)}`;
      await d.writeStatus(
        hr,
        driftFound(hr.status ?? {}, generation, { objects: described, reason: Reasons.SelfHealFailed, message: msg, selfHeal: { attempts: heals, lastAttemptAt: timestamp(now), nextAttemptAt: timestamp(new Date(nowMs + wait)) } }, now),
      );
      d.events.record(eventTarget(hr), "Warning", Reasons.SelfHealFailed, "SelfHeal", msg);
      d.log.warn({ phase: "selfheal" }, msg);
      return { result: "failure", recheckAfterMs: wait };
    }
  }

  if (waiting.length > 0) {
    // Another writer keeps changing these back: they wait for their backoff.
    const at = Math.min(...waiting.map((p) => p.plan.at));
    const heals = Math.max(...waiting.map((p) => p.plan.heals));
    const last = Math.max(...waiting.map((p) => d.tracker.fight(key, p.ref)?.lastHealAt ?? 0));
    const wait = at - nowMs;
    const waitingDrifts = waiting.map((p) => p.drift);
    const msg = `another writer keeps changing objects back after ${String(heals)} heal${heals === 1 ? "" : "s"}: next self-heal in ${String(Math.ceil(wait / 1000))}s (backoff 2s×3^n, at most 5m): ${summary(waitingDrifts)}`;
    await d.writeStatus(
      hr,
      driftFound(hr.status ?? {}, generation, {
        objects: waitingDrifts.map(describeDrift),
        reason: Reasons.SelfHealBackoff,
        message: healedMsg === undefined ? msg : `${msg}; ${healedMsg}`,
        selfHeal: { attempts: heals, ...(last > 0 ? { lastAttemptAt: timestamp(new Date(last)) } : {}), nextAttemptAt: timestamp(new Date(at)) },
      }, now),
    );
    d.events.record(eventTarget(hr), "Warning", Reasons.SelfHealBackoff, "SelfHeal", msg);
    d.log.warn({ phase: "drift", heals, waitMs: wait }, msg);
    return { result: healedMsg === undefined ? "unchanged" : "success", recheckAfterMs: wait };
  }

  const heals = Math.max(...due.map((p) => p.plan.heals + 1));
  await d.writeStatus(hr, driftResolved(hr.status ?? {}, generation, Reasons.SelfHealed, healedMsg ?? "", { attempts: heals, lastAttemptAt: timestamp(now) }, now));
  return { result: "success", ...recheck };
}
