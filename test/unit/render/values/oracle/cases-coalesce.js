// Writes cases/coalesce.json (CoalesceValues/MergeValues) and cases/tables.json (CoalesceTables/MergeTables).
import { writeFileSync } from "node:fs";
import { chart, t } from "./tag.js";

const cases = [];
const add = (name, ch, vals, fn = "coalesce") => {
  for (const f of fn === "both" ? ["coalesce", "merge"] : [fn]) cases.push({ name, fn: f, chart: ch, vals: vals === undefined ? null : t(vals) });
};

const base = { a: 1, s: "x", list: [1, 2], b: { c: 2, d: 3, e: { f: "g" } }, n: null };
add("no user values", chart("top", base), undefined, "both");
add("empty user values", chart("top", base), {}, "both");
add("chart without values", chart("top"), { a: 1 }, "both");
add("scalar override", chart("top", base), { a: 5, s: "y" }, "both");
add("list replaces", chart("top", base), { list: ["z"] }, "both");
add("map merges", chart("top", base), { b: { c: 9, x: 1 } }, "both");
add("deep map merges", chart("top", base), { b: { e: { h: 1 } } }, "both");
add("null deletes default", chart("top", base), { a: null, b: { c: null, e: { f: null } } }, "both");
add("null deletes whole table", chart("top", base), { b: null }, "both");
add("null for a key without default", chart("top", base), { zz: null, b: { zz: null } }, "both");
add("null default kept", chart("top", base), { n: 1 }, "both");
add("null default and null user", chart("top", base), { n: null }, "both");
add("default null nested", chart("top", { b: { c: null, d: 1 } }), { b: { d: 2 } }, "both");
add("default null nested, user sets", chart("top", { b: { c: null } }), { b: { c: { x: 1 } } }, "both");
add("scalar over table (top)", chart("top", base), { b: 5 }, "both");
add("table over scalar (top)", chart("top", base), { a: { x: 1 } }, "both");
add("list over table", chart("top", base), { b: [1] }, "both");
add("table over list", chart("top", base), { list: { x: 1 } }, "both");
add("scalar over table (nested)", chart("top", base), { b: { e: "s" } }, "both");
add("table over scalar (nested)", chart("top", base), { b: { c: { x: 1 } } }, "both");
add("table over null default nested", chart("top", { b: { c: null } }), { b: { c: { x: 1 } } }, "both");
add("int64 from --set", chart("top", base), { a: 3n, b: { c: 0n } }, "both");
add("empty table over table", chart("top", base), { b: {} }, "both");
add("empty default table", chart("top", { b: {} }), { b: { x: 1 } }, "both");

