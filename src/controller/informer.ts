/**
 * An informer: a local copy of one collection, kept current by a paginated
 * LIST and then a WATCH from the list's resourceVersion, with handlers called
 * for every change.
 *
 * client-node's ListWatch stops for good on any error but 410 and does not
 * ask for bookmarks; this one resumes a watch that ended (server timeout, dropped
 * connection) from the last resourceVersion it saw, relists only when the API
 * server says that version is gone (410), and retries everything else with
 * exponential backoff until stop().
 */
import { setTimeout as sleep } from "node:timers/promises";
import * as k8s from "@kubernetes/client-node";
import { call, isRecord, KubeApiError, type Transport } from "../apply/client.ts";

export interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
}

export interface InformerOptions {
  kubeConfig: k8s.KubeConfig;
  /** Sends the LIST requests (the watch streams through client-node's Watch). */
  transport: Transport;
  /** Collection path, e.g. "/apis/bosun.dev/v1alpha1/namespaces/ns/helmreleases" or "/api/v1/configmaps". */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Objects per LIST page (limit/continue); default 500. */
  pageSize?: number;
  /** Called for every failed request and every handler that threw; the informer keeps going. */
  onError?: (err: unknown) => void;
  /** Server-side timeout of each watch; default a random 300–600 s, as client-go spreads reconnects. */
  watchTimeoutSeconds?: number;
  /**
   * Applied to every object before it is stored and handed to handlers,
   * e.g. to drop a Secret's data when only its identity and
   * resourceVersion matter (the store then holds no secrets and little memory).
   * Must keep metadata.name, namespace and resourceVersion.
   */
  transform?: (obj: Record<string, unknown>) => Record<string, unknown>;
}

export type InformerEvent = "add" | "update" | "delete";

export interface InformerHandlers<T> {
  add: (obj: T) => void;
  update: (obj: T, old: T) => void;
  delete: (obj: T) => void;
}

export interface InformerStats {
  /** Complete LISTs (all pages): the initial one and every relist. */
  lists: number;
  /** Watch requests started. */
  watches: number;
  /** Relists because the watch's resourceVersion was gone (410). */
  relists410: number;
  /** Errors reported (to onError, when given). */
  errors: number;
  /** The newest resourceVersion seen (list, event or bookmark). */
  resourceVersion: string;
}

const DEFAULT_PAGE_SIZE = 500;
const BACKOFF_INITIAL_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/**
 * client-go's rule: a watch that closes within a second without a single
 * event is treated as a failure, so a server that ends every watch at once
 * is retried with backoff instead of in a tight loop.
 */
const MIN_WATCH_MS = 1000;

/** How one watch ended when it did not fail: closed (resume from the last resourceVersion) or expired (relist). */
type WatchEnd = "closed" | "expired";

interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continueToken: string | undefined;
}

export class Informer<T extends KubeObjectLike> {
  readonly stats: InformerStats = { lists: 0, watches: 0, relists410: 0, errors: 0, resourceVersion: "" };
  readonly #opts: InformerOptions;
  readonly #watcher: k8s.Watch;
  readonly #handlers: { [E in InformerEvent]: InformerHandlers<T>[E][] } = { add: [], update: [], delete: [] };
  #store = new Map<string, T>();
  readonly #sync = Promise.withResolvers<undefined>();
  #synced = false;
  /** Aborted by stop(): ends backoff sleeps. */
  readonly #stopper = new AbortController();
  #loop: Promise<void> | undefined;
  /** The watch request in progress; stop() aborts it. */
  #activeWatch: Promise<AbortController> | undefined;
  #failures = 0;

  constructor(opts: InformerOptions) {
    this.#opts = opts;
    this.#watcher = new k8s.Watch(opts.kubeConfig);
    // stop() rejects the sync promise, perhaps with nobody waiting for it:
    // that must not become an unhandled rejection.
    this.#sync.promise.catch(() => undefined);
  }

  on<E extends InformerEvent>(event: E, fn: InformerHandlers<T>[E]): void {
    this.#handlers[event].push(fn);
  }

