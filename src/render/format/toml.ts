/**
 * Helm's toToml and fromToml (github.com/BurntSushi/toml v1.6.0).
 *
 * toToml reproduces BurntSushi's Encoder: per table, keys that hold plain
 * values first, then sub-tables and arrays of tables, each group sorted;
 * nested table headers indented by two spaces per level; floats always
 * with a decimal point or exponent; strings double-quoted with Go's escape
 * set. Encoding errors are returned as the function's result, as Helm does.
 *
 * fromToml parses with smol-toml and converts to the value model Go's
 * decoder produces: integers are int64, arrays of tables
 * []map[string]interface{}, datetimes time.Time (in the zones BurntSushi
 * uses for local dates and times).
 */
import { parse as parseToml, TomlDate, TomlError } from "smol-toml";
import { GoFunc, formatFloat, compareGoStrings, GoInt, goTypeName, isMap, isStruct, mapGet, mapKeys, typedSlice } from "../../template/index.ts";
import { fixedZone, goDate, GoTime, localZone, UTC, type GoLocation } from "../funcs/time.ts";
import { RFC3339_NANO, structFields } from "./json.ts";

/** An error BurntSushi's encoder returns (Helm's toToml prints it). */
class TomlEncodeError extends Error {}

/** A Go panic inside the encoder (not recovered by Helm: it fails the template). */
export class TomlPanic extends Error {}

const ERR_ARRAY_NIL = "toml: cannot encode array with nil element";
const ERR_NO_KEY = "toml: top-level values must be Go maps or structs";

// The zones BurntSushi's decoder gives local datetimes, dates and times
// (internal.LocalDatetime, LocalDate, LocalTime): the local offset at start-up.
let localZones: { datetime: GoLocation; date: GoLocation; time: GoLocation } | undefined;
function tomlLocalZones(): { datetime: GoLocation; date: GoLocation; time: GoLocation } {
  if (localZones === undefined) {
    const offset = localZone().lookup(Math.floor(Date.now() / 1000)).offset;
    localZones = { datetime: fixedZone("datetime-local", offset), date: fixedZone("date-local", offset), time: fixedZone("time-local", offset) };
  }
  return localZones;
}

type TomlType = "nil" | "bool" | "integer" | "float" | "string" | "datetime" | "array" | "arrayHash" | "hash";

function isTomlNil(v: unknown): boolean {
  return v === null || v === undefined;
}

/** BurntSushi's tomlTypeOfGo. Throws TomlEncodeError for arrays with nil elements. */
function tomlType(v: unknown): TomlType {
  if (isTomlNil(v)) return "nil";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return "float";
    case "bigint":
      return "integer";
    case "string":
      return "string";
    case "function":
      throw new TomlEncodeError("unsupported type: func");
    default:
      break;
  }
  if (v instanceof GoInt) return "integer";
  if (v instanceof GoTime) return "datetime";
  if (v instanceof Uint8Array) return "array";
  if (v instanceof GoFunc) throw new TomlEncodeError("unsupported type: func");
  if (Array.isArray(v)) {
    if (v.length === 0) return "array";
    let table = true;
    for (const e of v) {
      const t = tomlType(e);
      if (t === "nil") throw new TomlEncodeError(ERR_ARRAY_NIL);
      if (t !== "hash") table = false;
    }
    return table ? "arrayHash" : "array";
  }
  if (isMap(v) || isStruct(v)) return "hash";
  throw new TomlEncodeError(`unsupported type: ${goTypeName(v)}`);
}

function isTable(t: TomlType): boolean {
  return t === "hash" || t === "arrayHash";
}

/** dblQuotedReplacer: ", \ and control characters (and DEL). */
function tomlQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\r":
        out += "\\r";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += c >= 0xd800 && c <= 0xdfff ? "\ufffd" : ch;
  }
  return `${out}"`;
}

function isBareKey(k: string): boolean {
  return k !== "" && /^[A-Za-z0-9_-]+$/.test(k);
}

function keyPart(k: string): string {
  if (k === "") return '""';
  return isBareKey(k) ? k : tomlQuote(k);
}

function floatAddDecimal(s: string): string {
  return s.includes("e") || s.includes(".") ? s : `${s}.0`;
}

