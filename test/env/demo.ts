/**
 * `npm run demo`: the main job, end to end on this machine. Starts the local
 * cluster and registry, pushes the sample chart with helm, applies the CRD and
 * the sample HelmRelease with kubectl, and shows the release; tears it all
 * down on exit (Ctrl-C included).
 *
 * The controller (`bosun run`) does not exist yet (issue 8): until it does, the
 * release is created and shown but nothing reconciles it, and the demo says so.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { down, helmEnv, up } from "./env.ts";
import { repoRoot } from "./paths.ts";
import { runOrThrow } from "./procs.ts";

const say = (msg: string): void => {
  process.stdout.write(`[demo] ${msg}\n`);
};

let stopping = false;
async function teardown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
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
  say("applied deploy/samples/hello.yaml; kubectl get helmreleases -n demo:");
  process.stdout.write((await kubectl(["get", "helmreleases", "-n", "demo", "-o", "wide"])).stdout);
  // What the controller will apply for this release: the chart resolved in
  // the registry by its semver range, pulled by digest and rendered natively.
  const rendered = await runOrThrow("bosun template", process.execPath, [
    join(repoRoot, "bin", "bosun.js"),
    "template", "hello", `oci://${env.registry}/charts/hello`,
    "--version", ">=1.0.0 <2", "--plain-http", "-n", "demo",
    "--set", "replicaCount=2", "--set", "greeting=Hello from a HelmRelease",
  ]);
  say("bosun template of the release's chart from the registry (what the controller will apply):");
  process.stdout.write(rendered.stdout);
  say("the controller (`bosun run`) is not built yet (issue 8), so nothing reconciles this release yet.");
}

demo().then(
  () => teardown(0),
  (err: unknown) => {
    process.stderr.write(`[demo] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return teardown(1);
  },
);
