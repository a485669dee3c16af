import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffPolicy, decideRetry, retryDelayMs, withJitter } from "../../../src/controller/retry.ts";

const policy = backoffPolicy({ limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } });

test("delay = duration × factor^retry, capped at maxDuration (Argo CD's defaults)", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(policy, n)), [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 180_000]);
  assert.equal(retryDelayMs(policy, 5000), 180_000, "huge exponents stay capped");
});

test("limit counts retries after the first failure; -1 is unlimited, 0 none", () => {
  assert.deepEqual(decideRetry(policy, 1), { action: "retry", delayMs: 5_000, retry: 0 });
  assert.deepEqual(decideRetry(policy, 5), { action: "retry", delayMs: 80_000, retry: 4 });
  assert.deepEqual(decideRetry(policy, 6), { action: "stall" });
  assert.deepEqual(decideRetry({ ...policy, limit: 0 }, 1), { action: "stall" });
  const unlimited = { ...policy, limit: -1 };
  assert.deepEqual(decideRetry(unlimited, 1000), { action: "retry", delayMs: 180_000, retry: 999 });
});

test("factor 1 keeps the delay constant", () => {
  const flat = backoffPolicy({ limit: 3, backoff: { duration: "2s", factor: 1, maxDuration: "1m" } });
  assert.deepEqual([0, 1, 2].map((n) => retryDelayMs(flat, n)), [2_000, 2_000, 2_000]);
});

test("jitter only stretches the interval, by at most the fraction", () => {
  assert.equal(withJitter(60_000, 0.1, () => 0), 60_000);
  assert.equal(withJitter(60_000, 0.1, () => 0.999999), 66_000);
  for (let i = 0; i < 100; i++) {
    const v = withJitter(600_000);
    assert.ok(v >= 600_000 && v <= 660_000, String(v));
  }
});
