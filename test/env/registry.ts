import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import * as undici from "undici";
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

/** Serve HTTPS: PEM file paths of the server certificate (chain) and its key, and the CA PEM text to probe readiness with. */
export interface RegistryTls {
  certificate: string;
  key: string;
  ca: string;
}

/**
 * Bearer token auth (distribution's `auth.token`): tokens signed by a key in
 * `rootCertBundle` (PEM certificates) or `jwks` (a JSON Web Key Set file).
 */
export interface RegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  rootCertBundle?: string;
  jwks?: string;
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
  /** Optional: serve HTTPS instead of plain HTTP. */
  tls?: RegistryTls;
  /** Optional: token auth instead of (not together with) `auth`. */
  tokenAuth?: RegistryTokenAuth;
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
  } else if (opts.tokenAuth) {
    const t = opts.tokenAuth;
    authBlock = [
      "auth:",
      "  token:",
      `    realm: ${JSON.stringify(t.realm)}`,
      `    service: ${JSON.stringify(t.service)}`,
      `    issuer: ${JSON.stringify(t.issuer)}`,
      ...(t.rootCertBundle === undefined ? [] : [`    rootcertbundle: ${JSON.stringify(t.rootCertBundle)}`]),
      ...(t.jwks === undefined ? [] : [`    jwks: ${JSON.stringify(t.jwks)}`]),
      "",
    ].join("\n");
  }
  const tlsBlock = opts.tls ? `  tls:\n    certificate: ${JSON.stringify(opts.tls.certificate)}\n    key: ${JSON.stringify(opts.tls.key)}\n` : "";
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
      ...(tlsBlock === "" ? [] : [tlsBlock]),
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
  const expected = opts.auth || opts.tokenAuth ? 401 : 200;
  const tls = opts.tls;
  const dispatcher = tls ? new undici.Agent({ connect: { ca: tls.ca } }) : undefined;
  try {
    await waitUntil(
      `registry ${name} (${host})`,
      async () => {
        if (dispatcher) {
          const res = await undici.request(`https://${host}/v2/`, { dispatcher, signal: AbortSignal.timeout(2000) });
          await res.body.dump();
          return res.statusCode === expected;
        }
        return (await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(2000) })).status === expected;
      },
      { timeoutMs: 30_000, logPath },
    );
  } finally {
    await dispatcher?.close();
  }
  return { name, host, pid, pidPath, logPath, storageDir };
}