function tomlFloat(f: number): string {
  if (Number.isNaN(f)) return "nan";
  if (!Number.isFinite(f)) return f < 0 ? "-inf" : "inf";
  return floatAddDecimal(formatFloat(f, "g", -1));
}

function timeText(t: GoTime): string {
  const z = tomlLocalZones();
  const loc = t.location;
  if (loc === z.datetime) return t.in(UTC).format("2006-01-02T15:04:05.999999999");
  if (loc === z.date) return t.in(UTC).format("2006-01-02");
  if (loc === z.time) return t.in(UTC).format("15:04:05.999999999");
  return t.format(RFC3339_NANO);
}

/** Entries of a map or struct: [key, value] in Go's iteration basis (maps sorted later). */
function entries(v: object): [string, unknown][] {
  if (isMap(v)) return mapKeys(v).map((k) => [k, mapGet(v, k).value]);
  return structFields(v);
}

class Encoder {
  private out = "";
  private hasWritten = false;

  result(): string {
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
    this.hasWritten = true;
  }

  private newline(): void {
    if (this.hasWritten) this.write("\n");
  }

  private indent(key: readonly string[]): string {
    return "  ".repeat(Math.max(key.length - 1, 0));
  }

  encode(key: string[], v: unknown): void {
    if (isTomlNil(v)) return;
    if (v instanceof GoTime || typeof v !== "object" || v instanceof GoInt) {
      this.keyValue(key, v, false);
      return;
    }
    if (Array.isArray(v) || v instanceof Uint8Array) {
      if (tomlType(v) === "arrayHash") this.arrayOfTables(key, v as unknown[]);
      else this.keyValue(key, v, false);
      return;
    }
    if (v instanceof GoFunc) throw new TomlEncodeError(`unsupported type for key '${key.map(keyPart).join(".")}': func`);
    this.table(key, v as object);
  }

  private keyValue(key: string[], v: unknown, inline: boolean): void {
    if (key.length === 0) {
      this.element(v);
      return;
    }
    this.write(`${this.indent(key)}${keyPart(key.at(-1) ?? "")} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private arrayOfTables(key: string[], v: unknown[]): void {
    if (key.length === 0) throw new TomlEncodeError(ERR_NO_KEY);
    for (const t of v) {
      if (isTomlNil(t)) continue;
      this.newline();
      this.write(`${this.indent(key)}[[${key.map(keyPart).join(".")}]]`);
      this.newline();
      this.mapOrStruct(key, t as object, false);
    }
  }

  private table(key: string[], v: object): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${key.map(keyPart).join(".")}]`);
      this.newline();
    }
    this.mapOrStruct(key, v, false);
  }

  private mapOrStruct(key: string[], v: object, inline: boolean): void {
    const es = entries(v);
    const direct: [string, unknown][] = [];
    const sub: [string, unknown][] = [];
    for (const e of es) (isTable(tomlType(e[1])) ? sub : direct).push(e);
    if (isMap(v)) {
      const byKey = (a: [string, unknown], b: [string, unknown]): number => compareGoStrings(a[0], b[0]);
      direct.sort(byKey);
      sub.sort(byKey);
    }
    const writeKeys = (list: [string, unknown][], trailComma: boolean): void => {
      list.forEach(([k, val], i) => {
        if (isTomlNil(val)) return;
        if (inline) {
          this.keyValue([k], val, true);
          if (trailComma || i !== list.length - 1) this.write(", ");
        } else this.encode([...key, k], val);
      });
    };
    if (inline) this.write("{");
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write("}");
  }

  private element(v: unknown): void {
    if (v instanceof GoTime) {
      this.write(timeText(v));
      return;
    }
    if (isTomlNil(v)) throw new TomlPanic("reflect: call of reflect.Value.Type on zero Value");
    switch (typeof v) {
      case "string":
        this.write(tomlQuote(v));
        return;
      case "boolean":
        this.write(v ? "true" : "false");
        return;
      case "number":
        this.write(tomlFloat(v));
        return;
      case "bigint":
        this.write(v.toString());
        return;
      default:
        break;
    }
    if (v instanceof GoInt) {
      this.write(v.value.toString());
      return;
    }
    if (Array.isArray(v) || v instanceof Uint8Array) {
      const items: unknown[] = Array.isArray(v) ? v : Array.from(v, (b) => new GoInt(b, "uint8"));
      this.write("[");
      items.forEach((e, i) => {
        this.element(e);
        if (i !== items.length - 1) this.write(", ");
      });
      this.write("]");
      return;
    }
    if (isMap(v) || isStruct(v)) {
      this.mapOrStruct([], v, true);
      return;
    }
    throw new TomlEncodeError(`unexpected type: ${goTypeName(v)}`);
  }
}