  /** Starts listing and watching in the background. */
  start(): void {
    if (this.#loop) throw new Error(`informer for ${this.#opts.path} already started`);
    this.#loop = this.#run();
  }

  /** Resolves once the first complete LIST is in the store and its add handlers ran; rejects on `signal` or stop(). */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.#synced) return;
    if (!signal) {
      await this.#sync.promise;
      return;
    }
    signal.throwIfAborted();
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => {
        reject(signal.reason as Error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      await Promise.race([this.#sync.promise, aborted]);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** The stored object (shared with handlers and list(): never mutate it). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.#store.get(storeKey(namespace, name));
  }

  list(): T[] {
    return [...this.#store.values()];
  }

  /** Ends the watch and all retries; no handler is called once it has been called. */
  async stop(): Promise<void> {
    if (!this.#stopped()) {
      this.#stopper.abort();
      this.#sync.reject(new Error(`informer for ${this.#opts.path} stopped before it synced`));
      const watch = await this.#activeWatch?.catch(() => undefined);
      watch?.abort();
    }
    await this.#loop;
  }

  /** A method rather than a property, so a check after an await is not narrowed away by the one before it. */
  #stopped(): boolean {
    return this.#stopper.signal.aborted;
  }

  async #run(): Promise<void> {
    let listNeeded = true;
    while (!this.#stopped()) {
      try {
        if (listNeeded) {
          await this.#relist();
          listNeeded = false;
          continue;
        }
        const end = await this.#watch();
        if (end === "expired") {
          this.stats.relists410++;
          listNeeded = true;
        }
        this.#failures = 0;
      } catch (err) {
        if (this.#stopped()) return;
        this.#report(err);
        await this.#backoff();
      }
    }
  }

  /** LISTs the collection, replaces the store, and emits the differences to the previous store. */
  async #relist(): Promise<void> {
    const listed = await this.#listAll();
    if (this.#stopped() || !listed) return;
    this.stats.lists++;
    this.#failures = 0;
    const previous = this.#store;
    this.#store = new Map(listed.items.map((obj) => [keyOf(obj), obj]));
    this.stats.resourceVersion = listed.resourceVersion;
    for (const [key, obj] of this.#store) {
      const old = previous.get(key);
      if (!old) this.#emitAdd(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.#emitUpdate(obj, old);
    }
    for (const [key, old] of previous) if (!this.#store.has(key)) this.#emitDelete(old);
    if (!this.#synced) {
      this.#synced = true;
      this.#sync.resolve(undefined);
    }
  }

  /** All pages of one consistent LIST; undefined when stopped meanwhile. */
  async #listAll(): Promise<{ items: T[]; resourceVersion: string } | undefined> {
    const query: Record<string, string> = { limit: String(this.#opts.pageSize ?? DEFAULT_PAGE_SIZE), ...this.#selectors() };
    const items: T[] = [];
    let continueToken: string | undefined;
    while (!this.#stopped()) {
      let page: ListPage<T>;
      try {
        const body = await call(this.#opts.transport, { method: "GET", path: this.#opts.path, query: continueToken === undefined ? query : { ...query, continue: continueToken } });
        page = this.#parseList(body);
      } catch (err) {
        // A continue token dies with the etcd compaction of its snapshot; the
        // remaining pages cannot be read any more, so the LIST starts over.
        if (continueToken === undefined || !(err instanceof KubeApiError) || err.code !== 410) throw err;
        items.length = 0;
        continueToken = undefined;
        continue;
      }
      items.push(...page.items);
      if (page.continueToken === undefined) return { items, resourceVersion: page.resourceVersion };
      continueToken = page.continueToken;
    }
    return undefined;
  }

  #parseList(body: unknown): ListPage<T> {
    const metadata = isRecord(body) && isRecord(body.metadata) ? body.metadata : undefined;
    if (!isRecord(body) || !Array.isArray(body.items) || typeof metadata?.resourceVersion !== "string") {
      throw new Error(`LIST ${this.#opts.path}: the answer is not a list`);
    }
    // Items of a list carry no apiVersion/kind, watch events do: fill them
    // in, so handlers see the same shape from both.
    const apiVersion = body.apiVersion;
    const kind = typeof body.kind === "string" && body.kind.endsWith("List") ? body.kind.slice(0, -"List".length) : undefined;
    const transform = this.#opts.transform ?? ((o: Record<string, unknown>) => o);
    const items = (body.items as unknown[]).filter(isRecord).map((item) => transform(typeof apiVersion === "string" && kind ? { apiVersion, kind, ...item } : item) as T);
    const token = metadata.continue;
    return { items, resourceVersion: metadata.resourceVersion, continueToken: typeof token === "string" && token !== "" ? token : undefined };
  }

  /** One watch from the current resourceVersion, applying its events to the store until it ends. */
  #watch(): Promise<WatchEnd> {
    this.stats.watches++;
    const startedAt = performance.now();
    const timeoutSeconds = this.#opts.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 301);
    const query = { ...this.#selectors(), resourceVersion: this.stats.resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
    let events = 0;
    let expired = false;
    let failure: Error | undefined;
    return new Promise<WatchEnd>((resolve, reject) => {
      const request = this.#watcher.watch(
        this.#opts.path,
        query,
        (phase: string, obj: unknown) => {
          if (this.#stopped() || expired || failure) return;
          events++;
          if (phase !== "ERROR") {
            this.#apply(phase, obj);
            return;
          }
          const status = isRecord(obj) ? obj : {};
          if (status.code === 410) expired = true;
          else failure = new Error(`watch ${this.#opts.path}: ${String(status.code)} ${String(status.reason)}: ${String(status.message)}`);
          // Nothing valid follows an ERROR event.
          void request.then((controller) => {
            controller.abort();
          });
        },
        (err: unknown) => {
          this.#activeWatch = undefined;
          if (this.#stopped()) resolve("closed");
          else if (expired || httpStatus(err) === 410) resolve("expired");
          else if (failure) reject(failure);
          // client-node aborts a watch after 30 s without data. A quiet
          // collection gets a bookmark only every minute, so that is a
          // normal end: resume like after the server's timeout.
          else if (err && !isTimeout(err)) reject(new Error(`watch ${this.#opts.path}: ${describe(err)}`, { cause: err }));
          else if (events === 0 && performance.now() - startedAt < MIN_WATCH_MS) reject(new Error(`watch ${this.#opts.path}: closed within a second without any event`));
          else resolve("closed");
        },
      );
      this.#activeWatch = request;
      // Rejects only when authentication failed before the request was sent (then `done` is never called).
      request.catch((err: unknown) => {
        this.#activeWatch = undefined;
        reject(new Error(`watch ${this.#opts.path}: ${describe(err)}`, { cause: err }));
      });
    });
  }

  /** Applies one watch event to the store and emits it. */
  #apply(phase: string, obj: unknown): void {
    if (!isRecord(obj)) return;
    const object = (this.#opts.transform ? this.#opts.transform(obj) : obj) as T;
    const key = keyOf(object);
    const old = this.#store.get(key);
    if (phase === "ADDED" || phase === "MODIFIED") {
      this.#store.set(key, object);
      if (!old) this.#emitAdd(object);
      else if (old.metadata?.resourceVersion !== object.metadata?.resourceVersion) this.#emitUpdate(object, old);
    } else if (phase === "DELETED" && old) {
      this.#store.delete(key);
      this.#emitDelete(object);
    }
    // A BOOKMARK carries only the resourceVersion the watch has reached.
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion) this.stats.resourceVersion = resourceVersion;
  }

  #emitAdd(obj: T): void {
    for (const fn of this.#handlers.add) this.#guard(() => { fn(obj); });
  }

  #emitUpdate(obj: T, old: T): void {
    for (const fn of this.#handlers.update) this.#guard(() => { fn(obj, old); });
  }

  #emitDelete(obj: T): void {
    for (const fn of this.#handlers.delete) this.#guard(() => { fn(obj); });
  }

  /** Runs a handler; what it throws goes to onError instead of the event loop. */
  #guard(handler: () => void): void {
    try {
      handler();
    } catch (err) {
      this.#report(err);
    }
  }

  #report(err: unknown): void {
    this.stats.errors++;
    try {
      this.#opts.onError?.(err);
    } catch {
      // An onError that throws has nowhere else to go; the informer must keep running.
    }
  }

  /** Waits 0.5 s doubling to 30 s per consecutive failure; half of it random, so informers do not retry in step. */
  async #backoff(): Promise<void> {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** this.#failures);
    this.#failures++;
    await sleep(ceiling / 2 + (Math.random() * ceiling) / 2, undefined, { signal: this.#stopper.signal }).catch(() => undefined);
  }

  #selectors(): Record<string, string> {
    return {
      ...(this.#opts.labelSelector === undefined ? {} : { labelSelector: this.#opts.labelSelector }),
      ...(this.#opts.fieldSelector === undefined ? {} : { fieldSelector: this.#opts.fieldSelector }),
    };
  }
}

function storeKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function keyOf(obj: KubeObjectLike): string {
  return storeKey(obj.metadata?.namespace, obj.metadata?.name ?? "");
}

/** The HTTP status client-node's Watch attaches to the error of a non-200 answer. */
function httpStatus(err: unknown): number | undefined {
  return isRecord(err) && typeof err.statusCode === "number" ? err.statusCode : undefined;
}

function isTimeout(err: unknown): boolean {
  return err instanceof DOMException && err.name === "TimeoutError";
}

function describe(err: unknown): string {
  const status = httpStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  return status === undefined ? message : `HTTP ${status} ${message}`;
}
