/**
 * Which HelmReleases read which ConfigMaps and Secrets through
 * `spec.valuesFrom`, so that a change to one of them reconciles exactly the
 * releases that use it (an index maintained from the HelmRelease informer,
 * not a scan per event).
 */
import type { HelmRelease } from "../api/index.ts";
import { ReverseIndex } from "./reverse-index.ts";

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function releaseKey(hr: HelmRelease): string {
  return `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
}

export class ValuesReferences {
  readonly #index = new ReverseIndex();

  /** Records (or replaces) what `hr` references. */
  set(hr: HelmRelease): void {
    const ns = hr.metadata.namespace ?? "";
    this.#index.set(releaseKey(hr), (hr.spec.valuesFrom ?? []).map((v) => refKey(v.kind, ns, v.name)));
  }

  delete(hr: HelmRelease): void {
    this.#index.delete(releaseKey(hr));
  }

  /** Keys ("namespace/name") of the releases that read this ConfigMap or Secret. */
  usersOf(kind: "ConfigMap" | "Secret", namespace: string, name: string): string[] {
    return this.#index.ownersOf(refKey(kind, namespace, name));
  }
}

/** Only what identifies a ConfigMap or Secret version: its data never enters the controller's memory. */
export function identityOnly(obj: Record<string, unknown>): Record<string, unknown> {
  const m = (obj["metadata"] ?? {}) as Record<string, unknown>;
  return { apiVersion: obj["apiVersion"], kind: obj["kind"], metadata: { name: m["name"], namespace: m["namespace"], resourceVersion: m["resourceVersion"], uid: m["uid"] } };
}
