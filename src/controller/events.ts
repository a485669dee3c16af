/**
 * Kubernetes Events (events.k8s.io/v1) for the objects bosun reconciles,
 * written the way client-go's tools/events broadcaster writes them: one
 * Event object per distinct occurrence, and repeats of the same occurrence
 * folded into that object's `series` instead of new objects, so an error
 * repeating in a hot loop costs O(1) objects and a bounded number of requests.
 *
 * Notes end up readable by anyone who may list Events in the namespace:
 * callers must never put secrets (credentials, tokens, Secret data, values)
 * into them. This module cannot tell and does not try.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { isRecord, type Transport } from "../apply/client.ts";
import { microTime } from "./leader.ts";

export type EventLog = (level: "info" | "warn", msg: string, fields?: Record<string, unknown>) => void;

export interface EventRecorderOptions {
  transport: Transport;
  /** e.g. "bosun.dev/helmrelease-controller". */
  reportingController: string;
  /** This process, e.g. the pod name (at most 128 characters). */
  reportingInstance: string;
  log?: EventLog;
  /** The clock of eventTime, series.lastObservedTime and the deduplication window. */
  now?: () => Date;
  /** Least time between two writes of one Event's series (default 30 s, client-go's batching granularity). */
  seriesUpdateIntervalMs?: number;
  /** How many distinct events are remembered for deduplication (default 4096, least recently seen forgotten first). */
  cacheSize?: number;
}

export interface EventTarget {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion?: string;
}

export type EventType = "Normal" | "Warning";

/** The API server rejects longer notes (NoteLengthLimit, counted in bytes). */
export const NOTE_LIMIT_BYTES = 1024;
/** client-go's finishTime: a repeat later than this after the last one starts a new Event. */
export const DEDUPE_WINDOW_MS = 6 * 60_000;

