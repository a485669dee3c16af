/**
 * The source phase of a reconcile: a HelmRelease's chart reference → a
 * verified, loaded chart. Resolution (tag or semver range → digest) always
 * asks the registry, so new versions are seen at every interval; the pull is
 * skipped when the manifest and chart blobs are already in the
 * content-addressed cache (re-verified on read), and the parsed chart is
 * kept in memory by digest.
 *
 * Registry credentials come from the release's Secrets and are read for
 * each reconcile (a rotated password takes effect at once); they only ever
 * reach the OciClient, whose errors scrub them.
 */
import type { ChartSource as ChartSpec } from "../api/index.ts";
import type { Chart } from "../render/index.ts";
import {
  ChartCache,
  HELM_CHART_LAYER,
  LEGACY_CHART_LAYER,
  LoadedChartCache,
  OciClient,
  parseDockerConfig,
  parseOciReference,
  type CredentialSource,
  type Manifest,
} from "../source/index.ts";
import { createHash } from "node:crypto";

export interface RegistryAccess {
  credentials?: CredentialSource;
  /** PEM CA bundle. */
  ca?: string;
}

export interface FetchedChart {
  chart: Chart;
  /** The manifest digest (the release's revision). */
  digest: string;
  /** The chart's version (Chart.yaml). */
  version: string;
  /** The chart's name (Chart.yaml). */
  name: string;
  /** False when manifest and chart came from the cache. */
  pulled: boolean;
}

export interface ChartFetcherOptions {
  cacheDir: string;
  cacheMaxBytes?: number;
  loadedCharts?: number;
  /** Per registry request (default 30 s). */
  requestTimeoutMs?: number;
}

const MAX_CLIENTS = 64;

/** A Secret's data, base64-decoded. */
export type SecretData = Record<string, Buffer>;

/**
 * Registry access from the Secrets a HelmRelease names, with Flux's
 * conventions: a `kubernetes.io/dockerconfigjson` Secret (`.dockerconfigjson`)
 * or `username`/`password` keys; the CA in `ca.crt`.
 */
export function registryAccess(credentials: SecretData | undefined, ca: SecretData | undefined, names: { credentials?: string; ca?: string }): RegistryAccess {
  const out: RegistryAccess = {};
  if (credentials) {
    const config = credentials[".dockerconfigjson"];
    if (config) {
      out.credentials = parseDockerConfig(config);
    } else if (credentials["username"] && credentials["password"]) {
      out.credentials = { username: credentials["username"].toString("utf8"), password: credentials["password"].toString("utf8") };
    } else {
      throw new Error(`Secret ${names.credentials ?? "?"} has neither .dockerconfigjson nor username and password keys`);
    }
  }
  if (ca) {
    const pem = ca["ca.crt"];
    if (!pem) throw new Error(`Secret ${names.ca ?? "?"} has no ca.crt key`);
    out.ca = pem.toString("utf8");
  }
  return out;
}

export class ChartFetcher {
  readonly blobs: ChartCache;
  readonly charts: LoadedChartCache;
  readonly #clients = new Map<string, OciClient>();
  readonly #timeoutMs: number;

  constructor(opts: ChartFetcherOptions) {
    this.blobs = new ChartCache({ dir: opts.cacheDir, ...(opts.cacheMaxBytes === undefined ? {} : { maxBytes: opts.cacheMaxBytes }) });
    this.charts = new LoadedChartCache({ ...(opts.loadedCharts === undefined ? {} : { maxEntries: opts.loadedCharts }) });
    this.#timeoutMs = opts.requestTimeoutMs ?? 30_000;
  }

  /**
   * One client per distinct access (plain HTTP, CA, credentials), so a
   * registry's auth scheme and bearer tokens are learnt once and not per
   * reconcile. Keyed by a hash: the key never holds a secret.
   */
  #client(plainHttp: boolean, access: RegistryAccess): OciClient {
    const key = createHash("sha256").update(JSON.stringify([plainHttp, access.ca ?? null, access.credentials ?? null])).digest("hex");
    let client = this.#clients.get(key);
    if (client) {
      this.#clients.delete(key);
      this.#clients.set(key, client);
      return client;
    }
    client = new OciClient({
      plainHttp,
      timeoutMs: this.#timeoutMs,
      // The reconcile loop has its own backoff; a short in-request retry
      // only rides out a blip.
      retry: { retries: 1, baseDelayMs: 200, maxDelayMs: 1000 },
      ...(access.ca === undefined ? {} : { ca: access.ca }),
      ...(access.credentials === undefined ? {} : { credentials: access.credentials }),
    });
    this.#clients.set(key, client);
    while (this.#clients.size > MAX_CLIENTS) {
      const oldest = this.#clients.keys().next();
      if (oldest.done === true) break;
      this.#clients.delete(oldest.value);
    }
    return client;
  }

  /** Resolves the chart to a digest (asking the registry unless pinned by digest only). */
  async resolve(spec: ChartSpec, access: RegistryAccess): Promise<{ digest: string; tag?: string }> {
    const ref = parseOciReference(spec.repository);
    const client = this.#client(spec.plainHTTP ?? false, access);
    return client.resolve(ref, { ...(spec.version === undefined ? {} : { version: spec.version }), ...(spec.digest === undefined ? {} : { digest: spec.digest }) });
  }

  /** The loaded chart of `digest`: from memory, the blob cache, or the registry (verified). */
  async load(spec: ChartSpec, access: RegistryAccess, digest: string): Promise<FetchedChart> {
    let pulled = false;
    const chart = await this.charts.getOrLoadAsync(digest, async () => {
      const cached = this.#cachedChart(digest);
      if (cached) return cached;
      const ref = parseOciReference(spec.repository);
      const got = await this.#client(spec.plainHTTP ?? false, access).pullChart(ref, digest);
      pulled = true;
      this.blobs.put(digest, got.manifestBytes);
      const layer = chartLayer(got.manifest);
      if (layer !== undefined) this.blobs.put(layer, got.chart);
      return got.chart;
    });
    return { chart, digest, version: chart.metadata.version, name: chart.metadata.name, pulled };
  }

  #cachedChart(digest: string): Uint8Array | undefined {
    const manifest = this.blobs.get(digest);
    if (!manifest) return undefined;
    const layer = chartLayer(JSON.parse(Buffer.from(manifest).toString("utf8")) as Manifest);
    return layer === undefined ? undefined : this.blobs.get(layer);
  }
}

function chartLayer(m: Manifest): string | undefined {
  return m.layers.find((l) => l.mediaType === HELM_CHART_LAYER || l.mediaType === LEGACY_CHART_LAYER)?.digest;
}
