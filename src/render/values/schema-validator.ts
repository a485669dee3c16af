/**
 * The error report of santhosh-tekuri/jsonschema v6 (Helm 4's JSON Schema
 * library): the tree of validation errors and its text, e.g.
 *
 *     jsonschema validation failed with 'file:///values.schema.json#'
 *     - at '': missing property 'name'
 *     - at '/image': validation failed
 *       - at '/image/tag': got number, want string
 *       - at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent'
 *
 * This is a port of v6's validator (keyword order, early returns after
 * type/const/enum/format, $ref handling per draft, groups, references,
 * allOf/anyOf/oneOf nodes, unevaluated*, $recursiveRef/$dynamicRef) and of
 * its message texts, including golang.org/x/text's number formatting
 * ("1,000", "1.5×10²¹"). Ajv decides validity (schema.ts); this explains it
 * in Helm's words.
 *
 * Go iterates maps in random order: where v6 walks an object's properties,
 * Helm lists the errors of several properties in a random order; here they
 * come in sorted key order.
 */
import { compile as compileRe2, matchString, RegexpSyntaxError, type GoRegexp } from "../funcs/re2.ts";
import { compareGoStrings, formatFloat, GoInt, quote as goQuote } from "../../template/index.ts";
import { FORMATS, type FormatCheck } from "./schema-formats.ts";

// ---------------------------------------------------------------------------
// JSON documents with number texts kept (v6 decodes with UseNumber).

/** A JSON number from a schema document: its text (as json.Number keeps it) and value. */
export class JsonNumber {
  readonly text: string;
  readonly value: number;
  constructor(text: string) {
    this.text = text;
    this.value = Number(text);
  }
}

/** Parses JSON text known to be valid: objects become Maps, numbers JsonNumbers. */
export function parseJsonKeepNumbers(text: string): unknown {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\r\n".includes(text[i] ?? "")) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i).toWellFormed()) as string;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const m = new Map<string, unknown>();
      ws();
      if (text[i] === "}") {
        i++;
        return m;
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // :
        m.set(k, value());
        ws();
        if (text[i++] === "}") return m;
      }
    }
    if (c === "[") {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i++] === "]") return a;
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    const m = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i));
    const t = m?.[0] ?? "0";
    i += t.length;
    return new JsonNumber(t);
  };
  return value();
}

// ---------------------------------------------------------------------------
// Messages.

/** v6's quote: Go's %q with single quotes. */
export function quote(s: string): string {
  const q = goQuote(s).replaceAll('\\"', '"').replaceAll("'", "\\'");
  return `'${q.slice(1, -1)}'`;
}

const SUPERSCRIPT: Record<string, string> = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻", "+": "" };

function groupThousands(intPart: string): string {
  const neg = intPart.startsWith("-");
  const digits = neg ? intPart.slice(1) : intPart;
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits.charAt(i);
  }
  return (neg ? "-" : "") + out;
}

/** golang.org/x/text/message's %v of a float64 in English: grouped digits, exponents as ×10ⁿⁿ. */
export function msgFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (!Number.isFinite(f)) return f > 0 ? "∞" : "-∞";
  const g = formatFloat(f, "g", -1);
  const e = g.indexOf("e");
  if (e >= 0) {
    const exp = g.slice(e + 1);
    return `${g.slice(0, e)}×10${Array.from(exp).map((c) => SUPERSCRIPT[c] ?? c).join("")}`;
  }
  const dot = g.indexOf(".");
  return dot < 0 ? groupThousands(g) : groupThousands(g.slice(0, dot)) + g.slice(dot);
}

/** golang.org/x/text/message's %d in English. */
export function msgInt(n: number): string {
  return groupThousands(String(n));
}

/** v6's display of an enum/const value: strings quoted, numbers as written, lists and maps "value". */
function display(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (v === null) return "<nil>";
  if (v instanceof JsonNumber) return v.text;
  if (Array.isArray(v) || v instanceof Map) return "value";
  if (v instanceof GoInt) return v.value.toString();
  if (typeof v === "number") return formatFloat(v, "g", -1);
  return v === true ? "true" : "false";
}

function joinQuoted(arr: readonly string[]): string {
  return arr.map(quote).join(", ");
}

/** A number of the instance or schema as big.Rat.Float64 sees it. */
function num(v: unknown): number {
  if (v instanceof JsonNumber) return v.value;
  if (v instanceof GoInt) return Number(v.value);
  return v as number;
}

// ---------------------------------------------------------------------------
// Errors.

/** One node of v6's error tree. */
export interface ValidationError {
  /** Instance location tokens. */
  loc: string[];
  kind: "schema" | "group" | "reference" | "keyword";
  message: string;
  causes: ValidationError[];
}

function escapeToken(t: string): string {
  return t.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function jsonPtr(tokens: readonly string[]): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join("");
}

/** v6's ValidationError.Error(): the tree as indented lines. */
export function displayError(e: ValidationError): string {
  let out = "";
  const walk = (err: ValidationError, indent: number): void => {
    const skip = err.kind === "reference" && err.causes.length === 1;
    if (!skip) {
      if (indent > 0) out += `\n${"  ".repeat(indent - 1)}- `;
      indent++;
      out += err.kind === "schema" ? err.message : `at ${quote(jsonPtr(err.loc))}: ${err.message}`;
    }
    for (const c of err.causes) walk(c, indent);
  };
  walk(e, 0);
  return out;
}

/** A schema that cannot be compiled (v6's compile errors). */
export class SchemaCompileError extends Error {}

// ---------------------------------------------------------------------------
// Compiled schemas.

type Draft = 4 | 6 | 7 | 2019 | 2020;

interface Resource {
  id: string;
  draft: Draft;
  recursiveAnchor: boolean;
  dynamicAnchors: Map<string, Schema>;
}

interface Regexp {
  re: GoRegexp;
  source: string;
}

