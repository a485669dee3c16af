// Writes cases/schema.json: ValidateAgainstSingleSchema on a schema (JSON text or object) and values.
import { writeFileSync } from "node:fs";
import { t } from "./tag.js";

const cases = [];
const add = (name, schema, values) => cases.push({ name, schema, values: t(values) });
const obj = (properties, extra = {}) => ({ type: "object", properties, ...extra });
const D7 = "http://json-schema.org/draft-07/schema#";
const D4 = "http://json-schema.org/draft-04/schema#";
const D6 = "http://json-schema.org/draft-06/schema#";
const D2019 = "https://json-schema.org/draft/2019-09/schema";
const D2020 = "https://json-schema.org/draft/2020-12/schema";

for (const [draft, tag] of [[undefined, "default"], [D7, "07"], [D4, "04"], [D6, "06"], [D2019, "2019"], [D2020, "2020"]]) {
  const s = (x) => (draft === undefined ? x : { $schema: draft, ...x });
  add(`${tag} valid`, s(obj({ a: { type: "string" } })), { a: "x" });
  add(`${tag} type`, s(obj({ a: { type: "string" }, b: { type: "integer" }, c: { type: ["string", "null"] }, d: { type: "boolean" }, e: { type: "array" }, f: { type: "object" }, g: { type: "null" } })), { a: 1, b: 1.5, c: 2, d: "true", e: {}, f: [], g: 0 });
  add(`${tag} integer ok`, s(obj({ b: { type: "integer" } })), { b: 3 });
  add(`${tag} int64 value`, s(obj({ b: { type: "string" } })), { b: 3n });
  add(`${tag} required`, s(obj({}, { required: ["x", "y", "z"] })), { y: 1 });
  add(`${tag} required one`, s(obj({}, { required: ["x"] })), {});
  add(`${tag} enum`, s(obj({ a: { enum: ["x", "y", 1, 2.5, true, null] }, b: { enum: ["only"] }, c: { enum: [[1], { k: 1 }, "s"] } })), { a: "z", b: "no", c: 5 });
  add(`${tag} enum ok`, s(obj({ a: { enum: ["x", 1] } })), { a: 1 });
  add(`${tag} min max`, s(obj({ a: { minimum: 5 }, b: { maximum: 1000 }, c: { minimum: 0.5 }, d: { maximum: -2.25 } })), { a: 1, b: 1000000, c: 0.25, d: 12345.5 });
  add(`${tag} strings`, s(obj({ a: { minLength: 3 }, b: { maxLength: 2 }, c: { pattern: "^[a-z]+$" }, d: { minLength: 2, maxLength: 1 } })), { a: "é", b: "héllo", c: "ABC's", d: "xyz" });
  add(`${tag} pattern RE2 syntax`, s(obj({ a: { pattern: "(?i)^abc$" }, b: { pattern: "^\\d{2}$" } })), { a: "ABD", b: "123" });
  add(`${tag} arrays`, s(obj({ a: { minItems: 2 }, b: { maxItems: 1 }, c: { uniqueItems: true }, d: { items: { type: "string" } } })), { a: [1], b: [1, 2], c: [1, "x", 1], d: ["ok", 2, "ok", false] });
  add(`${tag} additionalProperties false`, s(obj({ a: {} }, { additionalProperties: false })), { a: 1, zz: 2, b: 3 });
  add(`${tag} additionalProperties schema`, s(obj({ a: {} }, { additionalProperties: { type: "string" } })), { a: 1, b: 2, c: "x" });
  add(`${tag} patternProperties`, s(obj({}, { patternProperties: { "^x-": { type: "string" } }, additionalProperties: false })), { "x-a": 1, y: 2 });
  add(`${tag} nested group`, s(obj({ a: obj({ b: { type: "string" }, c: { type: "number" } }, { required: ["d"] }) })), { a: { b: 1, c: "s" } });
  add(`${tag} nested single`, s(obj({ a: obj({ b: obj({ c: { type: "string" } }) }) })), { a: { b: { c: 1 } } });
  add(`${tag} type stops other checks`, s(obj({ a: { type: "integer", minimum: 5, enum: [1, 2] } })), { a: 2.5 });
  add(`${tag} enum stops other checks`, s(obj({ a: { enum: ["a", "bb"], minLength: 2 } })), { a: "c" });
  add(`${tag} formats`, s(obj({ e: { format: "email" }, d: { format: "date" }, t: { format: "date-time" }, i: { format: "ipv4" }, h: { format: "hostname" }, u: { format: "uri" }, x: { format: "unknown-format" } })), { e: "nope", d: "2020-02-30", t: "2020-01-01 10:00:00", i: "1.2.3", h: "-bad", u: "relative/path", x: "whatever" });
  add(`${tag} anyOf`, s(obj({ a: { anyOf: [{ type: "string" }, { type: "integer", minimum: 5 }] } })), { a: 1 });
  add(`${tag} oneOf none`, s(obj({ a: { oneOf: [{ type: "string" }, { type: "boolean" }] } })), { a: 1 });
  add(`${tag} oneOf many`, s(obj({ a: { oneOf: [{ type: "number" }, { minimum: 0 }, { type: "string" }] } })), { a: 1 });
  add(`${tag} allOf`, s(obj({ a: { allOf: [{ type: "number" }, { minimum: 5 }, { maximum: 0 }] } })), { a: 1 });
  add(`${tag} not`, s(obj({ a: { not: { type: "string" } } })), { a: "s" });
  add(`${tag} refs`, s({ definitions: { s: { type: "string", minLength: 3 }, o: obj({ p: { type: "string" } }, { required: ["q"] }) }, ...obj({ a: { $ref: "#/definitions/s" }, b: { $ref: "#/definitions/s", maxLength: 1 }, c: { $ref: "#/definitions/o" }, d: { $ref: "#/definitions/o", type: "string" } }) }), { a: 1, b: "ab", c: { p: 1 }, d: { p: 2 } });
  add(`${tag} multipleOf`, s(obj({ a: { multipleOf: 0.1 }, b: { multipleOf: 3 }, c: { multipleOf: 0.01 } })), { a: 0.3, b: 10, c: 0.035 });
  add(`${tag} exclusive`, s(obj({ a: draft === D4 ? { minimum: 5, exclusiveMinimum: true } : { exclusiveMinimum: 5 }, b: draft === D4 ? { maximum: 5, exclusiveMaximum: true } : { exclusiveMaximum: 5 } })), { a: 5, b: 5 });
  add(`${tag} const`, s(obj({ a: { const: "k" }, b: { const: 1.50 }, c: { const: [1] } })), { a: "z", b: 2, c: [2] });
  add(`${tag} if then else`, s(obj({ a: { if: { type: "string" }, then: { minLength: 3 }, else: { type: "integer" } }, b: { if: { type: "string" }, then: { minLength: 3 }, else: { type: "integer" } } })), { a: "s", b: 1.5 });
  add(`${tag} dependencies`, s(obj({}, { dependencies: { a: ["b", "c"] }, dependentRequired: { x: ["y"] } })), { a: 1, x: 1 });
  add(`${tag} contains`, s(obj({ a: { contains: { type: "string" } } })), { a: [1, 2] });
  add(`${tag} min max properties`, s(obj({ a: { minProperties: 2 }, b: { maxProperties: 1 } })), { a: { x: 1 }, b: { x: 1, y: 2 } });
  add(`${tag} propertyNames`, s(obj({ a: { propertyNames: { pattern: "^[a-z]+$" } } })), { a: { ok: 1, "B-ad": 2 } });
  add(`${tag} boolean schemas`, s(obj({ a: false, b: true })), { a: 1, b: 2 });
  add(`${tag} root errors`, s({ type: "object", required: ["name"], additionalProperties: false, properties: { image: obj({ tag: { type: "string" } }) } }), { image: { tag: 1 }, extra: true });
  add(`${tag} items array form`, s(obj({ a: draft === D2020 || draft === undefined ? { prefixItems: [{ type: "string" }, { type: "number" }], items: false } : { items: [{ type: "string" }, { type: "number" }], additionalItems: false } })), { a: [1, "x", 3] });
  add(`${tag} big numbers`, s(obj({ a: { maximum: 1000000 }, b: { minimum: 1e21 }, c: { maximum: 0.000001 }, d: { minLength: 1000 } })), { a: 1234567.5, b: 5, c: 1, d: "x" });
  add(`${tag} unicode keys and pointer escapes`, s(obj({ "a/b": { type: "string" }, "c~d": { type: "string" }, "é'x": { type: "string" } })), { "a/b": 1, "c~d": 2, "é'x": 3 });
}

