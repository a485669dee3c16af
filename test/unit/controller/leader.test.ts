// The election's pure rules (expiry, record identity, MicroTime) and option checks. Its behaviour
// against the API — acquire, renew, release, takeover — is tested on the real cluster
// (test/integration/leader.test.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Transport } from "../../../src/apply/client.ts";
import { isLeaseValid, LeaderElector, leaseRecordKey, microTime, type LeaseSpec } from "../../../src/controller/leader.ts";

test("microTime writes metav1.MicroTime's six fractional digits", () => {
  assert.equal(microTime(Date.UTC(2025, 0, 2, 3, 4, 5, 67)), "2025-01-02T03:04:05.067000Z");
});

test("a lease is valid for leaseDurationSeconds after the change was observed, and not a moment longer", () => {
  assert.equal(isLeaseValid(10_000, 2, 11_999), true);
  assert.equal(isLeaseValid(10_000, 2, 12_000), false);
  assert.equal(isLeaseValid(10_000, 0, 10_000), false);
});

test("the record key changes with every field, renewTime included", () => {
  const spec: LeaseSpec = { holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: "t0", renewTime: "t1", leaseTransitions: 2 };
  assert.equal(leaseRecordKey(spec), leaseRecordKey({ ...spec }));
  for (const changed of [{ renewTime: "t2" }, { holderIdentity: "b" }, { leaseTransitions: 3 }, { leaseDurationSeconds: 1 }, { acquireTime: "t9" }]) {
    assert.notEqual(leaseRecordKey({ ...spec, ...changed }), leaseRecordKey(spec), JSON.stringify(changed));
  }
});



const transport: Transport = () => Promise.reject(new Error("no API in a unit test"));

test("invalid timings are rejected like client-go's NewLeaderElector", () => {
  const base = { transport, namespace: "ns", name: "l", identity: "me", onStartedLeading: () => undefined };
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 2000, renewDeadlineMs: 2000 }), /leaseDurationMs must be greater than renewDeadlineMs/);
  assert.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 1000, retryPeriodMs: 1000 }), /renewDeadlineMs must be greater than retryPeriodMs/);
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 900, renewDeadlineMs: 500, retryPeriodMs: 100 }), /at least 1000/);
  assert.throws(() => new LeaderElector({ ...base, identity: "" }), /identity/);
});
