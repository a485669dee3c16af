/**
 * Argo CD's retry strategy (argo-cd controller/appcontroller.go, RetryStrategy):
 * the n-th retry (n = 0 for the first) waits duration × factor^n, capped at
 * maxDuration; `limit` counts retries after the first failure, -1 is
 * unlimited and 0 none. Pure: the reconciler decides with it and records
 * the outcome in status.retry.
 */
import { parseGoDuration } from "../api/index.ts";

export interface BackoffPolicy {
  limit: number;
  durationMs: number;
  factor: number;
  maxDurationMs: number;
}

export function backoffPolicy(retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } }): BackoffPolicy {
  return {
    limit: retry.limit,
    durationMs: parseGoDuration(retry.backoff.duration),
    factor: retry.backoff.factor,
    maxDurationMs: parseGoDuration(retry.backoff.maxDuration),
  };
}

/** Delay before retry number `retry` (0-based). */
export function retryDelayMs(policy: BackoffPolicy, retry: number): number {
  const raw = policy.durationMs * Math.pow(policy.factor, retry);
  return Math.min(Number.isFinite(raw) ? raw : Number.MAX_SAFE_INTEGER, policy.maxDurationMs);
}

export type RetryDecision = { action: "retry"; delayMs: number; retry: number } | { action: "stall" };

/**
 * After `failures` consecutive failures of the same inputs (≥ 1): retry
 * after the returned delay, or stall because the limit is spent.
 */
export function decideRetry(policy: BackoffPolicy, failures: number): RetryDecision {
  const retry = failures - 1;
  if (policy.limit >= 0 && retry >= policy.limit) return { action: "stall" };
  return { action: "retry", delayMs: retryDelayMs(policy, retry), retry };
}

/** `intervalMs` stretched by up to +`fraction` at random, so releases created together spread out. */
export function withJitter(intervalMs: number, fraction = 0.1, random: () => number = Math.random): number {
  return Math.round(intervalMs * (1 + fraction * random()));
}
