/**
 * `bosun run`: the controller. Every flag has an environment variable
 * (BOSUN_<FLAG>, upper case, dashes as underscores) so a Deployment can set
 * either; flags win.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as k8s from "@kubernetes/client-node";
import { parseGoDuration } from "../api/index.ts";
import { Controller } from "../controller/manager.ts";
import { createLogger, parseLogLevel } from "../log/index.ts";
import { cacheRoot } from "./cache-dir.ts";
import type { CliIO } from "./main.ts";

export const RUN_USAGE = `Run the HelmRelease controller.

Usage:
  bosun run [flags]

Flags (each also read from BOSUN_<FLAG> in the environment, e.g. BOSUN_CONCURRENCY):
      --kubeconfig string                 kubeconfig file (default: $KUBECONFIG, in-cluster config, ~/.kube/config)
      --namespaces string                 comma-separated namespaces to watch (default: all)
      --label-selector string             reconcile only HelmReleases matching this selector (sharding)
      --concurrency int                   releases reconciled at once (default 4)
      --leader-elect                      elect a leader on a Lease before reconciling (use with replicas > 1)
      --leader-election-namespace string  namespace of the Lease (default: the pod's namespace, or bosun-system)
      --leader-election-id string         name of the Lease (default "bosun-controller-leader")
      --lease-duration duration           (default 15s)
      --renew-deadline duration           (default 10s)
      --retry-period duration             (default 2s)
      --metrics-address string            address of /metrics, /healthz, /readyz (default ":8080"; "0" disables)
      --cache-dir string                  chart cache (default $XDG_CACHE_HOME/bosun or ~/.cache/bosun)
      --log-level string                  trace, debug, info, warn, error (default info)
      --shutdown-timeout duration         grace period for in-flight reconciles on SIGTERM (default 30s)
      --default-service-account string    ServiceAccount impersonated, in the release's own namespace, by releases
                                          without spec.serviceAccountName (default: none, the controller's identity)
  -h, --help                              show this help
`;

const OPTIONS = {
  kubeconfig: { type: "string" },
  namespaces: { type: "string" },
  "label-selector": { type: "string" },
  concurrency: { type: "string" },
  "leader-elect": { type: "boolean" },
  "leader-election-namespace": { type: "string" },
  "leader-election-id": { type: "string" },
  "lease-duration": { type: "string" },
  "renew-deadline": { type: "string" },
  "retry-period": { type: "string" },
  "metrics-address": { type: "string" },
  "cache-dir": { type: "string" },
  "log-level": { type: "string" },
  "shutdown-timeout": { type: "string" },
  "default-service-account": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export interface RunConfig {
  kubeconfig?: string;
  namespaces: string[];
  labelSelector?: string;
  concurrency: number;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  metricsAddress?: string;
  cacheDir: string;
  logLevel: string;
  shutdownTimeoutMs: number;
  defaultServiceAccount?: string;
}

/** A ServiceAccount name: a DNS-1123 subdomain. */
const SA_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const SA_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

