/**
 * What the Go oracle (Helm 4.1.4's loader, oracle/main.go) made of the
 * cases in cases.ts: expected.json, with the cases directory written as
 * <ROOT>. Regenerate after changing cases.ts:
 *
 *     cd test/unit/render/chart && node oracle/gen.ts /tmp/chart-cases && \
 *       (cd oracle && go run . /tmp/chart-cases) | sed 's|/tmp/chart-cases|<ROOT>|g' > expected.json
 */
import { readFileSync } from "node:fs";
import type { Tagged } from "../format/fixture.ts";

export interface FileOut {
  name: string;
  data: string;
  nil?: boolean;
}

export interface ChartOut {
  metadata: Tagged;
  values: Tagged;
  templates: FileOut[] | null;
  files: FileOut[] | null;
  schema: string | null;
  lock: { generated: string; digest: string; dependencies: ({ name: string; version: string; repository: string } | null)[] } | null;
  deps: ChartOut[] | null;
  fullPath: string;
}

export interface ChartResult {
  name: string;
  chart?: ChartOut;
  error?: string;
  archive?: ChartOut;
  archiveError?: string;
  type?: string;
}

export interface Expected {
  charts: ChartResult[];
  globs: ((string | { name: string; panic: string })[] | null)[];
  matches: (boolean | string)[];
  ignores: (boolean[] | string)[];
  files: { out?: string; error?: string }[];
  values: ({ values: Tagged } | { error: string })[];
  metadata: ({ metadata: Tagged } | { error: string })[];
}

export const EXPECTED = JSON.parse(readFileSync(new URL("expected.json", import.meta.url), "utf8")) as Expected;
