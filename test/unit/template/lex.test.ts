import { test } from "node:test";
import assert from "node:assert/strict";
import { itemString, lex, type Item } from "../../../src/template/lex.ts";

// Expected items were produced by Go 1.26's text/template/parse lexer for the
// same inputs (Go's own lex tests plus extra cases); positions are converted
// from Go's byte offsets to UTF-16 offsets.

function collect(input: string, opts: Partial<LexCase> = {}): Item[] {
  const l = lex("test", input, opts.left ?? "", opts.right ?? "");
  l.options = {
    emitComment: opts.emitComment === true,
    breakOK: opts.breakOK === true,
    continueOK: opts.continueOK === true,
  };
  const items: Item[] = [];
  for (let n = 0; n < 100_000; n++) {
    const item = l.nextItem();
    items.push(item);
    if (item.typ === "EOF" || item.typ === "error") return items;
  }
  throw new Error(`lexer did not terminate on ${JSON.stringify(input)}`);
}

test("lexes exactly as Go (types, values, positions, lines)", () => {
  for (const c of LEX_CASES) {
    const got = collect(c.input, c).map((i) => [i.typ, i.val, i.pos, i.line]);
    assert.deepEqual(got, c.items, `input ${JSON.stringify(c.input)}`);
  }
});

test("item strings in error messages match Go's item.String()", () => {
  const got = collect(ITEM_STRINGS.input, { emitComment: true }).map(itemString);
  assert.deepEqual(got, ITEM_STRINGS.strings);
});

test("default delimiters are used when given empty strings", () => {
  const l = lex("t", "a{{.}}b", "", "");
  assert.equal(l.leftDelim, "{{");
  assert.equal(l.rightDelim, "}}");
});

test("break and continue are keywords only when allowed", () => {
  const types = (breakOK: boolean) => collect("{{break}}{{continue}}", { breakOK, continueOK: breakOK }).map((i) => i.typ);
  assert.deepEqual(types(true), ["leftDelim", "break", "rightDelim", "leftDelim", "continue", "rightDelim", "EOF"]);
  assert.deepEqual(types(false), ["leftDelim", "identifier", "rightDelim", "leftDelim", "identifier", "rightDelim", "EOF"]);
});

test("comments are emitted only on request", () => {
  assert.deepEqual(
    collect("a{{/* c */}}b").map((i) => i.typ),
    ["text", "text", "EOF"],
  );
  assert.deepEqual(
    collect("a{{/* c */}}b", { emitComment: true }).map((i) => [i.typ, i.val]),
    [
      ["text", "a"],
      ["comment", "/* c */"],
      ["text", "b"],
      ["EOF", ""],
    ],
  );
});

/** A small deterministic PRNG (LCG) so that failures are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

const FRAGMENTS = [
  "{{", "}}", "{{- ", " -}}", "-", " ", "\n", "\t", "\r", "/*", "*/", "\"", "'", "`", "\\", "(", ")", "|", ":=", "=", ",", "$", ".",
  "x", "if", "else", "end", "range", "break", "1", "0x", "1e", "+", "i", "_", "é", "😀", "\u0001", "{", "}", "#",
];

test("fuzz: the lexer always terminates, with consistent positions and lines", () => {
  const rnd = prng(42);
  for (let n = 0; n < 3000; n++) {
    let input = "";
    const len = Math.floor(rnd() * 20);
    for (let k = 0; k < len; k++) input += FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)] ?? "";
    const items = collect(input, { emitComment: rnd() < 0.5, breakOK: true, continueOK: true });
    let last = 0;
    for (const item of items) {
      assert.ok(item.pos >= last || item.typ === "error", `positions go backwards in ${JSON.stringify(input)}`);
      last = item.pos;
      assert.equal(item.line, 1 + (input.slice(0, item.pos).match(/\n/g)?.length ?? 0), `line of ${JSON.stringify(item)} in ${JSON.stringify(input)}`);
      if (item.typ !== "error" && item.typ !== "EOF") {
        assert.equal(input.slice(item.pos, item.pos + item.val.length), item.val);
      }
    }
  }
});

interface LexCase { input: string; left?: string; right?: string; emitComment?: boolean; breakOK?: boolean; continueOK?: boolean; items: [typ: string, val: string, pos: number, line: number][] }

