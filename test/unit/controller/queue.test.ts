// WorkQueue: coalescing, dirty re-runs, one run per key at a time, the
// concurrency limit, delayed adds, cancel, error isolation, depth reports and
// shutdown. Ordering and counts only: nothing here depends on how fast a
// machine is, except that a broken delayed add would leave a test waiting.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { WorkQueue, type WorkQueueOptions } from "../../../src/controller/queue.ts";

/** A promise the test resolves by hand, to hold a handler in its run. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/**
 * A queue that is shut down when the test ends, so no timer outlives it. Not
 * awaited: after a failed assertion a handler may still wait for its gate.
 */
function queue(t: TestContext, opts: WorkQueueOptions): WorkQueue {
  const q = new WorkQueue(opts);
  t.after(() => {
    void q.shutdown(0);
  });
  return q;
}

/** Polls `check` until it holds; fails (instead of hanging) if it never does. */
async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await sleep(5);
  }
  assert.fail(`gave up waiting for ${what}`);
}

test("adds of a waiting key coalesce into one run", async (t) => {
  const block = gate();
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: async (key) => {
      calls.push(key);
      if (key === "block") await block.wait;
    },
  });
  q.add("block");
  q.add("a");
  q.add("a");
  q.add("b");
  q.add("a");
  assert.equal(q.depth(), 2);
  block.open();
  await q.idle();
  assert.deepEqual(calls, ["block", "a", "b"]);
});

test("an add while the key runs makes it run exactly once more, afterwards", async (t) => {
  const first = gate();
  let runs = 0;
  const q = queue(t, {
    concurrency: 4,
    handler: async () => {
      runs++;
      if (runs === 1) await first.wait;
    },
  });
  q.add("a");
  await until("the first run", () => runs === 1);
  q.add("a");
  q.add("a");
  assert.equal(q.running(), 1);
  assert.equal(q.depth(), 0, "a dirty key is not queued while it runs");
  assert.equal(q.has("a"), true);
  first.open();
  await q.idle();
  assert.equal(runs, 2);
  assert.equal(q.has("a"), false);
});

test("one key never runs twice at once, even with free concurrency", async (t) => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  const q = queue(t, {
    concurrency: 8,
    handler: async (key) => {
      if (key !== "a") return;
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      // Re-added from inside the run and again from outside while it sleeps.
      if (runs < 5) {
        q.add("a");
        setImmediate(() => {
          q.add("a");
        });
      }
      await sleep(2);
      active--;
    },
  });
  q.add("a");
  for (let i = 0; i < 20; i++) q.add(`other-${i}`);
  await until("five runs of a", () => runs === 5);
  await q.idle();
  assert.equal(runs, 5, "each run's re-adds coalesce into one more run");
  assert.equal(maxActive, 1);
});

test("different keys run concurrently up to the limit and no further", async (t) => {
  let active = 0;
  let maxActive = 0;
  const done = new Set<string>();
  const q = queue(t, {
    concurrency: 3,
    handler: async (key) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await sleep(1);
      active--;
      done.add(key);
    },
  });
  for (let i = 0; i < 30; i++) q.add(`k${i}`);
  assert.equal(q.running() + q.depth(), 30);
  await q.idle();
  assert.equal(done.size, 30);
  assert.equal(maxActive, 3);
});

test("addAfter: the earlier of two delayed adds wins, whichever came first", async (t) => {
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 2,
    handler: async (key) => {
      calls.push(key);
      await Promise.resolve();
    },
  });
  q.addAfter("late-then-soon", 3_600_000);
  q.addAfter("late-then-soon", 5);
  q.addAfter("soon-then-late", 5);
  q.addAfter("soon-then-late", 3_600_000);
  assert.equal(q.delayed(), 2);
  assert.equal(q.depth(), 0);
  await until("both delayed keys to run", () => calls.length === 2);
  await q.idle();
  assert.deepEqual(calls.sort(), ["late-then-soon", "soon-then-late"]);
  assert.equal(q.delayed(), 0, "the later add left no timer behind");
});

test("a delay longer than a timer can hold does not fire at once", async (t) => {
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: async (key) => {
      calls.push(key);
      await Promise.resolve();
    },
  });
  q.addAfter("in-30-days", 30 * 24 * 3_600_000);
  q.addAfter("soon", 5);
  await until("the short delay", () => calls.length > 0);
  await sleep(20);
  assert.deepEqual(calls, ["soon"]);
  assert.equal(q.delayed(), 1);
});

test("an immediate add replaces a delayed one; addAfter of a waiting key is a no-op", async (t) => {
  const block = gate();
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: async (key) => {
      calls.push(key);
      if (key === "block") await block.wait;
    },
  });
  q.add("block");
  q.addAfter("a", 3_600_000);
  assert.equal(q.delayed(), 1);
  assert.equal(q.has("a"), true);
  q.add("a");
  assert.equal(q.delayed(), 0);
  assert.equal(q.depth(), 1);
  q.addAfter("a", 1);
  assert.equal(q.delayed(), 0, "a waiting key runs soon anyway");
  block.open();
  await q.idle();
  assert.deepEqual(calls, ["block", "a"]);
  assert.equal(q.has("a"), false);
});

