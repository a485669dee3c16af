// Writes cases/dependencies.json: ProcessDependencies then CoalesceValues (schema validation skipped).
import { writeFileSync } from "node:fs";
import { chart, t } from "./tag.js";

const cases = [];
const add = (name, ch, vals) => cases.push({ name, chart: ch, vals: vals === undefined ? null : t(vals), skipSchema: true });
const dep = (name, extra = {}) => ({ name, version: extra.version ?? ">=0.0.0", ...extra });
const sub = (name, values, charts, extra) => chart(name, values, charts, extra);

// Conditions.
const condTop = (vals, deps) => chart("top", vals, [sub("a", { x: "a" }), sub("b", { x: "b" })], { dependencies: deps });
add("no conditions", condTop({}, [dep("a"), dep("b")]));
add("condition false", condTop({ a: { enabled: false } }, [dep("a", { condition: "a.enabled" }), dep("b")]));
add("condition true", condTop({ a: { enabled: true } }, [dep("a", { condition: "a.enabled" }), dep("b")]));
add("condition from user", condTop({ a: { enabled: true } }, [dep("a", { condition: "a.enabled" }), dep("b")]), { a: { enabled: false } });
add("condition missing path", condTop({}, [dep("a", { condition: "a.enabled" }), dep("b")]));
add("condition non-bool", condTop({ a: { enabled: "false" } }, [dep("a", { condition: "a.enabled" }), dep("b")]));
add("condition non-bool then bool", condTop({ a: { enabled: "no" }, off: false }, [dep("a", { condition: "a.enabled,off" }), dep("b")]));
add("condition first bool wins", condTop({ on: true, off: false }, [dep("a", { condition: "on,off" }), dep("b", { condition: "off,on" })]));
add("condition missing then bool", condTop({ off: false }, [dep("a", { condition: "nope.x, off" }), dep("b", { condition: "nope,off" })]));
add("condition with spaces", condTop({ off: false }, [dep("a", { condition: " off " }), dep("b", { condition: "off ," })]));
add("condition table", condTop({ a: { enabled: { x: 1 } } }, [dep("a", { condition: "a.enabled" }), dep("b")]));
add("condition global", condTop({ global: { a: false } }, [dep("a", { condition: "global.a" }), dep("b", { condition: "global.b" })]));
add("condition global from user", condTop({}, [dep("a", { condition: "global.a" }), dep("b")]), { global: { a: false } });
add("condition on sub-chart default", chart("top", {}, [sub("a", { enabled: false }), sub("b", {})], { dependencies: [dep("a", { condition: "a.enabled" }), dep("b")] }));
add("condition null user value", condTop({ a: { enabled: false } }, [dep("a", { condition: "a.enabled" }), dep("b")]), { a: { enabled: null } });
add("condition int64", condTop({}, [dep("a", { condition: "x" }), dep("b")]), { x: 0n });
add("empty condition parts", condTop({ off: false }, [dep("a", { condition: ",,off" }), dep("b", { condition: "," })]));

// Tags.
const tagTop = (vals, deps) => chart("top", vals, [sub("a", { x: "a" }), sub("b", { x: "b" }), sub("c", { x: "c" })], { dependencies: deps });
const tagDeps = [dep("a", { tags: ["fe"] }), dep("b", { tags: ["be", "fe"] }), dep("c", { tags: [] })];
add("tags absent", tagTop({}, tagDeps));
add("tags fe false", tagTop({ tags: { fe: false } }, tagDeps));
add("tags fe false be true", tagTop({ tags: { fe: false, be: true } }, tagDeps));
add("tags from user", tagTop({ tags: { fe: true } }, tagDeps), { tags: { fe: false } });
add("tags non-bool", tagTop({ tags: { fe: "false" } }, tagDeps));
add("tags not a table", tagTop({ tags: true }, tagDeps));
add("condition overrides tags", tagTop({ tags: { fe: false }, on: true }, [dep("a", { tags: ["fe"], condition: "on" }), dep("b", { tags: ["fe"] }), dep("c")]));
add("tag true, condition false", tagTop({ tags: { fe: true }, off: false }, [dep("a", { tags: ["fe"], condition: "off" }), dep("b", { tags: ["fe"] }), dep("c")]));

