/**
 * Controller benchmark: N HelmReleases of a small chart (a ConfigMap and a
 * one-replica Deployment) created at once; prints the time until every one
 * is Ready, the controller's peak RSS, and its API requests. The controller
 * runs in this process (so its requests can be counted); the releases are
 * created with 32 concurrent POSTs. Needs the test environment
 * (`npm run env:up`). Asserts nothing.
 *
 *   node test/bench/controller.ts [--releases 100] [--concurrency 16]
 */
import { parseArgs } from "node:util";
import { call, kubeTransport } from "../../src/apply/index.ts";
import { releasePath } from "../../src/controller/client.ts";
import { kubeConfig, kubectl } from "../env/testenv.ts";
import { deleteNamespace, startController } from "../integration/controller-harness.ts";
import { setUpSmallChart } from "./small-chart.ts";

const { values: flags } = parseArgs({ options: { releases: { type: "string", default: "100" }, concurrency: { type: "string", default: "16" } } });
const N = Number(flags.releases);
const CONCURRENCY = Number(flags.concurrency);

const { ns, chartRepository } = await setUpSmallChart("bench");

const ctl = await startController({ name: "bench", namespaces: [ns], concurrency: CONCURRENCY });
const rssBefore = process.memoryUsage().rss;
const requestsBefore = ctl.requests();
const releases = Array.from({ length: N }, (_, i) => ({
  apiVersion: "bosun.dev/v1alpha1",
  kind: "HelmRelease",
  metadata: { name: `r${String(i)}`, namespace: ns },
  spec: { chart: { repository: chartRepository, version: "1.0.0", plainHTTP: true }, values: { message: `release ${String(i)}` } },
}));
// Created "at once": 32 POSTs in flight (kubectl apply of 1000 objects takes minutes on its own).
const creator = kubeTransport(kubeConfig());
const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < releases.length) {
      const hr = releases[next++];
      await call(creator, { method: "POST", path: releasePath(ns), body: JSON.stringify(hr), contentType: "application/json" });
    }
  }),
);
const createdIn = (performance.now() - t0) / 1000;
let peakRss = process.memoryUsage().rss;
let ready: number;
for (;;) {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const r = await kubectl(["get", "helmreleases", "-n", ns, "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}"]);
  ready = r.stdout.split("\n").filter((s) => s === "True").length;
  if (ready === N) break;
  if (performance.now() - t0 > 30 * 60_000) break;
  await new Promise((res) => setTimeout(res, 500));
}
const seconds = (performance.now() - t0) / 1000;
const requests = ctl.requests() - requestsBefore;
await ctl.stop();
await deleteNamespace(ns);

const mib = (b: number): string => (b / 1024 / 1024).toFixed(0);
process.stdout.write(
  [
    `releases: ${String(N)} (concurrency ${String(CONCURRENCY)}), Ready: ${String(ready)}`,
    `created in ${createdIn.toFixed(1)} s; time from the first create until all Ready: ${seconds.toFixed(1)} s (${(N / seconds).toFixed(1)} releases/s)`,
    `controller process RSS: ${mib(rssBefore)} MiB before, peak ${mib(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))} MiB`,
    `API requests (transport: GET/LIST/PATCH/POST/DELETE, not counting watch streams): ${String(requests)} (${(requests / N).toFixed(1)} per release)`,
    "",
  ].join("\n"),
);
