/**
 * What the controller's end-to-end tests share: charts written on the fly
 * and pushed with the real helm, the CRD applied with kubectl, a Controller
 * run in this process (or `bosun run` as a child process) against the test
 * cluster, and readers of HelmRelease status.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HelmRelease } from "../../src/api/index.ts";
import { countingTransport } from "../../src/apply/index.ts";
import { Controller, type ControllerOptions } from "../../src/controller/manager.ts";
import { createLogger } from "../../src/log/index.ts";
import { Metrics } from "../../src/metrics/index.ts";
import { repoRoot } from "../env/paths.ts";
import { helm, kubeConfig, kubectl, testEnv } from "../env/testenv.ts";

export const work = mkdtempSync(join(tmpdir(), "bosun-controller-"));

export interface ChartSpec {
  name: string;
  version: string;
  templates: Record<string, string>;
  values?: string;
  /** Files of crds/. */
  crds?: Record<string, string>;
}

/** Writes, packages and pushes a chart to `repo` (oci://host/path); returns the manifest digest. */
export async function pushChart(repo: string, chart: ChartSpec, pushArgs: readonly string[] = ["--plain-http"]): Promise<string> {
  const dir = mkdtempSync(join(work, `${chart.name}-${chart.version}-`));
  const root = join(dir, chart.name);
  mkdirSync(join(root, "templates"), { recursive: true });
  writeFileSync(join(root, "Chart.yaml"), `apiVersion: v2\nname: ${chart.name}\nversion: ${chart.version}\n`);
  writeFileSync(join(root, "values.yaml"), chart.values ?? "");
  for (const [file, text] of Object.entries(chart.templates)) writeFileSync(join(root, "templates", file), text);
  if (chart.crds) {
    mkdirSync(join(root, "crds"));
    for (const [file, text] of Object.entries(chart.crds)) writeFileSync(join(root, "crds", file), text);
  }
  const pkg = await helm(["package", root, "--destination", dir]);
  assert.equal(pkg.code, 0, pkg.stderr);
  const pushed = await helm(["push", join(dir, `${chart.name}-${chart.version}.tgz`), repo, ...pushArgs]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const m = /Digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout + pushed.stderr);
  assert.ok(m?.[1], pushed.stdout + pushed.stderr);
  return m[1];
}

export async function applyCrd(): Promise<void> {
  const r = await kubectl(["apply", "--server-side", "--force-conflicts", "-f", join(repoRoot, "crds")]);
  assert.equal(r.code, 0, r.stderr);
  const w = await kubectl(["wait", "--for=condition=Established", "crd/helmreleases.bosun.dev", "--timeout=60s"]);
  assert.equal(w.code, 0, w.stderr);
}

export async function createNamespace(ns: string): Promise<void> {
  const r = await kubectl(["create", "namespace", ns]);
  assert.equal(r.code, 0, r.stderr);
}

/**
 * Deletes a test namespace. HelmReleases left in it keep bosun's finalizer
 * once their controller has stopped, which would hold the namespace in
 * Terminating for good: the finalizers are dropped first (their objects go
 * with the namespace anyway).
 */
export async function deleteNamespace(ns: string): Promise<void> {
  const names = await kubectl(["get", "helmreleases", "-n", ns, "-o", "name"]);
  for (const name of names.stdout.split("\n").filter((n) => n !== "")) {
    await kubectl(["patch", "-n", ns, name, "--type=merge", "-p", '{"metadata":{"finalizers":null}}']);
  }
  await kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
}

export async function apply(yaml: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return kubectl(["apply", "-f", "-"], yaml);
}

export async function getRelease(ns: string, name: string): Promise<HelmRelease | undefined> {
  const r = await kubectl(["get", "helmrelease", "-n", ns, name, "-o", "json"]);
  if (r.code !== 0) return undefined;
  return JSON.parse(r.stdout) as HelmRelease;
}

export function condition(hr: HelmRelease | undefined, type: string): { status: string; reason: string; message: string; observedGeneration?: number } | undefined {
  return hr?.status?.conditions?.find((c) => c.type === type);
}

export async function describeRelease(ns: string, name: string): Promise<string> {
  const hr = await getRelease(ns, name);
  return JSON.stringify(hr?.status ?? hr ?? "not found", null, 1);
}

export interface RunningController {
  controller: Controller;
  requests: () => number;
  logFile: string;
  stop: () => Promise<void>;
}

/** A Controller in this process, logging JSON to a file under `work`. */
export async function startController(opts: Partial<ControllerOptions> & { name: string }): Promise<RunningController> {
  const logFile = join(work, `${opts.name}.log`);
  const log = createLogger({ level: "debug", destination: createWriteStream(logFile, { flags: "a" }) });
  let counter: ReturnType<typeof countingTransport> | undefined;
  const controller = new Controller({
    kubeConfig: kubeConfig(),
    log,
    cacheDir: join(work, `${opts.name}-cache`),
    metrics: new Metrics({ collectProcess: false }),
    wrapTransport: (t) => {
      counter = countingTransport(t);
      return counter.transport;
    },
    shutdownTimeoutMs: 5_000,
    ...opts,
  });
  await controller.start();
  return {
    controller,
    requests: () => counter?.count() ?? 0,
    logFile,
    stop: () => controller.stop(),
  };
}

/** `bosun run` as a child process (the real command), logging to a file. */
export function spawnBosunRun(name: string, args: string[]): { child: ChildProcess; logFile: string; exited: Promise<number | null> } {
  const env = testEnv();
  const logFile = join(work, `${name}.log`);
  const out = createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, [join(repoRoot, "src", "cli", "index.ts"), "run", "--kubeconfig", env.kubeconfig, "--metrics-address", "127.0.0.1:0", "--cache-dir", join(work, `${name}-cache`), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => { resolve(code); }));
  return { child, logFile, exited };
}

/** A HelmRelease manifest. */
export function releaseYaml(ns: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): string {
  return JSON.stringify({ apiVersion: "bosun.dev/v1alpha1", kind: "HelmRelease", metadata: { name, namespace: ns, annotations }, spec });
}

/** Objects labelled as belonging to the release, as "Kind/ns/name". */
export async function labelledObjects(releaseNs: string, releaseName: string, kinds = "configmaps,deployments,services,secrets"): Promise<string[]> {
  const r = await kubectl(["get", kinds, "-A", "-l", `bosun.dev/release=${releaseNs}.${releaseName}`, "-o", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const items = (JSON.parse(r.stdout) as { items: { kind: string; metadata: { namespace?: string; name: string; deletionTimestamp?: string } }[] }).items;
  return items.filter((i) => i.metadata.deletionTimestamp === undefined).map((i) => `${i.kind}/${i.metadata.namespace ?? ""}/${i.metadata.name}`).sort();
}
