/**
 * The Kubernetes version `helm template` renders for (--kube-version,
 * Capabilities.KubeVersion) and the Chart.yaml `kubeVersion` check of
 * pkg/action/action.go (renderResources).
 *
 * --kube-version is parsed like Kubernetes' version.ParseGeneric (at least
 * major.minor, an optional "v", anything after the numbers ignored); the
 * constraint is checked against the numbers only ("v1.33.4" for
 * "v1.33.4-gke.1"), so a provider's pre-release suffix does not make a
 * `>=1.20.0` constraint fail, while the message shows the full version.
 */
import type { Chart } from "../chart/types.ts";
import { quote } from "../../template/index.ts";
import { ValuesError } from "./errors.ts";
import { isCompatibleRange } from "./dependencies.ts";

/** Capabilities.KubeVersion: the version as given ("v" added), its major and minor, and the numbers used for constraints. */
export interface KubeVersion {
  Version: string;
  Major: string;
  Minor: string;
  /** Numbers only, for constraint checks (KubeVersion.String() in Helm). */
  normalized: string;
}

/** What `helm template` assumes without --kube-version: Helm 4.1.4 is built with client-go v0.35. */
export const DEFAULT_KUBE_VERSION: KubeVersion = { Version: "v1.35.0", Major: "1", Minor: "35", normalized: "v1.35.0" };

/** Kubernetes' version.ParseGeneric: the numeric components, or the error text. */
function parseGeneric(str: string): bigint[] | string {
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(str);
  if (m === null) return `could not parse ${quote(str)} as version`;
  const components = (m[1] ?? "").split(".");
  if (components.length < 2) return `illegal version string ${quote(str)}`;
  const out: bigint[] = [];
  for (const [i, comp] of components.entries()) {
    if (i === 0 && comp.startsWith("0") && comp !== "0") return `illegal zero-prefixed version component ${quote(comp)} in ${quote(str)}`;
    const n = BigInt(comp);
    if (n > 18446744073709551615n) {
      return `illegal non-numeric version component ${quote(comp)} in ${quote(str)}: strconv.ParseUint: parsing ${quote(comp)}: value out of range`;
    }
    out.push(n);
  }
  return out;
}

/** Helm's ParseKubeVersion for --kube-version; throws ValuesError("invalid kube version '…': …") as `helm template` reports it. */
export function parseKubeVersion(version: string): KubeVersion {
  const v = parseGeneric(version);
  if (typeof v === "string") throw new ValuesError(`invalid kube version '${version}': ${v}`);
  return {
    Version: version.startsWith("v") ? version : `v${version}`,
    Major: (v[0] ?? 0n).toString(),
    Minor: (v[1] ?? 0n).toString(),
    normalized: `v${v.map(String).join(".")}`,
  };
}

/**
 * The check of the chart's `kubeVersion` constraint (root chart only) before
 * rendering; throws ValuesError with Helm's message when the version does
 * not satisfy it (an unparsable constraint never does).
 */
export function checkKubeVersion(chart: Chart, kubeVersion: KubeVersion = DEFAULT_KUBE_VERSION): void {
  const constraint = chart.metadata.kubeVersion;
  if (constraint === "") return;
  if (!isCompatibleRange(constraint, kubeVersion.normalized)) {
    throw new ValuesError(`chart requires kubeVersion: ${constraint} which is incompatible with Kubernetes ${kubeVersion.Version}`);
  }
}
