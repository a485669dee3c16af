import { test } from "node:test";
import assert from "node:assert/strict";
import { isEmptyTree, parse, TemplateParseError, type ParseOptions } from "../../../src/template/parse.ts";
import { LiteralError, unquote } from "../../../src/template/literal.ts";
import { quote } from "../../../src/template/strconv.ts";
import { errorContext, nodeString, type Node, type NumberNode, type Tree } from "../../../src/template/node.ts";

// Expected values were produced by Go 1.26's text/template/parse for the same
// inputs (Go's own parse tests plus extra cases): tree strings are
// Tree.Root.String(), errors are err.Error().

const FUNCS = new Set([
  "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
  "eq", "ge", "gt", "le", "lt", "ne", "contains", "include", "tpl", "default", "quote", "upper", "toYaml",
  "nindent", "indent", "x", "y", "f",
]);
const OPTS: ParseOptions = { hasFunction: (name) => FUNCS.has(name) };

function trees(input: string, opts: ParseOptions = OPTS, name = "x"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, t] of parse(name, input, opts)) out[k] = nodeString(t.root);
  return out;
}

function parseError(input: string, opts: ParseOptions = OPTS, name = "x"): string {
  try {
    parse(name, input, opts);
  } catch (e) {
    assert.ok(e instanceof TemplateParseError, `not a TemplateParseError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error parsing ${JSON.stringify(input)}`);
}

function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  switch (n.type) {
    case "list":
      n.nodes.forEach((c) => { walk(c, visit); });
      break;
    case "action":
      walk(n.pipe, visit);
      break;
    case "pipe":
      n.decl.forEach((c) => { walk(c, visit); });
      n.cmds.forEach((c) => { walk(c, visit); });
      break;
    case "command":
      n.args.forEach((c) => { walk(c, visit); });
      break;
    case "chain":
      walk(n.node, visit);
      break;
    case "if":
    case "range":
    case "with":
      walk(n.pipe, visit);
      walk(n.list, visit);
      if (n.elseList) walk(n.elseList, visit);
      break;
    case "template":
      if (n.pipe) walk(n.pipe, visit);
      break;
    default:
      break;
  }
}

test("parse trees and errors match Go", () => {
  for (const [input, expected] of PARSE_CASES) {
    if (typeof expected === "string") {
      assert.equal(parseError(input), expected, `input ${JSON.stringify(input)}`);
    } else {
      assert.deepEqual(trees(input), expected, `input ${JSON.stringify(input)}`);
    }
  }
});

test("number constants hold the same values as Go's NumberNode", () => {
  for (const [text, expected] of NUMBER_CASES) {
    const input = `{{${text}}}`;
    if (typeof expected === "string") {
      assert.equal(parseError(input), `template: x:1: ${expected}`, text);
      continue;
    }
    const root = parse("x", input, OPTS).get("x")?.root;
    const action = root?.nodes[0];
    assert.ok(action?.type === "action", text);
    const n = action.pipe.cmds[0]?.args[0] as NumberNode;
    assert.equal(n.type, "number");
    assert.equal(n.text, text);
    const [isInt, isUint, isFloat, isComplex, int64, uint64, float64, re, im] = expected;
    assert.deepEqual(
      [n.isInt, n.isUint, n.isFloat, n.isComplex, n.int64, n.uint64, n.float64, n.complex128[0], n.complex128[1]],
      [isInt, isUint, isFloat, isComplex, int64, uint64, float64, re, im],
      text,
    );
  }
});

test("unquote follows strconv.Unquote", () => {
  for (const [quoted, expected] of UNQUOTE_CASES) {
    if (expected === null) {
      assert.throws(() => unquote(quoted), (e: unknown) => e instanceof LiteralError && e.message === "invalid syntax", quoted);
    } else {
      assert.equal(unquote(quoted), expected, quoted);
    }
  }
});

