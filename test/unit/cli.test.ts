import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { main } from "../../src/cli/main.ts";

const pkgVersion = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

function capture(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  // Only `template` is asynchronous; these tests use the synchronous commands.
  assert.equal(typeof code, "number");
  return { code: code as number, out, err };
}

test("bosun --version and bosun version print the package version", () => {
  for (const flag of ["--version", "-v", "version"]) {
    const r = capture([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.out, `bosun ${pkgVersion}\n`);
    assert.equal(r.err, "");
  }
});

test("bosun with no command prints usage and succeeds", () => {
  const r = capture([]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^Usage:\n {2}bosun <command> \[flags\]$/m);
});

test("an unknown command fails with exit code 2 and says which", () => {
  const r = capture(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.equal(r.out, "");
  assert.match(r.err, /unknown command "frobnicate" for "bosun"/);
});

test("the entry point runs as a process on this Node.js", () => {
  const out = execFileSync(process.execPath, [new URL("../../src/cli/index.ts", import.meta.url).pathname, "--version"], { encoding: "utf8" });
  assert.equal(out, `bosun ${pkgVersion}\n`);
  assert.ok(Number(process.versions.node.split(".")[0]) >= 24, `tests run on Node ${process.version}; bosun requires Node 24`);
});
