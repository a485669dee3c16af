/**
 * A waiter that watches (list, then watch from the list's resourceVersion,
 * like an informer) a set of objects until every one is Current by kstatus's
 * rules, failing as soon as one is Failed, and on a timeout failing with a
 * per-object account of what is not ready. With `hooks`, Jobs and Pods are
 * judged by Helm's hook rules instead: a Job must be Complete, a Pod
 * Succeeded.
 */
import * as k8s from "@kubernetes/client-node";
import { computeStatus } from "./compute.ts";
import { conditions, intField, stringField } from "./fields.ts";
import { checkGenericProperties } from "./generic.ts";
import { RestMapper, collectionPath, getJson, type ResourceMapping } from "./mapping.ts";

export type { ResourceMapping } from "./mapping.ts";

function defaultClient(kc: k8s.KubeConfig): WaitClient {
  const mapper = new RestMapper(kc);
  const watcher = new k8s.Watch(kc);
  return {
    map: (apiVersion, kind) => mapper.map(apiVersion, kind),
    get: (path) => getJson(kc, path),
    watch: (path, query, onEvent, onDone) => watcher.watch(path, query, (type: string, obj: KubeObject) => { onEvent(type, obj); }, onDone),
  };
}
import { current, failed, inProgress, type KubeObject, type Result, type Status } from "./status.ts";

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  /** Required for namespaced kinds ("default" when omitted); ignored for cluster-scoped ones. */
  namespace?: string;
  name: string;
}

export interface ObjectState {
  ref: ObjectRef;
  status: Status;
  message: string;
  /** The computed result (absent while Unknown or NotFound). */
  result?: Result;
}

export interface WaitOptions {
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Judge Jobs and Pods by Helm's hook rules (Job Complete, Pod Succeeded). */
  hooks?: boolean;
  signal?: AbortSignal;
  /** Called whenever an object's status or message changes. */
  onChange?: (state: ObjectState) => void;
  /**
   * How to map kinds and read collections. Default: a discovery cache and
   * connections of this call only. A long-running caller (the controller)
   * passes its shared discovery and request path instead, so every wait
   * does not rediscover the API and its requests are counted with the rest.
   */
  client?: WaitClient;
}

/**
 * What the waiter needs from the API server. Every request of a wait goes
 * through it, watches included, so a caller decides the identity they are
 * made with (the controller: the release's ServiceAccount).
 */
export interface WaitClient {
  map(apiVersion: string, kind: string): Promise<ResourceMapping>;
  /** GET of an absolute path with query (a LIST). */
  get(path: string): Promise<{ status: number; body: unknown }>;
  /**
   * WATCH of a collection path (`watch=true` is added): `onEvent` per event,
   * `onDone` once when the stream ends (null) or fails; the controller
   * returned ends it.
   */
  watch(path: string, query: Record<string, string>, onEvent: (type: string, obj: KubeObject) => void, onDone: (err: unknown) => void): Promise<{ abort(): void }>;
}

export type WaitFailure = "Failed" | "Timeout" | "Aborted" | "Error";

export class WaitError extends Error {
  override name = "WaitError";
  readonly reason: WaitFailure;
  /** The final state of every object waited for. */
  readonly objects: ObjectState[];
  constructor(message: string, reason: WaitFailure, objects: ObjectState[], options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
    this.objects = objects;
  }
}

