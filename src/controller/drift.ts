/**
 * Drift bookkeeping, in memory: per release, the objects bosun last applied
 * (a drift check compares live objects with these — never with a fresh
 * render, so charts that generate random values or certificates do not
 * flap), the objects a watch saw change since, bosun's own writes (so its
 * applies do not look like drift), and the self-heal backoff against
 * another controller that keeps changing the objects back.
 *
 * Nothing here is persisted: after a restart every release renders and
 * applies once (see Reconciler), which sets its state again.
 */
import { objectKey, type AppliedObject, type KubeObject, type ObjectRef } from "../apply/index.ts";

/** Argo CD's self-heal backoff: 2 s × 3ⁿ, at most 5 minutes. */
export const SELF_HEAL_BACKOFF = { durationMs: 2000, factor: 3, maxDurationMs: 5 * 60_000 } as const;

/**
 * A drift of an object first seen within this long after bosun healed that
 * object counts as a fight with another writer (the next heal waits); one
 * seen later starts over with an immediate heal, so occasional edits are
 * reverted at once. Per object: edits of different objects are no fight.
 */
export const FIGHT_WINDOW_MS = 30_000;

/** Delay before the next heal after `heals` consecutive heals of a fight (0 → none). */
export function selfHealDelay(heals: number): number {
  if (heals <= 0) return 0;
  const { durationMs, factor, maxDurationMs } = SELF_HEAL_BACKOFF;
  return Math.min(durationMs * factor ** (heals - 1), maxDurationMs);
}

export interface FightState {
  /** Heals in the current fight (≥ 1). */
  heals: number;
  lastHealAt: number;
}

export interface SelfHealPlan {
  /** Heal now, or wait until `at`. */
  healNow: boolean;
  at: number;
  /** Heals already made in this fight (0: not fighting). */
  heals: number;
}

/** Whether an object's drift first seen at `driftSeenAt` may be healed at `now`, given its fight so far. */
export function planSelfHeal(fight: FightState | undefined, driftSeenAt: number, now: number): SelfHealPlan {
  if (fight === undefined || driftSeenAt - fight.lastHealAt >= FIGHT_WINDOW_MS) return { healNow: true, at: now, heals: 0 };
  const at = fight.lastHealAt + selfHealDelay(fight.heals);
  return { healNow: now >= at, at, heals: fight.heals };
}

/** The fight after a heal made under `plan` at `now`. */
export function afterHeal(plan: SelfHealPlan, now: number): FightState {
  return { heals: plan.heals + 1, lastHealAt: now };
}

export interface DriftedObject {
  ref: ObjectRef;
  /** Changed fields bosun owns (JSON-pointer-like, see src/apply/fields.ts); empty when missing. */
  paths: string[];
  missing: boolean;
}

/** What bosun last applied for a release: the objects exactly as handed to the applier, and their refs. */
export interface AppliedState {
  objects: KubeObject[];
  refs: ObjectRef[];
  targetNamespace: string;
}

interface ReleaseDrift {
  applied: AppliedState;
  byKey: Map<string, number>;
  /** Objects a watch saw change, to check at the next reconcile. */
  suspects: Map<string, ObjectRef>;
  /** Objects found drifted and not healed yet: checked again with the next suspects. */
  drifted: Map<string, DriftedObject>;
  /** uid → resourceVersion bosun's own last write produced. */
  ownWrites: Map<string, string>;
  /** Per object: when a watch first saw it change since its last heal (the fight clock). */
  firstSeen: Map<string, number>;
  /** A sync is writing the release's objects: what watches report meanwhile waits for its outcome. */
  syncing: boolean;
  /** The newest change per object reported during a sync. */
  pending: Map<string, { ref: ObjectRef; uid?: string; resourceVersion?: string; deleted: boolean }>;
  /** Per object: its fight with another writer (kept across syncs). */
  fights: Map<string, FightState>;
}

export class DriftTracker {
  readonly #releases = new Map<string, ReleaseDrift>();
  /** Told which objects each release manages now (undefined: none any more), to watch them. */
  onTrack: ((release: string, refs: readonly ObjectRef[] | undefined) => void) | undefined;

