/**
 * bosun's cache root, shared by `bosun template` and `bosun run`:
 * $BOSUN_CACHE_DIR, else $XDG_CACHE_HOME/bosun, else ~/.cache/bosun.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env["BOSUN_CACHE_DIR"] ?? join(env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "bosun");
}
