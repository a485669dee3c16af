/**
 * values.schema.json validation as Helm 4 does it
 * (pkg/chart/common/util/jsonschema.go): the coalesced values of the chart
 * and of every sub-chart (its values scoped under its name) are checked
 * against that chart's schema, and failures are reported as
 *
 *     values don't meet the specifications of the schema(s) in the following chart(s):
 *     <chart>:
 *     - at '/path': <message>
 *
 * Helm 4 validates with santhosh-tekuri/jsonschema v6: `$schema` selects
 * draft-04, -06, -07, 2019-09 or 2020-12, and a schema without `$schema` is
 * read as 2020-12; `format` is asserted only for drafts before 2019-09.
 *
 * Validity is decided by Ajv (configured to read schemas as v6 does: the
 * draft's class, Go's RE2 regular expressions, v6's formats, exact
 * multipleOf, and $ref siblings ignored before 2019-09); the error text is
 * built by a port of v6's reporting (schema-validator.ts).
 */
import { Ajv, type AnySchema, type AnySchemaObject, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as AjvDraft04 from "ajv-draft-04";
import { createRequire } from "node:module";
import type { Chart } from "../chart/types.ts";
import { compile as compileRe2, matchString } from "../funcs/re2.ts";
import { fromUtf8, goTypeName, GoInt, utf8 } from "../../template/index.ts";
import { jsonSyntaxError } from "../format/index.ts";
import { TextCache } from "../../template/text-cache.ts";
import { ValuesError } from "./errors.ts";
import { FORMATS } from "./schema-formats.ts";
import {
  Compiler,
  displayError,
  draftFromURL,
  DRAFT_URLS,
  JsonNumber,
  jsonPtr,
  parseJsonKeepNumbers,
  quote,
  type Schema,
  SchemaCompileError,
  toRational,
  validateWithSchema,
} from "./schema-validator.ts";

const SCHEMA_URL = "file:///values.schema.json";
const PREFIX = `jsonschema validation failed with '${SCHEMA_URL}#'\n`;

type Draft = 4 | 6 | 7 | 2019 | 2020;

// ---------------------------------------------------------------------------
// Reading the schema document.

/** jsonschema.UnmarshalJSON: the document (numbers kept as written) or Go's error text. */
function unmarshalSchema(bytes: Uint8Array): { doc: unknown; json: unknown } | { err: string } {
  const syntax = jsonSyntaxError(bytes);
  const text = fromUtf8(bytes);
  if (syntax !== undefined) {
    if (syntax === "unexpected end of JSON input") return { err: /^[ \t\r\n]*$/.test(text) ? "EOF" : "unexpected EOF" };
    if (syntax.endsWith(" after top-level value")) return { err: "invalid character after top-level value" };
    const probe = jsonSyntaxError(utf8(`${text}\u0001`));
    return { err: probe?.startsWith("invalid character '\\x01'") === true ? "unexpected EOF" : syntax };
  }
  return { doc: parseJsonKeepNumbers(text), json: JSON.parse(text) as unknown };
}

// ---------------------------------------------------------------------------
// Meta-schemas (for v6's check of the schema itself).

const require = createRequire(import.meta.url);

let metaDocsCache: { url: string; doc: unknown; draft: Draft }[] | undefined;

/** The meta-schema documents (parsed once; compilers do not modify documents). */
function metaDocs(): { url: string; doc: unknown; draft: Draft }[] {
  metaDocsCache ??= loadMetaDocs();
  return metaDocsCache;
}

function loadMetaDocs(): { url: string; doc: unknown; draft: Draft }[] {
  const load = (p: string): unknown => parseJsonKeepNumbers(JSON.stringify(require(p)));
  const docs: { url: string; doc: unknown; draft: Draft }[] = [
    { url: DRAFT_URLS[4], doc: load("ajv-draft-04/dist/refs/json-schema-draft-04.json"), draft: 4 },
    { url: DRAFT_URLS[6], doc: load("ajv/dist/refs/json-schema-draft-06.json"), draft: 6 },
    { url: DRAFT_URLS[7], doc: load("ajv/dist/refs/json-schema-draft-07.json"), draft: 7 },
    { url: DRAFT_URLS[2019], doc: load("ajv/dist/refs/json-schema-2019-09/schema.json"), draft: 2019 },
    { url: DRAFT_URLS[2020], doc: load("ajv/dist/refs/json-schema-2020-12/schema.json"), draft: 2020 },
  ];
  for (const v of ["applicator", "content", "core", "format", "meta-data", "validation"]) {
    docs.push({ url: `https://json-schema.org/draft/2019-09/meta/${v}`, doc: load(`ajv/dist/refs/json-schema-2019-09/meta/${v}.json`), draft: 2019 });
  }
  for (const v of ["applicator", "content", "core", "format-annotation", "meta-data", "unevaluated", "validation"]) {
    docs.push({ url: `https://json-schema.org/draft/2020-12/meta/${v}`, doc: load(`ajv/dist/refs/json-schema-2020-12/meta/${v}.json`), draft: 2020 });
  }
  for (const m of docs) {
    if (m.doc instanceof Map) {
      m.doc.delete("$schema");
      for (const k of ["$id", "id"]) if (typeof m.doc.get(k) === "string") m.doc.set(k, m.url);
    }
  }
  return docs;
}

/** Registers the meta-schemas in a compiler (removing their ids' trailing "#"). */
function addMetaSchemas(c: Compiler): void {
  for (const m of metaDocs()) c.addDocument(m.url, m.doc, m.draft);
}

let metaCompiler: Compiler | undefined;

/** v6 checks every schema against its draft's meta-schema (formats asserted): the error text, or undefined. */
function metaValidate(doc: unknown, draft: Draft): string | undefined {
  if (metaCompiler === undefined) {
    metaCompiler = new Compiler({ assertFormat: true });
    addMetaSchemas(metaCompiler);
    metaCompiler.prepareDynamicAnchors();
  }
  const meta = metaCompiler.schemaAt(DRAFT_URLS[draft]);
  const err = validateWithSchema(meta, doc);
  if (err === null) return undefined;
  err.message = `jsonschema validation failed with ${quote(`${DRAFT_URLS[draft]}#`)}`;
  return `${JSON.stringify(`${SCHEMA_URL}#`)} is not valid against metaschema: ${displayError(err)}`;
}

// ---------------------------------------------------------------------------
// Ajv.

/** Go's RE2 for Ajv's pattern and patternProperties. */
const re2Engine = Object.assign(
  (pattern: string): { test: (s: string) => boolean; toString: () => string } => {
    const re = compileRe2(pattern);
    return { test: (s: string) => matchString(re, s), toString: () => pattern };
  },
  { code: "re2" },
);


function shortest(n: number): string {
  return String(n).replace(/e\+?/, "e");
}

/** multipleOf on exact decimals (v6 uses big.Rat). */
function isMultipleOf(schema: number, data: number): boolean {
  const a = toRational(shortest(data));
  const b = toRational(shortest(schema));
  if (a === undefined || b === undefined || b.n === 0n) return true;
  return (a.n * b.d) % (a.d * b.n) === 0n;
}

function newAjv(draft: Draft): Ajv {
  const opts: Options = {
    allErrors: false,
    strict: false,
    logger: false,
    validateFormats: draft < 2019,
    code: { regExp: re2Engine },
  };
  let ajv: Ajv;
  switch (draft) {
    case 4:
      ajv = new AjvDraft04.default.default(opts);
      break;
    case 6:
      ajv = new Ajv(opts);
      ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as AnySchemaObject);
      break;
    case 7:
      ajv = new Ajv(opts);
      break;
    case 2019:
      ajv = new Ajv2019(opts);
      break;
    default:
      ajv = new Ajv2020(opts);
      break;
  }
  if (draft < 2019) {
    for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, { type: "string", validate: (s: string) => check(s) === undefined });
  }
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    validate: (schema: number, data: number) => isMultipleOf(schema, data),
  });
  return ajv;
}

