/**
 * Helm hooks run by the controller, with Helm 4's semantics
 * (helm.sh/helm/v4 pkg/action/hooks.go):
 *
 * - The hooks of one event run one at a time in Helm's order: by weight,
 *   then by name; hooks of equal weight and name keep the order they arrive
 *   in, which is Helm's install order of kinds (src/render sorts them so).
 * - Before a hook is created, an object of the same name is deleted when the
 *   hook has the `before-hook-creation` policy, which is the policy of a hook
 *   that names none.
 * - A hook is ready by Helm's hook rules: a Job once Complete, a Pod once
 *   Succeeded, any other kind as soon as it is created. Each hook gets the
 *   whole timeout, as in Helm.
 * - When a hook fails, it is deleted if it has `hook-failed`, the hooks that
 *   already ran are deleted if they have `hook-succeeded`, and the event
 *   fails. When every hook succeeded, those with `hook-succeeded` are deleted
 *   in reverse order.
 * - Deletions use Background propagation, as Helm's, and wait until the
 *   object is gone so a re-created hook never meets its predecessor.
 *   CustomResourceDefinitions are never deleted.
 *
 * Hooks are applied with server-side apply through the release's Applier, so
 * they carry the release's tracking metadata; they are never part of the
 * inventory (not pruned, not drift-checked, not deleted on uninstall), as in
 * Helm, where hooks are not part of the release manifest.
 *
 * Everything the runner needs comes in as parameters (not from the
 * Reconciler), so a release with its own Applier or identity runs its hooks
 * with it.
 */
import type * as k8s from "@kubernetes/client-node";
import { apiVersionOf, call, KubeApiError, parseManifests, resourcePath, splitApiVersion, type Applier, type KubeObject, type ObjectRef, type ReleaseRef } from "../apply/index.ts";
import { waitForCurrent, WaitError, type WaitClient } from "../health/index.ts";
import type { Logger } from "../log/index.ts";
import type { Hook } from "../render/index.ts";
import type { EventRecorder, EventTarget } from "./events.ts";
import { describeShort, toHealthRef } from "./refs.ts";

export type HookEvent = "pre-install" | "post-install" | "pre-upgrade" | "post-upgrade" | "pre-delete" | "post-delete" | "test";

export const BEFORE_HOOK_CREATION = "before-hook-creation";
export const HOOK_SUCCEEDED = "hook-succeeded";
export const HOOK_FAILED = "hook-failed";
export type DeletePolicy = typeof BEFORE_HOOK_CREATION | typeof HOOK_SUCCEEDED | typeof HOOK_FAILED;

/** Condition reasons of a failed event: test hooks have their own. */
export const HOOK_FAILED_REASON = "HookFailed";
export const TEST_FAILED_REASON = "TestFailed";

/** A hook event that failed: the reason for the Ready condition and a message naming the hook. */
export class HookError extends Error {
  override name = "HookError";
  readonly reason: string;
  readonly event: HookEvent;
  /** "Job ns/name" of the hook that failed, when one did. */
  readonly hook: string | undefined;
  constructor(event: HookEvent, hook: string | undefined, message: string, options?: ErrorOptions) {
    super(message, options);
    this.event = event;
    this.reason = event === "test" ? TEST_FAILED_REASON : HOOK_FAILED_REASON;
    this.hook = hook;
  }
}

/**
 * Whether the hooks of `event` run for a release: `test` only when tests are
 * enabled, every other event unless hooks are disabled. As in Flux, tests
 * are their own opt-in and do not follow disableHooks.
 */
export function hookEventEnabled(event: HookEvent, spec: { disableHooks?: boolean; test?: { enable?: boolean } }): boolean {
  if (event === "test") return spec.test?.enable === true;
  return spec.disableHooks !== true;
}

/**
 * The hooks of `event` in Helm 4's execution order: a stable sort by weight,
 * then name (Go's byte-wise string order; names are ASCII), over hooks that
 * arrive sorted by kind.
 */
export function hooksFor(hooks: readonly Hook[], event: HookEvent): Hook[] {
  return hooks
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.events.includes(event))
    .sort((a, b) => {
      if (a.h.weight !== b.h.weight) return a.h.weight < b.h.weight ? -1 : 1;
      if (a.h.head.name !== b.h.head.name) return a.h.head.name < b.h.head.name ? -1 : 1;
      return a.i - b.i;
    })
    .map(({ h }) => h);
}

/** The hook's delete policies; `before-hook-creation` when it names none. */
export function deletePolicies(hook: Pick<Hook, "deletePolicies">): string[] {
  return hook.deletePolicies.length === 0 ? [BEFORE_HOOK_CREATION] : hook.deletePolicies;
}

/** Whether `policy` deletes the hook; never a CustomResourceDefinition (deleting one deletes all its objects). */
export function deletesOn(hook: Pick<Hook, "deletePolicies" | "head">, policy: DeletePolicy): boolean {
  return hook.head.kind !== "CustomResourceDefinition" && deletePolicies(hook).includes(policy);
}

