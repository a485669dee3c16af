/**
 * One reconcile of one HelmRelease, level-triggered and idempotent: read
 * the object as stored, decide the next action from spec and status
 * (finalize, skip, stall, verify, sync), do it, and record the outcome in
 * status and Events. Any crash between two steps leaves a state the next
 * reconcile continues from: the inventory is widened to everything about to
 * be applied before the first object is written, so an interrupted sync
 * never orphans objects.
 */
import type * as k8s from "@kubernetes/client-node";
import {
  getCondition,
  isReady,
  markFailed,
  parseGoDuration,
  READY,
  Reasons,
  timestamp,
  validateSpec,
  withDefaults,
  formatErrors,
  type DefaultedSpec,
  type HelmRelease,
  type HelmReleaseStatus,
} from "../api/index.ts";
import {
  apiVersionOf,
  call,
  KubeApiError,
  Applier,
  ApplySetError,
  diffInventory,
  forbiddenDenials,
  fromInventory,
  impersonating,
  isRecord,
  parseManifests,
  resourcePath,
  serviceAccountUser,
  toInventory,
  watchStream,
  type Discovery,
  type KubeObject,
  type ObjectRef,
  type ReleaseRef,
  type Transport,
} from "../apply/index.ts";
import { waitForCurrent, WaitError, evaluate, type WaitClient } from "../health/index.ts";
import { renderChart, type Hook, type RenderResult } from "../render/index.ts";
import type { Logger } from "../log/index.ts";
import type { Metrics } from "../metrics/index.ts";
import type { ClusterCapabilities, ClusterInfo } from "./cluster.ts";
import { eventTarget, FINALIZER, ReleaseClient } from "./client.ts";
import type { EventRecorder } from "./events.ts";
import { fetchLookup, renderWithLookups } from "./lookup.ts";
import { backoffPolicy, decideRetry, withJitter } from "./retry.ts";
import { registryAccess, type ChartFetcher, type RegistryAccess } from "./source.ts";
import { isStalledFor, retrying, sameInputs, stalled, started, succeeded, describeRevision, type Attempt, type Failure } from "./status.ts";
import { composeValues, type ComposedValues } from "./values.ts";
import { uninstall } from "./uninstall.ts";
import { hookEventEnabled, HookError, runHooks, type HookEvent } from "./hooks.ts";
import { checkDependencies } from "./dependencies.ts";
import { describeShort, plannedRefs, toHealthRef } from "./refs.ts";
import type { DriftTracker } from "./drift.ts";
import type { AppliedStore } from "./applied-store.ts";
import { checkDrift, type DriftFilter } from "./drift-check.ts";
import { driftDisabled, filterDriftPaths, ignoreRulesFor, withoutIgnoredFields } from "./ignore.ts";

export const RECONCILE_REQUESTED_AT = "bosun.dev/reconcile-requested-at";
/** How often a release waiting for its dependencies looks again, besides being woken when one turns Ready. */
export const DEPENDENCY_REQUEUE_MS = 30_000;

export type ReconcileResult = "success" | "failure" | "stalled" | "skipped" | "deleted" | "unchanged";

export interface ReconcileOutcome {
  result: ReconcileResult;
  /** Reconcile again after this long (periodic interval or retry). */
  requeueAfterMs?: number;
}

export interface ReconcilerDeps {
  kubeConfig: k8s.KubeConfig;
  transport: Transport;
  applier: Applier;
  fetcher: ChartFetcher;
  cluster: ClusterInfo;
  events: EventRecorder;
  metrics: Metrics;
  log: Logger;
  /** What each release last applied and what watches saw change since (drift detection; absent: no drift checks). */
  drift?: DriftTracker;
  /** Keeps what each release last applied across restarts (with drift). */
  appliedStore?: AppliedStore;
  /**
   * The ServiceAccount (of the release's own namespace) impersonated for a
   * release without spec.serviceAccountName; absent: such releases use the
   * controller's identity (Flux's --default-service-account).
   */
  defaultServiceAccount?: string;
  /** Objects applied at once within an install step (default 8). */
  applyConcurrency?: number;
  now?: () => Date;
}

