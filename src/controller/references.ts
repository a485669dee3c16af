/**
 * Which HelmReleases read which ConfigMaps and Secrets through
 * `spec.valuesFrom`, so that a change to one of them reconciles exactly the
 * releases that use it (an index maintained from the HelmRelease informer,
 * not a scan per event).
 */
import type { HelmRelease } from "../api/index.ts";

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function releaseKey(hr: HelmRelease): string {
  return `${hr.metadata.namespace ?? ""}/${hr.metadata.name}`;
}

export class ValuesReferences {
  readonly #users = new Map<string, Set<string>>();
  readonly #uses = new Map<string, string[]>();

  /** Records (or replaces) what `hr` references. */
  set(hr: HelmRelease): void {
    this.delete(hr);
    const ns = hr.metadata.namespace ?? "";
    const keys = (hr.spec.valuesFrom ?? []).map((v) => refKey(v.kind, ns, v.name));
    if (keys.length === 0) return;
    const release = releaseKey(hr);
    this.#uses.set(release, keys);
    for (const k of keys) {
      let users = this.#users.get(k);
      if (!users) this.#users.set(k, (users = new Set()));
      users.add(release);
    }
  }

  delete(hr: HelmRelease): void {
    const release = releaseKey(hr);
    for (const k of this.#uses.get(release) ?? []) {
      const users = this.#users.get(k);
      users?.delete(release);
      if (users?.size === 0) this.#users.delete(k);
    }
    this.#uses.delete(release);
  }

  /** Keys ("namespace/name") of the releases that read this ConfigMap or Secret. */
  usersOf(kind: "ConfigMap" | "Secret", namespace: string, name: string): string[] {
    return [...(this.#users.get(refKey(kind, namespace, name)) ?? [])];
  }
}

/** Only what identifies a ConfigMap or Secret version: its data never enters the controller's memory. */
export function identityOnly(obj: Record<string, unknown>): Record<string, unknown> {
  const m = (obj["metadata"] ?? {}) as Record<string, unknown>;
  return { apiVersion: obj["apiVersion"], kind: obj["kind"], metadata: { name: m["name"], namespace: m["namespace"], resourceVersion: m["resourceVersion"], uid: m["uid"] } };
}
