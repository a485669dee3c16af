/**
 * Registry authentication: `WWW-Authenticate` challenges (RFC 7235), basic
 * auth, and the distribution bearer-token flow (anonymous, basic credentials,
 * or an OAuth2 refresh token) with a per-scope token cache.
 */
import type { Credentials } from "./dockerconfig.ts";

export interface Challenge {
  /** Lowercased, e.g. `basic` or `bearer`. */
  scheme: string;
  /** Lowercased parameter names. */
  params: Record<string, string>;
  token68?: string;
}

export class ChallengeError extends Error {
  override readonly name = "ChallengeError";
}

const TCHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

/** Parses a `WWW-Authenticate` header into its challenges; throws ChallengeError when malformed. */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const s = header;
  let i = 0;
  const fail = (why: string): never => {
    throw new ChallengeError(`malformed WWW-Authenticate header ${JSON.stringify(s.length > 200 ? s.slice(0, 200) + "…" : s)}: ${why}`);
  };
  const skipWs = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < s.length && TCHAR.test(s[i] ?? "")) i++;
    return s.slice(start, i);
  };
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  for (;;) {
    skipWs();
    while (i < s.length && (s[i] === "," || s[i] === " " || s[i] === "\t")) i++;
    if (i >= s.length) break;
    const start = i;
    const name = token();
    if (name === "") fail(`unexpected character ${JSON.stringify(s[i])} at ${i}`);
    const afterName = i;
    skipWs();
    if (s[i] === "=" && current !== undefined && s[i + 1] !== "=") {
      // auth-param of the current challenge
      i++;
      skipWs();
      let value: string;
      if (s[i] === '"') {
        i++;
        value = "";
        for (;;) {
          if (i >= s.length) fail(`unterminated quoted value for ${name}`);
          const c = s[i];
          if (c === "\\") {
            if (i + 1 >= s.length) fail(`unterminated quoted value for ${name}`);
            value += s[i + 1] ?? "";
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            value += c ?? "";
            i++;
          }
        }
      } else {
        // Lenient: unquoted values run to the next ',' or blank (realms are URLs).
        const start = i;
        while (i < s.length && !/[\s,"]/.test(s[i] ?? "")) i++;
        value = s.slice(start, i);
        if (value === "") fail(`parameter ${name} has no value`);
      }
      const key = name.toLowerCase();
      if (key in current.params) fail(`parameter ${name} is repeated`);
      current.params[key] = value;
      skipWs();
      if (i < s.length && s[i] !== ",") fail(`expected ',' after parameter ${name}`);
      continue;
    }
    // A new challenge: scheme, then token68 or params.
    i = afterName;
    if (current !== undefined && start > 0 && !/,\s*$/.test(s.slice(0, start)) && Object.keys(current.params).length > 0) {
      fail(`expected ',' before ${JSON.stringify(name)}`);
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    skipWs();
    // token68: e.g. `Negotiate abc==`
    const m = /^[A-Za-z0-9._~+/-]+=*/.exec(s.slice(i));
    if (m) {
      const rest = s.slice(i + m[0].length).trimStart();
      if (rest === "" || rest.startsWith(",")) {
        current.token68 = m[0];
        i += m[0].length;
      }
    }
  }
  if (challenges.length === 0) fail("no challenge");
  return challenges;
}

/** The first basic or bearer challenge; throws ChallengeError when there is none or it lacks a realm. */
export function pickChallenge(header: string): Challenge {
  const all = parseWwwAuthenticate(header);
  const c = all.find((x) => x.scheme === "bearer") ?? all.find((x) => x.scheme === "basic");
  if (!c) throw new ChallengeError(`unsupported WWW-Authenticate scheme(s): ${all.map((x) => x.scheme).join(", ")} (bosun supports Basic and Bearer)`);
  if (c.scheme === "bearer") {
    const realm = c.params["realm"];
    if (realm === undefined || realm === "") throw new ChallengeError("malformed WWW-Authenticate header: Bearer challenge without a realm");
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new ChallengeError(`malformed WWW-Authenticate header: Bearer realm ${JSON.stringify(realm)} is not a URL`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new ChallengeError(`malformed WWW-Authenticate header: Bearer realm ${JSON.stringify(realm)} is not http(s)`);
  }
  return c;
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** Whether the credentials carry anything to send. */
export function hasCredentials(c: Credentials | undefined): c is Credentials {
  return c !== undefined && (c.identityToken !== undefined || (c.username !== undefined && c.password !== undefined));
}

/** Values that must never appear in messages. */
export function secretsOf(c: Credentials | undefined): string[] {
  if (!c) return [];
  return [c.password, c.identityToken, c.username !== undefined && c.password !== undefined ? `${c.username}:${c.password}` : undefined].filter(
    (x): x is string => x !== undefined && x !== "",
  );
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Bearer tokens keyed by realm, service, scope and identity, until they expire. */
export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  static key(realm: string, service: string, scope: string, identity: string): string {
    return JSON.stringify([realm, service, scope, identity]);
  }

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() >= e.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return e.token;
  }

  /** Stores a token for `expiresInSeconds` (default 60), less a small safety margin. */
  set(key: string, token: string, expiresInSeconds: number | undefined): void {
    const secs = expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds : 60;
    const margin = Math.min(10, secs / 10);
    this.entries.set(key, { token, expiresAt: this.now() + (secs - margin) * 1000 });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface TokenResponse {
  token: string;
  expiresIn: number | undefined;
  /** A rotated refresh token, when the server returned one. */
  refreshToken: string | undefined;
}

/** Reads a token endpoint's JSON answer (`token` or `access_token`); throws Error with a reason. */
export function parseTokenResponse(body: string): TokenResponse {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new Error("the token endpoint did not answer JSON");
  }
  if (typeof doc !== "object" || doc === null) throw new Error("the token endpoint did not answer a JSON object");
  const o = doc as Record<string, unknown>;
  const token = typeof o["token"] === "string" && o["token"] !== "" ? o["token"] : typeof o["access_token"] === "string" ? o["access_token"] : "";
  if (token === "") throw new Error('the token endpoint answered neither "token" nor "access_token"');
  const expiresIn = typeof o["expires_in"] === "number" ? o["expires_in"] : undefined;
  const refreshToken = typeof o["refresh_token"] === "string" && o["refresh_token"] !== "" ? o["refresh_token"] : undefined;
  return { token, expiresIn, refreshToken };
}

/** The scope for pulling from a repository. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