export class Schema {
  location = "";
  draft: Draft = 2020;
  resource!: Resource;
  bool: boolean | undefined;
  types: Set<string> | undefined;
  constVal: { v: unknown } | undefined;
  enumVals: unknown[] | undefined;
  format: { name: string; check: FormatCheck } | undefined;
  ref: Schema | undefined;
  recursiveRef: Schema | undefined;
  recursiveAnchor = false;
  dynamicRef: { ref: Schema; anchor: string } | undefined;
  dynamicAnchor = "";
  minProperties: number | undefined;
  maxProperties: number | undefined;
  required: string[] | undefined;
  dependencies: [string, string[] | Schema][] | undefined;
  properties: Map<string, Schema> | undefined;
  patternProperties: [Regexp, Schema][] | undefined;
  additionalProperties: boolean | Schema | undefined;
  propertyNames: Schema | undefined;
  dependentSchemas: [string, Schema][] | undefined;
  dependentRequired: [string, string[]][] | undefined;
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems = false;
  items: Schema | Schema[] | undefined;
  additionalItems: boolean | Schema | undefined;
  prefixItems: Schema[] | undefined;
  items2020: Schema | undefined;
  contains: Schema | undefined;
  minContains: number | undefined;
  maxContains: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  pattern: Regexp | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: JsonNumber | undefined;
  not: Schema | undefined;
  allOf: Schema[] | undefined;
  anyOf: Schema[] | undefined;
  oneOf: Schema[] | undefined;
  ifS: Schema | undefined;
  thenS: Schema | undefined;
  elseS: Schema | undefined;
  unevaluatedProperties: Schema | undefined;
  unevaluatedItems: Schema | undefined;
  allPropsEvaluated = false;
  allItemsEvaluated = false;
  numItemsEvaluated = 0;
}

export const DRAFT_URLS: Record<Draft, string> = {
  4: "http://json-schema.org/draft-04/schema",
  6: "http://json-schema.org/draft-06/schema",
  7: "http://json-schema.org/draft-07/schema",
  2019: "https://json-schema.org/draft/2019-09/schema",
  2020: "https://json-schema.org/draft/2020-12/schema",
};

/** v6's draftFromURL: the draft a $schema URL names, or undefined. */
export function draftFromURL(url: string): Draft | undefined {
  const hash = url.indexOf("#");
  if (hash >= 0 && hash < url.length - 1) return undefined;
  let u = hash >= 0 ? url.slice(0, hash) : url;
  if (u.startsWith("http://")) u = u.slice(7);
  else if (u.startsWith("https://")) u = u.slice(8);
  switch (u) {
    case "json-schema.org/schema":
    case "json-schema.org/draft/2020-12/schema":
      return 2020;
    case "json-schema.org/draft/2019-09/schema":
      return 2019;
    case "json-schema.org/draft-07/schema":
      return 7;
    case "json-schema.org/draft-06/schema":
      return 6;
    case "json-schema.org/draft-04/schema":
      return 4;
    default:
      return undefined;
  }
}

function isObj(v: unknown): v is Map<string, unknown> {
  return v instanceof Map;
}

function splitFragment(url: string): [string, string] {
  const i = url.indexOf("#");
  return i < 0 ? [url, ""] : [url.slice(0, i), url.slice(i + 1)];
}

function resolveURL(base: string, ref: string): string {
  try {
    const u = new URL(ref, base).href;
    return ref.endsWith("#") && !u.endsWith("#") ? `${u}#` : u;
  } catch {
    throw new SchemaCompileError(`invalid $ref ${JSON.stringify(ref)}`);
  }
}

