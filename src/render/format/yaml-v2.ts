/**
 * Helm's toYaml: sigs.k8s.io/yaml.Marshal, then strings.TrimSuffix(out, "\n").
 *
 * sigs.k8s.io/yaml.Marshal is json.Marshal followed by JSONToYAML, which
 * reads the JSON back with go-yaml v2 (YAML 1.1 resolution: integers stay
 * integers, other numbers become floats) and marshals the result with
 * go-yaml v2. The JSON text is never built here: the value is walked in
 * encoding/json's order and each JSON token is turned into what go-yaml v2
 * would read from it, including the scanner's quirks on JSON text (C1
 * control characters are errors, a raw U+0085 is a line break that folds,
 * a key more than 1024 characters from its ':' is no simple key).
 */
import { formatFloat } from "../../template/index.ts";
import { emitDocument, PLAIN_FALSE, PLAIN_NULL, PLAIN_TRUE, Plain, YMap, type Dialect, type YNode } from "./emitter.ts";
import { JsonError, jsonWalk, quoteJsonString, type JsonBuilder, type JsonLeaf } from "./json.ts";
import { canUsePlain, resolvePlain } from "./resolve.ts";
import { sortYamlKeys } from "./sort.ts";

/** An error of sigs.k8s.io/yaml.Marshal; `message` is Go's err.Error(). */
export class YamlError extends Error {}

export const V2: Dialect = { v3: false, bestWidth: 80, canUsePlain: (s) => canUsePlain(s, false) };

/** go-yaml's float formatting: strconv 'g' -1, with YAML's spellings of infinities and NaN. */
export function yamlFloat(f: number, bitSize: 32 | 64 = 64): string {
  const s = formatFloat(f, "g", -1, bitSize);
  switch (s) {
    case "+Inf":
      return ".inf";
    case "-Inf":
      return "-.inf";
    case "NaN":
      return ".nan";
    default:
      return s;
  }
}

/** What go-yaml v2 makes of a JSON number token, written back as go-yaml v2 writes it. */
function numberNode(text: string): Plain {
  // Integers that fit an int64 are written back as they are (-0 as 0).
  if (/^-?[0-9]{1,18}$/.test(text)) return new Plain(text === "-0" ? "0" : text);
  const r = resolvePlain(text, false);
  if (r.tag === "int") return new Plain(r.value.toString());
  if (r.tag === "float") return new Plain(yamlFloat(r.value));
  // encoding/json only writes numbers go-yaml resolves as int or float.
  return new Plain(text);
}

const MAX_FLOW_LEVEL = 10000;

function codePointCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) n--;
  }
  return n;
}

// Characters whose presence needs a closer look: C0/C1 controls and DEL that
// JSON leaves raw, U+FFFE/U+FFFF, and surrogates (lone ones are U+FFFD).
 
const SUSPECT = /[\u007f-\u009f\ufffe\uffff\ud800-\udfff]/;

/** Code points go-yaml's reader rejects ("control characters are not allowed"); tab, LF and CR are escaped by JSON. */
function isControl(c: number): boolean {
  return c === 0x7f || (c >= 0x80 && c <= 0x9f && c !== 0x85) || c === 0xfffe || c === 0xffff;
}

type Key = { key: string; error: boolean };

class Reader implements JsonBuilder<YNode, Key> {
  /** Line of the YAML scanner: raw U+0085 (NEL) characters are line breaks. */
  line = 0;
  level = 0;
  error: YamlError | undefined;

  private fail(msg: string, line: number, scanner: boolean): void {
    if (this.error !== undefined) return;
    const l = line === 0 ? 0 : scanner ? line + 1 : line;
    this.error = new YamlError(l === 0 ? `yaml: ${msg}` : `yaml: line ${l}: ${msg}`);
  }

  leaf(l: JsonLeaf): YNode {
    switch (l.kind) {
      case "null":
        return PLAIN_NULL;
      case "bool":
        return l.value ? PLAIN_TRUE : PLAIN_FALSE;
      case "number":
        return numberNode(l.text);
      case "string":
        return this.string(l.value);
    }
  }

  /**
   * The string go-yaml v2 reads from the JSON string literal of `s`: lone
   * surrogates become U+FFFD (as json.Marshal writes them), and a raw NEL is
   * a line break inside a double-quoted scalar: it folds to a space (or to
   * newlines when several follow each other), trimming the spaces around it.
   */
  string(s: string): string {
    if (!SUSPECT.test(s)) return s;
    s = s.toWellFormed();
    if (!s.includes("\u0085")) {
      for (const ch of s) {
        if (isControl(ch.codePointAt(0) ?? 0)) {
          this.fail("control characters are not allowed", 0, false);
          break;
        }
      }
      return s;
    }
    return this.fold(s);
  }

