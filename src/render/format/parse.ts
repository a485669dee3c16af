/**
 * Helm's fromYaml, fromYamlArray, fromJson, fromJsonArray and Sprig's
 * mustFromJson.
 *
 * fromYaml is sigs.k8s.io/yaml.Unmarshal: go-yaml v2 decodes the first
 * document into interface{} (YAML 1.1: `yes` is true, `0777` octal, `<<`
 * merges, timestamps stay strings), map keys are converted to strings, and
 * the result goes through json.Marshal and json.Unmarshal into the target:
 * every number ends up a float64. Errors do not fail the template: they are
 * returned in the result ("Error" key, or the only element of the list).
 *
 * The YAML text is parsed with the `yaml` package; go-yaml's decoding rules
 * are applied here on its syntax tree. Syntax errors are reported with
 * libyaml's wording where the two parsers agree on what went wrong.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node } from "yaml";
import { decodeRune, formatFloat, quote } from "../../template/index.ts";
import { TextCache } from "../../template/text-cache.ts";
import { unmarshalJson } from "./json-decode.ts";
import { resolvePlain, type Resolved } from "./resolve.ts";

/** An error while reading YAML, with Go's message. */
export class YamlDecodeError extends Error {}

// ---------------------------------------------------------------------------
// go-yaml v2's result of decoding into interface{}: Go values with typed
// map keys (map[interface{}]interface{}).

export type GoInt64 = { t: "int"; v: bigint };
export type GoUint64 = { t: "uint"; v: bigint };
export type GoScalar = null | boolean | string | number | GoInt64 | GoUint64;
export type GoVal = GoScalar | GoVal[] | GoMapII;

/** map[interface{}]interface{}: entries by a key identity that includes the Go type. */
export class GoMapII {
  readonly entries = new Map<string, [GoVal, GoVal]>();
  set(k: GoVal, v: GoVal): void {
    this.entries.set(keyIdentity(k), [k, v]);
  }
}

function keyIdentity(k: GoVal): string {
  if (k === null) return "nil";
  if (typeof k === "string") return `s:${k}`;
  if (typeof k === "boolean") return `b:${String(k)}`;
  if (typeof k === "number") return `f:${Object.is(k, -0) ? "-0" : String(k)}`;
  if (Array.isArray(k) || k instanceof GoMapII) return `o:${Math.random()}`;
  return `${k.t}:${k.v.toString()}`;
}

/** Go's %#v of a decoded value, for error messages. */
function goSharpV(v: GoVal, top = true): string {
  if (v === null) return top ? "<nil>" : "interface {}(nil)";
  if (typeof v === "string") return quote(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return formatFloat(v, "g", -1);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, false)).join(", ")}}`;
  if (v instanceof GoMapII) {
    const parts = [...v.entries.values()].map(([k, x]) => `${goSharpV(k, false)}:${goSharpV(x, false)}`);
    return `map[interface {}]interface {}{${parts.join(", ")}}`;
  }
  return v.t === "uint" ? `0x${v.v.toString(16)}` : v.v.toString();
}

function goTypeOf(v: GoVal): string {
  if (v === null) return "%!s(<nil>)";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "float64";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof GoMapII) return "map[interface {}]interface {}";
  return v.t === "uint" ? "uint64" : "int";
}

// ---------------------------------------------------------------------------
// Decoding the syntax tree as go-yaml v2's decoder does.

const LONG_TAG = "tag:yaml.org,2002:";

function shortTag(tag: string): string {
  return tag.startsWith(LONG_TAG) ? `!!${tag.slice(LONG_TAG.length)}` : tag;
}

const RESOLVABLE = new Set(["", "!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp"]);

function resolvedTagName(r: Resolved): string {
  return `!!${r.tag}`;
}

/** go-yaml v2's resolve(tag, in) for an explicit (short) tag. */
function resolveTagged(tag: string, value: string): { tag: string; value: GoScalar } {
  if (!RESOLVABLE.has(tag)) return { tag, value };
  if (tag === "!!str") return { tag, value };
  const r = resolvePlain(value, false);
  const rtag = resolvedTagName(r);
  const out = scalarValue(r);
  if (tag === "" || tag === rtag) return { tag: rtag, value: out };
  if (tag === "!!float" && r.tag === "int") {
    return { tag: "!!float", value: Number(r.value) };
  }
  throw new YamlDecodeError(`yaml: cannot decode ${rtag} \`${value}\` as a ${tag}`);
}

function scalarValue(r: Resolved): GoScalar {
  switch (r.tag) {
    case "int":
      return r.unsigned ? { t: "uint", v: r.value } : { t: "int", v: r.value };
    case "timestamp":
      return r.value;
    default:
      return r.value;
  }
}

/** Go's string(bytes): the decoded bytes with each invalid UTF-8 byte as U+FFFD (as json.Marshal then writes it). */
function goString(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; ) {
    const [r, size] = decodeRune(b, i);
    out += String.fromCodePoint(r);
    i += size;
  }
  return out;
}

/** base64.StdEncoding.DecodeString: padding required, CR and LF ignored. */
function decodeBase64(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, "");
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return new Uint8Array(Buffer.from(t, "base64"));
}

