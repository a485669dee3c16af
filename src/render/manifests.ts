/**
 * Rendered files → manifests, as Helm does after rendering: split each file
 * into YAML documents, drop empty ones, separate hooks (helm.sh/hook) from
 * ordinary manifests, and sort both by Helm's InstallOrder of kinds.
 */
import { parse as parseYaml } from "yaml";

export const INSTALL_ORDER: readonly string[] = [
  "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
  "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
  "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
  "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
  "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
  "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
];

export const HOOK_ANNOTATION = "helm.sh/hook";
export const HOOK_EVENTS: ReadonlySet<string> = new Set([
  "pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test", "test-success",
]);

export interface Head {
  apiVersion: string;
  kind: string;
  name: string;
  annotations: Record<string, string>;
}

export interface Manifest {
  /** Template path the document came from ("chart/templates/x.yaml"). */
  source: string;
  /** The document's text, trimmed as Helm trims it. */
  content: string;
  head: Head;
}

export interface Hook extends Manifest {
  events: string[];
}

const SEP = /(?:^|\s*\n)---\s*/;

/** Go's strings.TrimSpace (ASCII and Unicode White_Space). */
export function trimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, "");
}

/** Helm's SplitManifests: documents of one file, in order, trimmed, empty ones dropped. */
export function splitManifests(text: string): string[] {
  return trimSpace(text)
    .split(SEP)
    .filter((d) => d !== "")
    .map(trimSpace);
}

function headOf(doc: string, source: string): Head {
  let parsed: unknown;
  try {
    parsed = parseYaml(doc, { version: "1.1", uniqueKeys: false });
  } catch (e) {
    throw new Error(`YAML parse error on ${source}: ${(e as Error).message}`, { cause: e });
  }
  const obj = (parsed !== null && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  const meta = (obj["metadata"] !== null && typeof obj["metadata"] === "object" ? obj["metadata"] : {}) as Record<string, unknown>;
  const annotations = (meta["annotations"] !== null && typeof meta["annotations"] === "object" ? meta["annotations"] : {}) as Record<string, unknown>;
  const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
  return {
    apiVersion: str(obj["apiVersion"]),
    kind: str(obj["kind"]),
    name: str(meta["name"]),
    annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, str(v)])),
  };
}

function kindLess(a: string, b: string): boolean {
  const ia = INSTALL_ORDER.indexOf(a);
  const ib = INSTALL_ORDER.indexOf(b);
  if (ia === -1 && ib === -1) return a < b;
  if (ia === -1) return false;
  if (ib === -1) return true;
  return ia < ib;
}

/** A stable sort by kind, as Go's sort.SliceStable with lessByKind. */
function sortByKind<T extends { head: Head }>(xs: T[]): T[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort((p, q) => (kindLess(p.x.head.kind, q.x.head.kind) ? -1 : kindLess(q.x.head.kind, p.x.head.kind) ? 1 : p.i - q.i))
    .map((p) => p.x);
}

/** Helm's SortManifests: files in path order, documents in file order, then stable by kind. */
export function sortManifests(files: Map<string, string>): { manifests: Manifest[]; hooks: Hook[] } {
  const manifests: Manifest[] = [];
  const hooks: Hook[] = [];
  for (const source of [...files.keys()].sort()) {
    const text = files.get(source) ?? "";
    if (source.slice(source.lastIndexOf("/") + 1).startsWith("_")) continue;
    if (trimSpace(text) === "") continue;
    for (const content of splitManifests(text)) {
      const head = headOf(content, source);
      const hookTypes = head.annotations[HOOK_ANNOTATION];
      if (hookTypes === undefined) {
        manifests.push({ source, content, head });
        continue;
      }
      const events = hookTypes.split(",").map((h) => trimSpace(h).toLowerCase());
      // A document naming an unknown hook type is dropped, as Helm does.
      if (events.some((e) => !HOOK_EVENTS.has(e))) continue;
      hooks.push({ source, content, head, events });
    }
  }
  return { manifests: sortByKind(manifests), hooks: sortByKind(hooks) };
}
