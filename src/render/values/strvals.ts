/**
 * Helm's strvals (pkg/strvals): the parsers behind --set, --set-string,
 * --set-json, --set-file and --set-literal.
 *
 * A set line is `name1=value1,name2=value2`; names are dotted paths with
 * list indexes (`a.b[0].c=x`), `\` escapes the next character, `{x,y}` is a
 * list. --set types its values as Helm does: `true`/`false` (any case) are
 * booleans, `null` is nil, `0` and decimal integers that do not start with
 * 0 are int64 (a GoInt of kind "int64"), anything else a string.
 *
 * This is a port of the Go parser's control flow, including where it
 * mutates the destination before failing and the panics it recovers from
 * (a type assertion on an existing value of the wrong type becomes
 * "unable to parse key: interface conversion: …").
 */
import { GoInt, goTypeName, isMap, quote, quoteRune, utf8 } from "../../template/index.ts";
import { jsonSyntaxError, unmarshalJson } from "../format/index.ts";

/** An error of the strvals parsers, with Helm's message. */
export class StrvalsError extends Error {
  /** Whether the error wraps io.EOF ("error parsing index: EOF"): Helm's parse loop then stops without an error. */
  readonly wrapsEOF: boolean;
  constructor(message: string, wrapsEOF = false) {
    super(message);
    this.wrapsEOF = wrapsEOF;
  }
}

/** Helm's MaxIndex: the largest list index a set line may use. */
export const MAX_INDEX = 65536;
/** Helm's MaxNestedNameLevel: the deepest dotted name. */
export const MAX_NESTED_NAME_LEVEL = 30;

/** Reads the value of a --set-file entry: given the path (the raw value), returns the value to set or throws. */
export type RunesValueReader = (value: string) => unknown;

/** io.EOF, as the parsers pass it around. */
const EOF: unique symbol = Symbol("EOF");
/** strvals.ErrNotList. */
const NOT_LIST: unique symbol = Symbol("ErrNotList");

type Err = StrvalsError | typeof EOF | typeof NOT_LIST | null;

/** A recovered Go panic (its message is the panic value). */
class GoPanic extends Error {}

function conversionPanic(v: unknown, want: string): GoPanic {
  const got = v === null || v === undefined ? "nil" : goTypeName(v);
  return new GoPanic(`interface conversion: interface {} is ${got}, not ${want}`);
}

/** The Go type assertion v.([]interface{}): panics as Go does when v is something else. */
function asList(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw conversionPanic(v, "[]interface {}");
  return v;
}

/** The Go type assertion v.(map[string]interface{}). */
function asMap(v: unknown): Map<string, unknown> {
  if (!(v instanceof Map)) throw conversionPanic(v, "map[string]interface {}");
  return v as Map<string, unknown>;
}

/** bytes.Buffer read as runes (code points). */
class RuneBuffer {
  private readonly runes: string[];
  private pos = 0;
  constructor(s: string) {
    this.runes = Array.from(s);
  }
  /** The next rune, or EOF (Go returns rune 0 with io.EOF). */
  readRune(): string | typeof EOF {
    if (this.pos >= this.runes.length) return EOF;
    return this.runes[this.pos++] ?? "";
  }
  unreadRune(): void {
    if (this.pos > 0) this.pos--;
  }
  /** What is left, as bytes.Buffer.String() returns it. */
  rest(): string {
    return this.runes.slice(this.pos).join("");
  }
  /** Discards n runes. */
  skip(n: number): void {
    this.pos = Math.min(this.runes.length, this.pos + n);
  }
}

/** runesUntil: the runes up to one in `stop` (consumed), with `\` escaping the next rune when `escapes`. */
function runesUntil(sc: RuneBuffer, stop: string, escapes: boolean): { v: string; last: string; err: typeof EOF | null } {
  let v = "";
  for (;;) {
    const r = sc.readRune();
    if (r === EOF) return { v, last: "", err: EOF };
    if (stop.includes(r)) return { v, last: r, err: null };
    if (escapes && r === "\\") {
      const next = sc.readRune();
      if (next === EOF) return { v, last: "", err: EOF };
      v += next;
      continue;
    }
    v += r;
  }
}

