/**
 * The HTTP layer of the OCI client: timeouts on every request, retries with
 * exponential backoff (network errors, 5xx, 429 honouring Retry-After),
 * redirects followed by hand so that Authorization never reaches another
 * host, https unless plain HTTP is asked for, and an optional CA bundle.
 */
import { SourceError, type SourceErrorContext } from "./errors.ts";

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts after the first (default 3). */
  retries: number;
  /** First backoff delay in ms (default 250), doubled each attempt. */
  baseDelayMs: number;
  /** Upper bound of any delay, including Retry-After (default 10 000). */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Parses Retry-After (delta-seconds or HTTP-date) into milliseconds from `now`, or undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/**
 * The delay before retry number `attempt` (0-based): Retry-After when given,
 * otherwise exponential backoff with "equal jitter"; both capped.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (exp / 2) * random());
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

/** Classifies a fetch failure: tls (not retried), timeout, or unreachable. */
export function classifyNetworkError(e: unknown): { code: "tls" | "timeout" | "unreachable"; detail: string } {
  const parts: string[] = [];
  let codeFound: string | undefined;
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    if (cur instanceof Error) {
      const code = (cur as Error & { code?: unknown }).code;
      if (typeof code === "string") codeFound ??= code;
      if (typeof code === "string" && TLS_CODES.has(code)) codeFound = code;
      if (cur.name === "TimeoutError") return { code: "timeout", detail: "the request timed out" };
      parts.push(cur.message);
      cur = cur.cause;
    } else break;
  }
  const detail = [...new Set(parts)].join(": ") + (codeFound ? ` (${codeFound})` : "");
  if (codeFound !== undefined && (TLS_CODES.has(codeFound) || codeFound.startsWith("ERR_TLS") || codeFound.startsWith("ERR_SSL"))) return { code: "tls", detail };
  if (/certificate|ssl|tls/i.test(detail)) return { code: "tls", detail };
  return { code: "unreachable", detail };
}

