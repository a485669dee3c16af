/**
 * bosun's tracking metadata: which HelmRelease owns an applied object.
 * Keys are documented in src/apply/README.md.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "./objects.ts";

export const RELEASE_LABEL = "bosun.dev/release";
export const OWNER_NAMESPACE_ANNOTATION = "bosun.dev/owner-namespace";
export const OWNER_NAME_ANNOTATION = "bosun.dev/owner-name";
export const PRUNE_ANNOTATION = "bosun.dev/prune";
export const ARGO_SYNC_OPTIONS_ANNOTATION = "argocd.argoproj.io/sync-options";

/** The HelmRelease that owns objects. */
export interface ReleaseRef {
  namespace: string;
  name: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The value of bosun.dev/release: "<namespace>.<name>" when that is a valid
 * label value (≤ 63 characters of [-A-Za-z0-9_.], alphanumeric at both ends);
 * otherwise a sanitized prefix of at most 52 characters, "-", and the first 10
 * hex digits of sha256("<namespace>/<name>") — 63 characters at most, stable.
 */
export function releaseLabelValue(release: ReleaseRef): string {
  const plain = `${release.namespace}.${release.name}`;
  if (plain.length <= 63 && LABEL_VALUE.test(plain)) return plain;
  const hash = createHash("sha256").update(`${release.namespace}/${release.name}`).digest("hex").slice(0, 10);
  const prefix = plain
    .replace(/[^-A-Za-z0-9_.]/g, "-")
    .slice(0, 52)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  return prefix === "" ? hash : `${prefix}-${hash}`;
}

/** The label selector of every object of a release ("bosun.dev/release=<value>"). */
export function releaseSelector(release: ReleaseRef): string {
  return `${RELEASE_LABEL}=${releaseLabelValue(release)}`;
}

/** A copy of `obj` carrying the tracking label and annotations of `release`. */
export function withTracking(obj: KubeObject, release: ReleaseRef): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...obj.metadata.labels, [RELEASE_LABEL]: releaseLabelValue(release) },
      annotations: {
        ...obj.metadata.annotations,
        [OWNER_NAMESPACE_ANNOTATION]: release.namespace,
        [OWNER_NAME_ANNOTATION]: release.name,
      },
    },
  };
}

/**
 * Whether a live object's tracking metadata names `release`: the label and both
 * annotations must agree (the label alone may be a hash, and anyone can copy it).
 */
export function ownedBy(live: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }, release: ReleaseRef): boolean {
  const labels = live.metadata?.labels ?? {};
  const annotations = live.metadata?.annotations ?? {};
  return (
    labels[RELEASE_LABEL] === releaseLabelValue(release) &&
    annotations[OWNER_NAMESPACE_ANNOTATION] === release.namespace &&
    annotations[OWNER_NAME_ANNOTATION] === release.name
  );
}

/** Why an object must not be pruned, or undefined when it may be. */
export function pruneProtection(annotations: Record<string, string> | undefined): string | undefined {
  const a = annotations ?? {};
  if (a[PRUNE_ANNOTATION]?.trim().toLowerCase() === "false") return `annotated ${PRUNE_ANNOTATION}: "false"`;
  const argo = a[ARGO_SYNC_OPTIONS_ANNOTATION];
  if (argo?.split(",").some((o) => o.trim() === "Prune=false")) return `annotated ${ARGO_SYNC_OPTIONS_ANNOTATION}: "${argo}"`;
  return undefined;
}