  private fold(s: string): string {
    const cps = Array.from(s, (ch) => ch.codePointAt(0) ?? 0);
    let out = "";
    let i = 0;
    const n = cps.length;
    let atLineStart = false;
    for (;;) {
      // A document indicator at the start of a line ends the scalar: an error.
      if (atLineStart && i + 3 <= n) {
        const a = cps[i];
        if ((a === 0x2d || a === 0x2e) && cps[i + 1] === a && cps[i + 2] === a) {
          const next = cps[i + 3];
          if (next === 0x20 || next === 0x85) {
            this.fail("found unexpected document indicator", this.line, true);
          }
        }
      }
      // Non-blank characters.
      while (i < n && cps[i] !== 0x20 && cps[i] !== 0x85) {
        const c = cps[i] as number;
        if (isControl(c)) this.fail("control characters are not allowed", 0, false);
        out += String.fromCodePoint(c);
        i++;
      }
      if (i >= n) break;
      // Blanks and breaks.
      let whitespace = "";
      let leadingBlanks = false;
      let trailingBreaks = "";
      atLineStart = false;
      while (i < n && (cps[i] === 0x20 || cps[i] === 0x85)) {
        if (cps[i] === 0x20) {
          if (!leadingBlanks) whitespace += " ";
          atLineStart = false;
        } else {
          this.line++;
          if (!leadingBlanks) {
            whitespace = "";
            leadingBlanks = true;
          } else trailingBreaks += "\n";
          atLineStart = true;
        }
        i++;
      }
      if (leadingBlanks) out += trailingBreaks === "" ? " " : trailingBreaks;
      else out += whitespace;
      if (i >= n) break;
    }
    return out;
  }

  array(items: YNode[]): YNode {
    return items;
  }

  key(k: string): Key {
    const startLine = this.line;
    const key = this.string(k);
    // The ':' after a key must be on the key's line and at most 1024
    // characters after its opening quote, or the key is no simple key and
    // go-yaml's parser fails on the ':'.
    if (codePointCount(quoteJsonString(k)) > 1024 || startLine !== this.line) {
      this.fail("did not find expected ',' or '}'", this.line, false);
      return { key, error: true };
    }
    return { key, error: false };
  }

  depth(delta: 1 | -1): void {
    this.level += delta;
    if (delta === 1 && this.level > MAX_FLOW_LEVEL) this.fail(`exceeded max depth of ${MAX_FLOW_LEVEL}`, this.line, true);
  }

  object(keys: Key[], values: YNode[]): YNode {
    const ks = keys.map((k) => k.key);
    let unique = true;
    const seen = new Set<string>();
    for (const k of ks) {
      if (seen.has(k)) unique = false;
      seen.add(k);
    }
    if (!unique) {
      // Keys that differ only in invalid UTF-8: the later one wins.
      const m = new Map<string, YNode>();
      ks.forEach((k, i) => m.set(k, values[i] as YNode));
      const sorted = sortYamlKeys([...m.keys()], false);
      return new YMap(
        sorted,
        sorted.map((k) => m.get(k) as YNode),
      );
    }
    const order = sortYamlKeys(ks, false);
    if (order.every((k, i) => k === ks[i])) return new YMap(ks, values);
    const byKey = new Map<string, YNode>();
    ks.forEach((k, i) => byKey.set(k, values[i] as YNode));
    return new YMap(
      order,
      order.map((k) => byKey.get(k) as YNode),
    );
  }
}

/**
 * The document go-yaml v2 reads from json.Marshal(v). Throws JsonError
 * (json.Marshal failed) or YamlError (go-yaml could not read the JSON).
 */
export function jsonToYamlNode(v: unknown): YNode {
  const r = new Reader();
  const node = jsonWalk(v, r);
  if (r.error !== undefined) throw r.error;
  return node;
}

/**
 * Thrown when a value is nested too deeply for this implementation's
 * recursion (thousands of levels) although Go would still encode it.
 */
export class TooDeepError extends Error {
  constructor() {
    super("value nested too deeply to encode");
  }
}

/** Whether arrays and maps nest more than `max` levels (iterative: safe on any depth). */
function nestsDeeper(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, d] = top;
    const children = Array.isArray(v) ? v : v instanceof Map ? [...(v as Map<string, unknown>).values()] : undefined;
    if (children === undefined) continue;
    if (d + 1 > max) return true;
    for (const c of children) stack.push([c, d + 1]);
  }
  return false;
}

/** Runs f, mapping a JS stack overflow to go-yaml's depth error or TooDeepError. */
export function guardDepth<T>(v: unknown, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    if (nestsDeeper(v, MAX_FLOW_LEVEL)) throw new YamlError(`yaml: exceeded max depth of ${String(MAX_FLOW_LEVEL)}`);
    throw new TooDeepError();
  }
}

/** sigs.k8s.io/yaml.Marshal(v) as a string, with its final newline. Throws YamlError. */
export function marshalYamlV2(v: unknown): string {
  return guardDepth(v, () => {
    let node: YNode;
    try {
      node = jsonToYamlNode(v);
    } catch (e) {
      if (e instanceof JsonError) throw new YamlError(`error marshaling into JSON: ${e.message}`);
      throw e;
    }
    return emitDocument(node, V2);
  });
}

/** Helm's toYaml: the YAML without its final newline, or "" when marshaling fails. */
export function toYaml(v: unknown): string {
  try {
    return mustToYaml(v);
  } catch (e) {
    if (e instanceof YamlError) return "";
    throw e;
  }
}

/** Helm's mustToYaml: like toYaml, but throws YamlError (Go panics with the error). */
export function mustToYaml(v: unknown): string {
  const s = marshalYamlV2(v);
  return s.endsWith("\n") ? s.slice(0, -1) : s;
}
