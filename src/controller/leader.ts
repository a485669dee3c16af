/**
 * Leader election on a coordination.k8s.io/v1 Lease with the semantics of
 * client-go's tools/leaderelection (LeaseLock, tryAcquireOrRenew): candidates
 * poll the Lease, a holder renews it, and a candidate takes over only when it
 * has seen no change of the record for a whole lease duration by its own
 * clock. Only local durations are compared, never timestamps written by
 * another process, so clock skew between replicas does not matter (only the
 * rate of their clocks does).
 */
import { call, isRecord, KubeApiError, type Transport } from "../apply/client.ts";

export type LeaderLog = (level: "info" | "warn", msg: string, fields?: Record<string, unknown>) => void;

export interface LeaderElectionOptions {
  transport: Transport;
  /** Namespace and name of the Lease. */
  namespace: string;
  name: string;
  /** holderIdentity written into the Lease; must be unique per process (e.g. pod name plus a random suffix). */
  identity: string;
  /** How long a candidate waits without seeing the record change before taking over (default 15 s; whole seconds are written). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failing renewal before it gives up leadership (default 10 s). */
  renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew (default 2 s; acquisition adds up to 120% jitter). */
  retryPeriodMs?: number;
  /**
   * Release the Lease when run()'s signal aborts while leading, so a standby
   * takes over at once instead of after a lease duration (default true).
   * The release waits for onStartedLeading's promise to settle (at most
   * renewDeadlineMs): releasing while the guarded work still runs would let
   * two processes act at once.
   */
  releaseOnCancel?: boolean;
  /** Called once leadership is acquired; `signal` aborts when it is lost or run() is stopped. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called when leadership ends (lost or stopped); not called when run() stops before ever leading. */
  onStoppedLeading?: () => void;
  /** Called with the holder each time a different (non-empty) holder is observed, including this elector. */
  onNewLeader?: (identity: string) => void;
  log?: LeaderLog;
}

/** The Lease fields client-go's LeaderElectionRecord carries. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  preferredHolder?: string;
  strategy?: string;
}

interface Lease {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: { name: string; namespace: string; resourceVersion?: string } & Record<string, unknown>;
  spec?: LeaseSpec;
}

/** client-go's JitterFactor: acquisition attempts are spread over [retry, 2.2 × retry]. */
const JITTER_FACTOR = 1.2;

/** metav1.MicroTime's wire format (Lease and Event times), "2006-01-02T15:04:05.000000Z"; a Date has milliseconds only. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/**
 * client-go's isLeaseValid: the record is still held if it changed less than
 * leaseDurationSeconds ago, measured from when this process observed the
 * change (`observedAtMs`, local clock), not from the renewTime in the record.
 */
export function isLeaseValid(observedAtMs: number, leaseDurationSeconds: number, nowMs: number): boolean {
  return observedAtMs + leaseDurationSeconds * 1000 > nowMs;
}

/**
 * The identity of a record for change detection (client-go compares the
 * marshalled LeaderElectionRecord). Every field counts: a renewal changes
 * only renewTime, and that change is what proves the holder is alive.
 */
export function leaseRecordKey(spec: LeaseSpec): string {
  return JSON.stringify([
    spec.holderIdentity ?? "",
    spec.leaseDurationSeconds ?? 0,
    spec.acquireTime ?? "",
    spec.renewTime ?? "",
    spec.leaseTransitions ?? 0,
    spec.preferredHolder ?? "",
    spec.strategy ?? "",
  ]);
}