/** A failure of one phase: its condition reason and a message a user can act on. */
class PhaseError extends Error {
  readonly reason: string;
  readonly health: Failure["health"];
  constructor(reason: string, message: string, health?: Failure["health"], options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
    this.health = health;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The API server refusing the release's identity is its own failure,
 * whatever the phase: reason Forbidden, naming each refused verb and
 * resource (the rest of the error, e.g. the HTTP details, adds nothing).
 */
function forbidden(what: string, e: unknown): PhaseError | undefined {
  if (e instanceof PhaseError && e.reason === Reasons.Forbidden) return e;
  const denials = forbiddenDenials(e);
  return denials.length === 0 ? undefined : new PhaseError(Reasons.Forbidden, `${what}: ${denials.join("; ")}`);
}

async function phase<T>(reason: string, what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const denied = forbidden(what, e);
    if (denied) throw denied;
    if (e instanceof PhaseError) throw e;
    throw new PhaseError(reason, `${what}: ${message(e)}`, undefined, { cause: e });
  }
}

/**
 * The request paths of one release: everything read or written for it
 * (apply, prune, uninstall, hooks, lookups, health waits, drift fixes) goes
 * through these, as its effective ServiceAccount when it has one. The
 * HelmRelease itself, its status and Events, valuesFrom and registry
 * Secrets, discovery and the cluster's capabilities stay on the
 * controller's identity (as in Flux).
 */
export interface ReleaseClients {
  /** The impersonated user, e.g. "system:serviceaccount:t1:deployer"; undefined: the controller's own identity. */
  user: string | undefined;
  transport: Transport;
  /** Shares the controller's discovery. */
  applier: Applier;
  waitClient: WaitClient;
}

/** A WaitClient on `transport` (LISTs and WATCHes) and a shared discovery. */
function waitClientFor(transport: Transport, discovery: Discovery): WaitClient {
  return {
    map: async (apiVersion, kind) => {
      const m = await discovery.resolve(apiVersion, kind);
      return { groupVersionPath: m.group === "" ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`, resource: m.resource, namespaced: m.namespaced };
    },
    get: async (path) => {
      const url = new URL(path, "http://x");
      return transport({ method: "GET", path: url.pathname, query: Object.fromEntries(url.searchParams) });
    },
    watch: (path, query, onEvent, onDone) =>
      watchStream(transport, path, query, (type, obj) => {
        if (isRecord(obj)) onEvent(type, obj);
      }, onDone),
  };
}

function inventoryOf(status: HelmReleaseStatus | undefined): ObjectRef[] {
  if (status?.inventory === undefined) return [];
  try {
    return fromInventory(status.inventory);
  } catch {
    return [];
  }
}

/** previous ∪ next, next's entries first (they carry the new apiVersion). */
function union(previous: readonly ObjectRef[], next: readonly ObjectRef[]): ObjectRef[] {
  return [...next, ...diffInventory(previous, next).removed];
}

export class Reconciler {
  readonly #d: ReconcilerDeps;
  readonly #releases: ReleaseClient;
  /** Capabilities digest each release was last rendered with (a render input kept in memory only). */
  readonly #renderedWith = new Map<string, string>();
  /** Releases whose stored applied objects this process has tried to read. */
  readonly #restoreTried = new Set<string>();

  /** The health waiter on the controller's shared discovery and request path. */
  readonly #waitClient: WaitClient;

  constructor(deps: ReconcilerDeps) {
    this.#d = deps;
    this.#releases = new ReleaseClient(deps.transport);
    this.#waitClient = waitClientFor(deps.transport, deps.applier.discovery);
  }

  /**
   * The request paths for `hr` (see ReleaseClients): impersonating
   * spec.serviceAccountName, else the default ServiceAccount, of the
   * release's namespace; without either, the controller's own. Cheap (no
   * request); build once per reconcile and use for everything done for it.
   */
  releaseClients(hr: HelmRelease): ReleaseClients {
    const d = this.#d;
    const sa = hr.spec.serviceAccountName ?? d.defaultServiceAccount;
    if (sa === undefined || sa === "") return { user: undefined, transport: d.transport, applier: d.applier, waitClient: this.#waitClient };
    const user = serviceAccountUser(hr.metadata.namespace ?? "", sa);
    const transport = impersonating(d.transport, { user });
    return { user, transport, applier: new Applier(transport, d.applier.discovery), waitClient: waitClientFor(transport, d.applier.discovery) };
  }

  #now(): Date {
    return this.#d.now?.() ?? new Date();
  }

  async reconcile(namespace: string, name: string, signal: AbortSignal, reconcileID: string): Promise<ReconcileOutcome> {
    const log = this.#d.log.child({ release: `${namespace}/${name}`, reconcileID });
    const hr = await this.#releases.get(namespace, name);
    if (!hr) {
      this.#d.metrics.forgetRelease(namespace, name);
      this.#renderedWith.delete(`${namespace}/${name}`);
      this.#d.drift?.forget(`${namespace}/${name}`);
      this.#restoreTried.delete(`${namespace}/${name}`);
      this.#d.appliedStore?.forget(`${namespace}/${name}`);
      return { result: "deleted" };
    }
    if (hr.metadata.deletionTimestamp !== undefined) return this.#finalize(hr, log, signal);
    const spec = withDefaults(hr.spec);
    if (spec.suspend) {
      log.debug({ phase: "suspended" }, "suspended: not reconciling");
      return { result: "skipped" };
    }
    const current = (hr.metadata.finalizers ?? []).includes(FINALIZER) ? hr : await this.#releases.addFinalizer(hr);
    const key = `${namespace}/${name}`;
    await this.#restoreApplied(current, log);
    const suspects = this.#d.drift?.takeSuspects(key) ?? [];
    if (suspects.length > 0 && this.#settled(current)) {
      // A watch saw managed objects change and nothing else is due: check
      // those objects only (no registry, values or render work), so drift
      // is corrected within the watch's latency.
      const outcome = await checkDrift(this.#driftDeps(current, log), current, spec, suspects);
      const periodic = withJitter(parseGoDuration(spec.interval));
      return { result: outcome.result, requeueAfterMs: Math.min(outcome.recheckAfterMs ?? periodic, periodic) };
    }
    return this.#reconcileSpec(current, spec, log, signal);
  }

  async #reconcileSpec(hr: HelmRelease, spec: DefaultedSpec, log: Logger, signal: AbortSignal): Promise<ReconcileOutcome> {
    const generation = hr.metadata.generation ?? 0;
    const now = this.#now();
    const intervalMs = withJitter(parseGoDuration(spec.interval));
    const errors = validateSpec(hr.spec, { name: hr.metadata.name, namespace: hr.metadata.namespace ?? "" });
    if (errors.length > 0) {
      const msg = `invalid spec: ${formatErrors(errors)}`;
      await this.#writeStatus(hr, stalled(hr.status ?? {}, generation, undefined, { reason: Reasons.InvalidSpec, message: msg }, 0, now, Reasons.InvalidSpec));
      this.#d.events.record(eventTarget(hr), "Warning", Reasons.InvalidSpec, "Validate", msg);
      this.#d.metrics.releaseReady.set({ namespace: hr.metadata.namespace ?? "", name: hr.metadata.name }, 0);
      return { result: "stalled" };
    }

    if ((hr.spec.dependsOn ?? []).length > 0) {
      const deps = await checkDependencies(hr, (ns, name) => this.#releases.get(ns, name));
      if (deps.state === "cycle") {
        const msg = `dependsOn forms a cycle: ${deps.cycle.join(" → ")}`;
        await this.#writeStatus(hr, stalled(hr.status ?? {}, generation, undefined, { reason: Reasons.DependencyCycle, message: msg }, 0, now, Reasons.DependencyCycle));
        this.#d.events.record(eventTarget(hr), "Warning", Reasons.DependencyCycle, "Reconcile", msg);
        return { result: "stalled" };
      }
      if (deps.state === "waiting") {
        // Not a failure: no retry is counted. The dependency turning Ready
        // reconciles this release at once (Controller); the requeue is a fallback.
        const s = markFailed(hr.status ?? {}, generation, Reasons.DependencyNotReady, deps.message, now);
        if (getCondition(hr.status?.conditions, READY)?.message !== deps.message) {
          await this.#writeStatus(hr, s);
          this.#d.events.record(eventTarget(hr), "Normal", Reasons.DependencyNotReady, "Reconcile", deps.message);
        }
        log.debug({ phase: "dependencies" }, deps.message);
        return { result: "skipped", requeueAfterMs: DEPENDENCY_REQUEUE_MS };
      }
    }

    const requestedAt = hr.metadata.annotations?.[RECONCILE_REQUESTED_AT];
    const requested = requestedAt !== undefined && requestedAt !== hr.status?.lastHandledReconcileAt;

    // A retry already scheduled (status.retry.nextAttemptAt) is honoured
    // across restarts and unrelated events, unless the spec changed or a
    // reconcile was requested.
    const next = hr.status?.retry?.nextAttemptAt;
    if (next !== undefined && !requested && hr.status?.observedGeneration === generation) {
      const wait = Date.parse(next) - now.getTime();
      if (wait > 50) return { result: "skipped", requeueAfterMs: wait };
    }

    let access: RegistryAccess;
    let resolved: { digest: string; tag?: string };
    let values: ComposedValues;
    try {
      access = await phase(Reasons.ChartPullFailed, "reading registry credentials", () => this.#registryAccess(hr, spec));
      resolved = await phase(Reasons.ChartPullFailed, "resolving the chart", () => this.#d.fetcher.resolve(spec.chart, access));
      values = await phase(Reasons.ValuesFailed, "composing values", () =>
        composeValues(spec, async (kind, name) => {
          const data = await this.#releases.readData(kind, hr.metadata.namespace ?? "", name);
          return data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString("utf8")]));
        }),
      );
    } catch (e) {
      return this.#failed(hr, spec, undefined, e, log);
    }

    const attemptInputs = { generation, revision: { digest: resolved.digest, ...(resolved.tag === undefined ? {} : { version: resolved.tag }) }, valuesDigest: values.digest };
    if (isStalledFor(hr.status, Reasons.RetriesExceeded) && !requested && sameInputs(hr.status, attemptInputs)) {
      // Given up on exactly these inputs: look again at the next interval
      // for a new chart revision, nothing more.
      return { result: "stalled", requeueAfterMs: intervalMs };
    }

    const clients = this.releaseClients(hr);
    const capabilities: ClusterCapabilities | Error = await this.#d.cluster.capabilities().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    const key = `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
    if (!requested && !(capabilities instanceof Error) && this.#upToDate(hr, attemptInputs, capabilities.digest)) {
      const missing = await this.#verify(hr, spec, clients);
      if (missing === undefined) {
        log.debug({ phase: "verify" }, "up to date");
        return { result: "unchanged", requeueAfterMs: intervalMs };
      }
      log.info({ phase: "verify" }, `re-applying: ${missing}`);
    }

    const attempt: Attempt = { ...attemptInputs, startedAt: timestamp(now) };
    try {
      if (capabilities instanceof Error) throw new PhaseError(Reasons.RenderFailed, `reading the cluster's capabilities: ${capabilities.message}`);
      this.#d.drift?.beginSync(key);
      await this.#sync(hr, spec, attempt, access, values, capabilities, requested ? requestedAt : undefined, log, signal, clients);
      this.#renderedWith.set(key, capabilities.digest);
      return { result: "success", requeueAfterMs: intervalMs };
    } catch (e) {
      this.#d.drift?.endSync(key);
      if (signal.aborted) throw e;
      return this.#failed(await this.#releases.get(hr.metadata.namespace ?? "", hr.metadata.name).then((x) => x ?? hr), spec, attempt, e, log);
    }
  }

  #upToDate(hr: HelmRelease, a: Pick<Attempt, "generation" | "revision" | "valuesDigest">, capabilitiesDigest: string): boolean {
    const s = hr.status;
    const ready = getCondition(s?.conditions, READY);
    const rendered = this.#renderedWith.get(`${hr.metadata.namespace ?? ""}/${hr.metadata.name}`);
    return (
      ready?.status === "True" &&
      ready.observedGeneration === a.generation &&
      s?.observedGeneration === a.generation &&
      s.lastAppliedRevision?.digest === a.revision.digest &&
      s.history?.[0]?.result === "Succeeded" &&
      s.history[0].valuesDigest === a.valuesDigest &&
      (rendered === undefined || rendered === capabilitiesDigest)
    );
  }

  /**
   * Whether a release is in the state its last sync left it: Ready for its
   * generation, no retry scheduled, no reconcile requested. Only then is a
   * watch-reported change checked as drift; otherwise the regular path runs
   * (and re-applies everything anyway).
   */
  #settled(hr: HelmRelease): boolean {
    const key = `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
    const requestedAt = hr.metadata.annotations?.[RECONCILE_REQUESTED_AT];
    return (
      this.#d.drift?.has(key) === true &&
      isReady(hr.status, hr.metadata.generation ?? 0) &&
      hr.status?.retry?.nextAttemptAt === undefined &&
      (requestedAt === undefined || requestedAt === hr.status?.lastHandledReconcileAt)
    );
  }

  /**
   * After a restart the drift tracker knows nothing: read what the last sync
   * stored (once per release and process), and watch its objects again.
   */
  async #restoreApplied(hr: HelmRelease, log: Logger): Promise<void> {
    const d = this.#d;
    const key = `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
    const revision = hr.status?.releaseRevision;
    if (!d.drift || !d.appliedStore || d.drift.has(key) || this.#restoreTried.has(key) || revision === undefined) return;
    if (!isReady(hr.status, hr.metadata.generation ?? 0)) return;
    this.#restoreTried.add(key);
    try {
      const state = await d.appliedStore.load(hr, revision);
      if (state) d.drift.restore(key, state);
      else log.info({ phase: "drift" }, "no stored applied objects of this release revision: drift is detected again after the next sync");
    } catch (e) {
      log.warn({ phase: "drift", err: message(e) }, "reading the stored applied objects failed");
    }
  }

  #driftDeps(hr: HelmRelease, log: Logger): Parameters<typeof checkDrift>[0] {
    const d = this.#d;
    if (d.drift === undefined) throw new Error("drift checks need a DriftTracker");
    return {
      // Drift checks and fixes are the release's reads and writes: its service account's rights.
      applier: this.releaseClients(hr).applier,
      tracker: d.drift,
      events: d.events,
      metrics: d.metrics,
      log,
      filter: driftFilter(withDefaults(hr.spec)),
      writeStatus: (hr, status) => this.#writeStatus(hr, status),
      now: () => this.#now(),
      concurrency: d.applyConcurrency ?? 8,
    };
  }

  /**
   * The cheap check of a release that has nothing new to apply: every
   * inventory object still exists and is Current. Returns what is wrong, or
   * undefined. (Field-level drift is the drift detector's job.)
   */
  async #verify(hr: HelmRelease, spec: DefaultedSpec, clients: ReleaseClients): Promise<string | undefined> {
    const refs = inventoryOf(hr.status);
    for (const ref of refs) {
      const mapping = await this.#d.applier.discovery.resolve(apiVersionOf(ref), ref.kind).catch(() => undefined);
      if (!mapping) return `${ref.kind} ${ref.name}: kind no longer served`;
      const res = await clients.transport({ method: "GET", path: resourcePath(mapping, ref.namespace ?? spec.targetNamespace, ref.name) });
      if (res.status === 404) return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} is missing`;
      // The release's ServiceAccount lost a right: a sync reports it (Forbidden).
      if (res.status === 403) return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} cannot be read as ${clients.user ?? "the controller"}`;
      if (res.status >= 200 && res.status < 300) {
        const st = evaluate(res.body as Record<string, unknown>);
        if (st.status !== "Current") return `${ref.kind} ${ref.name} is ${st.status}: ${st.message}`;
      }
    }
    return undefined;
  }

  async #registryAccess(hr: HelmRelease, spec: DefaultedSpec): Promise<RegistryAccess> {
    const ns = hr.metadata.namespace ?? "";
    const credName = spec.chart.credentialsSecretRef?.name;
    const caName = spec.chart.caSecretRef?.name;
    const read = async (name: string | undefined): Promise<Record<string, Buffer> | undefined> => {
      if (name === undefined) return undefined;
      const data = await this.#releases.readData("Secret", ns, name);
      if (data === undefined) throw new Error(`Secret ${ns}/${name} not found`);
      return data;
    };
    return registryAccess(await read(credName), await read(caName), { ...(credName === undefined ? {} : { credentials: credName }), ...(caName === undefined ? {} : { ca: caName }) });
  }

  async #sync(
    hr0: HelmRelease,
    spec: DefaultedSpec,
    attempt: Attempt,
    access: RegistryAccess,
    values: ComposedValues,
    capabilities: { kubeVersion: string; apiVersions: string[] },
    requestedAt: string | undefined,
    log: Logger,
    signal: AbortSignal,
    c: ReleaseClients,
  ): Promise<void> {
    const d = this.#d;
    const ns = hr0.metadata.namespace ?? "";
    const release: ReleaseRef = { namespace: ns, name: hr0.metadata.name };
    const releaseName = spec.releaseName ?? hr0.metadata.name;
    const targetNamespace = spec.targetNamespace ?? ns;
    const isUpgrade = (hr0.status?.releaseRevision ?? 0) > 0 || hr0.status?.lastAppliedRevision !== undefined;
    const releaseRevision = (hr0.status?.releaseRevision ?? (isUpgrade ? 1 : 0)) + 1;
    const labels = { namespace: ns, name: hr0.metadata.name };
    const startMsg = `${isUpgrade ? "upgrading to" : "installing"} ${spec.chart.repository.replace(/^oci:\/\//, "")} ${describeRevision(attempt.revision)}`;
    let hr = await this.#writeStatus(hr0, started(hr0, attempt, startMsg, requestedAt, undefined, this.#now()));
    d.events.record(eventTarget(hr), "Normal", Reasons.Progressing, "Reconcile", startMsg);
    log.info({ phase: "start", digest: attempt.revision.digest }, startMsg);

    // Source.
    let t0 = performance.now();
    const fetched = await phase(Reasons.ChartPullFailed, "pulling the chart", async () => {
      try {
        const f = await d.fetcher.load(spec.chart, access, attempt.revision.digest ?? "");
        d.metrics.ociPullDuration.observe({ result: f.pulled ? "pulled" : "cached" }, (performance.now() - t0) / 1000);
        return f;
      } catch (e) {
        d.metrics.ociPullDuration.observe({ result: "error" }, (performance.now() - t0) / 1000);
        throw e;
      }
    });
    attempt.revision = { ...attempt.revision, version: fetched.version };
    log.info({ phase: "source", durationMs: Math.round(performance.now() - t0), pulled: fetched.pulled }, `chart ${fetched.name} ${fetched.version}`);

    // Render (live capabilities, read-only lookups).
    t0 = performance.now();
    const rendered = await phase(Reasons.RenderFailed, "rendering the chart", async () => {
      try {
        const { result } = await renderWithLookups<RenderResult>(
          (lookup) =>
            renderChart(fetched.chart, values.values, {
              release: { name: releaseName, namespace: targetNamespace, isUpgrade, revision: releaseRevision },
              kubeVersion: capabilities.kubeVersion,
              clusterAPIVersions: capabilities.apiVersions,
              lookup,
            }),
          (apiVersion, kind, namespace, name) => fetchLookup(c.transport, d.applier.discovery, apiVersion, kind, namespace, name),
        );
        d.metrics.renderDuration.observe({ result: "success" }, (performance.now() - t0) / 1000);
        return result;
      } catch (e) {
        d.metrics.renderDuration.observe({ result: "error" }, (performance.now() - t0) / 1000);
        throw e;
      }
    });
    log.info({ phase: "render", durationMs: Math.round(performance.now() - t0), manifests: rendered.manifests.length }, "rendered");

    // Objects in apply order; the inventory widened first (see file comment).
    const objects = await phase(Reasons.RenderFailed, "reading the rendered manifests", () => parseManifests(rendered.manifests));
    const chartCrds = await phase(Reasons.ApplyFailed, "reading the chart's CRDs", () => this.#chartCrds(rendered, spec, c.transport));
    const previous = inventoryOf(hr.status);
    const planned = await phase(Reasons.ApplyFailed, "planning the apply", () => plannedRefs(d.applier.discovery, [...chartCrds, ...objects], targetNamespace, chartCrds.length));
    const pruneEnabled = spec.syncPolicy.automated?.prune === true;
    const widened = union(previous, planned);
    if (diffInventory(previous, widened).added.length > 0) hr = await this.#writeStatus(hr, { ...hr.status, inventory: toInventory(widened) });

    t0 = performance.now();
    if (spec.createNamespace) {
      // Created for the release but, as with Flux, not part of it: not in
      // the inventory, so neither pruned nor deleted on uninstall.
      await phase(Reasons.ApplyFailed, `creating namespace ${targetNamespace}`, () =>
        c.applier.apply([{ apiVersion: "v1", kind: "Namespace", metadata: { name: targetNamespace } }], { release, targetNamespace }),
      );
    }
    if (chartCrds.length > 0) {
      await phase(Reasons.ApplyFailed, "applying the chart's CRDs", () => c.applier.apply(chartCrds, { release, targetNamespace, force: spec.syncPolicy.forceConflicts }));
      d.cluster.invalidate();
    }
    // Helm hooks (./hooks.ts), never in the inventory; pre-* after the chart's CRDs, as in Helm.
    const runHookEvent = async (event: HookEvent): Promise<void> => {
      if (!hookEventEnabled(event, spec)) return;
      const o = { applier: c.applier, waitClient: c.waitClient, kubeConfig: d.kubeConfig, events: d.events, eventTarget: eventTarget(hr), log, release, targetNamespace };
      try {
        await runHooks({ ...o, timeoutMs: parseGoDuration(spec.timeout), signal, force: spec.syncPolicy.forceConflicts }, rendered.hooks, event);
      } catch (e) {
        if (!(e instanceof HookError)) throw e;
        throw forbidden(`${event} hook ${e.hook ?? ""}`, e.cause) ?? new PhaseError(e.reason, e.message, undefined, { cause: e });
      }
    };
    await runHookEvent(isUpgrade ? "pre-upgrade" : "pre-install");
    const toApply = await phase(Reasons.ApplyFailed, "reading objects whose ignored fields are left to their other owners", () => respectIgnored(c.transport, d.applier.discovery, spec, objects, planned));
    const applied = await phase(Reasons.ApplyFailed, "applying", async () => {
      try {
        return await c.applier.apply(toApply, {
          release,
          targetNamespace,
          force: spec.syncPolicy.forceConflicts,
          replaceOnImmutable: spec.syncPolicy.replaceOnImmutable,
          concurrency: d.applyConcurrency ?? 8,
        });
      } catch (e) {
        if (e instanceof ApplySetError) throw forbidden("applying", e) ?? new PhaseError(Reasons.ApplyFailed, `applying: ${e.message}`);
        throw e;
      }
    });
    if (objects.some((o) => o.kind === "CustomResourceDefinition")) d.cluster.invalidate();
    const appliedMsg = `applied ${String(applied.refs.length)} objects of ${fetched.name} ${fetched.version}`;
    log.info({ phase: "apply", durationMs: Math.round(performance.now() - t0), objects: applied.refs.length }, appliedMsg);
    d.events.record(eventTarget(hr), "Normal", "Applied", "Apply", appliedMsg);

    const doPrune = async (): Promise<void> => {
      if (!pruneEnabled) return;
      const result = await phase(Reasons.PruneFailed, "pruning", () =>
        c.applier.prune(previous, applied.refs, { release, propagationPolicy: spec.syncPolicy.prunePropagationPolicy, allowEmpty: spec.syncPolicy.automated?.allowEmpty ?? false }),
      );
      if (result.deleted.length > 0) {
        d.metrics.prunedObjects.inc(labels, result.deleted.length);
        const names = result.deleted.map(describeShort);
        d.events.record(eventTarget(hr), "Normal", "Pruned", "Prune", `pruned ${String(names.length)} objects: ${names.join(", ")}`);
        log.info({ phase: "prune", deleted: names }, "pruned");
      }
      if (result.errors.length > 0) {
        throw forbidden("pruning", new AggregateError(result.errors.map((x) => x.error))) ?? new PhaseError(Reasons.PruneFailed, `pruning: ${result.errors.map((x) => x.error.message).join("; ")}`);
      }
    };
    if (!spec.syncPolicy.pruneLast) await doPrune();

    t0 = performance.now();
    const timeoutMs = parseGoDuration(spec.timeout);
    await phase(Reasons.HealthCheckFailed, "waiting for health", async () => {
      try {
        await waitForCurrent(d.kubeConfig, applied.refs.map(toHealthRef), { timeoutMs, signal, client: c.waitClient });
      } catch (e) {
        const denied = forbidden("waiting for health", e);
        if (denied) throw denied;
        if (e instanceof WaitError) {
          const status = e.reason === "Failed" ? "Degraded" : "Progressing";
          throw new PhaseError(Reasons.HealthCheckFailed, e.message, { status, message: e.message });
        }
        throw e;
      }
    });
    log.info({ phase: "health", durationMs: Math.round(performance.now() - t0) }, "every object is Current");
    if (spec.syncPolicy.pruneLast) await doPrune();
    await runHookEvent(isUpgrade ? "post-upgrade" : "post-install");
    await runHookEvent("test");

    const inventory = toInventory(pruneEnabled ? applied.refs : union(previous, applied.refs));
    const readyMsg = `${isUpgrade ? "upgraded to" : "installed"} ${fetched.name} ${describeRevision(attempt.revision)}: ${String(applied.refs.length)} objects Current`;
    // hr is what the last status write returned: its status is current (bosun is its only writer).
    const done = await this.#writeStatus(hr, succeeded(hr.status ?? {}, attempt, { message: readyMsg, inventory, releaseRevision }, this.#now()));
    d.events.record(eventTarget(done), "Normal", "Ready", "Reconcile", readyMsg);
    // From now on drift is measured against exactly these objects (not a fresh render).
    const appliedState = { objects, refs: planned, targetNamespace };
    d.drift?.setApplied(`${ns}/${hr.metadata.name}`, appliedState, applied.applied);
    if (d.drift && d.appliedStore) {
      const stored = await d.appliedStore.save(done, appliedState, releaseRevision).catch((e: unknown) => {
        log.warn({ phase: "drift", err: message(e) }, "storing the applied objects failed: after a restart, drift is detected again only after the next upgrade");
        return true;
      });
      if (!stored) log.warn({ phase: "drift" }, "the applied objects are too large to store: after a restart, drift is detected again only after the next upgrade");
    }
    d.metrics.releaseReady.set(labels, 1);
    d.metrics.setReleaseInfo(ns, hr.metadata.name, { chart: fetched.name, version: fetched.version, digest: attempt.revision.digest ?? "" });
  }

  /**
   * The chart's crds/ files to apply under the release's policy. As with
   * Helm, these CRDs are not part of the release: never in the inventory,
   * so never pruned or uninstalled (deleting a CRD deletes every custom
   * resource of it, in every namespace). Create installs a missing CRD and
   * leaves an existing one alone; CreateReplace also updates it.
   */
  async #chartCrds(rendered: RenderResult, spec: DefaultedSpec, transport: Transport): Promise<KubeObject[]> {
    if (spec.syncPolicy.crds === "Skip" || rendered.crds.length === 0) return [];
    const out: KubeObject[] = [];
    for (const crd of parseManifests(rendered.crds.map((c) => ({ source: c.source, content: c.content })))) {
      if (spec.syncPolicy.crds === "Create" && (await this.#exists(transport, `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(crd.metadata.name)}`))) continue;
      out.push(crd);
    }
    return out;
  }

  async #exists(transport: Transport, path: string): Promise<boolean> {
    const res = await transport({ method: "GET", path });
    return res.status >= 200 && res.status < 300;
  }

  async #writeStatus(hr: HelmRelease, status: HelmReleaseStatus): Promise<HelmRelease> {
    return this.#releases.patchStatus(hr, status);
  }

  /** Records a failure and schedules a retry, or stalls when the retry limit is spent. */
  async #failed(hr: HelmRelease, spec: DefaultedSpec, attempt: Attempt | undefined, e: unknown, log: Logger): Promise<ReconcileOutcome> {
    const d = this.#d;
    const generation = hr.metadata.generation ?? 0;
    const f: Failure = e instanceof PhaseError ? { reason: e.reason, message: e.message, ...(e.health ? { health: e.health } : {}) } : { reason: Reasons.ApplyFailed, message: message(e) };
    // Failures count per inputs: a new generation, revision or values start at one.
    const retryOfSame = attempt === undefined ? hr.status?.observedGeneration === generation : sameInputs(hr.status, attempt);
    const failures = (retryOfSame ? (hr.status?.retry?.attempts ?? 0) : 0) + 1;
    const policy = backoffPolicy(spec.syncPolicy.retry);
    const decision = decideRetry(policy, failures);
    const labels = { namespace: hr.metadata.namespace ?? "", name: hr.metadata.name };
    d.metrics.releaseReady.set(labels, 0);
    const now = this.#now();
    if (decision.action === "retry") {
      const at = new Date(now.getTime() + decision.delayMs);
      await this.#writeStatus(hr, retrying(hr.status ?? {}, generation, attempt, f, failures, at, now));
      const limit = policy.limit < 0 ? "unlimited" : String(policy.limit);
      d.events.record(eventTarget(hr), "Warning", f.reason, "Reconcile", f.message);
      d.events.record(eventTarget(hr), "Normal", "RetryScheduled", "Retry", `retry ${String(decision.retry + 1)} of ${limit} in ${String(Math.round(decision.delayMs / 1000))}s`);
      d.metrics.retries.inc(labels);
      log.warn({ phase: "failed", reason: f.reason, retryInMs: decision.delayMs, failures }, f.message);
      return { result: "failure", requeueAfterMs: decision.delayMs };
    }
    const msg = `${f.message} (gave up after ${String(failures)} failed attempts; change the spec, chart or values, or set the ${RECONCILE_REQUESTED_AT} annotation, to try again)`;
    await this.#writeStatus(hr, stalled(hr.status ?? {}, generation, attempt, { ...f, message: msg }, failures, now));
    d.events.record(eventTarget(hr), "Warning", Reasons.RetriesExceeded, "Reconcile", msg);
    log.error({ phase: "stalled", reason: f.reason, failures }, msg);
    return { result: "stalled", requeueAfterMs: withJitter(parseGoDuration(spec.interval)) };
  }

  /**
   * The chart's pre-delete and post-delete hooks, for uninstall. bosun keeps
   * no rendered release (Helm keeps its hooks in the release Secret), so the
   * last applied revision (from the chart cache when it is there) is rendered
   * again, with the values as they are now. None when nothing was applied.
   */
  async #deleteHooks(hr: HelmRelease, spec: DefaultedSpec, c: ReleaseClients): Promise<Hook[]> {
    const s = hr.status;
    const digest = s?.lastAppliedRevision?.digest ?? (inventoryOf(s).length > 0 ? s?.lastAttemptedRevision?.digest : undefined);
    if (digest === undefined) return [];
    const ns = hr.metadata.namespace ?? "";
    const fetched = await this.#d.fetcher.load(spec.chart, await this.#registryAccess(hr, spec), digest);
    const values = await composeValues(spec, async (kind, name) => {
      const data = await this.#releases.readData(kind, ns, name);
      return data === undefined ? undefined : Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v.toString("utf8")]));
    });
    const capabilities = await this.#d.cluster.capabilities();
    const revision = s?.releaseRevision ?? 1;
    const { result } = await renderWithLookups<RenderResult>(
      (lookup) =>
        renderChart(fetched.chart, values.values, {
          release: { name: spec.releaseName ?? hr.metadata.name, namespace: spec.targetNamespace ?? ns, isUpgrade: revision > 1, revision },
          kubeVersion: capabilities.kubeVersion,
          clusterAPIVersions: capabilities.apiVersions,
          lookup,
        }),
      (apiVersion, kind, namespace, name) => fetchLookup(c.transport, this.#d.applier.discovery, apiVersion, kind, namespace, name),
    );
    return result.hooks.filter((h) => h.events.includes("pre-delete") || h.events.includes("post-delete"));
  }

  async #finalize(hr: HelmRelease, log: Logger, signal: AbortSignal): Promise<ReconcileOutcome> {
    if (!(hr.metadata.finalizers ?? []).includes(FINALIZER)) return { result: "deleted" };
    const spec = withDefaults(hr.spec);
    const labels = { namespace: hr.metadata.namespace ?? "", name: hr.metadata.name };
    if (!spec.suspend) {
      const clients = this.releaseClients(hr);
      const outcome = await uninstall(this.#d, hr, spec, inventoryOf(hr.status), log, signal, clients, () => this.#deleteHooks(hr, spec, clients));
      if (outcome.error !== undefined) {
        const f = { reason: Reasons.Uninstalling, message: outcome.error };
        await this.#writeStatus(hr, retrying(hr.status ?? {}, hr.metadata.generation ?? 0, undefined, f, (hr.status?.retry?.attempts ?? 0) + 1, new Date(this.#now().getTime() + 5000), this.#now())).catch(() => hr);
        this.#d.events.record(eventTarget(hr), "Warning", Reasons.Uninstalling, "Uninstall", outcome.error);
        return { result: "failure", requeueAfterMs: 5000 };
      }
    } else {
      this.#d.events.record(eventTarget(hr), "Normal", Reasons.Suspended, "Uninstall", "release is suspended: its objects are kept");
    }
    await this.#releases.removeFinalizer(hr);
    this.#d.metrics.forgetRelease(labels.namespace, labels.name);
    this.#renderedWith.delete(`${labels.namespace}/${labels.name}`);
    this.#d.drift?.forget(`${labels.namespace}/${labels.name}`);
    this.#restoreTried.delete(`${labels.namespace}/${labels.name}`);
    this.#d.appliedStore?.forget(`${labels.namespace}/${labels.name}`);
    log.info({ phase: "finalize" }, spec.suspend ? "finalizer removed; objects kept (suspended)" : "uninstalled");
    return { result: "deleted" };
  }
}

