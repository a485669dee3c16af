import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { run, runOrThrow, tailFile, waitUntil } from "./procs.ts";
import type { Tools } from "./tools.ts";
import { KUBERNETES_VERSION } from "./versions.ts";

export const CLUSTER_NAME = "bosun";

/** Fake nodes kwok keeps Ready, so Pods are scheduled and Deployments become Available. */
export const FAKE_NODES = ["kwok-node-0", "kwok-node-1"];

export interface Cluster {
  kubeconfig: string;
  workdir: string;
  /** Per-component log files kwokctl writes. */
  logsDir: string;
}

function kwokEnv(tools: Tools, workdir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KWOK_WORKDIR: workdir,
    KWOK_KUBE_VERSION: KUBERNETES_VERSION,
    // kwokctl shells out to kubectl for some operations; never let it download one.
    KWOK_KUBECTL_BINARY: tools.kubectl,
  };
}

function clusterDir(workdir: string): string {
  return join(workdir, "clusters", CLUSTER_NAME);
}

/** Last log lines of every control-plane component, for failure messages. */
export function componentLogs(workdir: string, lines = 15): string {
  const logs = join(clusterDir(workdir), "logs");
  if (!existsSync(logs)) return `(no component logs in ${logs})`;
  return readdirSync(logs)
    .filter((f) => f.endsWith(".log"))
    .map((f) => `--- ${f}\n${tailFile(join(logs, f), lines)}`)
    .join("\n");
}

/** Pids of the control-plane processes kwokctl started (from its pid files). */
export function componentPids(workdir: string): Map<string, number> {
  const dir = join(clusterDir(workdir), "pids");
  const out = new Map<string, number>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const pid = Number.parseInt(readFileSync(join(dir, f), "utf8").trim(), 10);
    if (Number.isInteger(pid) && pid > 0) out.set(f.replace(/\.pid$/, ""), pid);
  }
  return out;
}

/** Deletes the kwok cluster of this checkout, if any: stops its processes and removes its files. */
export async function deleteCluster(tools: Pick<Tools, "kwokctl" | "kubectl">, workdir: string): Promise<boolean> {
  if (!existsSync(clusterDir(workdir))) return false;
  const env = { ...process.env, KWOK_WORKDIR: workdir, KWOK_KUBECTL_BINARY: tools.kubectl };
  await runOrThrow("kwokctl delete cluster", tools.kwokctl, ["--name", CLUSTER_NAME, "delete", "cluster"], { env, timeoutMs: 120_000 });
  return true;
}

export async function createCluster(tools: Tools, workdir: string, log: (msg: string) => void): Promise<Cluster> {
  const env = kwokEnv(tools, workdir);
  const args = [
    "--name", CLUSTER_NAME,
    "create", "cluster",
    "--runtime", "binary",
    "--kube-apiserver-binary", tools.kubeApiserver,
    "--kube-controller-manager-binary", tools.kubeControllerManager,
    "--kube-scheduler-binary", tools.kubeScheduler,
    "--etcd-binary", tools.etcd,
    "--kwok-controller-binary", tools.kwok,
    // Never touch the user's ~/.kube/config: the kubeconfig stays in the workdir.
    "--kubeconfig", "",
    "--disable-qps-limits",
    "--wait", "2m",
    "--timeout", "4m",
  ];
  const r = await run(tools.kwokctl, args, { env, timeoutMs: 300_000 });
  if (r.code !== 0) {
    throw new Error(`kwokctl create cluster failed (exit ${r.code}):\n${(r.stderr + r.stdout).trim()}\n${componentLogs(workdir)}`);
  }
  const kubeconfig = join(clusterDir(workdir), "kubeconfig.yaml");
  const cluster = { kubeconfig, workdir, logsDir: join(clusterDir(workdir), "logs") };
  const kubectl = (...a: string[]) => run(tools.kubectl, ["--kubeconfig", kubeconfig, ...a], { timeoutMs: 30_000 });

  await waitUntil("kube-apiserver", async () => (await kubectl("get", "--raw", "/readyz")).stdout.trim() === "ok", {
    timeoutMs: 60_000,
    logPath: join(cluster.logsDir, "kube-apiserver.log"),
  });
  const nodes = FAKE_NODES.map(fakeNode).join("---\n");
  const applied = await run(tools.kubectl, ["--kubeconfig", kubeconfig, "apply", "-f", "-"], { input: nodes, timeoutMs: 30_000 });
  if (applied.code !== 0) throw new Error(`creating fake nodes failed: ${applied.stderr}`);
  await waitUntil(
    "kwok-controller (fake nodes Ready)",
    async () => {
      const out = await kubectl("get", "nodes", "-o", "jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
      const ready = out.stdout.split("\n").filter((s) => s === "True").length;
      return ready === FAKE_NODES.length;
    },
    { timeoutMs: 60_000, logPath: join(cluster.logsDir, "kwok-controller.log") },
  );
  // Pods can be created only once the service-account controller has made
  // the namespace's default ServiceAccount.
  await waitUntil("kube-controller-manager (default ServiceAccount)", async () => (await kubectl("get", "serviceaccount", "default", "-n", "default")).code === 0, {
    timeoutMs: 60_000,
    logPath: join(cluster.logsDir, "kube-controller-manager.log"),
  });
  log(`cluster ${CLUSTER_NAME} ready with ${FAKE_NODES.length} fake nodes`);
  return cluster;
}

// Fake nodes cost nothing: room for the controller benchmark's 1000 releases
// (Kubernetes' default of 110 pods per node would cap it at 220 Deployments).
function fakeNode(name: string): string {
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: ${name}
    type: kwok
status:
  allocatable: {cpu: "1000", memory: 4Ti, pods: "2000"}
  capacity: {cpu: "1000", memory: 4Ti, pods: "2000"}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: fake
`;
}