const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly active = new Set<Alias>();
  private readonly doc: Document.Parsed;
  private readonly src: string;

  constructor(doc: Document.Parsed, src: string) {
    this.doc = doc;
    this.src = src;
  }

  /**
   * LS and PS are line breaks to libyaml: in a block scalar the indentation
   * after them is not content (the yaml package keeps it).
   */
  private blockSeparators(start: number, text: string): string {
    const header = /^[|>]([1-9])?[+-]?([1-9])?[^\n]*\n/.exec(this.src.slice(start));
    if (header === null) return text;
    const explicit = header[1] ?? header[2];
    let indent: number;
    if (explicit !== undefined) {
      const lineStart = this.src.lastIndexOf("\n", start) + 1;
      const parent = /^ */.exec(this.src.slice(lineStart))?.[0].length ?? 0;
      indent = parent + Number(explicit);
    } else {
      const body = this.src.slice(start + header[0].length);
      indent = /^(?:[ \t]*\r?\n)*( *)/.exec(body)?.[1]?.length ?? 0;
    }
    return text.replace(new RegExp(`([\u2028\u2029]) {0,${String(indent)}}`, "g"), "$1");
  }

  /**
   * A block scalar whose last line ends the input without a line break has
   * no final newline in libyaml; the yaml package adds one.
   */
  private blockText(n: Scalar, text: string): string {
    if (n.range === undefined || n.range === null) return text;
    if (/[\u2028\u2029]/.test(text)) text = this.blockSeparators(n.range[0], text);
    if (!text.endsWith("\n")) return text;
    const raw = this.src.slice(n.range[0], n.range[1]);
    const last = raw.search(/[^ \t\r\n\u2028\u2029]\s*$/);
    if (last < 0) return text;
    const rest = this.src.slice(n.range[0] + last + 1);
    return /[\r\n\u2028\u2029]/.test(rest) ? text : text.slice(0, -1);
  }

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YamlDecodeError("yaml: document contains excessive aliasing");
    }
  }

  private target(a: Alias): Node {
    const t = a.resolve(this.doc);
    if (t === undefined) throw new YamlDecodeError(`yaml: unknown anchor '${a.source}' referenced`);
    return t;
  }

  decode(n: Node | null): GoVal {
    this.count();
    if (n === null) return null;
    if (isAlias(n)) {
      if (this.active.has(n)) throw new YamlDecodeError(`yaml: anchor '${n.source}' value contains itself`);
      this.active.add(n);
      this.aliasDepth++;
      const v = this.decode(this.target(n));
      this.aliasDepth--;
      this.active.delete(n);
      return v;
    }
    if (isScalar(n)) return this.scalar(n);
    if (isSeq(n)) return n.items.map((it) => this.decode(it as Node | null));
    if (isMap(n)) {
      const m = new GoMapII();
      this.mapping(n.items, m);
      return m;
    }
    return null;
  }

  private scalar(n: Scalar): GoScalar {
    let text = quoted.get(n) ?? (typeof n.value === "string" ? n.value : (n.source ?? ""));
    const tag = n.tag === undefined ? "" : shortTag(n.tag);
    const plain = n.type === Scalar.PLAIN || n.type === undefined;
    if (n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) text = this.blockText(n, text);
    if (tag === "" && !plain) return text;
    if (tag === "!!binary") {
      const b = decodeBase64(text);
      if (b === undefined) throw new YamlDecodeError("yaml: !!binary value contains invalid base64 data");
      return goString(b);
    }
    // A plain scalar with the non-specific tag "!" is still implicit.
    if (tag === "" || (tag === "!" && plain)) return tag === "" ? scalarValue(resolvePlain(text, false)) : text;
    return resolveTagged(tag, text).value;
  }

  private isMerge(k: unknown): boolean {
    if (!isScalar(k) || k.source !== "<<") return false;
    const plain = k.type === Scalar.PLAIN || k.type === undefined;
    return (plain && k.tag === undefined) || (k.tag !== undefined && shortTag(k.tag) === "!!merge");
  }

  private mapping(items: { key: unknown; value: unknown }[], out: GoMapII): void {
    for (const { key, value } of items) {
      if (this.isMerge(key)) {
        this.merge(value as Node | null, out);
        continue;
      }
      const k = this.decode(key as Node | null);
      if (Array.isArray(k) || k instanceof GoMapII) throw new YamlDecodeError(`yaml: invalid map key: ${goSharpV(k)}`);
      out.set(k, this.decode(value as Node | null));
    }
  }

  private merge(n: Node | null, out: GoMapII): void {
    const fail = (): never => {
      throw new YamlDecodeError("yaml: map merge requires map or sequence of maps as the value");
    };
    const into = (node: Node): void => {
      // go-yaml decodes the merged mapping (through its alias) into the same map.
      if (isAlias(node)) {
        if (!isMap(this.target(node))) fail();
        this.count();
        if (this.active.has(node)) throw new YamlDecodeError(`yaml: anchor '${node.source}' value contains itself`);
        this.active.add(node);
        this.aliasDepth++;
        this.count();
        this.mapping((this.target(node) as { items: { key: unknown; value: unknown }[] }).items, out);
        this.aliasDepth--;
        this.active.delete(node);
        return;
      }
      if (!isMap(node)) fail();
      this.count();
      this.mapping((node as unknown as { items: { key: unknown; value: unknown }[] }).items, out);
    };
    if (n === null) return fail();
    if (isMap(n) || isAlias(n)) { into(n); return; }
    if (isSeq(n)) {
      const items = n.items as (Node | null)[];
      for (let i = items.length - 1; i >= 0; i--) {
        const it = items[i];
        if (it === null || it === undefined) return fail();
        if (!isAlias(it) && !isMap(it)) fail();
        into(it);
      }
      return;
    }
    fail();
  }
}

