/**
 * OciClient: resolves chart versions to digests and pulls verified Helm
 * charts from OCI registries (distribution API v2).
 */
import { createHash } from "node:crypto";
import { parseConstraint, parseStrict, parseVersion, type Constraints, type Version } from "../semver/index.ts";
import { basicAuthorization, ChallengeError, hasCredentials, parseTokenResponse, pickChallenge, pullScope, secretsOf, TokenCache, type Challenge } from "./auth.ts";
import { lookupCredentials, type Credentials, type DockerConfig } from "./dockerconfig.ts";
import { SourceError, type SourceErrorContext } from "./errors.ts";
import { HttpClient, readBounded, TooLargeError, type FetchFn, type RetryPolicy } from "./http.ts";
import { isDigest, registryTag, type OciReference } from "./reference.ts";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
export const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
export const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
export const LEGACY_CHART_LAYER = "application/tar+gzip";
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_CHART_BYTES = 20 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const MANIFEST_ACCEPT = [OCI_MANIFEST, DOCKER_MANIFEST_V2].join(", ");

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface PulledChart {
  /** The verified chart archive (.tgz). */
  chart: Uint8Array;
  manifest: Manifest;
  /** The verified manifest bytes (their sha256 is `digest`). */
  manifestBytes: Uint8Array;
  /** The parsed Helm config blob (Chart.yaml metadata as JSON). */
  config: Record<string, unknown>;
  digest: string;
}

export interface Resolved {
  digest: string;
  /** The registry tag the digest came from (with `_`, as stored), when resolved from a version. */
  tag?: string;
}

export type CredentialSource = Credentials | DockerConfig | ((registry: string) => Credentials | undefined);

export interface OciClientOptions {
  fetch?: FetchFn;
  plainHttp?: boolean;
  /** PEM CA bundle for https registries. */
  ca?: string;
  /** Credentials for every registry, a docker config, or a lookup function. */
  credentials?: CredentialSource;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Chart layer size limit (default 20 MiB). */
  maxChartBytes?: number;
  /** Manifest size limit (default 4 MiB). */
  maxManifestBytes?: number;
  /** Page size for tag listing (default 1000). */
  tagPageSize?: number;
}