/** Subschema positions (keyword → kind) used to find resources and anchors. */
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"];
const SUBSCHEMA_ARRAYS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const SUBSCHEMA_SINGLE = ["additionalProperties", "additionalItems", "items", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema"];

/**
 * A set of schema documents (the chart's schema and the meta-schemas it
 * may refer to), compiled on demand as v6 compiles them.
 */
export class Compiler {
  private readonly docs = new Map<string, { doc: unknown; draft: Draft }>();
  /** Absolute URL (with fragment for anchors) → schema document node. */
  private readonly index = new Map<string, { node: unknown; resource: Resource; ptr: string }>();
  private readonly compiled = new Map<unknown, Schema>();
  private readonly resources = new Map<unknown, Resource>();
  private readonly assertFormatAlways: boolean;

  constructor(opts: { assertFormat?: boolean } = {}) {
    this.assertFormatAlways = opts.assertFormat ?? false;
  }

  /** Adds a document under a URL (without fragment); its draft comes from $schema or `defaultDraft`. */
  addDocument(url: string, doc: unknown, defaultDraft: Draft): Draft {
    let draft = defaultDraft;
    if (isObj(doc)) {
      const s = doc.get("$schema");
      if (typeof s === "string") {
        const d = draftFromURL(s);
        if (d === undefined) throw new SchemaCompileError(`failing loading ${JSON.stringify(s.split("#")[0])}: unsupported or unreachable meta-schema`);
        draft = d;
      }
    }
    this.docs.set(url, { doc, draft });
    this.scan(doc, url, "", draft, null);
    // The document is also known by the URL it was added under when its root has an $id.
    const res = this.resources.get(doc);
    if (!this.index.has(url) && res !== undefined) this.index.set(url, { node: doc, resource: res, ptr: "" });
    return draft;
  }

  private idOf(node: Map<string, unknown>, draft: Draft): string | undefined {
    const id = node.get(draft === 4 ? "id" : "$id");
    if (typeof id !== "string") return undefined;
    // draft < 2019 ignores siblings of $ref (including $id)
    if (draft < 2019 && node.has("$ref")) return undefined;
    return id;
  }

  private scan(node: unknown, base: string, ptr: string, draft: Draft, resource: Resource | null): void {
    if (!isObj(node)) {
      if (resource === null) {
        const r: Resource = { id: base, draft, recursiveAnchor: false, dynamicAnchors: new Map() };
        this.resources.set(node, r);
        this.index.set(base, { node, resource: r, ptr });
      }
      return;
    }
    let res = resource;
    const id = this.idOf(node, draft);
    if (id !== undefined && !(draft < 2019 && id.startsWith("#"))) {
      const url = splitFragment(resolveURL(base, id))[0];
      res = { id: url, draft, recursiveAnchor: node.get("$recursiveAnchor") === true, dynamicAnchors: new Map() };
      this.index.set(url, { node, resource: res, ptr: "" });
      base = url;
    }
    if (res === null) {
      res = { id: base, draft, recursiveAnchor: node.get("$recursiveAnchor") === true, dynamicAnchors: new Map() };
      this.index.set(base, { node, resource: res, ptr: "" });
    }
    this.resources.set(node, res);
    // Anchors.
    const anchors: string[] = [];
    if (draft < 2019) {
      if (id?.startsWith("#") === true) anchors.push(id.slice(1));
      else if (id?.includes("#") === true) anchors.push(splitFragment(id)[1]);
    } else {
      const a = node.get("$anchor");
      if (typeof a === "string") anchors.push(a);
      const d = node.get("$dynamicAnchor");
      if (typeof d === "string" && draft >= 2020) anchors.push(d);
    }
    for (const a of anchors) if (a !== "") this.index.set(`${res.id}#${a}`, { node, resource: res, ptr });
    // Children.
    for (const [k, v] of node) {
      if (k === "enum" || k === "const" || k === "default" || k === "examples") continue;
      if (SUBSCHEMA_MAPS.includes(k) && isObj(v)) {
        for (const [p, s] of v) if (!(k === "dependencies" && Array.isArray(s))) this.scan(s, base, `${ptr}/${escapeToken(k)}/${escapeToken(p)}`, draft, res);
      }
      if (SUBSCHEMA_ARRAYS.includes(k) && Array.isArray(v)) {
        v.forEach((s, i) => { this.scan(s, base, `${ptr}/${k}/${i}`, draft, res); });
      }
      if (SUBSCHEMA_SINGLE.includes(k) && (isObj(v) || typeof v === "boolean")) this.scan(v, base, `${ptr}/${k}`, draft, res);
    }
  }

  /** The schema at an absolute URL (fragment: JSON pointer or anchor). */
  schemaAt(url: string): Schema {
    const [u, frag] = splitFragment(url);
    const root = this.index.get(u);
    if (root === undefined && u.startsWith("urn:")) {
      // Helm resolves unknown URNs to a permissive schema (with a warning).
      const permissive = new Schema();
      permissive.location = `${u}#`;
      permissive.bool = true;
      permissive.resource = { id: u, draft: 2020, recursiveAnchor: false, dynamicAnchors: new Map() };
      return permissive;
    }
    if (root === undefined) throw new SchemaCompileError(`failing loading ${JSON.stringify(u)}: cannot load remote or unknown schema`);
    if (frag === "") return this.compile(root.node, root.resource, u, root.ptr);
    if (frag.startsWith("/")) {
      let node: unknown = root.node;
      let ptr = root.ptr;
      for (const raw of frag.slice(1).split("/")) {
        let tok: string;
        try {
          tok = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
        } catch {
          throw new SchemaCompileError(`json-pointer in ${JSON.stringify(url)} not found`);
        }
        if (isObj(node) && node.has(tok)) node = node.get(tok);
        else if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(tok) && Number(tok) < node.length) node = node[Number(tok)];
        else throw new SchemaCompileError(`json-pointer in ${JSON.stringify(url)} not found`);
        ptr += `/${escapeToken(tok)}`;
      }
      const res = this.resources.get(node) ?? root.resource;
      return this.compile(node, res, u, ptr);
    }
    const anchor = this.index.get(`${u}#${frag}`);
    if (anchor === undefined) throw new SchemaCompileError(`anchor in ${JSON.stringify(url)} not found in schema ${JSON.stringify(u)}`);
    return this.compile(anchor.node, anchor.resource, u, anchor.ptr);
  }

  private compile(node: unknown, resource: Resource, docURL: string, ptr: string): Schema {
    const cached = this.compiled.get(node);
    if (cached !== undefined && typeof node === "object" && node !== null) return cached;
    const s = new Schema();
    s.location = `${docURL}#${ptr}`;
    s.draft = resource.draft;
    s.resource = resource;
    if (typeof node === "object" && node !== null) this.compiled.set(node, s);
    if (typeof node === "boolean") {
      s.bool = node;
      return s;
    }
    if (!isObj(node)) return s;
    if (node.size === 0) {
      s.bool = true;
      return s;
    }
    this.compileObject(s, node, resource, docURL, ptr);
    return s;
  }

  private sub(node: Map<string, unknown>, key: string, resource: Resource, docURL: string, ptr: string): Schema | undefined {
    if (!node.has(key)) return undefined;
    const v = node.get(key);
    const res = this.resources.get(v) ?? resource;
    return this.compile(v, res, res === resource ? docURL : res.id, res === resource ? `${ptr}/${escapeToken(key)}` : "");
  }

  private subArr(node: Map<string, unknown>, key: string, resource: Resource, docURL: string, ptr: string): Schema[] | undefined {
    const arr = node.get(key);
    if (!Array.isArray(arr)) return undefined;
    return arr.map((v: unknown, i) => {
      const res = this.resources.get(v) ?? resource;
      return this.compile(v, res, res === resource ? docURL : res.id, res === resource ? `${ptr}/${key}/${i}` : "");
    });
  }

  private subMap(node: Map<string, unknown>, key: string, resource: Resource, docURL: string, ptr: string): [string, Schema][] | undefined {
    const m = node.get(key);
    if (!isObj(m)) return undefined;
    return [...m].map(([k, v]) => {
      const res = this.resources.get(v) ?? resource;
      return [k, this.compile(v, res, res === resource ? docURL : res.id, res === resource ? `${ptr}/${escapeToken(key)}/${escapeToken(k)}` : "")];
    });
  }

  private ref(node: Map<string, unknown>, key: string, resource: Resource): Schema | undefined {
    const r = node.get(key);
    if (typeof r !== "string") return undefined;
    return this.schemaAt(resolveURL(resource.id, r));
  }

  private regexp(src: string, where: string): Regexp {
    try {
      return { re: compileRe2(src), source: src };
    } catch (e) {
      if (e instanceof RegexpSyntaxError) throw new SchemaCompileError(`invalid regex ${JSON.stringify(src)} at ${JSON.stringify(where)}: ${e.message}`);
      throw e;
    }
  }

  private compileObject(s: Schema, node: Map<string, unknown>, resource: Resource, docURL: string, ptr: string): void {
    const d = resource.draft;
    const intVal = (k: string): number | undefined => {
      const v = node.get(k);
      return v instanceof JsonNumber ? v.value : undefined;
    };
    const numVal = (k: string): number | undefined => intVal(k);
    const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

    // draft 4: $ref, and for draft < 2019 nothing else of draft 4's keywords.
    s.ref = this.ref(node, "$ref", resource);
    const refOnly = d < 2019 && s.ref !== undefined;
    if (!refOnly) {
      s.allOf = this.subArr(node, "allOf", resource, docURL, ptr);
      s.anyOf = this.subArr(node, "anyOf", resource, docURL, ptr);
      s.oneOf = this.subArr(node, "oneOf", resource, docURL, ptr);
      s.not = this.sub(node, "not", resource, docURL, ptr);
      if (d < 2020 && node.has("items")) {
        if (Array.isArray(node.get("items"))) {
          s.items = this.subArr(node, "items", resource, docURL, ptr);
          s.additionalItems = this.additional(node, "additionalItems", resource, docURL, ptr);
        } else {
          s.items = this.sub(node, "items", resource, docURL, ptr);
        }
      }
      const props = this.subMap(node, "properties", resource, docURL, ptr);
      if (props !== undefined) s.properties = new Map(props);
      const pp = this.subMap(node, "patternProperties", resource, docURL, ptr);
      if (pp !== undefined) s.patternProperties = pp.map(([k, v]) => [this.regexp(k, `${docURL}#${ptr}/patternProperties`), v]);
      s.additionalProperties = this.additional(node, "additionalProperties", resource, docURL, ptr);
      const deps = node.get("dependencies");
      if (isObj(deps)) {
        s.dependencies = [...deps].map(([k, v]): [string, string[] | Schema] => {
          if (Array.isArray(v)) return [k, strList(v)];
          const res = this.resources.get(v) ?? resource;
          return [k, this.compile(v, res, docURL, `${ptr}/dependencies/${escapeToken(k)}`)];
        });
      }
      const t = node.get("type");
      if (typeof t === "string") s.types = new Set([t]);
      else if (Array.isArray(t)) s.types = new Set(strList(t));
      const en = node.get("enum");
      if (Array.isArray(en)) s.enumVals = en;
      const mo = node.get("multipleOf");
      if (mo instanceof JsonNumber) s.multipleOf = mo;
      s.maximum = numVal("maximum");
      if (node.get("exclusiveMaximum") === true) {
        s.exclusiveMaximum = s.maximum;
        s.maximum = undefined;
      } else s.exclusiveMaximum = numVal("exclusiveMaximum");
      s.minimum = numVal("minimum");
      if (node.get("exclusiveMinimum") === true) {
        s.exclusiveMinimum = s.minimum;
        s.minimum = undefined;
      } else s.exclusiveMinimum = numVal("exclusiveMinimum");
      s.minLength = intVal("minLength");
      s.maxLength = intVal("maxLength");
      const pat = node.get("pattern");
      if (typeof pat === "string") s.pattern = this.regexp(pat, `${docURL}#${ptr}/pattern`);
      s.minItems = intVal("minItems");
      s.maxItems = intVal("maxItems");
      s.uniqueItems = node.get("uniqueItems") === true;
      s.maxProperties = intVal("maxProperties");
      s.minProperties = intVal("minProperties");
      const req = node.get("required");
      if (Array.isArray(req)) s.required = strList(req);
      const fmt = node.get("format");
      if (typeof fmt === "string" && (this.assertFormatAlways || d < 2019)) {
        const check = FORMATS[fmt];
        if (check !== undefined) s.format = { name: fmt, check };
      }
    }
    if (d >= 6) {
      s.contains = this.sub(node, "contains", resource, docURL, ptr);
      s.propertyNames = this.sub(node, "propertyNames", resource, docURL, ptr);
      if (node.has("const")) s.constVal = { v: node.get("const") };
    }
    if (d >= 7) {
      s.ifS = this.sub(node, "if", resource, docURL, ptr);
      if (s.ifS !== undefined) {
        const b = node.get("if");
        if (b !== false) s.thenS = this.sub(node, "then", resource, docURL, ptr);
        if (b !== true) s.elseS = this.sub(node, "else", resource, docURL, ptr);
      }
    }
    if (d >= 2019) {
      s.recursiveRef = this.ref(node, "$recursiveRef", resource);
      s.recursiveAnchor = node.get("$recursiveAnchor") === true;
      if (s.contains !== undefined) {
        s.minContains = intVal("minContains");
        s.maxContains = intVal("maxContains");
      }
      const dr = node.get("dependentRequired");
      if (isObj(dr)) s.dependentRequired = [...dr].filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, strList(v)]);
      s.dependentSchemas = this.subMap(node, "dependentSchemas", resource, docURL, ptr);
      s.unevaluatedItems = this.sub(node, "unevaluatedItems", resource, docURL, ptr);
      s.unevaluatedProperties = this.sub(node, "unevaluatedProperties", resource, docURL, ptr);
    }
    if (d >= 2020) {
      const dref = node.get("$dynamicRef");
      if (typeof dref === "string") {
        const target = this.schemaAt(resolveURL(resource.id, dref));
        const frag = splitFragment(dref)[1];
        s.dynamicRef = { ref: target, anchor: frag.startsWith("/") ? "" : frag };
      }
      const da = node.get("$dynamicAnchor");
      if (typeof da === "string") {
        s.dynamicAnchor = da;
        if (!resource.dynamicAnchors.has(da)) resource.dynamicAnchors.set(da, s);
      }
      s.prefixItems = this.subArr(node, "prefixItems", resource, docURL, ptr);
      s.items2020 = this.sub(node, "items", resource, docURL, ptr);
    }
    s.allPropsEvaluated = s.additionalProperties !== undefined;
    if (d < 2020) {
      s.allItemsEvaluated = s.additionalItems !== undefined;
      if (s.items instanceof Schema) s.allItemsEvaluated = true;
      else if (Array.isArray(s.items)) s.numItemsEvaluated = s.items.length;
    } else {
      s.allItemsEvaluated = s.items2020 !== undefined;
      s.numItemsEvaluated = s.prefixItems?.length ?? 0;
    }
  }

  private additional(node: Map<string, unknown>, key: string, resource: Resource, docURL: string, ptr: string): boolean | Schema | undefined {
    const v = node.get(key);
    if (typeof v === "boolean") return v;
    return this.sub(node, key, resource, docURL, ptr);
  }

  /** Registers the dynamic anchors of every resource by compiling their anchor nodes. */
  prepareDynamicAnchors(): void {
    for (const [key, e] of this.index) {
      if (!key.includes("#") || !isObj(e.node)) continue;
      const da = e.node.get("$dynamicAnchor");
      if (typeof da === "string" && e.resource.draft >= 2020) this.compile(e.node, e.resource, e.resource.id, e.ptr);
    }
  }
}

