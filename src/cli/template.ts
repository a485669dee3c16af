/**
 * `bosun template RELEASE CHART [flags]`: render a chart locally and print
 * the manifests exactly as `helm template` does, with helm's flags.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { loadArchive, templateChart, templateLoadedChart, type TemplateCommandOptions } from "../render/index.ts";
import type { CredentialSource, Manifest } from "../source/index.ts";
import { cacheRoot } from "./cache-dir.ts";
import type { CliIO } from "./main.ts";

export const TEMPLATE_USAGE = `Render chart templates locally and display the output, as "helm template" does.

Usage:
  bosun template RELEASE CHART [flags]

CHART is a chart directory, a packaged chart (.tgz), or oci://HOST/PATH/CHART[:TAG|@sha256:DIGEST].
Charts from registries are verified by digest and cached under $BOSUN_CACHE_DIR/charts (~/.cache/bosun/charts).

Flags:
  -a, --api-versions strings       Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)
      --include-crds               include CRDs in the templated output
      --is-upgrade                 set .Release.IsUpgrade instead of .Release.IsInstall
      --kube-version string        Kubernetes version used for Capabilities.KubeVersion
  -n, --namespace string           namespace scope for this request (default "default")
      --no-hooks                   prevent hooks from running during install
      --set stringArray            set values on the command line (key1=val1,key2=val2)
      --set-file stringArray       set values from respective files specified via the command line (key1=path1)
      --set-json stringArray       set JSON values on the command line (key1=jsonval1,key2=jsonval2)
      --set-literal stringArray    set a literal STRING value on the command line
      --set-string stringArray     set STRING values on the command line (key1=val1,key2=val2)
  -s, --show-only stringArray      only show manifests rendered from the given templates
      --skip-schema-validation     disable JSON schema validation
      --skip-tests                 skip tests from templated output
  -f, --values strings             specify values in a YAML file (can specify multiple)
      --version string             chart version: a tag or a semver constraint (OCI charts)
      --plain-http                 use insecure HTTP connections for the chart download
      --ca-file string             verify certificates of HTTPS-enabled registries using this CA bundle
      --username string            registry username
      --password string            registry password
      --registry-config string     path to a docker config.json with registry credentials
  -h, --help                       help for template
`;

const OPTIONS = {
  namespace: { type: "string" as const, short: "n" as const, default: "default" },
  values: { type: "string" as const, short: "f", multiple: true, default: [] as string[] },
  set: { type: "string" as const, multiple: true, default: [] as string[] },
  "set-string": { type: "string" as const, multiple: true, default: [] as string[] },
  "set-json": { type: "string" as const, multiple: true, default: [] as string[] },
  "set-file": { type: "string" as const, multiple: true, default: [] as string[] },
  "set-literal": { type: "string" as const, multiple: true, default: [] as string[] },
  "kube-version": { type: "string" as const },
  "api-versions": { type: "string" as const, short: "a", multiple: true, default: [] as string[] },
  "include-crds": { type: "boolean" as const, default: false },
  "skip-tests": { type: "boolean" as const, default: false },
  "is-upgrade": { type: "boolean" as const, default: false },
  "show-only": { type: "string" as const, short: "s", multiple: true, default: [] as string[] },
  "no-hooks": { type: "boolean" as const, default: false },
  "skip-schema-validation": { type: "boolean" as const, default: false },
  version: { type: "string" as const },
  "plain-http": { type: "boolean" as const, default: false },
  "ca-file": { type: "string" as const },
  username: { type: "string" as const },
  password: { type: "string" as const },
  "registry-config": { type: "string" as const },
  help: { type: "boolean" as const, short: "h", default: false },
} satisfies ParseArgsOptionsConfig;

/** pflag's StringSlice: each occurrence may hold a comma-separated list. */
const slice = (xs: readonly string[]): string[] => xs.flatMap((x) => x.split(",")).filter((x) => x !== "");

/** Parses `RELEASE CHART [flags]` into render options, or an error message. */
/** How to fetch a chart from a registry (the OCI flags). */
export interface RegistryOptions {
  version?: string;
  plainHttp: boolean;
  caFile?: string;
  username?: string;
  password?: string;
  registryConfig?: string;
}

