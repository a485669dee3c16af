// src/metrics/server.ts: /metrics, /healthz and /readyz over real sockets on 127.0.0.1.
import assert from "node:assert/strict";
import { request } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { test } from "node:test";
import { Gauge } from "prom-client";
import { Metrics } from "../../../src/metrics/index.ts";
import { parseListenAddress, startProbeServer, type Probe, type ProbeServer } from "../../../src/metrics/server.ts";

/** Starts a server on an ephemeral loopback port; the test closes it when it ends. */
async function start(t: { after: (fn: () => Promise<void>) => void }, probes: { healthz?: Probe; readyz?: Probe; metrics?: Metrics } = {}): Promise<ProbeServer> {
  const server = await startProbeServer({
    address: "127.0.0.1:0",
    metrics: probes.metrics ?? new Metrics({ collectProcess: false }),
    healthz: probes.healthz ?? (() => true),
    readyz: probes.readyz ?? (() => true),
  });
  t.after(() => server.close());
  return server;
}

/** Writes raw bytes to the server and returns everything it answers until it closes the connection. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => { resolve(Buffer.concat(chunks).toString()); });
  });
}

test("the url names the bound loopback address and the chosen port", async (t) => {
  const server = await start(t);
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
});

test("GET /metrics serves the registry's exposition with its content type", async (t) => {
  const metrics = new Metrics({ collectProcess: false });
  metrics.queueDepth.set(4);
  const server = await start(t, { metrics });
  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), metrics.registry.contentType);
  const body = await res.text();
  assert.match(body, /^bosun_workqueue_depth 4$/m);
  assert.equal(res.headers.get("content-length"), String(Buffer.byteLength(body)));
});

test("/healthz and /readyz answer 200 ok, or 503 with the reason, evaluated on every request", async (t) => {
  let ready: boolean | string = "waiting for the informer caches to sync";
  let healthy: boolean | string = true;
  const server = await start(t, { healthz: () => healthy, readyz: () => ready });

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return [res.status, await res.text(), res.headers.get("content-type")];
  };
  assert.deepEqual(await get("/healthz"), [200, "ok", "text/plain; charset=utf-8"]);
  assert.deepEqual(await get("/readyz"), [503, "waiting for the informer caches to sync", "text/plain; charset=utf-8"]);
  ready = true;
  assert.deepEqual(await get("/readyz"), [200, "ok", "text/plain; charset=utf-8"]);
  healthy = false;
  assert.deepEqual(await get("/healthz"), [503, "not ok", "text/plain; charset=utf-8"]);
  assert.deepEqual(await get("/healthz?verbose"), [503, "not ok", "text/plain; charset=utf-8"]);
  healthy = "";
  assert.deepEqual(await get("/healthz"), [503, "not ok", "text/plain; charset=utf-8"]);
});

test("a probe that throws fails with its message instead of crashing the server", async (t) => {
  const server = await start(t, { healthz: () => { throw new Error("watch loop stopped"); } });
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 503);
  assert.equal(await res.text(), "probe failed: watch loop stopped");
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
});

test("a metrics collector that throws fails that scrape with 500 and the server keeps serving", async (t) => {
  const metrics = new Metrics({ collectProcess: false });
  let broken = true;
  metrics.registry.registerMetric(new Gauge({
    name: "test_flaky",
    help: "A gauge whose collector fails while broken is true.",
    registers: [],
    collect() {
      if (broken) throw new Error("collector exploded");
    },
  }));
  const server = await start(t, { metrics });
  const res = await fetch(`${server.url}/metrics`);
  assert.equal(res.status, 500);
  assert.match(await res.text(), /collector exploded/);
  broken = false;
  assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
});

test("HEAD answers like GET without a body", async (t) => {
  const server = await start(t, { readyz: () => "not leader" });
  for (const [path, status] of [["/metrics", 200], ["/healthz", 200], ["/readyz", 503], ["/nope", 404]] as const) {
    const res = await fetch(`${server.url}${path}`, { method: "HEAD" });
    assert.equal(res.status, status, path);
    assert.ok(Number(res.headers.get("content-length")) > 0, path);
    assert.equal(await res.text(), "", path);
  }
});

test("unknown paths are 404 and other methods on known paths are 405 with Allow", async (t) => {
  const server = await start(t);
  for (const path of ["/", "/metrics/", "/healthzz", "/favicon.ico"]) {
    const res = await fetch(`${server.url}${path}`);
    assert.equal(res.status, 404, path);
    assert.equal(await res.text(), "not found");
  }
  const res = await fetch(`${server.url}/metrics`, { method: "POST", body: "x" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  await res.text();
});

test("malformed requests get 400 and the server keeps serving", async (t) => {
  const server = await start(t);
  assert.match(await raw(server.url, "NOT HTTP AT ALL\r\n\r\n"), /^HTTP\/1\.1 400 /);
  assert.match(await raw(server.url, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"), /^HTTP\/1\.1 400 /);
  assert.match(await raw(server.url, "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), /^HTTP\/1\.1 200 OK\r\n[\s\S]*bosun_workqueue_depth 0/);
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
});

test("close() ends idle keep-alive and half-sent connections at once, and is idempotent", async () => {
  const server = await startProbeServer({ address: "127.0.0.1:0", metrics: new Metrics({ collectProcess: false }), healthz: () => true, readyz: () => true });
  const { hostname, port } = new URL(server.url);

  // An idle keep-alive connection left by a finished request.
  const keepAlive = await new Promise<Socket>((resolve, reject) => {
    const req = request({ host: hostname, port, path: "/healthz", headers: { Connection: "keep-alive" } }, (res) => {
      res.resume();
      res.on("end", () => { resolve(req.socket as Socket); });
    });
    req.on("error", reject);
    req.end();
  });
  // A client that sent only part of its headers: server.close() alone would wait for it.
  const slow = connect(Number(port), hostname);
  await new Promise<void>((resolve) => slow.once("connect", resolve));
  slow.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  await new Promise((resolve) => setTimeout(resolve, 50));

  const closed = (s: Socket) => new Promise<void>((resolve) => { if (s.destroyed) resolve(); else s.once("close", () => { resolve(); }); });
  slow.on("error", () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<"timeout">((resolve) => { timer = setTimeout(() => { resolve("timeout"); }, 2000); });
  const outcome = await Promise.race([Promise.all([server.close(), server.close(), closed(keepAlive), closed(slow)]), tooSlow]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    // Let the server finish closing so the failure does not hang the run.
    keepAlive.destroy();
    slow.destroy();
    assert.fail("close() waited for the open connections");
  }
  await assert.rejects(fetch(`${server.url}/healthz`));
});

test("an address that is in use or malformed rejects", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const { port } = blocker.address() as AddressInfo;
  try {
    await assert.rejects(
      startProbeServer({ address: `127.0.0.1:${port}`, metrics: new Metrics({ collectProcess: false }), healthz: () => true, readyz: () => true }),
      { code: "EADDRINUSE" },
    );
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
  await assert.rejects(
    startProbeServer({ address: "8080", metrics: new Metrics({ collectProcess: false }), healthz: () => true, readyz: () => true }),
    /invalid listen address "8080"/,
  );
});

test("parseListenAddress reads host:port, [ipv6]:port and :port", () => {
  assert.deepEqual(parseListenAddress("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListenAddress("localhost:0"), { host: "localhost", port: 0 });
  assert.deepEqual(parseListenAddress(":8080"), { host: undefined, port: 8080 });
  assert.deepEqual(parseListenAddress("[::1]:9090"), { host: "::1", port: 9090 });
  for (const bad of ["8080", "host:", ":65536", "::1:8080", "host:80:80", "[::1]", "host:port", ""]) {
    assert.throws(() => parseListenAddress(bad), new RegExp(`invalid listen address "${bad.replace(/[[\]]/g, "\\$&")}"`), bad);
  }
});
