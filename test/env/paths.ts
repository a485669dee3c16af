import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in test/env/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Per-checkout runtime state: pid files, logs, kubeconfig, env.sh. Git-ignored. */
export const stateDir = process.env["BOSUN_ENV_DIR"] ?? join(repoRoot, ".env");

/**
 * Built tool binaries, shared by every checkout on the machine so only the
 * first `env:up` pays for the Go builds. Keyed by version inside.
 */
export const toolCacheDir = join(
  process.env["BOSUN_CACHE_DIR"] ?? join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "bosun"),
  "tools",
);

export const envShPath = join(stateDir, "env.sh");
export const envJsonPath = join(stateDir, "env.json");
export const statePath = join(stateDir, "state.json");
