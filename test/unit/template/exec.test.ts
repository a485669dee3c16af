// Executor semantics against Go itself: every case in
// test/fixtures/template/exec/cases.json was executed by Go 1.26's
// text/template (see the oracle/ program there) with data.json and the
// functions below; bosun must produce the same output or the same error.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { FuncError, GO_METHODS, GO_TYPE, GoInt, goFunc, sprint, sprintf, Template, typedSlice, type FuncMap } from "../../../src/template/index.ts";

const dir = new URL("../../fixtures/template/exec/", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("cases.json", dir), "utf8")) as { name: string; tmpl: string; missingkey?: string }[];
const expected = new Map(
  (JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as { name: string; out?: string; err?: string }[]).map((e) => [e.name, e]),
);

/** The Go oracle's `Obj` struct: fields Name, Count, hidden, Inner, Fn and methods Get, Pair. */
class Obj {
  Name = "o";
  Count = new GoInt(3, "int");
  hidden = "h";
  Inner = null;
  Fn = goFunc("string -> string", (s: string) => `fn(${s})`);
  declare [GO_TYPE]: string;
  declare [GO_METHODS]: Record<string, ReturnType<typeof goFunc>>;
}
Object.defineProperty(Obj.prototype, GO_TYPE, { value: "main.Obj" });
Object.defineProperty(Obj.prototype, GO_METHODS, {
  value: {
    Get: goFunc("string", function (this: Obj, k: string) {
      return `got:${k}:${this.Name}`;
    }),
    Pair: goFunc("string, int", (a: string, b: GoInt) => `${a}/${b.toString()}`),
  },
});

const funcs: FuncMap = {
  typed: goFunc("string, int", (s: string, n: GoInt) => `${s}:${n.toString()}`),
  variadic: goFunc("string, ...int", (a: string, ...b: GoInt[]) => `${a}[${b.map((x) => x.toString()).join(" ")}]`),
  failing: goFunc("", () => {
    throw new FuncError("it failed");
  }),
  nilfn: goFunc("", () => null),
  int64of: goFunc("int", (n: GoInt) => new GoInt(n.value, "int64")),
  float: goFunc("float64", (f: number) => f * 2),
  anyarg: goFunc("interface {}", (v: unknown) => sprintf("%T", [v])),
  strs: goFunc("", () => typedSlice(["x", "y"], "string")),
  boolarg: goFunc("bool", (b: boolean) => !b),
  uintof: goFunc("int", (n: GoInt) => new GoInt(n.value, "uint8")),
  echo: goFunc("...interface {}", (...v: unknown[]) => sprint(v)),
  fnvalue: goFunc("", () => goFunc("int", (i: GoInt) => new GoInt(i.value + 1n, "int"))),
};

function data(): Record<string, unknown> {
  const d = JSON.parse(readFileSync(new URL("data.json", dir), "utf8")) as Record<string, unknown>;
  d["Obj"] = new Obj();
  return d;
}

for (const c of cases) {
  const want = expected.get(c.name);
  test(`exec: ${c.name}`, () => {
    assert.ok(want, `no Go expectation for ${c.name}`);
    let out: string | undefined;
    let err: string | undefined;
    try {
      const t = new Template(c.name).funcs(funcs);
      if (c.missingkey) t.option(`missingkey=${c.missingkey}`);
      t.parse(c.tmpl);
      out = t.execute(data());
    } catch (e) {
      err = (e as Error).message;
    }
    assert.deepEqual({ out, err }, { out: want.out, err: want.err }, `template: ${c.tmpl}`);
  });
}
