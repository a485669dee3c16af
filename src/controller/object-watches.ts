/**
 * Watches of the objects releases manage: one informer per apiVersion and
 * kind, selecting bosun's tracking label across all namespaces, shared by
 * every release that has objects of that kind, started when the first
 * release needs it and stopped when the last one no longer does. An edit,
 * scale or delete of a managed object reaches `onChange` within
 * milliseconds.
 *
 * The store holds a fingerprint of each object, not the object: changes to
 * `status` (most updates, e.g. a Deployment rolling out) and to bookkeeping
 * metadata do not change it, so they never reach `onChange`.
 */
import { createHash } from "node:crypto";
import type * as k8s from "@kubernetes/client-node";
import {
  apiVersionOf,
  OWNER_NAME_ANNOTATION,
  OWNER_NAMESPACE_ANNOTATION,
  RELEASE_LABEL,
  type Discovery,
  type ObjectRef,
  type Transport,
} from "../apply/index.ts";
import { Informer } from "./informer.ts";
import { ReverseIndex } from "./reverse-index.ts";

export interface ObjectChange {
  /** "namespace/name" of the owning HelmRelease (from the tracking annotations). */
  release: string;
  ref: ObjectRef;
  uid?: string;
  resourceVersion?: string;
  deleted: boolean;
}

export interface ObjectWatchesOptions {
  kubeConfig: k8s.KubeConfig;
  transport: Transport;
  discovery: Discovery;
  onChange: (change: ObjectChange) => void;
  onError: (err: unknown, what: string) => void;
}

/** What the informers store per object: identity, owner and a fingerprint of everything but status. */
interface Fingerprinted {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  fingerprint: string;
}

/** Metadata that changes without anyone changing the object's content. */
const BOOKKEEPING = new Set(["resourceVersion", "managedFields", "generation"]);

export function fingerprint(obj: Record<string, unknown>): Fingerprinted {
  const meta = (obj["metadata"] ?? {}) as Record<string, unknown>;
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== "status" && k !== "metadata") content[k] = v;
  content["metadata"] = Object.fromEntries(Object.entries(meta).filter(([k]) => !BOOKKEEPING.has(k)));
  const annotations = (meta["annotations"] ?? {}) as Record<string, string>;
  const owner: Record<string, string> = {};
  for (const k of [OWNER_NAMESPACE_ANNOTATION, OWNER_NAME_ANNOTATION]) if (annotations[k] !== undefined) owner[k] = annotations[k];
  return {
    ...(typeof obj["apiVersion"] === "string" ? { apiVersion: obj["apiVersion"] } : {}),
    ...(typeof obj["kind"] === "string" ? { kind: obj["kind"] } : {}),
    metadata: {
      name: typeof meta["name"] === "string" ? meta["name"] : "",
      ...(typeof meta["namespace"] === "string" ? { namespace: meta["namespace"] } : {}),
      ...(typeof meta["uid"] === "string" ? { uid: meta["uid"] } : {}),
      ...(typeof meta["resourceVersion"] === "string" ? { resourceVersion: meta["resourceVersion"] } : {}),
      annotations: owner,
    },
    fingerprint: createHash("sha256").update(JSON.stringify(content)).digest("base64"),
  };
}

function gvkKey(ref: ObjectRef): string {
  return `${apiVersionOf(ref)}|${ref.kind}`;
}

export class ObjectWatches {
  readonly #opts: ObjectWatchesOptions;
  /** release → the apiVersion|kind keys of its objects. */
  readonly #uses = new ReverseIndex();
  readonly #informers = new Map<string, Informer<Fingerprinted>>();
  #stopped = false;

  constructor(opts: ObjectWatchesOptions) {
    this.#opts = opts;
  }

  /** Sets the objects `release` manages (undefined: none) and starts or stops informers to match. */
  async track(release: string, refs: readonly ObjectRef[] | undefined): Promise<void> {
    if (refs === undefined || refs.length === 0) this.#uses.delete(release);
    else this.#uses.set(release, [...new Set(refs.map(gvkKey))]);
    const wanted = new Map<string, ObjectRef>();
    for (const ref of refs ?? []) wanted.set(gvkKey(ref), ref);
    for (const [key, ref] of wanted) if (!this.#informers.has(key)) await this.#start(key, ref);
    for (const [key, inf] of this.#informers) {
      if (this.#uses.ownersOf(key).length > 0) continue;
      this.#informers.delete(key);
      void inf.stop();
    }
  }

  /** The apiVersion|kind pairs watched now. */
  watched(): string[] {
    return [...this.#informers.keys()].sort();
  }

  async #start(key: string, ref: ObjectRef): Promise<void> {
    if (this.#stopped) return;
    let path: string;
    try {
      const m = await this.#opts.discovery.resolve(apiVersionOf(ref), ref.kind);
      path = `${m.group === "" ? "/api" : `/apis/${m.group}`}/${m.version}/${m.resource}`;
    } catch (e) {
      // The kind is not served (any more): nothing to watch; prune or the next sync reports it.
      this.#opts.onError(e, `watching ${ref.kind}`);
      return;
    }
    // Another track() may have started it during the discovery await.
    if (this.#informers.has(key) || this.#isStopped()) return;
    const inf = new Informer<Fingerprinted>({
      kubeConfig: this.#opts.kubeConfig,
      transport: this.#opts.transport,
      path,
      labelSelector: RELEASE_LABEL,
      transform: (o) => fingerprint(o) as unknown as Record<string, unknown>,
      onError: (err: unknown) => {
        this.#opts.onError(err, `watch of ${path}`);
      },
    });
    const emit = (obj: Fingerprinted, deleted: boolean): void => {
      const ns = obj.metadata.annotations?.[OWNER_NAMESPACE_ANNOTATION];
      const name = obj.metadata.annotations?.[OWNER_NAME_ANNOTATION];
      if (ns === undefined || name === undefined) return;
      this.#opts.onChange({
        release: `${ns}/${name}`,
        ref: { group: ref.group, version: ref.version, kind: ref.kind, name: obj.metadata.name, ...(obj.metadata.namespace === undefined ? {} : { namespace: obj.metadata.namespace }) },
        ...(obj.metadata.uid === undefined ? {} : { uid: obj.metadata.uid }),
        ...(obj.metadata.resourceVersion === undefined ? {} : { resourceVersion: obj.metadata.resourceVersion }),
        deleted,
      });
    };
    // Adds too: the first LIST shows objects changed between bosun's write
    // and the watch's start (their resourceVersion is not bosun's), and
    // creations are bosun's own writes, which the tracker recognises.
    inf.on("add", (obj) => {
      emit(obj, false);
    });
    inf.on("update", (obj, old) => {
      if (obj.fingerprint !== old.fingerprint) emit(obj, false);
    });
    inf.on("delete", (obj) => {
      emit(obj, true);
    });
    this.#informers.set(key, inf);
    inf.start();
  }

  /** Resolves when every informer started so far has listed once (tests; the controller does not wait). */
  async synced(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i.waitForSync(signal)));
  }

  /** A method, so a check after an await is not narrowed by the one before it. */
  #isStopped(): boolean {
    return this.#stopped;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const all = [...this.#informers.values()];
    this.#informers.clear();
    await Promise.all(all.map((i) => i.stop()));
  }
}
