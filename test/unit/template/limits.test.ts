// Templates come from third-party charts: every resource an execution can
// consume is bounded, and exceeding a bound is a clear LimitError.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExecError, LimitError, Template } from "../../../src/template/index.ts";

function run(text: string, data: unknown, limits: Parameters<Template["limits"]>[0] = {}): string {
  return new Template("t").limits(limits).parse(text).execute(data);
}

test("unbounded template recursion stops at the depth limit", () => {
  assert.throws(
    () => run(`{{define "r"}}x{{template "r" .}}{{end}}{{template "r" .}}`, null, { maxDepth: 50 }),
    (e: unknown) => e instanceof LimitError && /^template: t:1:\d+: executing "r" at <{{template "r" .}}>: exceeded maximum template depth \(50\)$/.test(e.message),
  );
});

test("recursion within the depth limit works", () => {
  const out = run(`{{define "r"}}{{if gt . 0}}{{.}}{{template "r" (len (slice "xxxxx" 1 .))}}{{end}}{{end}}{{template "r" 5}}`, null, { maxDepth: 50 });
  assert.equal(out, "54321");
});

test("the default depth limit holds without overflowing the JavaScript stack", () => {
  assert.throws(
    () => run(`{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`, null),
    (e: unknown) => e instanceof LimitError && /exceeded maximum template depth/.test(e.message),
  );
});

test("output larger than the limit fails instead of exhausting memory", () => {
  assert.throws(
    () => run(`{{range 100000}}0123456789{{end}}`, null, { maxOutput: 10_000 }),
    (e: unknown) => e instanceof LimitError && /output exceeded the limit of 10000 characters$/.test(e.message),
  );
  assert.equal(run(`{{range 100}}0123456789{{end}}`, null, { maxOutput: 10_000 }).length, 1000);
});

test("a step budget stops runaway loops", () => {
  assert.throws(
    () => run(`{{range 1000000000}}{{end}}`, null, { maxSteps: 10_000 }),
    (e: unknown) => e instanceof LimitError && /execution exceeded the limit of 10000 steps$/.test(e.message),
  );
});

test("a time budget stops slow executions", () => {
  assert.throws(
    () => run(`{{range 1000000000}}{{range 10}}{{end}}{{end}}`, null, { maxMillis: 50, maxSteps: Number.MAX_SAFE_INTEGER }),
    (e: unknown) => e instanceof LimitError && /execution exceeded the time limit of 50ms$/.test(e.message),
  );
});

test("limit errors are execution errors", () => {
  assert.ok(new LimitError("t", "m") instanceof ExecError);
});

test("map keys named like Object.prototype members are ordinary keys", () => {
  const data = JSON.parse(`{"__proto__": "p", "constructor": "c", "toString": "s", "hasOwnProperty": "h"}`) as unknown;
  assert.equal(run(`{{.__proto__}} {{.constructor}} {{.toString}} {{.hasOwnProperty}} {{.valueOf}}|{{len .}}`, data), "p c s h <no value>|4");
  const m = new Map<string, unknown>([["__proto__", 1.5]]);
  assert.equal(run(`{{index . "__proto__"}} {{range $k, $v := .}}{{$k}}={{$v}}{{end}}`, m), "1.5 __proto__=1.5");
});
