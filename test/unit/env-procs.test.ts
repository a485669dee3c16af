// The test environment's process and port handling: the parts that make
// env:up safe to run after a crash and on a busy machine.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pickPort } from "../env/ports.ts";
import { isAlive, stopByPidFile, tail, waitUntil } from "../env/procs.ts";
import { goBuild } from "../env/tools.ts";

const dir = mkdtempSync(join(tmpdir(), "bosun-procs-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function listen(port: number): Promise<Server> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen({ host: "127.0.0.1", port }, () => {
      res(s);
    });
  });
}

test("pickPort keeps a free preferred port and replaces a busy one", async () => {
  const free = await pickPort(0);
  assert.equal(await pickPort(free), free);

  const server = await listen(0);
  const busy = (server.address() as { port: number }).port;
  const told: [number, number][] = [];
  const chosen = await pickPort(busy, (b, c) => told.push([b, c]));
  server.close();
  assert.notEqual(chosen, busy);
  assert.deepEqual(told, [[busy, chosen]]);
});

test("stopByPidFile stops the process it started, and never a recycled pid", async () => {
  const child = spawn("sleep", ["300"], { stdio: "ignore" });
  const pid = child.pid;
  assert.ok(pid);
  const pidFile = join(dir, "sleep.pid");

  // A pid file whose process is not the expected program: left alone.
  writeFileSync(pidFile, `${pid}\n`);
  assert.equal(await stopByPidFile(pidFile, "registry"), false);
  assert.ok(isAlive(pid));

  writeFileSync(pidFile, `${pid}\n`);
  const exited = new Promise((r) => child.once("exit", r));
  assert.equal(await stopByPidFile(pidFile, "sleep 300"), true);
  await exited;

  // Stale and garbage pid files are not errors.
  writeFileSync(pidFile, "999999999\n");
  assert.equal(await stopByPidFile(pidFile, "sleep"), false);
  writeFileSync(pidFile, "not a pid\n");
  assert.equal(await stopByPidFile(pidFile, "sleep"), false);
});

test("waitUntil fails with the component name and its last log lines", async () => {
  const log = join(dir, "component.log");
  writeFileSync(log, Array.from({ length: 50 }, (_, i) => `line ${i}`).join("\n"));
  await assert.rejects(
    waitUntil("fake-component", () => Promise.resolve(false), { timeoutMs: 300, logPath: log, intervalMs: 50 }),
    (err: Error) => {
      assert.match(err.message, /^fake-component did not become healthy within 0.3s/);
      assert.match(err.message, /line 49$/);
      assert.doesNotMatch(err.message, /line 19\n/);
      return true;
    },
  );
  assert.equal(tail("a\n\nb\nc\n", 2), "b\nc");
});

test("a failed Go build names the module and carries the compiler error", async () => {
  const mod = join(dir, "broken");
  mkdirSync(mod);
  writeFileSync(join(mod, "go.mod"), "module example.com/broken\n\ngo 1.24\n");
  writeFileSync(join(mod, "main.go"), "package main\n\nfunc main() {\n\tundefinedThing()\n}\n");
  await assert.rejects(
    goBuild("example.com/broken@v0.0.0", "broken", ["build", "-o", join(dir, "broken-bin"), "."], mod, { ...process.env, GOFLAGS: "-mod=mod" }),
    (err: Error) => {
      assert.match(err.message, /^Go build of broken from module example\.com\/broken@v0\.0\.0 failed \(exit 1\):/);
      assert.match(err.message, /main\.go:4:2: undefined: undefinedThing/);
      return true;
    },
  );
});