test("quote (shared by lexer, parser and fmt) follows strconv.Quote", () => {
  const cases: [string, string][] = [
    ["abc", '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["\x00\x07\x08\x0c\n\r\t\x0b\x1f\x7f", '"\\x00\\a\\b\\f\\n\\r\\t\\v\\x1f\\x7f"'],
    ["é日本😀", '"é日本😀"'],
    ["\u00a0\u00ad\u2028\ufeff\u{e0001}", '"\\u00a0\\u00ad\\u2028\\ufeff\\U000e0001"'],
    ["\u0378", '"\\u0378"'],
  ];
  for (const [s, q] of cases) assert.equal(quote(s), q);
});

test("node positions (UTF-16) and lines match Go", () => {
  for (const [input, expected] of POSITION_CASES) {
    const got: Record<string, string> = {};
    for (const [name, tree] of parse("x", input, { ...OPTS, parseComments: true })) {
      const acc: string[] = [];
      walk(tree.root, (n) => acc.push(`${n.type}@${n.pos}${"line" in n ? `:${n.line}` : ""}`));
      got[name] = acc.join(" ");
    }
    assert.deepEqual(got, expected, input);
  }
});

test("every node points at its tree; trees share the parsed text and top-level name", () => {
  const text = "a{{.x}}{{define \"d\"}}{{if 1}}{{.y}}{{end}}{{end}}{{block \"b\" .}}{{(1).z}}{{end}}";
  const set = parse("top", text, OPTS);
  assert.deepEqual([...set.keys()].sort(), ["b", "d", "top"]);
  for (const [name, tree] of set) {
    assert.equal(tree.name, name);
    assert.equal(tree.parseName, "top");
    assert.equal(tree.text, text);
    walk(tree.root, (n) => {
      assert.equal(n.tree, tree, `${n.type} in ${name}`);
    });
  }
});

test("errorContext locates parsed nodes as Go's Tree.ErrorContext does", () => {
  const text = "é{{.x}}\n日本 {{if .y}}{{printf \"%d\" 1}}{{end}}{{define \"d\"}}\n\n  {{.z}}{{end}}";
  const set = parse("top", text, OPTS);
  const top = set.get("top") as Tree;
  const d = set.get("d") as Tree;
  const ifNode = top.root.nodes[3];
  assert.ok(ifNode?.type === "if");
  const printf = ifNode.list.nodes[0];
  assert.ok(printf?.type === "action");
  const ctx = (n: Node | undefined) => {
    assert.ok(n);
    const { location, context } = errorContext(n);
    return [location, context];
  };
  assert.deepEqual(ctx(top.root.nodes[1]), ["top:1:4", "{{.x}}"]);
  assert.deepEqual(ctx(ifNode), ["top:2:12", '{{if .y}}{{printf "%d" 1}}{{end}}']);
  assert.deepEqual(ctx(printf), ["top:2:18", '{{printf "%d" 1}}']);
  assert.deepEqual(ctx(printf.pipe.cmds[0]?.args[1]), ["top:2:25", '"%d"']);
  assert.deepEqual(ctx(d.root.nodes[1]), ["top:4:4", "{{.z}}"]);
});

test("isEmptyTree matches Go", () => {
  const cases: [string, boolean][] = [
    ["", true],
    ["hello", false],
    [" \t\n \t\n", true],
    ["{{/* comment */}}", true],
    ['{{define "x"}}something{{end}}', true],
    ["{{define `x`}}something{{end}}\n\n{{define `y`}}something{{end}}\n\n", true],
    ["{{define `x`}}something{{end}}\nx\n{{define `y`}}something{{end}}\ny\n", false],
    ["{{define `x`}}something{{end}}{{if 3}}foo{{end}}", false],
    ["\u00a0\u2028\u0085", true],
    ["\ufeff", false],
    ["{{.}}", false],
    ["{{range .}}{{end}}", false],
    ["{{with .}}{{end}}", false],
    ['{{template "x"}}', false],
  ];
  for (const [input, empty] of cases) {
    const tree = parse("root", input, { ...OPTS, parseComments: true }).get("root");
    assert.ok(tree);
    assert.equal(isEmptyTree(tree.root), empty, JSON.stringify(input));
  }
});

test("redefinition: an empty definition never replaces a non-empty one", () => {
  assert.deepEqual(trees('{{define "a"}}x{{end}}{{define "a"}} {{end}}'), { a: "x", x: "" });
  assert.deepEqual(trees('{{define "a"}} {{end}}{{define "a"}}y{{end}}'), { a: "y", x: "" });
  assert.equal(parseError('{{define "a"}}x{{end}}{{define "a"}}y{{end}}'), 'template: x:1: template: multiple definition of template "a"');
  assert.equal(parseError('{{define "x"}}a{{end}}b', OPTS), 'template: x:1: template: multiple definition of template "x"');
});

test("options: delimiters, comments, function checks", () => {
  assert.deepEqual(trees("[[.a]]{{.b}}[[- 1 -]] x", { ...OPTS, leftDelim: "[[", rightDelim: "]]" }), { x: "{{.a}}{{.b}}{{1}}x" });
  assert.deepEqual(trees("{{.a}}", { ...OPTS, leftDelim: "", rightDelim: "" }), { x: "{{.a}}" });
  assert.deepEqual(trees("a{{/* c */}}b", { ...OPTS, parseComments: true }), { x: "a{{/* c */}}b" });
  assert.deepEqual(trees("a{{/* c */}}b"), { x: "ab" });
  assert.equal(parseError("{{fn 1 2}}"), 'template: x:1: function "fn" not defined');
  assert.deepEqual(trees("{{fn 1 2}}", { hasFunction: () => false, skipFuncCheck: true }), { x: "{{fn 1 2}}" });
  // With functions named break/continue, the keywords are plain identifiers.
  const withBreak: ParseOptions = { hasFunction: (n) => n === "break" || n === "continue" };
  assert.deepEqual(trees("{{break}}{{continue}}", withBreak), { x: "{{break}}{{continue}}" });
  const root = parse("x", "{{break}}", withBreak).get("x")?.root;
  assert.equal(root?.nodes[0]?.type, "action");
  assert.equal(parseError("{{break}}"), "template: x:1: {{break}} outside {{range}}");
  assert.equal(parseError("{{continue}}"), "template: x:1: {{continue}} outside {{range}}");
});

test("the error names the top-level template, even inside a define", () => {
  assert.equal(parseError('a\n{{define "d"}}\n{{.x | 1}}{{end}}', OPTS, "chart/templates/t.yaml"),
    "template: chart/templates/t.yaml:3: non executable command in pipeline stage 2");
});

test("parenthesized pipelines nest up to Go's maximum depth without exhausting the stack", () => {
  const nest = (d: number) => `{{${"(".repeat(d)}1${")".repeat(d)}}}`;
  const root = parse("x", nest(10_000), OPTS).get("x")?.root;
  assert.equal(root?.nodes.length, 1);
  assert.equal(parseError(nest(10_001)), "template: x:1: max expression depth exceeded");
  assert.equal(parseError(`{{${"(".repeat(20_000)}`), "template: x:1: max expression depth exceeded");
});

test("deeply nested control structures fail with a TemplateParseError, not a RangeError", () => {
  const d = 50_000;
  const text = "{{if 1}}".repeat(d) + "{{end}}".repeat(d);
  assert.throws(() => parse("x", text, OPTS), TemplateParseError);
  const ok = "{{if 1}}".repeat(500) + "x" + "{{end}}".repeat(500);
  assert.equal(parse("x", ok, OPTS).size, 1);
});

/** A small deterministic PRNG (LCG) so that failures are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

const TOKENS = [
  "{{", "}}", "{{- ", " -}}", " ", "\n", "if", "else", "end", "range", "with", "define", "block", "template", "break", "continue",
  "nil", "true", ".", ".a", ".b.c", "$", "$x", "$i", ":=", "=", ",", "|", "(", ")", "printf", "len", "nofunc", "\"s\"", "\"\\x41\"",
  "`r`", "'a'", "'", "1", "-1", "0x1F", "1_000", "1e3", "0x1p-2", "1+2i", "089", "1e400", "/*", "*/", "{{/* c */}}", "é", "😀",
  "\u0001", "#", "}", "{", "\"", "`", "\\", "$x.a", "(.a).b", "1.a", "\"x\".y",
];
const SEEDS = [
  '{{range $i, $v := .}}{{$i}}{{break}}{{continue}}{{end}}', '{{if .a}}A{{else if .b}}B{{else}}C{{end}}',
  '{{with $x := .a}}{{$x}}{{else with .b}}{{.}}{{end}}', '{{define "t"}}T{{end}}{{template "t" .}}', '{{block "b" .}}B{{end}}',
  '{{$x := 1}}{{$x = 2}}{{$x}}', '{{(index .a 0).b}}', '{{printf "%d" (len .)}}',
];

