/**
 * Server-side apply of one object with field manager "bosun": namespace
 * defaulting, tracking metadata, conflicts and immutable-field errors turned
 * into errors that name the object, the managers and the fields.
 */
import { call, KubeApiError, type KubeStatus, type Transport } from "./client.ts";
import { resourcePath, type Discovery, type ResourceMapping } from "./discovery.ts";
import { describeObject, type KubeObject } from "./objects.ts";
import { withTracking, type ReleaseRef } from "./tracking.ts";

export const FIELD_MANAGER = "bosun";
export const APPLY_PATCH_CONTENT_TYPE = "application/apply-patch+yaml";

export interface ApplyOptions {
  release: ReleaseRef;
  /** Namespace given to namespaced objects that name none. */
  targetNamespace: string;
  /** Take ownership of fields other managers own (SSA force). */
  force?: boolean;
  /** Server-side dry run (dryRun=All): nothing is persisted. */
  dryRun?: boolean;
  fieldManager?: string;
  /** On an immutable-field error, delete the object and apply it again. Off by default. */
  replaceOnImmutable?: boolean;
}

export interface FieldConflict {
  manager: string;
  field: string;
  message: string;
}

/** Another field manager owns fields bosun applies (HTTP 409 from server-side apply). */
export class ApplyConflictError extends Error {
  readonly object: string;
  readonly conflicts: FieldConflict[];
  constructor(object: string, conflicts: FieldConflict[], serverMessage: string) {
    const managers = [...new Set(conflicts.map((c) => c.manager))];
    super(
      conflicts.length === 0
        ? `apply ${object}: conflict: ${serverMessage}`
        : `apply ${object}: conflict with field manager${managers.length > 1 ? "s" : ""} ${managers.map((m) => `"${m}"`).join(", ")} on ${conflicts
            .map((c) => `${c.field} (${c.manager})`)
            .join(", ")}; apply with force to take ownership`,
    );
    this.name = "ApplyConflictError";
    this.object = object;
    this.conflicts = conflicts;
  }
}

/** The change touches fields the API server will not change in place. */
export class ImmutableFieldError extends Error {
  readonly object: string;
  readonly fields: string[];
  constructor(object: string, fields: string[], serverMessage: string) {
    super(`apply ${object}: immutable field${fields.length > 1 ? "s" : ""} ${fields.join(", ")} cannot change (${serverMessage}); enable replace to delete and recreate`);
    this.name = "ImmutableFieldError";
    this.object = object;
    this.fields = fields;
  }
}