// ---------------------------------------------------------------------------
// Validation.

type JsonType = "null" | "boolean" | "number" | "integer" | "string" | "array" | "object";
const TYPE_ORDER: JsonType[] = ["null", "boolean", "number", "integer", "string", "array", "object"];

function typeOf(v: unknown): JsonType | undefined {
  if (v === null) return "null";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number" || v instanceof GoInt || v instanceof JsonNumber) return "number";
  if (typeof v === "string") return "string";
  if (Array.isArray(v)) return "array";
  if (v instanceof Map) return "object";
  return undefined;
}

function isInteger(v: unknown): boolean {
  if (v instanceof GoInt) return true;
  return Number.isInteger(num(v));
}

function equals(a: unknown, b: unknown): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  switch (ta) {
    case "object": {
      const ma = a as Map<string, unknown>;
      const mb = b as Map<string, unknown>;
      if (ma.size !== mb.size) return false;
      for (const [k, v] of ma) if (!mb.has(k) || !equals(v, mb.get(k))) return false;
      return true;
    }
    case "array": {
      const aa = a as unknown[];
      const ab = b as unknown[];
      return aa.length === ab.length && aa.every((x, i) => equals(x, ab[i]));
    }
    case "number":
      return num(a) === num(b);
    default:
      return a === b;
  }
}

