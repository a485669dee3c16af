/**
 * The one request path of src/apply: a Transport sends a single HTTP request
 * to the API server. kubeTransport builds it from a KubeConfig (auth and TLS
 * exactly as @kubernetes/client-node applies them); tests wrap it to count
 * requests.
 */
import * as k8s from "@kubernetes/client-node";
import { fetch, Headers, type Dispatcher } from "undici";

export type HttpMethod = "GET" | "PATCH" | "DELETE" | "POST" | "PUT";

export interface KubeRequest {
  method: HttpMethod;
  /** Absolute API path, e.g. "/apis/apps/v1/namespaces/x/deployments/y". */
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  /** Accept header (default application/json), e.g. for aggregated discovery. */
  accept?: string;
  /**
   * Extra headers, replacing the kubeconfig's own of the same name (e.g.
   * Impersonate-User). One value per name: fetch folds a repeated header into
   * one comma-joined line, which the API server would read as one value.
   */
  headers?: Record<string, string>;
  /** Aborts the request, and reading a streamed body. */
  signal?: AbortSignal;
  /** Hand back a 2xx body unread in `stream` (a WATCH) instead of parsing it. */
  stream?: boolean;
}

export interface KubeResponse {
  status: number;
  /** Parsed JSON body (undefined when the body is empty or not JSON, and for a streamed answer). */
  body: unknown;
  /** With `stream`, the body of a 2xx answer, unread. */
  stream?: ReadableStream<Uint8Array>;
}

export type Transport = (req: KubeRequest) => Promise<KubeResponse>;

/** A metav1.Status returned by the API server for a failed request. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** A non-2xx answer of the API server. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly status: KubeStatus;
  constructor(req: KubeRequest, code: number, body: unknown) {
    const status: KubeStatus = isRecord(body) ? body : {};
    super(`${req.method} ${req.path}: ${String(code)} ${status.reason ?? ""}${status.message ? `: ${status.message}` : ""}`);
    this.name = "KubeApiError";
    this.code = code;
    this.status = status;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const AUTH_TTL_MS = 60_000;

/**
 * A Transport for the current context of `kc`. Authentication headers and the
 * TLS dispatcher are computed by the client library and reused for a minute
 * (so connections are kept alive instead of one TLS handshake per request).
 */
export function kubeTransport(kc: k8s.KubeConfig, opts: { authTtlMs?: number } = {}): Transport {
  const ttl = opts.authTtlMs ?? AUTH_TTL_MS;
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const server = cluster.server.replace(/\/+$/, "");
  let auth: { at: number; headers: Record<string, string>; dispatcher: Dispatcher | undefined } | undefined;
  const authenticate = async (): Promise<NonNullable<typeof auth>> => {
    if (auth && Date.now() - auth.at < ttl) return auth;
    const ctx = new k8s.RequestContext(server, k8s.HttpMethod.GET);
    await kc.applySecurityAuthentication(ctx);
    const previous = auth?.dispatcher;
    auth = { at: Date.now(), headers: { ...ctx.getHeaders() }, dispatcher: ctx.getDispatcher() };
    // Not closed at once: a concurrent request may hold the previous
    // credentials and be about to send with that dispatcher (a closed one
    // refuses new requests). close() itself lets requests in flight finish.
    if (previous) setTimeout(() => void previous.close().catch(() => undefined), Math.max(ttl, 30_000)).unref();
    return auth;
  };
  return async (req) => {
    const a = await authenticate();
    const url = new URL(server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    // A Headers object, so a request header replaces the kubeconfig's whatever its case.
    const headers = new Headers({ ...a.headers, Accept: req.accept ?? "application/json" });
    if (req.contentType) headers.set("Content-Type", req.contentType);
    for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
    const res = await fetch(url, { method: req.method, headers, body: req.body, dispatcher: a.dispatcher, signal: req.signal ?? null });
    if (req.stream && res.ok && res.body) return { status: res.status, body: undefined, stream: res.body as ReadableStream<Uint8Array> };
    const text = await res.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
}

/** Sends `req` and returns the body of a 2xx answer; anything else throws KubeApiError. */
export async function call(t: Transport, req: KubeRequest): Promise<unknown> {
  const res = await t(req);
  if (res.status < 200 || res.status > 299) throw new KubeApiError(req, res.status, res.body);
  return res.body;
}

/**
 * A WATCH of the collection at `path` through `t` (so it carries whatever
 * the transport adds, e.g. impersonation): `onEvent` per event line, then
 * `onDone` once, with null when the server ended the stream and an error
 * when it failed, was refused (KubeApiError), was aborted, or sent nothing for
 * `inactivityMs` (30 s, as client-node's Watch, so a dead connection is
 * noticed). The returned controller ends it.
 */
export async function watchStream(
  t: Transport,
  path: string,
  query: Record<string, string>,
  onEvent: (type: string, object: unknown) => void,
  onDone: (err: unknown) => void,
  opts: { inactivityMs?: number } = {},
): Promise<AbortController> {
  const controller = new AbortController();
  const inactivityMs = opts.inactivityMs ?? 30_000;
  let finished = false;
  // A function, so the check after onEvent (which may abort) is not narrowed away.
  const ended = (): boolean => finished;
  let timer: NodeJS.Timeout | undefined;
  const finish = (err: unknown): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    controller.abort();
    onDone(err);
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => { finish(new Error(`watch ${path}: nothing received for ${String(inactivityMs / 1000)}s`)); }, inactivityMs);
    timer.unref();
  };
  controller.signal.addEventListener("abort", () => { finish(controller.signal.reason); }, { once: true });
  arm();
  const req: KubeRequest = { method: "GET", path, query: { ...query, watch: "true" }, stream: true, signal: controller.signal };
  let res: KubeResponse;
  try {
    res = await t(req);
  } catch (e) {
    finish(e);
    return controller;
  }
  const stream = res.stream;
  if (!stream) {
    finish(new KubeApiError(req, res.status, res.body));
    return controller;
  }
  void (async () => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let buffered = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        buffered += decoder.decode(value, { stream: true });
        for (let nl = buffered.indexOf("\n"); nl >= 0 && !ended(); nl = buffered.indexOf("\n")) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          let event: unknown;
          try {
            event = JSON.parse(line);
          } catch {
            continue; // an empty or partial line: client-node skips them too
          }
          if (isRecord(event) && typeof event.type === "string") onEvent(event.type, event.object);
        }
      }
      finish(null);
    } catch (e) {
      finish(e);
    }
  })();
  return controller;
}

/** A transport that counts the requests it sends (per "METHOD path" too). */
export function countingTransport(inner: Transport): { transport: Transport; count: () => number; log: string[] } {
  const log: string[] = [];
  return {
    transport: (req) => {
      log.push(`${req.method} ${req.path}`);
      return inner(req);
    },
    count: () => log.length,
    log,
  };
}
