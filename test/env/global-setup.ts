/**
 * Global setup of the integration suite (node --test-global-setup): reuse a
 * healthy environment brought up by `npm run env:up`, otherwise start one and
 * stop it again when the suite ends.
 */
import { down, isHealthy, loadEnv, up } from "./env.ts";

let startedHere = false;

const log = (msg: string): void => {
  process.stderr.write(`[env] ${msg}\n`);
};

export async function globalSetup(): Promise<void> {
  const existing = loadEnv();
  if (existing && (await isHealthy(existing))) {
    log("reusing the running test environment (.env/env.json)");
    return;
  }
  await up(log);
  startedHere = true;
}

export async function globalTeardown(): Promise<void> {
  if (!startedHere) return;
  const stopped = await down(log);
  log(`stopped: ${stopped.join(", ")}`);
}
