/**
 * What bosun last applied for a release, kept in a Secret next to the
 * HelmRelease (as Helm keeps a release's manifest in a Secret), so that after
 * a controller restart drift is still measured against exactly those
 * objects: re-rendering instead would give a chart using randAlphaNum or
 * genCA new values and report drift that nobody made.
 *
 * The Secret is named `bosun-applied.<release>` (or a hashed name when that
 * is too long), owned by the HelmRelease (deleted with it by the garbage
 * collector), and holds gzip-compressed JSON. It is written only when its
 * content changes, with the controller's own identity (it is bosun's
 * bookkeeping, not the release's objects).
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { API_VERSION, KIND, type HelmRelease } from "../api/index.ts";
import { call, isRecord, KubeApiError, type KubeObject, type ObjectRef, type Transport } from "../apply/index.ts";
import type { AppliedState } from "./drift.ts";

export const APPLIED_SECRET_TYPE = "bosun.dev/applied-state";
const DIGEST_ANNOTATION = "bosun.dev/applied-digest";
/** Secrets hold at most 1 MiB; beyond this the state is not stored (drift detection then waits for the next sync after a restart). */
export const MAX_APPLIED_BYTES = 900 * 1024;

export function appliedSecretName(release: string): string {
  const plain = `bosun-applied.${release}`;
  if (plain.length <= 253) return plain;
  return `bosun-applied.${release.slice(0, 200)}.${createHash("sha256").update(release).digest("hex").slice(0, 16)}`;
}

function secretPath(namespace: string, name?: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
}

interface Stored {
  v: 1;
  /** status.releaseRevision of the sync that applied these objects: a state from another sync is not used. */
  releaseRevision: number;
  targetNamespace: string;
  refs: ObjectRef[];
  objects: KubeObject[];
}

export function encodeApplied(state: AppliedState, releaseRevision: number): { data: string; digest: string } {
  const json = JSON.stringify({ v: 1, releaseRevision, targetNamespace: state.targetNamespace, refs: state.refs, objects: state.objects } satisfies Stored);
  return { data: gzipSync(json).toString("base64"), digest: createHash("sha256").update(json).digest("hex") };
}

/** Reads back what encodeApplied wrote; undefined for anything else (a damaged or foreign Secret is ignored, not trusted). */
export function decodeApplied(data: string): { state: AppliedState; releaseRevision: number } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(Buffer.from(data, "base64"), { maxOutputLength: 64 * 1024 * 1024 }).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed["v"] !== 1 || typeof parsed["targetNamespace"] !== "string" || typeof parsed["releaseRevision"] !== "number") return undefined;
  const refs = parsed["refs"];
  const objects = parsed["objects"];
  if (!Array.isArray(refs) || !Array.isArray(objects) || refs.length !== objects.length) return undefined;
  const refOk = (r: unknown): boolean => isRecord(r) && typeof r["kind"] === "string" && typeof r["name"] === "string" && typeof r["group"] === "string" && typeof r["version"] === "string";
  const objOk = (o: unknown): boolean => isRecord(o) && typeof o["apiVersion"] === "string" && typeof o["kind"] === "string" && isRecord(o["metadata"]) && typeof o["metadata"]["name"] === "string";
  if (!refs.every(refOk) || !objects.every(objOk)) return undefined;
  return { state: { targetNamespace: parsed["targetNamespace"], refs: refs as ObjectRef[], objects: objects as KubeObject[] }, releaseRevision: parsed["releaseRevision"] };
}

export class AppliedStore {
  readonly #t: Transport;
  /** release → digest of what its Secret holds (known from a write or a read). */
  readonly #digests = new Map<string, string>();

  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Stores `state` unless the Secret already holds it. Returns false when it is too large to store. */
  async save(hr: HelmRelease, state: AppliedState, releaseRevision: number): Promise<boolean> {
    const ns = hr.metadata.namespace ?? "";
    const key = `${ns}/${hr.metadata.name}`;
    const { data, digest } = encodeApplied(state, releaseRevision);
    if (this.#digests.get(key) === digest) return true;
    if (data.length > MAX_APPLIED_BYTES) return false;
    const name = appliedSecretName(hr.metadata.name);
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      type: APPLIED_SECRET_TYPE,
      metadata: {
        name,
        namespace: ns,
        annotations: { [DIGEST_ANNOTATION]: digest },
        ...(hr.metadata.uid === undefined ? {} : { ownerReferences: [{ apiVersion: API_VERSION, kind: KIND, name: hr.metadata.name, uid: hr.metadata.uid }] }),
      },
      data: { state: data },
    };
    await call(this.#t, {
      method: "PATCH",
      path: secretPath(ns, name),
      query: { fieldManager: "bosun", force: "true" },
      body: JSON.stringify(secret),
      contentType: "application/apply-patch+yaml",
    });
    this.#digests.set(key, digest);
    return true;
  }

  /** What the sync that made `releaseRevision` stored for `hr`, or undefined when nothing (valid, of that sync) is. */
  async load(hr: HelmRelease, releaseRevision: number): Promise<AppliedState | undefined> {
    const ns = hr.metadata.namespace ?? "";
    let obj: unknown;
    try {
      obj = await call(this.#t, { method: "GET", path: secretPath(ns, appliedSecretName(hr.metadata.name)) });
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return undefined;
      throw e;
    }
    if (!isRecord(obj) || obj["type"] !== APPLIED_SECRET_TYPE || !isRecord(obj["data"]) || typeof obj["data"]["state"] !== "string") return undefined;
    const stored = decodeApplied(obj["data"]["state"]);
    if (stored === undefined || stored.releaseRevision !== releaseRevision) return undefined;
    this.#digests.set(`${ns}/${hr.metadata.name}`, encodeApplied(stored.state, releaseRevision).digest);
    return stored.state;
  }

  forget(release: string): void {
    this.#digests.delete(release);
  }
}
