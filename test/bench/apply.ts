// Benchmark: apply 200 ConfigMaps/Services/Deployments to the running test
// cluster; prints wall time and API requests. Run: node test/bench/apply.ts
import { Applier, countingTransport, kubeTransport, type KubeObject } from "../../src/apply/index.ts";
import { kubeConfig, kubectl, uniqueName } from "../env/testenv.ts";

const ns = uniqueName("bench-apply");
const objects: KubeObject[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }];
for (let i = 0; i < 199; i++) {
  const name = `o-${String(i)}`;
  if (i % 3 === 0) objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { i: String(i) } });
  else if (i % 3 === 1) objects.push({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
  else
    objects.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "registry.invalid/x:1" }] } } },
    });
}
const counter = countingTransport(kubeTransport(kubeConfig()));
const applier = new Applier(counter.transport);
const opts = { release: { namespace: ns, name: "bench" }, targetNamespace: ns, concurrency: Number(process.env.CONCURRENCY ?? 8) };
try {
  for (const round of ["create", "re-apply"]) {
    const start = performance.now();
    const before = counter.count();
    await applier.apply(objects, opts);
    process.stdout.write(`${round}: ${String(objects.length)} objects, ${(performance.now() - start).toFixed(0)} ms, ${String(counter.count() - before)} requests (concurrency ${String(opts.concurrency)})\n`);
  }
} finally {
  await kubectl(["delete", "namespace", ns, "--wait=false"]);
}
