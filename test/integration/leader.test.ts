// Leader election on a real Lease: one leader among candidates, hand-over on
// release, take-over only after expiry when the leader dies without
// releasing, and no take-over from a leader that keeps renewing.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { call, kubeTransport, type KubeRequest, type Transport } from "../../src/apply/client.ts";
import { LeaderElector, type LeaseSpec } from "../../src/controller/leader.ts";
import { eventually, kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("leader");
const transport = kubeTransport(kubeConfig());
const timing = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 300 };

before(async () => {
  const r = await kubectl(["create", "namespace", ns]);
  if (r.code !== 0) throw new Error(r.stderr);
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
});

async function leaseSpec(name: string): Promise<LeaseSpec> {
  const lease = (await call(transport, { method: "GET", path: `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${name}` })) as { spec: LeaseSpec };
  return lease.spec;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Candidate {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  /** run()'s promise. */
  done: Promise<void>;
  /** Every signal onStartedLeading was given. */
  leadingSignals: AbortSignal[];
  stoppedLeading: number;
  newLeaders: string[];
  /** The Lease specs this candidate sent with PUT and the status it got back. */
  puts: { spec: LeaseSpec; status: number }[];
}

function candidate(lease: string, identity: string, opts: { releaseOnCancel?: boolean } = {}): Candidate {
  const stop = new AbortController();
  const recording: Transport = async (req: KubeRequest) => {
    const res = await transport(req);
    if (req.method === "PUT" && req.body) c.puts.push({ spec: (JSON.parse(req.body) as { spec: LeaseSpec }).spec, status: res.status });
    return res;
  };
  const elector = new LeaderElector({
    transport: recording,
    namespace: ns,
    name: lease,
    identity,
    ...timing,
    ...opts,
    onStartedLeading: (signal) => {
      c.leadingSignals.push(signal);
    },
    onStoppedLeading: () => {
      c.stoppedLeading++;
    },
    onNewLeader: (id) => {
      c.newLeaders.push(id);
    },
  });
  const c: Candidate = { identity, elector, stop, done: Promise.resolve(), leadingSignals: [], stoppedLeading: 0, newLeaders: [], puts: [] };
  c.done = elector.run(stop.signal);
  return c;
}

/** Waits until exactly one of `cs` leads; returns [leader, others]. */
async function oneLeader(...cs: Candidate[]): Promise<[Candidate, Candidate[]]> {
  const leader = await eventually("a leader", () => Promise.resolve(cs.find((c) => c.elector.isLeader())), { timeoutMs: 20_000 });
  return [leader, cs.filter((c) => c !== leader)];
}

test("of two candidates exactly one leads; stopping it releases the Lease and the standby takes over", async (t) => {
  const lease = uniqueName("hand-over");
  const [leader, [standby]] = await oneLeader(candidate(lease, "a"), candidate(lease, "b"));
  assert.ok(standby);
  try {
    // Sampled over several renewals: the same single leader, named by the Lease.
    for (let i = 0; i < 8; i++) {
      assert.equal(leader.elector.isLeader(), true);
      assert.equal(standby.elector.isLeader(), false);
      assert.equal((await leaseSpec(lease)).holderIdentity, leader.identity);
      await sleep(250);
    }
    const [leadingSignal, ...more] = leader.leadingSignals;
    assert.ok(leadingSignal);
    assert.equal(more.length, 0);
    assert.equal(leadingSignal.aborted, false);
    assert.equal(standby.leadingSignals.length, 0);
    assert.deepEqual(standby.newLeaders, [leader.identity]);
    const transitionsBefore = (await leaseSpec(lease)).leaseTransitions ?? 0;

    const stoppedAt = Date.now();
    leader.stop.abort();
    await leader.done;
    assert.equal(leader.elector.isLeader(), false);
    assert.equal(leadingSignal.aborted, true);
    assert.equal(leader.stoppedLeading, 1);
    const release = leader.puts.at(-1);
    assert.ok(release);
    assert.equal(release.status, 200, "the last PUT of the stopped leader succeeded");
    assert.equal(release.spec.holderIdentity, "");
    assert.equal(release.spec.leaseDurationSeconds, 1);

    await eventually("the standby to lead", () => Promise.resolve(standby.elector.isLeader() || undefined), { timeoutMs: 20_000 });
    const spec = await leaseSpec(lease);
    assert.equal(spec.holderIdentity, standby.identity);
    assert.equal(spec.leaseTransitions, transitionsBefore + 1);
    assert.equal(standby.leadingSignals.length, 1);
    t.diagnostic(`take-over after release: ${String((standby.elector.acquiredAt ?? NaN) - stoppedAt)} ms (lease ${String(timing.leaseDurationMs)} ms, retry ${String(timing.retryPeriodMs)} ms)`);
  } finally {
    leader.stop.abort();
    standby.stop.abort();
    await Promise.all([leader.done, standby.done]);
  }
});

test("a leader that dies without releasing is replaced only once its Lease has expired", async (t) => {
  const lease = uniqueName("crash");
  const [leader, [standby]] = await oneLeader(candidate(lease, "a", { releaseOnCancel: false }), candidate(lease, "b", { releaseOnCancel: false }));
  assert.ok(standby);
  try {
    const crashedAt = Date.now();
    leader.stop.abort();
    await leader.done;
    // No more writes from the dead leader: this is its last renewal.
    const last = await leaseSpec(lease);
    assert.equal(last.holderIdentity, leader.identity, "the Lease still names the dead leader");
    assert.equal(standby.elector.isLeader(), false, "the standby does not lead while the Lease is unexpired");
    assert.ok(!leader.puts.some((p) => p.spec.holderIdentity === ""), "the leader did not release");

    await eventually("the standby to lead", () => Promise.resolve(standby.elector.isLeader() || undefined), { timeoutMs: 20_000 });
    const spec = await leaseSpec(lease);
    assert.equal(spec.holderIdentity, standby.identity);
    assert.equal(spec.leaseTransitions, (last.leaseTransitions ?? 0) + 1);
    // An ordering on one clock, not a duration: the standby saw the last
    // renewal no earlier than it was written, and must then wait a full lease
    // duration without change. Taking over any earlier would break that rule.
    const acquiredAt = standby.elector.acquiredAt ?? NaN;
    assert.ok(acquiredAt >= Date.parse(last.renewTime ?? "") + timing.leaseDurationMs, `acquired at ${String(acquiredAt)}, last renewal ${String(last.renewTime)}`);
    t.diagnostic(`take-over after a crash: ${String(acquiredAt - crashedAt)} ms (lease ${String(timing.leaseDurationMs)} ms)`);
  } finally {
    standby.stop.abort();
    await standby.done;
  }
});

test("a new candidate never leads while the leader keeps renewing", async () => {
  const lease = uniqueName("healthy");
  const leader = candidate(lease, "a");
  await oneLeader(leader);
  const late = candidate(lease, "c");
  try {
    const first = await leaseSpec(lease);
    // Several lease durations: a candidate that judged expiry by its first
    // observation instead of the last change would have taken over.
    const until = Date.now() + 3 * timing.leaseDurationMs;
    while (Date.now() < until) {
      assert.equal(late.elector.isLeader(), false);
      assert.equal(leader.elector.isLeader(), true);
      await sleep(200);
    }
    const spec = await leaseSpec(lease);
    assert.equal(spec.holderIdentity, leader.identity);
    assert.notEqual(spec.renewTime, first.renewTime, "the leader renewed meanwhile");
    assert.equal(spec.leaseTransitions, first.leaseTransitions);
    assert.equal(late.leadingSignals.length, 0);
    assert.deepEqual(late.newLeaders, [leader.identity]);
  } finally {
    leader.stop.abort();
    late.stop.abort();
    await Promise.all([leader.done, late.done]);
  }
});
