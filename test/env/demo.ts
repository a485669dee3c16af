/**
 * `npm run demo`: the main job, end to end on this machine. Starts the local
 * cluster and registry, pushes the sample chart with helm, applies the CRD and
 * the sample HelmRelease with kubectl, runs the controller (`bosun run`, the
 * built command) and shows `kubectl get helmreleases` until the release is
 * Ready; tears it all down on exit (Ctrl-C included).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { down, helmEnv, up } from "./env.ts";
import { repoRoot } from "./paths.ts";
import { runOrThrow } from "./procs.ts";

const say = (msg: string): void => {
  process.stdout.write(`[demo] ${msg}\n`);
};

let stopping = false;
let controller: ChildProcess | undefined;
async function teardown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (controller && controller.exitCode === null) {
      say("stopping the controller (SIGTERM)");
      const exited = new Promise((r) => controller?.once("exit", r));
      controller.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    say("tearing the environment down");
    await down((m) => {
      process.stderr.write(`[env] ${m}\n`);
    });
  }
  process.exit(code);
}
process.on("SIGINT", () => void teardown(130));
process.on("SIGTERM", () => void teardown(143));

async function demo(): Promise<void> {
  say("starting a local Kubernetes cluster and OCI registry (the first run builds them: minutes)");
  const env = await up((m) => {
    process.stderr.write(`[env] ${m}\n`);
  });
  const kubectl = (args: string[], input?: string) =>
    runOrThrow(`kubectl ${args[0] ?? ""}`, env.kubectl, ["--kubeconfig", env.kubeconfig, ...args], { input: input ?? "" });
  const helm = (args: string[]) => runOrThrow(`helm ${args[0] ?? ""}`, env.helm, args, { env: helmEnv(env) });

  const work = mkdtempSync(join(tmpdir(), "bosun-demo-"));
  try {
    await helm(["package", join(repoRoot, "test", "fixtures", "charts", "hello"), "--destination", work]);
    const pushed = await helm(["push", join(work, "hello-1.0.0.tgz"), `oci://${env.registry}/charts`, "--plain-http"]);
    say(`pushed the sample chart: ${(pushed.stdout + pushed.stderr).trim().replaceAll("\n", "; ")}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  await kubectl(["apply", "--server-side", "-f", join(repoRoot, "crds")]);
  await kubectl(["wait", "--for=condition=Established", "crd/helmreleases.bosun.dev", "--timeout=60s"]);
  await kubectl(["create", "namespace", "demo"]);
  const sample = readFileSync(join(repoRoot, "deploy", "samples", "hello.yaml"), "utf8").replaceAll("REGISTRY", env.registry);
  await kubectl(["apply", "-f", "-"], sample);
  say("applied deploy/samples/hello.yaml");
  const work2 = mkdtempSync(join(tmpdir(), "bosun-demo-run-"));
  const logPath = join(work2, "controller.log");
  say(`starting the controller: bosun run (JSON logs in ${logPath})`);
  const log = createWriteStream(logPath);
  controller = spawn(process.execPath, [join(repoRoot, "bin", "bosun.js"), "run", "--kubeconfig", env.kubeconfig, "--metrics-address", "127.0.0.1:0", "--cache-dir", join(work2, "cache")], { stdio: ["ignore", "pipe", "pipe"] });
  controller.stdout?.pipe(log);
  controller.stderr?.pipe(log);
  const deadline = Date.now() + 180_000;
  let last = "";
  for (;;) {
    if (controller.exitCode !== null) throw new Error(`the controller exited with code ${String(controller.exitCode)}; see ${logPath}`);
    // The table is printed whenever the Ready condition changes (not for every tick of AGE).
    const state = (await kubectl(["get", "helmrelease", "hello", "-n", "demo", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.status.conditions[?(@.type==\"Ready\")].message}"])).stdout;
    if (state !== last) {
      process.stdout.write((await kubectl(["get", "helmreleases", "-n", "demo"])).stdout);
      last = state;
    }
    if (state.startsWith("True")) break;
    if (Date.now() > deadline) throw new Error(`the release did not become Ready within 3 minutes; see ${logPath}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  say("the release is Ready. What the controller applied:");
  process.stdout.write((await kubectl(["get", "deployments,services,configmaps", "-n", "demo", "-l", "bosun.dev/release=demo.hello"])).stdout);
  process.stdout.write((await kubectl(["get", "helmreleases", "-n", "demo", "-o", "wide"])).stdout);
}

demo().then(
  () => teardown(0),
  (err: unknown) => {
    process.stderr.write(`[demo] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return teardown(1);
  },
);
