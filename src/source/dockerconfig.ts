/**
 * Registry credentials from a docker config.json / `kubernetes.io/dockerconfigjson`
 * Secret payload. Error messages never contain credential values.
 */

export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token realm. */
  identityToken?: string;
}

export class DockerConfigError extends Error {
  override readonly name = "DockerConfigError";
}

export interface DockerConfig {
  /** Normalised host[:port] → credentials. */
  readonly auths: ReadonlyMap<string, Credentials>;
}

/** `https://host:port/v1/` → `host:port`; docker.io aliases collapse to `docker.io`. */
export function normalizeRegistryHost(key: string): string {
  let k = key.trim();
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(k);
  if (scheme) k = k.slice(scheme[0].length);
  const slash = k.indexOf("/");
  if (slash >= 0) k = k.slice(0, slash);
  k = k.toLowerCase();
  if (k === "index.docker.io" || k === "registry-1.docker.io") return "docker.io";
  return k;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses a config.json (text or bytes); throws DockerConfigError naming the bad entry. */
export function parseDockerConfig(input: string | Uint8Array): DockerConfig {
  const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DockerConfigError(`malformed docker config: not valid JSON (${e instanceof Error ? e.message.replace(/".*"/s, "…") : "parse error"})`);
  }
  if (!isRecord(doc)) throw new DockerConfigError("malformed docker config: the top level must be a JSON object");
  const auths = new Map<string, Credentials>();
  const rawAuths = doc["auths"];
  if (rawAuths === undefined) return { auths };
  if (!isRecord(rawAuths)) throw new DockerConfigError('malformed docker config: "auths" must be an object keyed by registry');
  for (const [key, entry] of Object.entries(rawAuths)) {
    const where = `malformed docker config: auths[${JSON.stringify(key)}]`;
    if (!isRecord(entry)) throw new DockerConfigError(`${where} must be an object`);
    const host = normalizeRegistryHost(key);
    if (host === "") throw new DockerConfigError(`${where}: the registry key is empty`);
    const creds: Credentials = {};
    for (const field of ["auth", "username", "password", "identitytoken"] as const) {
      const v = entry[field];
      if (v !== undefined && v !== null && typeof v !== "string") throw new DockerConfigError(`${where}.${field} must be a string`);
    }
    const auth = entry["auth"] as string | undefined;
    if (auth !== undefined && auth !== "") {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(auth)) throw new DockerConfigError(`${where}.auth is not valid base64`);
      const decoded = Buffer.from(auth, "base64").toString("utf8");
      const sep = decoded.indexOf(":");
      if (sep < 0) throw new DockerConfigError(`${where}.auth does not decode to "username:password"`);
      creds.username = decoded.slice(0, sep);
      creds.password = decoded.slice(sep + 1);
    }
    const username = entry["username"] as string | undefined;
    const password = entry["password"] as string | undefined;
    if (username) creds.username = username;
    if (password) creds.password = password;
    const identityToken = entry["identitytoken"] as string | undefined;
    if (identityToken) creds.identityToken = identityToken;
    if (creds.username === undefined && creds.identityToken === undefined && (creds.password ?? "") === "") continue;
    if (creds.identityToken === undefined && (creds.username === undefined || creds.password === undefined)) {
      throw new DockerConfigError(`${where} has a username without a password or a password without a username`);
    }
    // An exact host:port key wins over keys that normalise to the same host.
    if (!auths.has(host) || key.toLowerCase() === host) auths.set(host, creds);
  }
  return { auths };
}

/** The credentials configured for `registry` (host[:port]), if any. */
export function lookupCredentials(config: DockerConfig, registry: string): Credentials | undefined {
  return config.auths.get(normalizeRegistryHost(registry));
}
