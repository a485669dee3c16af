/**
 * .Capabilities as Helm 4.1.4 exposes it: the Kubernetes version, the API
 * versions the cluster serves, and Helm's own build information. Offline
 * (`helm template`), Helm assumes the Kubernetes version of the client-go it
 * was built with and the API versions of that client-go's scheme.
 */
import { GO_METHODS, GO_TYPE, goFunc, SLICE_ELEM, type GoFunc } from "../template/index.ts";
import { DEFAULT_KUBE_VERSION, type KubeVersion as ParsedKubeVersion, parseKubeVersion } from "./values/index.ts";


/** API group/versions of client-go v0.35's scheme plus apiextensions, in Helm's order. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
  "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1",
  "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
  "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1", "autoscaling/v2beta2", "batch/v1", "batch/v1beta1",
  "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
  "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1",
  "events.k8s.io/v1beta1", "extensions/v1beta1", "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
  "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1",
  "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1", "rbac.authorization.k8s.io/v1",
  "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1", "resource.k8s.io/v1beta2",
  "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1",
  "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1beta1",
  "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
];

/** Helm 4.1.4's BuildInfo as the release binary reports it. */
export const HELM_BUILD = { Version: "v4.1.4", GitCommit: "05fa37973dc9e42b76e1d2883494c87174b6074f", GitTreeState: "clean", GoVersion: "go1.25.9", KubeClientVersion: "v1.35" };

/**
 * common.KubeVersion: fields Version, normalizedVersion (unexported), Major,
 * Minor. Its String method has a pointer receiver, so Go uses it only where
 * the value is addressable — `{{ .Capabilities.KubeVersion }}` prints
 * "v1.35.0" but `{{ .Capabilities.KubeVersion | quote }}` prints the struct.
 */
export class KubeVersion {
  Version: string;
  normalizedVersion: string;
  Major: string;
  Minor: string;
  /** Throws Helm's "invalid kube version" error for an unparsable version. */
  constructor(input: string) {
    const v = parseKubeVersion(input);
    this.Version = v.Version;
    this.normalizedVersion = v.normalized;
    this.Major = v.Major;
    this.Minor = v.Minor;
  }
  /** The parsed form the kubeVersion constraint check takes. */
  parsed(): ParsedKubeVersion {
    return { Version: this.Version, Major: this.Major, Minor: this.Minor, normalized: this.normalizedVersion };
  }
}
Object.defineProperty(KubeVersion.prototype, GO_TYPE, { value: "common.KubeVersion" });
Object.defineProperty(KubeVersion.prototype, GO_METHODS, {
  value: {
    String: goFunc(" -> string", function (this: KubeVersion) {
      return this.normalizedVersion === "" ? this.Version : this.normalizedVersion;
    }),
    GitVersion: goFunc(" -> string", function (this: KubeVersion) {
      return this.Version;
    }),
  } satisfies Record<string, GoFunc>,
});

/** common.VersionSet: a []string with a Has method. */
function versionSet(versions: readonly string[]): string[] {
  const set = [...versions];
  Object.defineProperty(set, SLICE_ELEM, { value: "string" });
  Object.defineProperty(set, GO_METHODS, {
    value: { Has: goFunc("string -> bool", (v: string) => set.includes(v)) } satisfies Record<string, GoFunc>,
  });
  return set;
}

class BuildInfo {
  Version = HELM_BUILD.Version;
  GitCommit = HELM_BUILD.GitCommit;
  GitTreeState = HELM_BUILD.GitTreeState;
  GoVersion = HELM_BUILD.GoVersion;
  KubeClientVersion = HELM_BUILD.KubeClientVersion;
}
Object.defineProperty(BuildInfo.prototype, GO_TYPE, { value: "version.BuildInfo" });

/** *common.Capabilities. */
export class Capabilities {
  KubeVersion: KubeVersion;
  APIVersions: string[];
  HelmVersion = new BuildInfo();
  constructor(opts: { kubeVersion?: string; apiVersions?: readonly string[]; extraAPIVersions?: readonly string[] } = {}) {
    this.KubeVersion = new KubeVersion(opts.kubeVersion ?? DEFAULT_KUBE_VERSION.Version);
    this.APIVersions = versionSet([...(opts.apiVersions ?? DEFAULT_API_VERSIONS), ...(opts.extraAPIVersions ?? [])]);
  }
}
Object.defineProperty(Capabilities.prototype, GO_TYPE, { value: "*common.Capabilities" });