test("cancel drops waiting, delayed and dirty work but not the running handler", async (t) => {
  const block = gate();
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: async (key) => {
      calls.push(key);
      if (key === "block") await block.wait;
    },
  });
  q.add("block");
  q.add("queued");
  q.addAfter("delayed", 3_600_000);
  q.add("block"); // dirty: would run again after the current run
  q.cancel("queued");
  q.cancel("delayed");
  q.cancel("block");
  assert.equal(q.depth(), 0);
  assert.equal(q.delayed(), 0);
  assert.equal(q.running(), 1);
  assert.equal(q.has("block"), true, "still running");
  block.open();
  await q.idle();
  assert.deepEqual(calls, ["block"]);
});

test("handler errors, thrown or rejected, go to onError and the queue keeps going", async (t) => {
  const errors: [string, unknown][] = [];
  const calls: string[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: (key) => {
      calls.push(key);
      if (key === "throws") throw new Error("sync failure");
      if (key === "rejects") return Promise.reject(new Error("async failure"));
      return Promise.resolve();
    },
    onError: (key, err) => errors.push([key, err]),
  });
  q.add("throws");
  q.add("rejects");
  q.add("fine");
  await q.idle();
  assert.deepEqual(calls, ["throws", "rejects", "fine"]);
  assert.deepEqual(
    errors.map(([key, err]) => [key, err instanceof Error ? err.message : err]),
    [
      ["throws", "sync failure"],
      ["rejects", "async failure"],
    ],
  );
  q.add("throws");
  await q.idle();
  assert.equal(errors.length, 3, "a failed key can run again");
});

test("onDepthChange reports the number of waiting keys on every change", async (t) => {
  const block = gate();
  const depths: number[] = [];
  const q = queue(t, {
    concurrency: 1,
    handler: async (key) => {
      if (key === "block") await block.wait;
    },
    onDepthChange: (d) => depths.push(d),
  });
  q.add("block"); // waits, then starts at once: 1, 0
  q.add("a");
  q.add("b");
  q.add("c");
  q.add("b"); // coalesced: no report
  q.addAfter("d", 3_600_000); // delayed keys are not waiting
  q.cancel("b");
  assert.equal(q.depth(), 2);
  block.open();
  await q.idle();
  assert.deepEqual(depths, [1, 0, 1, 2, 3, 2, 1, 0]);
});

test("idle() does not wait for delayed keys", async (t) => {
  const q = queue(t, { concurrency: 1, handler: () => Promise.resolve() });
  q.addAfter("later", 3_600_000);
  await q.idle();
  assert.equal(q.delayed(), 1);
});

test("shutdown waits for running handlers that finish before the deadline", async (t) => {
  const block = gate();
  const started: string[] = [];
  let sawAbort = false;
  const q = queue(t, {
    concurrency: 1,
    handler: async (key, signal) => {
      started.push(key);
      await block.wait;
      sawAbort = signal.aborted;
    },
  });
  q.add("running");
  q.add("waiting");
  q.addAfter("delayed", 3_600_000);
  await until("the first handler", () => started.length === 1);
  const result = q.shutdown(3_600_000);
  assert.equal(q.depth(), 0);
  assert.equal(q.delayed(), 0);
  block.open();
  assert.deepEqual(await result, { finished: true });
  assert.deepEqual(started, ["running"], "waiting keys are dropped");
  assert.equal(sawAbort, false);
});

// The timeout turns a missing abort (this handler would wait forever) into a failure.
test("shutdown aborts handlers at the deadline and waits for them; later adds are no-ops", { timeout: 10_000 }, async (t) => {
  const started: string[] = [];
  let settled = false;
  const q = queue(t, {
    concurrency: 2,
    handler: async (key, signal) => {
      started.push(key);
      // Only the abort ends this handler.
      await new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => {
          resolve();
        });
      });
      settled = true;
    },
  });
  q.add("stuck");
  await until("the handler", () => started.length === 1);
  assert.deepEqual(await q.shutdown(10), { finished: false });
  assert.equal(settled, true, "shutdown resolves after the aborted handler settled");
  q.add("after");
  q.addAfter("after-delayed", 1);
  assert.equal(q.has("after"), false);
  assert.equal(q.depth(), 0);
  assert.equal(q.delayed(), 0);
  assert.equal(q.running(), 0);
  await q.idle();
  assert.deepEqual(started, ["stuck"]);
});

test("a thousand keys, delayed and immediate, each run exactly once", async (t) => {
  const runs = new Map<string, number>();
  const q = queue(t, {
    concurrency: 16,
    handler: async (key) => {
      runs.set(key, (runs.get(key) ?? 0) + 1);
      await Promise.resolve();
    },
  });
  for (let i = 0; i < 1000; i++) {
    q.addAfter(`k${i}`, 3_600_000);
    q.addAfter(`k${i}`, 1 + (i % 10));
    if (i % 2 === 0) q.add(`k${i}`);
  }
  assert.equal(q.delayed(), 500);
  await until("every key to run", () => runs.size === 1000);
  await q.idle();
  assert.equal(q.delayed(), 0);
  assert.ok([...runs.values()].every((n) => n === 1));
});