// Aliases.
const lib = sub("lib", { name: "lib", n: 1 });
add("alias", chart("top", { one: { n: 2 } }, [lib], { dependencies: [dep("lib", { alias: "one" })] }));
add("alias twice", chart("top", { one: { n: 2 }, two: { n: 3 } }, [lib], { dependencies: [dep("lib", { alias: "one" }), dep("lib", { alias: "two" })] }));
add("alias twice plus plain", chart("top", { one: { n: 2 } }, [lib], { dependencies: [dep("lib", { alias: "one" }), dep("lib"), dep("lib", { alias: "two" })] }));
add("alias with condition", chart("top", { one: { enabled: false }, two: { enabled: true } }, [lib], { dependencies: [dep("lib", { alias: "one", condition: "one.enabled" }), dep("lib", { alias: "two", condition: "two.enabled" })] }));
add("alias condition by original name", chart("top", { lib: { enabled: false } }, [lib], { dependencies: [dep("lib", { alias: "one", condition: "lib.enabled" })] }));
add("alias version mismatch", chart("top", {}, [lib], { dependencies: [dep("lib", { alias: "one", version: "^2.0.0" })] }));
add("version mismatch kept", chart("top", {}, [lib], { dependencies: [dep("lib", { version: "^2.0.0" })] }));
add("version mismatch disabled", chart("top", { lib: { enabled: false } }, [lib], { dependencies: [dep("lib", { version: "^2.0.0", condition: "lib.enabled" })] }));
add("empty version", chart("top", {}, [lib], { dependencies: [dep("lib", { version: "", alias: "x" })] }));
add("sub-chart not in Chart.yaml", chart("top", {}, [lib, sub("extra", { e: 1 })], { dependencies: [dep("lib", { alias: "one" })] }));
add("alias with nested sub-charts", chart("top", { one: { leaf: { v: 1 } } }, [sub("mid", { m: 1, leaf: { v: 0 } }, [sub("leaf", { v: "leaf" })], { dependencies: [dep("leaf", { condition: "leaf.enabled" })] })], {
  dependencies: [dep("mid", { alias: "one" }), dep("mid", { alias: "two" })],
}), { two: { leaf: { enabled: false } } });

// Nested sub-charts and conditions.
const nested = (topVals, midDeps) => chart("top", topVals, [sub("mid", { m: 1 }, [sub("leaf", { l: 1 }), sub("leaf2", { l: 2 })], { dependencies: midDeps })], { dependencies: [dep("mid")] });
add("nested condition false in parent", nested({ mid: { leaf: { enabled: false } } }, [dep("leaf", { condition: "leaf.enabled" }), dep("leaf2")]));
add("nested condition in mid defaults", chart("top", {}, [sub("mid", { leaf: { enabled: false } }, [sub("leaf", { l: 1 })], { dependencies: [dep("leaf", { condition: "leaf.enabled" })] })], { dependencies: [dep("mid")] }));
add("nested condition from user", nested({}, [dep("leaf", { condition: "leaf.enabled" }), dep("leaf2")]), { mid: { leaf: { enabled: false } } });
add("nested condition global", nested({ global: { leafOn: false } }, [dep("leaf", { condition: "global.leafOn" }), dep("leaf2")]));
add("nested tags from top", nested({ tags: { t: false } }, [dep("leaf", { tags: ["t"] }), dep("leaf2")]));
add("nested tags from mid", chart("top", {}, [sub("mid", { tags: { t: false } }, [sub("leaf", { l: 1 })], { dependencies: [dep("leaf", { tags: ["t"] })] })], { dependencies: [dep("mid")] }));
add("disabled parent removes subtree", chart("top", { mid: { enabled: false } }, [sub("mid", {}, [sub("leaf", {})], { dependencies: [dep("leaf")] })], { dependencies: [dep("mid", { condition: "mid.enabled" })] }));

