/**
 * The running controller: HelmRelease informers (and ConfigMap and Secret
 * informers, for valuesFrom) feed a work queue whose handler is the
 * Reconciler; the queue only runs while this process leads
 * (Lease), so two replicas never reconcile at once; probes and metrics are
 * served from the start (a standby is live and ready, it just does not
 * work). Shutdown stops intake, lets in-flight reconciles finish until a
 * deadline (then aborts them — every reconcile step is safe to abandon),
 * releases the Lease and closes the probes.
 */
import { randomBytes } from "node:crypto";
import type * as k8s from "@kubernetes/client-node";
import { isReady, type HelmRelease } from "../api/index.ts";
import { Applier, kubeTransport, type KubeObject, type Transport } from "../apply/index.ts";
import type { Logger } from "../log/index.ts";
import { Metrics, startProbeServer, type ProbeServer } from "../metrics/index.ts";
import { ClusterInfo } from "./cluster.ts";
import { clusterReleasesPath, releasePath } from "./client.ts";
import { EventRecorder } from "./events.ts";
import { Informer } from "./informer.ts";
import { LeaderElector } from "./leader.ts";
import { WorkQueue } from "./queue.ts";
import { RECONCILE_REQUESTED_AT, Reconciler } from "./reconciler.ts";
import { identityOnly, ValuesReferences } from "./references.ts";
import { Dependents } from "./dependencies.ts";
import { ChartFetcher } from "./source.ts";
import { DriftTracker } from "./drift.ts";
import { AppliedStore } from "./applied-store.ts";
import { ObjectWatches } from "./object-watches.ts";