test("fuzz: parse returns trees or throws TemplateParseError, never anything else", () => {
  const rnd = prng(7);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)] as T;
  let ok = 0;
  for (let n = 0; n < 4000; n++) {
    let text: string;
    if (rnd() < 0.4) {
      text = pick(SEEDS);
      for (let k = Math.floor(rnd() * 4); k > 0; k--) {
        const p = Math.floor(rnd() * (text.length + 1));
        text = rnd() < 0.5 ? text.slice(0, p) + pick(TOKENS) + text.slice(p) : text.slice(0, p) + text.slice(p + 1 + Math.floor(rnd() * 3));
      }
    } else {
      text = "{{";
      for (let k = Math.floor(rnd() * 12); k >= 0; k--) text += pick(TOKENS) + (rnd() < 0.5 ? " " : "");
      text += "}}";
    }
    const opts: ParseOptions = { ...OPTS, parseComments: rnd() < 0.2, skipFuncCheck: rnd() < 0.1 };
    try {
      const set = parse("x", text, opts);
      for (const t of set.values()) nodeString(t.root);
      ok++;
    } catch (e) {
      if (!(e instanceof TemplateParseError)) assert.fail(`${JSON.stringify(text)} threw ${String(e)}`);
      assert.match(e.message, /^template: x:\d+: /);
    }
  }
  assert.ok(ok > 100, `only ${ok} inputs parsed`);
});