// Import values.
const exporter = sub("child", { exports: { data: { a: 1, nested: { b: 2 } }, other: { c: 3 } }, plain: { d: 4, deep: { e: 5 } }, s: "str" });
add("import exports", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: ["data"] })] }));
add("import exports twice", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: ["data", "other"] })] }));
add("import exports missing", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: ["nope"] })] }));
add("import child/parent", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain", parent: "fromChild" }] })] }));
add("import child/parent deep", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain.deep", parent: "x.y" }] })] }));
add("import to root", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain", parent: "." }] })] }));
add("import parent values win", chart("top", { fromChild: { d: "parent" }, a: "parent" }, [exporter], { dependencies: [dep("child", { importValues: ["data", { child: "plain", parent: "fromChild" }] })] }));
add("import user values win", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: ["data"] })] }), { a: "user", nested: { b: null } });
add("import scalar child", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "s", parent: "x" }] })] }));
add("import missing fields", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain" }, { parent: "p" }, 5] })] }));
add("import from aliased", chart("top", {}, [exporter], { dependencies: [dep("child", { alias: "kid", importValues: ["data", { child: "plain", parent: "k" }] })] }));
add("import from disabled", chart("top", { child: { enabled: false } }, [exporter], { dependencies: [dep("child", { condition: "child.enabled", importValues: ["data"] })] }));
add("import nested chain", chart("top", {}, [sub("mid", {}, [sub("leaf", { exports: { lv: { leafVal: 1 } } })], { dependencies: [dep("leaf", { importValues: ["lv"] })] })], {
  dependencies: [dep("mid", { importValues: [{ child: "leafVal", parent: "got" }, { child: ".", parent: "midAll" }] })],
}));
add("import with null in child", chart("top", { keep: 1 }, [sub("child", { exports: { data: { a: null, b: 1 } }, n: null })], { dependencies: [dep("child", { importValues: ["data"] })] }));
add("import user override of child", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain", parent: "p" }] })] }), { child: { plain: { d: "user" } } });
add("import overlapping", chart("top", {}, [exporter], { dependencies: [dep("child", { importValues: [{ child: "plain", parent: "p" }, { child: "plain.deep", parent: "p" }] })] }));

// Globals across dependency processing.
add("globals through processed deps", chart("top", { global: { g: 1 } }, [sub("a", { global: { a: 1 } }, [sub("aa", { global: { aa: 1 } })], { dependencies: [dep("aa")] })], { dependencies: [dep("a", { alias: "x" })] }), { global: { u: 1 } });
add("type mismatch with deps", condTop({}, [dep("a"), dep("b")]), { a: "str" });
add("type mismatch without deps", chart("top", {}, [sub("a", {})]), { a: "str" });


// Schema validation across the tree (ToRenderValuesWithSchemaValidation).
const addS = (name, ch, vals) => cases.push({ name, chart: ch, vals: vals === undefined ? null : t(vals) });
const strSchema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
addS("schema ok", chart("top", { name: "x", sub: { name: "y" } }, [sub("sub", {}, [], { schema: strSchema })], { schema: strSchema }));
addS("schema fails top", chart("top", { name: 1 }, [], { schema: strSchema }));
addS("schema fails top and sub", chart("top", { name: 1 }, [sub("sub", { name: 2 }, [], { schema: strSchema })], { schema: strSchema }));
addS("schema fails sub only", chart("top", { name: "ok" }, [sub("sub", {}, [], { schema: strSchema })], { schema: strSchema }));
addS("schema user fixes sub", chart("top", {}, [sub("sub", {}, [], { schema: strSchema })]), { sub: { name: "u" } });
addS("schema user breaks sub", chart("top", {}, [sub("sub", { name: "d" }, [], { schema: strSchema })]), { sub: { name: 5 } });
addS("schema of disabled sub skipped", chart("top", { sub: { enabled: false } }, [sub("sub", {}, [], { schema: strSchema })], { dependencies: [dep("sub", { condition: "sub.enabled" })] }));
addS("schema of aliased subs", chart("top", { one: { name: "ok" } }, [sub("lib", {}, [], { schema: strSchema })], { dependencies: [dep("lib", { alias: "one" }), dep("lib", { alias: "two" })] }));
addS("schema nested", chart("top", {}, [sub("mid", {}, [sub("leaf", { name: 1 }, [], { schema: strSchema })], { schema: { type: "object" } })]));
addS("schema sees globals", chart("top", { global: { env: 5 } }, [sub("sub", {}, [], { schema: { type: "object", properties: { global: { type: "object", properties: { env: { type: "string" } } } } } })]));
addS("schema compile error in sub", chart("top", {}, [sub("sub", {}, [], { schema: "{not json" })]));
addS("schema compile error and failure", chart("top", { name: 1 }, [sub("sub", {}, [], { schema: "{not json" })], { schema: strSchema }));
addS("schema draft-07 in sub", chart("top", {}, [sub("sub", { url: "nope" }, [], { schema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { url: { type: "string", format: "uri" } } } })]));

writeFileSync(process.argv[2], JSON.stringify(cases, null, 1) + "\n");
console.log(cases.length);