// Sub-charts.
const sub = chart("sub", { x: 1, y: { z: 2 }, global: { g: "sub", s: "only-sub" } });
const sub2 = chart("sub2", { k: "v" });
const parentVals = { p: 1, sub: { x: 10 }, global: { g: "parent", pg: { a: 1 } } };
add("sub-chart defaults", chart("top", parentVals, [sub, sub2]), undefined, "both");
add("user over sub-chart", chart("top", parentVals, [sub, sub2]), { sub: { x: 100, y: { w: 1 } }, sub2: { k: "u" } }, "both");
add("user null removes sub-chart default", chart("top", parentVals, [sub, sub2]), { sub: { x: null, y: { z: null } } }, "both");
add("user global", chart("top", parentVals, [sub, sub2]), { global: { g: "user", u: 1, pg: { b: 2 } } }, "both");
add("user global null", chart("top", parentVals, [sub, sub2]), { global: { g: null } }, "both");
add("global not a table (user)", chart("top", parentVals, [sub, sub2]), { global: "x" }, "both");
add("sub global not a table", chart("top", parentVals, [chart("sub", { global: 5 }), sub2]), {}, "both");
add("global map onto sub scalar", chart("top", { global: { m: { a: 1 } } }, [chart("sub", { global: { m: "s" } })]), {}, "both");
add("global scalar onto sub map", chart("top", { global: { m: "s" } }, [chart("sub", { global: { m: { a: 1 } } })]), {}, "both");
add("global nested tables", chart("top", { global: { a: { b: { c: 1 } } } }, [chart("sub", { global: { a: { b: { d: 2 }, e: 3 } } })]), {}, "both");
add("global nested tables with user", chart("top", { global: { a: { b: { c: 1 } } } }, [chart("sub", { global: { a: { b: { d: 2 }, e: 3 } } })]), { global: { a: { b: { c: 9, x: null } } } }, "both");
add("sub value scalar default in parent", chart("top", { sub: 5 }, [sub]), undefined, "both");
add("type mismatch: user string", chart("top", parentVals, [sub]), { sub: "str" }, "both");
add("type mismatch: user list", chart("top", parentVals, [sub]), { sub: [1] }, "both");
add("type mismatch: user bool", chart("top", parentVals, [sub]), { sub: true }, "both");
add("type mismatch: user int64", chart("top", parentVals, [sub]), { sub: 5n }, "both");
add("user null sub with parent default", chart("top", parentVals, [sub]), { sub: null }, "both");
add("user null sub without parent default", chart("top", { p: 1 }, [sub]), { sub: null }, "both");
add("parent default null for sub", chart("top", { sub: null }, [sub]), undefined, "both");
add("parent sets sub value null", chart("top", { sub: { x: null } }, [sub]), undefined, "both");
add("parent sets sub value null, user adds", chart("top", { sub: { x: null } }, [sub]), { sub: { q: 1 } }, "both");
add("user null for sub-chart key unknown to parent", chart("top", { sub: { a: 1 } }, [sub]), { sub: { zz: null } }, "both");
const deep = chart("top", { global: { g: 1 }, mid: { leaf: { v: "from-top" } } }, [
  chart("mid", { global: { m: 2 }, leaf: { w: "from-mid" }, own: 1 }, [chart("leaf", { v: "leaf", w: "leaf", global: { l: 3 } })]),
]);
add("nested sub-charts", deep, undefined, "both");
add("nested sub-charts with user", deep, { global: { g: 5 }, mid: { leaf: { v: null, w: "user" } } }, "both");
add("sibling sub-charts share globals", chart("top", { global: { a: 1 } }, [chart("s1", { global: { b: 1 } }), chart("s2", { global: { a: 2 } })]), { global: { c: 3 } }, "both");
add("sub-chart named global", chart("top", { global: { a: 1 } }, [chart("global", { x: 1 })]), {}, "both");
add("sub-chart without values", chart("top", { sub: { a: 1 } }, [chart("sub")]), { sub: { b: 2 } }, "both");
add("parent value table for sub, sub default scalar", chart("top", { sub: { x: { deep: 1 } } }, [sub]), undefined, "both");
add("sub default table, parent scalar", chart("top", { sub: { y: 5 } }, [sub]), undefined, "both");

// CoalesceTables / MergeTables directly.
const tables = [];
const addT = (name, dst, src) => {
  for (const fn of ["coalesce", "merge"]) tables.push({ name, fn, dst: dst === undefined ? null : t(dst), src: src === undefined ? null : t(src) });
};
addT("nil src", { a: 1 }, undefined);
addT("nil dst", undefined, { a: 1 });
addT("disjoint", { a: 1 }, { b: 2 });
addT("dst wins", { a: 1, m: { x: 1 } }, { a: 2, m: { x: 2, y: 2 } });
addT("dst null over src value", { a: null, m: { x: null } }, { a: 1, m: { x: 1 } });
addT("dst null, src null", { a: null }, { a: null });
addT("dst null, src missing", { a: null }, { b: 1 });
addT("src null, dst missing", { b: 1 }, { a: null });
addT("table vs scalar", { a: { x: 1 }, b: 1 }, { a: 1, b: { y: 1 } });
addT("deep", { a: { b: { c: 1 } } }, { a: { b: { d: 2 }, e: 3 } });

writeFileSync(process.argv[2], JSON.stringify(cases, null, 1) + "\n");
writeFileSync(process.argv[3], JSON.stringify(tables, null, 1) + "\n");
console.log(cases.length, tables.length);