  /** Records a successful apply of every object of `release`: the state drift is measured against from now on. */
  setApplied(release: string, state: AppliedState, applied: readonly AppliedObject[]): void {
    const previous = this.#releases.get(release);
    const byKey = new Map(state.refs.map((r, i) => [objectKey(r), i]));
    this.#releases.set(release, {
      applied: state,
      byKey,
      suspects: new Map(),
      drifted: new Map(),
      ownWrites: new Map(),
      firstSeen: new Map(),
      syncing: false,
      pending: new Map(),
      fights: previous?.fights ?? new Map<string, FightState>(),
    });
    this.recordWrites(release, applied);
    // Changes reported while the sync wrote: those that are not its own writes are suspects now.
    for (const p of previous?.pending.values() ?? []) this.note(release, p.ref, p, Date.now());
    this.onTrack?.(release, state.refs);
  }

  /**
   * Restores the state of an earlier process (read back from storage): with
   * no record of bosun's own writes, every object is checked once, which
   * also catches what changed while no controller watched.
   */
  restore(release: string, state: AppliedState): void {
    this.setApplied(release, state, []);
    const r = this.#releases.get(release);
    if (r) for (const ref of state.refs) r.suspects.set(objectKey(ref), ref);
  }

  /** A sync of `release` starts writing its objects. */
  beginSync(release: string): void {
    const r = this.#releases.get(release);
    if (r) r.syncing = true;
  }

  /** A sync failed: the release keeps its last applied state (drift is not checked until a sync succeeds). */
  endSync(release: string): void {
    const r = this.#releases.get(release);
    if (!r) return;
    r.syncing = false;
    r.pending.clear();
  }

  /** Remembers the resourceVersions bosun's writes produced, so their watch events are not taken for drift. */
  recordWrites(release: string, applied: readonly AppliedObject[]): void {
    const r = this.#releases.get(release);
    if (!r) return;
    for (const a of applied) {
      const uid = a.live.metadata.uid;
      const rv = a.live.metadata.resourceVersion;
      if (uid !== undefined && rv !== undefined) r.ownWrites.set(uid, rv);
    }
  }

  forget(release: string): void {
    if (this.#releases.delete(release)) this.onTrack?.(release, undefined);
  }

  has(release: string): boolean {
    return this.#releases.has(release);
  }

  applied(release: string): AppliedState | undefined {
    return this.#releases.get(release)?.applied;
  }

  /**
   * A watch saw object `ref` of `release` change or go away. Returns whether
   * the release should be checked: not for an object bosun did not apply,
   * nor for the resourceVersion bosun's own write produced.
   */
  note(release: string, ref: ObjectRef, change: { uid?: string; resourceVersion?: string; deleted: boolean }, now: number): boolean {
    const r = this.#releases.get(release);
    if (!r) return false;
    const key = objectKey(ref);
    if (r.syncing) {
      r.pending.set(key, { ref, ...change });
      return false;
    }
    if (!r.byKey.has(key)) return false;
    if (!change.deleted && change.uid !== undefined && change.resourceVersion !== undefined && r.ownWrites.get(change.uid) === change.resourceVersion) return false;
    r.suspects.set(key, ref);
    if (!r.firstSeen.has(key)) r.firstSeen.set(key, now);
    return true;
  }

  /** Whether a watch reported anything for `release` since the last check. */
  hasSuspects(release: string): boolean {
    return (this.#releases.get(release)?.suspects.size ?? 0) > 0;
  }

  /**
   * The objects to check now: those a watch reported, plus those still
   * drifted from an earlier check. Clears the reported ones.
   */
  takeSuspects(release: string): ObjectRef[] {
    const r = this.#releases.get(release);
    if (!r) return [];
    const out = new Map(r.suspects);
    for (const [k, d] of r.drifted) out.set(k, d.ref);
    r.suspects.clear();
    return [...out.values()];
  }

  /** The applied object for `ref`, or undefined when bosun did not apply it. */
  desired(release: string, ref: ObjectRef): KubeObject | undefined {
    const r = this.#releases.get(release);
    const i = r?.byKey.get(objectKey(ref));
    return i === undefined ? undefined : r?.applied.objects[i];
  }

  /** Records the outcome of checking `checked`: which of them are drifted now. Returns every drifted object of the release. */
  setDrifted(release: string, checked: readonly ObjectRef[], drifted: readonly DriftedObject[]): DriftedObject[] {
    const r = this.#releases.get(release);
    if (!r) return [];
    for (const ref of checked) r.drifted.delete(objectKey(ref));
    for (const d of drifted) r.drifted.set(objectKey(d.ref), d);
    return [...r.drifted.values()];
  }

  /** Whether `ref`'s drift may be healed now, or when (its fight's backoff). */
  plan(release: string, ref: ObjectRef, now: number): SelfHealPlan {
    const r = this.#releases.get(release);
    const key = objectKey(ref);
    return planSelfHeal(r?.fights.get(key), r?.firstSeen.get(key) ?? now, now);
  }

  /** `ref`'s fight so far, if it has one. */
  fight(release: string, ref: ObjectRef): FightState | undefined {
    return this.#releases.get(release)?.fights.get(objectKey(ref));
  }

  /**
   * Heals were attempted at `now` for these objects (each under its plan):
   * their fights go on; when `applied` is given the heal worked and those
   * objects are as applied again.
   */
  healed(release: string, attempts: readonly { ref: ObjectRef; plan: SelfHealPlan }[], now: number, applied?: readonly AppliedObject[]): void {
    const r = this.#releases.get(release);
    if (!r) return;
    for (const a of attempts) {
      const key = objectKey(a.ref);
      r.fights.set(key, afterHeal(a.plan, now));
      r.firstSeen.delete(key);
      if (applied) r.drifted.delete(key);
    }
    if (applied) this.recordWrites(release, applied);
  }

  /** No drift left: fight clocks restart with the next report. */
  clean(release: string): void {
    this.#releases.get(release)?.firstSeen.clear();
  }
}