/** The longest prefix of `note` that fits NOTE_LIMIT_BYTES of UTF-8 without splitting a character. */
export function truncateNote(note: string): string {
  const bytes = Buffer.from(note, "utf8");
  if (bytes.length <= NOTE_LIMIT_BYTES) return note;
  let end = NOTE_LIMIT_BYTES;
  // bytes[end] is the first byte left out; while it continues a character, that character would be cut.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/**
 * What makes two occurrences the same Event. Unlike client-go (which keys on
 * the whole ObjectReference, resourceVersion included) the resourceVersion is
 * left out: a reconciler updates status between two attempts, and those
 * repeats are exactly what should be folded into one series.
 */
export function eventKey(regarding: EventTarget, type: EventType, reason: string, action: string, note: string): string {
  return JSON.stringify([regarding.apiVersion, regarding.kind, regarding.namespace, regarding.name, regarding.uid, type, reason, action, note]);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `<regarding name>.<16 hex>`; random rather than client-go's timestamp so
 * two replicas (or two events within one clock tick) never collide. Like
 * client-go, a name that would not be a valid DNS subdomain becomes a UUID.
 */
export function eventName(regardingName: string): string {
  const name = `${regardingName}.${randomBytes(8).toString("hex")}`;
  return name.length <= 253 && DNS_SUBDOMAIN.test(name) ? name : randomUUID();
}

interface CachedEvent {
  namespace: string;
  name: string;
  /** The Event as first created (no series). */
  event: Record<string, unknown>;
  /** Occurrences so far, the first included: series.count once it is 2 or more. */
  count: number;
  lastObservedAt: Date;
  /** The count the last write carried (successful or not): a failed write is not retried until the event recurs. */
  attemptedCount: number;
  /** Whether the Event object exists, so the series can be patched into it. */
  created: boolean;
  lastWriteAtMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
  writing: Promise<void> | undefined;
}

export class EventRecorder {
  private readonly transport: Transport;
  private readonly reportingController: string;
  private readonly reportingInstance: string;
  private readonly log: EventLog;
  private readonly now: () => Date;
  private readonly seriesUpdateIntervalMs: number;
  private readonly cacheSize: number;
  /** Map order is recency: re-inserting on every hit makes the first key the least recently seen. */
  private readonly cache = new Map<string, CachedEvent>();
  /** Events with a series write waiting for its interval, including ones already evicted from the cache. */
  private readonly scheduled = new Set<CachedEvent>();
  private readonly inflight = new Set<Promise<void>>();

  constructor(opts: EventRecorderOptions) {
    this.transport = opts.transport;
    this.reportingController = opts.reportingController;
    this.reportingInstance = opts.reportingInstance;
    this.log = opts.log ?? (() => undefined);
    this.now = opts.now ?? (() => new Date());
    this.seriesUpdateIntervalMs = opts.seriesUpdateIntervalMs ?? 30_000;
    this.cacheSize = opts.cacheSize ?? 4096;
  }

  /**
   * Records an occurrence; the write happens in the background, and failures
   * are logged and dropped. `note` must not contain secrets (see above).
   */
  record(regarding: EventTarget, type: EventType, reason: string, action: string, note: string): void {
    const now = this.now();
    const truncated = truncateNote(note);
    const key = eventKey(regarding, type, reason, action, truncated);
    const seen = this.cache.get(key);
    this.cache.delete(key);
    if (seen && now.getTime() - seen.lastObservedAt.getTime() <= DEDUPE_WINDOW_MS) {
      this.cache.set(key, seen);
      seen.count++;
      seen.lastObservedAt = now;
      this.schedule(seen);
      return;
    }
    // Events of cluster-scoped objects go to "default", as client-go does.
    const namespace = regarding.namespace === "" ? "default" : regarding.namespace;
    const name = eventName(regarding.name);
    const entry: CachedEvent = {
      namespace,
      name,
      event: {
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: { name, namespace },
        eventTime: microTime(now.getTime()),
        reportingController: this.reportingController,
        reportingInstance: this.reportingInstance,
        action,
        reason,
        note: truncated,
        type,
        regarding: {
          apiVersion: regarding.apiVersion,
          kind: regarding.kind,
          namespace: regarding.namespace,
          name: regarding.name,
          uid: regarding.uid,
          ...(regarding.resourceVersion === undefined ? {} : { resourceVersion: regarding.resourceVersion }),
        },
      },
      count: 1,
      lastObservedAt: now,
      attemptedCount: 0,
      created: false,
      lastWriteAtMs: undefined,
      timer: undefined,
      writing: undefined,
    };
    this.cache.set(key, entry);
    // An evicted entry's pending series write still happens (it stays in `scheduled`).
    for (const oldest of this.cache.keys()) {
      if (this.cache.size <= this.cacheSize) break;
      this.cache.delete(oldest);
    }
    this.schedule(entry);
  }

  /** Writes every pending series update now and waits until no write is in flight. */
  async flush(): Promise<void> {
    for (;;) {
      for (const entry of this.scheduled) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        this.startWrite(entry);
      }
      this.scheduled.clear();
      if (this.inflight.size === 0) return;
      await Promise.all(this.inflight);
    }
  }

  /**
   * Writes `entry` at once when its last write is at least an interval ago,
   * otherwise when the interval is over. A write already pending or running
   * carries (or its completion reschedules) the newer count.
   */
  private schedule(entry: CachedEvent): void {
    if (entry.timer !== undefined || entry.writing !== undefined) return;
    const waitMs = entry.lastWriteAtMs === undefined ? 0 : entry.lastWriteAtMs + this.seriesUpdateIntervalMs - Date.now();
    if (waitMs <= 0) {
      this.startWrite(entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.scheduled.delete(entry);
      this.startWrite(entry);
    }, waitMs);
    // Pending series updates must not keep the process alive; shutdown flushes them.
    entry.timer.unref();
    this.scheduled.add(entry);
  }

  private startWrite(entry: CachedEvent): void {
    const count = entry.count;
    const lastObservedAt = entry.lastObservedAt;
    entry.lastWriteAtMs = Date.now();
    entry.attemptedCount = count;
    const writing = this.write(entry, count, lastObservedAt).finally(() => {
      entry.writing = undefined;
      this.inflight.delete(writing);
      if (entry.count > entry.attemptedCount) this.schedule(entry);
    });
    entry.writing = writing;
    this.inflight.add(writing);
  }

  /**
   * Creates the Event, or patches its series once it exists. Like client-go,
   * a series whose Event is gone (expired by the API server's event TTL, or
   * deleted) is created again with the series. Never rejects.
   */
  private async write(entry: CachedEvent, count: number, lastObservedAt: Date): Promise<void> {
    const path = `/apis/events.k8s.io/v1/namespaces/${encodeURIComponent(entry.namespace)}/events`;
    const series = count >= 2 ? { count, lastObservedTime: microTime(lastObservedAt.getTime()) } : undefined;
    const fields = { namespace: entry.namespace, event: entry.name, reason: entry.event.reason, count };
    try {
      if (entry.created && series) {
        const patched = await this.transport({
          method: "PATCH",
          path: `${path}/${encodeURIComponent(entry.name)}`,
          body: JSON.stringify({ series }),
          contentType: "application/merge-patch+json",
        });
        if (patched.status >= 200 && patched.status < 300) return;
        if (patched.status !== 404) {
          this.log("warn", "could not update the event series, dropped", { ...fields, status: patched.status, message: statusMessage(patched.body) });
          return;
        }
      }
      const created = await this.transport({
        method: "POST",
        path,
        body: JSON.stringify(series ? { ...entry.event, series } : entry.event),
        contentType: "application/json",
      });
      if (created.status >= 200 && created.status < 300) {
        entry.created = true;
        return;
      }
      // A namespace that is gone or terminating (404/403), or an event the API rejects: retrying cannot help.
      this.log("warn", "could not create the event, dropped", { ...fields, status: created.status, message: statusMessage(created.body) });
    } catch (e) {
      this.log("warn", "could not write the event, dropped", { ...fields, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

function statusMessage(body: unknown): string | undefined {
  return isRecord(body) && typeof body.message === "string" ? body.message : undefined;
}