/** Go's utf8.RuneCountInString. */
function runeCount(s: string): number {
  return Array.from(s).length;
}

interface Uneval {
  props: Set<string> | undefined;
  items: Set<number> | undefined;
}

function unevalFrom(v: unknown, sch: Schema, callerNeeds: boolean): Uneval {
  const u: Uneval = { props: undefined, items: undefined };
  if (v instanceof Map) {
    if (!sch.allPropsEvaluated && (callerNeeds || sch.unevaluatedProperties !== undefined)) u.props = new Set((v as Map<string, unknown>).keys());
  } else if (Array.isArray(v)) {
    if (!sch.allItemsEvaluated && (callerNeeds || sch.unevaluatedItems !== undefined) && sch.numItemsEvaluated < v.length) {
      u.items = new Set();
      for (let i = sch.numItemsEvaluated; i < v.length; i++) u.items.add(i);
    }
  }
  return u;
}

function unevalMerge(ue: Uneval, other: Uneval): void {
  if (ue.props !== undefined) for (const k of [...ue.props]) if (other.props?.has(k) !== true) ue.props.delete(k);
  if (ue.items !== undefined) for (const i of [...ue.items]) if (other.items?.has(i) !== true) ue.items.delete(i);
}

function unevalEmpty(ue: Uneval): boolean {
  return (ue.props?.size ?? 0) === 0 && (ue.items?.size ?? 0) === 0;
}

interface Scope {
  sch: Schema;
  refKeyword: string;
  vid: number;
  parent: Scope | null;
}

function kwLoc(sc: Scope): string {
  let loc = "";
  let s: Scope = sc;
  while (s.parent !== null) {
    if (s.refKeyword !== "") loc = `/${escapeToken(s.refKeyword)}${loc}`;
    else loc = s.sch.location.slice(s.parent.sch.location.length) + loc;
    s = s.parent;
  }
  return loc;
}

class Validator {
  readonly v: unknown;
  readonly vloc: string[];
  readonly sch: Schema;
  readonly scp: Scope;
  uneval: Uneval;
  errors: ValidationError[] = [];

  constructor(v: unknown, vloc: string[], sch: Schema, scp: Scope, uneval: Uneval) {
    this.v = v;
    this.vloc = vloc;
    this.sch = sch;
    this.scp = scp;
    this.uneval = uneval;
  }

  private error(kind: ValidationError["kind"], message: string, causes: ValidationError[] = []): ValidationError {
    return { loc: [...this.vloc], kind, message, causes };
  }

  private addError(message: string): void {
    this.errors.push(this.error("keyword", message));
  }

  private addErr(e: ValidationError | null): void {
    if (e !== null) this.errors.push(e);
  }

  private addErrors(errors: ValidationError[], message: string): void {
    this.errors.push(this.error("keyword", message, errors));
  }

