/**
 * A minimal, private REST mapper for the waiter: apiVersion + kind → the
 * resource's collection path, from the API server's discovery documents
 * (/api/v1, /apis/<group>/<version>), cached per group-version and fetched
 * again once on a miss so kinds of a CRD created a moment ago resolve.
 */
import * as k8s from "@kubernetes/client-node";
import { fetch } from "undici";

export interface ResourceMapping {
  /** e.g. "/apis/apps/v1" or "/api/v1". */
  groupVersionPath: string;
  /** The plural resource name, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
}

interface DiscoveryResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export class UnknownKindError extends Error {
  override name = "UnknownKindError";
}

/** GET of a JSON document with the KubeConfig's credentials and TLS settings. */
export async function getJson(kc: k8s.KubeConfig, path: string, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("the kubeconfig has no current cluster");
  const ctx = new k8s.RequestContext(cluster.server + path, k8s.HttpMethod.GET);
  await kc.applySecurityAuthentication(ctx);
  const res = await fetch(ctx.getUrl(), { method: "GET", headers: ctx.getHeaders(), dispatcher: ctx.getDispatcher(), signal: signal ?? null });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: res.status, body };
}

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export class RestMapper {
  private readonly cache = new Map<string, Promise<DiscoveryResource[]>>();
  private readonly kc: k8s.KubeConfig;

  constructor(kc: k8s.KubeConfig) {
    this.kc = kc;
  }

  private discover(gvPath: string): Promise<DiscoveryResource[]> {
    let p = this.cache.get(gvPath);
    if (!p) {
      p = (async () => {
        const { status, body } = await getJson(this.kc, gvPath);
        if (status === 404) return [];
        if (status !== 200) throw new Error(`discovery of ${gvPath} failed: HTTP ${status}`);
        const resources = (body as { resources?: DiscoveryResource[] }).resources ?? [];
        return resources.filter((r) => !r.name.includes("/"));
      })();
      this.cache.set(gvPath, p);
      // A failed discovery is not cached.
      p.catch(() => this.cache.delete(gvPath));
    }
    return p;
  }

  async map(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const gvPath = groupVersionPath(apiVersion);
    let found = (await this.discover(gvPath)).find((r) => r.kind === kind);
    if (!found) {
      this.cache.delete(gvPath);
      found = (await this.discover(gvPath)).find((r) => r.kind === kind);
    }
    if (!found) throw new UnknownKindError(`the server has no resource for kind ${kind} in ${apiVersion}`);
    return { groupVersionPath: gvPath, resource: found.name, namespaced: found.namespaced };
  }
}

/** The collection path of a mapping in a namespace (ignored for cluster-scoped resources). */
export function collectionPath(m: ResourceMapping, namespace: string | undefined): string {
  return m.namespaced && namespace ? `${m.groupVersionPath}/namespaces/${encodeURIComponent(namespace)}/${m.resource}` : `${m.groupVersionPath}/${m.resource}`;
}
