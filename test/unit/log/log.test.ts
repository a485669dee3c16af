// src/log: JSON lines with level labels and ISO times, secrets redacted, child bindings kept.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { REDACT_DEPTH, SECRET_KEYS, createLogger, parseLogLevel, type Logger } from "../../../src/log/index.ts";

type Line = Record<string, unknown>;

/** A logger writing into memory; lines() parses what it wrote so far, line(i) is one line that must exist. */
function memoryLogger(level?: string): { log: Logger; raw: () => string; lines: () => Line[]; line: (i: number) => Line } {
  const chunks: string[] = [];
  const log = createLogger({ level, destination: { write: (s: string) => void chunks.push(s) } });
  const raw = () => chunks.join("");
  const lines = () => raw().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Line);
  const line = (i: number) => {
    const found = lines()[i];
    assert.ok(found, `log line ${i} was not written`);
    return found;
  };
  return { log, raw, lines, line };
}

test("each line is a JSON object with a level label, an ISO time and msg", () => {
  const { log, line } = memoryLogger();
  log.info("hello");
  log.warn({ attempt: 2 }, "retrying");
  const info = line(0);
  const warn = line(1);
  assert.equal(info.level, "info");
  assert.equal(info.msg, "hello");
  assert.equal(typeof info.time, "string");
  assert.equal(new Date(info.time as string).toISOString(), info.time);
  assert.deepEqual({ level: warn.level, attempt: warn.attempt, msg: warn.msg }, { level: "warn", attempt: 2, msg: "retrying" });
});

test("the level filters lower levels and defaults to info", () => {
  const dflt = memoryLogger();
  dflt.log.debug("hidden");
  dflt.log.info("shown");
  assert.deepEqual(dflt.lines().map((l) => l.msg), ["shown"]);

  const debug = memoryLogger("DEBUG");
  debug.log.trace("hidden");
  debug.log.debug("shown");
  assert.deepEqual(debug.lines().map((l) => [l.level, l.msg]), [["debug", "shown"]]);
});

test("parseLogLevel accepts the six levels in any case and rejects others by name", () => {
  for (const level of ["trace", "debug", "info", "warn", "error", "fatal"]) {
    assert.equal(parseLogLevel(level.toUpperCase()), level);
  }
  assert.equal(parseLogLevel(" warn "), "warn");
  for (const bad of ["verbose", "silent", "", "warning"]) {
    assert.throws(() => parseLogLevel(bad), { message: `unknown log level "${bad}": use one of trace, debug, info, warn, error, fatal` });
  }
  assert.throws(() => createLogger({ level: "verbose" }), /unknown log level "verbose"/);
});

test("a password is redacted at the top level and nested, and the secret never reaches the output", () => {
  const { log, raw, line } = memoryLogger();
  log.info({
    password: "hunter2-top",
    registry: { host: "r.example.com", password: "hunter2-nested" },
    req: { headers: { authorization: "Bearer hunter2-header", Authorization: "Basic hunter2-caps", accept: "*/*" } },
  }, "pulling");
  const pulled = line(0);
  assert.equal(pulled.password, "[REDACTED]");
  assert.deepEqual(pulled.registry, { host: "r.example.com", password: "[REDACTED]" });
  assert.deepEqual(pulled.req, { headers: { authorization: "[REDACTED]", Authorization: "[REDACTED]", accept: "*/*" } });
  assert.doesNotMatch(raw(), /hunter2/);
});

test(`every secret key is redacted at depths 0 to ${REDACT_DEPTH}`, () => {
  for (const key of SECRET_KEYS) {
    for (let depth = 0; depth <= REDACT_DEPTH; depth++) {
      const { log, raw } = memoryLogger();
      let fields: Record<string, unknown> = { [key]: "s3cr3t-value" };
      for (let d = 0; d < depth; d++) fields = { [`level${d}`]: fields };
      log.info(fields, "m");
      assert.doesNotMatch(raw(), /s3cr3t-value/, `${key} at depth ${depth}`);
      assert.match(raw(), /"\[REDACTED\]"/, `${key} at depth ${depth}`);
    }
  }
});

test("ordinary fields are not redacted", () => {
  const { log, line } = memoryLogger();
  log.info({ name: "podinfo", secretName: "registry-creds", tokens: 3 }, "m");
  const { name, secretName, tokens } = line(0);
  assert.deepEqual({ name, secretName, tokens }, { name: "podinfo", secretName: "registry-creds", tokens: 3 });
});

test("child loggers carry their bindings, nested children add theirs, and bindings are redacted too", () => {
  const { log, raw, line } = memoryLogger();
  const release = log.child({ release: "apps/podinfo" });
  const reconcile = release.child({ reconcileID: "r-1", token: "hunter2-binding" });
  reconcile.info("applied");
  release.info("done");
  const first = line(0);
  const second = line(1);
  assert.equal(first.release, "apps/podinfo");
  assert.equal(first.reconcileID, "r-1");
  assert.equal(first.token, "[REDACTED]");
  assert.equal(second.release, "apps/podinfo");
  assert.equal(second.reconcileID, undefined);
  assert.doesNotMatch(raw(), /hunter2/);
});

test("errors are serialized with type, message and stack", () => {
  const { log, line } = memoryLogger();
  const cause = new Error("connection refused");
  log.error({ err: new TypeError("pull failed", { cause }) }, "reconcile failed");
  log.error(new RangeError("direct"));
  const err = line(0).err as Line;
  const direct = line(1);
  assert.equal(err.type, "TypeError");
  assert.equal(err.message, "pull failed: connection refused");
  assert.match(err.stack as string, /TypeError: pull failed\n\s+at /);
  assert.equal((direct.err as Line).type, "RangeError");
  assert.equal(direct.msg, "direct");
});

test("base replaces the default pid and hostname fields", () => {
  const chunks: string[] = [];
  createLogger({ base: { component: "controller" }, destination: { write: (s: string) => void chunks.push(s) } }).info("m");
  const line = JSON.parse(chunks.join("")) as Line;
  assert.equal(line.component, "controller");
  assert.equal(line.pid, undefined);
  assert.equal(line.hostname, undefined);
});

test("a Node.js Writable works as the destination", async () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  createLogger({ destination: stream }).info("via stream");
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.equal((JSON.parse(chunks.join("")) as Line).msg, "via stream");
});
