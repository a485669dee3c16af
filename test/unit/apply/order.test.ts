import assert from "node:assert/strict";
import { test } from "node:test";
import { installRank, installSteps, mapBounded, uninstallSteps } from "../../../src/apply/order.ts";

const r = (group: string, kind: string, name = kind.toLowerCase()): { group: string; kind: string; name: string } => ({ group, kind, name });

test("install steps: CRDs, Namespaces, Helm InstallOrder, then custom resources", () => {
  const items = [
    r("example.com", "Widget", "w1"),
    r("apps", "Deployment"),
    r("", "Service"),
    r("", "ConfigMap", "cm1"),
    r("", "Namespace"),
    r("apiextensions.k8s.io", "CustomResourceDefinition"),
    r("", "ConfigMap", "cm2"),
    r("other.io", "Gadget"),
    r("", "ServiceAccount"),
  ];
  const steps = installSteps(items, (x) => x).map((s) => s.map((x) => x.name));
  assert.deepEqual(steps, [["customresourcedefinition"], ["namespace"], ["serviceaccount"], ["cm1", "cm2"], ["service"], ["deployment"], ["w1", "gadget"]]);
});

test("CRD rank needs the apiextensions group; a custom kind named Namespace is a custom resource", () => {
  assert.equal(installRank(r("apiextensions.k8s.io", "CustomResourceDefinition")), 0);
  assert.ok(installRank(r("example.com", "Namespace")) > installRank(r("apps", "Deployment")));
  assert.ok(installRank(r("example.com", "CustomResourceDefinition")) > installRank(r("", "Service")));
});

test("uninstall steps are install steps reversed", () => {
  const items = [r("", "Namespace"), r("example.com", "Widget"), r("apps", "Deployment"), r("apiextensions.k8s.io", "CustomResourceDefinition")];
  assert.deepEqual(
    uninstallSteps(items, (x) => x).map((s) => s.map((x) => x.kind)),
    [["Widget"], ["Deployment"], ["Namespace"], ["CustomResourceDefinition"]],
  );
});

test("mapBounded keeps order, bounds concurrency, settles every item", async () => {
  let inFlight = 0;
  let max = 0;
  const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise((res) => setTimeout(res, 5 * (8 - n)));
    inFlight--;
    if (n === 4) throw new Error("four");
    return n * 10;
  });
  assert.equal(max, 3);
  assert.deepEqual(
    out.map((o) => (o.status === "fulfilled" ? o.value : (o.reason as Error).message)),
    [10, 20, 30, "four", 50, 60, 70],
  );
});
