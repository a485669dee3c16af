export { SourceError, redact, type SourceErrorCode, type SourceErrorContext } from "./errors.ts";
export { parseOciReference, formatOciReference, describeReference, registryTag, isDigest, type OciReference } from "./reference.ts";
export { parseDockerConfig, lookupCredentials, normalizeRegistryHost, DockerConfigError, type Credentials, type DockerConfig } from "./dockerconfig.ts";
export { parseWwwAuthenticate, pickChallenge, ChallengeError, TokenCache, parseTokenResponse, basicAuthorization, type Challenge } from "./auth.ts";
export { HttpClient, retryDelay, parseRetryAfter, isRetryableStatus, classifyNetworkError, readBounded, TooLargeError, defaultRetryPolicy, type FetchFn, type RetryPolicy } from "./http.ts";
export {
  OciClient,
  isExactVersion,
  nextLink,
  OCI_MANIFEST,
  DOCKER_MANIFEST_V2,
  HELM_CONFIG,
  HELM_CHART_LAYER,
  LEGACY_CHART_LAYER,
  MAX_MANIFEST_BYTES,
  DEFAULT_MAX_CHART_BYTES,
  type OciClientOptions,
  type CredentialSource,
  type Descriptor,
  type Manifest,
  type PulledChart,
  type Resolved,
} from "./client.ts";
export { ChartCache, LoadedChartCache, ChartCacheError, digestHex, sha256Digest, DEFAULT_CACHE_MAX_BYTES, DEFAULT_LOADED_CHARTS } from "./cache.ts";
