/**
 * Runs the template cases of cases-NAME.json with bosun and compares them
 * with expected-NAME.json, what Go's text/template + Sprig v3.3.0 printed
 * for them (see main.go). The bosun side gets sprigExtraFuncs plus the few
 * Sprig helpers below that the cases use to build arguments.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { FuncError, GoInt, goFunc, Template, type FuncMap } from "../../../../../src/template/index.ts";
import { sprigExtraFuncs } from "../../../../../src/render/funcs/sprig-extras.ts";
import { setLocalZone } from "../../../../../src/render/funcs/time.ts";

export interface Case {
  name: string;
  tmpl: string;
  tz?: string;
}

export interface Expected {
  name: string;
  out?: string;
  err?: string;
}

function toInt(v: unknown): bigint {
  if (v instanceof GoInt) return v.value;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

/** Sprig helpers the cases use (as Sprig defines them, for the argument kinds the cases pass). */
const helpers: FuncMap = {
  int: goFunc("interface {} -> int", (v: unknown) => new GoInt(toInt(v), "int")),
  int64: goFunc("interface {} -> int64", (v: unknown) => new GoInt(toInt(v), "int64")),
  list: goFunc("...interface {} -> []interface {}", (...v: unknown[]) => v),
  regexMatch: goFunc("string, string -> bool", (re: string, s: string) => new RegExp(re).test(s)),
  contains: goFunc("string, string -> bool", (sub: string, s: string) => s.includes(sub)),
  fail: goFunc("string -> (string, error)", (m: string) => {
    throw new FuncError(m);
  }),
};

export function data(): Record<string, unknown> {
  return {
    s: "hello",
    f: 1.5,
    big: 1e6,
    n: null,
    b: true,
    i: new GoInt(5, "int"),
    i32: new GoInt(86400, "int32"),
    i64: new GoInt(1700000000, "int64"),
    u: new GoInt(7, "uint"),
    list: ["a", 1],
    map: new Map([["k", "v"]]),
  };
}

export function render(tmpl: string, name = "t", tz?: string): { out?: string; err?: string } {
  setLocalZone(tz ?? "UTC");
  try {
    const t = new Template(name).funcs({ ...helpers, ...sprigExtraFuncs() });
    t.parse(tmpl);
    return { out: t.execute(data()) };
  } catch (e) {
    return { err: (e as Error).message };
  } finally {
    setLocalZone("UTC");
  }
}

/** The cases of cases-NAME.json with what Go printed for each. */
export function loadCases(name: string): { c: Case; want: Expected }[] {
  const dir = new URL("./", import.meta.url);
  const cases = JSON.parse(readFileSync(new URL(`cases-${name}.json`, dir), "utf8")) as Case[];
  const expected = new Map((JSON.parse(readFileSync(new URL(`expected-${name}.json`, dir), "utf8")) as Expected[]).map((e) => [e.name, e]));
  return cases.map((c) => {
    const want = expected.get(c.name);
    assert.ok(want, `no Go expectation for ${c.name}`);
    return { c, want };
  });
}

/**
 * Registers a test running every case of cases-NAME.json. `divergent` maps
 * the templates of known divergences (with the reason) to bosun's result.
 */
export function oracleTests(
  name: string,
  divergent: Record<string, { reason: string; out?: string; err?: string }> = {},
  filter: (c: Case) => boolean = () => true,
): void {
  test(`${name}: Go/Sprig oracle cases`, () => {
    for (const { c, want } of loadCases(name)) {
      if (!filter(c)) continue;
      const got = render(c.tmpl, c.name, c.tz);
      const known = divergent[c.tmpl];
      if (known) {
        assert.notDeepEqual(got, { out: want.out, err: want.err }, `${c.name} no longer diverges`);
        assert.deepEqual(got, { ...(known.out !== undefined ? { out: known.out } : {}), ...(known.err !== undefined ? { err: known.err } : {}) }, `${c.name}: ${c.tmpl}`);
        continue;
      }
      assert.deepEqual(got, { ...(want.out !== undefined ? { out: want.out } : {}), ...(want.err !== undefined ? { err: want.err } : {}) }, `${c.name}: ${c.tmpl}`);
    }
  });
}
