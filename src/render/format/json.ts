/**
 * Go's encoding/json Marshal for the template value model: sorted map keys,
 * HTML escaping, float64 formatting, []byte as base64, nil as null, and
 * Go's error messages for values JSON cannot represent.
 *
 * The walk over a value (`jsonWalk`) is shared with toYaml, which starts
 * with json.Marshal: it reports every node in the order encoding/json
 * writes it, so callers can build their own tree and fail exactly where Go
 * fails.
 */
import { GoFunc, GoInt, compareGoStrings, goTypeName, isMap, isStruct, mapGet, mapKeys, sliceElemType, type GoMap } from "../../template/index.ts";

/**
 * A host object (a Go struct such as chart.Metadata) may define how it
 * marshals to JSON, as Go's json tags and json.Marshaler do: the method
 * returns the value to encode in its place (e.g. a Map of its tagged fields,
 * omitting empty ones).
 */
export const MARSHAL_JSON: unique symbol = Symbol("bosun.format.marshalJSON");

export interface JsonMarshaler {
  [MARSHAL_JSON](): unknown;
}

/** An error of json.Marshal; `message` is Go's err.Error(). */
export class JsonError extends Error {}

/** Go's time.RFC3339Nano layout: how time.Time marshals to JSON and YAML. */
export const RFC3339_NANO = "2006-01-02T15:04:05.999999999Z07:00";

function hasMarshalJSON(v: object): v is JsonMarshaler {
  return typeof (v as Partial<JsonMarshaler>)[MARSHAL_JSON] === "function";
}

/** Go's json.Marshal(float64): ES6 number formatting, except that -0 keeps its sign. */
export function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f)) {
    throw new JsonError(`json: unsupported value: ${Number.isNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf"}`);
  }
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // Go formats with 'f' for 1e-6 <= |f| < 1e21 and 'e' otherwise, with the
  // shortest round-trip digits and a one-digit minimum exponent: exactly
  // ECMAScript's Number::toString.
  return String(f);
}

// Bytes that encoding/json escapes in strings (with and without HTML escaping).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const HEX = "0123456789abcdef";

