/**
 * Semantic checks of a HelmRelease that the CRD's OpenAPI schema and CEL rules
 * cannot express (semver constraint syntax, Go durations beyond their pattern,
 * dependsOn references, JSON pointers, ignoreDifferences entries that can
 * never match), plus the schema's own format checks repeated for objects
 * stored under an older CRD. Every message names the field and says what to
 * write instead.
 */
import { parseConstraint } from "../semver/index.ts";
import type { HelmReleaseSpec } from "./types.ts";

export interface FieldError {
  /** Dotted path from the object root, e.g. spec.chart.version. */
  field: string;
  message: string;
}

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  "µs": 1e3, // U+00B5
  "μs": 1e3, // U+03BC
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const MAX_DURATION_NS = 2 ** 63 - 1;

export class DurationError extends Error {
  override name = "DurationError";
}

/**
 * Parses a Go duration (time.ParseDuration) such as "1h30m", "1.5s" or "0"
 * into milliseconds; throws DurationError with Go's wording.
 */
export function parseGoDuration(text: string): number {
  let s = text;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s.startsWith("-");
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw new DurationError(`time: invalid duration "${text}"`);
  let total = 0;
  const re = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]+)/;
  while (s !== "") {
    const m = re.exec(s);
    const whole = m?.[1] ?? "";
    const frac = m?.[2] ?? "";
    if (!m || (whole === "" && frac === "")) throw new DurationError(`time: invalid duration "${text}"`);
    const unitText = m[3] ?? "";
    const unit = UNIT_NS[unitText];
    if (unit === undefined) throw new DurationError(`time: unknown unit "${unitText}" in duration "${text}"`);
    total += Number(`${whole === "" ? "0" : whole}.${frac === "" ? "0" : frac}`) * unit;
    if (total > MAX_DURATION_NS) throw new DurationError(`time: invalid duration "${text}"`);
    s = s.slice(m[0].length);
  }
  const ms = total / 1e6;
  return neg ? -ms : ms;
}

const OCI_REPOSITORY = /^oci:\/\/[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)+$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IDENTITY_POINTERS = new Set(["/apiVersion", "/kind", "/metadata", "/metadata/name", "/metadata/namespace"]);
/** ignoreDifferences group and kind globs, as the CRD's patterns. */
const GROUP_GLOB = /^[-a-z0-9.*?]*$/;
const KIND_GLOB = /^[A-Za-z0-9*?]+$/;
/** Built-in kinds outside the core group: an ignoreDifferences entry naming one without a group can never match. */
const NON_CORE_KINDS: Readonly<Record<string, string>> = {
  Deployment: "apps",
  StatefulSet: "apps",
  DaemonSet: "apps",
  ReplicaSet: "apps",
  Job: "batch",
  CronJob: "batch",
  Ingress: "networking.k8s.io",
  NetworkPolicy: "networking.k8s.io",
  HorizontalPodAutoscaler: "autoscaling",
  PodDisruptionBudget: "policy",
  Role: "rbac.authorization.k8s.io",
  RoleBinding: "rbac.authorization.k8s.io",
  ClusterRole: "rbac.authorization.k8s.io",
  ClusterRoleBinding: "rbac.authorization.k8s.io",
  CustomResourceDefinition: "apiextensions.k8s.io",
  MutatingWebhookConfiguration: "admissionregistration.k8s.io",
  ValidatingWebhookConfiguration: "admissionregistration.k8s.io",
  StorageClass: "storage.k8s.io",
  PriorityClass: "scheduling.k8s.io",
};

/** Why `pointer` is not a usable RFC 6901 JSON pointer, or undefined when it is. */
export function jsonPointerProblem(pointer: string): string | undefined {
  if (pointer === "") return `"" points at the whole object; name a field such as /spec/replicas`;
  if (!pointer.startsWith("/")) return `"${pointer}" must start with "/" (did you mean "/${pointer.replaceAll(".", "/")}"?)`;
  const bad = /~(?![01])/.exec(pointer);
  if (bad) return `"${pointer}" has "~" not followed by 0 or 1; write "~0" for "~" and "~1" for "/"`;
  if (IDENTITY_POINTERS.has(pointer)) return `"${pointer}" identifies the object and cannot be ignored`;
  return undefined;
}