type RegistryAuth = { kind: "none" } | { kind: "basic" } | { kind: "bearer"; challenge: Challenge };

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class OciClient {
  private readonly http: HttpClient;
  private readonly credentialSource: CredentialSource | undefined;
  private readonly tokens: TokenCache;
  private readonly registryAuth = new Map<string, Promise<RegistryAuth>>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly maxChartBytes: number;
  private readonly maxManifestBytes: number;
  private readonly tagPageSize: number;

  constructor(opts: OciClientOptions = {}) {
    this.credentialSource = opts.credentials;
    const httpOpts: ConstructorParameters<typeof HttpClient>[0] = {};
    if (opts.fetch) httpOpts.fetch = opts.fetch;
    if (opts.plainHttp !== undefined) httpOpts.plainHttp = opts.plainHttp;
    if (opts.ca !== undefined) httpOpts.ca = opts.ca;
    if (opts.timeoutMs !== undefined) httpOpts.timeoutMs = opts.timeoutMs;
    if (opts.retry) httpOpts.retry = opts.retry;
    if (opts.sleep) httpOpts.sleep = opts.sleep;
    if (opts.now) httpOpts.now = opts.now;
    this.http = new HttpClient(httpOpts);
    this.tokens = new TokenCache(opts.now);
    this.maxChartBytes = opts.maxChartBytes ?? DEFAULT_MAX_CHART_BYTES;
    this.maxManifestBytes = opts.maxManifestBytes ?? MAX_MANIFEST_BYTES;
    this.tagPageSize = opts.tagPageSize ?? 1000;
  }

  private credentialsFor(registry: string): Credentials | undefined {
    const src = this.credentialSource;
    if (src === undefined) return undefined;
    if (typeof src === "function") return src(registry);
    if ("auths" in src) return lookupCredentials(src, registry);
    return src;
  }

  private secrets(registry: string): string[] {
    return secretsOf(this.credentialsFor(registry));
  }

  private err(code: ConstructorParameters<typeof SourceError>[0], ctx: SourceErrorContext, detail: string, cause?: unknown): SourceError {
    return new SourceError(code, ctx, detail, { cause, secrets: this.secrets(ctx.registry) });
  }

  // ----- authentication -----

  /** Pings /v2/ once per registry to learn its auth scheme. */
  private registryAuthFor(ctx: SourceErrorContext): Promise<RegistryAuth> {
    let p = this.registryAuth.get(ctx.registry);
    if (!p) {
      p = this.ping(ctx);
      this.registryAuth.set(ctx.registry, p);
      p.catch(() => this.registryAuth.delete(ctx.registry));
    }
    return p;
  }

  private async ping(ctx: SourceErrorContext): Promise<RegistryAuth> {
    const res = await this.http.request(this.http.url(ctx.registry, "/v2/"), { secrets: this.secrets(ctx.registry) }, ctx);
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return { kind: "none" };
    if (res.status === 401) return this.authFromChallenge(res, ctx);
    if (res.status === 404) throw this.err("protocol", ctx, "the registry does not implement the OCI distribution API (/v2/ answered 404)");
    throw this.err("http", ctx, `unexpected status ${res.status} from /v2/`);
  }

  private authFromChallenge(res: Response, ctx: SourceErrorContext): RegistryAuth {
    const header = res.headers.get("www-authenticate");
    if (header === null) throw this.err("invalid-challenge", ctx, "the registry answered 401 without a WWW-Authenticate header");
    let c: Challenge;
    try {
      c = pickChallenge(header);
    } catch (e) {
      if (e instanceof ChallengeError) throw this.err("invalid-challenge", ctx, e.message, e);
      throw e;
    }
    return c.scheme === "basic" ? { kind: "basic" } : { kind: "bearer", challenge: c };
  }

  /** The Authorization header for pulling from the repository, or undefined for anonymous access. */
  private async authorization(ctx: SourceErrorContext, auth: RegistryAuth, scope: string, force = false): Promise<string | undefined> {
    const creds = this.credentialsFor(ctx.registry);
    if (auth.kind === "none") return undefined;
    if (auth.kind === "basic") {
      if (!hasCredentials(creds) || creds.username === undefined || creds.password === undefined) {
        if (hasCredentials(creds)) throw this.err("unauthorized", ctx, "the registry requires basic auth, but only an identity token is configured");
        return undefined;
      }
      return basicAuthorization(creds.username, creds.password);
    }
    const realm = auth.challenge.params["realm"] ?? "";
    const service = auth.challenge.params["service"] ?? "";
    const identity = creds === undefined ? "" : sha256(Buffer.from(JSON.stringify([creds.username, creds.password, creds.identityToken])));
    const key = TokenCache.key(realm, service, scope, identity);
    if (!force) {
      const cached = this.tokens.get(key);
      if (cached !== undefined) return `Bearer ${cached}`;
    } else this.tokens.delete(key);
    const token = await this.fetchToken(ctx, realm, service, scope, creds, identity);
    this.tokens.set(key, token.token, token.expiresIn);
    return `Bearer ${token.token}`;
  }

  private async fetchToken(ctx: SourceErrorContext, realm: string, service: string, scope: string, creds: Credentials | undefined, identity: string) {
    const sent = hasCredentials(creds);
    const refresh = creds?.identityToken !== undefined ? (this.refreshTokens.get(identity) ?? creds.identityToken) : undefined;
    let res: Response;
    if (refresh !== undefined) {
      // OAuth2 refresh-token grant (distribution spec: token authentication, oauth).
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refresh, client_id: "bosun", scope });
      if (service !== "") form.set("service", service);
      res = await this.http.request(realm, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString(), secrets: this.secrets(ctx.registry) }, ctx);
    } else {
      const url = new URL(realm);
      if (service !== "") url.searchParams.set("service", service);
      url.searchParams.set("scope", scope);
      const authorization = sent && creds.username !== undefined && creds.password !== undefined ? basicAuthorization(creds.username, creds.password) : undefined;
      res = await this.http.request(url.toString(), { secrets: this.secrets(ctx.registry), ...(authorization === undefined ? {} : { authorization }) }, ctx);
    }
    const realmOrigin = new URL(realm).origin;
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err(
        res.status === 401 ? "unauthorized" : "forbidden",
        ctx,
        `the token service ${realmOrigin} refused a token for ${scope} (${res.status}); ${sent ? "credentials were sent and were rejected" : "no credentials were sent (anonymous access is not allowed)"}`,
      );
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err("http", ctx, `the token service ${realmOrigin} answered ${res.status}`);
    }
    let body: Uint8Array;
    try {
      body = await readBounded(res, 1024 * 1024);
    } catch (e) {
      throw this.err("protocol", ctx, `reading the token from ${realmOrigin} failed: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    try {
      const t = parseTokenResponse(Buffer.from(body).toString("utf8"));
      if (t.refreshToken !== undefined && refresh !== undefined) this.refreshTokens.set(identity, t.refreshToken);
      return t;
    } catch (e) {
      throw this.err("protocol", ctx, `${e instanceof Error ? e.message : String(e)} (${realmOrigin})`, e);
    }
  }

  /**
   * An authenticated request to the registry: on a 401 it re-reads the
   * challenge (a new token or scope) once, then reports whether credentials were sent.
   */
  private async registryRequest(ctx: SourceErrorContext, path: string, init: { method?: "GET" | "HEAD"; headers?: Record<string, string> }): Promise<Response> {
    let auth = await this.registryAuthFor(ctx);
    const scope = pullScope(ctx.repository);
    const url = this.http.url(ctx.registry, path);
    for (let attempt = 0; ; attempt++) {
      const authorization = await this.authorization(ctx, auth, scope, attempt > 0);
      const res = await this.http.request(url, { ...init, secrets: this.secrets(ctx.registry), ...(authorization === undefined ? {} : { authorization }) }, ctx);
      if (res.status === 401 && attempt === 0 && (auth.kind !== "basic" || authorization === undefined)) {
        const fresh = this.authFromChallenge(res, ctx);
        await res.body?.cancel().catch(() => undefined);
        if (fresh.kind === "bearer" || (fresh.kind === "basic" && hasCredentials(this.credentialsFor(ctx.registry)) && authorization === undefined)) {
          auth = fresh;
          this.registryAuth.set(ctx.registry, Promise.resolve(fresh));
          continue;
        }
      }
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel().catch(() => undefined);
        const sent = hasCredentials(this.credentialsFor(ctx.registry)) && authorization !== undefined;
        throw this.err(
          res.status === 401 ? "unauthorized" : "forbidden",
          ctx,
          `${res.status === 401 ? "authentication required" : "access denied"} for ${path.replace(/\?.*$/, "")}; ${sent ? "credentials were sent and were rejected" : "no credentials were sent"}`,
        );
      }
      return res;
    }
  }

  // ----- resolution -----

  /**
   * Resolves the chart to a manifest digest: a digest as given (checking
   * `version` against it when both are given, as Helm does), an exact tag, or
   * the highest tag satisfying a semver constraint. An absent version means
   * the highest stable version.
   */
  async resolve(ref: OciReference, opts: { version?: string; digest?: string } = {}): Promise<Resolved> {
    const digest = opts.digest ?? ref.digest;
    const version = opts.version ?? ref.tag;
    const ctx: SourceErrorContext = { registry: ref.registry, repository: ref.repository, reference: digest ?? version ?? "(latest version)" };
    if (digest !== undefined) {
      if (!isDigest(digest)) throw this.err("invalid-reference", ctx, `digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex digits>`);
      if (version === undefined || version === "") return { digest };
      const tag = registryTag(version);
      const tagged = await this.tagDigest({ ...ctx, reference: `${version}@${digest}` }, tag);
      if (tagged !== undefined && tagged !== digest) {
        throw this.err("digest-mismatch", { ...ctx, reference: `${version}@${digest}` }, `chart reference digest mismatch: tag ${version} resolves to ${tagged}, not ${digest}`);
      }
      return { digest, tag };
    }
    if (version !== undefined && version !== "" && isExactVersion(version)) {
      const tag = registryTag(version);
      const d = await this.tagDigest(ctx, tag);
      if (d === undefined) throw this.err("not-found", ctx, `tag ${version} not found`);
      return { digest: d, tag };
    }
    const text = version === undefined || version === "" ? "*" : version;
    const tags = await this.listTags(ctx);
    // An existing tag is taken as is (Helm's GetTagMatchingVersionOrConstraint).
    if (tags.includes(text)) {
      const d = await this.tagDigest(ctx, text);
      if (d === undefined) throw this.err("not-found", ctx, `tag ${text} not found`);
      return { digest: d, tag: text };
    }
    let constraint: Constraints;
    try {
      constraint = parseConstraint(text);
    } catch (e) {
      throw this.err("invalid-reference", ctx, `${JSON.stringify(text)} is neither a version nor a valid semver constraint: ${e instanceof Error ? e.message : String(e)}`, e);
    }
    const versions: { tag: string; version: Version }[] = [];
    for (const tag of tags) {
      try {
        versions.push({ tag, version: parseStrict(tag.replaceAll("_", "+")) });
      } catch {
        // not a chart version
      }
    }
    versions.sort((a, b) => b.version.compare(a.version));
    const best = versions.find((v) => constraint.check(v.version));
    if (!best) {
      const newest = versions.slice(0, 5).map((v) => v.version.toString());
      throw this.err(
        "no-match",
        ctx,
        versions.length === 0
          ? `no version matches ${JSON.stringify(text)}: the repository has no semver tags`
          : `no version matches ${JSON.stringify(text)}; newest available: ${newest.join(", ")}${versions.length > 5 ? ` (${versions.length} versions in all)` : ""}`,
      );
    }
    const d = await this.tagDigest({ ...ctx, reference: `${text} → ${best.tag}` }, best.tag);
    if (d === undefined) throw this.err("not-found", ctx, `tag ${best.tag} was listed but is not found`);
    return { digest: d, tag: best.tag };
  }

  /** The digest a tag points to, or undefined when the tag (or repository) does not exist. */
  private async tagDigest(ctx: SourceErrorContext, tag: string): Promise<string | undefined> {
    const path = `/v2/${ctx.repository}/manifests/${encodeURIComponent(tag)}`;
    const head = await this.registryRequest(ctx, path, { method: "HEAD", headers: { Accept: MANIFEST_ACCEPT } });
    await head.body?.cancel().catch(() => undefined);
    if (head.status === 404) return undefined;
    if (head.ok) {
      const d = head.headers.get("docker-content-digest");
      if (d !== null && isDigest(d)) return d;
    }
    const get = await this.registryRequest(ctx, path, { headers: { Accept: MANIFEST_ACCEPT } });
    if (get.status === 404) {
      await get.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (!get.ok) {
      await get.body?.cancel().catch(() => undefined);
      throw this.err("http", ctx, `GET manifest ${tag} answered ${get.status}`);
    }
    const bytes = await this.readManifestBytes(get, ctx);
    const d = get.headers.get("docker-content-digest");
    const computed = sha256(bytes);
    if (d !== null && isDigest(d) && d !== computed) throw this.err("digest-mismatch", ctx, `manifest of tag ${tag} hashes to ${computed} but the registry says ${d}`);
    return computed;
  }

  /** All tags of the repository, following `Link` pagination. */
  async listTags(ctxOrRef: SourceErrorContext | OciReference): Promise<string[]> {
    const ctx: SourceErrorContext = "reference" in ctxOrRef ? ctxOrRef : { registry: ctxOrRef.registry, repository: ctxOrRef.repository, reference: "(tag list)" };
    const tags: string[] = [];
    let path: string | undefined = `/v2/${ctx.repository}/tags/list?n=${this.tagPageSize}`;
    const seen = new Set<string>();
    while (path !== undefined) {
      if (seen.has(path) || seen.size > 1000) throw this.err("protocol", ctx, "tag list pagination does not end");
      seen.add(path);
      const res = await this.registryRequest(ctx, path, { headers: { Accept: "application/json" } });
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        throw this.err("not-found", ctx, "repository not found (listing tags answered 404)");
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw this.err("http", ctx, `listing tags answered ${res.status}`);
      }
      let doc: unknown;
      try {
        doc = JSON.parse(Buffer.from(await readBounded(res, this.maxManifestBytes)).toString("utf8"));
      } catch (e) {
        throw this.err("protocol", ctx, `the tag list is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, e);
      }
      if (!isRecord(doc) || (doc["tags"] !== null && doc["tags"] !== undefined && !Array.isArray(doc["tags"]))) throw this.err("protocol", ctx, "the tag list has no tags array");
      for (const t of (doc["tags"] as unknown[] | null | undefined) ?? []) if (typeof t === "string") tags.push(t);
      path = nextLink(res.headers.get("link"), ctx.registry);
    }
    return tags;
  }

  // ----- pull -----

  private async readManifestBytes(res: Response, ctx: SourceErrorContext): Promise<Uint8Array> {
    try {
      return await readBounded(res, this.maxManifestBytes);
    } catch (e) {
      if (e instanceof TooLargeError) throw this.err("too-large", ctx, `manifest is ${e.message}`, e);
      throw this.readFailure(e, ctx, "manifest");
    }
  }

  private readFailure(e: unknown, ctx: SourceErrorContext, what: string): SourceError {
    if (e instanceof SourceError) return e;
    const timeout = e instanceof Error && (e.name === "TimeoutError" || (e.cause instanceof Error && e.cause.name === "TimeoutError"));
    return this.err(timeout ? "timeout" : "unreachable", ctx, `reading the ${what} failed: ${e instanceof Error ? e.message : String(e)}`, e);
  }

  /** Fetches and verifies the manifest, config and chart layer of `digest`. */
  async pullChart(ref: OciReference, digest: string): Promise<PulledChart> {
    const ctx: SourceErrorContext = { registry: ref.registry, repository: ref.repository, reference: digest };
    if (!isDigest(digest)) throw this.err("invalid-reference", ctx, `digest ${JSON.stringify(digest)} is not sha256:<64 lowercase hex digits>`);
    const res = await this.registryRequest(ctx, `/v2/${ref.repository}/manifests/${digest}`, { headers: { Accept: MANIFEST_ACCEPT } });
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err("not-found", ctx, "manifest not found");
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err("http", ctx, `GET manifest answered ${res.status}`);
    }
    const manifestBytes = await this.readManifestBytes(res, ctx);
    const actual = sha256(manifestBytes);
    if (actual !== digest) throw this.err("digest-mismatch", ctx, `manifest digest mismatch: the registry's manifest hashes to ${actual}`);
    const manifest = this.parseManifest(manifestBytes, res.headers.get("content-type"), ctx);
    const chartLayers = manifest.layers.filter((l) => l.mediaType === HELM_CHART_LAYER || l.mediaType === LEGACY_CHART_LAYER);
    if (chartLayers.length !== 1) {
      throw this.err(
        "media-type",
        ctx,
        `expected exactly one chart layer (${HELM_CHART_LAYER}), found ${chartLayers.length}; layer media types: ${manifest.layers.map((l) => l.mediaType).join(", ") || "(none)"}`,
      );
    }
    const layer = chartLayers[0] as Descriptor;
    if (layer.size > this.maxChartBytes) throw this.err("too-large", ctx, `chart layer is ${layer.size} bytes, more than the limit of ${this.maxChartBytes} bytes`);
    if (manifest.config.size > MAX_CONFIG_BYTES) throw this.err("too-large", ctx, `config blob is ${manifest.config.size} bytes, more than the limit of ${MAX_CONFIG_BYTES} bytes`);
    const configBytes = await this.fetchBlob(ctx, manifest.config, "config blob");
    let config: unknown;
    try {
      config = JSON.parse(Buffer.from(configBytes).toString("utf8"));
    } catch (e) {
      throw this.err("protocol", ctx, "the Helm config blob is not valid JSON", e);
    }
    if (!isRecord(config)) throw this.err("protocol", ctx, "the Helm config blob is not a JSON object");
    const chart = await this.fetchBlob(ctx, layer, "chart layer");
    return { chart, manifest, manifestBytes, config, digest };
  }

  private parseManifest(bytes: Uint8Array, contentType: string | null, ctx: SourceErrorContext): Manifest {
    let doc: unknown;
    try {
      doc = JSON.parse(Buffer.from(bytes).toString("utf8"));
    } catch (e) {
      throw this.err("protocol", ctx, "the manifest is not valid JSON", e);
    }
    if (!isRecord(doc)) throw this.err("protocol", ctx, "the manifest is not a JSON object");
    const ct = contentType?.split(";")[0]?.trim();
    const mediaType = typeof doc["mediaType"] === "string" ? doc["mediaType"] : ct;
    if (mediaType !== OCI_MANIFEST && mediaType !== DOCKER_MANIFEST_V2) {
      throw this.err("media-type", ctx, `unsupported manifest media type ${JSON.stringify(mediaType ?? "(none)")}; expected ${OCI_MANIFEST} (or ${DOCKER_MANIFEST_V2})`);
    }
    if (doc["schemaVersion"] !== 2) throw this.err("protocol", ctx, `unsupported manifest schemaVersion ${JSON.stringify(doc["schemaVersion"])}`);
    const config = this.descriptor(doc["config"], "config", ctx);
    if (config.mediaType !== HELM_CONFIG) throw this.err("media-type", ctx, `config media type is ${JSON.stringify(config.mediaType)}, not ${HELM_CONFIG}: this is not a Helm chart`);
    if (!Array.isArray(doc["layers"])) throw this.err("protocol", ctx, "the manifest has no layers array");
    const layers = (doc["layers"] as unknown[]).map((l, i) => this.descriptor(l, `layers[${i}]`, ctx));
    const m: Manifest = { schemaVersion: 2, mediaType, config, layers };
    if (isRecord(doc["annotations"])) m.annotations = doc["annotations"] as Record<string, string>;
    return m;
  }

  private descriptor(v: unknown, where: string, ctx: SourceErrorContext): Descriptor {
    if (!isRecord(v)) throw this.err("protocol", ctx, `manifest ${where} is not a descriptor object`);
    const { mediaType, digest, size } = v;
    if (typeof mediaType !== "string") throw this.err("media-type", ctx, `manifest ${where} has no media type`);
    if (typeof digest !== "string" || !isDigest(digest)) throw this.err("protocol", ctx, `manifest ${where} digest ${JSON.stringify(digest)} is not a sha256 digest`);
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw this.err("protocol", ctx, `manifest ${where} size ${JSON.stringify(size)} is not a non-negative integer`);
    const d: Descriptor = { mediaType, digest, size };
    if (isRecord(v["annotations"])) d.annotations = v["annotations"] as Record<string, string>;
    return d;
  }

  /** GETs a blob, streaming while checking its size and sha256 against the descriptor. */
  private async fetchBlob(ctx: SourceErrorContext, desc: Descriptor, what: string): Promise<Uint8Array> {
    const res = await this.registryRequest(ctx, `/v2/${ctx.repository}/blobs/${desc.digest}`, {});
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err("not-found", ctx, `${what} ${desc.digest} not found`);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw this.err("http", ctx, `GET ${what} ${desc.digest} answered ${res.status}`);
    }
    const hash = createHash("sha256");
    let bytes: Uint8Array;
    try {
      bytes = await readBounded(res, desc.size, (c) => hash.update(c));
    } catch (e) {
      if (e instanceof TooLargeError) throw this.err("size-mismatch", ctx, `${what} ${desc.digest} is larger than the ${desc.size} bytes the manifest declares`, e);
      throw this.readFailure(e, ctx, what);
    }
    if (bytes.byteLength !== desc.size) throw this.err("size-mismatch", ctx, `${what} ${desc.digest} is ${bytes.byteLength} bytes, but the manifest declares ${desc.size}`);
    const actual = `sha256:${hash.digest("hex")}`;
    if (actual !== desc.digest) throw this.err("digest-mismatch", ctx, `${what} digest mismatch: expected ${desc.digest}, got ${actual} (tampered or corrupt content)`);
    return bytes;
  }
}

/** Helm treats any version Masterminds' NewVersion accepts as an exact tag. */
export function isExactVersion(version: string): boolean {
  try {
    parseVersion(version);
    return true;
  } catch {
    return false;
  }
}

/** The path+query of the `rel="next"` link of a tag list page, if any (same registry only). */
export function nextLink(header: string | null, registry: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!m?.[1]) continue;
    if (!/(?:^|;)\s*rel\s*=\s*"?next"?/i.test(m[2] ?? "")) continue;
    const u = new URL(m[1], `http://${registry}`);
    if (u.host !== registry) return undefined;
    return u.pathname + u.search;
  }
  return undefined;
}
