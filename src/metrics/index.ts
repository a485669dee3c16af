/**
 * bosun's Prometheus metrics. Everything lives on one prom-client Registry
 * owned by a Metrics instance (never prom-client's global registry), so two
 * controllers in one process, or two tests, never collide on metric names.
 *
 * Per-release series are labelled namespace/name; forgetRelease drops them
 * when a HelmRelease is deleted so a long-running controller does not keep
 * reporting releases that no longer exist.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export { parseListenAddress, startProbeServer } from "./server.ts";
export type { Probe, ProbeServer, ProbeServerOptions } from "./server.ts";

export interface ReleaseInfo {
  chart: string;
  version: string;
  digest: string;
}

export interface MetricsOptions {
  /** Defaults to a new Registry for this instance. */
  registry?: Registry;
  /**
   * Also collect prom-client's default process_* and nodejs_* metrics
   * (default true). Their collectors install process-wide observers that are
   * never removed, so turn this off for short-lived instances such as tests.
   */
  collectProcess?: boolean;
}

// A reconcile ranges from a no-op (tens of ms) to a large chart waiting
// minutes for health (spec.timeout, default 5m): 10 ms to 10 min.
const RECONCILE_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
// A cached pull is a local read (milliseconds); a cold pull of a large chart
// from a slow registry takes up to a minute or two.
const OCI_PULL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
// Rendering is CPU-bound: milliseconds for small charts, seconds for huge ones.
const RENDER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// The result label values exported as 0 from the start (see the constructor).
// "unchanged": nothing new to apply and the live objects verified; "deleted": finalized or gone.
const RECONCILE_RESULTS = ["success", "unchanged", "failure", "stalled", "skipped", "deleted"];
const OCI_PULL_RESULTS = ["pulled", "cached", "error"];
const RENDER_RESULTS = ["success", "error"];

type ReleaseLabels = { namespace: string; name: string };
type InfoLabels = ReleaseLabels & ReleaseInfo;

export class Metrics {
  readonly registry: Registry;
  readonly reconcileDuration: Histogram<"result">;
  readonly reconcileTotal: Counter<"result">;
  readonly releaseReady: Gauge<"namespace" | "name">;
  readonly releaseInfo: Gauge<"namespace" | "name" | "chart" | "version" | "digest">;
  readonly retries: Counter<"namespace" | "name">;
  readonly prunedObjects: Counter<"namespace" | "name">;
  readonly ociPullDuration: Histogram<"result">;
  readonly renderDuration: Histogram<"result">;
  readonly queueDepth: Gauge;
  readonly driftDetected: Counter<"namespace" | "name">;
  readonly driftCorrected: Counter<"namespace" | "name">;

  /** The labels of each release's current bosun_release_info series, keyed by namespace/name. */
  readonly #infoLabels = new Map<string, InfoLabels>();

  constructor(opts: MetricsOptions = {}) {
    const registry = opts.registry ?? new Registry();
    this.registry = registry;
    if (opts.collectProcess ?? true) {
      // Unprefixed, so the standard Node.js dashboards and alerts work unchanged.
      collectDefaultMetrics({ register: registry });
    }
    const registers = [registry];
    const release = ["namespace", "name"] as const;

    this.reconcileDuration = new Histogram({
      name: "bosun_reconcile_duration_seconds",
      help: "Time taken by one HelmRelease reconcile, by result.",
      labelNames: ["result"],
      buckets: RECONCILE_BUCKETS,
      registers,
    });
    this.reconcileTotal = new Counter({
      name: "bosun_reconcile_total",
      help: "HelmRelease reconciles finished, by result.",
      labelNames: ["result"],
      registers,
    });
    this.releaseReady = new Gauge({
      name: "bosun_release_ready",
      help: "1 when the HelmRelease's Ready condition is True, 0 otherwise.",
      labelNames: release,
      registers,
    });
    this.releaseInfo = new Gauge({
      name: "bosun_release_info",
      help: "Always 1; labels name the chart, version and manifest digest the HelmRelease last applied.",
      labelNames: [...release, "chart", "version", "digest"],
      registers,
    });
    this.retries = new Counter({
      name: "bosun_release_retries_total",
      help: "Retries scheduled for a HelmRelease after a failed sync.",
      labelNames: release,
      registers,
    });
    this.prunedObjects = new Counter({
      name: "bosun_pruned_objects_total",
      help: "Objects deleted because the HelmRelease's chart no longer renders them.",
      labelNames: release,
      registers,
    });
    this.ociPullDuration = new Histogram({
      name: "bosun_oci_pull_duration_seconds",
      help: "Time taken to load a chart by digest from its OCI registry or the local cache, by result (pulled, cached, error).",
      labelNames: ["result"],
      buckets: OCI_PULL_BUCKETS,
      registers,
    });
    this.renderDuration = new Histogram({
      name: "bosun_render_duration_seconds",
      help: "Time taken to render a chart with its values into manifests, by result (success, error).",
      labelNames: ["result"],
      buckets: RENDER_BUCKETS,
      registers,
    });
    this.queueDepth = new Gauge({
      name: "bosun_workqueue_depth",
      help: "HelmReleases waiting in the work queue to be reconciled.",
      registers,
    });
    this.driftDetected = new Counter({
      name: "bosun_drift_detected_total",
      help: "Live objects of a HelmRelease found to differ from what bosun applied (counted per object and drift).",
      labelNames: release,
      registers,
    });
    this.driftCorrected = new Counter({
      name: "bosun_drift_corrected_total",
      help: "Drifted objects of a HelmRelease that self-heal re-applied.",
      labelNames: release,
      registers,
    });

    // Series with a fixed label set start at 0, so rate() and absent-series
    // alerts work before the first event of each kind.
    for (const result of RECONCILE_RESULTS) {
      this.reconcileTotal.inc({ result }, 0);
      this.reconcileDuration.zero({ result });
    }
    for (const result of OCI_PULL_RESULTS) this.ociPullDuration.zero({ result });
    for (const result of RENDER_RESULTS) this.renderDuration.zero({ result });
  }

  /** Sets the release's bosun_release_info series, removing the one for its previous chart revision. */
  setReleaseInfo(namespace: string, name: string, info: ReleaseInfo): void {
    const key = releaseKey(namespace, name);
    const labels: InfoLabels = { namespace, name, chart: info.chart, version: info.version, digest: info.digest };
    const previous = this.#infoLabels.get(key);
    if (previous) this.releaseInfo.remove(previous);
    this.releaseInfo.set(labels, 1);
    this.#infoLabels.set(key, labels);
  }

  /** Removes every series labelled with this release (call when the HelmRelease is deleted). */
  forgetRelease(namespace: string, name: string): void {
    const labels: ReleaseLabels = { namespace, name };
    this.releaseReady.remove(labels);
    this.retries.remove(labels);
    this.prunedObjects.remove(labels);
    this.driftDetected.remove(labels);
    this.driftCorrected.remove(labels);
    const key = releaseKey(namespace, name);
    const info = this.#infoLabels.get(key);
    if (info) this.releaseInfo.remove(info);
    this.#infoLabels.delete(key);
  }
}

// "/" cannot occur in a namespace or object name, so the key is unambiguous.
function releaseKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
