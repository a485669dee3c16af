// The Informer on the real test cluster: a paginated initial LIST (and its
// restart when a continue token expires), add/update/delete events, retry of a
// failed LIST, resuming the watch across many server-side timeouts without
// losing an event, and a relist after a real 410 Gone that reports what
// changed while nobody watched.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as k8s from "@kubernetes/client-node";
import { call, KubeApiError, kubeTransport, type KubeRequest, type Transport } from "../../src/apply/client.ts";
import { Informer, type InformerOptions, type KubeObjectLike } from "../../src/controller/informer.ts";
import { eventually, kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

interface ConfigMap extends KubeObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; uid?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

const ns = uniqueName("informer");
const configMaps = `/api/v1/namespaces/${ns}/configmaps`;
const kc = kubeConfig();
const transport = kubeTransport(kc);
const informers: { stop: () => Promise<void> }[] = [];
// A broken informer tends to wait forever (never synced, never stopped): fail instead.
const timeout = 90_000;

// The 410 test needs a resource whose watch cache it can reset: a CRD's.
const group = `${uniqueName("g")}.bosun.test`;
const crdName = `probes.${group}`;
const probes = `/apis/${group}/v1/namespaces/${ns}/probes`;

async function k(args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  await k(["create", "namespace", ns]);
});

after(
  async () => {
    await kubectl(["delete", "namespace", ns, "--ignore-not-found", "--wait=false"]);
    await kubectl(["delete", "customresourcedefinition", crdName, "--ignore-not-found", "--wait=false"]);
    await Promise.all(informers.map((i) => i.stop()));
  },
  { timeout },
);

/** An informer stopped after the suite; `onError` failures are collected for assertions. */
function informer<T extends KubeObjectLike>(opts: Partial<InformerOptions> & Pick<InformerOptions, "path">): { informer: Informer<T>; errors: unknown[] } {
  const errors: unknown[] = [];
  const inf = new Informer<T>({ kubeConfig: kc, transport, onError: (e) => errors.push(e), ...opts });
  informers.push(inf);
  return { informer: inf, errors };
}

/** Every event an informer emitted, in order, as "type name". */
function recordEvents(inf: Informer<ConfigMap>): string[] {
  const events: string[] = [];
  inf.on("add", (o) => events.push(`add ${o.metadata.name}`));
  inf.on("update", (o) => events.push(`update ${o.metadata.name}`));
  inf.on("delete", (o) => events.push(`delete ${o.metadata.name}`));
  return events;
}

/** A transport that records the query of every request. */
function recording(inner: Transport): { transport: Transport; requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return {
    transport: (req) => {
      requests.push(req);
      return inner(req);
    },
    requests,
  };
}

/** Waits for a condition on informer state (which changes without any request of the test). */
async function until(what: string, check: () => boolean): Promise<void> {
  await eventually(what, () => Promise.resolve(check() ? true : undefined));
}

async function createConfigMap(name: string, labels: Record<string, string>, data: Record<string, string> = {}): Promise<void> {
  await call(transport, { method: "POST", path: configMaps, body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data }), contentType: "application/json" });
}
async function patchData(path: string, data: Record<string, string>): Promise<void> {
  await call(transport, { method: "PATCH", path, body: JSON.stringify({ data }), contentType: "application/merge-patch+json" });
}
async function remove(path: string): Promise<void> {
  await call(transport, { method: "DELETE", path });
}

function names<T extends KubeObjectLike>(inf: Informer<T>): string[] {
  return inf
    .list()
    .map((o) => o.metadata?.name ?? "")
    .sort();
}

test("the initial LIST is paginated and fills the store before waitForSync resolves", { timeout }, async () => {
  const labels = { "informer-test": "paging" };
  for (let i = 1; i <= 5; i++) await createConfigMap(`page-${i}`, labels);
  const rec = recording(transport);
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, transport: rec.transport, labelSelector: "informer-test=paging", pageSize: 2 });
  const events = recordEvents(inf);
  inf.start();
  await inf.waitForSync();

  assert.equal(inf.hasSynced(), true);
  assert.deepEqual(names(inf), ["page-1", "page-2", "page-3", "page-4", "page-5"]);
  assert.deepEqual(events.sort(), ["add page-1", "add page-2", "add page-3", "add page-4", "add page-5"]);
  assert.deepEqual(
    rec.requests.map((r) => [r.method, r.query?.limit, r.query?.labelSelector, r.query?.continue === undefined ? "first" : "continue"]),
    [
      ["GET", "2", "informer-test=paging", "first"],
      ["GET", "2", "informer-test=paging", "continue"],
      ["GET", "2", "informer-test=paging", "continue"],
    ],
  );
  assert.equal(inf.stats.lists, 1, "one complete LIST of three pages");
  assert.deepEqual(errors, []);
  // List items come without apiVersion/kind; the informer fills them in like a watch event has them.
  const one = inf.get(ns, "page-3");
  assert.equal(one?.kind, "ConfigMap");
  assert.equal(one.apiVersion, "v1");
});

