/**
 * Object identities before and after applying: the refs a rendered set will
 * have once applied (namespace defaulting needs each kind's scope), and the
 * health waiter's reference shape.
 */
import { apiVersionOf, splitApiVersion, UnknownKindError, type Discovery, type KubeObject, type ObjectRef } from "../apply/index.ts";
import type { ObjectRef as HealthRef } from "../health/index.ts";

/**
 * The refs of `objects` as they will be applied. A kind the server does not
 * serve yet is resolved from a CRD in the same set (its spec.scope); one
 * that is in neither fails here, before anything is written. The first
 * `skip` objects only lend their CRDs' scopes (they are not the release's).
 */
export async function plannedRefs(discovery: Discovery, objects: readonly KubeObject[], targetNamespace: string, skip = 0): Promise<ObjectRef[]> {
  const crdScopes = new Map<string, boolean>();
  for (const o of objects) {
    if (o.kind !== "CustomResourceDefinition") continue;
    const spec = (o as { spec?: { group?: string; names?: { kind?: string }; scope?: string } }).spec;
    if (spec?.group !== undefined && spec.names?.kind !== undefined) crdScopes.set(`${spec.group}/${spec.names.kind}`, spec.scope !== "Cluster");
  }
  const refs: ObjectRef[] = [];
  for (const o of objects.slice(skip)) {
    const { group, version } = splitApiVersion(o.apiVersion);
    let namespaced: boolean;
    try {
      namespaced = (await discovery.resolve(o.apiVersion, o.kind)).namespaced;
    } catch (e) {
      const fromCrd = crdScopes.get(`${group}/${o.kind}`);
      if (!(e instanceof UnknownKindError) || fromCrd === undefined) throw e;
      namespaced = fromCrd;
    }
    refs.push({ group, version, kind: o.kind, name: o.metadata.name, ...(namespaced ? { namespace: o.metadata.namespace ?? targetNamespace } : {}) });
  }
  return refs;
}

/** "Kind ns/name" (cluster-scoped: "Kind name"): the short form used in Events and status messages. */
export function describeShort(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

export function toHealthRef(ref: ObjectRef): HealthRef {
  return { apiVersion: apiVersionOf(ref), kind: ref.kind, name: ref.name, ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }) };
}
