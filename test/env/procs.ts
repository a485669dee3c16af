import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number;
}

/** Runs a command to completion and captures its output. Never throws on a nonzero exit. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: opts.timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + (signal ? `\n(killed by ${signal})` : ""),
      });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs a command and throws an error carrying its output when it fails. */
export async function runOrThrow(what: string, cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`${what} failed (exit ${r.code}): ${cmd} ${args.join(" ")}\n${tail(r.stderr + r.stdout, 40)}`);
  }
  return r;
}

/** The last `n` non-empty lines of a text, for error messages. */
export function tail(text: string, n: number): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(-n).join("\n");
}

export function tailFile(path: string, n: number): string {
  if (!existsSync(path)) return `(no log at ${path})`;
  return tail(readFileSync(path, "utf8"), n);
}

/**
 * Starts a long-running daemon detached from this process, with its output in
 * `logPath` and its pid in `pidPath`, so that a later `env:down` (or an
 * `env:up` after a crash) can find and stop it.
 */
export function startDaemon(cmd: string, args: readonly string[], opts: { logPath: string; pidPath: string; env?: NodeJS.ProcessEnv; cwd?: string }): number {
  const fd = openSync(opts.logPath, "a");
  try {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
    child.unref();
    writeFileSync(opts.pidPath, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of a live process, or undefined (Linux /proc). */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
}

/**
 * Stops the process named by a pid file, if it is still running and still the
 * program we started (`expect` must appear in its command line, so a recycled
 * pid is never killed). SIGTERM first, SIGKILL after `graceMs`.
 * Returns true when a process was stopped.
 */
export async function stopByPidFile(pidPath: string, expect: string, graceMs = 5000): Promise<boolean> {
  if (!existsSync(pidPath)) return false;
  const pid = Number.parseInt(readFileSync(pidPath, "utf8").trim(), 10);
  rmSync(pidPath, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  const cmdline = commandLine(pid);
  if (cmdline === undefined || !cmdline.includes(expect)) return false;
  return stopPid(pid, graceMs);
}

export async function stopPid(pid: number, graceMs = 5000): Promise<boolean> {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || isZombie(pid)) return true;
    await sleep(50);
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* already gone */
  }
  return true;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state is the field after the parenthesised command name.
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** Resident set size of a process in bytes (Linux /proc), or 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m?.[1] ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Polls `probe` until it returns true. On timeout, throws an error that names
 * the component and carries the last lines of its log.
 */
export async function waitUntil(
  component: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; logPath?: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(opts.intervalMs ?? 200);
  }
  const log = opts.logPath ? `\nlast log lines (${opts.logPath}):\n${tailFile(opts.logPath, 30)}` : "";
  throw new Error(`${component} did not become healthy within ${opts.timeoutMs / 1000}s${lastError ? ` (last error: ${lastError})` : ""}${log}`);
}