test("an expired continue token restarts the LIST from the first page", { timeout }, async () => {
  const inner = recording(transport);
  let expiredOnce = false;
  const expiring: Transport = async (req) => {
    if (req.query?.continue !== undefined && !expiredOnce) {
      expiredOnce = true;
      // What the API server answers once etcd compacted the list's snapshot.
      inner.requests.push(req);
      return { status: 410, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410, message: "The provided continue parameter is too old" } };
    }
    return inner.transport(req);
  };
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, transport: expiring, labelSelector: "informer-test=paging", pageSize: 2 });
  const events = recordEvents(inf);
  inf.start();
  await inf.waitForSync();

  assert.deepEqual(
    inner.requests.map((r) => (r.query?.continue === undefined ? "first" : "continue")),
    ["first", "continue", "first", "continue", "continue"],
  );
  assert.equal(events.length, 5, `no object twice, none lost: ${events.join(", ")}`);
  assert.deepEqual(names(inf), ["page-1", "page-2", "page-3", "page-4", "page-5"]);
  assert.equal(inf.stats.lists, 1);
  assert.deepEqual(errors, [], "an expired continue token is not an error");
});

test("a failed LIST is reported and retried until it succeeds", { timeout }, async () => {
  let failures = 0;
  const flaky: Transport = async (req) => {
    if (failures < 2) {
      failures++;
      return { status: 500, body: { kind: "Status", status: "Failure", reason: "InternalError", code: 500, message: "injected" } };
    }
    return transport(req);
  };
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, transport: flaky, labelSelector: "informer-test=paging" });
  inf.start();
  await inf.waitForSync();
  assert.equal(names(inf).length, 5);
  assert.equal(errors.length, 2);
  assert.ok(errors.every((e) => e instanceof KubeApiError && e.code === 500), String(errors));
  assert.equal(inf.stats.errors, 2);
  assert.equal(inf.stats.lists, 1);
});

// The shorter timeout catches a stop() that does not abort the watch: that
// would wait for the watch to end by itself (after 30 s without data at best).
test("add, update and delete events arrive with the old object on update; a throwing handler is isolated; stop ends delivery", { timeout: 25_000 }, async () => {
  const labels = { "informer-test": "events" };
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, labelSelector: "informer-test=events" });
  const events = recordEvents(inf);
  const updates: [string | undefined, string | undefined][] = [];
  inf.on("update", (obj, old) => updates.push([old.data?.v, obj.data?.v]));
  let thrown = 0;
  inf.on("add", () => {
    thrown++;
    throw new Error("handler bug");
  });
  inf.start();
  await inf.waitForSync();
  assert.deepEqual(events, [], "nothing with that label yet");

  await createConfigMap("ev", labels, { v: "1" });
  await until("the add event", () => inf.get(ns, "ev") !== undefined);
  await patchData(`${configMaps}/ev`, { v: "2" });
  await until("the update event", () => inf.get(ns, "ev")?.data?.v === "2");
  await remove(`${configMaps}/ev`);
  await until("the delete event", () => inf.get(ns, "ev") === undefined);

  assert.deepEqual(events, ["add ev", "update ev", "delete ev"]);
  assert.deepEqual(updates, [["1", "2"]]);
  assert.equal(thrown, 1);
  assert.equal(errors.length, 1, "the handler's error went to onError");
  assert.match(String(errors[0]), /handler bug/);

  await inf.stop();
  await createConfigMap("after-stop", labels);
  // A second informer sees the new object, so it was there to be delivered.
  const { informer: witness } = informer<ConfigMap>({ path: configMaps, labelSelector: "informer-test=events" });
  witness.start();
  await witness.waitForSync();
  assert.ok(witness.get(ns, "after-stop"));
  assert.deepEqual(events, ["add ev", "update ev", "delete ev"], "no callback after stop()");
});

test("the watch resumes from the last resourceVersion across server timeouts: no relist, no event lost", { timeout }, async () => {
  await createConfigMap("counter", { "informer-test": "resume" }, { n: "0" });
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, labelSelector: "informer-test=resume", watchTimeoutSeconds: 1 });
  const seen: string[] = [];
  inf.on("update", (obj) => seen.push(obj.data?.n ?? ""));
  inf.start();
  await inf.waitForSync();
  const watchesAtSync = inf.stats.watches;

  // Change the object back to back while the server ends the watch every
  // second, until the informer has reconnected several times: changes made
  // between two watches must arrive through the next one.
  let n = 0;
  while (n < 20_000 && (inf.stats.watches < watchesAtSync + 5 || n < 20)) {
    n++;
    await patchData(`${configMaps}/counter`, { n: String(n) });
  }
  await until(`update ${n}`, () => inf.get(ns, "counter")?.data?.n === String(n));

  assert.deepEqual(
    seen,
    Array.from({ length: n }, (_, i) => String(i + 1)),
    "every change exactly once, in order",
  );
  assert.ok(inf.stats.watches >= watchesAtSync + 4, `watches: ${inf.stats.watches}`);
  assert.equal(inf.stats.lists, 1, "resumed, never relisted");
  assert.equal(inf.stats.relists410, 0);
  assert.deepEqual(errors, []);
  process.stderr.write(`[informer] ${n} updates across ${inf.stats.watches} watches\n`);
});