/** "Deployment ns/name (apps/v1)". */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} (${ref.apiVersion})`;
}

function hookJob(obj: KubeObject): Result {
  const name = stringField(obj, ".metadata.name", "");
  for (const c of conditions(obj)) {
    if (c.type === "Complete" && c.status === "True") return current(`Job Completed. succeeded: ${intField(obj, ".status.succeeded", 0)}`);
    if (c.type === "Failed" && c.status === "True") return failed("JobFailed", `job ${name} failed: ${c.reason}${c.message ? `: ${c.message}` : ""}`);
  }
  const active = intField(obj, ".status.active", 0);
  const succeeded = intField(obj, ".status.succeeded", 0);
  const failures = intField(obj, ".status.failed", 0);
  return inProgress("JobNotComplete", `Job not complete: active: ${active}, succeeded: ${succeeded}, failed: ${failures}`);
}

function hookPod(obj: KubeObject): Result {
  const phase = stringField(obj, ".status.phase", "");
  const name = stringField(obj, ".metadata.name", "");
  if (phase === "Succeeded") return current("Pod has completed successfully");
  if (phase === "Failed") return failed("PodFailed", `pod ${name} failed`);
  return inProgress("PodNotSucceeded", phase === "" ? "Pod phase not available" : `Pod is in the ${phase} phase`);
}

/**
 * The status the waiter assigns to a live object: kstatus's, or with
 * `hooks` Helm's rules for Jobs and Pods. A kstatus compute error is
 * Unknown, as in kstatus's status readers.
 */
export function evaluate(obj: KubeObject, opts: { hooks?: boolean; now?: number } = {}): Result {
  try {
    const group = typeof obj["apiVersion"] === "string" ? obj["apiVersion"] : "";
    const hookRule = opts.hooks ? (group === "batch/v1" && obj["kind"] === "Job" ? hookJob : group === "v1" && obj["kind"] === "Pod" ? hookPod : undefined) : undefined;
    if (hookRule) {
      const generic = checkGenericProperties(obj);
      return generic?.status === "Terminating" ? generic : hookRule(obj);
    }
    return computeStatus(obj, opts.now === undefined ? {} : { now: opts.now });
  } catch (e) {
    return { status: "Unknown", message: e instanceof Error ? e.message : String(e), conditions: [] };
  }
}

/** A watch refused with 403 (client-node's Watch sets statusCode, a Transport's KubeApiError code). */
function refused(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as { statusCode?: unknown; code?: unknown };
  return e.statusCode === 403 || e.code === 403;
}

interface Group {
  path: string;
  names: Map<string, number>;
  controller?: { abort(): void };
  restart?: NodeJS.Timeout;
}

interface ListBody {
  metadata?: { resourceVersion?: string };
  items?: KubeObject[];
}

/**
 * Waits until every object is Current (resolves with their final states) or
 * rejects with a WaitError: "Failed" as soon as one is Failed, "Timeout"
 * with a line per object not yet Current, "Aborted" on the signal, "Error"
 * when an object's kind cannot be mapped or a LIST or WATCH is refused (403:
 * waiting will not grant the right; the Status or the refusal is the cause).
 */
export async function waitForCurrent(kc: k8s.KubeConfig, refs: readonly ObjectRef[], opts: WaitOptions = {}): Promise<ObjectState[]> {
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const started = Date.now();
  const states: ObjectState[] = refs.map((ref) => ({ ref, status: "Unknown", message: "status not yet observed" }));
  const live = new Map<number, KubeObject>();
  if (refs.length === 0) return states;

  const client: WaitClient = opts.client ?? defaultClient(kc);
  const groups = new Map<string, Group>();
  for (const [i, ref] of refs.entries()) {
    let m: ResourceMapping;
    try {
      m = await client.map(ref.apiVersion, ref.kind);
    } catch (e) {
      throw new WaitError(`cannot wait for ${describeRef(ref)}: ${e instanceof Error ? e.message : String(e)}`, "Error", states, { cause: e });
    }
    const path = collectionPath(m, m.namespaced ? (ref.namespace ?? "default") : undefined);
    let g = groups.get(path);
    if (!g) groups.set(path, (g = { path, names: new Map() }));
    g.names.set(ref.name, i);
  }

  return new Promise<ObjectState[]>((resolve, reject) => {
    const run = { finished: false };
    // A function, so checks after an await are not narrowed away.
    const done = (): boolean => run.finished;

    const stop = (): void => {
      run.finished = true;
      clearTimeout(timer);
      clearInterval(ticker);
      opts.signal?.removeEventListener("abort", onAbort);
      for (const g of groups.values()) {
        clearTimeout(g.restart);
        g.controller?.abort();
      }
    };
    const fail = (err: WaitError): void => {
      if (done()) return;
      stop();
      reject(err);
    };
    const settle = (): void => {
      if (done()) return;
      const bad = states.find((s) => s.status === "Failed");
      if (bad) {
        fail(new WaitError(`${describeRef(bad.ref)} is Failed: ${bad.message}`, "Failed", states));
        return;
      }
      if (states.every((s) => s.status === "Current")) {
        stop();
        resolve(states);
      }
    };
    const set = (i: number, status: Status, message: string, result?: Result): void => {
      const s = states[i];
      if (!s) return;
      const changed = s.status !== status || s.message !== message;
      s.status = status;
      s.message = message;
      if (result) s.result = result;
      else delete s.result;
      if (changed) opts.onChange?.(s);
    };
    const observe = (i: number, obj: KubeObject | undefined): void => {
      if (obj === undefined) {
        live.delete(i);
        set(i, "NotFound", "Resource not found");
        return;
      }
      // Items of a list carry no apiVersion/kind; the rules are keyed on them.
      const ref = refs[i];
      const full = ref ? { ...obj, apiVersion: ref.apiVersion, kind: ref.kind } : obj;
      live.set(i, full);
      const r = evaluate(full, { hooks: opts.hooks ?? false, now: Date.now() });
      set(i, r.status, r.message, r);
    };

    const start = async (g: Group): Promise<void> => {
      if (done()) return;
      const only = g.names.size === 1 ? [...g.names.keys()][0] : undefined;
      const selector: Record<string, string> = only === undefined ? {} : { fieldSelector: `metadata.name=${only}` };
      try {
        const query = new URLSearchParams(selector).toString();
        const { status, body } = await client.get(`${g.path}${query ? `?${query}` : ""}`);
        if (status === 403) {
          // Not transient: waiting longer will not grant the right. The Status
          // is the cause, so a caller can name what was refused.
          fail(new WaitError(`cannot list ${g.path}: HTTP 403: ${JSON.stringify(body)}`, "Error", states, { cause: body }));
          return;
        }
        if (status !== 200) throw new Error(`listing ${g.path} failed: HTTP ${status}: ${JSON.stringify(body)}`);
        const list = body as ListBody;
        const byName = new Map((list.items ?? []).map((o) => [stringField(o, ".metadata.name", ""), o]));
        for (const [name, i] of g.names) observe(i, byName.get(name));
        settle();
        if (done()) return;
        g.controller = await client.watch(
          g.path,
          { ...selector, ...(list.metadata?.resourceVersion === undefined ? {} : { resourceVersion: list.metadata.resourceVersion }), allowWatchBookmarks: "true" },
          (phase: string, obj: KubeObject) => {
            if (done() || phase === "BOOKMARK" || phase === "ERROR") return;
            const i = g.names.get(stringField(obj, ".metadata.name", ""));
            if (i === undefined) return;
            observe(i, phase === "DELETED" ? undefined : obj);
            settle();
          },
          (err: unknown) => {
            if (done()) return;
            if (refused(err)) {
              fail(new WaitError(`cannot watch ${g.path}: ${err instanceof Error ? err.message : String(err)}`, "Error", states, { cause: err }));
              return;
            }
            // The stream ended (server timeout, inactivity, 410 Gone, network):
            // list and watch again, as an informer does.
            g.restart = setTimeout(() => void start(g), err ? 1000 : 0);
          },
        );
        // Finished while the watch was being opened: stop() could not reach it.
        if (done()) g.controller.abort();
      } catch (e) {
        if (done()) return;
        for (const i of g.names.values()) {
          const s = states[i];
          if (s && s.status === "Unknown") set(i, "Unknown", e instanceof Error ? e.message : String(e));
        }
        g.restart = setTimeout(() => void start(g), 1000);
      }
    };

    const timer = setTimeout(() => {
      const pending = states.filter((s) => s.status !== "Current");
      const lines = pending.map((s) => `  ${describeRef(s.ref)}: ${s.status}: ${s.message}`);
      fail(new WaitError(`timed out after ${Math.round((Date.now() - started) / 1000)}s waiting for ${pending.length} of ${states.length} objects to become Current:\n${lines.join("\n")}`, "Timeout", states));
    }, Math.max(0, timeoutMs - (Date.now() - started)));
    // Time-dependent rules (a Pod's scheduling window) change without an event:
    // re-evaluate the cached objects locally, without asking the API server.
    const ticker = setInterval(() => {
      for (const [i, obj] of live) observe(i, obj);
      settle();
    }, 1000);
    const onAbort = (): void => {
      fail(new WaitError("waiting was aborted", "Aborted", states, { cause: opts.signal?.reason }));
    };
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    for (const g of groups.values()) void start(g);
  });
}