  /** validate: the error tree for this value and schema, or null; with the unevaluated properties/items left. */
  validate(): { err: ValidationError | null; uneval: Uneval } {
    const s = this.sch;
    const v = this.v;
    if (s.bool !== undefined) {
      return s.bool ? { err: null, uneval: this.uneval } : { err: this.error("keyword", "false schema"), uneval: this.uneval };
    }
    // cycle check
    for (let p = this.scp.parent; p !== null; p = p.parent) {
      if (p.vid !== this.scp.vid) break;
      if (p.sch === s) {
        return { err: this.error("keyword", `both ${kwLoc(this.scp)} and ${kwLoc(p)} resolve to ${JSON.stringify(s.location)} causing reference cycle`), uneval: this.uneval };
      }
    }
    const t = typeOf(v);
    if (t === undefined) return { err: this.error("keyword", "invalid jsonType"), uneval: this.uneval };
    if (s.types !== undefined && s.types.size > 0) {
      const matched = s.types.has(t) || (s.types.has("integer") && t === "number" && isInteger(v));
      if (!matched) {
        const want = TYPE_ORDER.filter((x) => s.types?.has(x));
        return { err: this.error("keyword", `got ${t}, want ${want.join(" or ")}`), uneval: this.uneval };
      }
    }
    if (s.constVal !== undefined) {
      if (!equals(v, s.constVal.v)) {
        const want = s.constVal.v;
        const msg = Array.isArray(want) || want instanceof Map ? "'const' failed" : `value must be ${display(want)}`;
        return { err: this.error("keyword", msg), uneval: this.uneval };
      }
    }
    if (s.enumVals !== undefined) {
      const vals = s.enumVals;
      if (!vals.some((x) => equals(v, x))) {
        const allPrimitive = vals.every((x) => !Array.isArray(x) && !(x instanceof Map));
        let msg = "'enum' failed";
        if (allPrimitive) msg = vals.length === 1 ? `value must be ${display(vals[0])}` : `value must be one of ${vals.map(display).join(", ")}`;
        return { err: this.error("keyword", msg), uneval: this.uneval };
      }
    }
    if (s.format !== undefined && typeof v === "string") {
      const e = s.format.check(v);
      if (e !== undefined) return { err: this.error("keyword", `${display(v)} is not valid ${s.format.name}: ${e}`), uneval: this.uneval };
    }
    if (s.ref !== undefined) {
      const err = this.validateRef(s.ref, "$ref");
      if (s.draft < 2019) return { err, uneval: this.uneval };
      this.addErr(err);
    }
    if (v instanceof Map) this.objValidate(v as Map<string, unknown>);
    else if (Array.isArray(v)) this.arrValidate(v);
    else if (typeof v === "string") this.strValidate(v);
    else if (t === "number") this.numValidate(v);

    if (s.draft >= 2019) this.validateRefs();
    this.condValidate();
    if (s.draft >= 2019) this.unevalValidate();

    if (this.errors.length === 0) return { err: null, uneval: this.uneval };
    if (this.errors.length === 1) return { err: this.errors[0] ?? null, uneval: this.uneval };
    return { err: this.error("group", "validation failed", this.errors), uneval: this.uneval };
  }

  private findMissing(obj: Map<string, unknown>, reqd: readonly string[]): string[] {
    return reqd.filter((p) => !obj.has(p));
  }