/** Go's unicode.IsSpace. */
function isSpace(r: string): boolean {
  switch (r) {
    case "\t":
    case "\n":
    case "\v":
    case "\f":
    case "\r":
    case " ":
    case "\u0085":
    case "\u00a0":
    case "\u1680":
    case "\u2028":
    case "\u2029":
    case "\u202f":
    case "\u205f":
    case "\u3000":
      return true;
    default:
      return r >= "\u2000" && r <= "\u200a";
  }
}

/** fmt's %q of a []rune: each rune quoted, space-separated, in brackets. */
function quoteRunes(s: string): string {
  return `[${Array.from(s).map((r) => quoteRune(r.codePointAt(0) ?? 0)).join(" ")}]`;
}

/** strconv.Atoi's result or its error message. */
function atoi(s: string): number | string {
  const fail = (why: string): string => `strconv.Atoi: parsing ${quote(s)}: ${why}`;
  if (!/^[+-]?[0-9]+$/.test(s)) return fail("invalid syntax");
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return fail("value out of range");
  return Number(n);
}

/** strconv.ParseInt(s, 10, 64), or undefined when it fails. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return n;
}

/** typedVal: --set's typing of a value (st: --set-string, always a string). */
export function typedVal(val: string, st: boolean): unknown {
  if (st) return val;
  if (equalFold(val, "true")) return true;
  if (equalFold(val, "false")) return false;
  if (equalFold(val, "null")) return null;
  if (val === "0") return new GoInt(0n, "int64");
  if (val.length !== 0 && !val.startsWith("0")) {
    const n = parseInt64(val);
    if (n !== undefined) return new GoInt(n, "int64");
  }
  return val;
}

/** strings.EqualFold against an ASCII word: Unicode simple folding maps ſ (U+017F) to s and K (U+212A) to k. */
function equalFold(s: string, word: string): boolean {
  const runes = Array.from(s);
  if (runes.length !== word.length) return false;
  for (let i = 0; i < runes.length; i++) {
    let r = runes[i] ?? "";
    if (r === "\u017f") r = "s";
    else if (r === "\u212a") r = "k";
    if (r.toLowerCase() !== word[i]) return false;
  }
  return true;
}

function set(data: Map<string, unknown>, key: string, val: unknown): void {
  if (key.length === 0) return;
  data.set(key, val);
}