const PARSE_CASES: [input: string, expected: string | Record<string, string>][] = [
  ["", {"x": ""}],
  ["{{/*\n\n\n*/}}", {"x": ""}],
  [" \t\n", {"x": " \t\n"}],
  ["some text", {"x": "some text"}],
  ["{{}}", "template: x:1: missing value for command"],
  ["{{.X}}", {"x": "{{.X}}"}],
  ["{{printf}}", {"x": "{{printf}}"}],
  ["{{$}}", {"x": "{{$}}"}],
  ["{{with $x := 3}}{{$x 23}}{{end}}", {"x": "{{with $x := 3}}{{$x 23}}{{end}}"}],
  ["{{$.I}}", {"x": "{{$.I}}"}],
  ["{{printf `%d` 23}}", {"x": "{{printf `%d` 23}}"}],
  ["{{.X|.Y}}", {"x": "{{.X | .Y}}"}],
  ["{{$x := .X|.Y}}", {"x": "{{$x := .X | .Y}}"}],
  ["{{.X (.Y .Z) (.A | .B .C) (.E)}}", {"x": "{{.X (.Y .Z) (.A | .B .C) (.E)}}"}],
  ["{{(.Y .Z).Field}}", {"x": "{{(.Y .Z).Field}}"}],
  ["{{if .X}}hello{{end}}", {"x": "{{if .X}}hello{{end}}"}],
  ["{{if .X}}true{{else}}false{{end}}", {"x": "{{if .X}}true{{else}}false{{end}}"}],
  ["{{if .X}}true{{else if .Y}}false{{end}}", {"x": "{{if .X}}true{{else}}{{if .Y}}false{{end}}{{end}}"}],
  ["+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+", {"x": "+{{if .X}}X{{else}}{{if .Y}}Y{{else}}{{if .Z}}Z{{end}}{{end}}{{end}}+"}],
  ["{{range .X}}hello{{end}}", {"x": "{{range .X}}hello{{end}}"}],
  ["{{range .X.Y.Z}}hello{{end}}", {"x": "{{range .X.Y.Z}}hello{{end}}"}],
  ["{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}", {"x": "{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}"}],
  ["{{range .X}}true{{else}}false{{end}}", {"x": "{{range .X}}true{{else}}false{{end}}"}],
  ["{{range .X|.M}}true{{else}}false{{end}}", {"x": "{{range .X | .M}}true{{else}}false{{end}}"}],
  ["{{range .SI}}{{.}}{{end}}", {"x": "{{range .SI}}{{.}}{{end}}"}],
  ["{{range $x := .SI}}{{.}}{{end}}", {"x": "{{range $x := .SI}}{{.}}{{end}}"}],
  ["{{range $x, $y := .SI}}{{.}}{{end}}", {"x": "{{range $x, $y := .SI}}{{.}}{{end}}"}],
  ["{{range .SI}}{{.}}{{break}}{{end}}", {"x": "{{range .SI}}{{.}}{{break}}{{end}}"}],
  ["{{range .SI}}{{.}}{{continue}}{{end}}", {"x": "{{range .SI}}{{.}}{{continue}}{{end}}"}],
  ["{{range .SI 1 -3.2i true false 'a' nil}}{{end}}", {"x": "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}"}],
  ["{{template `x`}}", {"x": "{{template \"x\"}}"}],
  ["{{template `x` .Y}}", {"x": "{{template \"x\" .Y}}"}],
  ["{{with .X}}hello{{end}}", {"x": "{{with .X}}hello{{end}}"}],
  ["{{with .X}}hello{{else}}goodbye{{end}}", {"x": "{{with .X}}hello{{else}}goodbye{{end}}"}],
  ["{{with .X}}hello{{else with .Y}}goodbye{{end}}", {"x": "{{with .X}}hello{{else}}{{with .Y}}goodbye{{end}}{{end}}"}],
  ["{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}", {"x": "{{with .X}}X{{else}}{{with .Y}}Y{{else}}{{with .Z}}Z{{end}}{{end}}{{end}}"}],
  ["x \r\n\t{{- 3}}", {"x": "x{{3}}"}],
  ["{{3 -}}\n\n\ty", {"x": "{{3}}y"}],
  ["x \r\n\t{{- 3 -}}\n\n\ty", {"x": "x{{3}}y"}],
  ["x\n{{-  3   -}}\ny", {"x": "x{{3}}y"}],
  ["x \r\n\t{{- /* hi */}}", {"x": "x"}],
  ["{{/* hi */ -}}\n\n\ty", {"x": "y"}],
  ["x \r\n\t{{- /* */ -}}\n\n\ty", {"x": "xy"}],
  ["{{block \"foo\" .}}hello{{end}}", {"foo": "hello", "x": "{{template \"foo\" .}}"}],
  ["{{ $x \n := \n 1 \n }}", {"x": "{{$x := 1}}"}],
  ["{{\n}}", "template: x:2: missing value for command"],
  ["{{\n\"x\"\n|\nprintf\n}}", {"x": "{{\"x\" | printf}}"}],
  ["{{/*\nhello\n*/}}", {"x": ""}],
  ["{{-\n/*\nhello\n*/\n-}}", {"x": ""}],
  ["{{range .SI}}{{.}}{{ continue }}{{end}}", {"x": "{{range .SI}}{{.}}{{continue}}{{end}}"}],
  ["{{range .SI}}{{.}}{{ break }}{{end}}", {"x": "{{range .SI}}{{.}}{{break}}{{end}}"}],
  ["hello{{range", "template: x:1: unclosed action"],
  ["{{end}}", "template: x:1: unexpected {{end}}"],
  ["{{else}}", "template: x:1: unexpected {{else}}"],
  ["{{if .X}}hello{{end}}{{else}}", "template: x:1: unexpected {{else}}"],
  ["{{if .X}}1{{else}}2{{else}}3{{end}}", "template: x:1: expected end; found {{else}}"],
  ["hello{{range .x}}", "template: x:1: unexpected EOF"],
  ["hello{{range .x}}{{else}}", "template: x:1: unexpected EOF"],
  ["hello{{undefined}}", "template: x:1: function \"undefined\" not defined"],
  ["{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{with $x := 4}}{{end}}{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{template $v}}", "template: x:1: unexpected \"$v\" in template clause"],
  ["{{with $x.Y := 4}}{{end}}", "template: x:1: undefined variable \"$x\""],
  ["{{template .X}}", "template: x:1: unexpected \".X\" in template clause"],
  ["{{template $v}}", "template: x:1: unexpected \"$v\" in template clause"],
  ["{{printf 3, 4}}", "template: x:1: unexpected \",\" in operand"],
  ["{{with $v, $u := 3}}{{end}}", "template: x:1: too many declarations in with"],
  ["{{range $u, $v, $w := 3}}{{end}}", "template: x:1: too many declarations in range"],
  ["{{printf (printf .).}}", "template: x:1: unexpected <.> in operand"],
  ["{{printf 3`x`}}", "template: x:1: unexpected \"`x`\" in operand"],
  ["{{printf `x`.}}", "template: x:1: unexpected <.> in operand"],
  ["{{if .X}}a{{else if .Y}}b{{end}}{{end}}", "template: x:1: unexpected {{end}}"],
  ["{{range .}}{{end}} {{break}}", "template: x:1: {{break}} outside {{range}}"],
  ["{{range .}}{{end}} {{continue}}", "template: x:1: {{continue}} outside {{range}}"],
  ["{{range .}}{{else}}{{break}}{{end}}", "template: x:1: {{break}} outside {{range}}"],
  ["{{range .}}{{else}}{{continue}}{{end}}", "template: x:1: {{continue}} outside {{range}}"],
  ["{{$x := 0}}{{$x}}", {"x": "{{$x := 0}}{{$x}}"}],
  ["{{$x += 1}}{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{$x ! 2}}{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{$x % 3}}{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{range $x := $y := 3}}{{end}}", "template: x:1: undefined variable \"$y\""],
  ["{{$x:=.}}{{$x!2}}", "template: x:1: bad character U+0021 '!'"],
  ["{{$x:=.}}{{$x+2}}", "template: x:1: bad character U+002B '+'"],
  ["{{$x:=.}}{{$x +2}}", {"x": "{{$x := .}}{{$x +2}}"}],
  ["{{range $x := 0}}{{$x}}{{end}}", {"x": "{{range $x := 0}}{{$x}}{{end}}"}],
  ["{{range $x = 0}}{{$x}}{{end}}", {"x": "{{range $x = 0}}{{$x}}{{end}}"}],
  ["{{1.E}}", "template: x:1: illegal number syntax: \"1.E\""],
  ["{{0.1.E}}", "template: x:1: unexpected . after term \"0.1\""],
  ["{{true.E}}", "template: x:1: unexpected . after term \"true\""],
  ["{{'a'.any}}", "template: x:1: unexpected . after term \"'a'\""],
  ["{{\"hello\".guys}}", "template: x:1: unexpected . after term \"\\\"hello\\\"\""],
  ["{{..E}}", "template: x:1: unexpected . after term \".\""],
  ["{{nil.E}}", "template: x:1: unexpected . after term \"nil\""],
  ["{{12|.}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{.|12|printf}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{.|printf|\"error\"}}", "template: x:1: non executable command in pipeline stage 3"],
  ["{{12|printf|'e'}}", "template: x:1: non executable command in pipeline stage 3"],
  ["{{.|true}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{'c'|nil}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{printf \"%d\" ( ) }}", "template: x:1: missing value for parenthesized pipeline"],
  ["{{block \"foo\"}}hello{{end}}", "template: x:1: missing value for block clause"],
  ["{{ (( 1 )) }}", {"x": "{{((1))}}"}],
  ["{{ ((( 1 ))) }}", {"x": "{{(((1)))}}"}],
  ["{{ (((( 1 )))) }}", {"x": "{{((((1))))}}"}],
  ["{{ ((( 1 ))) | printf }}", {"x": "{{(((1))) | printf}}"}],
  ["{{ (((( 1 )))) | printf }}", {"x": "{{((((1)))) | printf}}"}],
  ["{{ if ((( true ))) }}YES{{ end }}", {"x": "{{if (((true)))}}YES{{end}}"}],
  ["{{ if (((( true )))) }}YES{{ end }}", {"x": "{{if ((((true))))}}YES{{end}}"}],
  ["line1\n{{", "template: x:2: unclosed action"],
  ["line1\n{{define `x`}}line2\n{{", "template: x:3: unclosed action"],
  ["line1\n{{\"x\"\n\"y\"\n", "template: x:4: unclosed action started at x:2"],
  ["{{\n\n\n\n\n", "template: x:6: unclosed action started at x:1"],
  ["line1\n{{\nx\n}}", {"x": "line1\n{{x}}"}],
  ["{{foo}}", "template: x:1: function \"foo\" not defined"],
  ["{{/*}}", "template: x:1: unclosed comment"],
  ["{{/*\nhello\n}}", "template: x:1: unclosed comment"],
  ["{{.X (1 2 3}}", "template: x:1: unclosed left paren"],
  ["{{.X 1 2 3 ) }}", "template: x:1: unexpected right paren"],
  ["{{(.X 1 2 3", "template: x:1: unclosed action"],
  ["{{`x`3}}", "template: x:1: unexpected \"3\" in operand"],
  ["{{a#}}", "template: x:1: bad character U+0023 '#'"],
  ["{{'a}}", "template: x:1: unterminated character constant"],
  ["{{\"a}}", "template: x:1: unterminated quoted string"],
  ["{{`a}}", "template: x:1: unterminated raw quoted string"],
  ["{{0xi}}", "template: x:1: illegal number syntax: \"0xi\""],
  ["{{define `a`}}a{{end}}{{define `a`}}b{{end}}", "template: x:1: template: multiple definition of template \"a\""],
  ["{{range .X}}", "template: x:1: unexpected EOF"],
  ["{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}", "template: x:1: unexpected \":=\" in operand"],
  ["{{$a,$b,$c := 23}}", "template: x:1: too many declarations in command"],
  ["{{$a}}", "template: x:1: undefined variable \"$a\""],
  ["{{true.any}}", "template: x:1: unexpected . after term \"true\""],
  ["{{12|false}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{ ( ) }}", "template: x:1: missing value for parenthesized pipeline"],
  ["{{ $v := `\n` }} {{", "template: x:2: unclosed action"],
  ["{{range $k}}{{end}}", "template: x:1: undefined variable \"$k\""],
  ["{{range $k, $v}}{{end}}", "template: x:1: undefined variable \"$v\""],
  ["{{range $k,}}{{end}}", "template: x:1: missing value for range"],
  ["{{range $k, $v := }}{{end}}", "template: x:1: missing value for range"],
  ["{{range $k, .}}{{end}}", "template: x:1: range can only initialize variables"],
  ["{{range $k, 123 := .}}{{end}}", "template: x:1: range can only initialize variables"],
  ["", {"x": ""}],
  ["hello", {"x": "hello"}],
  [" \t\n \t\n", {"x": " \t\n \t\n"}],
  ["{{/* comment */}}", {"x": ""}],
  ["{{define \"x\"}}something{{end}}", {"x": "something"}],
  ["{{define `x`}}something{{end}}\n\n{{define `y`}}something{{end}}\n\n", {"x": "something", "y": "something"}],
  ["{{define `x`}}something{{end}}\nx\n{{define `y`}}something{{end}}\ny\n", "template: x:5: template: multiple definition of template \"x\""],
  ["{{define `x`}}something{{end}}{{if 3}}foo{{end}}", "template: x:1: template: multiple definition of template \"x\""],
  ["{{0}}", {"x": "{{0}}"}],
  ["{{-0}}", {"x": "{{-0}}"}],
  ["{{.a.b.c}}", {"x": "{{.a.b.c}}"}],
  ["{{$.a.b}}", {"x": "{{$.a.b}}"}],
  ["{{$x := .}}{{$x.a.b}}", {"x": "{{$x := .}}{{$x.a.b}}"}],
  ["{{(.a).b.c}}", {"x": "{{(.a).b.c}}"}],
  ["{{(printf).b}}", {"x": "{{(printf).b}}"}],
  ["{{(index .a 0).b}}", {"x": "{{(index .a 0).b}}"}],
  ["{{.a.b | printf}}", {"x": "{{.a.b | printf}}"}],
  ["{{1|printf}}", {"x": "{{1 | printf}}"}],
  ["{{printf|.a}}", {"x": "{{printf | .a}}"}],
  ["{{printf|$}}", {"x": "{{printf | $}}"}],
  ["{{printf|(1)}}", {"x": "{{printf | (1)}}"}],
  ["{{printf|nil}}", "template: x:1: non executable command in pipeline stage 2"],
  ["{{nil}}", {"x": "{{nil}}"}],
  ["{{nil 1}}", {"x": "{{nil 1}}"}],
  ["{{printf nil}}", {"x": "{{printf nil}}"}],
  ["{{$x := 1}}{{$x := 2}}", {"x": "{{$x := 1}}{{$x := 2}}"}],
  ["{{$x, $y := 1}}", "template: x:1: too many declarations in command"],
  ["{{range $x, 1}}{{end}}", "template: x:1: range can only initialize variables"],
  ["{{range $x := .}}{{$x}}{{end}}{{$x}}", "template: x:1: undefined variable \"$x\""],
  ["{{with $x := .}}{{$x}}{{else}}{{$x}}{{end}}", {"x": "{{with $x := .}}{{$x}}{{else}}{{$x}}{{end}}"}],
  ["{{if $x := .}}{{else if $y := .}}{{$x}}{{$y}}{{end}}{{$y}}", "template: x:1: undefined variable \"$y\""],
  ["{{$x = 1}}", {"x": "{{$x = 1}}"}],
  ["{{$x := 1}}{{$x = 2}}", {"x": "{{$x := 1}}{{$x = 2}}"}],
  ["{{$x:=1}}{{$x}}", {"x": "{{$x := 1}}{{$x}}"}],
  ["{{ ($x := 1) }}{{$x}}", {"x": "{{($x := 1)}}{{$x}}"}],
  ["{{ ( ) }}", "template: x:1: missing value for parenthesized pipeline"],
  ["{{break}}", "template: x:1: {{break}} outside {{range}}"],
  ["{{continue}}", "template: x:1: {{continue}} outside {{range}}"],
  ["{{range .}}{{if .}}{{break}}{{end}}{{end}}", {"x": "{{range .}}{{if .}}{{break}}{{end}}{{end}}"}],
  ["{{range .}}{{break 1}}{{end}}", "template: x:1: unexpected \"1\" in {{break}}"],
  ["{{range .}}{{continue x}}{{end}}", "template: x:1: unexpected \"x\" in {{continue}}"],
  ["{{range .}}{{block \"b\" .}}{{break}}{{end}}{{end}}", "template: x:1: {{break}} outside {{range}}"],
  ["{{range .}}{{define \"b\"}}{{end}}{{end}}", "template: x:1: unexpected <define> in command"],
  ["{{define \"a\"}}{{end}}", {"a": "", "x": ""}],
  ["{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}", "template: x:1: template: multiple definition of template \"a\""],
  ["{{define \"a\"}}x{{end}}{{define \"a\"}} {{end}}", {"a": "x", "x": ""}],
  ["{{define \"a\"}} {{end}}{{define \"a\"}}y{{end}}", {"a": "y", "x": ""}],
  ["{{define \"x\"}}y{{end}}x", "template: x:1: template: multiple definition of template \"x\""],
  ["{{define \"x\"}}y{{end}} ", {"x": "y"}],
  ["{{define x}}{{end}}", "template: x:1: unexpected \"x\" in define clause"],
  ["{{define \"x\" 1}}{{end}}", "template: x:1: unexpected \"1\" in define clause"],
  ["{{define \"x\"}}{{else}}{{end}}", "template: x:1: unexpected {{else}} in define clause"],
  ["{{define \"x\"}}", "template: x:1: unexpected EOF"],
  ["{{define}}", "template: x:1: unexpected \"}}\" in define clause"],
  ["{{- define \"x\" -}} a {{- end -}}", {"x": "a"}],
  ["a\n{{define \"x\"}}\n{{else}}\n{{end}}", "template: x:3: unexpected {{else}} in define clause"],
  ["{{define \"\\q\"}}{{end}}", "template: x:1: invalid syntax"],
  ["{{block \"x\" .}}a{{end}}", "template: x:1: template: multiple definition of template \"x\""],
  ["{{block x .}}a{{end}}", "template: x:1: unexpected \"x\" in block clause"],
  ["a\n{{block \"x\" .}}\na\n{{else}}\nb{{end}}", "template: x:2: unexpected {{else}} in block clause"],
  ["{{block \"x\" .}}a", "template: x:1: unexpected EOF"],
  ["{{$x := 1}}{{block \"x\" $x}}{{$x}}{{end}}", "template: x:1: undefined variable \"$x\""],
  ["{{define \"x\"}}a{{end}}{{block \"x\" .}}b{{end}}", "template: x:1: template: multiple definition of template \"x\""],
  ["{{template \"x\" . | printf}}", {"x": "{{template \"x\" . | printf}}"}],
  ["{{template}}", "template: x:1: unexpected \"}}\" in template clause"],
  ["{{template `x` 1 2}}", {"x": "{{template \"x\" 1 2}}"}],
  ["{{template \"\\u00e9\"}}", {"x": "{{template \"é\"}}"}],
  ["{{if}}{{end}}", "template: x:1: missing value for if"],
  ["{{if .}}{{else}}", "template: x:1: unexpected EOF"],
  ["{{if .}}{{else if}}{{end}}", "template: x:1: missing value for if"],
  ["{{if .}}{{else with .}}{{end}}", "template: x:1: unexpected <with> in input"],
  ["{{with .}}{{else if .}}{{end}}", "template: x:1: unexpected <if> in input"],
  ["{{range .}}{{else if .}}{{end}}", "template: x:1: unexpected <if> in input"],
  ["{{if .}}{{else if .}}{{else if .}}{{else}}{{end}}", {"x": "{{if .}}{{else}}{{if .}}{{else}}{{if .}}{{else}}{{end}}{{end}}{{end}}"}],
  ["{{with .}}{{else with .}}{{else}}{{end}}", {"x": "{{with .}}{{else}}{{with .}}{{else}}{{end}}{{end}}"}],
  ["{{else if .}}", "template: x:1: unexpected {{else}}"],
  ["{{if .}}{{else x}}{{end}}", "template: x:1: unexpected \"x\" in else"],
  ["{{if .}}{{end x}}", "template: x:1: unexpected \"x\" in end"],
  ["{{range $i, $v := .}}{{$i}}{{$v}}{{end}}", {"x": "{{range $i, $v := .}}{{$i}}{{$v}}{{end}}"}],
  ["{{range $i, $v = .}}{{end}}", {"x": "{{range $i, $v = .}}{{end}}"}],
  ["{{range $i, := .}}{{end}}", "template: x:1: range can only initialize variables"],
  ["é{{.x}}\n日本{{.y | printf \"😀\"}}", {"x": "é{{.x}}\n日本{{.y | printf \"😀\"}}"}],
  ["😀{{1}}{{", "template: x:1: unclosed action"],
  ["{{.a😀}}", "template: x:1: bad character U+1F600 '😀'"],
  ["{{😀}}", "template: x:1: unrecognized character in action: U+1F600 '😀'"],
  ["{{ }}", "template: x:1: unrecognized character in action: U+00A0"],
  ["{{a٣}}", "template: x:1: function \"a٣\" not defined"],
  ["{{\u0001}}", "template: x:1: unrecognized character in action: U+0001"],
  ["{{-3}}", {"x": "{{-3}}"}],
  ["{{3-}}", "template: x:1: bad number syntax: \"3-\""],
  ["x {{-3}}", {"x": "x {{-3}}"}],
  ["{{3-}} x", "template: x:1: bad number syntax: \"3-\""],
  ["x\n\n {{- . -}} \n\ny", {"x": "x{{.}}y"}],
  ["{{- -}}", "template: x:1: illegal number syntax: \"-\""],
  ["{{ 1 - }}", "template: x:1: illegal number syntax: \"-\""],
  ["{{(1 -}}", "template: x:1: unclosed left paren"],
  ["{{-/**/-}}", "template: x:1: illegal number syntax: \"-\""],
  ["{{- /* */-}}", "template: x:1: comment ends before closing delimiter"],
  ["{{/* */x}}", "template: x:1: comment ends before closing delimiter"],
  ["{{'a}}", "template: x:1: unterminated character constant"],
  ["{{\"\\", "template: x:1: unterminated quoted string"],
  ["{{`", "template: x:1: unterminated raw quoted string"],
  ["{{\"a\nb\"}}", "template: x:1: unterminated quoted string"],
  ["{{'\n'}}", "template: x:1: unterminated character constant"],
  ["{{`a\nb`}}", {"x": "{{`a\nb`}}"}],
  ["{{\"\\q\"}}", "template: x:1: invalid syntax"],
  ["{{'ab'}}", "template: x:1: malformed character constant: 'ab'"],
  ["{{''}}", "template: x:1: invalid syntax"],
  ["{{'\\400'}}", "template: x:1: invalid syntax"],
  ["{{.x:=1}}", "template: x:1: unexpected \":=\" in operand"],
  ["{{$x:1}}", "template: x:1: undefined variable \"$x\""],
  ["{{=}}", "template: x:1: unexpected \"=\" in command"],
  ["{{#}}", "template: x:1: unexpected \"#\" in command"],
  ["{{printf,}}", "template: x:1: unexpected \",\" in operand"],
  ["{{$x,$y:=.}}", "template: x:1: too many declarations in command"],
  ["{{(1}}", "template: x:1: unclosed left paren"],
  ["{{1)}}", "template: x:1: unexpected right paren"],
  ["{{((1)", "template: x:1: unclosed action"],
  ["a\n{{if\n.x\n}}\n{{else}}", "template: x:5: unexpected EOF"],
  ["{{printf \"%d\" 1_000 0x1F 0o17 017 0b101 1e3 0x1p-2 1i 1+2i 'a'}}", {"x": "{{printf \"%d\" 1_000 0x1F 0o17 017 0b101 1e3 0x1p-2 1i 1+2i 'a'}}"}],
  ["{{1__0}}", "template: x:1: illegal number syntax: \"1__0\""],
  ["{{089}}", "template: x:1: integer overflow: \"089\""],
  ["{{18446744073709551616}}", "template: x:1: integer overflow: \"18446744073709551616\""],
  ["{{0x10000000000000000}}", "template: x:1: illegal number syntax: \"0x10000000000000000\""],
  ["{{1e400}}", "template: x:1: illegal number syntax: \"1e400\""],
  ["{{0x1+2i}}", "template: x:1: strconv.ParseFloat: parsing \"0x1\": invalid syntax"],
  ["{{1+i}}", "template: x:1: syntax error scanning complex number"],
  ["{{1.a}}", "template: x:1: bad number syntax: \"1.a\""],
  ["{{\"x\".y}}", "template: x:1: unexpected . after term \"\\\"x\\\"\""],
  ["{{0x}}", "template: x:1: illegal number syntax: \"0x\""],
  ["{{+}}", "template: x:1: illegal number syntax: \"+\""],
];