/** Any other failure of an apply, naming the object. */
export class ApplyError extends Error {
  readonly object: string;
  constructor(object: string, cause: unknown) {
    super(`apply ${object}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "ApplyError";
    this.object = object;
  }
}

/** Parses the causes of a 409 apply conflict: `conflict with "kubectl" using apps/v1` at field ".spec.replicas". */
export function parseConflicts(status: KubeStatus): FieldConflict[] {
  return (status.details?.causes ?? [])
    .filter((c) => c.reason === "FieldManagerConflict" || /conflict with/.test(c.message ?? ""))
    .map((c) => ({ manager: /conflict with "([^"]*)"/.exec(c.message ?? "")?.[1] ?? "unknown", field: c.field ?? "", message: c.message ?? "" }));
}

const IMMUTABLE = /immutable|may not change once set|cannot be changed|updates to .* are forbidden/i;

/** The fields of a 422 Invalid that reports immutable fields (empty when it is another kind of invalid). */
export function parseImmutableFields(status: KubeStatus): string[] {
  const causes = status.details?.causes ?? [];
  const fields = causes.filter((c) => IMMUTABLE.test(c.message ?? "")).map((c) => c.field ?? "");
  if (fields.length > 0) return [...new Set(fields)];
  if (causes.length === 0 && IMMUTABLE.test(status.message ?? "")) return ["(unspecified)"];
  return [];
}

/**
 * The object as bosun applies it: namespaced objects without a namespace get
 * the target namespace, cluster-scoped ones lose any namespace, and the
 * tracking metadata of the release is added. Pure.
 */
export function prepareObject(obj: KubeObject, mapping: Pick<ResourceMapping, "namespaced">, opts: Pick<ApplyOptions, "release" | "targetNamespace">): KubeObject {
  const metadata = { ...obj.metadata };
  if (mapping.namespaced) {
    if (!metadata.namespace) metadata.namespace = opts.targetNamespace;
  } else {
    delete metadata.namespace;
  }
  return withTracking({ ...obj, metadata }, opts.release);
}

export interface AppliedObject {
  /** What was sent (after namespace defaulting and tracking). */
  desired: KubeObject;
  /** The object the API server returned. */
  live: KubeObject;
  mapping: ResourceMapping;
  /** True when the object was deleted and recreated because of immutable fields. */
  replaced: boolean;
}

/** One server-side apply request (PATCH application/apply-patch+yaml; JSON is valid YAML). */
export async function sendApply(t: Transport, mapping: ResourceMapping, desired: KubeObject, opts: Pick<ApplyOptions, "force" | "dryRun" | "fieldManager">): Promise<KubeObject> {
  const query: Record<string, string> = { fieldManager: opts.fieldManager ?? FIELD_MANAGER };
  if (opts.force) query.force = "true";
  if (opts.dryRun) query.dryRun = "All";
  const body = await call(t, {
    method: "PATCH",
    path: resourcePath(mapping, desired.metadata.namespace, desired.metadata.name),
    query,
    body: JSON.stringify(desired),
    contentType: APPLY_PATCH_CONTENT_TYPE,
  });
  return body as KubeObject;
}

/** Turns an API failure of an apply into ApplyConflictError / ImmutableFieldError / ApplyError. */
export function applyFailure(object: string, e: unknown): Error {
  if (e instanceof KubeApiError) {
    if (e.code === 409) return new ApplyConflictError(object, parseConflicts(e.status), e.status.message ?? e.message);
    if (e.code === 422) {
      const fields = parseImmutableFields(e.status);
      if (fields.length > 0) return new ImmutableFieldError(object, fields, e.status.message ?? e.message);
    }
  }
  return new ApplyError(object, e);
}

/** Deletes an object and waits until it is gone (used by the replace policy). */
async function deleteAndWait(t: Transport, mapping: ResourceMapping, obj: KubeObject, timeoutMs = 60_000): Promise<void> {
  const path = resourcePath(mapping, obj.metadata.namespace, obj.metadata.name);
  try {
    await call(t, { method: "DELETE", path, body: JSON.stringify({ kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Foreground" }), contentType: "application/json" });
  } catch (e) {
    if (!(e instanceof KubeApiError && e.code === 404)) throw e;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t({ method: "GET", path });
    if (res.status === 404) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${describeObject(obj)} to be deleted before recreating it`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The object's resource mapping and the object as bosun applies it (namespace and tracking metadata added). */
export async function resolveAndPrepare(
  discovery: Discovery,
  obj: KubeObject,
  opts: Pick<ApplyOptions, "release" | "targetNamespace">,
): Promise<{ mapping: ResourceMapping; desired: KubeObject }> {
  let mapping: ResourceMapping;
  try {
    mapping = await discovery.resolve(obj.apiVersion, obj.kind);
  } catch (e) {
    throw new ApplyError(describeObject(obj), e);
  }
  return { mapping, desired: prepareObject(obj, mapping, opts) };
}

/** Applies one object: one request when nothing fails (plus discovery of its apiVersion on first use). */
export async function applyObject(t: Transport, discovery: Discovery, obj: KubeObject, opts: ApplyOptions): Promise<AppliedObject> {
  const { mapping, desired } = await resolveAndPrepare(discovery, obj, opts);
  const name = describeObject(desired);
  try {
    return { desired, live: await sendApply(t, mapping, desired, opts), mapping, replaced: false };
  } catch (e) {
    const err = applyFailure(name, e);
    if (!(err instanceof ImmutableFieldError) || !opts.replaceOnImmutable || opts.dryRun) throw err;
  }
  try {
    await deleteAndWait(t, mapping, desired);
    return { desired, live: await sendApply(t, mapping, desired, opts), mapping, replaced: true };
  } catch (e) {
    throw applyFailure(name, e);
  }
}

