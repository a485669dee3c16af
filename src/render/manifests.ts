/**
 * Rendered files → manifests, as Helm does after rendering: split each file
 * into YAML documents, drop empty ones, separate hooks (helm.sh/hook) from
 * ordinary manifests, and sort both by Helm's InstallOrder of kinds.
 */
import { sigsUnmarshalShared } from "./format/index.ts";

export const INSTALL_ORDER: readonly string[] = [
  "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
  "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
  "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
  "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
  "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
  "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
];

export const HOOK_ANNOTATION = "helm.sh/hook";
export const HOOK_WEIGHT_ANNOTATION = "helm.sh/hook-weight";
export const HOOK_DELETE_ANNOTATION = "helm.sh/hook-delete-policy";

/** Hook annotation values → events ("test-success" is Helm 2's name for "test"). */
const HOOK_EVENTS: ReadonlyMap<string, string> = new Map([
  ...["pre-install", "post-install", "pre-delete", "post-delete", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback", "test"].map(
    (e) => [e, e] as [string, string],
  ),
  ["test-success", "test"],
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
  /** helm.sh/hook-weight (0 when absent or not an integer). */
  weight: number;
  /** helm.sh/hook-delete-policy values, trimmed and lower-cased as Helm does. */
  deletePolicies: string[];
}

/** Go's strconv.Atoi for hook weights: optional sign and decimal digits within int64, else 0. */
function hookWeight(v: string | undefined): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = BigInt(v);
  return n > 9223372036854775807n || n < -9223372036854775808n ? 0 : Number(n);
}

/** JavaScript's \s: WhiteSpace and LineTerminator. */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * text.split(/(?:^|\s*\n)---\s*\/) without the regular expression, which
 * retries its \s*\n at every position of a long document: a separator is
 * "---" at the start, or after whitespace that ends in a newline, with the
 * whitespace after it.
 */
function splitOnSeparators(text: string): string[] {
  const out: string[] = [];
  const skipSpace = (i: number): number => {
    while (i < text.length && isJsSpace(text.charCodeAt(i))) i++;
    return i;
  };
  let from = 0;
  if (text.startsWith("---")) {
    out.push("");
    from = skipSpace(3);
  }
  for (;;) {
    const nl = text.indexOf("\n---", from);
    if (nl === -1) break;
    let start = nl;
    while (start > from && isJsSpace(text.charCodeAt(start - 1))) start--;
    out.push(text.slice(from, start));
    from = skipSpace(nl + 4);
  }
  out.push(text.slice(from));
  return out;
}

/** Go's strings.TrimSpace (ASCII and Unicode White_Space): JavaScript's \s (what trim() strips) and U+0085. */
export function trimSpace(s: string): string {
  let t = s.trim();
  while (t.charCodeAt(0) === 0x85 || t.charCodeAt(t.length - 1) === 0x85) t = (t.charCodeAt(0) === 0x85 ? t.slice(1) : t.slice(0, -1)).trim();
  return t;
}

/** Helm's SplitManifests: documents of one file, in order, trimmed, empty ones dropped. */
export function splitManifests(text: string): string[] {
  return splitOnSeparators(trimSpace(text))
    .filter((d) => d !== "")
    .map(trimSpace);
}

/** The JSON kind name encoding/json uses in "cannot unmarshal X into …" errors. */
function jsonKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/**
 * Helm reads each document into a SimpleHead (apiVersion, kind,
 * metadata.name, metadata.annotations) with sigs.k8s.io/yaml; its errors
 * become "YAML parse error on <file>: …".
 */
function headOf(doc: string, source: string): Head {
  const fail = (msg: string): never => {
    throw new Error(`YAML parse error on ${source}: ${msg}`);
  };
  const r = sigsUnmarshalShared(doc, "any");
  if ("error" in r) return fail(r.error);
  const v = r.value;
  const head: Head = { apiVersion: "", kind: "", name: "", annotations: {} };
  if (v === null) return head;
  const jsonErr = (what: string, field: string, type: string): never =>
    fail(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${what} into Go struct field ${field} of type ${type}`);
  if (!(v instanceof Map)) return fail(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type util.SimpleHead`);
  // sigs.k8s.io/yaml converts scalars to the string fields' type; only
  // lists and maps fail, with encoding/json's field paths.
  const str = (x: unknown, field: string, type = "string"): string => {
    if (x === null || x === undefined) return "";
    if (typeof x === "string") return x;
    if (typeof x === "number" || typeof x === "boolean") return String(x);
    return jsonErr(jsonKind(x), field, type);
  };
  head.apiVersion = str(v.get("apiVersion"), "SimpleHead.apiVersion");
  head.kind = str(v.get("kind"), "SimpleHead.kind");
  const meta = v.get("metadata");
  if (meta !== null && meta !== undefined) {
    if (!(meta instanceof Map)) {
      return jsonErr(jsonKind(meta), "SimpleHead.metadata", 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }');
    }
    head.name = str(meta.get("name"), ".metadata.name");
    const ann = meta.get("annotations");
    if (ann !== null && ann !== undefined) {
      if (!(ann instanceof Map)) return jsonErr(jsonKind(ann), ".metadata.annotations", "map[string]string");
      for (const [k, x] of ann as Map<string, unknown>) head.annotations[k] = str(x, ".metadata.annotations");
    }
  }
  return head;
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
      const events = hookTypes.split(",").map((h) => HOOK_EVENTS.get(trimSpace(h).toLowerCase()));
      // A document naming an unknown hook type is dropped, as Helm does.
      if (events.some((e) => e === undefined)) continue;
      const policy = head.annotations[HOOK_DELETE_ANNOTATION];
      const deletePolicies = policy === undefined ? [] : policy.split(",").map((p) => trimSpace(p).toLowerCase());
      hooks.push({ source, content, head, events: events as string[], weight: hookWeight(head.annotations[HOOK_WEIGHT_ANNOTATION]), deletePolicies });
    }
  }
  return { manifests: sortByKind(manifests), hooks: sortByKind(hooks) };
}
