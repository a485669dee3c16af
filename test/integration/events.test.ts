// The event recorder against the real API server: the Event it creates,
// repeats folded into one Event's series with a bounded number of requests,
// note truncation the API accepts, and a missing namespace that is dropped
// without an error escaping.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { call, countingTransport, kubeTransport } from "../../src/apply/client.ts";
import { EventRecorder, type EventTarget } from "../../src/controller/events.ts";
import { kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("events");
const transport = kubeTransport(kubeConfig());
const controller = "bosun.dev/helmrelease-controller";
const instance = uniqueName("bosun-test");

interface Event {
  metadata: { name: string };
  eventTime: string;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  note: string;
  type: string;
  regarding: Record<string, unknown>;
  series?: { count: number; lastObservedTime: string };
}

let target: EventTarget;

before(async () => {
  const r = await kubectl(["create", "namespace", ns]);
  if (r.code !== 0) throw new Error(r.stderr);
  const cm = (await call(transport, {
    method: "POST",
    path: `/api/v1/namespaces/${ns}/configmaps`,
    body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "release" } }),
    contentType: "application/json",
  })) as { metadata: { uid: string; resourceVersion: string } };
  target = { apiVersion: "v1", kind: "ConfigMap", namespace: ns, name: "release", uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion };
});

after(async () => {
  await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
});

/** The Events in the test namespace with `reason`, each test using its own. */
async function eventsWithReason(reason: string): Promise<Event[]> {
  const list = (await call(transport, { method: "GET", path: `/apis/events.k8s.io/v1/namespaces/${ns}/events` })) as { items: Event[] };
  return list.items.filter((e) => e.reason === reason);
}

function recorder(opts: { transport?: typeof transport; log?: (level: string, msg: string) => void } = {}): EventRecorder {
  return new EventRecorder({ transport: opts.transport ?? transport, reportingController: controller, reportingInstance: instance, log: opts.log });
}

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

test("record creates an events.k8s.io/v1 Event about the object", async () => {
  const r = recorder();
  r.record(target, "Warning", "InstallFailed", "Install", "chart rendering failed: nil pointer");
  await r.flush();
  const [event, ...more] = await eventsWithReason("InstallFailed");
  assert.ok(event);
  assert.equal(more.length, 0);
  assert.match(event.metadata.name, /^release\.[0-9a-f]{16}$/);
  assert.match(event.eventTime, MICRO_TIME);
  assert.equal(event.type, "Warning");
  assert.equal(event.action, "Install");
  assert.equal(event.note, "chart rendering failed: nil pointer");
  assert.equal(event.reportingController, controller);
  assert.equal(event.reportingInstance, instance);
  assert.deepEqual(event.regarding, { apiVersion: "v1", kind: "ConfigMap", namespace: ns, name: "release", uid: target.uid, resourceVersion: target.resourceVersion });
  assert.equal(event.series, undefined);
});

test("the same event recorded 20 times is one Event whose series counts 20, written with two requests", async () => {
  const counting = countingTransport(transport);
  const r = recorder({ transport: counting.transport });
  for (let i = 0; i < 20; i++) r.record(target, "Warning", "UpgradeFailed", "Upgrade", "timed out waiting for the condition");
  await r.flush();
  const events = await eventsWithReason("UpgradeFailed");
  assert.equal(events.length, 1);
  assert.equal(events[0]?.series?.count, 20);
  assert.match(events[0].series.lastObservedTime, MICRO_TIME);
  const path = `/apis/events.k8s.io/v1/namespaces/${ns}/events`;
  assert.deepEqual(counting.log, [`POST ${path}`, `PATCH ${path}/${events[0].metadata.name}`]);
});

test("different notes are different Events", async () => {
  const r = recorder();
  r.record(target, "Normal", "Progressing", "Reconcile", "pulling chart 1.0.0");
  r.record(target, "Normal", "Progressing", "Reconcile", "pulling chart 1.0.1");
  r.record(target, "Normal", "Progressing", "Reconcile", "pulling chart 1.0.0");
  await r.flush();
  const events = await eventsWithReason("Progressing");
  assert.deepEqual(events.map((e) => [e.note, e.series?.count]).sort(), [
    ["pulling chart 1.0.0", 2],
    ["pulling chart 1.0.1", undefined],
  ]);
});

test("a note over 1024 bytes is cut to the longest prefix of whole characters that fits", async () => {
  const r = recorder();
  // 1001 + 7 × 3 = 1022 bytes fit; an eighth "€" would make 1025.
  r.record(target, "Warning", "LongNote", "Install", `${"x".repeat(1001)}${"€".repeat(10)}`);
  await r.flush();
  const [event] = await eventsWithReason("LongNote");
  assert.equal(event?.note, `${"x".repeat(1001)}${"€".repeat(7)}`);
});

test("an event in a namespace that does not exist is logged and dropped, and its repeats cost one more request", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    const warnings: string[] = [];
    const counting = countingTransport(transport);
    const r = recorder({
      transport: counting.transport,
      log: (level, msg) => {
        if (level === "warn") warnings.push(msg);
      },
    });
    const missing = { ...target, namespace: uniqueName("missing") };
    for (let i = 0; i < 50; i++) r.record(missing, "Warning", "InstallFailed", "Install", "boom");
    await r.flush();
    // Let any rejection that nobody handled surface before looking.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
    assert.deepEqual(warnings, ["could not create the event, dropped", "could not create the event, dropped"]);
    assert.deepEqual(counting.log, [`POST /apis/events.k8s.io/v1/namespaces/${missing.namespace}/events`, `POST /apis/events.k8s.io/v1/namespaces/${missing.namespace}/events`]);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});
