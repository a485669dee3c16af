/**
 * What an integration test uses to reach the environment that the global
 * setup started (or that `npm run env:up` left running).
 */
import { randomBytes } from "node:crypto";
import * as k8s from "@kubernetes/client-node";
import { helmEnv, loadEnv, type TestEnv } from "./env.ts";
import { run, type RunResult } from "./procs.ts";

export type { TestEnv };

export function testEnv(): TestEnv {
  const env = loadEnv();
  if (!env) throw new Error("the test environment is not up: run the suite with `npm run test:integration` or start it with `npm run env:up`");
  return env;
}

export function kubeConfig(env: TestEnv = testEnv()): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  return kc;
}

/** Runs the bundled kubectl against the test cluster. */
export function kubectl(args: readonly string[], input?: string): Promise<RunResult> {
  const env = testEnv();
  return run(env.kubectl, ["--kubeconfig", env.kubeconfig, ...args], { input: input ?? "", timeoutMs: 120_000 });
}

/** Runs the bundled helm with its state kept inside the test environment. */
export function helm(args: readonly string[]): Promise<RunResult> {
  const env = testEnv();
  return run(env.helm, args, { env: { ...helmEnv(env), KUBECONFIG: env.kubeconfig }, timeoutMs: 120_000 });
}

/** A name unique to one test run, so tests never collide with leftovers. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/**
 * Polls until `check` returns a value (not undefined) or the deadline passes;
 * the error names what was awaited and the last observed state.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, opts: { timeoutMs?: number; describe?: () => Promise<string> } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const state = opts.describe ? await opts.describe().catch((e: unknown) => String(e)) : "";
  throw new Error(`timed out waiting for ${what}${lastError === undefined ? "" : `; last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`}${state ? `\n${state}` : ""}`);
}