/** Whether a hook object is waited for (Helm's hook readiness): Jobs and Pods; anything else is ready once created. */
export function waitsFor(ref: Pick<ObjectRef, "group" | "kind">): boolean {
  return (ref.group === "batch" && ref.kind === "Job") || (ref.group === "" && ref.kind === "Pod");
}

/**
 * What is deleted once an event's hooks have run, in order: after success,
 * every hook with `hook-succeeded`, last first; after hook `failedAt` failed,
 * that hook if it has `hook-failed`, then the hooks before it that have
 * `hook-succeeded`, first first.
 */
export function cleanupAfter<T extends Pick<Hook, "deletePolicies" | "head">>(ordered: readonly T[], failedAt?: number): { hook: T; policy: DeletePolicy }[] {
  if (failedAt === undefined) {
    return [...ordered].reverse().filter((h) => deletesOn(h, HOOK_SUCCEEDED)).map((hook) => ({ hook, policy: HOOK_SUCCEEDED }));
  }
  const failed = ordered[failedAt];
  const out: { hook: T; policy: DeletePolicy }[] = failed !== undefined && deletesOn(failed, HOOK_FAILED) ? [{ hook: failed, policy: HOOK_FAILED }] : [];
  for (const hook of ordered.slice(0, failedAt)) if (deletesOn(hook, HOOK_SUCCEEDED)) out.push({ hook, policy: HOOK_SUCCEEDED });
  return out;
}