export function parseTemplateArgs(
  args: readonly string[],
): { help: true } | { error: string } | { chart: string; options: TemplateCommandOptions; registry: RegistryOptions } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  const [release, chart, ...extra] = parsed.positionals;
  if (release === undefined || chart === undefined || extra.length > 0) {
    return { error: `"bosun template" requires 2 arguments (RELEASE CHART), got ${parsed.positionals.length}` };
  }
  const options: TemplateCommandOptions = {
    release: { name: release, namespace: v.namespace, isUpgrade: v["is-upgrade"] },
    values: {
      valueFiles: slice(v.values),
      values: v.set,
      stringValues: v["set-string"],
      jsonValues: v["set-json"],
      fileValues: v["set-file"],
      literalValues: v["set-literal"],
    },
    apiVersions: slice(v["api-versions"]),
    includeCrds: v["include-crds"],
    skipTests: v["skip-tests"],
    noHooks: v["no-hooks"],
    showOnly: v["show-only"],
    skipSchemaValidation: v["skip-schema-validation"],
    ...(v["kube-version"] === undefined ? {} : { kubeVersion: v["kube-version"] }),
  };
  const registry: RegistryOptions = {
    plainHttp: v["plain-http"],
    ...(v.version === undefined ? {} : { version: v.version }),
    ...(v["ca-file"] === undefined ? {} : { caFile: v["ca-file"] }),
    ...(v.username === undefined ? {} : { username: v.username }),
    ...(v.password === undefined ? {} : { password: v.password }),
    ...(v["registry-config"] === undefined ? {} : { registryConfig: v["registry-config"] }),
  };
  return { chart, options, registry };
}

function chartCacheDir(): string {
  return join(cacheRoot(), "charts");
}

/** Resolves an oci:// chart to a digest and returns its verified bytes, from the cache when present. */
export async function fetchOciChart(chart: string, reg: RegistryOptions): Promise<Uint8Array> {
  // Loaded on first use: a local chart never needs the registry client (nor
  // node:crypto and the HTTP stack it brings), so `bosun template DIR` starts faster.
  const { ChartCache, OciClient, parseDockerConfig, parseOciReference, HELM_CHART_LAYER, LEGACY_CHART_LAYER } = await import("../source/index.ts");
  const chartLayerDigest = (m: Manifest): string | undefined =>
    m.layers.find((l) => l.mediaType === HELM_CHART_LAYER || l.mediaType === LEGACY_CHART_LAYER)?.digest;
  const ref = parseOciReference(chart);
  let credentials: CredentialSource | undefined;
  if (reg.username !== undefined || reg.password !== undefined) {
    credentials = { ...(reg.username === undefined ? {} : { username: reg.username }), ...(reg.password === undefined ? {} : { password: reg.password }) };
  } else if (reg.registryConfig !== undefined) {
    credentials = parseDockerConfig(readFileSync(reg.registryConfig));
  }
  const client = new OciClient({
    plainHttp: reg.plainHttp,
    ...(reg.caFile === undefined ? {} : { ca: readFileSync(reg.caFile, "utf8") }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  const version = reg.version ?? ref.tag;
  const { digest } = await client.resolve(ref, { ...(version === undefined ? {} : { version }), ...(ref.digest === undefined ? {} : { digest: ref.digest }) });
  // The cache holds the manifest under its digest and the chart under the
  // layer's digest, both re-verified on read: a pinned digest already pulled
  // renders with no network at all.
  const cache = new ChartCache({ dir: chartCacheDir() });
  const cachedManifest = cache.get(digest);
  if (cachedManifest) {
    const layer = chartLayerDigest(JSON.parse(Buffer.from(cachedManifest).toString("utf8")) as Manifest);
    const blob = layer === undefined ? undefined : cache.get(layer);
    if (blob) return blob;
  }
  const pulled = await client.pullChart(ref, digest);
  cache.put(digest, pulled.manifestBytes);
  const layer = chartLayerDigest(pulled.manifest);
  if (layer !== undefined) cache.put(layer, pulled.chart);
  return pulled.chart;
}

export async function templateCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseTemplateArgs(args);
  if ("help" in parsed) {
    io.out(TEMPLATE_USAGE);
    return 0;
  }
  if ("error" in parsed) {
    io.err(`Error: ${parsed.error}\n`);
    return 1;
  }
  try {
    const out = parsed.chart.startsWith("oci://")
      ? templateLoadedChart(loadArchive(await fetchOciChart(parsed.chart, parsed.registry)), parsed.options)
      : templateChart(parsed.chart, parsed.options);
    io.out(out);
    return 0;
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
}
