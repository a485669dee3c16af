/**
 * `bosun template RELEASE CHART [flags]`: render a chart locally and print
 * the manifests exactly as `helm template` does.
 */
import { parseArgs } from "node:util";
import { renderChartDir } from "../render/index.ts";
import type { CliIO } from "./main.ts";

export const TEMPLATE_USAGE = `Render chart templates locally and display the output, as "helm template" does.

Usage:
  bosun template RELEASE CHART [flags]

Flags:
  -n, --namespace string   namespace scope for the release (default "default")
  -h, --help               help for template
`;

export function templateCommand(args: readonly string[], io: CliIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        namespace: { type: "string", short: "n", default: "default" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  if (parsed.values.help) {
    io.out(TEMPLATE_USAGE);
    return 0;
  }
  const [release, chart, ...extra] = parsed.positionals;
  if (release === undefined || chart === undefined || extra.length > 0) {
    io.err(`Error: "bosun template" requires 2 arguments (RELEASE CHART), got ${parsed.positionals.length}\n`);
    return 1;
  }
  try {
    io.out(renderChartDir(chart, { name: release, namespace: parsed.values.namespace }));
    return 0;
  } catch (e) {
    io.err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
}
