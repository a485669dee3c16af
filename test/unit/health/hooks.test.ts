// The waiter's evaluation: Helm's hook rules for Jobs and Pods with
// `hooks`, kstatus otherwise, and a kstatus compute error as Unknown.
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate, type KubeObject } from "../../../src/health/index.ts";

const job = (status: KubeObject): KubeObject => ({ apiVersion: "batch/v1", kind: "Job", metadata: { name: "migrate", generation: 1 }, spec: {}, status });

test("a running Job is Current for kstatus but not for Helm's hook rule", () => {
  const running = job({ startTime: "2024-05-01T10:00:01Z", active: 1 });
  assert.equal(evaluate(running).status, "Current");
  assert.deepEqual([evaluate(running, { hooks: true }).status, evaluate(running, { hooks: true }).message], ["InProgress", "Job not complete: active: 1, succeeded: 0, failed: 0"]);
});

test("hook Jobs: Complete=True is Current, Failed=True is Failed naming the job and reason", () => {
  assert.equal(evaluate(job({ succeeded: 1, conditions: [{ type: "Complete", status: "True" }] }), { hooks: true }).message, "Job Completed. succeeded: 1");
  const r = evaluate(job({ failed: 1, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" }] }), { hooks: true });
  assert.deepEqual([r.status, r.message], ["Failed", "job migrate failed: BackoffLimitExceeded: Job has reached the specified backoff limit"]);
});

test("hook Pods: Succeeded is Current, Failed is Failed (kstatus calls both Current), Running is InProgress", () => {
  const pod = (phase: string): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "hook" }, status: { phase, conditions: [{ type: "Ready", status: "True" }] } });
  assert.equal(evaluate(pod("Succeeded"), { hooks: true }).status, "Current");
  assert.deepEqual([evaluate(pod("Failed"), { hooks: true }).status, evaluate(pod("Failed"), { hooks: true }).message], ["Failed", "pod hook failed"]);
  assert.equal(evaluate(pod("Failed")).status, "Current");
  assert.deepEqual([evaluate(pod("Running"), { hooks: true }).status, evaluate(pod("Running")).status], ["InProgress", "Current"]);
});

test("a deleted hook is Terminating, and a compute error is Unknown with kstatus's message", () => {
  assert.equal(evaluate({ ...job({}), metadata: { name: "m", deletionTimestamp: "2024-05-01T11:00:00Z" } }, { hooks: true }).status, "Terminating");
  assert.deepEqual(evaluate({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, status: { phase: "Unknown" } }), { status: "Unknown", message: "unknown phase Unknown", conditions: [] });
});
