/**
 * The test environment: a real Kubernetes control plane (kwokctl, binary
 * runtime, with binaries built from the Go module proxy) and two OCI
 * registries (anonymous and htpasswd basic auth), all on 127.0.0.1.
 *
 * Everything started here is found again through fixed paths under
 * `.env/` (pid files, kwokctl's workdir), so `down()` — or the next `up()`
 * after a crash — can stop it without any in-memory state.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { componentPids, createCluster, deleteCluster } from "./cluster.ts";
import { envJsonPath, envShPath, stateDir } from "./paths.ts";
import { commandLine, isAlive, rssBytes, run, stopByPidFile } from "./procs.ts";
import { startRegistry } from "./registry.ts";
import { ensureTools, type Tools } from "./tools.ts";

/** What tests and scripts need to reach the environment (written to .env/env.json and .env/env.sh). */
export interface TestEnv {
  kubeconfig: string;
  /** host:port of the anonymous registry. */
  registry: string;
  /** host:port of the basic-auth registry. */
  registryAuth: string;
  registryAuthUsername: string;
  registryAuthPassword: string;
  /** Filesystem storage roots, for tests that tamper with stored blobs. */
  registryStorage: string;
  registryAuthStorage: string;
  helm: string;
  kubectl: string;
  /** HELM_CONFIG_HOME/HELM_CACHE_HOME/HELM_DATA_HOME live here, never in the user's home. */
  helmHome: string;
  /** Pids of every process of the environment, by component. */
  pids: Record<string, number>;
}

const kwokWorkdir = join(stateDir, "kwok");
const registryDirs = { anon: join(stateDir, "registry-anon"), auth: join(stateDir, "registry-auth") };

type Log = (msg: string) => void;

/** Stops everything a previous `up()` of this checkout started, crashed or not. Returns what it stopped. */
export async function down(log: Log = () => undefined): Promise<string[]> {
  const stopped: string[] = [];
  for (const [name, dir] of Object.entries(registryDirs)) {
    // The config path is unique to this checkout, so only our registry matches.
    if (await stopByPidFile(join(dir, "registry.pid"), join(dir, "config.yml"))) stopped.push(`registry-${name}`);
  }
  if (existsSync(join(kwokWorkdir, "clusters"))) {
    const tools = await ensureTools(log);
    const pids = componentPids(kwokWorkdir);
    if (await deleteCluster(tools, kwokWorkdir)) stopped.push("cluster");
    // kwokctl stops its components; make sure none outlived it.
    for (const [component, pid] of pids) {
      if (isAlive(pid) && (commandLine(pid) ?? "").includes(component)) {
        process.kill(pid, "SIGKILL");
        stopped.push(`${component} (pid ${pid}, left behind by kwokctl)`);
      }
    }
  }
  for (const p of [envShPath, envJsonPath, kwokWorkdir, ...Object.values(registryDirs), join(stateDir, "helm")]) {
    rmSync(p, { recursive: true, force: true });
  }
  return stopped;
}

/** Brings the whole environment up and writes .env/env.sh and .env/env.json. */
export async function up(log: Log): Promise<TestEnv> {
  mkdirSync(stateDir, { recursive: true });
  const leftovers = await down(log);
  if (leftovers.length > 0) log(`stopped leftovers of an earlier run: ${leftovers.join(", ")}`);

  let t = Date.now();
  const tools = await ensureTools(log);
  log(`tools ready in ${secs(t)}`);

  try {
    t = Date.now();
    const username = "bosun";
    const password = randomBytes(12).toString("hex");
    const preferred = Number.parseInt(process.env["BOSUN_REGISTRY_PORT"] ?? "5000", 10);
    const anon = await startRegistry({ name: "anon", binary: tools.registry, dir: registryDirs.anon, preferredPort: preferred, log });
    const auth = await startRegistry({
      name: "auth",
      binary: tools.registry,
      dir: registryDirs.auth,
      preferredPort: preferred + 1,
      auth: { username, password },
      log,
    });
    log(`registries up in ${secs(t)} (anonymous ${anon.host}, basic auth ${auth.host})`);

    t = Date.now();
    const cluster = await createCluster(tools, kwokWorkdir, log);
    log(`cluster up in ${secs(t)}`);

    const helmHome = join(stateDir, "helm");
    mkdirSync(helmHome, { recursive: true });
    const env: TestEnv = {
      kubeconfig: cluster.kubeconfig,
      registry: anon.host,
      registryAuth: auth.host,
      registryAuthUsername: username,
      registryAuthPassword: password,
      registryStorage: anon.storageDir,
      registryAuthStorage: auth.storageDir,
      helm: tools.helm,
      kubectl: tools.kubectl,
      helmHome,
      pids: { "registry-anon": anon.pid, "registry-auth": auth.pid, ...Object.fromEntries(componentPids(kwokWorkdir)) },
    };
    writeEnvFiles(env, tools);
    return env;
  } catch (e) {
    log("environment failed to start; stopping what was started");
    await down(log).catch(() => undefined);
    throw e;
  }
}

