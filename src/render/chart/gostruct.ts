/**
 * sigs.k8s.io/yaml.Unmarshal into a Go struct, as Helm reads Chart.yaml,
 * requirements.yaml and Chart.lock: go-yaml v2 decodes the YAML into
 * interface{}; the result is made JSON-compatible with the struct as a hint
 * (numbers and booleans bound for string fields become strings: `version:
 * 1.10` is "1.1", floats formatted as float32); json.Marshal then
 * json.Unmarshal into the existing struct value, with encoding/json's rules:
 * case-insensitive field names, unknown fields ignored, `null` leaving
 * fields alone, slices decoded into their existing elements, maps merged,
 * and the first type mismatch reported (decoding goes on) with Go's message.
 */
import { decodeYaml, GoMapII, keyString, YamlDecodeError, type GoVal } from "../format/index.ts";
import { compareGoStrings, formatFloat } from "../../template/index.ts";
import { parseTime, UTC } from "../funcs/time.ts";

/** A Go type, as far as decoding needs it. */
export type GoType =
  | { k: "string" }
  | { k: "bool" }
  /** interface{}: JSON values as they are (numbers float64, objects maps). */
  | { k: "any" }
  /** time.Time (a json.Unmarshaler): an RFC 3339 string, kept as text. */
  | { k: "time" }
  | { k: "slice"; elem: GoType; name: string }
  | { k: "ptr"; elem: StructType }
  | { k: "map"; elem: GoType; name: string }
  | StructType;

export interface StructType {
  k: "struct";
  /** Qualified name, as %v prints the type: "v2.Metadata". */
  name: string;
  fields: { json: string; type: GoType }[];
}

/** A decoded struct: its fields by JSON name. */
export type GoStruct = Record<string, unknown>;

/** JSON-compatible values between the two steps. */
type JV = null | boolean | string | number | JV[] | Map<string, JV>;

/** An error of sigs.k8s.io/yaml.Unmarshal, with Go's message. */
export class GoYamlError extends Error {}

function goTypeName(t: GoType): string {
  switch (t.k) {
    case "string":
      return "string";
    case "bool":
      return "bool";
    case "any":
      return "interface {}";
    case "time":
      return "time.Time";
    case "slice":
    case "map":
      return t.name;
    case "ptr":
      return `*${t.elem.name}`;
    case "struct":
      return t.name;
  }
}

/** The zero value of a type. */
export function zeroValue(t: GoType): unknown {
  switch (t.k) {
    case "string":
    case "time":
      return "";
    case "bool":
      return false;
    case "struct":
      return zeroStruct(t);
    default:
      return null;
  }
}

export function zeroStruct(t: StructType): GoStruct {
  const o: GoStruct = {};
  for (const f of t.fields) o[f.json] = zeroValue(f.type);
  return o;
}

// ---------------------------------------------------------------------------
// encoding/json's case-insensitive field matching.

function foldName(s: string): string {
  let out = "";
  for (const ch of s) {
    const up = ch.toLowerCase().toUpperCase();
    out += Array.from(up).length === 1 ? up : ch;
  }
  return out;
}

function findField(t: StructType, key: string): { json: string; type: GoType } | undefined {
  const exact = t.fields.find((f) => f.json === key);
  if (exact !== undefined) return exact;
  const folded = foldName(key);
  return t.fields.find((f) => foldName(f.json) === folded);
}

// ---------------------------------------------------------------------------
// Step 1: YAML value to JSON-compatible value, with the target type as a hint.

/** convertToJSONableObject: a pointer's target is its element; time.Time is an Unmarshaler (no hint). */
function hint(t: GoType | null): GoType | null {
  if (t === null || t.k === "time") return null;
  return t.k === "ptr" ? t.elem : t;
}

function toJsonable(v: GoVal, target: GoType | null): JV {
  const t = hint(target);
  if (v instanceof GoMapII) {
    const m = new Map<string, JV>();
    for (const [k, x] of v.entries.values()) {
      const key = keyString(k, x);
      let sub: GoType | null = null;
      if (t?.k === "struct") sub = findField(t, key)?.type ?? null;
      else if (t?.k === "map") sub = t.elem;
      m.set(key, toJsonable(x, sub));
    }
    return m;
  }
  if (Array.isArray(v)) {
    const elem = t?.k === "slice" ? t.elem : null;
    return v.map((x) => toJsonable(x, elem));
  }
  if (t?.k === "string" && v !== null && typeof v !== "string") {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") return formatFloat(v, "g", -1, 32);
    return v.v.toString();
  }
  if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") return v;
  return Number(v.v);
}