// 2019+ specifics.
add("2020 unevaluatedProperties", { allOf: [obj({ a: {} })], unevaluatedProperties: false }, { a: 1, b: 2 });
add("2020 dependentSchemas", { dependentSchemas: { a: { required: ["b"] } } }, { a: 1 });
add("2020 $defs ref with siblings", { $defs: { s: { type: "string" } }, ...obj({ a: { $ref: "#/$defs/s", minLength: 5 } }) }, { a: "abc" });
add("2020 minContains", obj({ a: { contains: { type: "string" }, minContains: 2, maxContains: 3 } }), { a: ["x", 1, 2] });
add("2020 maxContains", obj({ a: { contains: { type: "string" }, maxContains: 1 } }), { a: ["x", "y", 2] });
add("2020 anchor ref", { $defs: { s: { $anchor: "str", type: "string" } }, ...obj({ a: { $ref: "#str" } }) }, { a: 1 });
add("2020 $id ref", { $id: "https://example.com/root.json", $defs: { s: { $id: "s.json", type: "string" } }, ...obj({ a: { $ref: "s.json" } }) }, { a: 1 });
add("2020 recursive-ish ref", { $defs: { node: obj({ child: { $ref: "#/$defs/node" }, v: { type: "string" } }) }, $ref: "#/$defs/node" }, { child: { child: { v: 1 } }, v: 2 });

