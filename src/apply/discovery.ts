/**
 * REST mapping from the API server's discovery: apiVersion + kind → resource
 * (plural) and scope. One GET per group-version, cached; a kind missing from
 * the cache refreshes its group-version once, so CRDs created a moment ago
 * resolve. CRDs bosun applies itself can be taught directly (learnCRD), which
 * needs no request at all.
 */
import { call, isRecord, KubeApiError, type Transport } from "./client.ts";
import { splitApiVersion } from "./objects.ts";

export interface ResourceMapping {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs ("deployments"). */
  resource: string;
  namespaced: boolean;
}

export class UnknownKindError extends Error {
  readonly apiVersion: string;
  readonly kind: string;
  constructor(apiVersion: string, kind: string, detail: string) {
    super(`unknown kind: the API server does not serve apiVersion "${apiVersion}" kind "${kind}" (${detail})`);
    this.name = "UnknownKindError";
    this.apiVersion = apiVersion;
    this.kind = kind;
  }
}

interface GroupVersion {
  /** undefined: the group-version is not served. */
  kinds: Map<string, ResourceMapping> | undefined;
}

export class Discovery {
  private readonly cache = new Map<string, Promise<GroupVersion>>();
  private readonly transport: Transport;

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /** The mapping of apiVersion/kind; throws UnknownKindError when the server does not serve it. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const cached = this.cache.get(apiVersion);
    if (cached) {
      const hit = (await cached).kinds?.get(kind);
      if (hit) return hit;
      // A miss: a CRD may have been created since; refresh once, unless another
      // caller already did (then its answer is as fresh as ours would be).
      if (this.cache.get(apiVersion) !== cached) return this.lookup(await this.cache.get(apiVersion), apiVersion, kind);
    }
    return this.lookup(await this.fetch(apiVersion), apiVersion, kind);
  }

  /** Resolves, refreshing until `timeoutMs` passes (for a CRD that was just established). */
  async resolveEventually(apiVersion: string, kind: string, timeoutMs: number): Promise<ResourceMapping> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await this.resolve(apiVersion, kind);
      } catch (e) {
        if (!(e instanceof UnknownKindError) || Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** Teaches the mapping of every served version of a CustomResourceDefinition. */
  learnCRD(crd: unknown): void {
    if (!isRecord(crd) || !isRecord(crd.spec)) return;
    const { group, names, scope, versions } = crd.spec;
    if (typeof group !== "string" || !isRecord(names) || typeof names.kind !== "string" || typeof names.plural !== "string") return;
    if (!Array.isArray(versions)) return;
    for (const v of versions) {
      if (!isRecord(v) || typeof v.name !== "string" || v.served === false) continue;
      const apiVersion = `${group}/${v.name}`;
      const mapping: ResourceMapping = { group, version: v.name, kind: names.kind, resource: names.plural, namespaced: scope !== "Cluster" };
      const prev = this.cache.get(apiVersion);
      this.cache.set(
        apiVersion,
        (prev ?? Promise.resolve<GroupVersion>({ kinds: undefined })).then(
          (gv) => ({ kinds: new Map([...(gv.kinds ?? []), [names.kind as string, mapping]]) }),
          () => ({ kinds: new Map([[names.kind as string, mapping]]) }),
        ),
      );
    }
  }

  /** Forgets everything (e.g. after CRDs were deleted). */
  invalidate(): void {
    this.cache.clear();
  }

  private lookup(gv: GroupVersion | undefined, apiVersion: string, kind: string): ResourceMapping {
    if (!gv?.kinds) throw new UnknownKindError(apiVersion, kind, `group-version ${apiVersion} is not served`);
    const m = gv.kinds.get(kind);
    if (!m) throw new UnknownKindError(apiVersion, kind, `group-version ${apiVersion} has no kind ${kind}`);
    return m;
  }

  private fetch(apiVersion: string): Promise<GroupVersion> {
    const p = this.fetchNow(apiVersion);
    this.cache.set(apiVersion, p);
    p.catch(() => {
      if (this.cache.get(apiVersion) === p) this.cache.delete(apiVersion);
    });
    return p;
  }

  private async fetchNow(apiVersion: string): Promise<GroupVersion> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
    let body: unknown;
    try {
      body = await call(this.transport, { method: "GET", path });
    } catch (e) {
      if (e instanceof KubeApiError && e.code === 404) return { kinds: undefined };
      throw e;
    }
    const kinds = new Map<string, ResourceMapping>();
    const resources = isRecord(body) && Array.isArray(body.resources) ? (body.resources as unknown[]) : [];
    for (const r of resources) {
      if (!isRecord(r) || typeof r.name !== "string" || typeof r.kind !== "string") continue;
      if (r.name.includes("/")) continue; // subresources ("deployments/status")
      kinds.set(r.kind, { group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced === true });
    }
    return { kinds };
  }
}

/** The URL path of an object (or of its collection when name is undefined). */
export function resourcePath(m: ResourceMapping, namespace: string | undefined, name?: string): string {
  const base = m.group === "" ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${base}${ns}/${m.resource}${name === undefined ? "" : `/${encodeURIComponent(name)}`}`;
}
