/**
 * Drift benchmark: time from an external change of a managed object to its
 * reversal by self-heal, with N releases (a ConfigMap and a one-replica
 * Deployment each, selfHeal on) managed by `bosun run` in its own process.
 * Edits cycle through three kinds — a ConfigMap edit, a `kubectl scale`-like
 * change of replicas, a ConfigMap deletion — each on a different release,
 * one at a time. The clock starts when the edit's request is sent and stops
 * when this process's watch sees the object as bosun applied it again.
 * Needs the test environment (`npm run env:up`). Asserts nothing.
 *
 *   node test/bench/drift.ts [--releases 100] [--edits 60]
 */
import { parseArgs } from "node:util";
import * as k8s from "@kubernetes/client-node";
import { call, kubeTransport } from "../../src/apply/index.ts";
import { releasePath } from "../../src/controller/client.ts";
import { kubeConfig, kubectl } from "../env/testenv.ts";
import { deleteNamespace, spawnBosunRun } from "../integration/controller-harness.ts";
import { setUpSmallChart } from "./small-chart.ts";

const { values: flags } = parseArgs({ options: { releases: { type: "string", default: "100" }, edits: { type: "string", default: "60" } } });
const N = Number(flags.releases);
const EDITS = Math.min(Number(flags.edits), N);

const { ns, chartRepository } = await setUpSmallChart("dbench");

const run = spawnBosunRun("drift-bench", ["--namespaces", ns, "--concurrency", "8", "--log-level", "warn"]);
const t = kubeTransport(kubeConfig());
for (let i = 0; i < N; i++) {
  await call(t, {
    method: "POST",
    path: releasePath(ns),
    contentType: "application/json",
    body: JSON.stringify({
      apiVersion: "bosun.dev/v1alpha1",
      kind: "HelmRelease",
      metadata: { name: `r${String(i)}`, namespace: ns },
      spec: { chart: { repository: chartRepository, version: "1.0.0", plainHTTP: true }, values: { message: `release ${String(i)}` }, syncPolicy: { automated: { selfHeal: true } } },
    }),
  });
}
const t0 = performance.now();
for (;;) {
  const r = await kubectl(["get", "helmreleases", "-n", ns, "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}"]);
  if (r.stdout.split("\n").filter((s) => s === "True").length === N) break;
  if (performance.now() - t0 > 10 * 60_000) throw new Error("releases not Ready after 10 minutes");
  await new Promise((res) => setTimeout(res, 500));
}
process.stdout.write(`${String(N)} releases Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
// Every managed object is watched once its release is Ready; let the controller's drift informers list.
await new Promise((res) => setTimeout(res, 2000));

/** Resolves when `check` holds for an object seen by a watch of `path` (from now on). */
type Waiter = { check: (type: string, obj: Record<string, unknown>) => boolean; resolve: (at: number) => void };
const waiters = new Set<Waiter>();
const watch = new k8s.Watch(kubeConfig());
const aborts: AbortController[] = [];
for (const path of [`/api/v1/namespaces/${ns}/configmaps`, `/apis/apps/v1/namespaces/${ns}/deployments`]) {
  aborts.push(
    await watch.watch(
      path,
      {},
      (type, obj: Record<string, unknown>) => {
        const at = performance.now();
        for (const w of waiters) {
          if (w.check(type, obj)) {
            waiters.delete(w);
            w.resolve(at);
          }
        }
      },
      () => undefined,
    ),
  );
}
function until(check: Waiter["check"]): Promise<number> {
  return new Promise((resolve) => waiters.add({ check, resolve }));
}
const named = (obj: Record<string, unknown>, name: string): boolean => (obj["metadata"] as { name?: string } | undefined)?.name === name;

const kinds = ["edit", "scale", "delete"] as const;
const latencies: Record<(typeof kinds)[number], number[]> = { edit: [], scale: [], delete: [] };
for (let e = 0; e < EDITS; e++) {
  const name = `r${String(e)}`;
  const kind = kinds[e % kinds.length] ?? "edit";
  const original = `release ${String(e)}`;
  let reverted: Promise<number>;
  const start = performance.now();
  if (kind === "edit") {
    reverted = until((type, o) => type !== "DELETED" && named(o, name) && (o["data"] as Record<string, string> | undefined)?.["message"] === original && (o["metadata"] as { resourceVersion: string }).resourceVersion !== "");
    await call(t, { method: "PATCH", path: `/api/v1/namespaces/${ns}/configmaps/${name}`, contentType: "application/merge-patch+json", body: JSON.stringify({ data: { message: "drifted" } }) });
  } else if (kind === "scale") {
    reverted = until((type, o) => type === "MODIFIED" && named(o, name) && (o["spec"] as { replicas?: number }).replicas === 1);
    await call(t, { method: "PATCH", path: `/apis/apps/v1/namespaces/${ns}/deployments/${name}/scale`, contentType: "application/merge-patch+json", body: JSON.stringify({ spec: { replicas: 3 } }) });
  } else {
    reverted = until((type, o) => type === "ADDED" && named(o, name));
    await call(t, { method: "DELETE", path: `/api/v1/namespaces/${ns}/configmaps/${name}` });
  }
  const timeout = new Promise<number>((res) => setTimeout(() => { res(Number.NaN); }, 30_000));
  const at = await Promise.race([reverted, timeout]);
  latencies[kind].push(at - start);
  await new Promise((res) => setTimeout(res, 100));
}
for (const a of aborts) a.abort();
run.child.kill("SIGTERM");
await run.exited;
await deleteNamespace(ns);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}
const all = Object.values(latencies).flat();
const missed = all.filter((x) => Number.isNaN(x)).length;
const ok = all.filter((x) => !Number.isNaN(x));
const line = (label: string, xs: number[]): string => `${label.padEnd(8)} n=${String(xs.length).padStart(3)}  p50 ${pct(xs, 50).toFixed(0)} ms  p90 ${pct(xs, 90).toFixed(0)} ms  p99 ${pct(xs, 99).toFixed(0)} ms  max ${Math.max(...xs).toFixed(0)} ms`;
process.stdout.write(
  [
    `releases managed: ${String(N)}; edits: ${String(all.length)} (not reverted within 30 s: ${String(missed)})`,
    line("all", ok),
    ...kinds.map((k) => line(k, latencies[k].filter((x) => !Number.isNaN(x)))),
    "",
  ].join("\n"),
);
