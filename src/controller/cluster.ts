/**
 * What `.Capabilities` says about the live cluster, as Helm's install and
 * upgrade compute it (action.getCapabilities: the server version and every
 * served group-version plus "group/version/Kind"). Read with aggregated
 * discovery — two requests, not one per group-version — and kept for a
 * while, because every reconcile of every release needs it.
 */
import { createHash } from "node:crypto";
import { call, isRecord, type Transport } from "../apply/index.ts";

export interface ClusterCapabilities {
  /** "v1.34.4" */
  kubeVersion: string;
  apiVersions: string[];
  /** sha256 over both: a render input (a new CRD or upgrade re-renders). */
  digest: string;
}

const AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** group-versions and group/version/Kind from an APIGroupDiscoveryList (or a legacy list, as a fallback). */
export function apiVersionsOf(list: unknown, core: boolean): string[] {
  const out = new Set<string>();
  if (!isRecord(list) || !Array.isArray(list.items)) return [];
  for (const group of list.items) {
    if (!isRecord(group) || !Array.isArray(group.versions)) continue;
    const name = core ? "" : str(isRecord(group.metadata) ? group.metadata.name : undefined);
    for (const v of group.versions) {
      if (!isRecord(v)) continue;
      const gv = name === "" ? str(v.version) : `${name}/${str(v.version)}`;
      out.add(gv);
      for (const r of Array.isArray(v.resources) ? v.resources : []) {
        if (!isRecord(r)) continue;
        const kinds = [r.responseKind, ...(Array.isArray(r.subresources) ? r.subresources.map((s: unknown) => (isRecord(s) ? s.responseKind : undefined)) : [])];
        for (const k of kinds) if (isRecord(k) && str(k.kind) !== "") out.add(`${gv}/${str(k.kind)}`);
      }
    }
  }
  return [...out];
}

export class ClusterInfo {
  readonly #transport: Transport;
  readonly #ttlMs: number;
  #cached: { at: number; value: Promise<ClusterCapabilities> } | undefined;

  constructor(transport: Transport, ttlMs = 60_000) {
    this.#transport = transport;
    this.#ttlMs = ttlMs;
  }

  /** Forget what was read (after bosun applied a CRD, so the next render sees it). */
  invalidate(): void {
    this.#cached = undefined;
  }

  capabilities(): Promise<ClusterCapabilities> {
    const now = Date.now();
    if (this.#cached && now - this.#cached.at < this.#ttlMs) return this.#cached.value;
    const value = this.#read();
    this.#cached = { at: now, value };
    value.catch(() => {
      if (this.#cached?.value === value) this.#cached = undefined;
    });
    return value;
  }

  async #read(): Promise<ClusterCapabilities> {
    const [version, core, groups] = await Promise.all([
      call(this.#transport, { method: "GET", path: "/version" }),
      call(this.#transport, { method: "GET", path: "/api", accept: AGGREGATED }),
      call(this.#transport, { method: "GET", path: "/apis", accept: AGGREGATED }),
    ]);
    const kubeVersion = isRecord(version) ? str(version.gitVersion) : "";
    if (kubeVersion === "") throw new Error("the API server's /version has no gitVersion");
    const apiVersions = [...apiVersionsOf(core, true), ...apiVersionsOf(groups, false)].sort();
    const digest = `sha256:${createHash("sha256").update(JSON.stringify([kubeVersion, apiVersions])).digest("hex")}`;
    return { kubeVersion, apiVersions, digest };
  }
}