const LEX_CASES: LexCase[] = [
  { input: "", emitComment: true, breakOK: true, continueOK: true, items: [["EOF", "", 0, 1]] },
  { input: " \t\n", emitComment: true, breakOK: true, continueOK: true, items: [["text", " \t\n", 0, 1], ["EOF", "", 3, 2]] },
  { input: "now is the time", emitComment: true, breakOK: true, continueOK: true, items: [["text", "now is the time", 0, 1], ["EOF", "", 15, 1]] },
  { input: "hello-{{/* this is a comment */}}-world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-", 0, 1], ["comment", "/* this is a comment */", 8, 1], ["text", "-world", 33, 1], ["EOF", "", 39, 1]] },
  { input: "{{,@% }}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["char", ",", 2, 1], ["char", "@", 3, 1], ["char", "%", 4, 1], ["space", " ", 5, 1], ["rightDelim", "}}", 6, 1], ["EOF", "", 8, 1]] },
  { input: "{{((3))}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["leftParen", "(", 3, 1], ["number", "3", 4, 1], ["rightParen", ")", 5, 1], ["rightParen", ")", 6, 1], ["rightDelim", "}}", 7, 1], ["EOF", "", 9, 1]] },
  { input: "{{}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["rightDelim", "}}", 2, 1], ["EOF", "", 4, 1]] },
  { input: "{{for}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["identifier", "for", 2, 1], ["rightDelim", "}}", 5, 1], ["EOF", "", 7, 1]] },
  { input: "{{block \"foo\" .}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["block", "block", 2, 1], ["space", " ", 7, 1], ["string", "\"foo\"", 8, 1], ["space", " ", 13, 1], ["dot", ".", 14, 1], ["rightDelim", "}}", 15, 1], ["EOF", "", 17, 1]] },
  { input: "{{\"abc \\n\\t\\\" \"}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["string", "\"abc \\n\\t\\\" \"", 2, 1], ["rightDelim", "}}", 15, 1], ["EOF", "", 17, 1]] },
  { input: "{{`abc\\n\\t\\\" `}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["rawString", "`abc\\n\\t\\\" `", 2, 1], ["rightDelim", "}}", 14, 1], ["EOF", "", 16, 1]] },
  { input: "{{`now is{{\n}}the time`}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["rawString", "`now is{{\n}}the time`", 2, 1], ["rightDelim", "}}", 23, 2], ["EOF", "", 25, 2]] },
  { input: "{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["number", "1", 2, 1], ["space", " ", 3, 1], ["number", "02", 4, 1], ["space", " ", 6, 1], ["number", "0x14", 7, 1], ["space", " ", 11, 1], ["number", "0X14", 12, 1], ["space", " ", 16, 1], ["number", "-7.2i", 17, 1], ["space", " ", 22, 1], ["number", "1e3", 23, 1], ["space", " ", 26, 1], ["number", "1E3", 27, 1], ["space", " ", 30, 1], ["number", "+1.2e-4", 31, 1], ["space", " ", 38, 1], ["number", "4.2i", 39, 1], ["space", " ", 43, 1], ["complex", "1+2i", 44, 1], ["space", " ", 48, 1], ["number", "1_2", 49, 1], ["space", " ", 52, 1], ["number", "0x1.e_fp4", 53, 1], ["space", " ", 62, 1], ["number", "0X1.E_FP4", 63, 1], ["rightDelim", "}}", 72, 1], ["EOF", "", 74, 1]] },
  { input: "{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["charConstant", "'a'", 2, 1], ["space", " ", 5, 1], ["charConstant", "'\\n'", 6, 1], ["space", " ", 10, 1], ["charConstant", "'\\''", 11, 1], ["space", " ", 15, 1], ["charConstant", "'\\\\'", 16, 1], ["space", " ", 20, 1], ["charConstant", "'\\u00FF'", 21, 1], ["space", " ", 29, 1], ["charConstant", "'\\xFF'", 30, 1], ["space", " ", 36, 1], ["charConstant", "'本'", 37, 1], ["rightDelim", "}}", 40, 1], ["EOF", "", 42, 1]] },
  { input: "{{true false}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["bool", "true", 2, 1], ["space", " ", 6, 1], ["bool", "false", 7, 1], ["rightDelim", "}}", 12, 1], ["EOF", "", 14, 1]] },
  { input: "{{.}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["dot", ".", 2, 1], ["rightDelim", "}}", 3, 1], ["EOF", "", 5, 1]] },
  { input: "{{nil}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["nil", "nil", 2, 1], ["rightDelim", "}}", 5, 1], ["EOF", "", 7, 1]] },
  { input: "{{.x . .2 .x.y.z}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["field", ".x", 2, 1], ["space", " ", 4, 1], ["dot", ".", 5, 1], ["space", " ", 6, 1], ["number", ".2", 7, 1], ["space", " ", 9, 1], ["field", ".x", 10, 1], ["field", ".y", 12, 1], ["field", ".z", 14, 1], ["rightDelim", "}}", 16, 1], ["EOF", "", 18, 1]] },
  { input: "{{range if else end with}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["range", "range", 2, 1], ["space", " ", 7, 1], ["if", "if", 8, 1], ["space", " ", 10, 1], ["else", "else", 11, 1], ["space", " ", 15, 1], ["end", "end", 16, 1], ["space", " ", 19, 1], ["with", "with", 20, 1], ["rightDelim", "}}", 24, 1], ["EOF", "", 26, 1]] },
  { input: "{{$c := printf $ $hello $23 $ $var.Field .Method}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["variable", "$c", 2, 1], ["space", " ", 4, 1], ["declare", ":=", 5, 1], ["space", " ", 7, 1], ["identifier", "printf", 8, 1], ["space", " ", 14, 1], ["variable", "$", 15, 1], ["space", " ", 16, 1], ["variable", "$hello", 17, 1], ["space", " ", 23, 1], ["variable", "$23", 24, 1], ["space", " ", 27, 1], ["variable", "$", 28, 1], ["space", " ", 29, 1], ["variable", "$var", 30, 1], ["field", ".Field", 34, 1], ["space", " ", 40, 1], ["field", ".Method", 41, 1], ["rightDelim", "}}", 48, 1], ["EOF", "", 50, 1]] },
  { input: "{{$x 23}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["variable", "$x", 2, 1], ["space", " ", 4, 1], ["number", "23", 5, 1], ["rightDelim", "}}", 7, 1], ["EOF", "", 9, 1]] },
  { input: "intro {{echo hi 1.2 |noargs|args 1 \"hi\"}} outro", emitComment: true, breakOK: true, continueOK: true, items: [["text", "intro ", 0, 1], ["leftDelim", "{{", 6, 1], ["identifier", "echo", 8, 1], ["space", " ", 12, 1], ["identifier", "hi", 13, 1], ["space", " ", 15, 1], ["number", "1.2", 16, 1], ["space", " ", 19, 1], ["pipe", "|", 20, 1], ["identifier", "noargs", 21, 1], ["pipe", "|", 27, 1], ["identifier", "args", 28, 1], ["space", " ", 32, 1], ["number", "1", 33, 1], ["space", " ", 34, 1], ["string", "\"hi\"", 35, 1], ["rightDelim", "}}", 39, 1], ["text", " outro", 41, 1], ["EOF", "", 47, 1]] },
  { input: "{{$v := 3}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["variable", "$v", 2, 1], ["space", " ", 4, 1], ["declare", ":=", 5, 1], ["space", " ", 7, 1], ["number", "3", 8, 1], ["rightDelim", "}}", 9, 1], ["EOF", "", 11, 1]] },
  { input: "{{$v , $w := 3}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["variable", "$v", 2, 1], ["space", " ", 4, 1], ["char", ",", 5, 1], ["space", " ", 6, 1], ["variable", "$w", 7, 1], ["space", " ", 9, 1], ["declare", ":=", 10, 1], ["space", " ", 12, 1], ["number", "3", 13, 1], ["rightDelim", "}}", 14, 1], ["EOF", "", 16, 1]] },
  { input: "{{(.X).Y}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["field", ".X", 3, 1], ["rightParen", ")", 5, 1], ["field", ".Y", 6, 1], ["rightDelim", "}}", 8, 1], ["EOF", "", 10, 1]] },
  { input: "hello- {{- 3 -}} -world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-", 0, 1], ["leftDelim", "{{", 7, 1], ["number", "3", 11, 1], ["rightDelim", "}}", 14, 1], ["text", "-world", 17, 1], ["EOF", "", 23, 1]] },
  { input: "hello- {{- /* hello */ -}} -world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-", 0, 1], ["comment", "/* hello */", 11, 1], ["text", "-world", 27, 1], ["EOF", "", 33, 1]] },
  { input: "#{{\u0001}}", emitComment: true, breakOK: true, continueOK: true, items: [["text", "#", 0, 1], ["leftDelim", "{{", 1, 1], ["error", "unrecognized character in action: U+0001", 3, 1]] },
  { input: "{{", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["error", "unclosed action", 2, 1]] },
  { input: "{{range", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["range", "range", 2, 1], ["error", "unclosed action", 7, 1]] },
  { input: "{{\"\n\"}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["error", "unterminated quoted string", 2, 1]] },
  { input: "{{`xx}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["error", "unterminated raw quoted string", 2, 1]] },
  { input: "{{'\n}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["error", "unterminated character constant", 2, 1]] },
  { input: "{{3k}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"3k\"", 2, 1]] },
  { input: "{{(3}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["number", "3", 3, 1], ["error", "unclosed left paren", 4, 1]] },
  { input: "{{3)}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["number", "3", 2, 1], ["error", "unexpected right paren", 3, 1]] },
  { input: "{{|||||}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["pipe", "|", 2, 1], ["pipe", "|", 3, 1], ["pipe", "|", 4, 1], ["pipe", "|", 5, 1], ["pipe", "|", 6, 1], ["rightDelim", "}}", 7, 1], ["EOF", "", 9, 1]] },
  { input: "hello-{{/*/}}-world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-", 0, 1], ["error", "unclosed comment", 8, 1]] },
  { input: "hello-{{/* */ }}-world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-", 0, 1], ["error", "comment ends before closing delimiter", 8, 1]] },
  { input: "hello-{.}}-world", emitComment: true, breakOK: true, continueOK: true, items: [["text", "hello-{.}}-world", 0, 1], ["EOF", "", 16, 1]] },
  { input: "", emitComment: true, breakOK: true, continueOK: true, items: [["EOF", "", 0, 1]] },
  { input: "{{,@%#}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["char", ",", 2, 1], ["char", "@", 3, 1], ["char", "%", 4, 1], ["char", "#", 5, 1], ["rightDelim", "}}", 6, 1], ["EOF", "", 8, 1]] },
  { input: "0123{{hello}}xyz", emitComment: true, breakOK: true, continueOK: true, items: [["text", "0123", 0, 1], ["leftDelim", "{{", 4, 1], ["identifier", "hello", 6, 1], ["rightDelim", "}}", 11, 1], ["text", "xyz", 13, 1], ["EOF", "", 16, 1]] },
  { input: "{{x -}}\n{{y}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["identifier", "x", 2, 1], ["rightDelim", "}}", 5, 1], ["leftDelim", "{{", 8, 2], ["identifier", "y", 10, 2], ["rightDelim", "}}", 11, 2], ["EOF", "", 13, 2]] },
  { input: "{{x}}\n{{- y}}", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "{{", 0, 1], ["identifier", "x", 2, 1], ["rightDelim", "}}", 3, 1], ["leftDelim", "{{", 6, 2], ["identifier", "y", 10, 2], ["rightDelim", "}}", 11, 2], ["EOF", "", 13, 2]] },
  { input: "{{/*\n*/}}\n{{undefinedFunction \"test\"}}", emitComment: true, breakOK: true, continueOK: true, items: [["comment", "/*\n*/", 2, 1], ["text", "\n", 9, 2], ["leftDelim", "{{", 10, 3], ["identifier", "undefinedFunction", 12, 3], ["space", " ", 29, 3], ["string", "\"test\"", 30, 3], ["rightDelim", "}}", 36, 3], ["EOF", "", 38, 3]] },
  { input: "$$,@%{{}}@@", left: "$$", right: "@@", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "$$", 0, 1], ["char", ",", 2, 1], ["char", "@", 3, 1], ["char", "%", 4, 1], ["char", "{", 5, 1], ["char", "{", 6, 1], ["char", "}", 7, 1], ["char", "}", 8, 1], ["rightDelim", "@@", 9, 1], ["EOF", "", 11, 1]] },
  { input: "$$@@", left: "$$", right: "@@", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "$$", 0, 1], ["rightDelim", "@@", 2, 1], ["EOF", "", 4, 1]] },
  { input: "$$for@@", left: "$$", right: "@@", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "$$", 0, 1], ["identifier", "for", 2, 1], ["rightDelim", "@@", 5, 1], ["EOF", "", 7, 1]] },
  { input: "$$\"abc \\n\\t\\\" \"@@", left: "$$", right: "@@", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "$$", 0, 1], ["string", "\"abc \\n\\t\\\" \"", 2, 1], ["rightDelim", "@@", 15, 1], ["EOF", "", 17, 1]] },
  { input: "$$`abc\\n\\t\\\" `@@", left: "$$", right: "@@", emitComment: true, breakOK: true, continueOK: true, items: [["leftDelim", "$$", 0, 1], ["rawString", "`abc\\n\\t\\\" `", 2, 1], ["rightDelim", "@@", 14, 1], ["EOF", "", 16, 1]] },
  { input: "{{break continue}}", items: [["leftDelim", "{{", 0, 1], ["identifier", "break", 2, 1], ["space", " ", 7, 1], ["identifier", "continue", 8, 1], ["rightDelim", "}}", 16, 1], ["EOF", "", 18, 1]] },
  { input: "é{{.é $é 日本}}\n😀{{ 'é' }}", items: [["text", "é", 0, 1], ["leftDelim", "{{", 1, 1], ["field", ".é", 3, 1], ["space", " ", 5, 1], ["variable", "$é", 6, 1], ["space", " ", 8, 1], ["identifier", "日本", 9, 1], ["rightDelim", "}}", 11, 1], ["text", "\n😀", 13, 1], ["leftDelim", "{{", 16, 2], ["space", " ", 18, 2], ["charConstant", "'é'", 19, 2], ["space", " ", 22, 2], ["rightDelim", "}}", 23, 2], ["EOF", "", 25, 2]] },
  { input: "{{.a😀}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad character U+1F600 '😀'", 2, 1]] },
  { input: "{{😀}}", items: [["leftDelim", "{{", 0, 1], ["error", "unrecognized character in action: U+1F600 '😀'", 2, 1]] },
  { input: "{{\u0001}}", items: [["leftDelim", "{{", 0, 1], ["error", "unrecognized character in action: U+0001", 2, 1]] },
  { input: "{{-3}}", items: [["leftDelim", "{{", 0, 1], ["number", "-3", 2, 1], ["rightDelim", "}}", 4, 1], ["EOF", "", 6, 1]] },
  { input: "{{3-}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"3-\"", 2, 1]] },
  { input: "x {{-3}}", items: [["text", "x ", 0, 1], ["leftDelim", "{{", 2, 1], ["number", "-3", 4, 1], ["rightDelim", "}}", 6, 1], ["EOF", "", 8, 1]] },
  { input: "x \n{{- 3 -}}\n y", items: [["text", "x", 0, 1], ["leftDelim", "{{", 3, 2], ["number", "3", 7, 2], ["rightDelim", "}}", 10, 2], ["text", "y", 14, 3], ["EOF", "", 15, 3]] },
  { input: "{{- -}}", items: [["leftDelim", "{{", 0, 1], ["number", "-", 4, 1], ["rightDelim", "}}", 5, 1], ["EOF", "", 7, 1]] },
  { input: "{{ 1 - }}", items: [["leftDelim", "{{", 0, 1], ["space", " ", 2, 1], ["number", "1", 3, 1], ["space", " ", 4, 1], ["number", "-", 5, 1], ["space", " ", 6, 1], ["rightDelim", "}}", 7, 1], ["EOF", "", 9, 1]] },
  { input: "{{(1 -}}", items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["number", "1", 3, 1], ["error", "unclosed left paren", 4, 1]] },
  { input: "{{-/**/-}}", items: [["leftDelim", "{{", 0, 1], ["number", "-", 2, 1], ["char", "/", 3, 1], ["char", "*", 4, 1], ["char", "*", 5, 1], ["char", "/", 6, 1], ["number", "-", 7, 1], ["rightDelim", "}}", 8, 1], ["EOF", "", 10, 1]] },
  { input: "{{- /* */-}}", items: [["error", "comment ends before closing delimiter", 4, 1]] },
  { input: "{{/* */x}}", items: [["error", "comment ends before closing delimiter", 2, 1]] },
  { input: "{{/* */ -}}", items: [["EOF", "", 11, 1]] },
  { input: "{{1e3 0x1p-2 0x1.8P+1 1_000 0b101 0o17 017 1i 1+2i -1-2.5i .5 5. 0x}}", items: [["leftDelim", "{{", 0, 1], ["number", "1e3", 2, 1], ["space", " ", 5, 1], ["number", "0x1p-2", 6, 1], ["space", " ", 12, 1], ["number", "0x1.8P+1", 13, 1], ["space", " ", 21, 1], ["number", "1_000", 22, 1], ["space", " ", 27, 1], ["number", "0b101", 28, 1], ["space", " ", 33, 1], ["number", "0o17", 34, 1], ["space", " ", 38, 1], ["number", "017", 39, 1], ["space", " ", 42, 1], ["number", "1i", 43, 1], ["space", " ", 45, 1], ["complex", "1+2i", 46, 1], ["space", " ", 50, 1], ["complex", "-1-2.5i", 51, 1], ["space", " ", 58, 1], ["number", ".5", 59, 1], ["space", " ", 61, 1], ["number", "5.", 62, 1], ["space", " ", 64, 1], ["number", "0x", 65, 1], ["rightDelim", "}}", 67, 1], ["EOF", "", 69, 1]] },
  { input: "{{1+}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"1+\"", 2, 1]] },
  { input: "{{1.a}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"1.a\"", 2, 1]] },
  { input: "{{0x1g}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"0x1g\"", 2, 1]] },
  { input: "{{1ee}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad number syntax: \"1ee\"", 2, 1]] },
  { input: "{{a.b}}", items: [["leftDelim", "{{", 0, 1], ["identifier", "a", 2, 1], ["field", ".b", 3, 1], ["rightDelim", "}}", 5, 1], ["EOF", "", 7, 1]] },
  { input: "{{a+b}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad character U+002B '+'", 2, 1]] },
  { input: "{{$x+1}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad character U+002B '+'", 2, 1]] },
  { input: "{{.x+1}}", items: [["leftDelim", "{{", 0, 1], ["error", "bad character U+002B '+'", 2, 1]] },
  { input: "{{:x}}", items: [["leftDelim", "{{", 0, 1], ["error", "expected :=", 2, 1]] },
  { input: "{{:=}}", items: [["leftDelim", "{{", 0, 1], ["declare", ":=", 2, 1], ["rightDelim", "}}", 4, 1], ["EOF", "", 6, 1]] },
  { input: "{{ ) }}", items: [["leftDelim", "{{", 0, 1], ["space", " ", 2, 1], ["error", "unexpected right paren", 3, 1]] },
  { input: "{{(}}", items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["error", "unclosed left paren", 3, 1]] },
  { input: "{{(1) )}}", items: [["leftDelim", "{{", 0, 1], ["leftParen", "(", 2, 1], ["number", "1", 3, 1], ["rightParen", ")", 4, 1], ["space", " ", 5, 1], ["error", "unexpected right paren", 6, 1]] },
  { input: "{{\"a\\\"b\"}}", items: [["leftDelim", "{{", 0, 1], ["string", "\"a\\\"b\"", 2, 1], ["rightDelim", "}}", 8, 1], ["EOF", "", 10, 1]] },
  { input: "{{'\\''}}", items: [["leftDelim", "{{", 0, 1], ["charConstant", "'\\''", 2, 1], ["rightDelim", "}}", 6, 1], ["EOF", "", 8, 1]] },
  { input: "{{'\\\n'}}", items: [["leftDelim", "{{", 0, 1], ["error", "unterminated character constant", 2, 1]] },
  { input: "{{\"\\\n\"}}", items: [["leftDelim", "{{", 0, 1], ["error", "unterminated quoted string", 2, 1]] },
  { input: "{{`\n`}}", items: [["leftDelim", "{{", 0, 1], ["rawString", "`\n`", 2, 1], ["rightDelim", "}}", 5, 2], ["EOF", "", 7, 2]] },
  { input: "a\r\n{{\r\n.\r\n}}\r\nb", items: [["text", "a\r\n", 0, 1], ["leftDelim", "{{", 3, 2], ["space", "\r\n", 5, 2], ["dot", ".", 7, 3], ["space", "\r\n", 8, 3], ["rightDelim", "}}", 10, 4], ["text", "\r\nb", 12, 4], ["EOF", "", 15, 5]] },
  { input: "{{/*\n*/}}\n{{-\n.\n-}}\n", items: [["leftDelim", "{{", 10, 3], ["dot", ".", 14, 4], ["rightDelim", "}}", 17, 5], ["EOF", "", 20, 6]] },
  { input: "{{ $ }}{{$}}{{$1}}{{$$}}", items: [["leftDelim", "{{", 0, 1], ["space", " ", 2, 1], ["variable", "$", 3, 1], ["space", " ", 4, 1], ["rightDelim", "}}", 5, 1], ["leftDelim", "{{", 7, 1], ["variable", "$", 9, 1], ["rightDelim", "}}", 10, 1], ["leftDelim", "{{", 12, 1], ["variable", "$1", 14, 1], ["rightDelim", "}}", 16, 1], ["leftDelim", "{{", 18, 1], ["error", "bad character U+0024 '$'", 20, 1]] },
  { input: "{{.}}{{. }}{{.(}}", items: [["leftDelim", "{{", 0, 1], ["dot", ".", 2, 1], ["rightDelim", "}}", 3, 1], ["leftDelim", "{{", 5, 1], ["dot", ".", 7, 1], ["space", " ", 8, 1], ["rightDelim", "}}", 9, 1], ["leftDelim", "{{", 11, 1], ["dot", ".", 13, 1], ["leftParen", "(", 14, 1], ["error", "unclosed left paren", 15, 1]] },
  { input: "{{true false truex}}", items: [["leftDelim", "{{", 0, 1], ["bool", "true", 2, 1], ["space", " ", 6, 1], ["bool", "false", 7, 1], ["space", " ", 12, 1], ["identifier", "truex", 13, 1], ["rightDelim", "}}", 18, 1], ["EOF", "", 20, 1]] },
  { input: "{{nil}}{{nilx}}", items: [["leftDelim", "{{", 0, 1], ["nil", "nil", 2, 1], ["rightDelim", "}}", 5, 1], ["leftDelim", "{{", 7, 1], ["identifier", "nilx", 9, 1], ["rightDelim", "}}", 13, 1], ["EOF", "", 15, 1]] },
  { input: "{{@}}", items: [["leftDelim", "{{", 0, 1], ["char", "@", 2, 1], ["rightDelim", "}}", 3, 1], ["EOF", "", 5, 1]] },
  { input: "{{ \t\r\n }}", items: [["leftDelim", "{{", 0, 1], ["space", " \t\r\n ", 2, 1], ["rightDelim", "}}", 7, 2], ["EOF", "", 9, 2]] },
  { input: "{{break}}{{continue}}", items: [["leftDelim", "{{", 0, 1], ["identifier", "break", 2, 1], ["rightDelim", "}}", 7, 1], ["leftDelim", "{{", 9, 1], ["identifier", "continue", 11, 1], ["rightDelim", "}}", 19, 1], ["EOF", "", 21, 1]] },
  { input: "[[.x]] [[- 1 -]] [[/* c */]]", left: "[[", right: "]]", items: [["leftDelim", "[[", 0, 1], ["field", ".x", 2, 1], ["rightDelim", "]]", 4, 1], ["leftDelim", "[[", 7, 1], ["number", "1", 11, 1], ["rightDelim", "]]", 14, 1], ["EOF", "", 28, 1]] },
  { input: "<.x> <- 1 -> </* c */> <x->", left: "<", right: ">", emitComment: true, items: [["leftDelim", "<", 0, 1], ["field", ".x", 1, 1], ["rightDelim", ">", 3, 1], ["leftDelim", "<", 5, 1], ["number", "1", 8, 1], ["rightDelim", ">", 11, 1], ["comment", "/* c */", 14, 1], ["text", " ", 22, 1], ["leftDelim", "<", 23, 1], ["error", "bad character U+002D '-'", 24, 1]] },
  { input: "{{.x}}é{{.y日", left: "é", right: "日", items: [["text", "{{.x}}", 0, 1], ["leftDelim", "é", 6, 1], ["char", "{", 7, 1], ["char", "{", 8, 1], ["field", ".y日", 9, 1], ["error", "unclosed action", 12, 1]] },
];

const ITEM_STRINGS: { input: string; strings: string[] } = { input: "{{if \"abcdefghijkl\" \"日本語日本語日本語日本語\" 'x' `raw` . nil 12345678901 .abcdefghijk}}{{", strings: ["\"{{\"","<if>","\" \"","\"\\\"abcdefghi\"...","\" \"","\"\\\"日本語日本語日本語\"...","\" \"","\"'x'\"","\" \"","\"`raw`\"","\" \"","<.>","\" \"","<nil>","\" \"","\"1234567890\"...","\" \"","\".abcdefghi\"...","\"}}\"","\"{{\"","unclosed action"] };