test("bookmarks advance the resourceVersion of a watch that matches nothing", { timeout }, async () => {
  const { informer: inf, errors } = informer<ConfigMap>({ path: configMaps, labelSelector: "informer-test=quiet", watchTimeoutSeconds: 5 });
  const events = recordEvents(inf);
  inf.start();
  await inf.waitForSync();
  const listed = Number(inf.stats.resourceVersion);
  // Changes the selector filters out: the watch gets no event, but the API
  // server sends a bookmark before it ends the watch (2 s before the
  // timeout). It sends one only when the collection changed since the watch
  // began, so keep changing it until the bookmark arrives.
  await createConfigMap("unwatched", { "informer-test": "noise" });
  let n = 0;
  await eventually("a bookmark past the list's resourceVersion", async () => {
    if (Number(inf.stats.resourceVersion) > listed) return true;
    n++;
    await patchData(`${configMaps}/unwatched`, { n: String(n) });
    return undefined;
  });
  assert.deepEqual(events, []);
  assert.equal(inf.stats.lists, 1);
  assert.deepEqual(errors, []);
});

/** Whether a watch of `path` from `resourceVersion` is answered with 410 Gone. */
async function watchIsGone(path: string, resourceVersion: string): Promise<boolean> {
  const { promise, resolve } = Promise.withResolvers<boolean>();
  const controller = await new k8s.Watch(kc).watch(
    path,
    { resourceVersion, timeoutSeconds: 1 },
    (phase: string, obj: { code?: number }) => {
      resolve(phase === "ERROR" && obj.code === 410);
    },
    () => {
      resolve(false);
    },
  );
  const gone = await promise;
  controller.abort();
  return gone;
}

test("a real 410 Gone on the watch relists and reports what changed while nobody watched", { timeout }, async () => {
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: crdName },
    spec: {
      group,
      scope: "Namespaced",
      names: { kind: "Probe", plural: "probes", singular: "probe", listKind: "ProbeList" },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  };
  await k(["apply", "-f", "-"], JSON.stringify(crd));
  await k(["wait", "--for", "condition=Established", `customresourcedefinition/${crdName}`, "--timeout=60s"]);
  const probe = (name: string, size: number): string => JSON.stringify({ apiVersion: `${group}/v1`, kind: "Probe", metadata: { name, namespace: ns }, spec: { size } });
  for (const name of ["stays", "changes", "goes"]) await k(["apply", "-f", "-"], probe(name, 1));

  // The informer's first LIST answer is held back until it is stale: while
  // the informer has a store but no watch yet, one object changes, one goes,
  // one comes, and the resourceVersion of that answer stops being watchable.
  // A CRD's storage (and with it its watch cache) is rebuilt when its spec
  // changes; the new cache starts at the current etcd revision, so the API
  // server answers a watch from any earlier resourceVersion with 410 Expired
  // ("too old resource version") — the same answer a long disconnected
  // watcher gets once its version has left the cache.
  let heldBack = false;
  const lagging: Transport = async (req) => {
    const res = await transport(req);
    if (heldBack) return res;
    heldBack = true;
    const staleVersion = (res.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await k(["apply", "-f", "-"], probe("changes", 2));
    await k(["delete", `probes.${group}`, "goes", "-n", ns]);
    await k(["apply", "-f", "-"], probe("comes", 1));
    await k(["patch", "customresourcedefinition", crdName, "--type=json", "-p", JSON.stringify([{ op: "add", path: "/spec/versions/0/additionalPrinterColumns", value: [{ name: "Size", type: "integer", jsonPath: ".spec.size" }] }])]);
    await eventually(`a watch from ${staleVersion} to be answered with 410`, async () => ((await watchIsGone(probes, staleVersion)) ? true : undefined));
    return res;
  };

  type Probe = KubeObjectLike & { metadata: { name: string }; spec?: { size?: number } };
  const { informer: inf, errors } = informer<Probe>({ path: probes, transport: lagging });
  const events: string[] = [];
  inf.on("add", (o) => events.push(`add ${o.metadata.name}`));
  inf.on("update", (o, old) => events.push(`update ${o.metadata.name} ${String(old.spec?.size)}→${String(o.spec?.size)}`));
  inf.on("delete", (o) => events.push(`delete ${o.metadata.name}`));
  inf.start();
  await inf.waitForSync();
  assert.deepEqual(events.sort(), ["add changes", "add goes", "add stays"], "the stale first LIST");

  await until("the relist after 410", () => inf.stats.relists410 > 0 && inf.stats.lists === 2);
  assert.deepEqual(events.slice(3).sort(), ["add comes", "delete goes", "update changes 1→2"], "only the differences; nothing for the unchanged object");
  assert.deepEqual(names(inf), ["changes", "comes", "stays"]);
  assert.equal(inf.stats.relists410, 1);
  assert.deepEqual(errors, [], "a 410 is not an error");
});