const SUBSCHEMA_KEYS = new Set([
  "properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies",
  "allOf", "anyOf", "oneOf", "prefixItems", "items", "additionalProperties", "additionalItems", "contains",
  "not", "if", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems",
]);

/**
 * The schema as Ajv should read it to agree with v6: before 2019-09 a
 * schema with $ref is only its $ref and const (v6 ignores the rest), and
 * $schema is dropped (the Ajv class already is the draft).
 */
function forAjv(node: unknown, draft: Draft, top = true): unknown {
  if (Array.isArray(node)) return node.map((x) => forAjv(x, draft, false));
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const refOnly = draft < 2019 && typeof obj["$ref"] === "string";
  for (const [k, v] of Object.entries(obj)) {
    if (k === "$schema" && top) continue;
    if (!keywordInDraft(k, draft)) continue;
    if (refOnly && !["$ref", "const", "definitions", "$defs", "$id", "id"].includes(k)) continue;
    if (!SUBSCHEMA_KEYS.has(k) && k !== "definitions" && k !== "$defs") {
      out[k] = v;
      continue;
    }
    if (["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"].includes(k) && v !== null && typeof v === "object" && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, s]) => [p, Array.isArray(s) ? s : forAjv(s, draft, false)]));
    } else {
      out[k] = forAjv(v, draft, false);
    }
  }
  return out;
}

