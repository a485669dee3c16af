/**
 * `bosun template RELEASE CHART [flags]`: render a chart locally and print
 * the manifests exactly as `helm template` does, with helm's flags.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { templateChart, type TemplateCommandOptions } from "../render/index.ts";
import type { CliIO } from "./main.ts";

export const TEMPLATE_USAGE = `Render chart templates locally and display the output, as "helm template" does.

Usage:
  bosun template RELEASE CHART [flags]

CHART is a chart directory or a packaged chart (.tgz).

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
  help: { type: "boolean" as const, short: "h", default: false },
} satisfies ParseArgsOptionsConfig;

/** pflag's StringSlice: each occurrence may hold a comma-separated list. */
const slice = (xs: readonly string[]): string[] => xs.flatMap((x) => x.split(",")).filter((x) => x !== "");

/** Parses `RELEASE CHART [flags]` into render options, or an error message. */
export function parseTemplateArgs(args: readonly string[]): { help: true } | { error: string } | { chart: string; options: TemplateCommandOptions } {
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
  return { chart, options };
}

export function templateCommand(args: readonly string[], io: CliIO): number {
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
    io.out(templateChart(parsed.chart, parsed.options));
    return 0;
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
}
