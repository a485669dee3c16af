/**
 * strvals (--set, --set-string, --set-json, --set-literal, --set-file)
 * against Helm 4.1.4's pkg/strvals: cases/strvals.json lists set lines,
 * an optional starting destination ("base") and what Go produced ("out",
 * with the error message in "err"). Regenerate with the oracle in
 * oracle/ (see oracle/README.md).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSet, parseSetFile, parseSetJSON, parseSetLiteral, parseSetString, StrvalsError } from "../../../../src/render/values/strvals.ts";
import { dump, loadCases, undump, type Tagged } from "./helpers.ts";

interface Case {
  fn: "set" | "string" | "json" | "literal" | "file";
  s: string;
  base?: Tagged;
  out: Tagged;
  err?: string;
}

function readFile(p: string): string {
  if (p.startsWith("missing")) throw new StrvalsError(`open ${p}: no such file or directory`);
  return `content of ${p}`;
}

const cases = loadCases<Case>("strvals");

test(`strvals: ${cases.length} set lines parse as Helm parses them`, () => {
  const failures: string[] = [];
  for (const c of cases) {
    const dest = c.base === undefined ? new Map<string, unknown>() : (undump(c.base) as Map<string, unknown>);
    let err: string | undefined;
    try {
      switch (c.fn) {
        case "set":
          parseSet(c.s, dest);
          break;
        case "string":
          parseSetString(c.s, dest);
          break;
        case "json":
          parseSetJSON(c.s, dest);
          break;
        case "literal":
          parseSetLiteral(c.s, dest);
          break;
        case "file":
          parseSetFile(c.s, readFile, dest);
          break;
      }
    } catch (e) {
      if (!(e instanceof StrvalsError)) throw e;
      err = e.message;
    }
    try {
      assert.equal(err, c.err);
      assert.deepEqual(dump(dest), c.out);
    } catch (e) {
      failures.push(`${c.fn} ${JSON.stringify(c.s)}${c.base === undefined ? "" : ` base ${JSON.stringify(c.base)}`}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});