const NOT_BEFORE_2019 = new Set(["dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "prefixItems", "minContains", "maxContains", "$anchor", "$recursiveRef", "$recursiveAnchor", "$dynamicRef", "$dynamicAnchor"]);
const NOT_IN_04 = new Set(["const", "contains", "propertyNames", "if", "then", "else"]);

/** Whether v6 reads a keyword in a draft (Ajv's classes accept some keywords of later drafts). */
function keywordInDraft(k: string, draft: Draft): boolean {
  if (draft < 2019 && NOT_BEFORE_2019.has(k)) return false;
  if (draft === 4 && NOT_IN_04.has(k)) return false;
  if (draft === 6 && (k === "if" || k === "then" || k === "else")) return false;
  return true;
}

/** Compiled validators by draft and schema text; one Ajv instance per draft holds them (both dropped together when full). */
const ajvCache = new Map<string, ValidateFunction | Error>();
const ajvInstances = new Map<Draft, Ajv>();

function ajvValidator(text: string, json: unknown, draft: Draft): ValidateFunction | Error {
  const key = `${draft}\u0000${text}`;
  let v = ajvCache.get(key);
  if (v === undefined) {
    if (ajvCache.size >= 200) {
      ajvCache.clear();
      ajvInstances.clear();
    }
    const schema = forAjv(json, draft) as AnySchema;
    let ajv = ajvInstances.get(draft);
    if (ajv === undefined) {
      ajv = newAjv(draft);
      ajvInstances.set(draft, ajv);
    }
    try {
      v = ajv.compile(schema);
    } catch {
      // e.g. an $id another chart's schema already used: compile alone.
      try {
        v = newAjv(draft).compile(schema);
      } catch (e) {
        v = e instanceof Error ? e : new Error(String(e));
      }
    }
    ajvCache.set(key, v);
  }
  return v;
}

/** Values in the template model as JSON for Ajv (maps become null-prototype objects). */
function toJson(v: unknown): unknown {
  if (v instanceof Map) {
    const o = Object.create(null) as Record<string, unknown>;
    for (const [k, x] of v as Map<string, unknown>) o[k] = toJson(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof GoInt) return Number(v.value);
  return v;
}

/** Ajv's errors in v6's layout, for the rare case the v6 port finds nothing to report. */
function ajvErrorsText(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `- at ${quote(jsonPtr(e.instancePath.split("/").slice(1).map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"))))}: ${e.message ?? e.keyword}`).join("\n");
}

// ---------------------------------------------------------------------------
// Helm's API.

/** A schema read, checked against its meta-schema and compiled; or the error text doing so gave. */
type PreparedSchema = { err: string } | { root: Schema; json: unknown; draft: Draft };

/** Prepared schemas by their bytes (as latin1 text): charts are validated again and again with the same schema. */
const preparedSchemas = new TextCache<PreparedSchema>(256, 8 * 1024 * 1024);

function prepareSchema(schemaJSON: Uint8Array): PreparedSchema {
  const u = unmarshalSchema(schemaJSON);
  if ("err" in u) return { err: u.err };
  let draft: Draft = 2020;
  if (u.doc instanceof Map) {
    const s = (u.doc as Map<string, unknown>).get("$schema");
    if (typeof s === "string") {
      const d = draftFromURL(s);
      if (d === undefined) return { err: `failing loading ${JSON.stringify(s.split("#")[0])}: meta-schemas other than the JSON Schema drafts cannot be loaded` };
      draft = d;
    }
  }
  const metaErr = metaValidate(u.doc, draft);
  if (metaErr !== undefined) return { err: metaErr };

  const compiler = new Compiler();
  try {
    addMetaSchemas(compiler);
    compiler.addDocument(SCHEMA_URL, u.doc, draft);
    compiler.prepareDynamicAnchors();
    return { root: compiler.schemaAt(`${SCHEMA_URL}#`), json: u.json, draft };
  } catch (e) {
    if (e instanceof SchemaCompileError) return { err: e.message };
    throw e;
  }
}

/**
 * ValidateAgainstSingleSchema: undefined when `values` meet the schema,
 * else the error text Helm prints under the chart's name (validation
 * errors end with a newline; errors reading or compiling the schema do not).
 */
export function validateAgainstSingleSchema(values: Map<string, unknown>, schemaJSON: Uint8Array): string | undefined {
  // Everything up to validating the values depends on the schema's bytes only.
  const key = Buffer.from(schemaJSON.buffer, schemaJSON.byteOffset, schemaJSON.byteLength).toString("latin1");
  let prepared = preparedSchemas.get(key);
  if (prepared === undefined) {
    prepared = prepareSchema(schemaJSON);
    preparedSchemas.set(key, prepared);
  }
  if ("err" in prepared) return prepared.err;
  const { root, json, draft } = prepared;
  const validate = ajvValidator(fromUtf8(schemaJSON), json, draft);
  if (validate instanceof Error) {
    // Ajv cannot read a schema v6 accepts: fall back on the v6 port alone.
    const err = validateWithSchema(root, values);
    return err === null ? undefined : `${displayError(err).slice(PREFIX.length)}\n`;
  }
  if (validate(toJson(values))) return undefined;
  const err = validateWithSchema(root, values);
  if (err === null) return `${ajvErrorsText(validate.errors ?? [])}\n`;
  const text = displayError(err);
  return `${text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text}\n`;
}

/**
 * ValidateAgainstSchema: the report for the chart and its (enabled)
 * sub-charts, each sub-chart checked against its values under its name;
 * "" when everything is valid.
 */
export function validateAgainstSchema(chart: Chart, values: Map<string, unknown>): string {
  let sb = "";
  if (chart.schema !== null) {
    const err = validateAgainstSingleSchema(values, chart.schema);
    if (err !== undefined) sb += `${chart.metadata.name}:\n${err}`;
  }
  for (const sub of chart.dependencies) {
    const name = sub.metadata.name;
    if (!values.has(name)) continue;
    const raw = values.get(name);
    if (raw === null || raw === undefined) continue;
    if (!(raw instanceof Map)) {
      sb += `${name}:\ninvalid type for values: expected object (map), got ${goTypeName(raw)}\n`;
      continue;
    }
    sb += validateAgainstSchema(sub, raw as Map<string, unknown>);
  }
  return sb;
}

/**
 * Helm's schema check of ToRenderValuesWithSchemaValidation: throws
 * ValuesError("values don't meet the specifications of the schema(s) in
 * the following chart(s):\n…") when any chart's values fail its schema.
 */
export function validateValuesSchemas(chart: Chart, values: Map<string, unknown>): void {
  const sb = validateAgainstSchema(chart, values);
  if (sb.length > 0) throw new ValuesError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${sb}`);
}

export { JsonNumber };