  private objValidate(obj: Map<string, unknown>): void {
    const s = this.sch;
    if (s.minProperties !== undefined && obj.size < s.minProperties) this.addError(`minProperties: got ${msgInt(obj.size)}, want ${msgInt(s.minProperties)}`);
    if (s.maxProperties !== undefined && obj.size > s.maxProperties) this.addError(`maxProperties: got ${msgInt(obj.size)}, want ${msgInt(s.maxProperties)}`);
    if (s.required !== undefined && s.required.length > 0) {
      const missing = this.findMissing(obj, s.required);
      if (missing.length > 0) this.addError(missing.length === 1 ? `missing property ${quote(missing[0] ?? "")}` : `missing properties ${joinQuoted(missing)}`);
    }
    for (const [pname, dep] of s.dependencies ?? []) {
      if (!obj.has(pname)) continue;
      if (Array.isArray(dep)) {
        const missing = this.findMissing(obj, dep);
        if (missing.length > 0) this.addError(`properties ${joinQuoted(missing)} required, if ${quote(pname)} exists`);
      } else {
        this.addErr(this.validateSelf(dep, ""));
      }
    }
    const additional: string[] = [];
    for (const pname of [...obj.keys()].sort(compareGoStrings)) {
      const pvalue = obj.get(pname);
      let evaluated = false;
      const ps = s.properties?.get(pname);
      if (ps !== undefined) {
        evaluated = true;
        this.addErr(this.validateVal(ps, pvalue, pname));
      }
      for (const [re, sch] of s.patternProperties ?? []) {
        if (matchString(re.re, pname)) {
          evaluated = true;
          this.addErr(this.validateVal(sch, pvalue, pname));
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        evaluated = true;
        if (s.additionalProperties === false) additional.push(pname);
        else if (s.additionalProperties instanceof Schema) this.addErr(this.validateVal(s.additionalProperties, pvalue, pname));
      }
      if (evaluated) this.uneval.props?.delete(pname);
    }
    if (additional.length > 0) this.addError(`additional properties ${joinQuoted(additional)} not allowed`);
    if (s.draft === 4) return;
    if (s.propertyNames !== undefined) {
      for (const pname of [...obj.keys()].sort(compareGoStrings)) {
        // v6 validates the name as a new root value: its errors are located at ''.
        const sub = new Validator(pname, [], s.propertyNames, { sch: s.propertyNames, refKeyword: "", vid: 0, parent: null }, unevalFrom(pname, s.propertyNames, false));
        const r = sub.validate();
        if (r.err !== null) {
          this.errors.push({ loc: [], kind: "keyword", message: `invalid propertyName ${quote(pname)}`, causes: r.err.kind === "group" ? r.err.causes : [r.err] });
        }
      }
    }
    if (s.draft === 6) return;
    for (const [pname, sch] of s.dependentSchemas ?? []) if (obj.has(pname)) this.addErr(this.validateSelf(sch, ""));
    for (const [pname, reqd] of s.dependentRequired ?? []) {
      if (!obj.has(pname)) continue;
      const missing = this.findMissing(obj, reqd);
      if (missing.length > 0) this.addError(`properties ${joinQuoted(missing)} required, if ${quote(pname)} exists`);
    }
  }

  private arrValidate(arr: unknown[]): void {
    const s = this.sch;
    if (s.minItems !== undefined && arr.length < s.minItems) this.addError(`minItems: got ${msgInt(arr.length)}, want ${msgInt(s.minItems)}`);
    if (s.maxItems !== undefined && arr.length > s.maxItems) this.addError(`maxItems: got ${msgInt(arr.length)}, want ${msgInt(s.maxItems)}`);
    if (s.uniqueItems && arr.length > 1) {
      outer: for (let i = 1; i < arr.length; i++) {
        for (let j = 0; j < i; j++) {
          if (equals(arr[i], arr[j])) {
            this.addError(`items at ${msgInt(j)} and ${msgInt(i)} are equal`);
            break outer;
          }
        }
      }
    }
    if (s.draft < 2020) {
      let evaluated = 0;
      if (s.items instanceof Schema) {
        const items = s.items;
        arr.forEach((item, i) => { this.addErr(this.validateVal(items, item, String(i))); });
        evaluated = arr.length;
      } else if (Array.isArray(s.items)) {
        const items = s.items;
        const min = Math.min(arr.length, items.length);
        for (let i = 0; i < min; i++) {
          const sch = items[i];
          if (sch !== undefined) this.addErr(this.validateVal(sch, arr[i], String(i)));
        }
        evaluated = min;
      }
      if (s.additionalItems !== undefined) {
        if (s.additionalItems === false) {
          if (evaluated !== arr.length) this.addError(`last ${msgInt(arr.length - evaluated)} additionalItem(s) not allowed`);
        } else if (s.additionalItems instanceof Schema) {
          const add = s.additionalItems;
          arr.slice(evaluated).forEach((item, i) => { this.addErr(this.validateVal(add, item, String(i))); });
        }
      }
    } else {
      const prefix = s.prefixItems ?? [];
      const evaluated = Math.min(prefix.length, arr.length);
      for (let i = 0; i < evaluated; i++) {
        const sch = prefix[i];
        if (sch !== undefined) this.addErr(this.validateVal(sch, arr[i], String(i)));
      }
      if (s.items2020 !== undefined) {
        const items = s.items2020;
        arr.slice(evaluated).forEach((item, i) => { this.addErr(this.validateVal(items, item, String(i))); });
      }
    }
    if (s.contains !== undefined) {
      const errors: ValidationError[] = [];
      const matched: number[] = [];
      arr.forEach((item, i) => {
        const e = this.validateVal(s.contains as Schema, item, String(i));
        if (e !== null) errors.push(e);
        else {
          matched.push(i);
          if (s.draft >= 2020) this.uneval.items?.delete(i);
        }
      });
      if (s.minContains !== undefined) {
        if (matched.length < s.minContains) {
          const msg =
            matched.length === 0
              ? `min ${msgInt(s.minContains)} items required to match contains schema, but none matched`
              : `min ${msgInt(s.minContains)} items required to match contains schema, but matched ${msgInt(matched.length)} items at ${matched.join(" ")}`;
          this.addErrors(errors, msg);
        }
      } else if (matched.length === 0) {
        this.addErrors(errors, "no items match contains schema");
      }
      if (s.maxContains !== undefined && matched.length > s.maxContains) {
        this.addError(`max ${msgInt(s.maxContains)} items required to match contains schema, but matched ${msgInt(matched.length)} items at ${matched.join(" ")}`);
      }
    }
  }

  private strValidate(str: string): void {
    const s = this.sch;
    const len = s.minLength !== undefined || s.maxLength !== undefined ? runeCount(str) : -1;
    if (s.minLength !== undefined && len < s.minLength) this.addError(`minLength: got ${msgInt(len)}, want ${msgInt(s.minLength)}`);
    if (s.maxLength !== undefined && len > s.maxLength) this.addError(`maxLength: got ${msgInt(len)}, want ${msgInt(s.maxLength)}`);
    if (s.pattern !== undefined && !matchString(s.pattern.re, str)) this.addError(`${quote(str)} does not match pattern ${quote(s.pattern.source)}`);
  }

  private numValidate(v: unknown): void {
    const s = this.sch;
    const n = num(v);
    if (s.minimum !== undefined && n < s.minimum) this.addError(`minimum: got ${msgFloat(n)}, want ${msgFloat(s.minimum)}`);
    if (s.maximum !== undefined && n > s.maximum) this.addError(`maximum: got ${msgFloat(n)}, want ${msgFloat(s.maximum)}`);
    if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum) this.addError(`exclusiveMinimum: got ${msgFloat(n)}, want ${msgFloat(s.exclusiveMinimum)}`);
    if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum) this.addError(`exclusiveMaximum: got ${msgFloat(n)}, want ${msgFloat(s.exclusiveMaximum)}`);
    if (s.multipleOf !== undefined && !isMultiple(v, s.multipleOf)) this.addError(`multipleOf: got ${msgFloat(n)}, want ${msgFloat(s.multipleOf.value)}`);
  }

  private condValidate(): void {
    const s = this.sch;
    if (s.not !== undefined && this.validateSelf(s.not, "") === null) this.addError("'not' failed");
    if (s.allOf !== undefined && s.allOf.length > 0) {
      const errors: ValidationError[] = [];
      for (const sch of s.allOf) {
        const e = this.validateSelf(sch, "");
        if (e !== null) errors.push(e);
      }
      if (errors.length > 0) this.addErrors(errors, "'allOf' failed");
    }
    if (s.anyOf !== undefined && s.anyOf.length > 0) {
      let matched = false;
      const errors: ValidationError[] = [];
      for (const sch of s.anyOf) {
        const e = this.validateSelf(sch, "");
        if (e !== null) errors.push(e);
        else {
          matched = true;
          if (unevalEmpty(this.uneval)) break;
        }
      }
      if (!matched) this.addErrors(errors, "'anyOf' failed");
    }
    if (s.oneOf !== undefined && s.oneOf.length > 0) {
      let matched = -1;
      const errors: ValidationError[] = [];
      for (const [i, sch] of s.oneOf.entries()) {
        const e = this.validateSelf(sch, "");
        if (e !== null) {
          if (matched === -1) errors.push(e);
        } else if (matched === -1) {
          matched = i;
        } else {
          this.addError(`'oneOf' failed, subschemas ${msgInt(matched)}, ${msgInt(i)} matched`);
          break;
        }
      }
      if (matched === -1) this.addErrors(errors, "'oneOf' failed, none matched");
    }
    if (s.ifS !== undefined) {
      if (this.validateSelf(s.ifS, "") === null) {
        if (s.thenS !== undefined) this.addErr(this.validateSelf(s.thenS, ""));
      } else if (s.elseS !== undefined) {
        this.addErr(this.validateSelf(s.elseS, ""));
      }
    }
  }

  private unevalValidate(): void {
    const s = this.sch;
    const v = this.v;
    if (v instanceof Map && s.unevaluatedProperties !== undefined) {
      const obj = v as Map<string, unknown>;
      for (const pname of [...(this.uneval.props ?? [])].sort(compareGoStrings)) {
        if (obj.has(pname)) this.addErr(this.validateVal(s.unevaluatedProperties, obj.get(pname), pname));
      }
      this.uneval.props = undefined;
    }
    if (Array.isArray(v) && s.unevaluatedItems !== undefined) {
      for (const i of [...(this.uneval.items ?? [])].sort((a, b) => a - b)) this.addErr(this.validateVal(s.unevaluatedItems, v[i], String(i)));
      this.uneval.items = undefined;
    }
  }

  private validateSelf(sch: Schema, refKw: string): ValidationError | null {
    const scp: Scope = { sch, refKeyword: refKw, vid: this.scp.vid, parent: this.scp };
    const sub = new Validator(this.v, this.vloc, sch, scp, unevalFrom(this.v, sch, !unevalEmpty(this.uneval)));
    const r = sub.validate();
    if (r.err === null) unevalMerge(this.uneval, r.uneval);
    return r.err;
  }

  private validateVal(sch: Schema, v: unknown, tok: string): ValidationError | null {
    const scp: Scope = { sch, refKeyword: "", vid: this.scp.vid + 1, parent: this.scp };
    return new Validator(v, [...this.vloc, tok], sch, scp, unevalFrom(v, sch, false)).validate().err;
  }

  private validateRef(sch: Schema, kw: string): ValidationError | null {
    const err = this.validateSelf(sch, kw);
    if (err === null) return null;
    return this.error("reference", "validation failed", err.kind === "group" ? err.causes : [err]);
  }

  private validateRefs(): void {
    const s = this.sch;
    if (s.recursiveRef !== undefined) {
      let sch = s.recursiveRef;
      if (sch.recursiveAnchor) {
        for (let scp: Scope | null = this.scp; scp !== null; scp = scp.parent) if (scp.sch.resource.recursiveAnchor) sch = scp.sch;
      }
      this.addErr(this.validateRef(sch, "$recursiveRef"));
    }
    if (s.dynamicRef !== undefined) {
      let sch = s.dynamicRef.ref;
      const anchor = s.dynamicRef.anchor;
      if (anchor !== "" && sch.dynamicAnchor === anchor) {
        for (let scp: Scope | null = this.scp; scp !== null; scp = scp.parent) {
          const d = scp.sch.resource.dynamicAnchors.get(anchor);
          if (d !== undefined) sch = d;
        }
      }
      this.addErr(this.validateRef(sch, "$dynamicRef"));
    }
  }
}

