/**
 * The controller's HTTP endpoints for Prometheus and the kubelet:
 * GET/HEAD /metrics, /healthz (liveness) and /readyz (readiness).
 * node:http only: three fixed routes do not justify a framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./index.ts";

/** A probe's verdict: true when healthy; false or a reason string when failing. */
export type Probe = () => boolean | string;

export interface ProbeServerOptions {
  /** "host:port" ("[::1]:port" for IPv6); ":port" listens on all interfaces; port 0 picks a free port. */
  address: string;
  metrics: Metrics;
  healthz: Probe;
  readyz: Probe;
}

export interface ProbeServer {
  /** http://host:port actually bound (with the chosen port when 0 was asked for). */
  url: string;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Splits "host:port", "[v6]:port" or ":port" (host undefined = all interfaces). */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):([0-9]{1,5})$/.exec(address);
  const port = Number(m?.[3]);
  if (!m || port > 65535) {
    throw new Error(`invalid listen address "${address}": use host:port, [ipv6]:port or :port (e.g. :8080 or 127.0.0.1:8080), port 0-65535`);
  }
  const host = m[1] ?? m[2];
  return { host: host === "" ? undefined : host, port };
}

function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    // Probe and scrape results are only true at the instant they are served.
    "Cache-Control": "no-store",
    ...headers,
  });
  // A HEAD response carries GET's headers, Content-Length included, but no body.
  res.end(req.method === "HEAD" ? undefined : body);
}

const TEXT = "text/plain; charset=utf-8";

function probe(req: IncomingMessage, res: ServerResponse, check: Probe): void {
  let verdict: boolean | string;
  try {
    verdict = check();
  } catch (e) {
    verdict = `probe failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (verdict === true) send(req, res, 200, TEXT, "ok");
  else send(req, res, 503, TEXT, verdict === false || verdict === "" ? "not ok" : verdict);
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ProbeServerOptions): Promise<void> {
  // The path without its query string; req.url may be anything the client sent.
  const path = (req.url ?? "").split("?", 1)[0];
  if (path !== "/metrics" && path !== "/healthz" && path !== "/readyz") {
    send(req, res, 404, TEXT, "not found");
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(req, res, 405, TEXT, "method not allowed", { Allow: "GET, HEAD" });
    return;
  }
  if (path === "/healthz") {
    probe(req, res, opts.healthz);
  } else if (path === "/readyz") {
    probe(req, res, opts.readyz);
  } else {
    const { registry } = opts.metrics;
    send(req, res, 200, registry.contentType, await registry.metrics());
  }
}

/** Starts listening on opts.address; rejects when the address is invalid or cannot be bound. */
export async function startProbeServer(opts: ProbeServerOptions): Promise<ProbeServer> {
  const { host, port } = parseListenAddress(opts.address);
  const server = createServer({
    // Scrapes and probes are tiny; short limits keep slow or idle clients from holding sockets.
    headersTimeout: 10_000,
    requestTimeout: 30_000,
  }, (req, res) => {
    handle(req, res, opts).catch((e: unknown) => {
      // A collector that throws fails this scrape only; the server keeps serving.
      const message = `error: ${e instanceof Error ? e.message : String(e)}`;
      if (!res.headersSent) send(req, res, 500, TEXT, message);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const bound = server.address() as AddressInfo;
  const urlHost = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${bound.port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((e) => { if (e) reject(e); else resolve(); });
        // server.close() alone waits for keep-alive and in-flight connections to end.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