// Schema errors.
add("invalid json", "{bad json", {});
add("empty schema file", "", {});
add("trailing data", "{} {}", {});
add("truncated", "{\"type\": \"object\"", {});
add("bad type name", { type: "object", properties: { a: { type: "strin" } } }, {});
add("bad type name 07", { $schema: D7, type: "object", properties: { a: { type: "strin" } } }, {});
add("bad pattern", { type: "object", properties: { a: { pattern: "(" } } }, {});
add("bad pattern 07", { $schema: D7, type: "object", properties: { a: { pattern: "(" } } }, {});
add("bad type name 2019", { $schema: D2019, type: "object", properties: { a: { type: "strin" } } }, {});
add("bad type name 04", { $schema: D4, type: "object", properties: { a: { type: "strin" } } }, {});
add("bad type name 06", { $schema: D6, properties: { a: { minimum: "x" } } }, {});
add("bad nested 2019", { $schema: D2019, properties: { a: { items: { properties: { b: { required: "x" } } } } } }, {});
add("bad nested 2020", { properties: { a: { items: { properties: { b: { required: "x" } } } } } }, {});
add("bad format in schema 07", { $schema: D7, $id: "not a uri\\x" }, {});
add("urn ref is permissive", { type: "object", properties: { a: { $ref: "urn:example:thing" }, b: { type: "string" } } }, { a: 1, b: 2 });
add("unresolvable ref", { type: "object", properties: { a: { $ref: "#/definitions/nope" } } }, {});
add("minLength not integer", { type: "object", properties: { a: { minLength: "3" } } }, {});
add("required not array 07", { $schema: D7, required: "a" }, {});
add("true schema", true, { a: 1 });
add("false schema", false, { a: 1 });
add("empty object schema", {}, { a: 1 });
add("schema is array", [], {});

writeFileSync(process.argv[2], JSON.stringify(cases, null, 1) + "\n");
console.log(cases.length);
