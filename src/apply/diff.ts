/**
 * Drift: per object, the difference between what bosun would apply and what
 * is live, limited to the fields bosun owns. For each desired object: a GET
 * of the live object (404 → missing, no dry run) and the same server-side apply with
 * dryRun=All (and force, by default, so fields another manager took are
 * still compared instead of failing as a conflict). The dry-run answer is
 * the object as it would be after bosun's apply; its managedFields entry of
 * manager "bosun" (operation Apply) is the set of fields compared with the
 * live object.
 */
import { ApplyError, applyObject, FIELD_MANAGER, resolveAndPrepare, type ApplyOptions } from "./apply.ts";
import { call, KubeApiError, type Transport } from "./client.ts";
import { resourcePath, type Discovery, type ResourceMapping } from "./discovery.ts";
import { appliedFieldSet, diffOnFields } from "./fields.ts";
import { mapBounded } from "./order.ts";
import { describeObject, refOf, type KubeObject, type ObjectRef } from "./objects.ts";

export interface DiffOptions extends Pick<ApplyOptions, "release" | "targetNamespace" | "fieldManager"> {
  /**
   * Dry-run with force (default true): fields another manager took over are
   * reported as drift. With false such objects fail with ApplyConflictError.
   */
  force?: boolean;
  /** Objects diffed concurrently (default 8). */
  concurrency?: number;
}

export interface ObjectDiff {
  ref: ObjectRef;
  /** True when the object is missing or any owned field differs. */
  drifted: boolean;
  /** JSON-pointer-like paths of owned fields that differ (see fields.ts), in managedFields order. */
  paths: string[];
  /** The live object does not exist. */
  missing?: boolean;
  /** The live object as read before the dry run (absent when missing): callers filter paths by its managedFields and annotations. */
  live?: KubeObject;
}

/** Some objects could not be diffed (each error names its object); `results` has the others. */
export class DiffError extends Error {
  readonly errors: Error[];
  readonly results: ObjectDiff[];
  constructor(errors: Error[], results: ObjectDiff[]) {
    super(errors.length === 1 ? (errors[0]?.message ?? "diff failed") : `${String(errors.length)} objects failed to diff:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
    this.name = "DiffError";
    this.errors = errors;
    this.results = results;
  }
}

/** Diffs one object: a GET of the live object, then (unless missing) one dry-run apply. */
export async function diffObject(t: Transport, discovery: Discovery, obj: KubeObject, opts: DiffOptions): Promise<ObjectDiff> {
  const { mapping, desired } = await resolveAndPrepare(discovery, obj, opts);
  const ref = refOf(desired);
  let live: KubeObject | undefined;
  try {
    live = await getLive(t, mapping, desired);
  } catch (e) {
    throw new ApplyError(describeObject(desired), e);
  }
  if (live === undefined) return { ref, drifted: true, paths: [], missing: true };
  const dry = await applyObject(t, discovery, obj, { ...opts, force: opts.force ?? true, dryRun: true, replaceOnImmutable: false });
  const manager = opts.fieldManager ?? FIELD_MANAGER;
  const owned = appliedFieldSet(dry.live, manager);
  if (owned === undefined) throw new ApplyError(describeObject(desired), new Error(`the dry-run apply has no managedFields entry of manager "${manager}" (operation Apply)`));
  const paths = diffOnFields(owned, dry.live, live);
  return { ref, drifted: paths.length > 0, paths, live };
}

async function getLive(t: Transport, mapping: ResourceMapping, obj: KubeObject): Promise<KubeObject | undefined> {
  try {
    return (await call(t, { method: "GET", path: resourcePath(mapping, obj.metadata.namespace, obj.metadata.name) })) as KubeObject;
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 404) return undefined;
    throw e;
  }
}

/**
 * Diffs every object (at most `concurrency` at a time), results in input
 * order. Requests: 2 per existing object (dry-run apply + GET), plus
 * discovery of apiVersions not yet cached. Throws DiffError when any object
 * failed (conflicts without force, immutable fields, unknown kinds, …).
 */
export async function diffSet(t: Transport, discovery: Discovery, objects: readonly KubeObject[], opts: DiffOptions): Promise<ObjectDiff[]> {
  const settled = await mapBounded(objects, opts.concurrency ?? 8, (o) => diffObject(t, discovery, o, opts));
  const results: ObjectDiff[] = [];
  const errors: Error[] = [];
  for (const r of settled) {
    if (r.status === "fulfilled") results.push(r.value);
    else errors.push(r.reason instanceof Error ? r.reason : new Error(String(r.reason)));
  }
  if (errors.length > 0) throw new DiffError(errors, results);
  return results;
}
