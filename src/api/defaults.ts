/**
 * The CRD's defaults, applied in code: objects read from a cluster whose CRD
 * predates a field carry no server-applied default for it. Must agree with
 * crds/bosun.dev_helmreleases.yaml (a unit test compares them).
 */
import type { DefaultedSpec, HelmReleaseSpec } from "./types.ts";

export const DEFAULTS = {
  interval: "10m",
  timeout: "5m",
  valuesKey: "values.yaml",
  retryLimit: 5,
  backoffDuration: "5s",
  backoffFactor: 2,
  backoffMaxDuration: "3m",
  prunePropagationPolicy: "Background",
  crds: "Create",
} as const;

/** Returns a copy of `spec` with every default filled in; `spec` is not changed. */
export function withDefaults(spec: HelmReleaseSpec): DefaultedSpec {
  const { valuesFrom, test, ...s } = structuredClone(spec);
  const { automated, ...sp } = s.syncPolicy ?? {};
  const retry = sp.retry ?? {};
  const backoff = retry.backoff ?? {};
  const out: DefaultedSpec = {
    ...s,
    chart: { ...s.chart, plainHTTP: s.chart.plainHTTP ?? false },
    createNamespace: s.createNamespace ?? false,
    interval: s.interval ?? DEFAULTS.interval,
    timeout: s.timeout ?? DEFAULTS.timeout,
    suspend: s.suspend ?? false,
    syncPolicy: {
      ...sp,
      retry: {
        ...retry,
        limit: retry.limit ?? DEFAULTS.retryLimit,
        backoff: {
          duration: backoff.duration ?? DEFAULTS.backoffDuration,
          factor: backoff.factor ?? DEFAULTS.backoffFactor,
          maxDuration: backoff.maxDuration ?? DEFAULTS.backoffMaxDuration,
        },
      },
      prunePropagationPolicy: sp.prunePropagationPolicy ?? DEFAULTS.prunePropagationPolicy,
      pruneLast: sp.pruneLast ?? false,
      forceConflicts: sp.forceConflicts ?? false,
      replaceOnImmutable: sp.replaceOnImmutable ?? false,
      crds: sp.crds ?? DEFAULTS.crds,
      respectIgnoreDifferences: sp.respectIgnoreDifferences ?? false,
    },
    disableHooks: s.disableHooks ?? false,
  };
  // No default for test itself (as in the CRD): absent means no tests.
  if (test) out.test = { ...test, enable: test.enable ?? false };
  if (automated) {
    out.syncPolicy.automated = {
      prune: automated.prune ?? false,
      selfHeal: automated.selfHeal ?? false,
      allowEmpty: automated.allowEmpty ?? false,
    };
  }
  if (valuesFrom) {
    out.valuesFrom = valuesFrom.map((v) => ({ ...v, key: v.key ?? DEFAULTS.valuesKey, optional: v.optional ?? false }));
  }
  return out;
}