/** Rejects when `p` has not settled within `ms`; a late rejection of `p` is swallowed, not left unhandled. */
function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: no answer within ${String(ms)} ms`));
    }, ms);
  });
  p.catch(() => undefined);
  return Promise.race([p, deadline]).finally(() => {
    clearTimeout(timer);
  });
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function asLease(body: unknown): Lease {
  if (!isRecord(body) || !isRecord(body.metadata)) throw new Error("the API server answered with something that is not a Lease");
  return body as unknown as Lease;
}

export class LeaderElector {
  private readonly transport: Transport;
  private readonly namespace: string;
  private readonly name: string;
  private readonly identity: string;
  private readonly leaseDurationSeconds: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly releaseOnCancel: boolean;
  private readonly callbacks: Pick<LeaderElectionOptions, "onStartedLeading" | "onStoppedLeading" | "onNewLeader">;
  private readonly log: LeaderLog;

  /** The last record seen (read or written), its key, and the local time it was seen to change. */
  private observed: LeaseSpec = {};
  private observedKey = "";
  private observedAt = 0;
  /** The Lease object last read or written: its resourceVersion is the precondition of the next PUT. */
  private lease: Lease | undefined;
  private reportedLeader = "";
  private leading = false;
  private running = false;
  private acquiredAtMs: number | undefined;

  constructor(opts: LeaderElectionOptions) {
    const leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    const renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    const retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    // The same constraints as client-go's NewLeaderElector: a leader must give
    // up (renewDeadline) before candidates may take over (leaseDuration), and
    // must get more than one jittered retry within its deadline.
    if (leaseDurationMs < 1000) throw new Error("leaseDurationMs must be at least 1000 (the Lease holds whole seconds)");
    if (leaseDurationMs <= renewDeadlineMs) throw new Error("leaseDurationMs must be greater than renewDeadlineMs");
    if (retryPeriodMs <= 0) throw new Error("retryPeriodMs must be greater than zero");
    if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) throw new Error("renewDeadlineMs must be greater than retryPeriodMs × 1.2");
    if (opts.identity === "") throw new Error("identity must not be empty");
    this.transport = opts.transport;
    this.namespace = opts.namespace;
    this.name = opts.name;
    this.identity = opts.identity;
    this.leaseDurationSeconds = Math.floor(leaseDurationMs / 1000);
    this.renewDeadlineMs = renewDeadlineMs;
    this.retryPeriodMs = retryPeriodMs;
    this.releaseOnCancel = opts.releaseOnCancel ?? true;
    this.callbacks = { onStartedLeading: opts.onStartedLeading, onStoppedLeading: opts.onStoppedLeading, onNewLeader: opts.onNewLeader };
    this.log = opts.log ?? (() => undefined);
  }

  /** True from acquiring the Lease until leadership is lost or released. */
  isLeader(): boolean {
    return this.leading;
  }

  /** Date.now() when the Lease was acquired (undefined before that). */
  get acquiredAt(): number | undefined {
    return this.acquiredAtMs;
  }

  /**
   * Campaigns until the Lease is acquired, then leads until renewal fails for
   * renewDeadlineMs (leadership lost) or `signal` aborts. Resolves in both
   * cases; API errors are logged and retried, never thrown. The caller
   * decides what losing means: client-go's controllers exit.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error("LeaderElector.run is already running");
    this.running = true;
    try {
      if (!(await this.acquire(signal))) return;
      const leadingSignal = new AbortController();
      this.leading = true;
      this.acquiredAtMs = Date.now();
      const work = this.startLeading(leadingSignal.signal);
      const outcome = await this.renew(signal);
      this.leading = false;
      leadingSignal.abort();
      if (outcome === "stopped" && this.releaseOnCancel) {
        if (await this.settles(work)) await this.release();
        else this.log("warn", "leader work did not stop in time: not releasing the lease, it will expire instead", this.describe());
      }
      try {
        this.callbacks.onStoppedLeading?.();
      } catch (e) {
        this.log("warn", "onStoppedLeading failed", { ...this.describe(), error: errorMessage(e) });
      }
    } finally {
      this.running = false;
    }
  }

  private describe(): Record<string, unknown> {
    return { lease: `${this.namespace}/${this.name}`, identity: this.identity };
  }

  private path(withName: boolean): string {
    const base = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
    return withName ? `${base}/${encodeURIComponent(this.name)}` : base;
  }

  private startLeading(signal: AbortSignal): Promise<void> {
    return Promise.resolve()
      .then(() => this.callbacks.onStartedLeading(signal))
      .catch((e: unknown) => {
        this.log("warn", "onStartedLeading failed", { ...this.describe(), error: errorMessage(e) });
      });
  }

  /** Whether the leader's work settles within renewDeadlineMs, i.e. before our last renewal can lapse. */
  private async settles(work: Promise<void>): Promise<boolean> {
    try {
      await withDeadline(work, this.renewDeadlineMs, "leader work");
      return true;
    } catch {
      return false;
    }
  }

  /** client-go's acquire: one attempt per jittered retry period until one succeeds; false when `signal` aborts first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.log("info", "attempting to acquire leader lease", this.describe());
    while (!signal.aborted) {
      const acquired = await this.tryAcquireOrRenew(this.renewDeadlineMs);
      this.maybeReportTransition();
      if (acquired) {
        this.log("info", "successfully acquired lease", this.describe());
        return true;
      }
      await sleep(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), signal);
    }
    return false;
  }

  /**
   * client-go's renew: every retry period, renew, retrying failures until
   * renewDeadlineMs has passed since the first attempt of that round.
   */
  private async renew(signal: AbortSignal): Promise<"lost" | "stopped"> {
    // A function, not the property: the compiler would assume `aborted` cannot change across awaits.
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      const deadline = Date.now() + this.renewDeadlineMs;
      let renewed = false;
      for (let remaining = this.renewDeadlineMs; remaining > 0 && !stopped(); remaining = deadline - Date.now()) {
        renewed = await this.tryAcquireOrRenew(remaining);
        if (renewed) break;
        await sleep(Math.min(this.retryPeriodMs, Math.max(0, deadline - Date.now())), signal);
      }
      this.maybeReportTransition();
      if (stopped()) break;
      if (!renewed) {
        this.log("warn", "failed to renew lease within the renew deadline: leadership lost", this.describe());
        return "lost";
      }
      await sleep(this.retryPeriodMs, signal);
    }
    return "stopped";
  }

  /**
   * One step of client-go's tryAcquireOrRenew. Every API call gives up after
   * `timeoutMs`, so a hung connection cannot stretch a renewal round past its
   * deadline.
   */
  private async tryAcquireOrRenew(timeoutMs: number): Promise<boolean> {
    const now = Date.now();
    const desired: LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationSeconds,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    const holds = (): boolean => this.observed.holderIdentity === this.identity;

    // 1. Fast path: the leader renews assuming the Lease it last wrote is current.
    if (holds() && this.lease && isLeaseValid(this.observedAt, this.observed.leaseDurationSeconds ?? 0, now)) {
      try {
        await this.update({ ...desired, acquireTime: this.observed.acquireTime, leaseTransitions: this.observed.leaseTransitions ?? 0 }, timeoutMs);
        return true;
      } catch (e) {
        this.log("warn", "failed to renew the lease optimistically, falling back to reading it", { ...this.describe(), error: errorMessage(e) });
      }
    }

    // 2. Read the Lease, or create it.
    let current: Lease;
    try {
      current = asLease(await withDeadline(call(this.transport, { method: "GET", path: this.path(true) }), timeoutMs, "get lease"));
    } catch (e) {
      if (!(e instanceof KubeApiError && e.code === 404)) {
        this.log("warn", "error retrieving the lease", { ...this.describe(), error: errorMessage(e) });
        return false;
      }
      try {
        const body = JSON.stringify({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.name, namespace: this.namespace }, spec: desired });
        // A 409 means another candidate created it first: we lost this round.
        this.wrote(asLease(await withDeadline(call(this.transport, { method: "POST", path: this.path(false), body, contentType: "application/json" }), timeoutMs, "create lease")));
        return true;
      } catch (e2) {
        this.log("warn", "error creating the lease", { ...this.describe(), error: errorMessage(e2) });
        return false;
      }
    }
    this.lease = current;

    // 3. Note when the record last changed; another holder keeps it until a
    // whole lease duration passes without a change (an empty holder means released).
    const spec = current.spec ?? {};
    const key = leaseRecordKey(spec);
    if (key !== this.observedKey) {
      this.observed = spec;
      this.observedKey = key;
      this.observedAt = Date.now();
    }
    if ((spec.holderIdentity ?? "") !== "" && isLeaseValid(this.observedAt, spec.leaseDurationSeconds ?? 0, now) && !holds()) {
      return false;
    }

    // 4. Take over (or renew through the slow path) with resourceVersion as precondition.
    const record: LeaseSpec = holds()
      ? { ...desired, acquireTime: spec.acquireTime, leaseTransitions: spec.leaseTransitions ?? 0 }
      : { ...desired, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
    try {
      await this.update(record, timeoutMs);
      return true;
    } catch (e) {
      // A 409 here means another candidate (or the holder renewing) wrote first.
      this.log("warn", "failed to update the lease", { ...this.describe(), error: errorMessage(e) });
      return false;
    }
  }

  /** PUT the last seen Lease with `spec`; its resourceVersion makes the write fail with 409 if anyone wrote in between. */
  private async update(spec: LeaseSpec, timeoutMs: number): Promise<void> {
    if (!this.lease) throw new Error("the lease has not been read yet");
    const body = JSON.stringify({ ...this.lease, spec });
    this.wrote(asLease(await withDeadline(call(this.transport, { method: "PUT", path: this.path(true), body, contentType: "application/json" }), timeoutMs, "update lease")));
  }

  /** Records what we just wrote as observed now: our own write is as good as a fresh observation. */
  private wrote(lease: Lease): void {
    this.lease = lease;
    this.observed = lease.spec ?? {};
    this.observedKey = leaseRecordKey(this.observed);
    this.observedAt = Date.now();
  }

  private maybeReportTransition(): void {
    const holder = this.observed.holderIdentity ?? "";
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    if (holder === "") return;
    try {
      this.callbacks.onNewLeader?.(holder);
    } catch (e) {
      this.log("warn", "onNewLeader failed", { ...this.describe(), error: errorMessage(e) });
    }
  }

  /**
   * client-go's release: an empty holder with a one-second duration, so
   * candidates take over at their next attempt. The fresh read's
   * resourceVersion guards the write, and a Lease someone else holds by now
   * is left alone.
   */
  private async release(): Promise<void> {
    try {
      const current = asLease(await withDeadline(call(this.transport, { method: "GET", path: this.path(true) }), this.renewDeadlineMs, "get lease"));
      if (current.spec?.holderIdentity !== this.identity) return;
      this.lease = current;
      const now = microTime(Date.now());
      await this.update({ holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.spec.leaseTransitions ?? 0 }, this.renewDeadlineMs);
      this.log("info", "released the lease", this.describe());
    } catch (e) {
      this.log("warn", "failed to release the lease; it will expire instead", { ...this.describe(), error: errorMessage(e) });
    }
  }
}