function writeEnvFiles(env: TestEnv, tools: Tools): void {
  writeFileSync(envJsonPath, JSON.stringify(env, null, 2) + "\n", { mode: 0o600 });
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const lines = [
    "# Written by `npm run env:up`; source it to use the test environment.",
    `export KUBECONFIG=${q(env.kubeconfig)}`,
    `export BOSUN_REGISTRY=${q(env.registry)}`,
    `export BOSUN_REGISTRY_AUTH=${q(env.registryAuth)}`,
    `export BOSUN_REGISTRY_AUTH_USERNAME=${q(env.registryAuthUsername)}`,
    `export BOSUN_REGISTRY_AUTH_PASSWORD=${q(env.registryAuthPassword)}`,
    `export BOSUN_HELM=${q(env.helm)}`,
    `export BOSUN_KUBECTL=${q(env.kubectl)}`,
    ...helmEnvLines(env.helmHome).map(([k, v]) => `export ${k}=${q(v)}`),
    `export PATH=${q(dirname(tools.helm))}:"$PATH"`,
  ];
  writeFileSync(envShPath, lines.join("\n") + "\n", { mode: 0o600 });
}

function helmEnvLines(helmHome: string): [string, string][] {
  return [
    ["HELM_CONFIG_HOME", join(helmHome, "config")],
    ["HELM_CACHE_HOME", join(helmHome, "cache")],
    ["HELM_DATA_HOME", join(helmHome, "data")],
  ];
}

/** Environment variables that keep helm's state inside the test environment. */
export function helmEnv(env: TestEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...Object.fromEntries(helmEnvLines(env.helmHome)) };
}

/** The running environment described by .env/env.json, if its processes are all alive. */
export function loadEnv(): TestEnv | undefined {
  if (!existsSync(envJsonPath)) return undefined;
  const env = JSON.parse(readFileSync(envJsonPath, "utf8")) as TestEnv;
  return Object.values(env.pids).every(isAlive) ? env : undefined;
}

/** True when the environment in .env/env.json answers: apiserver ready and both registries serving. */
export async function isHealthy(env: TestEnv): Promise<boolean> {
  try {
    const ready = await run(env.kubectl, ["--kubeconfig", env.kubeconfig, "get", "--raw", "/readyz"], { timeoutMs: 10_000 });
    if (ready.stdout.trim() !== "ok") return false;
    const anon = await fetch(`http://${env.registry}/v2/`, { signal: AbortSignal.timeout(3000) });
    const auth = await fetch(`http://${env.registryAuth}/v2/`, { signal: AbortSignal.timeout(3000) });
    return anon.status === 200 && auth.status === 401;
  } catch {
    return false;
  }
}

/** Resident memory of every process of the environment, in bytes. */
export function residentMemory(env: TestEnv): { total: number; byComponent: Record<string, number> } {
  const byComponent: Record<string, number> = {};
  for (const [name, pid] of Object.entries(env.pids)) byComponent[name] = rssBytes(pid);
  return { total: Object.values(byComponent).reduce((a, b) => a + b, 0), byComponent };
}


function secs(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}
