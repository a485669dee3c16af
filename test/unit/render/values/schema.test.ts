/**
 * values.schema.json validation against Helm 4.1.4
 * (ValidateAgainstSingleSchema with santhosh-tekuri/jsonschema v6):
 * cases/schema.json lists schemas (JSON text or a JSON value), values and
 * the error text Go produced. Go lists the errors of several properties of
 * one object in random map order, so sibling entries are compared as sets.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateAgainstSingleSchema } from "../../../../src/render/values/schema.ts";
import { msgFloat, msgInt } from "../../../../src/render/values/schema-validator.ts";
import { loadCases, undump, type Tagged } from "./helpers.ts";

interface Case {
  name: string;
  schema: unknown;
  values: Tagged;
  err?: string;
}

interface Node {
  line: string;
  children: Node[];
}

/** The error text as a tree of "- at …" entries with siblings sorted (Go's map order is random). */
export function canonical(text: string | undefined): string | undefined {
  if (text === undefined || !/^(- |.*\n- )/.test(text)) return text;
  const lines = text.split("\n");
  const head: string[] = [];
  while (lines.length > 0 && !/^ *- /.test(lines[0] ?? "")) head.push(lines.shift() ?? "");
  const root: Node = { line: "", children: [] };
  const stack: { node: Node; indent: number }[] = [{ node: root, indent: -1 }];
  for (const l of lines) {
    if (l === "") continue;
    const indent = (/^ */.exec(l)?.[0].length ?? 0) / 2;
    let line = l.trimStart();
    const add = /^(.*additional properties )(.*)( not allowed)$/.exec(line);
    if (add !== null) line = `${add[1] ?? ""}${(add[2] ?? "").split(", ").sort().join(", ")}${add[3] ?? ""}`;
    const node: Node = { line, children: [] };
    while ((stack.at(-1)?.indent ?? -1) >= indent) stack.pop();
    stack.at(-1)?.node.children.push(node);
    stack.push({ node, indent });
  }
  const render = (n: Node, depth: number): string[] => {
    const kids = n.children.map((c) => render(c, depth + 1).join("\n")).sort();
    return n.line === "" ? kids : [`${"  ".repeat(depth)}${n.line}`, ...kids];
  };
  return [...head, ...render(root, -1)].join("\n");
}

const cases = loadCases<Case>("schema");

for (const c of cases) {
  test(`schema: ${c.name}`, () => {
    const schema = typeof c.schema === "string" ? c.schema : JSON.stringify(c.schema);
    const values = undump(c.values) as Map<string, unknown>;
    const got = validateAgainstSingleSchema(values, new TextEncoder().encode(schema));
    assert.equal(canonical(got), canonical(c.err));
  });
}

test("golang.org/x/text number formatting", () => {
  assert.equal(msgInt(0), "0");
  assert.equal(msgInt(1000), "1,000");
  assert.equal(msgInt(-1234567), "-1,234,567");
  assert.equal(msgFloat(1000), "1,000");
  assert.equal(msgFloat(100000), "100,000");
  assert.equal(msgFloat(1234567), "1.234567×10⁰⁶");
  assert.equal(msgFloat(1234567.891), "1.234567891×10⁰⁶");
  assert.equal(msgFloat(0.5), "0.5");
  assert.equal(msgFloat(1e21), "1×10²¹");
  assert.equal(msgFloat(1e-7), "1×10⁻⁰⁷");
  assert.equal(msgFloat(-1234.5), "-1,234.5");
  assert.equal(msgFloat(12345.678901234), "12,345.678901234");
  assert.equal(msgFloat(999999.5), "999,999.5");
  assert.equal(msgFloat(Infinity), "∞");
});
