// The template-set API: lookup, delimiters, clone isolation, function
// precedence, and the set-level errors, with messages as Go prints them
// (verified against Go 1.26's text/template).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ExecError, GO_METHODS, goFunc, Template, TemplateParseError } from "../../../src/template/index.ts";

test("executeTemplate of an unknown name names both templates", () => {
  assert.throws(() => new Template("root").executeTemplate("nope", null), (e: unknown) => e instanceof ExecError && e.message === `template: no template "nope" associated with template "root"`);
});

test("executing a template that was never parsed is an error", () => {
  assert.throws(() => new Template("empty").execute(null), (e: unknown) => e instanceof ExecError && e.message === `template: empty: "empty" is an incomplete or empty template`);
});

test("a template holding only definitions executes to nothing", () => {
  assert.equal(new Template("e").parse(`{{define "x"}}X{{end}}`).execute(null), "");
});

test("custom delimiters apply to actions, trim markers and comments", () => {
  const t = new Template("d").delims("<<", ">>").parse(`<< .a >> {{ .a }} <<- " x " ->> <</* c */>>`);
  assert.equal(t.execute({ a: 1 }), "1 {{ .a }} x ");
});

test("define adds templates to the set; clone isolates later changes", () => {
  const s = new Template("s").parse(`{{define "a"}}A{{end}}{{define "b"}}B{{end}}main`);
  assert.equal(s.templates().length, 3);
  assert.deepEqual(s.definedTemplates().replace("; defined templates are: ", "").split(", ").sort(), [`"a"`, `"b"`, `"s"`]);
  const c = s.clone();
  c.new("a").parse("changed");
  assert.equal(s.executeTemplate("a", null), "A");
  assert.equal(c.executeTemplate("a", null), "changed");
  assert.equal(c.execute(null), "main");
});

test("an empty redefinition does not replace a real one", () => {
  const s = new Template("s").parse(`{{define "x"}}real{{end}}`);
  s.new("other").parse(`{{define "x"}}{{end}}`);
  assert.equal(s.executeTemplate("x", null), "real");
});

test("user functions take precedence over builtins of the same name", () => {
  const t = new Template("o").funcs({ len: goFunc("interface {}", () => "mine") }).parse(`{{len 1}}`);
  assert.equal(t.execute(null), "mine");
});

test("an undefined function is a parse error with Go's message", () => {
  assert.throws(() => new Template("p").parse("a\n{{ nofunc 1 }}"), (e: unknown) => e instanceof TemplateParseError && e.message === `template: p:2: function "nofunc" not defined`);
});

test("invalid function names and options are refused", () => {
  assert.throws(() => new Template("t").funcs({ "not-valid": () => 1 }), /function name "not-valid" is not a valid identifier/);
  assert.throws(() => new Template("t").option("missingkey=sometimes"), /unrecognized option: missingkey=sometimes/);
});

test("host objects expose methods that templates call with arguments", () => {
  class Files {
    readonly store = new Map([["a.txt", "alpha"]]);
  }
  Object.defineProperty(Files.prototype, GO_METHODS, {
    value: {
      Get: goFunc("string -> string", function (this: Files, name: string) {
        return this.store.get(name) ?? "";
      }),
    },
  });
  const out = new Template("m").parse(`{{ .Files.Get "a.txt" }}|{{ "a.txt" | .Files.Get }}|{{ .Files.Get "none" }}`).execute({ Files: new Files() });
  assert.equal(out, "alpha|alpha|");
});

test("parse once, execute many times with different data", () => {
  const t = new Template("many").parse(`{{ range . }}{{ . }}{{ end }}`);
  assert.equal(t.execute([1.5, 2]), "1.52");
  assert.equal(t.execute(["x"]), "x");
  assert.equal(t.execute([]), "");
});
