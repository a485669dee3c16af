// Property test of lexer, parser and executor together: random templates
// built from fragments of the language either render or fail with a
// template error; nothing else escapes, and nothing hangs (limits are set).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExecError, Template, TemplateParseError } from "../../../src/template/index.ts";

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fragments = [
  "{{", "}}", "{{-", "-}}", " ", "\n", "text", ".", ".a", ".a.b", ".list", "$", "$x", "$x :=", "$x =", "|", "(", ")",
  "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "1", "-2",
  "1.5", "0x1F", "'a'", `"s"`, "`raw`", "printf", `"%d"`, `"%v %s"`, "len", "index", "slice", "eq", "lt", "and", "or",
  "not", "print", "call", "html", "js", "urlquery", "/*", "*/", `"t"`, ",", ":=", "=",
];

function randomTemplate(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 24);
  let s = "";
  for (let i = 0; i < n; i++) s += fragments[Math.floor(rnd() * fragments.length)] ?? "";
  return s;
}

/** Mostly well-formed templates, so the executor is exercised too. */
function actionTemplate(rnd: () => number): string {
  const exprs = [".a", ".list", ".m", ".m.k", "$", "1", "1.5", `"s"`, "nil", "(len .list)", "(index .list 0)", ".missing", "(slice .list 1)"];
  const fns = ["print", "printf \"%v\"", "len", "index", "not", "eq", "lt", "and", "or", "html", "js", "slice"];
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const parts: string[] = [];
  for (let i = 0; i < 1 + Math.floor(rnd() * 6); i++) {
    const e = `${pick(fns)} ${pick(exprs)} ${rnd() < 0.5 ? pick(exprs) : ""}`;
    parts.push(pick([`{{${e}}}`, `{{if ${pick(exprs)}}}x{{else}}y{{end}}`, `{{range ${pick(exprs)}}}[{{.}}]{{end}}`, `{{with ${pick(exprs)}}}{{.}}{{end}}`, `{{${pick(exprs)} | ${pick(fns)}}}`]));
  }
  return parts.join(" ");
}

const data = { a: "x", list: [1, "two", null], m: { k: 2.5 } };

function check(text: string): void {
  try {
    new Template("fuzz").limits({ maxSteps: 100_000, maxOutput: 100_000, maxDepth: 50 }).parse(text).execute(data);
  } catch (e) {
    if (e instanceof TemplateParseError || e instanceof ExecError) return;
    assert.fail(`unexpected ${(e as Error).name} for ${JSON.stringify(text)}: ${(e as Error).stack ?? String(e)}`);
  }
}

test("random token soup never escapes as anything but a template error", () => {
  const rnd = prng(0xb05);
  for (let i = 0; i < 3000; i++) check(randomTemplate(rnd));
});

test("random well-formed actions never escape as anything but a template error", () => {
  const rnd = prng(0x5eed);
  for (let i = 0; i < 2000; i++) check(actionTemplate(rnd));
});