/** multipleOf with exact decimal arithmetic, as big.Rat does. */
function isMultiple(v: unknown, m: JsonNumber): boolean {
  const a = toRational(v instanceof GoInt ? v.value.toString() : v instanceof JsonNumber ? v.text : formatFloat(num(v), "g", -1));
  const b = toRational(m.text);
  if (a === undefined || b === undefined || b.n === 0n) return true;
  // (a.n/a.d) / (b.n/b.d) = a.n*b.d / (a.d*b.n)
  return (a.n * b.d) % (a.d * b.n) === 0n;
}

/** A decimal number's exact value as a fraction (for multipleOf). */
export function toRational(text: string): { n: bigint; d: bigint } | undefined {
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (m === null) return undefined;
  const frac = m[3] ?? "";
  let n = BigInt(`${m[1] ?? ""}${(m[2] ?? "") + frac || "0"}`);
  let d = 10n ** BigInt(frac.length);
  const exp = Number(m[4] ?? "0");
  if (exp > 0) n *= 10n ** BigInt(exp);
  else if (exp < 0) d *= 10n ** BigInt(-exp);
  return { n, d };
}

/**
 * v6's Schema.Validate: the error tree for `v` (in the template value
 * model), rooted at a "jsonschema validation failed with '<url>'" node, or
 * null when valid.
 */
export function validateWithSchema(root: Schema, v: unknown): ValidationError | null {
  const scp: Scope = { sch: root, refKeyword: "", vid: 0, parent: null };
  const r = new Validator(v, [], root, scp, unevalFrom(v, root, false)).validate();
  if (r.err === null) return null;
  const causes = r.err.kind === "group" ? r.err.causes : [r.err];
  return { loc: [], kind: "schema", message: `jsonschema validation failed with ${quote(`${root.location.replace(/#$/, "")}#`)}`, causes };
}