/** A duration for messages: "90s", "1500ms". */
function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${String(ms / 1000)}s` : `${String(ms)}ms`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Whether `namespace` is gone or being deleted. Nothing can be created in it
 * then, so delete hooks (a HelmRelease deleted with its namespace) are
 * skipped instead of failing the uninstall forever.
 */
export async function namespaceTerminating(applier: Applier, namespace: string): Promise<boolean> {
  const res = await applier.transport({ method: "GET", path: `/api/v1/namespaces/${encodeURIComponent(namespace)}` });
  if (res.status === 404) return true;
  if (res.status < 200 || res.status > 299) return false;
  const body = res.body as { metadata?: { deletionTimestamp?: string } } | undefined;
  return body?.metadata?.deletionTimestamp !== undefined;
}

export interface HookRunOptions {
  /** Applies the hooks and deletes them (its transport and discovery). */
  applier: Applier;
  /** How the waiter maps kinds and lists objects. */
  waitClient: WaitClient;
  /** The waiter's watches. */
  kubeConfig: k8s.KubeConfig;
  events: EventRecorder;
  /** The HelmRelease the Events are about. */
  eventTarget: EventTarget;
  log: Logger;
  /** Tracking metadata of the hooks. */
  release: ReleaseRef;
  /** Namespace of namespaced hooks that name none. */
  targetNamespace: string;
  /** Per hook, for its readiness and for each deletion, as Helm's --timeout. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Server-side apply with force (syncPolicy.forceConflicts). */
  force?: boolean;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
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

/** Deletes a hook object (Background) and waits until it is gone. Returns whether there was one. */
async function deleteAndWait(o: HookRunOptions, ref: ObjectRef): Promise<boolean> {
  const mapping = await o.applier.discovery.resolve(apiVersionOf(ref), ref.kind);
  const path = resourcePath(mapping, ref.namespace, ref.name);
  try {
    await call(o.applier.transport, { method: "DELETE", path, body: JSON.stringify({ kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" }), contentType: "application/json" });
  } catch (e) {
    if (e instanceof KubeApiError && e.code === 404) return false;
    throw e;
  }
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    const res = await o.applier.transport({ method: "GET", path });
    if (res.status === 404) return true;
    if (o.signal.aborted) throw new Error(`waiting for ${describeShort(ref)} to be deleted was aborted`);
    if (Date.now() >= deadline) throw new Error(`${describeShort(ref)} was still present ${formatMs(o.timeoutMs)} after it was deleted`);
    await sleep(250, o.signal);
  }
}

interface PlannedHook {
  hook: Hook;
  object: KubeObject;
  ref: ObjectRef;
}

/**
 * The hook's object and where it will live (namespaced kinds default to the
 * target namespace). Read just before the hook runs, as Helm builds each
 * hook: an earlier hook may create the kind (a CRD hook).
 */
async function planHook(o: HookRunOptions, hook: Hook): Promise<PlannedHook> {
  const [object] = parseManifests([{ source: hook.source, content: hook.content }]);
  if (object === undefined) throw new Error(`${hook.source}: empty hook manifest`);
  const mapping = await o.applier.discovery.resolve(object.apiVersion, object.kind);
  const ref: ObjectRef = {
    ...splitApiVersion(object.apiVersion),
    kind: object.kind,
    name: object.metadata.name,
    ...(mapping.namespaced ? { namespace: object.metadata.namespace ?? o.targetNamespace } : {}),
  };
  return { hook, object, ref };
}

/** Why a hook's wait failed, in words for the condition (no wall-clock figures). */
function waitFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof WaitError) {
    const s = e.objects[0];
    if (e.reason === "Failed" && s) return s.message;
    if (e.reason === "Timeout" && s) return `not ready within ${formatMs(timeoutMs)}: ${s.status}: ${s.message}`;
  }
  return message(e);
}

/**
 * Runs the hooks of `event` (all of `hooks` that name it) and returns the
 * refs of those that ran, in order. Throws HookError naming the hook that
 * failed; an abort of `signal` is thrown as it came (nothing is cleaned up:
 * the next run's before-hook-creation deletes what is left).
 */
export async function runHooks(o: HookRunOptions, hooks: readonly Hook[], event: HookEvent): Promise<ObjectRef[]> {
  const ordered = hooksFor(hooks, event);
  if (ordered.length === 0) return [];
  const log = o.log.child({ phase: "hooks", event });
  const t0 = performance.now();
  log.info({ hooks: ordered.map((h) => `${h.head.kind} ${h.head.name}`) }, `running ${String(ordered.length)} ${event} hooks`);

  const remove = async (p: PlannedHook, policy: DeletePolicy): Promise<void> => {
    if (!deletesOn(p.hook, policy)) return;
    if (await deleteAndWait(o, p.ref)) log.debug({ hook: describeShort(p.ref), policy }, `deleted ${describeShort(p.ref)} (${policy})`);
  };

  // The hooks so far, with what cleanupAfter reads.
  const ran: (Pick<Hook, "deletePolicies" | "head"> & { planned: PlannedHook })[] = [];
  for (const [i, hook] of ordered.entries()) {
    let p: PlannedHook;
    try {
      p = await planHook(o, hook);
    } catch (e) {
      if (o.signal.aborted) throw e;
      throw fail(o, log, new HookError(event, `${hook.head.kind} ${hook.head.name}`, `${event} hook ${hook.head.kind} ${hook.head.name} (${hook.source}): ${message(e)}`, { cause: e }));
    }
    ran.push({ deletePolicies: hook.deletePolicies, head: hook.head, planned: p });
    const name = describeShort(p.ref);
    try {
      await remove(p, BEFORE_HOOK_CREATION);
    } catch (e) {
      if (o.signal.aborted) throw e;
      throw fail(o, log, new HookError(event, name, `${event} hook ${name}: deleting the previous one (${BEFORE_HOOK_CREATION}): ${message(e)}`, { cause: e }));
    }
    try {
      await o.applier.apply([p.object], { release: o.release, targetNamespace: o.targetNamespace, ...(o.force === undefined ? {} : { force: o.force }) });
    } catch (e) {
      if (o.signal.aborted) throw e;
      // As Helm: a hook that could not be created is not cleaned up.
      throw fail(o, log, new HookError(event, name, `${event} hook ${name} failed: applying: ${message(e)}`, { cause: e }));
    }
    if (!waitsFor(p.ref)) continue;
    try {
      await waitForCurrent(o.kubeConfig, [toHealthRef(p.ref)], { hooks: true, timeoutMs: o.timeoutMs, signal: o.signal, client: o.waitClient });
    } catch (e) {
      if (o.signal.aborted) throw e;
      const err = new HookError(event, name, `${event} hook ${name} failed: ${waitFailure(e, o.timeoutMs)}`, { cause: e });
      for (const c of cleanupAfter(ran, i)) {
        // The hook's failure is what is reported; a failed cleanup only logged (as Helm does).
        await remove(c.hook.planned, c.policy).catch((de: unknown) => {
          log.warn({ hook: describeShort(c.hook.planned.ref), policy: c.policy }, `could not delete ${describeShort(c.hook.planned.ref)} (${c.policy}): ${message(de)}`);
        });
      }
      throw fail(o, log, err);
    }
  }

  for (const c of cleanupAfter(ran)) {
    try {
      await remove(c.hook.planned, c.policy);
    } catch (e) {
      if (o.signal.aborted) throw e;
      const name = describeShort(c.hook.planned.ref);
      throw fail(o, log, new HookError(event, name, `${event} hook ${name}: deleting it (${HOOK_SUCCEEDED}): ${message(e)}`, { cause: e }));
    }
  }
  const names = ran.map((r) => describeShort(r.planned.ref));
  const msg = `${event} hooks succeeded: ${names.join(", ")}`;
  o.events.record(o.eventTarget, "Normal", "HookSucceeded", "Hook", msg);
  log.info({ durationMs: Math.round(performance.now() - t0), hooks: names }, msg);
  return ran.map((r) => r.planned.ref);
}

/** Records a failed event (Warning Event, log line) and returns the error to throw. */
function fail(o: HookRunOptions, log: Logger, err: HookError): HookError {
  o.events.record(o.eventTarget, "Warning", err.reason, "Hook", err.message);
  log.warn({ reason: err.reason, ...(err.hook === undefined ? {} : { hook: err.hook }) }, err.message);
  return err;
}