/** Go's JSON string encoding (encodeState.string). */
export function quoteJsonString(s: string, escapeHTML = true): string {
  if (!(escapeHTML ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE).test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x08:
          esc = "\\b";
          break;
        case 0x0c:
          esc = "\\f";
          break;
        case 0x0a:
          esc = "\\n";
          break;
        case 0x0d:
          esc = "\\r";
          break;
        case 0x09:
          esc = "\\t";
          break;
        default:
          esc = `\\u00${HEX[c >> 4] ?? ""}${HEX[c & 0xf] ?? ""}`;
      }
    } else if (c === 0x22 || c === 0x5c) {
      esc = `\\${String.fromCharCode(c)}`;
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) {
      esc = `\\u00${HEX[c >> 4] ?? ""}${HEX[c & 0xf] ?? ""}`;
    } else if (c === 0x2028 || c === 0x2029) {
      esc = `\\u202${HEX[c & 0xf] ?? ""}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      // A lone surrogate is U+FFFD in the UTF-8 string Go sees.
      esc = "\ufffd";
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

/** Standard base64 with padding, as encoding/json writes []byte. */
export function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");
}

/**
 * The exported fields of a struct-like host object, in declaration order:
 * own enumerable string properties whose name starts with an upper-case
 * letter (Go's exported identifiers). Methods live on the prototype.
 */
export function structFields(v: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, val] of Object.entries(v)) {
    if (/^\p{Lu}/u.test(k) && typeof val !== "function") out.push([k, val]);
  }
  return out;
}

/** Map keys in Go's order (byte-wise): JS order unless a key has surrogates. */
function sortedMapKeys(m: GoMap): string[] {
  const keys = mapKeys(m);
  for (const k of keys) if (/[\ud800-\udfff]/.test(k)) return keys.sort(compareGoStrings);
  return keys.sort();
}

/** What the JSON walk found at one position. */
export type JsonLeaf =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "number"; text: string }
  | { kind: "string"; value: string };

/**
 * Builds a tree from a Go value in encoding/json's order: objects with
 * sorted keys, the same leaves json.Marshal writes. Throws JsonError where
 * json.Marshal fails.
 */
export interface JsonBuilder<N, K> {
  leaf(l: JsonLeaf): N;
  array(items: N[]): N;
  /** An object key, reported in output order just before its value is walked. */
  key(k: string): K;
  /** Keys in encoding/json order (sorted for maps, declaration order for structs). */
  object(keys: K[], values: N[]): N;
  /** Called when entering (+1) and leaving (-1) an array or object. */
  depth?(delta: 1 | -1): void;
}

/** Go's reflect type name for cycle errors: maps and slices as json sees them. */
function cycleType(v: object): string {
  if (Array.isArray(v)) return `[]${sliceElemType(v)}`;
  if (isMap(v)) return "map[string]interface {}";
  return goTypeName(v);
}

export function jsonWalk<N, K>(root: unknown, b: JsonBuilder<N, K>): N {
  const path = new Set<object>();
  const enter = (o: object): void => {
    if (path.has(o)) throw new JsonError(`json: unsupported value: encountered a cycle via ${cycleType(o)}`);
    path.add(o);
  };
  const fields = (keys: string[], get: (k: string, i: number) => unknown): N => {
    b.depth?.(1);
    const ks: K[] = [];
    const vs: N[] = [];
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      ks.push(b.key(k));
      vs.push(walk(get(k, i)));
    }
    b.depth?.(-1);
    return b.object(ks, vs);
  };
  function walk(v: unknown): N {
    if (v === null || v === undefined) return b.leaf({ kind: "null" });
    switch (typeof v) {
      case "boolean":
        return b.leaf({ kind: "bool", value: v });
      case "number":
        return b.leaf({ kind: "number", text: formatJsonFloat(v) });
      case "string":
        return b.leaf({ kind: "string", value: v });
      case "bigint":
        return b.leaf({ kind: "number", text: v.toString() });
      case "function":
        throw new JsonError(`json: unsupported type: ${goTypeName(v)}`);
      default:
        break;
    }
    if (v instanceof GoInt) return b.leaf({ kind: "number", text: v.value.toString() });
    if (v instanceof Uint8Array) return b.leaf({ kind: "string", value: base64(v) });
    if (v instanceof GoFunc) throw new JsonError(`json: unsupported type: ${goTypeName(v)}`);
    const o = v;
    if (Array.isArray(v)) {
      if (sliceElemType(v) === "uint8") {
        return b.leaf({ kind: "string", value: base64(Uint8Array.from(v, (x) => (x instanceof GoInt ? Number(x.value & 0xffn) : 0))) });
      }
      enter(o);
      b.depth?.(1);
      const items = v.map(walk);
      b.depth?.(-1);
      path.delete(o);
      return b.array(items);
    }
    if (isMap(v)) {
      enter(o);
      const n = fields(sortedMapKeys(v), (k) => mapGet(v, k).value);
      path.delete(o);
      return n;
    }
    if (isStruct(v)) {
      enter(o);
      let n: N;
      if (hasMarshalJSON(o)) {
        n = walk(o[MARSHAL_JSON]());
      } else {
        const fs = structFields(o);
        n = fields(
          fs.map(([k]) => k),
          (_k, i) => fs[i]?.[1],
        );
      }
      path.delete(o);
      return n;
    }
    throw new JsonError(`json: unsupported type: ${goTypeName(v)}`);
  }
  return walk(root);
}

/** A JSON text builder: compact or indented, with or without HTML escaping. */
function textBuilder(escapeHTML: boolean): JsonBuilder<string, string> {
  return {
    leaf(l) {
      switch (l.kind) {
        case "null":
          return "null";
        case "bool":
          return l.value ? "true" : "false";
        case "number":
          return l.text;
        case "string":
          return quoteJsonString(l.value, escapeHTML);
      }
    },
    array(items) {
      return `[${items.join(",")}]`;
    },
    key: (k) => quoteJsonString(k, escapeHTML),
    object(keys, values) {
      let s = "{";
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) s += ",";
        s += `${keys[i] as string}:${values[i] as string}`;
      }
      return `${s}}`;
    },
  };
}

/** A tree of already-encoded leaves, for indentation. */
type Indented = { t: "leaf"; s: string } | { t: "arr"; items: Indented[] } | { t: "obj"; keys: string[]; values: Indented[] };

function indentBuilder(escapeHTML: boolean): JsonBuilder<Indented, string> {
  const text = textBuilder(escapeHTML);
  return {
    leaf: (l) => ({ t: "leaf", s: text.leaf(l) }),
    array: (items) => ({ t: "arr", items }),
    key: (k) => quoteJsonString(k, escapeHTML),
    object: (keys, values) => ({ t: "obj", keys, values }),
  };
}

function writeIndented(n: Indented, prefix: string, indent: string, depth: number, out: string[]): void {
  const nl = (d: number): string => `\n${prefix}${indent.repeat(d)}`;
  switch (n.t) {
    case "leaf":
      out.push(n.s);
      return;
    case "arr":
      if (n.items.length === 0) {
        out.push("[]");
        return;
      }
      out.push("[");
      n.items.forEach((it, i) => {
        out.push(i > 0 ? `,${nl(depth + 1)}` : nl(depth + 1));
        writeIndented(it, prefix, indent, depth + 1, out);
      });
      out.push(`${nl(depth)}]`);
      return;
    case "obj":
      if (n.keys.length === 0) {
        out.push("{}");
        return;
      }
      out.push("{");
      n.keys.forEach((k, i) => {
        out.push(`${i > 0 ? "," : ""}${nl(depth + 1)}${k}: `);
        writeIndented(n.values[i] as Indented, prefix, indent, depth + 1, out);
      });
      out.push(`${nl(depth)}}`);
      return;
  }
}

/** json.Marshal(v). Throws JsonError. */
export function marshalJson(v: unknown): string {
  return jsonWalk(v, textBuilder(true));
}

/** json.NewEncoder with SetEscapeHTML(false), without the trailing newline Encode adds. */
export function marshalRawJson(v: unknown): string {
  return jsonWalk(v, textBuilder(false));
}

/** json.MarshalIndent(v, prefix, indent). Throws JsonError. */
export function marshalJsonIndent(v: unknown, prefix = "", indent = "  ", escapeHTML = true): string {
  const out: string[] = [];
  writeIndented(jsonWalk(v, indentBuilder(escapeHTML)), prefix, indent, 0, out);
  return out.join("");
}