export interface LeaderElectionConfig {
  namespace: string;
  name: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface ControllerOptions {
  kubeConfig: k8s.KubeConfig;
  log: Logger;
  /** Watch only these namespaces (empty: all). */
  namespaces?: readonly string[];
  /** Reconcile only HelmReleases matching this label selector (sharding). */
  labelSelector?: string;
  /** Releases reconciled at once (default 4). */
  concurrency?: number;
  /** Absent: no leader election (a single replica). */
  leaderElection?: LeaderElectionConfig;
  /** host:port for /metrics, /healthz, /readyz; absent: not served. */
  probeAddress?: string;
  cacheDir: string;
  /** Grace period for in-flight reconciles on shutdown (default 30 s). */
  shutdownTimeoutMs?: number;
  /** This process's name in Leases and Events (default hostname + random suffix). */
  identity?: string;
  metrics?: Metrics;
  /** Wraps the transport (tests count requests). */
  wrapTransport?: (t: Transport) => Transport;
  /**
   * ServiceAccount impersonated, in each release's own namespace, for
   * releases without spec.serviceAccountName (Flux's
   * --default-service-account): then no release acts with the controller's
   * rights. Absent: such releases use the controller's identity.
   */
  defaultServiceAccount?: string;
}

function keyOf(hr: HelmRelease): string {
  return `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
}

/** Whether an update needs a reconcile: not for status-only changes (bosun's own writes). */
export function needsReconcile(old: HelmRelease, hr: HelmRelease): boolean {
  return (
    old.metadata.generation !== hr.metadata.generation ||
    (hr.metadata.deletionTimestamp !== undefined && old.metadata.deletionTimestamp === undefined) ||
    old.metadata.annotations?.[RECONCILE_REQUESTED_AT] !== hr.metadata.annotations?.[RECONCILE_REQUESTED_AT]
  );
}

export function becameReady(old: HelmRelease, hr: HelmRelease): boolean {
  return !isReady(old.status, old.metadata.generation ?? 0) && isReady(hr.status, hr.metadata.generation ?? 0);
}

export class Controller {
  readonly metrics: Metrics;
  readonly identity: string;
  readonly #opts: ControllerOptions;
  readonly #log: Logger;
  /** The (level, msg, fields) logging callback of the leader elector and the event recorder, onto pino. */
  readonly #logTo = (level: "info" | "warn", msg: string, fields?: Record<string, unknown>): void => {
    this.#log[level](fields ?? {}, msg);
  };
  readonly #transport: Transport;
  readonly #informers: Informer<HelmRelease>[];
  readonly #sourceInformers: Informer<KubeObject>[];
  readonly #references = new ValuesReferences();
  readonly #dependents = new Dependents();
  readonly #reconciler: Reconciler;
  readonly #events: EventRecorder;
  readonly #drift = new DriftTracker();
  readonly #objectWatches: ObjectWatches;
  readonly #stop = new AbortController();
  #queue: WorkQueue | undefined;
  #probes: ProbeServer | undefined;
  #leading: Promise<void> | undefined;
  #leader: LeaderElector | undefined;
  #done: Promise<void> | undefined;
  #reconcileSeq = 0;

  constructor(opts: ControllerOptions) {
    this.#opts = opts;
    this.#log = opts.log;
    this.identity = opts.identity ?? `${process.env["HOSTNAME"] ?? "bosun"}-${randomBytes(4).toString("hex")}`;
    this.metrics = opts.metrics ?? new Metrics();
    const base = kubeTransport(opts.kubeConfig);
    this.#transport = opts.wrapTransport ? opts.wrapTransport(base) : base;
    const applier = new Applier(this.#transport);
    this.#events = new EventRecorder({
      transport: this.#transport,
      reportingController: "bosun.dev/helmrelease-controller",
      reportingInstance: this.identity.slice(0, 128),
      log: this.#logTo,
    });
    // Drift: managed objects are watched per kind; a change bosun did not
    // make queues its release, whose reconcile then checks just those objects.
    this.#objectWatches = new ObjectWatches({
      kubeConfig: opts.kubeConfig,
      transport: this.#transport,
      discovery: applier.discovery,
      onChange: (change) => {
        if (this.#drift.note(change.release, change.ref, change, Date.now())) this.#queue?.add(change.release);
      },
      onError: (err, what) => {
        this.#log.warn({ err }, `${what} failed; retrying`);
      },
    });
    this.#drift.onTrack = (release, refs) => {
      this.#objectWatches.track(release, refs).catch((err: unknown) => {
        this.#log.warn({ err, release }, "starting watches of the release's objects failed");
      });
    };
    this.#reconciler = new Reconciler({
      drift: this.#drift,
      appliedStore: new AppliedStore(this.#transport),
      kubeConfig: opts.kubeConfig,
      transport: this.#transport,
      applier,
      ...(opts.defaultServiceAccount === undefined ? {} : { defaultServiceAccount: opts.defaultServiceAccount }),
      fetcher: new ChartFetcher({ cacheDir: opts.cacheDir }),
      cluster: new ClusterInfo(this.#transport),
      events: this.#events,
      metrics: this.metrics,
      log: this.#log,
    });
    const namespaced = opts.namespaces && opts.namespaces.length > 0 ? opts.namespaces : undefined;
    const paths = namespaced ? namespaced.map((ns) => releasePath(ns)) : [clusterReleasesPath()];
    this.#informers = paths.map((path) => {
      const inf = new Informer<HelmRelease>({
        kubeConfig: opts.kubeConfig,
        transport: this.#transport,
        path,
        ...(opts.labelSelector === undefined ? {} : { labelSelector: opts.labelSelector }),
        onError: (err: unknown) => {
          this.#log.warn({ err, path }, "HelmRelease watch failed; retrying");
        },
      });
      inf.on("add", (hr) => {
        this.#references.set(hr);
        this.#dependents.set(hr);
        this.#queue?.add(keyOf(hr));
        // A release waiting for this one sees it exist (or close a cycle).
        for (const key of this.#dependents.of(keyOf(hr))) this.#queue?.add(key);
      });
      inf.on("update", (hr, old) => {
        this.#references.set(hr);
        this.#dependents.set(hr);
        if (needsReconcile(old, hr)) this.#queue?.add(keyOf(hr));
        // A release turning Ready lets the releases waiting on it go on; a
        // changed dependsOn may close or open a cycle for them.
        if (becameReady(old, hr) || old.metadata.generation !== hr.metadata.generation) for (const key of this.#dependents.of(keyOf(hr))) this.#queue?.add(key);
      });
      inf.on("delete", (hr) => {
        this.#references.delete(hr);
        this.#dependents.delete(hr);
        this.#queue?.cancel(keyOf(hr));
        this.#drift.forget(keyOf(hr));
        this.metrics.forgetRelease(hr.metadata.namespace ?? "", hr.metadata.name);
      });
      return inf;
    });
    // ConfigMaps and Secrets named by valuesFrom: a change reconciles the
    // releases that read them (their values digest changes, so they upgrade).
    // Stored without their data.
    this.#sourceInformers = (["ConfigMap", "Secret"] as const).flatMap((kind) => {
      const resource = kind === "Secret" ? "secrets" : "configmaps";
      const sourcePaths = namespaced ? namespaced.map((ns) => `/api/v1/namespaces/${encodeURIComponent(ns)}/${resource}`) : [`/api/v1/${resource}`];
      return sourcePaths.map((path) => {
        const inf = new Informer<KubeObject>({
          kubeConfig: opts.kubeConfig,
          transport: this.#transport,
          path,
          transform: identityOnly,
          onError: (err: unknown) => {
            this.#log.warn({ err, path }, `${kind} watch failed; retrying`);
          },
        });
        const changed = (obj: KubeObject): void => {
          for (const key of this.#references.usersOf(kind, obj.metadata.namespace ?? "", obj.metadata.name)) this.#queue?.add(key);
        };
        inf.on("add", changed);
        inf.on("update", changed);
        inf.on("delete", changed);
        return inf;
      });
    });
  }

  /** Base URL of /metrics, /healthz and /readyz once started (when served). */
  probeUrl(): string | undefined {
    return this.#probes?.url;
  }

  synced(): boolean {
    return [...this.#informers, ...this.#sourceInformers].every((i) => i.hasSynced());
  }

  /** The apiVersion|kind pairs whose objects are watched for drift now. */
  watchedKinds(): string[] {
    return this.#objectWatches.watched();
  }

  /** Resolves once every drift watch started so far has listed once. */
  async driftWatchesSynced(): Promise<void> {
    await this.#objectWatches.synced(this.#stop.signal);
  }

  isLeader(): boolean {
    return this.#leader ? this.#leader.isLeader() : this.#queue !== undefined;
  }

  /** Starts everything; resolves once informers are synced. `done()` resolves when the controller has stopped. */
  async start(): Promise<void> {
    if (this.#opts.probeAddress !== undefined) {
      this.#probes = await startProbeServer({
        address: this.#opts.probeAddress,
        metrics: this.metrics,
        healthz: () => (this.#stop.signal.aborted ? "shutting down" : true),
        readyz: () => (this.synced() ? true : "informers not synced"),
      });
      this.#log.info({ url: this.#probes.url }, "serving /metrics, /healthz and /readyz");
    }
    const all = [...this.#informers, ...this.#sourceInformers];
    for (const inf of all) inf.start();
    await Promise.all(all.map((i) => i.waitForSync(this.#stop.signal)));
    this.#log.info({ namespaces: this.#opts.namespaces ?? [], labelSelector: this.#opts.labelSelector }, "HelmRelease informers synced");
    const le = this.#opts.leaderElection;
    if (le) {
      this.#leader = new LeaderElector({
        transport: this.#transport,
        namespace: le.namespace,
        name: le.name,
        identity: this.identity,
        ...(le.leaseDurationMs === undefined ? {} : { leaseDurationMs: le.leaseDurationMs }),
        ...(le.renewDeadlineMs === undefined ? {} : { renewDeadlineMs: le.renewDeadlineMs }),
        ...(le.retryPeriodMs === undefined ? {} : { retryPeriodMs: le.retryPeriodMs }),
        onStartedLeading: (signal) => {
          this.#leading = this.#lead(signal);
          return this.#leading;
        },
        onNewLeader: (id) => {
          this.#log.info({ leader: id }, id === this.identity ? "became the leader" : "another instance leads");
        },
        log: this.#logTo,
      });
      this.#done = this.#leader.run(this.#stop.signal).then(async () => {
        await this.#leading;
        await this.#shutdownRest();
      });
    } else {
      this.#leading = this.#lead(this.#stop.signal);
      this.#done = this.#leading.then(() => this.#shutdownRest());
    }
  }

  /** Resolves when the controller has stopped (shutdown, or leadership lost). */
  done(): Promise<void> {
    return this.#done ?? Promise.resolve();
  }

  /** Runs the work queue until `signal` aborts (shutdown or lost leadership). */
  async #lead(signal: AbortSignal): Promise<void> {
    const queue = new WorkQueue({
      concurrency: this.#opts.concurrency ?? 4,
      handler: (key, abort) => this.#handle(key, abort),
      onError: (key, err) => {
        this.#log.error({ err, release: key }, "reconcile failed unexpectedly; retrying in 10s");
        queue.addAfter(key, 10_000);
      },
      onDepthChange: (n) => {
        this.metrics.queueDepth.set(n);
      },
    });
    this.#queue = queue;
    for (const inf of this.#informers) for (const hr of inf.list()) queue.add(keyOf(hr));
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => { resolve(); }, { once: true });
    });
    const { finished } = await queue.shutdown(this.#opts.shutdownTimeoutMs ?? 30_000);
    this.#queue = undefined;
    this.#log.info({ finished }, finished ? "in-flight reconciles finished" : "in-flight reconciles abandoned at the shutdown deadline");
    await this.#events.flush();
  }

  async #handle(key: string, signal: AbortSignal): Promise<void> {
    const [namespace = "", name = ""] = key.split("/");
    const id = `${Date.now().toString(36)}-${(++this.#reconcileSeq).toString(36)}`;
    const t0 = performance.now();
    const outcome = await this.#reconciler.reconcile(namespace, name, signal, id);
    const seconds = (performance.now() - t0) / 1000;
    this.metrics.reconcileDuration.observe({ result: outcome.result }, seconds);
    this.metrics.reconcileTotal.inc({ result: outcome.result });
    if (outcome.requeueAfterMs !== undefined) this.#queue?.addAfter(key, outcome.requeueAfterMs);
  }

  async #shutdownRest(): Promise<void> {
    this.#stop.abort();
    await Promise.all([...[...this.#informers, ...this.#sourceInformers].map((i) => i.stop()), this.#objectWatches.stop()]);
    await this.#probes?.close();
  }

  /** Graceful stop: intake stops, in-flight work gets the grace period, the Lease is released. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.done();
  }
}
