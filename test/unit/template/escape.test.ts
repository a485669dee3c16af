import { test } from "node:test";
import assert from "node:assert/strict";
import {
  evalArgsString,
  htmlEscapeString,
  htmlEscaper,
  jsEscapeString,
  jsEscaper,
  queryEscape,
  urlQueryEscaper,
} from "../../../src/template/escape.ts";
import { GO_TYPE, int } from "../../../src/template/value.ts";

// Expectations generated with Go 1.26: template.HTMLEscapeString,
// template.JSEscapeString, url.QueryEscape, and template.HTMLEscaper /
// JSEscaper / URLQueryEscaper for the argument lists.

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** *main.T */
class PT {
  A: unknown;
  constructor(a: unknown) {
    this.A = a;
  }
  get [GO_TYPE](): string {
    return "*main.T";
  }
}

class S {
  V: string;
  constructor(v: string) {
    this.V = v;
  }
  get [GO_TYPE](): string {
    return "main.S";
  }
  String(): string {
    return `<${this.V}>`;
  }
}

const stringCases: [input: string, html: string, js: string, query: string][] = [
  ["", "", "", ""],
  ["plain", "plain", "plain", "plain"],
  ["<a href=\"x\">'&'</a>", "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;", "\\u003Ca href\\u003D\\\"x\\\"\\u003E\\'\\u0026\\'\\u003C/a\\u003E", "%3Ca+href%3D%22x%22%3E%27%26%27%3C%2Fa%3E"],
  ["nul\u0000byte", "nul�byte", "nul\\u0000byte", "nul%00byte"],
  ["a=b&c=d", "a=b&amp;c=d", "a\\u003Db\\u0026c\\u003Dd", "a%3Db%26c%3Dd"],
  ["back\\slash", "back\\slash", "back\\\\slash", "back%5Cslash"],
  ["tab\tnl\ncr\r", "tab\tnl\ncr\r", "tab\\u0009nl\\u000Acr\\u000D", "tab%09nl%0Acr%0D"],
  ["\u0001\u001f\u007f", "\u0001\u001f\u007f", "\\u0001\\u001F\u007f", "%01%1F%7F"],
  ["héllo wörld", "héllo wörld", "héllo wörld", "h%C3%A9llo+w%C3%B6rld"],
  ["日本語", "日本語", "日本語", "%E6%97%A5%E6%9C%AC%E8%AA%9E"],
  ["😀 emoji", "😀 emoji", "😀 emoji", "%F0%9F%98%80+emoji"],
  ["\u0085\u00a0\u00ad", "\u0085\u00a0\u00ad", "\\u0085\\u00A0\\u00AD", "%C2%85%C2%A0%C2%AD"],
  ["\u200b\u2028\u2029\ufeff", "\u200b\u2028\u2029\ufeff", "\\u200B\\u2028\\u2029\\uFEFF", "%E2%80%8B%E2%80%A8%E2%80%A9%EF%BB%BF"],
  ["\u{e0001}\u{10ffff}", "\u{e0001}\u{10ffff}", "\\uE0001\\u10FFFF", "%F3%A0%80%81%F4%8F%BF%BF"],
  ["\ue000", "\ue000", "\\uE000", "%EE%80%80"],
  ["~-._ +/?#[]@!$'()*,;:%", "~-._ +/?#[]@!$&#39;()*,;:%", "~-._ +/?#[]@!$\\'()*,;:%", "~-._+%2B%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A%25"],
  ["1 + 1 = 2", "1 + 1 = 2", "1 + 1 \\u003D 2", "1+%2B+1+%3D+2"],
  ["\u0300combining", "\u0300combining", "\u0300combining", "%CC%80combining"],
  ["\u3000ideographic", "\u3000ideographic", "\\u3000ideographic", "%E3%80%80ideographic"],
];
const argCases: [args: unknown[], html: string, js: string, query: string][] = [
  [["a<b"], "a&lt;b", "a\\u003Cb", "a%3Cb"],
  [[int(1n), int(2n)], "1 2", "1 2", "1+2"],
  [["a", int(1n), "b"], "a1b", "a1b", "a1b"],
  [[1.5, true, "x y"], "1.5 truex y", "1.5 truex y", "1.5+truex+y"],
  [[int(1n)], "1", "1", "1"],
  [[1e6], "1e+06", "1e+06", "1e%2B06"],
  [[null], "&lt;no value&gt;", "\\u003Cno value\\u003E", "%3Cno+value%3E"],
  [[null, null], "&lt;no value&gt;&lt;no value&gt;", "\\u003Cno value\\u003E\\u003Cno value\\u003E", "%3Cno+value%3E%3Cno+value%3E"],
  [[new PT(int(1n))], "{1}", "{1}", "%7B1%7D"],
  [[new PT(int(1n)), "&"], "{1}&amp;", "{1}\\u0026", "%7B1%7D%26"],
  [[new S("q")], "&lt;q&gt;", "\\u003Cq\\u003E", "%3Cq%3E"],
  [[[int(1n), "<"]], "[1 &lt;]", "[1 \\u003C]", "%5B1+%3C%5D"],
  [[{"k": "v&"}], "map[k:v&amp;]", "map[k:v\\u0026]", "map%5Bk%3Av%26%5D"],
  [[bytes(104, 105)], "[104 105]", "[104 105]", "%5B104+105%5D"],
  [[], "", "", ""],
];

test("htmlEscapeString / jsEscapeString / queryEscape", () => {
  for (const [input, html, js, query] of stringCases) {
    assert.equal(htmlEscapeString(input), html, `html ${JSON.stringify(input)}`);
    assert.equal(jsEscapeString(input), js, `js ${JSON.stringify(input)}`);
    assert.equal(queryEscape(input), query, `urlquery ${JSON.stringify(input)}`);
  }
});

test("html / js / urlquery builtins stringify their arguments like evalArgs", () => {
  for (const [args, html, js, query] of argCases) {
    assert.equal(htmlEscaper(args), html, `html ${String(args.length)} args`);
    assert.equal(jsEscaper(args), js, `js ${String(args.length)} args`);
    assert.equal(urlQueryEscaper(args), query, `urlquery ${String(args.length)} args`);
  }
});

test("evalArgsString", () => {
  assert.equal(evalArgsString(["as is"]), "as is");
  assert.equal(evalArgsString([undefined]), "<no value>");
  assert.equal(evalArgsString([int(1), undefined, int(2)]), "1<no value>2");
  assert.equal(evalArgsString(["a", "b"]), "ab");
  assert.equal(evalArgsString([int(1), int(2)]), "1 2");
});

test("lone surrogates are treated as U+FFFD", () => {
  assert.equal(jsEscapeString("a\ud800b"), "a\ud800b");
  assert.equal(queryEscape("\ud800"), "%EF%BF%BD");
});
