import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { pickPort } from "./ports.ts";
import { startDaemon, waitUntil } from "./procs.ts";

export interface RegistryInstance {
  name: string;
  host: string; // 127.0.0.1:PORT
  pid: number;
  pidPath: string;
  logPath: string;
  storageDir: string;
}

export interface RegistryAuth {
  username: string;
  password: string;
}

/**
 * Starts a distribution v3 registry on 127.0.0.1 with filesystem storage in
 * `dir`. With `auth`, it requires htpasswd basic auth (bcrypt hash written by
 * bcryptjs, which is what the registry's htpasswd reader expects).
 */
export async function startRegistry(opts: {
  name: string;
  binary: string;
  dir: string;
  preferredPort: number;
  auth?: RegistryAuth;
  log: (msg: string) => void;
}): Promise<RegistryInstance> {
  const { name, dir } = opts;
  const storageDir = join(dir, "storage");
  mkdirSync(storageDir, { recursive: true });
  const port = await pickPort(opts.preferredPort, (busy, chosen) => {
    opts.log(`port ${busy} for registry ${name} is busy; using ${chosen}`);
  });
  const host = `127.0.0.1:${port}`;
  let authBlock = "";
  if (opts.auth) {
    const htpasswd = join(dir, "htpasswd");
    writeFileSync(htpasswd, `${opts.auth.username}:${bcrypt.hashSync(opts.auth.password, 10)}\n`, { mode: 0o600 });
    authBlock = `auth:\n  htpasswd:\n    realm: bosun-test-${name}\n    path: ${htpasswd}\n`;
  }
  const configPath = join(dir, "config.yml");
  writeFileSync(
    configPath,
    [
      "version: 0.1",
      "log:",
      "  level: info",
      "  accesslog:",
      "    disabled: false",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${storageDir}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: ${host}`,
      "  secret: bosun-test-only",
      authBlock,
    ].join("\n"),
  );
  const logPath = join(dir, "registry.log");
  const pidPath = join(dir, "registry.pid");
  const pid = startDaemon(opts.binary, ["serve", configPath], {
    logPath,
    pidPath,
    env: { ...process.env, OTEL_TRACES_EXPORTER: "none" },
  });
  // /v2/ answers 200 without auth and 401 with it: either means it is serving.
  const expected = opts.auth ? 401 : 200;
  await waitUntil(
    `registry ${name} (${host})`,
    async () => (await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2000) })).status === expected,
    { timeoutMs: 30_000, logPath },
  );
  return { name, host, pid, pidPath, logPath, storageDir };
}
