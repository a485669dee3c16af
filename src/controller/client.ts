/**
 * The controller's reads and writes of HelmReleases and of the Secrets and
 * ConfigMaps they reference. Status goes to the status subresource with a
 * JSON merge patch (bosun is the only writer of status); finalizers change
 * with a JSON patch guarded by a `test` of the list, so a concurrent edit of
 * metadata is never overwritten.
 */
import { API_VERSION, GROUP, KIND, PLURAL, VERSION, type HelmRelease, type HelmReleaseStatus } from "../api/index.ts";
import { call, isRecord, KubeApiError, type Transport } from "../apply/index.ts";
import type { EventTarget } from "./events.ts";

export const FINALIZER = "bosun.dev/finalizer";

export function releasePath(namespace: string, name?: string): string {
  return `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(namespace)}/${PLURAL}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
}

/** The HelmRelease as the subject of an Event. */
export function eventTarget(hr: HelmRelease): EventTarget {
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    namespace: hr.metadata.namespace ?? "",
    name: hr.metadata.name,
    uid: hr.metadata.uid ?? "",
    ...(hr.metadata.resourceVersion === undefined ? {} : { resourceVersion: hr.metadata.resourceVersion }),
  };
}

export function clusterReleasesPath(): string {
  return `/apis/${GROUP}/${VERSION}/${PLURAL}`;
}

export class ReleaseClient {
  readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /** The HelmRelease as stored now, or undefined when it is gone. */
  async get(namespace: string, name: string): Promise<HelmRelease | undefined> {
    try {
      return (await call(this.transport, { method: "GET", path: releasePath(namespace, name) })) as HelmRelease;
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  /**
   * Writes `next` as the status: keys of `previous` missing from `next` are
   * removed (merge patch null). Returns the stored object.
   */
  async patchStatus(hr: HelmRelease, next: HelmReleaseStatus): Promise<HelmRelease> {
    const patch: Record<string, unknown> = { ...next };
    for (const k of Object.keys(hr.status ?? {})) if (!(k in next)) patch[k] = null;
    const body = await call(this.transport, {
      method: "PATCH",
      path: `${releasePath(hr.metadata.namespace ?? "", hr.metadata.name)}/status`,
      contentType: "application/merge-patch+json",
      body: JSON.stringify({ apiVersion: API_VERSION, kind: "HelmRelease", status: patch }),
    });
    return body as HelmRelease;
  }

  async addFinalizer(hr: HelmRelease): Promise<HelmRelease> {
    const current = hr.metadata.finalizers;
    const ops = current === undefined ? [{ op: "add", path: "/metadata/finalizers", value: [FINALIZER] }] : [{ op: "test", path: "/metadata/finalizers", value: current }, { op: "add", path: "/metadata/finalizers/-", value: FINALIZER }];
    return this.#jsonPatch(hr, ops);
  }

  async removeFinalizer(hr: HelmRelease): Promise<HelmRelease | undefined> {
    const current = hr.metadata.finalizers ?? [];
    const i = current.indexOf(FINALIZER);
    if (i < 0) return hr;
    try {
      return await this.#jsonPatch(hr, [
        { op: "test", path: "/metadata/finalizers", value: current },
        { op: "remove", path: `/metadata/finalizers/${String(i)}` },
      ]);
    } catch (e) {
      // Removing the last finalizer of a deleted object deletes it: a 404 here is success.
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
  }

  async #jsonPatch(hr: HelmRelease, ops: unknown[]): Promise<HelmRelease> {
    const body = await call(this.transport, {
      method: "PATCH",
      path: releasePath(hr.metadata.namespace ?? "", hr.metadata.name),
      contentType: "application/json-patch+json",
      body: JSON.stringify(ops),
    });
    return body as HelmRelease;
  }

  /**
   * The data of a ConfigMap (data and binaryData) or Secret (decoded), or
   * undefined when it does not exist.
   */
  async readData(kind: "ConfigMap" | "Secret", namespace: string, name: string): Promise<Record<string, Buffer> | undefined> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/${kind === "Secret" ? "secrets" : "configmaps"}/${encodeURIComponent(name)}`;
    let obj: unknown;
    try {
      obj = await call(this.transport, { method: "GET", path });
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
    const out: Record<string, Buffer> = {};
    if (!isRecord(obj)) return out;
    if (kind === "Secret") {
      if (isRecord(obj.data)) for (const [k, v] of Object.entries(obj.data)) if (typeof v === "string") out[k] = Buffer.from(v, "base64");
      if (isRecord(obj.stringData)) for (const [k, v] of Object.entries(obj.stringData)) if (typeof v === "string") out[k] = Buffer.from(v, "utf8");
    } else {
      if (isRecord(obj.binaryData)) for (const [k, v] of Object.entries(obj.binaryData)) if (typeof v === "string") out[k] = Buffer.from(v, "base64");
      if (isRecord(obj.data)) for (const [k, v] of Object.entries(obj.data)) if (typeof v === "string") out[k] = Buffer.from(v, "utf8");
    }
    return out;
  }
}
