/**
 * Table-driven checks of the Sprig functions against Go. Each
 * cases/<family>.json lists templates ("t", with optional JSON data "d") and
 * what Go's text/template with sprig.TxtFuncMap() (Sprig v3.3.0, minus
 * env/expandenv as in Helm) produced for them: the output ("out") or the
 * error message ("err"). "skip" marks a known divergence (with its reason):
 * the case keeps Go's result and is reported as skipped.
 *
 * To add cases, append {"t": …} entries and re-run the oracle, a throwaway
 * Go program (module requiring github.com/Masterminds/sprig/v3 v3.3.0) that
 * rewrites each file in place:
 *
 *     fm := sprig.TxtFuncMap(); delete(fm, "env"); delete(fm, "expandenv")
 *     for each case: json.Unmarshal(c.D, &data)
 *       t, err := template.New("t").Funcs(fm).Parse(c.T)  // err → "PARSE: " + err
 *       err = t.Execute(&b, data)                        // out = b.String(), or err
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sprigFuncs } from "../../../../src/render/funcs/sprig.ts";
import { Template } from "../../../../src/template/index.ts";

export interface Case {
  t: string;
  d?: unknown;
  out?: string;
  err?: string;
  /** A known divergence from Go: the reason (the case is reported as skipped). */
  skip?: string;
}

const funcs = sprigFuncs();

export function loadCases(family: string): Case[] {
  return JSON.parse(readFileSync(new URL(`cases/${family}.json`, import.meta.url), "utf8")) as Case[];
}

/** Renders a template with the Sprig functions; errors are returned as "ERR: message" (parse errors as "PARSE: message"). */
export function render(text: string, data: unknown = null): { out?: string; err?: string } {
  let t: Template;
  try {
    t = new Template("t").funcs(funcs).parse(text);
  } catch (e) {
    return { err: `PARSE: ${(e as Error).message}` };
  }
  try {
    return { out: t.execute(data) };
  } catch (e) {
    return { err: (e as Error).message };
  }
}

/** One node:test test per case of cases/<family>.json. */
export function runCases(family: string): void {
  for (const c of loadCases(family)) {
    test(`${family}: ${c.t}${c.d === undefined ? "" : ` with ${JSON.stringify(c.d)}`}`, { skip: c.skip ?? false }, () => {
      const got = render(c.t, c.d ?? null);
      assert.deepEqual(got, c.err === undefined ? { out: c.out } : { err: c.err });
    });
  }
}
