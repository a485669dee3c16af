/**
 * What the controller benchmarks share: a namespace, and a small chart (a
 * ConfigMap and a one-replica Deployment named after the release) pushed to
 * the test registry.
 */
import { testEnv, uniqueName } from "../env/testenv.ts";
import { applyCrd, createNamespace, pushChart } from "../integration/controller-harness.ts";

/** Applies the CRD, creates a namespace and pushes the chart; returns the namespace and the chart's repository. */
export async function setUpSmallChart(prefix: string): Promise<{ ns: string; chartRepository: string }> {
  const ns = uniqueName(prefix);
  await applyCrd();
  await createNamespace(ns);
  const repo = `oci://${testEnv().registry}/${uniqueName(prefix)}`;
  await pushChart(repo, {
    name: "small",
    version: "1.0.0",
    values: "message: hi\n",
    templates: {
      "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  message: {{ .Values.message | quote }}\n",
      "deploy.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: {{ .Release.Name }}}\n  template:\n    metadata:\n      labels: {app: {{ .Release.Name }}}\n    spec:\n      containers: [{name: c, image: example.invalid/c:1}]\n",
    },
  });
  return { ns, chartRepository: `${repo}/small` };
}
