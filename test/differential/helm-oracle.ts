/**
 * Helm as the oracle: renders single templates with the real `helm template`
 * (helm 4.1.4 from the test environment's tool cache) so that bosun's output
 * can be compared with it byte for byte.
 *
 * Each template is wrapped in sentinel actions, `{{"⟦"}}BODY{{"⟧"}}`, and
 * rendered with `--debug` so helm prints it even when it is not valid YAML;
 * the sentinels survive helm's whitespace trimming of documents and, being
 * actions, do not change how trim markers at the body's edges behave.
 * bosun renders exactly the same wrapped text, so even error positions agree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../env/procs.ts";
import { ensureHelmKubectl } from "../env/tools.ts";

export const CHART = "fx";
export const OPEN = "⟦";
export const CLOSE = "⟧";

export function wrap(body: string): string {
  return `{{"${OPEN}"}}${body}{{"${CLOSE}"}}`;
}

export function templateName(file: string): string {
  return `${CHART}/templates/${file}`;
}

/** Text between the sentinels of a rendered document, or undefined. */
export function unwrap(rendered: string): string | undefined {
  const start = rendered.indexOf(OPEN);
  const end = rendered.lastIndexOf(CLOSE);
  return start === -1 || end < start ? undefined : rendered.slice(start + OPEN.length, end);
}

export interface HelmResult {
  /** Rendered (unwrapped) output, when helm rendered the template. */
  output?: string;
  /** helm's error message (stderr without the "Error: " prefix and hints), when it failed. */
  error?: string;
}

let helmPath: Promise<string> | undefined;
function helm(): Promise<string> {
  helmPath ??= ensureHelmKubectl(() => undefined).then((t) => t.helm);
  return helmPath;
}

/** Renders one template file (with the given values.yaml) with the real helm. */
export async function renderWithHelm(file: string, body: string, valuesYaml: string): Promise<HelmResult> {
  const dir = mkdtempSync(join(tmpdir(), "bosun-oracle-"));
  try {
    const chart = join(dir, CHART);
    mkdirSync(join(chart, "templates"), { recursive: true });
    writeFileSync(join(chart, "Chart.yaml"), `apiVersion: v2\nname: ${CHART}\nversion: 0.1.0\n`);
    writeFileSync(join(chart, "values.yaml"), valuesYaml);
    writeFileSync(join(chart, "templates", file), wrap(body));
    const r = await run(await helm(), ["template", "rel", chart, "--debug"], {
      env: { ...process.env, HELM_CONFIG_HOME: join(dir, "cfg"), HELM_CACHE_HOME: join(dir, "cache"), HELM_DATA_HOME: join(dir, "data") },
      timeoutMs: 60_000,
    });
    const marker = `# Source: ${templateName(file)}\n`;
    const at = r.stdout.indexOf(marker);
    if (at !== -1) {
      const output = unwrap(r.stdout.slice(at + marker.length));
      if (output !== undefined) return { output };
    }
    const error = /^Error: ([\s\S]*?)(?:\n\nUse --debug flag[\s\S]*)?$/m.exec(r.stderr)?.[1]?.trimEnd();
    return { error: error ?? r.stderr.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