/**
 * ignoreDifferences as drift checks apply it: ignored paths are not
 * reported, objects annotated bosun.dev/drift: disabled never are; with
 * respectIgnoreDifferences self-heal leaves the ignored fields to their
 * other owner.
 */
function driftFilter(spec: DefaultedSpec): DriftFilter {
  return {
    reportable: (ref, paths, live, desired) => (driftDisabled(live) || driftDisabled(desired) ? [] : filterDriftPaths(paths, ignoreRulesFor(spec.ignoreDifferences, ref), live)),
    toApply: (ref, desired, live) => (spec.syncPolicy.respectIgnoreDifferences ? withoutIgnoredFields(desired, ignoreRulesFor(spec.ignoreDifferences, ref), live) : desired),
  };
}

/**
 * With syncPolicy.respectIgnoreDifferences, the objects to apply without
 * the fields ignoreDifferences names (their values taken from the live
 * object, or the fields left out when other managers own them), so an
 * upgrade does not take back what e.g. an HPA owns. One GET per object an
 * entry matches; `refs[i]` is the ref of `objects[i]`.
 */
async function respectIgnored(t: Transport, discovery: Applier["discovery"], spec: DefaultedSpec, objects: readonly KubeObject[], refs: readonly ObjectRef[]): Promise<KubeObject[]> {
  if (!spec.syncPolicy.respectIgnoreDifferences || (spec.ignoreDifferences ?? []).length === 0) return [...objects];
  const out: KubeObject[] = [];
  for (const [i, obj] of objects.entries()) {
    const ref = refs[i];
    const rules = ref === undefined ? [] : ignoreRulesFor(spec.ignoreDifferences, ref);
    if (ref === undefined || rules.length === 0) {
      out.push(obj);
      continue;
    }
    let live: KubeObject | undefined;
    const mapping = await discovery.resolve(obj.apiVersion, obj.kind).catch(() => undefined);
    if (mapping) {
      try {
        live = (await call(t, { method: "GET", path: resourcePath(mapping, ref.namespace, ref.name) })) as KubeObject;
      } catch (e) {
        if (!(e instanceof KubeApiError && e.code === 404)) throw e;
      }
    }
    out.push(withoutIgnoredFields(obj, rules, live));
  }
  return out;
}