// ---------------------------------------------------------------------------
// YAML syntax errors in libyaml's words.

/** Code points go-yaml's reader rejects. */
function controlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xd7ff) continue;
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: supplementary planes (or U+FFFD)
    if (c >= 0xe000 && c <= 0xfffd) continue;
    return true;
  }
  return false;
}

interface YamlLibError {
  code: string;
  message: string;
  pos: [number, number];
}

/** A syntax error at a source offset, with its libyaml message and how libyaml numbers its line. */
interface SyntaxProblem {
  pos: number;
  msg: string;
  /** Scanner errors report line+1, parser errors the 0-based line of the offending token; both omit line 0. */
  kind: "scanner" | "parser" | "none";
  /** Where libyaml's mark is, when it differs from `pos`. */
  at?: number;
}

class Source {
  readonly src: string;
  private readonly lineStarts: number[] = [0];
  constructor(src: string) {
    this.src = src;
    for (let i = 0; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x0a || (c === 0x0d && src.charCodeAt(i + 1) !== 0x0a)) this.lineStarts.push(i + 1);
    }
  }
  /** 0-based line of an offset. */
  line(pos: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  message(p: SyntaxProblem): string {
    const at = p.at ?? p.pos;
    // libyaml forces a line break at the end of a stream that lacks one, so a
    // parser problem found at stream end is reported on the following line.
    const l = this.line(at) + (p.kind === "parser" && at >= this.src.length && this.src !== "" && !/[\n\r]$/.test(this.src) ? 1 : 0);
    const n = p.kind === "none" || l === 0 ? 0 : p.kind === "scanner" ? l + 1 : l;
    return n === 0 ? `yaml: ${p.msg}` : `yaml: line ${n}: ${p.msg}`;
  }
}