/** json.Marshal's first failure: NaN and infinities, in encoding order (sorted keys). */
function unsupported(v: JV): string | undefined {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
    return undefined;
  }
  if (Array.isArray(v)) {
    for (const x of v) {
      const e = unsupported(x);
      if (e !== undefined) return e;
    }
  } else if (v instanceof Map) {
    for (const k of [...v.keys()].sort(compareGoStrings)) {
      const e = unsupported(v.get(k) as JV);
      if (e !== undefined) return e;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Step 2: json.Unmarshal into an existing value.

function jsonKind(v: JV): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** Where the decoder is, for UnmarshalTypeError: the innermost struct and the JSON field path. */
interface Ctx {
  struct: string;
  path: string[];
  saved: string | undefined;
}

class AbortError extends Error {}

function typeError(ctx: Ctx, v: JV, t: GoType): void {
  if (ctx.saved !== undefined) return;
  const type = t.k === "ptr" ? t.elem.name : goTypeName(t);
  ctx.saved =
    ctx.path.length === 0
      ? `json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`
      : `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${ctx.struct}.${ctx.path.join(".")} of type ${type}`;
}

/** JSON values in the value model (interface{} targets). */
function anyValue(v: JV): unknown {
  if (Array.isArray(v)) return v.map(anyValue);
  if (v instanceof Map) return new Map([...v.entries()].map(([k, x]) => [k, anyValue(x)]));
  return v;
}

function decode(v: JV, t: GoType, cur: unknown, ctx: Ctx): unknown {
  switch (t.k) {
    case "any":
      return anyValue(v);
    case "string":
      if (v === null) return cur;
      if (typeof v === "string") return v;
      typeError(ctx, v, t);
      return cur;
    case "bool":
      if (v === null) return cur;
      if (typeof v === "boolean") return v;
      typeError(ctx, v, t);
      return cur;
    case "time":
      if (v === null) return cur;
      if (typeof v !== "string") throw new AbortError("Time.UnmarshalJSON: input is not a JSON string");
      try {
        parseTime("2006-01-02T15:04:05Z07:00", v, UTC, UTC);
      } catch (e) {
        throw new AbortError((e as Error).message);
      }
      return v;
    case "slice": {
      if (v === null) return null;
      if (!Array.isArray(v)) {
        typeError(ctx, v, t);
        return cur;
      }
      const old = Array.isArray(cur) ? (cur as unknown[]) : [];
      return v.map((x, i) => decode(x, t.elem, i < old.length ? old[i] : zeroValue(t.elem), ctx));
    }
    case "ptr":
      if (v === null) return null;
      if (!(v instanceof Map)) {
        typeError(ctx, v, t);
        return cur;
      }
      return decodeStruct(v, t.elem, cur === null || cur === undefined ? zeroStruct(t.elem) : (cur as GoStruct), ctx);
    case "map": {
      if (v === null) return null;
      if (!(v instanceof Map)) {
        typeError(ctx, v, t);
        return cur;
      }
      const m = cur instanceof Map ? (cur as Map<string, unknown>) : new Map<string, unknown>();
      for (const k of [...v.keys()].sort(compareGoStrings)) m.set(k, decode(v.get(k) as JV, t.elem, zeroValue(t.elem), ctx));
      return m;
    }
    case "struct":
      if (v === null) return cur;
      if (!(v instanceof Map)) {
        typeError(ctx, v, t);
        return cur;
      }
      return decodeStruct(v, t, cur as GoStruct, ctx);
  }
}

function decodeStruct(v: Map<string, JV>, t: StructType, into: GoStruct, ctx: Ctx): GoStruct {
  for (const key of [...v.keys()].sort(compareGoStrings)) {
    const f = findField(t, key);
    if (f === undefined) continue;
    const outer = ctx.struct;
    ctx.struct = t.name.slice(t.name.indexOf(".") + 1);
    ctx.path.push(f.json);
    into[f.json] = decode(v.get(key) as JV, f.type, into[f.json], ctx);
    ctx.path.pop();
    ctx.struct = outer;
  }
  return into;
}

/**
 * decodeYaml, remembering the last text: a chart's Chart.yaml is read twice
 * (for its apiVersion, then whole). toJsonable does not modify the value.
 */
let lastDecoded: { text: string; value: GoVal } | { text: string; error: unknown } | undefined;
function decodeLast(text: string): GoVal {
  if (lastDecoded?.text !== text) {
    try {
      lastDecoded = { text, value: decodeYaml(text) };
    } catch (e) {
      if (!(e instanceof YamlDecodeError)) throw e;
      lastDecoded = { text, error: e };
    }
  }
  if ("error" in lastDecoded) throw lastDecoded.error;
  return lastDecoded.value;
}

/**
 * yaml.Unmarshal(text, &into) for a struct type: decodes `text` over `into`
 * (which it mutates and returns). Throws GoYamlError with sigs.k8s.io/yaml's
 * message ("error converting YAML to JSON: …", "error unmarshaling JSON:
 * while decoding JSON: …").
 */
export function unmarshalStruct(text: string, t: StructType, into: GoStruct = zeroStruct(t)): GoStruct {
  let jv: JV;
  try {
    jv = toJsonable(decodeLast(text), t);
  } catch (e) {
    if (e instanceof YamlDecodeError) throw new GoYamlError(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  const bad = unsupported(jv);
  if (bad !== undefined) throw new GoYamlError(`error converting YAML to JSON: json: unsupported value: ${bad}`);
  const ctx: Ctx = { struct: "", path: [], saved: undefined };
  try {
    decode(jv, t, into, ctx);
  } catch (e) {
    if (e instanceof AbortError) throw new GoYamlError(`error unmarshaling JSON: while decoding JSON: ${e.message}`);
    throw e;
  }
  if (ctx.saved !== undefined) throw new GoYamlError(`error unmarshaling JSON: while decoding JSON: ${ctx.saved}`);
  return into;
}