/**
 * Helm's toToml: BurntSushi's Encoder output, or the encoder's error
 * message. Throws TomlPanic where Go panics (toToml of nil).
 */
export function toToml(v: unknown): string {
  if (isTomlNil(v)) throw new TomlPanic("reflect: call of reflect.Value.Type on zero Value");
  const e = new Encoder();
  try {
    e.encode([], v);
  } catch (err) {
    if (err instanceof TomlEncodeError) return err.message;
    throw err;
  }
  return e.result();
}

// ---------------------------------------------------------------------------
// fromToml

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

class TomlDecodeError extends Error {}

/**
 * Datetime literals of the source with more than millisecond precision,
 * by the millisecond-precision text smol-toml's TomlDate gives back.
 */
function fineFractions(src: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /(\d{4}-\d{2}-\d{2}[Tt ])?(\d{2}:\d{2}:\d{2})\.(\d{4,})([Zz]|[+-]\d{2}:\d{2})?/g;
  for (const m of src.matchAll(re)) {
    const date = m[1] === undefined ? "" : `${m[1].slice(0, 10)}T`;
    const zone = m[4] === undefined ? "" : m[4].toUpperCase();
    out.set(`${date}${m[2] ?? ""}.${(m[3] ?? "").slice(0, 3)}${zone}`, m[3] ?? "");
  }
  return out;
}

function tomlTime(d: TomlDate, fine: Map<string, string>): GoTime {
  let iso = d.toISOString();
  const frac = fine.get(iso);
  if (frac !== undefined) iso = iso.replace(/\.\d{3}/, `.${frac}`);
  const z = tomlLocalZones();
  const ms = (frac: string | undefined): number => (frac === undefined ? 0 : Number(frac.padEnd(9, "0").slice(0, 9)));
  let m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  if (m !== null) {
    const [, y, mo, da, h, mi, s, frac, off] = m;
    let loc: GoLocation;
    if (off === undefined) loc = z.datetime;
    else if (off === "Z") loc = UTC;
    else {
      const sign = off.startsWith("-") ? -1 : 1;
      const secs = sign * (Number(off.slice(1, 3)) * 3600 + Number(off.slice(4, 6)) * 60);
      // time.ParseInLocation with time.Local: the local zone when its offset matches.
      const local = localZone();
      const at = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s)) / 1000 - secs;
      loc = local.lookup(at).offset === secs ? local : fixedZone("", secs);
    }
    return goDate(Number(y), Number(mo), Number(da), Number(h), Number(mi), Number(s), ms(frac), loc);
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m !== null) return goDate(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0, z.date);
  m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(iso);
  if (m !== null) return goDate(0, 1, 1, Number(m[1]), Number(m[2]), Number(m[3]), ms(m[4]), z.time);
  throw new TomlDecodeError(`invalid datetime ${iso}`);
}

/** The value model of a parsed TOML value, as BurntSushi decodes it into interface{}. */
function fromTomlValue(v: unknown, fine: Map<string, string>): unknown {
  if (typeof v === "bigint") {
    if (v < INT64_MIN || v > INT64_MAX) throw new TomlDecodeError(`${v.toString()} is out of range for int64`);
    return new GoInt(v, "int64");
  }
  if (v instanceof TomlDate) return tomlTime(v, fine);
  if (Array.isArray(v)) return v.map((x) => fromTomlValue(x, fine));
  if (v !== null && typeof v === "object") {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v)) m.set(k, fromTomlValue(x, fine));
    return m;
  }
  return v;
}