/** setIndex: stores val at index, growing the list (a new slice) when needed; errors leave the list as it was. */
function setIndex(list: unknown[], index: number, val: unknown): { list: unknown[]; err: StrvalsError | null } {
  if (index < 0) return { list, err: new StrvalsError(`negative ${index} index not allowed`) };
  if (index > MAX_INDEX) return { list, err: new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`) };
  if (list.length <= index) {
    const grown: unknown[] = new Array<unknown>(index + 1).fill(null);
    for (let i = 0; i < list.length; i++) grown[i] = list[i];
    list = grown;
  }
  list[index] = val;
  return { list, err: null };
}

/**
 * The extent of the first JSON value in `s` as json.Decoder.Decode reads it:
 * its length, or Decode's error (a syntax error, "unexpected EOF", "EOF").
 */
function firstJsonValue(s: string): { len: number } | { err: string } {
  const syntax = jsonSyntaxError(utf8(s));
  if (syntax === "unexpected end of JSON input") return { err: /^[ \t\r\n]*$/.test(s) ? "EOF" : "unexpected EOF" };
  if (syntax !== undefined && !syntax.endsWith(" after top-level value")) {
    // Go's scanner completes the input with a space: an error on that space means the value was cut short.
    const probe = jsonSyntaxError(utf8(`${s}\u0001`));
    return { err: probe?.startsWith("invalid character '\\x01'") === true ? "unexpected EOF" : syntax };
  }
  // The first value is complete and valid: find where it ends.
  let i = 0;
  while (i < s.length && " \t\r\n".includes(s[i] ?? "")) i++;
  const c = s[i];
  if (c === "{" || c === "[") {
    let depth = 0;
    let inString = false;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) return { len: i + 1 };
      }
    }
    return { len: s.length };
  }
  if (c === '"') {
    for (i++; i < s.length; i++) {
      if (s[i] === "\\") i++;
      else if (s[i] === '"') return { len: i + 1 };
    }
    return { len: s.length };
  }
  if (c === "t" || c === "n") return { len: i + 4 };
  if (c === "f") return { len: i + 5 };
  const num = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(s.slice(i));
  return { len: i + (num?.[0].length ?? 0) };
}

type Mode = "set" | "string" | "json" | "file" | "literal";

/** strvals' parser (and literalParser when mode is "literal"). */
class Parser {
  private readonly sc: RuneBuffer;
  private readonly data: Map<string, unknown>;
  private readonly reader: RunesValueReader;
  private readonly mode: Mode;

  constructor(s: string, data: Map<string, unknown>, mode: Mode, reader?: RunesValueReader) {
    this.sc = new RuneBuffer(s);
    this.data = data;
    this.mode = mode;
    this.reader = reader ?? ((v: string) => typedVal(v, mode === "string"));
  }

  private get literal(): boolean {
    return this.mode === "literal";
  }

  parse(): void {
    for (;;) {
      const err = this.key(this.data, 0);
      if (err === null) continue;
      if (err === EOF || (err instanceof StrvalsError && err.wrapsEOF)) return;
      if (err === NOT_LIST) throw new StrvalsError("not a list");
      throw err;
    }
  }

  /** Calls the value reader; a thrown error is the reader's error. */
  private read(rs: string): { v: unknown; err: StrvalsError | null } {
    try {
      return { v: this.reader(rs), err: null };
    } catch (e) {
      if (e instanceof GoPanic) throw e;
      return { v: null, err: e instanceof StrvalsError ? e : new StrvalsError(e instanceof Error ? e.message : String(e)) };
    }
  }

  private key(data: Map<string, unknown>, nestedNameLevel: number): Err {
    try {
      return this.literal ? this.keyLiteral(data, nestedNameLevel) : this.keyBody(data, nestedNameLevel);
    } catch (e) {
      if (e instanceof GoPanic) return new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyBody(data: Map<string, unknown>, nestedNameLevel: number): Err {
    const { v: k, last, err } = runesUntil(this.sc, "=[,.", true);
    if (err !== null) {
      if (k.length === 0) return err;
      return new StrvalsError(`key ${quote(k)} has no value`);
    }
    switch (last) {
      case "[": {
        const i = this.keyIndex();
        if (typeof i === "string") return new StrvalsError(`error parsing index: ${i}`, i === "EOF");
        let list: unknown[] = [];
        if (data.has(k)) list = asList(data.get(k));
        const r = this.listItem(list, i, nestedNameLevel);
        set(data, k, r.list);
        return r.err;
      }
      case "=": {
        if (this.mode === "json") return this.jsonValue((v) => { set(data, k, v); return null; });
        const { list, err: e } = this.valList();
        if (e === null) {
          set(data, k, list);
          return null;
        }
        if (e === EOF) {
          set(data, k, "");
          return e;
        }
        if (e === NOT_LIST) {
          const { v: rs, err: e2 } = this.val();
          if (e2 !== null && e2 !== EOF) return e2;
          const r = this.read(rs);
          set(data, k, r.v);
          return r.err;
        }
        return e;
      }
      case ",":
        set(data, k, "");
        return new StrvalsError(`key ${quote(k)} has no value (cannot end with ,)`);
      default: {
        // "."
        nestedNameLevel++;
        if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
          return new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner = new Map<string, unknown>();
        if (data.has(k)) inner = asMap(data.get(k));
        const e = this.key(inner, nestedNameLevel);
        if (e === null && inner.size === 0) return new StrvalsError(`key map ${quote(k)} has no value`);
        if (inner.size !== 0) set(data, k, inner);
        return e;
      }
    }
  }

  private keyLiteral(data: Map<string, unknown>, nestedNameLevel: number): Err {
    const { v: k, last, err } = runesUntil(this.sc, "=[.", false);
    if (err !== null) {
      if (k.length === 0) return err;
      return new StrvalsError(`key ${quote(k)} has no value`);
    }
    switch (last) {
      case "=": {
        const { v } = this.literalVal();
        set(data, k, v);
        return null;
      }
      case ".": {
        nestedNameLevel++;
        if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
          return new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner = new Map<string, unknown>();
        if (data.has(k)) inner = asMap(data.get(k));
        const e = this.key(inner, nestedNameLevel);
        if (e === null && inner.size === 0) return new StrvalsError(`key map ${quote(k)} has no value`);
        if (inner.size !== 0) set(data, k, inner);
        return e;
      }
      default: {
        // "["
        const i = this.keyIndex();
        if (typeof i === "string") return new StrvalsError(`error parsing index: ${i}`, i === "EOF");
        let list: unknown[] = [];
        if (data.has(k)) list = asList(data.get(k));
        const r = this.listItem(list, i, nestedNameLevel);
        set(data, k, r.list);
        return r.err;
      }
    }
  }

  /** The index inside [...]: a number, or the error text (EOF or strconv's). */
  private keyIndex(): number | string {
    const { v, err } = runesUntil(this.sc, "]", !this.literal);
    if (err !== null) return "EOF";
    return atoi(v);
  }

  private listItem(list: unknown[], i: number, nestedNameLevel: number): { list: unknown[]; err: Err } {
    if (i < 0) return { list, err: new StrvalsError(`negative ${i} index not allowed`) };
    const { v: k, last, err } = runesUntil(this.sc, "[.=", !this.literal);
    if (k.length > 0) return { list, err: new StrvalsError(`unexpected data at end of array index: ${quoteRunes(k)}`) };
    if (err !== null) return { list, err };
    switch (last) {
      case "=": {
        if (this.literal) {
          const { v } = this.literalVal();
          return setIndex(list, i, v);
        }
        if (this.mode === "json") {
          let out: { list: unknown[]; err: Err } = { list, err: null };
          const e = this.jsonValue((v) => {
            out = setIndex(list, i, v);
            return out.err;
          });
          return { list: out.list, err: e };
        }
        const { list: vl, err: e } = this.valList();
        if (e === null) return setIndex(list, i, vl);
        if (e === EOF) return setIndex(list, i, "");
        if (e === NOT_LIST) {
          const { v: rs, err: e2 } = this.val();
          if (e2 !== null && e2 !== EOF) return { list, err: e2 };
          const r = this.read(rs);
          if (r.err !== null) return { list, err: r.err };
          return setIndex(list, i, r.v);
        }
        return { list, err: e };
      }
      case "[": {
        const nextI = this.keyIndex();
        if (typeof nextI === "string") return { list, err: new StrvalsError(`error parsing index: ${nextI}`, nextI === "EOF") };
        let crtList: unknown[] = [];
        if (list.length > i) {
          const existed = list[i];
          if (existed !== null) crtList = asList(existed);
        }
        const r = this.listItem(crtList, nextI, nestedNameLevel);
        if (r.err !== null) return { list, err: r.err };
        return setIndex(list, i, r.list);
      }
      default: {
        // "."
        let inner = new Map<string, unknown>();
        if (list.length > i) {
          const existing = list[i];
          if (existing instanceof Map) inner = existing as Map<string, unknown>;
          else list[i] = inner;
        }
        const e = this.key(inner, nestedNameLevel);
        if (e !== null) return { list, err: e };
        return setIndex(list, i, inner);
      }
    }
  }

  /**
   * --set-json's value after "=": blank (nil), or one JSON value decoded
   * as json.Decoder does, followed by optional blanks and a comma.
   */
  private jsonValue(store: (v: unknown) => Err): Err {
    if (this.emptyVal()) return store(null);
    const rest = this.sc.rest();
    const ext = firstJsonValue(rest);
    if ("err" in ext) return new StrvalsError(ext.err);
    const text = rest.slice(0, ext.len);
    const d = unmarshalJson(text);
    if (d.error !== undefined) return new StrvalsError(d.error);
    const e = store(d.value);
    if (e !== null) return e;
    this.sc.skip(Array.from(text).length);
    this.emptyVal();
    return null;
  }

  /** emptyVal: skips blanks; true at a comma (consumed) or the end, false before anything else (not consumed). */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.readRune();
      if (r === EOF) return true;
      if (r === ",") return true;
      if (!isSpace(r)) {
        this.sc.unreadRune();
        return false;
      }
    }
  }

  private val(): { v: string; err: typeof EOF | null } {
    const { v, err } = runesUntil(this.sc, ",", true);
    return { v, err };
  }

  private literalVal(): { v: string } {
    const { v } = runesUntil(this.sc, "", false);
    return { v };
  }

  private valList(): { list: unknown[]; err: Err } {
    const r = this.sc.readRune();
    if (r === EOF) return { list: [], err: EOF };
    if (r !== "{") {
      this.sc.unreadRune();
      return { list: [], err: NOT_LIST };
    }
    const list: unknown[] = [];
    for (;;) {
      const { v: rs, last, err } = runesUntil(this.sc, ",}", true);
      if (err !== null) return { list, err: new StrvalsError("list must terminate with '}'") };
      if (last === "}") {
        const next = this.sc.readRune();
        if (next !== EOF && next !== ",") this.sc.unreadRune();
        const x = this.read(rs);
        list.push(x.v);
        return { list, err: x.err };
      }
      const x = this.read(rs);
      if (x.err !== null) return { list, err: x.err };
      list.push(x.v);
    }
  }
}

function run(s: string, into: Map<string, unknown>, mode: Mode, reader?: RunesValueReader): Map<string, unknown> {
  new Parser(s, into, mode, reader).parse();
  return into;
}

/** --set (strvals.ParseInto): parses a set line into `into` (a new map by default) and returns it; throws StrvalsError. */
export function parseSet(s: string, into: Map<string, unknown> = new Map()): Map<string, unknown> {
  return run(s, into, "set");
}

/** --set-string (strvals.ParseIntoString): every value is a string. */
export function parseSetString(s: string, into: Map<string, unknown> = new Map()): Map<string, unknown> {
  return run(s, into, "string");
}

/** --set-json's key=value form (strvals.ParseJSON): each value is JSON (numbers float64); an empty value is nil. */
export function parseSetJSON(s: string, into: Map<string, unknown> = new Map()): Map<string, unknown> {
  return run(s, into, "json");
}

/**
 * --set-file (strvals.ParseIntoFile): each value is a path given to
 * `readFile`, whose result is set (Helm sets the file's contents as a
 * string). An error thrown by readFile is the parse error.
 */
export function parseSetFile(s: string, readFile: RunesValueReader, into: Map<string, unknown> = new Map()): Map<string, unknown> {
  return run(s, into, "file", readFile);
}

/** --set-literal (strvals.ParseLiteralInto): one key, the whole rest is the string value; no escapes, no lists. */
export function parseSetLiteral(s: string, into: Map<string, unknown> = new Map()): Map<string, unknown> {
  return run(s, into, "literal");
}

/** Whether a parsed value is a map (for callers combining results). */
export function isValuesMap(v: unknown): v is Map<string, unknown> {
  return isMap(v) && v instanceof Map;
}