function checkDuration(errors: FieldError[], field: string, value: string | undefined, minMs: number): number | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  try {
    ms = parseGoDuration(value);
  } catch (e) {
    errors.push({ field, message: `"${value}" is not a Go duration (${(e as Error).message}); write e.g. 30s, 5m or 1h30m` });
    return undefined;
  }
  if (ms < minMs) {
    errors.push({ field, message: `"${value}" is too short; use at least ${minMs >= 1000 ? `${minMs / 1000}s` : `${minMs}ms`}` });
    return undefined;
  }
  return ms;
}

function checkName(errors: FieldError[], field: string, value: string | undefined, re: RegExp, max: number, what: string): void {
  if (value === undefined) return;
  if (value.length > max || !re.test(value)) {
    errors.push({ field, message: `"${value}" is not a valid ${what}: lower-case letters, digits and "-"${re === DNS_SUBDOMAIN ? ' or "."' : ""}, starting and ending alphanumeric, at most ${max} characters` });
  }
}

/**
 * Validates a HelmRelease spec; `self` is the HelmRelease's own name and
 * namespace (for the release name default and dependsOn references).
 * Returns an empty list when the spec is valid.
 */
export function validateSpec(spec: HelmReleaseSpec, self: { name: string; namespace: string }): FieldError[] {
  const errors: FieldError[] = [];
  const chart = spec.chart as HelmReleaseSpec["chart"] | undefined;
  if (!chart) {
    errors.push({ field: "spec.chart", message: "is required: give chart.repository and chart.version or chart.digest" });
    return errors;
  }
  if (!OCI_REPOSITORY.test(chart.repository)) {
    errors.push({ field: "spec.chart.repository", message: `"${chart.repository}" must be oci://<registry>[:port]/<path> in lower case, without a tag or digest` });
  }
  if (chart.digest === undefined && chart.version === undefined) {
    errors.push({ field: "spec.chart", message: "chart needs a digest, a version, or both" });
  }
  if (chart.digest !== undefined && !DIGEST.test(chart.digest)) {
    errors.push({ field: "spec.chart.digest", message: `"${chart.digest}" must be sha256: followed by 64 lower-case hex digits` });
  }
  if (chart.version !== undefined) {
    const v = chart.version.trim();
    if (v === "") {
      errors.push({ field: "spec.chart.version", message: "is empty; give a tag such as 1.2.3 or a constraint such as >=1.2.0 <2" });
    } else if (!OCI_TAG.test(v)) {
      try {
        parseConstraint(v);
      } catch (e) {
        errors.push({ field: "spec.chart.version", message: `"${chart.version}" is neither a tag nor a valid semver constraint (${(e as Error).message}); write e.g. 1.2.3, ~1.2 or ">=1.2.0 <2"` });
      }
    }
  }
  if (chart.caSecretRef && chart.plainHTTP === true) {
    errors.push({ field: "spec.chart.caSecretRef", message: "caSecretRef has no effect with plainHTTP; remove one of them" });
  }
  checkName(errors, "spec.chart.credentialsSecretRef.name", chart.credentialsSecretRef?.name, DNS_SUBDOMAIN, 253, "Secret name");
  checkName(errors, "spec.chart.caSecretRef.name", chart.caSecretRef?.name, DNS_SUBDOMAIN, 253, "Secret name");

  if (spec.releaseName === undefined) {
    if (self.name.length > 53) {
      errors.push({ field: "spec.releaseName", message: `the HelmRelease name "${self.name}" is longer than Helm's 53-character release name limit; set spec.releaseName` });
    }
  } else {
    checkName(errors, "spec.releaseName", spec.releaseName, DNS_SUBDOMAIN, 53, "Helm release name");
  }
  checkName(errors, "spec.targetNamespace", spec.targetNamespace, DNS_LABEL, 63, "namespace name");
  checkName(errors, "spec.serviceAccountName", spec.serviceAccountName, DNS_SUBDOMAIN, 253, "ServiceAccount name");

  spec.valuesFrom?.forEach((v, i) => {
    const f = `spec.valuesFrom[${i}]`;
    if ((v.kind as string) !== "ConfigMap" && (v.kind as string) !== "Secret") {
      errors.push({ field: `${f}.kind`, message: `"${v.kind}" is not supported; use ConfigMap or Secret` });
    }
    checkName(errors, `${f}.name`, v.name, DNS_SUBDOMAIN, 253, `${v.kind} name`);
    if (v.key !== undefined && !/^[-._a-zA-Z0-9]{1,253}$/.test(v.key)) {
      errors.push({ field: `${f}.key`, message: `"${v.key}" is not a valid data key: letters, digits, "-", "_" and "." only` });
    }
  });

  checkDuration(errors, "spec.interval", spec.interval, 1000);
  checkDuration(errors, "spec.timeout", spec.timeout, 1000);

  const retry = spec.syncPolicy?.retry;
  if (retry) {
    if (retry.limit !== undefined && (!Number.isInteger(retry.limit) || retry.limit < -1)) {
      errors.push({ field: "spec.syncPolicy.retry.limit", message: `${retry.limit} is not allowed; use -1 (unlimited), 0 (no retries) or a positive count` });
    }
    const b = retry.backoff;
    if (b) {
      if (b.factor !== undefined && (!Number.isInteger(b.factor) || b.factor < 1)) {
        errors.push({ field: "spec.syncPolicy.retry.backoff.factor", message: `${b.factor} is not allowed; factor must be a whole number of at least 1` });
      }
      const d = checkDuration(errors, "spec.syncPolicy.retry.backoff.duration", b.duration, 1);
      const max = checkDuration(errors, "spec.syncPolicy.retry.backoff.maxDuration", b.maxDuration, 1);
      if (d !== undefined && max !== undefined && max < d) {
        errors.push({ field: "spec.syncPolicy.retry.backoff.maxDuration", message: `maxDuration ${b.maxDuration ?? ""} must not be shorter than duration ${b.duration ?? ""}` });
      }
    }
  }

  const seen = new Set<string>();
  spec.dependsOn?.forEach((d, i) => {
    const f = `spec.dependsOn[${i}]`;
    checkName(errors, `${f}.name`, d.name, DNS_SUBDOMAIN, 253, "HelmRelease name");
    checkName(errors, `${f}.namespace`, d.namespace, DNS_LABEL, 63, "namespace name");
    const ns = d.namespace ?? self.namespace;
    const key = `${ns}/${d.name}`;
    if (ns === self.namespace && d.name === self.name) {
      errors.push({ field: f, message: `a HelmRelease cannot depend on itself (${key})` });
    } else if (seen.has(key)) {
      errors.push({ field: f, message: `${key} is listed more than once` });
    }
    seen.add(key);
  });

  spec.ignoreDifferences?.forEach((d, i) => {
    const f = `spec.ignoreDifferences[${i}]`;
    if (!d.jsonPointers?.length && !d.managedFieldsManagers?.length) {
      errors.push({ field: f, message: "give jsonPointers, managedFieldsManagers, or both" });
    }
    if (d.group?.includes("/")) {
      errors.push({ field: `${f}.group`, message: `"${d.group}" is an apiVersion; give only the group (e.g. apps), empty for the core group` });
    } else if (d.group !== undefined && (d.group.length > 253 || !GROUP_GLOB.test(d.group))) {
      errors.push({ field: `${f}.group`, message: `"${d.group}" is not an API group or group glob: lower-case letters, digits, "-", "." and the wildcards "*" and "?" (e.g. apps, *.example.com, *)` });
    }
    const kind = d.kind as string | undefined;
    if (kind === undefined || kind.length > 63 || !KIND_GLOB.test(kind)) {
      errors.push({ field: `${f}.kind`, message: `${JSON.stringify(kind ?? "")} is not a kind or kind glob: letters, digits and the wildcards "*" and "?" (e.g. Deployment, *)` });
    } else if ((d.group ?? "") === "" && Object.hasOwn(NON_CORE_KINDS, kind)) {
      const group = NON_CORE_KINDS[kind] ?? "";
      errors.push({ field: `${f}.group`, message: `${kind} is in group ${group} and an absent group means the core group only, so this entry never matches; set group: ${group} (or "*")` });
    }
    d.jsonPointers?.forEach((p, j) => {
      const problem = jsonPointerProblem(p);
      if (problem) errors.push({ field: `${f}.jsonPointers[${j}]`, message: problem });
    });
  });
  return errors;
}

/** One line per error, e.g. `spec.interval: "5x" is not a Go duration ...`. */
export function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join("; ");
}