/** Arrays of tables ([[t]]) decode to []map[string]interface{}; inline arrays to []interface{}. */
function markTableArrays(src: string, root: Map<string, unknown>): void {
  const headers = new Set<string>();
  for (const m of src.matchAll(/^[ \t]*\[\[\s*([^\]]+?)\s*\]\]/gm)) headers.add(m[1] ?? "");
  for (const h of headers) {
    const path = h.split(".").map((p) => p.trim().replace(/^"(.*)"$|^'(.*)'$/, "$1$2"));
    const walk = (node: unknown, i: number): void => {
      if (i === path.length) return;
      const key = path[i] ?? "";
      const items = node instanceof Map ? [node] : Array.isArray(node) ? node : [];
      for (const n of items) {
        if (!(n instanceof Map)) continue;
        const child = (n as Map<string, unknown>).get(key);
        if (i === path.length - 1 && Array.isArray(child)) typedSlice(child, "map[string]interface {}");
        walk(child, i + 1);
      }
    };
    walk(root, 0);
  }
}

/** BurntSushi's error prefix: the line, and the key being defined there (with its table). */
function tomlWhere(src: string, line: number): { where: string; lineText: string; kv: RegExpExecArray | null } {
  const lines = src.split("\n");
  const lineText = lines[line - 1] ?? "";
  let table = "";
  for (let i = 0; i < line - 1; i++) {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(lines[i] ?? "");
    if (h !== null) table = h[1] ?? "";
  }
  const kv = /^\s*([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*=/.exec(lineText);
  const lastKey = kv === null ? "" : [table, (kv[1] ?? "").replace(/^["']|["']$/g, "")].filter((p) => p !== "").join(".");
  return { where: lastKey === "" ? `toml: line ${line}` : `toml: line ${line} (last key "${lastKey}")`, lineText, kv };
}

/** BurntSushi-style message for a parse error (line numbers agree; wording is smol-toml's where no mapping is known). */
function tomlErrorMessage(src: string, e: TomlError): string {
  const { where, lineText, kv } = tomlWhere(src, e.line);
  const msg = e.message.replace(/^Invalid TOML document: /, "").split("\n")[0] ?? "";
  const rest = kv === null ? "" : lineText.slice(kv[0].length).trim();
  let text = msg;
  if (msg.startsWith("trying to redefine")) {
    const k = kv?.[1] ?? /^\s*\[\[?\s*([^\]]+?)\s*\]/.exec(lineText)?.[1] ?? "";
    text = `Key '${k.replace(/^["']|["']$/g, "")}' has already been defined.`;
  } else if (msg === "invalid value" && rest === "") text = "unexpected EOF; expected value";
  else if (msg === "invalid value") text = `expected value but found ${JSON.stringify(rest.split(/[\s,\]}#]/)[0] ?? "")} instead`;
  else if (msg.startsWith("control characters are not allowed in strings")) text = "strings cannot contain newlines";
  else if (msg === "illegal leading zero") text = `Invalid integer ${JSON.stringify(rest.split(/\s/)[0] ?? "")}: cannot have leading zeroes`;
  else if (msg === "illegal underscore") text = `Invalid integer ${JSON.stringify(rest.split(/\s/)[0] ?? "")}: underscores must be surrounded by digits`;
  else if (msg === "unrecognised escape sequence") {
    const esc = /\\([^btnfr"\\uUe])/.exec(lineText)?.[1] ?? "";
    text = `invalid escape in string '\\${esc}'`;
  } else if (msg === "unfinished numeric value" && /^[0-9_+-]+\.$/.test(rest.split(/\s/)[0] ?? "")) {
    text = `Invalid float ${JSON.stringify(rest.split(/\s/)[0] ?? "")}: '.' must be followed by one or more digits`;
  } else if (msg === "unexpected end of key" && /^\s*=/.test(lineText)) text = "unexpected '=': key name appears blank";
  return `${where}: ${text}`;
}

/** Helm's fromToml: the document as a map, or {"Error": message}. */
export function fromToml(str: string): Map<string, unknown> {
  let parsed: unknown;
  // A syntax error is reported by its message only: no stack trace is taken for it.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parsed = parseToml(str, { integersAsBigInt: true });
  } catch (e) {
    if (e instanceof TomlError) return new Map([["Error", tomlErrorMessage(str, e)]]);
    throw e;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  try {
    const m = fromTomlValue(parsed, fineFractions(str)) as Map<string, unknown>;
    markTableArrays(str, m);
    return m;
  } catch (e) {
    if (e instanceof TomlDecodeError) {
      const line = str.slice(0, str.indexOf(e.message.split(" ")[0] ?? "")).split("\n").length;
      return new Map([["Error", `${tomlWhere(str, line).where}: ${e.message}`]]);
    }
    throw e;
  }
}

