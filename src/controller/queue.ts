/**
 * A work queue of keys with client-go's workqueue guarantees: a key waits at
 * most once (adds coalesce), is never processed by two handlers at once (an add
 * while it runs marks it dirty and it runs once more afterwards), and different
 * keys run concurrently up to a limit. Delayed adds keep the earliest time and
 * give way to an immediate add.
 *
 * p-queue provides the concurrency limit; the key bookkeeping lives here, so
 * a waiting key has exactly one p-queue task, removed through its AbortSignal
 * when the key is cancelled.
 */
import PQueue from "p-queue";

export interface WorkQueueOptions {
  /** How many different keys are processed at once, at most. */
  concurrency: number;
  /** Processes one key; `signal` aborts at the shutdown deadline. Rejections go to onError. */
  handler: (key: string, signal: AbortSignal) => Promise<void>;
  onError?: (key: string, err: unknown) => void;
  /** Called with the number of waiting keys (queued, neither running nor delayed) whenever it changes. */
  onDepthChange?: (depth: number) => void;
}

/**
 * The longest delay a Node.js timer holds; a longer one fires after 1 ms.
 * Longer delays (a 30-day reconcile interval) run at this one instead, which
 * is early but harmless.
 */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

interface Delayed {
  at: number;
  timer: NodeJS.Timeout;
}

export class WorkQueue {
  readonly #opts: WorkQueueOptions;
  readonly #executor: PQueue;
  /** Waiting keys, each with the controller that removes its p-queue task. */
  readonly #queued = new Map<string, AbortController>();
  readonly #running = new Set<string>();
  /** Running keys that were added again meanwhile: they run once more when the current run ends. */
  readonly #dirty = new Set<string>();
  readonly #delayed = new Map<string, Delayed>();
  /** Aborted at the shutdown deadline; every handler gets its signal. */
  readonly #abort = new AbortController();
  #shutDown = false;
  #reportedDepth = 0;

  constructor(opts: WorkQueueOptions) {
    this.#opts = opts;
    this.#executor = new PQueue({ concurrency: opts.concurrency });
  }

  /** Runs `key` soon, at most once more however often it is added. */
  add(key: string): void {
    if (this.#shutDown) return;
    this.#clearDelayed(key);
    if (this.#running.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#enqueue(key);
  }

  /** Runs `key` after `delayMs`, or earlier if an earlier run of it is already planned. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shutDown || this.#queued.has(key) || this.#dirty.has(key)) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = performance.now() + delayMs;
    const existing = this.#delayed.get(key);
    if (existing && existing.at <= at) return;
    this.#clearDelayed(key);
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, Math.min(delayMs, MAX_TIMER_DELAY_MS));
    this.#delayed.set(key, { at, timer });
  }

  /** Drops the waiting, delayed and dirty work of `key`; a run in progress continues. */
  cancel(key: string): void {
    this.#clearDelayed(key);
    this.#dirty.delete(key);
    const queued = this.#queued.get(key);
    if (!queued) return;
    this.#queued.delete(key);
    queued.abort();
    this.#reportDepth();
  }

  depth(): number {
    return this.#queued.size;
  }

  running(): number {
    return this.#running.size;
  }

  delayed(): number {
    return this.#delayed.size;
  }

  /** Whether `key` is waiting, delayed or running. */
  has(key: string): boolean {
    return this.#queued.has(key) || this.#delayed.has(key) || this.#running.has(key);
  }

  /** Resolves when no key is waiting or running (delayed keys do not count). */
  idle(): Promise<void> {
    return this.#executor.onIdle();
  }

  /**
   * Stops intake, drops waiting and delayed keys, and waits for the running
   * handlers. At the deadline their signal is aborted and they are still
   * awaited; `finished` says whether they completed before it.
   */
  async shutdown(deadlineMs: number): Promise<{ finished: boolean }> {
    this.#shutDown = true;
    for (const key of this.#delayed.keys()) this.#clearDelayed(key);
    this.#dirty.clear();
    this.#queued.clear();
    this.#executor.clear();
    this.#reportDepth();
    const drained = this.#executor.onIdle();
    let deadline: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      drained.then(() => true),
      new Promise<false>((resolve) => {
        deadline = setTimeout(() => {
          resolve(false);
        }, deadlineMs);
      }),
    ]);
    clearTimeout(deadline);
    if (!finished) {
      this.#abort.abort(new Error("the work queue is shutting down"));
      await drained;
    }
    return { finished };
  }

  #enqueue(key: string): void {
    const removal = new AbortController();
    this.#queued.set(key, removal);
    this.#reportDepth();
    // The only rejection is the AbortError of a cancelled key: #process reports handler errors itself.
    this.#executor.add(() => this.#process(key), { signal: removal.signal }).catch(() => undefined);
  }

  async #process(key: string): Promise<void> {
    this.#queued.delete(key);
    this.#running.add(key);
    this.#reportDepth();
    try {
      // p-queue starts a task inside add(): yield first, so a handler never runs inside its caller's add().
      await Promise.resolve();
      await this.#opts.handler(key, this.#abort.signal);
    } catch (err) {
      this.#opts.onError?.(key, err);
    } finally {
      this.#running.delete(key);
      // Re-queued before this task settles, so idle() cannot resolve in between.
      if (this.#dirty.delete(key)) this.#enqueue(key);
    }
  }

  #clearDelayed(key: string): void {
    const delayed = this.#delayed.get(key);
    if (!delayed) return;
    clearTimeout(delayed.timer);
    this.#delayed.delete(key);
  }

  #reportDepth(): void {
    if (this.#queued.size === this.#reportedDepth) return;
    this.#reportedDepth = this.#queued.size;
    this.#opts.onDepthChange?.(this.#reportedDepth);
  }
}