/** Flags over environment over defaults; throws with a message naming the bad flag. */
export function parseRunArgs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): RunConfig | "help" {
  const { values: v } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: false, strict: true });
  if (v.help) return "help";
  const get = (flag: keyof typeof OPTIONS): string | undefined => {
    const x = v[flag];
    if (typeof x === "string") return x;
    return env[`BOSUN_${flag.toUpperCase().replaceAll("-", "_")}`];
  };
  const duration = (flag: keyof typeof OPTIONS, dflt: string): number => {
    const text = get(flag) ?? dflt;
    try {
      return parseGoDuration(text);
    } catch (e) {
      throw new Error(`--${flag}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  const concurrencyText = get("concurrency") ?? "4";
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) throw new Error(`--concurrency: "${concurrencyText}" must be an integer from 1 to 1000`);
  const logLevel = parseLogLevel(get("log-level") ?? "info");
  const leaderElectText = v["leader-elect"] === true ? "true" : (env["BOSUN_LEADER_ELECT"] ?? "false");
  if (leaderElectText !== "true" && leaderElectText !== "false") throw new Error(`BOSUN_LEADER_ELECT: "${leaderElectText}" must be true or false`);
  const podNamespace = existsSync(SA_NAMESPACE) ? readFileSync(SA_NAMESPACE, "utf8").trim() : undefined;
  const metrics = get("metrics-address") ?? ":8080";
  const kubeconfig = get("kubeconfig");
  const selector = get("label-selector");
  const defaultSA = get("default-service-account");
  // A typo here would make every tenant's release fail Forbidden (or, empty,
  // silently fall back to the controller's rights): refuse it at start-up.
  if (defaultSA !== undefined && !SA_NAME.test(defaultSA)) throw new Error(`--default-service-account: "${defaultSA}" is not a valid ServiceAccount name (a DNS-1123 subdomain)`);
  const cfg: RunConfig = {
    namespaces: (get("namespaces") ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""),
    concurrency,
    leaderElect: leaderElectText === "true",
    leaderElectionNamespace: get("leader-election-namespace") ?? podNamespace ?? "bosun-system",
    leaderElectionId: get("leader-election-id") ?? "bosun-controller-leader",
    leaseDurationMs: duration("lease-duration", "15s"),
    renewDeadlineMs: duration("renew-deadline", "10s"),
    retryPeriodMs: duration("retry-period", "2s"),
    // get("cache-dir") reads --cache-dir, then BOSUN_CACHE_DIR.
    cacheDir: join(get("cache-dir") ?? cacheRoot(env), "charts"),
    logLevel,
    shutdownTimeoutMs: duration("shutdown-timeout", "30s"),
    ...(metrics === "0" ? {} : { metricsAddress: metrics }),
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(selector === undefined ? {} : { labelSelector: selector }),
    ...(defaultSA === undefined ? {} : { defaultServiceAccount: defaultSA }),
  };
  if (cfg.renewDeadlineMs >= cfg.leaseDurationMs) throw new Error("--renew-deadline must be shorter than --lease-duration");
  return cfg;
}

export async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  let cfg: RunConfig | "help";
  try {
    cfg = parseRunArgs(args);
  } catch (e) {
    io.err(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (cfg === "help") {
    io.out(RUN_USAGE);
    return 0;
  }
  const log = createLogger({ level: cfg.logLevel });
  const kc = new k8s.KubeConfig();
  try {
    if (cfg.kubeconfig !== undefined) kc.loadFromFile(cfg.kubeconfig);
    else kc.loadFromDefault();
    if (!kc.getCurrentCluster()) throw new Error(`no cluster configured (looked at $KUBECONFIG, the in-cluster service account and ${join(homedir(), ".kube", "config")})`);
  } catch (e) {
    io.err(`Error: loading the kubeconfig: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const controller = new Controller({
    kubeConfig: kc,
    log,
    namespaces: cfg.namespaces,
    ...(cfg.labelSelector === undefined ? {} : { labelSelector: cfg.labelSelector }),
    concurrency: cfg.concurrency,
    ...(cfg.leaderElect
      ? { leaderElection: { namespace: cfg.leaderElectionNamespace, name: cfg.leaderElectionId, leaseDurationMs: cfg.leaseDurationMs, renewDeadlineMs: cfg.renewDeadlineMs, retryPeriodMs: cfg.retryPeriodMs } }
      : {}),
    ...(cfg.metricsAddress === undefined ? {} : { probeAddress: cfg.metricsAddress }),
    cacheDir: cfg.cacheDir,
    shutdownTimeoutMs: cfg.shutdownTimeoutMs,
    ...(cfg.defaultServiceAccount === undefined ? {} : { defaultServiceAccount: cfg.defaultServiceAccount }),
  });
  // An object, not a let: the signal handlers set it after the awaits below.
  const shutdown = { requested: false };
  const stop = (sig: string): void => {
    if (shutdown.requested) return;
    shutdown.requested = true;
    log.info({ signal: sig }, "shutting down");
    void controller.stop();
  };
  process.on("SIGTERM", () => { stop("SIGTERM"); });
  process.on("SIGINT", () => { stop("SIGINT"); });
  try {
    await controller.start();
    log.info({ identity: controller.identity }, "controller started");
  } catch (e) {
    log.error({ err: e }, "controller failed to start");
    await controller.stop().catch(() => undefined);
    return 1;
  }
  await controller.done();
  if (shutdown.requested) {
    log.info("stopped");
    return 0;
  }
  // As client-go controllers do: a process that lost its lease exits, and
  // its Deployment restarts it as a standby.
  log.error("leadership lost: exiting");
  return 1;
}