export interface HttpOptions {
  fetch?: FetchFn;
  /** Use http:// instead of https:// (loopback/dev registries). */
  plainHttp?: boolean;
  /** PEM CA bundle trusted for https, in addition to nothing else (replaces the default roots). */
  ca?: string;
  /** Per-request timeout covering headers and body, ms (default 60 000). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  maxRedirects?: number;
  secrets?: readonly string[];
}

export interface HttpRequest {
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string>;
  /** Sent only to the origin of `url`, never after a redirect to another host. */
  authorization?: string;
  body?: string;
  /** Secrets to scrub from error messages of this request (the credentials of its registry). */
  secrets?: readonly string[];
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class HttpClient {
  readonly plainHttp: boolean;
  private readonly fetchFn: FetchFn | undefined;
  private readonly ca: string | undefined;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxRedirects: number;
  secrets: readonly string[];
  private caFetch: Promise<FetchFn> | undefined;

  constructor(opts: HttpOptions = {}) {
    this.fetchFn = opts.fetch;
    this.plainHttp = opts.plainHttp ?? false;
    this.ca = opts.ca;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.maxRedirects = opts.maxRedirects ?? 10;
    this.secrets = opts.secrets ?? [];
  }

  /** `http(s)://registry/path`. */
  url(registry: string, path: string): string {
    return `${this.plainHttp ? "http" : "https"}://${registry}${path}`;
  }

  private async fetcher(): Promise<FetchFn> {
    if (this.ca === undefined) return this.fetchFn ?? ((input, init) => fetch(input, init));
    // Node's global fetch rejects dispatchers of the undici package, so a CA bundle uses undici's own fetch.
    this.caFetch ??= (async () => {
      const undici = await import("undici");
      const dispatcher = new undici.Agent({ connect: { ca: this.ca } });
      const base = this.fetchFn;
      if (base) return (input: string, init: RequestInit) => base(input, { ...init, dispatcher } as unknown as RequestInit);
      return (input: string, init: RequestInit) => undici.fetch(input, { ...(init as object), dispatcher });
    })();
    return this.caFetch;
  }

  /**
   * Sends a request with retries and manual redirects. Resolves with the
   * final response (any status, body unread); the body is read within the
   * same timeout. Throws SourceError for network, TLS and timeout failures
   * once retries are exhausted.
   */
  async request(url: string, req: HttpRequest, ctx: SourceErrorContext): Promise<Response> {
    const f = await this.fetcher();
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.followRedirects(f, url, req, ctx);
      } catch (e) {
        if (e instanceof SourceError) throw e;
        const c = classifyNetworkError(e);
        if (c.code !== "tls" && attempt < this.policy.retries) {
          await this.sleep(retryDelay(attempt, undefined, this.policy, this.random));
          continue;
        }
        const what = c.code === "tls" ? "TLS failure talking to the registry" : c.code === "timeout" ? `request timed out after ${this.timeoutMs} ms` : "registry unreachable";
        throw new SourceError(c.code, ctx, `${what} (${req.method ?? "GET"} ${new URL(url).origin}): ${c.detail}${attempt > 0 ? `; gave up after ${attempt + 1} attempts` : ""}`, {
          cause: e,
          secrets: req.secrets ?? this.secrets,
        });
      }
      if (isRetryableStatus(res.status) && attempt < this.policy.retries) {
        const after = parseRetryAfter(res.headers.get("retry-after"), this.now());
        await res.body?.cancel().catch(() => undefined);
        await this.sleep(retryDelay(attempt, after, this.policy, this.random));
        continue;
      }
      return res;
    }
  }

  private async followRedirects(f: FetchFn, url: string, req: HttpRequest, ctx: SourceErrorContext): Promise<Response> {
    const origin = new URL(url).origin;
    let current = url;
    const signal = AbortSignal.timeout(this.timeoutMs);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { ...req.headers };
      const sameOrigin = new URL(current).origin === origin;
      if (req.authorization !== undefined && sameOrigin) headers["Authorization"] = req.authorization;
      const init: RequestInit = { method: req.method ?? "GET", headers, redirect: "manual", signal };
      if (req.body !== undefined && hop === 0) init.body = req.body;
      const res = await f(current, init);
      if (![301, 302, 303, 307, 308].includes(res.status)) return res;
      const location = res.headers.get("location");
      await res.body?.cancel().catch(() => undefined);
      if (location === null) throw new SourceError("protocol", ctx, `redirect ${res.status} without a Location header from ${new URL(current).origin}`, { secrets: req.secrets ?? this.secrets });
      if (hop >= this.maxRedirects) throw new SourceError("protocol", ctx, `more than ${this.maxRedirects} redirects`, { secrets: req.secrets ?? this.secrets });
      const next = new URL(location, current);
      if (next.protocol === "http:" && !this.plainHttp) {
        throw new SourceError("protocol", ctx, `refusing a redirect from ${new URL(current).origin} to plain http://${next.host} (plain HTTP was not enabled)`, { secrets: req.secrets ?? this.secrets });
      }
      if (next.protocol !== "http:" && next.protocol !== "https:") throw new SourceError("protocol", ctx, `refusing a redirect to a ${next.protocol} URL`, { secrets: req.secrets ?? this.secrets });
      current = next.toString();
    }
  }
}

/**
 * Reads a response body up to `limit` bytes, counting what arrives (never
 * trusting Content-Length); throws `TooLargeError` beyond it. `onChunk`
 * sees every chunk (for incremental hashing).
 */
export async function readBounded(res: Response, limit: number, onChunk?: (chunk: Uint8Array) => void): Promise<Uint8Array> {
  const declared = res.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLargeError(limit, Number(declared));
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(limit, total);
    }
    onChunk?.(value);
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

export class TooLargeError extends Error {
  override readonly name = "TooLargeError";
  readonly limit: number;
  readonly seen: number;
  constructor(limit: number, seen: number) {
    super(`larger than the limit of ${limit} bytes (at least ${seen} bytes)`);
    this.limit = limit;
    this.seen = seen;
  }
}