/** libyaml's view of a `yaml` package error (best effort: the parsers differ in what they report). */
function libyamlProblem(source: Source, e: YamlLibError, rootIsSeq: boolean): SyntaxProblem | undefined {
  const src = source.src;
  const pos = e.pos[0];
  const m = e.message;
  switch (e.code) {
    case "BAD_DQ_ESCAPE":
      return undefined; // double-quoted scalars are re-read with libyaml's escapes
    case "BLOCK_AS_IMPLICIT_KEY": {
      if (m.includes("block sequence")) return { pos, msg: "did not find expected key", kind: "parser" };
      const rest = src.slice(pos);
      const ind = /[:?](?=[ \t\r\n]|$)/.exec(rest);
      const at = ind === null ? pos : pos + ind.index;
      const what = src[at] === "?" ? "keys" : "values";
      return { pos, at, msg: `mapping ${what} are not allowed in this context`, kind: "scanner" };
    }
    case "MULTILINE_IMPLICIT_KEY": {
      const ind = /:(?=[ \t\r\n]|$)/.exec(src.slice(pos));
      return { pos, at: ind === null ? pos : pos + ind.index, msg: "mapping values are not allowed in this context", kind: "scanner" };
    }
    case "MISSING_CHAR":
      if (m.includes("Implicit map keys")) {
        // Found when the scanner reaches the next token after the key's line.
        let l = source.line(pos) + 1;
        const lines = src.split(/\r\n|\r|\n/);
        while (l < lines.length && /^\s*(#.*)?$/.test(lines[l] ?? "")) l++;
        return { pos, msg: "could not find expected ':'", kind: "scanner", at: l >= lines.length ? src.length : lineStart(src, l) };
      }
      if (m.includes("closing")) return { pos, at: src.length, msg: "found unexpected end of stream", kind: "scanner" };
      if (m.includes("directives-end")) return { pos, msg: "mapping values are not allowed in this context", kind: "scanner" };
      if (m.includes("Comments must be separated")) return { pos, at: src.length, msg: "did not find expected node content", kind: "parser" };
      if (/flow sequence|Flow sequence/.test(m)) return { pos, msg: "did not find expected ',' or ']'", kind: "parser" };
      if (/flow map|Flow map/.test(m)) return { pos, msg: "did not find expected ',' or '}'", kind: "parser" };
      return { pos, msg: "did not find expected key", kind: "parser" };
    case "TAB_AS_INDENT": {
      const prev = src.slice(0, lineStart(src, source.line(pos))).trimEnd();
      const plainBefore = prev !== "" && !/[:\-?|>]$/.test(prev);
      return { pos, msg: plainBefore ? "found a tab character that violates indentation" : "found character that cannot start any token", kind: "scanner" };
    }
    case "BAD_INDENT":
      if (m.includes("Flow sequence")) return { pos, msg: "did not find expected ',' or ']'", kind: "parser" };
      if (m.includes("Flow map")) return { pos, msg: "did not find expected ',' or '}'", kind: "parser" };
      return { pos, msg: "did not find expected key", kind: "parser" };
    case "BAD_SCALAR_START":
      if (m.includes("flow indicator")) return { pos, msg: "did not find expected node content", kind: "parser" };
      return { pos, msg: "found character that cannot start any token", kind: "scanner" };
    case "BAD_ALIAS":
      return { pos, msg: "did not find expected alphabetic or numeric character", kind: "scanner" };
    case "BLOCK_IN_FLOW":
      return { pos, msg: "did not find expected node content", kind: "parser" };
    case "UNEXPECTED_TOKEN":
      if (m.includes("block-seq-ind")) return { pos, msg: "block sequence entries are not allowed in this context", kind: "scanner" };
      if (m.includes("Block scalar header")) return { pos, msg: "did not find expected comment or line break", kind: "scanner" };
      if (/flow-(seq|map)-end|Unexpected , in flow/.test(m)) return { pos, msg: "did not find expected node content", kind: "parser" };
      if (m.includes("at node end")) {
        const atLineStart = pos === lineStart(src, source.line(pos));
        return { pos, msg: rootIsSeq && atLineStart ? "did not find expected '-' indicator" : "did not find expected key", kind: "parser" };
      }
      return { pos, msg: "did not find expected key", kind: "parser" };
    default:
      return { pos, msg: m, kind: "parser" };
  }
}

function lineStart(src: string, line: number): number {
  let l = 0;
  let i = 0;
  while (l < line && i < src.length) {
    const c = src.charCodeAt(i++);
    if (c === 0x0a || (c === 0x0d && src.charCodeAt(i) !== 0x0a)) l++;
  }
  return i;
}

/**
 * libyaml's reading of a quoted scalar starting at `start` (the quote): its
 * value or a problem. Differs from YAML 1.2 in the escapes it accepts (\'
 * but not \/) and in LS/PS being line breaks that fold without turning
 * into spaces.
 */
function scanQuoted(src: string, start: number, single: boolean): { value: string } | { problem: SyntaxProblem } {
  let i = start + 1;
  let out = "";
  const quote = single ? "'" : '"';
  const err = (at: number, msg: string): { problem: SyntaxProblem } => ({ problem: { pos: at, msg, kind: "scanner" } });
  const isBreakAt = (k: number): boolean => src[k] === "\n" || src[k] === "\r" || src[k] === "\u2028" || src[k] === "\u2029";
  const skipBreak = (k: number): number => (src[k] === "\r" && src[k + 1] === "\n" ? k + 2 : k + 1);
  let col0 = false;
  for (;;) {
    if (col0 && (src.startsWith("---", i) || src.startsWith("...", i)) && /^[ \t\r\n]?$/.test(src[i + 3] ?? "")) {
      return err(i, "found unexpected document indicator");
    }
    if (i >= src.length) return err(i, "found unexpected end of stream");
    let leadingBlanks = false;
    while (i < src.length && !/[ \t\r\n\u2028\u2029]/.test(src[i] ?? "")) {
      const c = src[i];
      if (single && c === "'" && src[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      if (c === quote) break;
      if (!single && c === "\\" && isBreakAt(i + 1)) {
        i = skipBreak(i + 1);
        leadingBlanks = true;
        break;
      }
      if (!single && c === "\\") {
        const e = src[i + 1] ?? "";
        const simple: Record<string, string> = {
          "0": "\0",
          a: "\x07",
          b: "\b",
          t: "\t",
          "\t": "\t",
          n: "\n",
          v: "\v",
          f: "\f",
          r: "\r",
          e: "\x1b",
          " ": " ",
          '"': '"',
          "'": "'",
          "\\": "\\",
          N: "\u0085",
          _: "\u00a0",
          L: "\u2028",
          P: "\u2029",
        };
        const rep = simple[e];
        if (rep !== undefined) {
          out += rep;
          i += 2;
          continue;
        }
        const len = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
        if (len === 0) return err(i, "found unknown escape character");
        i += 2;
        const hex = src.slice(i, i + len);
        for (let k = 0; k < len; k++) {
          if (!/[0-9A-Fa-f]/.test(hex[k] ?? "")) return err(i, "did not find expected hexdecimal number");
        }
        const v = parseInt(hex, 16);
        if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) return err(i, "found invalid Unicode character escape code");
        out += String.fromCodePoint(v);
        i += len;
        continue;
      }
      const cp = src.codePointAt(i) ?? 0;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
    if (src[i] === quote) return { value: out };
    let whitespace = "";
    let leadingBreak = "";
    let trailingBreaks = "";
    col0 = false;
    while (src[i] === " " || src[i] === "\t" || isBreakAt(i)) {
      if (src[i] === " " || src[i] === "\t") {
        if (!leadingBlanks) whitespace += src[i] ?? "";
        i++;
        col0 = false;
      } else {
        const br = src[i] === "\u2028" || src[i] === "\u2029" ? (src[i] ?? "") : "\n";
        if (!leadingBlanks) {
          whitespace = "";
          leadingBreak = br;
          leadingBlanks = true;
        } else trailingBreaks += br;
        i = skipBreak(i);
        col0 = true;
      }
    }
    if (leadingBlanks) out += leadingBreak === "\n" ? (trailingBreaks === "" ? " " : trailingBreaks) : leadingBreak + trailingBreaks;
    else out += whitespace;
  }
}

/** libyaml's check of block scalar indentation: a tab where it is still detecting the indentation. */
function blockScalarTab(src: string, range: readonly number[]): SyntaxProblem | undefined {
  const start = range[0] ?? 0;
  const header = /^[|>][0-9+-]*/.exec(src.slice(start));
  if (header === null || /[0-9]/.test(header[0])) return undefined;
  let i = src.indexOf("\n", start);
  while (i !== -1 && i < src.length) {
    i++;
    let k = i;
    while (src[k] === " ") k++;
    if (src[k] === "\t") return { pos: k, msg: "found a tab character where an indentation space is expected", kind: "scanner" };
    if (src[k] !== "\n" && src[k] !== "\r") return undefined;
    i = src.indexOf("\n", k);
  }
  return undefined;
}

/** Problems libyaml finds in directive lines (before the first document). */
function directiveProblem(src: string): SyntaxProblem | undefined {
  let pos = 0;
  for (const line of src.split("\n")) {
    if (line.startsWith("---")) return undefined;
    if (line.startsWith("%")) {
      const name = /^%([0-9A-Za-z_-]*)/.exec(line)?.[1] ?? "";
      const after = line[name.length + 1];
      if (name === "") return { pos, msg: "could not find expected directive name", kind: "scanner" };
      if (after !== undefined && !/[ \t\r]/.test(after)) return { pos, msg: "found unexpected non-alphabetical character", kind: "scanner" };
      if (name !== "YAML" && name !== "TAG") return { pos, msg: "found unknown directive name", kind: "scanner" };
    } else if (!/^\s*(#.*)?$/.test(line)) return undefined;
    pos += line.length + 1;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The common case without the yaml package: block mappings and sequences of
// one-line scalars, as rendered manifests, Chart.yaml and most values files
// are (the yaml package takes about a millisecond per document in a new
// process). Anything else (flow collections other than {} and [], block
// scalars, multi-line scalars, anchors, tags, comments after a value, tabs,
// non-ASCII text, document markers, duplicate keys…) returns undefined, and
// the full decoder runs. Where it returns a value, the value is the full
// decoder's: scalars are resolved and unescaped by the same code, and
// scripts/check-yaml-fast-path.js compares the two on the fixtures and on
// generated documents.

/** One significant line: its indentation and its text after it (trailing spaces removed). */
interface SimpleLine {
  indent: number;
  text: string;
}

/**
 * Characters beyond ASCII the fast path takes: the Basic Multilingual Plane
 * but for C1 controls, what JavaScript or YAML read as whitespace or line
 * breaks (NEL, NBSP, LS, PS, the other Unicode spaces, BOM) and surrogates.
 */
const SIMPLE_NON_ASCII = "\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ud7ff\ue000-\ufefe\uff00-\ufffd";
const SIMPLE_TEXT = new RegExp(`^[\\n\\x20-\\x7e${SIMPLE_NON_ASCII}]*$`);
/** Plain scalars the fast path takes: no comment, quote-start or flow indicators (see simpleScalar for the rest). */
const SIMPLE_PLAIN = new RegExp(
  `^[A-Za-z0-9_./$(+~^${SIMPLE_NON_ASCII}]$|` +
    `^[A-Za-z0-9_./$(+~^${SIMPLE_NON_ASCII}-][A-Za-z0-9_./$()+~^=!%&*?<>,;:@'" ${SIMPLE_NON_ASCII}-]*[A-Za-z0-9_./$()+~^=!%&*?<>,;@'"${SIMPLE_NON_ASCII}-]$`,
);
const SIMPLE_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

class NotSimple extends Error {
  constructor() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super();
    Error.stackTraceLimit = limit;
  }
}

function simpleScalar(text: string): GoVal {
  const q = text[0];
  if (q === '"') {
    // The closing quote must end the text; escapes are read as the full decoder reads them.
    let i = 1;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i !== text.length - 1) throw new NotSimple();
    if (!text.includes("\\")) return text.slice(1, -1);
    const r = scanQuoted(text, 0, false);
    if ("problem" in r) throw new NotSimple();
    return r.value;
  }
  if (q === "'") {
    if (text.length < 2 || !text.endsWith("'")) throw new NotSimple();
    const inner = text.slice(1, -1);
    if (/'(?!')/.test(inner.replaceAll("''", ""))) throw new NotSimple();
    return inner.replaceAll("''", "'");
  }
  if (text === "{}") return new GoMapII();
  if (text === "[]") return [];
  // ": " would start a mapping, " #" a comment; "-" must not be followed by a space ("---" is left alone too).
  if (!SIMPLE_PLAIN.test(text) || text.includes(": ") || text.includes(" #") || /^-(?:[^-0-9A-Za-z.]|--)/.test(text)) throw new NotSimple();
  return scalarValue(resolvePlain(text, false));
}

function simpleKey(text: string): GoVal {
  if (SIMPLE_KEY.test(text)) return scalarValue(resolvePlain(text, false));
  if (text[0] === '"' || text[0] === "'") return simpleScalar(text);
  throw new NotSimple();
}

/** The position of the ": " (or final ":") ending a mapping key, or -1. */
function keyEnd(text: string): number {
  let i: number;
  if (text[0] === '"' || text[0] === "'") {
    i = text.indexOf(text[0], 1);
    if (i === -1) return -1;
    i++;
    return text[i] === ":" && (i + 1 === text.length || text[i + 1] === " ") ? i : -1;
  }
  i = text.indexOf(":");
  return i > 0 && (i + 1 === text.length || text[i + 1] === " ") ? i : -1;
}

class SimpleParser {
  private pos = 0;
  private readonly lines: SimpleLine[];

  constructor(lines: SimpleLine[]) {
    this.lines = lines;
  }

  parse(): GoVal {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) throw new NotSimple();
    const v = this.node(0, 0);
    if (this.pos !== this.lines.length) throw new NotSimple();
    return v;
  }

  private isItem(l: SimpleLine): boolean {
    return l.text === "-" || l.text.startsWith("- ");
  }

  /** A block node whose first line is indented by `indent`. */
  private node(indent: number, depth: number): GoVal {
    if (depth > 64) throw new NotSimple();
    const l = this.lines[this.pos];
    if (l === undefined || l.indent !== indent) throw new NotSimple();
    if (this.isItem(l)) return this.sequence(indent, depth);
    if (keyEnd(l.text) > 0) return this.mapping(indent, depth, null);
    throw new NotSimple();
  }

  /** The value after "key:" with nothing after the colon: a block node below, an indentless sequence, or null. */
  private emptyValue(indent: number, depth: number): GoVal {
    const next = this.lines[this.pos];
    if (next === undefined || next.indent < indent) return null;
    if (next.indent > indent) return this.node(next.indent, depth + 1);
    return this.isItem(next) ? this.sequence(indent, depth + 1) : null;
  }

  /** Entries at `indent`; `inline` is the first entry's text when it follows a "- " on the item's line. */
  private mapping(indent: number, depth: number, inline: string | null): GoMapII {
    const m = new GoMapII();
    const seen = new Set<string>();
    let text = inline;
    for (;;) {
      if (text === null) {
        const l = this.lines[this.pos];
        if (l === undefined || l.indent < indent) break;
        if (l.indent > indent || this.isItem(l)) {
          // A sequence at the key's own indentation ends the mapping only in the parent's hands.
          if (l.indent === indent && this.isItem(l)) break;
          throw new NotSimple();
        }
        text = l.text;
        this.pos++;
      }
      const end = keyEnd(text);
      if (end <= 0) throw new NotSimple();
      const keyText = text.slice(0, end);
      if (seen.has(keyText)) throw new NotSimple();
      seen.add(keyText);
      const key = simpleKey(keyText);
      if (Array.isArray(key) || key instanceof GoMapII) throw new NotSimple();
      const rest = text.slice(end + 1).trimStart();
      m.set(key, rest === "" ? this.emptyValue(indent, depth) : simpleScalar(rest));
      text = null;
    }
    return m;
  }

  private sequence(indent: number, depth: number): GoVal[] {
    const out: GoVal[] = [];
    for (;;) {
      const l = this.lines[this.pos];
      if (l === undefined || l.indent !== indent || !this.isItem(l)) break;
      this.pos++;
      const rest = l.text.slice(1).trimStart();
      if (rest === "") {
        const next = this.lines[this.pos];
        out.push(next !== undefined && next.indent > indent ? this.node(next.indent, depth + 1) : null);
      } else if (rest === "-" || rest.startsWith("- ")) {
        throw new NotSimple();
      } else if (keyEnd(rest) > 0) {
        // "- key: value": a mapping whose keys line up with this one.
        out.push(this.mapping(indent + (l.text.length - rest.length), depth + 1, rest));
      } else {
        out.push(simpleScalar(rest));
      }
      if (this.lines[this.pos] !== undefined && (this.lines[this.pos] as SimpleLine).indent > indent) throw new NotSimple();
    }
    return out;
  }
}

/** decodeYaml's value for a simple document, or undefined when the full decoder must read it. */
export function decodeSimpleYaml(src: string): GoVal | undefined {
  // No tab, carriage return, control character or unusual space; no directive or document marker.
  if (!SIMPLE_TEXT.test(src) || /^(?:---|\.\.\.|%)/m.test(src)) return undefined;
  const lines: SimpleLine[] = [];
  for (const raw of src.split("\n")) {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) continue;
    lines.push({ indent: raw.length - raw.trimStart().length, text });
  }
  try {
    return new SimpleParser(lines).parse();
  } catch (e) {
    if (e instanceof NotSimple) return undefined;
    throw e;
  }
}

/** The first document go-yaml v2 decodes from `src` into interface{}. Throws YamlDecodeError. */
export function decodeYaml(src: string): GoVal {
  if (controlCharacter(src)) throw new YamlDecodeError("yaml: control characters are not allowed");
  return decodeSimpleYaml(src) ?? decodeYamlFully(src);
}

/** decodeYaml without its fast path (for scripts/check-yaml-fast-path.js). */
export function decodeYamlFully(src0: string): GoVal {
  if (controlCharacter(src0)) throw new YamlDecodeError("yaml: control characters are not allowed");
  // YAML 1.1 line breaks: NEL reads as "\n" (LS and PS are breaks that stay in the text).
  const src = src0.replaceAll("\u0085", "\n");
  const source = new Source(src);
  const problems: SyntaxProblem[] = [];
  const directive = directiveProblem(src);
  if (directive !== undefined) problems.push(directive);
  const docs = parseAllDocuments(src, { schema: "failsafe", uniqueKeys: false, strict: false, prettyErrors: false, logLevel: "silent", version: "1.1", merge: false });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  const contents = (doc?.contents ?? null) as Node | null;
  if (doc !== undefined) {
    const end = contents?.range?.[1] ?? Infinity;
    for (const e of doc.errors as unknown as YamlLibError[]) {
      // libyaml stops reading after the first document's root node.
      if (e.pos[0] >= end && !isMap(contents) && !isSeqBlock(src, contents)) continue;
      const p = libyamlProblem(source, e, isSeq(contents));
      if (p !== undefined) problems.push(p);
    }
    visit(contents, (n, inFlow) => {
      if (!isScalar(n) || n.range === undefined || n.range === null) return;
      if (n.type === Scalar.QUOTE_DOUBLE || n.type === Scalar.QUOTE_SINGLE) {
        const r = scanQuoted(src, n.range[0], n.type === Scalar.QUOTE_SINGLE);
        if ("problem" in r) problems.push(r.problem);
        else quoted.set(n, r.value);
      } else if (n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED) {
        const p = blockScalarTab(src, n.range);
        if (p !== undefined) problems.push(p);
      } else if (n.source === "" && n.range[0] === n.range[1] && src[n.range[0]] === ":" && isKey(n)) {
        problems.push({ pos: n.range[0], msg: inFlow ? "did not find expected node content" : "did not find expected key", kind: "parser" });
      }
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.pos - b.pos);
    throw new YamlDecodeError(source.message(problems[0] as SyntaxProblem));
  }
  if (doc === undefined) return null;
  return new Decoder(doc, src).decode(contents);
}

const quoted = new WeakMap<Scalar, string>();
const keys = new WeakSet<Node>();

function isKey(n: Node): boolean {
  return keys.has(n);
}

function isSeqBlock(src: string, n: Node | null): boolean {
  return isSeq(n) && src[n.range?.[0] ?? 0] !== "[";
}

/** Calls f on every node of the tree (keys included), with whether it is inside a flow collection. */
function visit(n: Node | null, f: (n: Node, inFlow: boolean) => void, inFlow = false): void {
  if (n === null) return;
  f(n, inFlow);
  if (isMap(n) || isSeq(n)) {
    const flow = inFlow || n.flow === true;
    for (const it of n.items as unknown[]) {
      if (it !== null && typeof it === "object" && "key" in it) {
        const pair = it as { key: Node | null; value: Node | null };
        if (pair.key !== null && typeof pair.key === "object") keys.add(pair.key);
        visit(pair.key, f, flow);
        visit(pair.value, f, flow);
      } else visit(it as Node | null, f, flow);
    }
  }
}

// ---------------------------------------------------------------------------
// sigs.k8s.io/yaml: keys to strings, then through JSON.

/** Go's json.Marshal then json.Unmarshal of a converted value: numbers become float64. */
type JsonVal = null | boolean | string | number | JsonVal[] | Map<string, JsonVal>;

export function keyString(k: GoVal, v: GoVal): string {
  if (typeof k === "string") return k;
  if (typeof k === "boolean") return k ? "true" : "false";
  if (typeof k === "number") {
    const s = formatFloat(k, "g", -1, 32);
    return s === "+Inf" ? ".inf" : s === "-Inf" ? "-.inf" : s === "NaN" ? ".nan" : s;
  }
  if (k !== null && !Array.isArray(k) && !(k instanceof GoMapII) && k.t === "int") return k.v.toString();
  throw new YamlDecodeError(`unsupported map key of type: ${goTypeOf(k)}, key: ${goSharpV(k)}, value: ${goSharpV(v)}`);
}

function toJsonVal(v: GoVal): JsonVal {
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return v;
  if (Array.isArray(v)) return v.map(toJsonVal);
  if (v instanceof GoMapII) {
    const m = new Map<string, JsonVal>();
    for (const [k, x] of v.entries.values()) m.set(keyString(k, x), toJsonVal(x));
    return m;
  }
  return Number(v.v);
}

/** json.Marshal's first failure on a converted value: NaN and infinities, in encoding order (sorted keys). */
function jsonUnsupported(v: JsonVal): string | undefined {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
    return undefined;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const e = jsonUnsupported(x);
      if (e !== undefined) return e;
    }
  } else if (v instanceof Map) {
    for (const k of [...v.keys()].sort()) {
      const e = jsonUnsupported(v.get(k) as JsonVal);
      if (e !== undefined) return e;
    }
  }
  return undefined;
}

function jsonKind(v: JsonVal): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** The YAML document as sigs.k8s.io/yaml reads it through JSON, or its error. */
function decodeForJson(src: string): { value: JsonVal } | { error: string } {
  try {
    const v = toJsonVal(decodeYaml(src));
    const bad = jsonUnsupported(v);
    if (bad !== undefined) return { error: `error converting YAML to JSON: json: unsupported value: ${bad}` };
    return { value: v };
  } catch (e) {
    if (e instanceof YamlDecodeError) return { error: `error converting YAML to JSON: ${e.message}` };
    throw e;
  }
}

/**
 * sigs.k8s.io/yaml.Unmarshal into a map (target "map"), a []interface{}
 * (target "slice") or an interface{} (target "any"): the decoded value, or
 * Go's error message.
 */
export function sigsUnmarshal(src: string, target: "map" | "slice" | "any"): { value: JsonVal } | { error: string } {
  const r = sigsUnmarshalShared(src, target);
  return "error" in r ? r : { value: cloneJsonVal(r.value) };
}

/** Decoded documents (or their error) by text, shared: see sigsUnmarshalShared. */
const decodedDocs = new TextCache<{ value: JsonVal } | { error: string }>(4096, 8 * 1024 * 1024);

function cloneJsonVal(v: JsonVal): JsonVal {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(cloneJsonVal);
  const m = new Map<string, JsonVal>();
  for (const [k, x] of v) m.set(k, cloneJsonVal(x));
  return m;
}

/**
 * sigsUnmarshal whose value may be shared with other calls (and is cached
 * by text): the caller must not modify it.
 */
export function sigsUnmarshalShared(src: string, target: "map" | "slice" | "any"): { value: JsonVal } | { error: string } {
  let decoded = decodedDocs.get(src);
  if (decoded === undefined) {
    decoded = decodeForJson(src);
    decodedDocs.set(src, decoded);
  }
  if ("error" in decoded) return decoded;
  const v = decoded.value;
  if (v === null || target === "any") return { value: v };
  const ok = target === "map" ? v instanceof Map : Array.isArray(v);
  if (!ok) {
    const type = target === "map" ? "map[string]interface {}" : "[]interface {}";
    return { error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}` };
  }
  return { value: v };
}

/** Helm's fromYaml: a map, with the error under "Error" when the YAML cannot be read as a map. */
export function fromYaml(str: string): Map<string, unknown> {
  const r = sigsUnmarshal(str, "map");
  if ("error" in r) return new Map([["Error", r.error]]);
  return r.value instanceof Map ? r.value : new Map<string, unknown>();
}

/** Helm's fromYamlArray: a list, or a list holding only the error message. */
export function fromYamlArray(str: string): unknown[] {
  const r = sigsUnmarshal(str, "slice");
  if ("error" in r) return [r.error];
  return Array.isArray(r.value) ? r.value : [];
}

/** Helm's fromJson: json.Unmarshal into a map; errors under "Error" (after whatever was decoded). */
export function fromJson(str: string): Map<string, unknown> {
  const d = unmarshalJson(str);
  if (d.syntax === true) return new Map([["Error", d.error]]);
  if (d.value === null) return d.error === undefined ? new Map<string, unknown>() : new Map<string, unknown>([["Error", d.error]]);
  if (!(d.value instanceof Map)) {
    return new Map([["Error", `json: cannot unmarshal ${jsonKind(d.value as JsonVal)} into Go value of type map[string]interface {}`]]);
  }
  const m = d.value as Map<string, unknown>;
  if (d.error !== undefined) m.set("Error", d.error);
  return m;
}

/** Helm's fromJsonArray: json.Unmarshal into a list; on error a list holding only the message. */
export function fromJsonArray(str: string): unknown[] {
  const d = unmarshalJson(str);
  if (d.syntax === true) return [d.error];
  if (d.value !== null && !Array.isArray(d.value)) return [`json: cannot unmarshal ${jsonKind(d.value as JsonVal)} into Go value of type []interface {}`];
  if (d.error !== undefined) return [d.error];
  return d.value === null ? [] : d.value;
}

/** An error of Sprig's mustFromJson (json.Unmarshal into interface{}). */
export class JsonDecodeError extends Error {}

/** Sprig's mustFromJson: any JSON value (numbers float64); throws JsonDecodeError. */
export function mustFromJson(str: string): unknown {
  const d = unmarshalJson(str);
  if (d.error !== undefined) throw new JsonDecodeError(d.error);
  return d.value;
}