/** text → [isInt, isUint, isFloat, isComplex, int64, uint64, float64, real, imag] or Go's error message. */
const NUMBER_CASES: [text: string, expected: string | [boolean, boolean, boolean, boolean, bigint, bigint, number, number, number]][] = [
  ["0", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["-0", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["+0", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["73", [true, true, true, false, 73n, 73n, 73, 0, 0]],
  ["7_3", [true, true, true, false, 73n, 73n, 73, 0, 0]],
  ["0b10_010_01", [true, true, true, false, 73n, 73n, 73, 0, 0]],
  ["073", [true, true, true, false, 59n, 59n, 59, 0, 0]],
  ["0o73", [true, true, true, false, 59n, 59n, 59, 0, 0]],
  ["0x73", [true, true, true, false, 115n, 115n, 115, 0, 0]],
  ["0x7_3", [true, true, true, false, 115n, 115n, 115, 0, 0]],
  ["-73", [true, false, true, false, -73n, 0n, -73, 0, 0]],
  ["+73", [true, false, true, false, 73n, 0n, 73, 0, 0]],
  ["1e9", [true, true, true, false, 1000000000n, 1000000000n, 1000000000, 0, 0]],
  ["-1e9", [true, false, true, false, -1000000000n, 0n, -1000000000, 0, 0]],
  ["-1.2", [false, false, true, false, 0n, 0n, -1.2, 0, 0]],
  ["1e19", [false, true, true, false, 0n, 10000000000000000000n, 10000000000000000000, 0, 0]],
  ["1e1_9", [false, true, true, false, 0n, 10000000000000000000n, 10000000000000000000, 0, 0]],
  ["-1e19", [false, false, true, false, 0n, 0n, -10000000000000000000, 0, 0]],
  ["0x_1p4", [true, true, true, false, 16n, 16n, 16, 0, 0]],
  ["0x_1p-4", [false, false, true, false, 0n, 0n, 0.0625, 0, 0]],
  ["4i", [false, false, false, true, 0n, 0n, 0, 0, 4]],
  ["-1.2+4.2i", [false, false, false, true, 0n, 0n, 0, -1.2, 4.2]],
  ["073i", [false, false, false, true, 0n, 0n, 0, 0, 73]],
  ["0i", [true, true, true, true, 0n, 0n, 0, 0, 0]],
  ["-1.2+0i", [false, false, true, true, 0n, 0n, -1.2, -1.2, 0]],
  ["-12+0i", [true, false, true, true, -12n, 0n, -12, -12, 0]],
  ["13+0i", [true, true, true, true, 13n, 13n, 13, 13, 0]],
  ["0123", [true, true, true, false, 83n, 83n, 83, 0, 0]],
  ["-0x0", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["0xdeadbeef", [true, true, true, false, 3735928559n, 3735928559n, 3735928559, 0, 0]],
  ["'a'", [true, true, true, false, 97n, 97n, 97, 0, 0]],
  ["'\\n'", [true, true, true, false, 10n, 10n, 10, 0, 0]],
  ["'\\\\'", [true, true, true, false, 92n, 92n, 92, 0, 0]],
  ["'\\''", [true, true, true, false, 39n, 39n, 39, 0, 0]],
  ["'\\xFF'", [true, true, true, false, 255n, 255n, 255, 0, 0]],
  ["'パ'", [true, true, true, false, 12497n, 12497n, 12497, 0, 0]],
  ["'\\u30d1'", [true, true, true, false, 12497n, 12497n, 12497, 0, 0]],
  ["'\\U000030d1'", [true, true, true, false, 12497n, 12497n, 12497, 0, 0]],
  ["'😀'", [true, true, true, false, 128512n, 128512n, 128512, 0, 0]],
  ["+-2", "bad number syntax: \"+-2\""],
  ["0x123.", "illegal number syntax: \"0x123.\""],
  ["1e.", "illegal number syntax: \"1e\""],
  ["0xi.", "illegal number syntax: \"0xi\""],
  ["1+2.", "bad number syntax: \"1+2.\""],
  ["'xx'", "malformed character constant: 'xx'"],
  ["'433937734937734969526500969526500'", "malformed character constant: '433937734937734969526500969526500'"],
  ["0xef", [true, true, true, false, 239n, 239n, 239, 0, 0]],
  ["9223372036854775807", [true, true, true, false, 9223372036854775807n, 9223372036854775807n, 9223372036854776000, 0, 0]],
  ["9223372036854775808", [false, true, true, false, 0n, 9223372036854775808n, 9223372036854776000, 0, 0]],
  ["-9223372036854775808", [true, false, true, false, -9223372036854775808n, 0n, -9223372036854776000, 0, 0]],
  ["-9223372036854775809", "integer overflow: \"-9223372036854775809\""],
  ["18446744073709551615", [false, true, true, false, 0n, 18446744073709551615n, 18446744073709552000, 0, 0]],
  ["18446744073709551616", "integer overflow: \"18446744073709551616\""],
  ["0x8000000000000000", [false, true, true, false, 0n, 9223372036854775808n, 9223372036854776000, 0, 0]],
  ["9.223372036854775807e18", [false, true, true, false, 0n, 9223372036854775808n, 9223372036854776000, 0, 0]],
  ["1.8446744073709551616e19", [false, false, true, false, 0n, 0n, 18446744073709552000, 0, 0]],
  ["2e19", [false, false, true, false, 0n, 0n, 20000000000000000000, 0, 0]],
  ["-9.223372036854775808e18", [true, false, true, false, -9223372036854775808n, 0n, -9223372036854776000, 0, 0]],
  ["1.7976931348623157e308", [false, false, true, false, 0n, 0n, 1.7976931348623157e+308, 0, 0]],
  ["1e309", "illegal number syntax: \"1e309\""],
  ["4.9e-324", [false, false, true, false, 0n, 0n, 5e-324, 0, 0]],
  ["2e-324", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["1e-400", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["0.1", [false, false, true, false, 0n, 0n, 0.1, 0, 0]],
  ["0x1p-1074", [false, false, true, false, 0n, 0n, 5e-324, 0, 0]],
  ["0x1p-1075", [true, true, true, false, 0n, 0n, 0, 0, 0]],
  ["0x1.8p-1074", [false, false, true, false, 0n, 0n, 1e-323, 0, 0]],
  ["0x1.fffffffffffff8p1023", "illegal number syntax: \"0x1.fffffffffffff8p1023\""],
  ["0x123456789abcdef0123p0", [false, false, true, false, 0n, 0n, 5.373003642731685e+21, 0, 0]],
  ["0x.8p1", [true, true, true, false, 1n, 1n, 1, 0, 0]],
  ["0xp1", "illegal number syntax: \"0xp1\""],
  ["0x1__0p1", "illegal number syntax: \"0x1__0p1\""],
  ["1e-5_0", [false, false, true, false, 0n, 0n, 1e-50, 0, 0]],
  ["1_e5", "illegal number syntax: \"1_e5\""],
  ["1._5", "illegal number syntax: \"1._5\""],
  ["0_7", [true, true, true, false, 7n, 7n, 7, 0, 0]],
  ["08", "integer overflow: \"08\""],
  ["0o", "illegal number syntax: \"0o\""],
  ["0b2", "bad number syntax: \"0b2\""],
  ["0x_", "illegal number syntax: \"0x_\""],
  ["00.5", [false, false, true, false, 0n, 0n, 0.5, 0, 0]],
  [".5", [false, false, true, false, 0n, 0n, 0.5, 0, 0]],
  ["5.", [true, true, true, false, 5n, 5n, 5, 0, 0]],
  ["1.5e3i", [false, false, false, true, 0n, 0n, 0, 0, 1500]],
  ["0x1p2i", [false, false, false, true, 0n, 0n, 0, 0, 4]],
  ["1i+2i", "syntax error scanning complex number"],
  ["1+i", "syntax error scanning complex number"],
  ["1+0x2i", "strconv.ParseFloat: parsing \"+0x2\": invalid syntax"],
  ["0x1p1+0x2p0i", [false, false, false, true, 0n, 0n, 0, 2, 2]],
  ["1e400+1i", "strconv.ParseFloat: parsing \"1e400\": value out of range"],
  ["0o7+1i", "syntax error scanning complex number"],
  ["1e19+0i", [false, true, true, true, 0n, 10000000000000000000n, 10000000000000000000, 10000000000000000000, 0]],
  ["9223372036854775808+0i", [false, true, true, true, 0n, 9223372036854775808n, 9223372036854776000, 9223372036854776000, 0]],
  ["'\\x'", "invalid syntax"],
  ["'\\101'", [true, true, true, false, 65n, 65n, 65, 0, 0]],
  ["'\\400'", "invalid syntax"],
  ["'\\uD800'", "invalid syntax"],
  ["'\\U00110000'", "invalid syntax"],
  ["'\\q'", "invalid syntax"],
  ["'\\\"'", "invalid syntax"],
];

const UNQUOTE_CASES: [quoted: string, expected: string | null][] = [
  ["\"abc\"", "abc"],
  ["\"a\\tb\"", "a\tb"],
  ["\"\\x41\\x42\"", "AB"],
  ["\"\\xc3\\xa9\"", "é"],
  ["\"\\u00e9\"", "é"],
  ["\"\\U0001F600\"", "😀"],
  ["\"\\101\\102\"", "AB"],
  ["\"\\q\"", null],
  ["\"\\x4\"", null],
  ["\"\\uD800\"", null],
  ["\"é\\n\"", "é\n"],
  ["\"\\'\"", null],
  ["\"\\\"\"", "\""],
  ["`a\\nb`", "a\\nb"],
  ["`a\r\nb`", "a\nb"],
  ["\"\\a\\b\\f\\v\\r\"", "\u0007\b\f\u000b\r"],
  ["\"\\000\"", "\u0000"],
  ["\"\\400\"", null],
  ["\"\"", ""],
  ["``", ""],
  ["\"😀\"", "😀"],

  ["'a'", "a"],
  ["'\\''", "'"],
  ["''", ""],
  ["'ab'", null],
  ["'\\x41'", "A"],
  ["'é'", "é"],
  ["'\"'", "\""],
  ["\"'\"", "'"],
];

/** Preorder walk of each tree: type@pos (UTF-16) and :line where the node has one. */
const POSITION_CASES: [input: string, expected: Record<string, string>][] = [
  ["é{{.x}}\n日本{{.y | printf \"😀\" $}}", {"x": "list@0 text@0 action@3:1 pipe@3:1 command@3 field@3 text@7 action@12:2 pipe@12:2 command@12 field@12 command@17 identifier@17 string@24 variable@29"}],
  ["{{if .a}}\n{{range $i, $v := .b}}{{$v.c}}{{break}}{{end}}\n{{else if .d}}{{template \"t\" .}}{{end}}", {"x": "list@0 if@5:1 pipe@5:1 command@5 field@5 list@9 text@9 range@18:2 pipe@18:2 variable@18 variable@22 command@28 field@28 list@32 action@34:2 pipe@34:2 command@34 variable@36 break@42:2 text@56 list@64 if@67:3 pipe@67:3 command@67 field@67 list@71 template@82:3 pipe@86:3 command@86 dot@86"}],
  ["{{(.a).b}} {{$x := 1}}{{$x.y.z}} {{.p.q}}", {"x": "list@0 action@2:1 pipe@2:1 command@2 chain@6 pipe@3:1 command@3 field@3 text@10 action@13:1 pipe@13:1 variable@13 command@19 number@19 action@24:1 pipe@24:1 command@24 variable@26 text@32 action@35:1 pipe@35:1 command@35 field@37"}],
  ["😀\n{{with .}}x{{else with 1}}y{{else}}z{{end}}{{block \"b\" 1+2i}}😀{{'a'}}{{end}}", {"b": "list@64 text@64 action@68:2 pipe@68:2 command@68 number@68", "x": "list@0 text@0 with@10:2 pipe@10:2 command@10 dot@10 list@13 text@13 list@21 with@26:2 pipe@26:2 command@26 number@26 list@29 text@29 list@38 text@38 template@54:2 pipe@58:2 command@58 number@58"}],
  ["a\n{{- /* c */ -}}\n{{1}}", {"x": "list@0 text@0 comment@6 action@20:3 pipe@20:3 command@20 number@20"}],
];
